"""The pipeline: the one place that runs the stages, in the one direction data flows.

    read → encoding → layout → words (profile → candidates → decode) → rewrite

Each stage is a package with one job (:mod:`svfix.text`, :mod:`svfix.words`); only this
module runs them. Edits pass through a :class:`~svfix.changes.ChangeLog`, which maps
them to the original input when an explanation is asked for and costs nothing otherwise.

An :class:`Engine` binds the stages to one lexicon: its resources (language models,
compound analyser) and what the word stage has judged about word forms are kept from
one document to the next.
"""
from __future__ import annotations

import dataclasses
import weakref
from collections import Counter
from dataclasses import dataclass, field

from .changes import Change, ChangeLog
from .config import Config
from .resources import Resources
from .resources.lexicon import Lexicon
from .text import encoding, layout
from .words.channel import STRIPPED_TEXT_RATE, OcrProfile, estimate, glyph_counts
from .words.memo import WordMemo
from .words.profile import Profile, profile_counts
from .words.restore import restore_words
from .words.scan import MID_SENTENCE_CAPITALISED, OCR_WORDS

#: Texts longer than this stream through the pipeline in blocks of about this size.
STREAM_BLOCK = 500_000


@dataclass(frozen=True)
class FixResult:
    """What :func:`svfix.fix_and_explain` returns.

    ``text`` is the corrected text and ``changes`` the changes made, as spans of the
    original input ``original``. ``encoding`` names the encoding the input was decoded
    from (None for ``str`` input), ``profile`` the per-document estimates.
    """

    text: str
    changes: tuple[Change, ...]
    original: str
    profile: Profile | None = None
    encoding: str | None = None
    stages: tuple[str, ...] = field(default=())


class Engine:
    """The stages bound to one lexicon, with everything they keep between documents."""

    def __init__(self, lexicon: Lexicon):
        self.resources = Resources(lexicon)
        self.memo = WordMemo(self.resources.compounds)

    @property
    def lexicon(self) -> Lexicon:
        return self.resources.lexicon


#: One engine per lexicon, for as long as the lexicon lives.
_ENGINES: weakref.WeakKeyDictionary[Lexicon, Engine] = weakref.WeakKeyDictionary()


def engine_for(lexicon: Lexicon) -> Engine:
    """The engine of ``lexicon`` (made on first use)."""
    engine = _ENGINES.get(lexicon)
    if engine is None:
        engine = _ENGINES[lexicon] = Engine(lexicon)
    return engine


def run(text: str, config: Config, lexicon: Lexicon, explain: bool) -> tuple[str, list[Change], Profile | None]:
    """Run every enabled stage over ``text``; the changes are listed only if ``explain``.

    A long text streams through in blocks of about ``STREAM_BLOCK`` characters cut at
    paragraph breaks, so that memory stays bounded: a first pass repairs the encoding
    block by block only to count the words (layout, which only rejoins hyphenated words
    and drops page furniture, is left to the second pass: it changes too few words to
    move a profile, and is the dearer of the two), the profiles are estimated over the
    whole document, and a second pass runs every stage block by block with them. A short
    text is fixed until a pass changes nothing (:data:`SETTLE_LENGTH`).
    """
    if not isinstance(text, str):
        raise TypeError(f"svfix works on str, not {type(text).__name__}; decode bytes with svfix.fix_bytes")
    engine = engine_for(lexicon)
    resources = engine.resources
    # (start, end, the separator after it, never touched): offsets, not copies of the text
    blocks = block_bounds(text, STREAM_BLOCK)
    if len(blocks) == 1:
        log = ChangeLog(text, explain)
        fixed, profile = _settled(text, config, engine, log)
        return fixed, log.changes(fixed) if explain else [], profile
    counts: Counter[str] = Counter()
    ocr_counts: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    for start, end, _ in blocks:  # a long text: count only; the second pass does the character stages
        block = text[start:end]
        _count(encoding.repair(block, config, resources.known_word, ChangeLog(block, False)), config, counts,
               ocr_counts, chars)
    stripping, ocr = _profiles(config, engine, counts, ocr_counts, chars)
    profile = stripping if config.words else None
    model = resources.model(config.context)
    outputs: list[str] = []
    changes: list[Change] = []
    for start, end, separator in blocks:
        # second pass: memory holds one block's work at a time, not the document's
        block = text[start:end]
        log = ChangeLog(block, explain)
        block = _character_stages(block, config, resources, log)
        if profile is not None:
            block = restore_words(block, config, lexicon, model, engine.memo, log, profile, ocr, _count(block, config))
        outputs.append(block)
        outputs.append(separator)
        if explain:
            changes.extend(dataclasses.replace(c, start=c.start + start, end=c.end + start) for c in log.changes(block))
    return "".join(outputs), changes, profile


#: A text this short (a line, a sentence, a short paragraph) is fixed until a pass changes
#: nothing, in at most SETTLE_ROUNDS passes: its profiles rest on a few words, and the words
#: one pass repairs may move them (``ﬁAR`` → ``far`` makes ``oL`` look stripped), so that a
#: second ``fix`` would change it again. A longer text's profiles hardly move.
SETTLE_LENGTH = 2_000
SETTLE_ROUNDS = 3


def _settled(text: str, config: Config, engine: Engine, log: ChangeLog) -> tuple[str, Profile | None]:
    """``text`` (one block) through every stage, pass after pass while a short text changes."""
    profile = None
    for _ in range(SETTLE_ROUNDS if len(text) <= SETTLE_LENGTH else 1):
        before = text
        text, profile = _whole_pass(text, config, engine, log)
        if text == before:
            break
    return text, profile


def _whole_pass(text: str, config: Config, engine: Engine, log: ChangeLog) -> tuple[str, Profile | None]:
    """Every stage over one block: the profiles estimated from the block itself."""
    resources, lexicon = engine.resources, engine.lexicon
    text = _character_stages(text, config, resources, log)
    if not config.words:
        return text, None
    counts: Counter[str] = Counter()
    ocr_counts: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    cased = _count(text, config, counts, ocr_counts, chars)
    profile, ocr = _profiles(config, engine, counts, ocr_counts, chars)
    model = resources.model(config.context)
    return restore_words(text, config, lexicon, model, engine.memo, log, profile, ocr, cased), profile


def _profiles(
    config: Config, engine: Engine, counts: Counter[str], ocr_counts: Counter[str], chars: Counter[str]
) -> tuple[Profile, OcrProfile]:
    """The document's stripping and OCR profiles, from its word and glyph counts."""
    stripping = profile_counts(counts, engine.lexicon)
    if not config.ocr:
        return stripping, OcrProfile()
    stripped = max(stripping.rates.values(), default=0.0) >= STRIPPED_TEXT_RATE
    return stripping, estimate(ocr_counts, engine.lexicon, engine.memo, chars, stripped)


def _count(
    block: str,
    config: Config,
    counts: Counter[str] | None = None,
    ocr_counts: Counter[str] | None = None,
    chars: Counter[str] | None = None,
) -> Counter[str]:
    """The block's word counts (case kept), added to the document's totals if given."""
    if not config.words:
        return Counter()
    cased = Counter(OCR_WORDS.findall(block))
    if counts is not None:  # the profile's evidence: not the likely names
        names = Counter(MID_SENTENCE_CAPITALISED.findall(block))
        for word, count in cased.items():
            count -= names.get(word, 0)
            if count > 0:
                key = word.lower()
                counts[word if key == word else key] += count  # a lowercase word: one string, not two
    if config.ocr and ocr_counts is not None and chars is not None:
        ocr_counts.update(cased)
        chars.update(glyph_counts(block))
    return cased


def _character_stages(text: str, config: Config, resources: Resources, log: ChangeLog) -> str:
    """The stages that work on characters and lines, before words are looked at."""
    text = encoding.repair(text, config, resources.known_word, log)
    return layout.repair(text, config, resources, log)


def split_blocks(text: str, size: int) -> list[tuple[int, str, str]]:
    """``text`` cut into (offset, block, separator) pieces: :func:`block_bounds`, sliced.

    >>> split_blocks("ett\\n\\ntvå\\n\\ntre", 6)
    [(0, 'ett', '\\n\\n'), (5, 'två', '\\n\\n'), (10, 'tre', '')]
    """
    return [(start, text[start:end], separator) for start, end, separator in block_bounds(text, size)]


def block_bounds(text: str, size: int) -> list[tuple[int, int, str]]:
    """``text`` cut into (start, end, separator) pieces of about ``size`` characters, at
    paragraph breaks where there are any, else at line breaks, else at spaces. The
    separator between two blocks belongs to neither: no stage sees it, so a cut never
    changes a character (a block's last space is not a trailing space to remove).
    Offsets, not copies: a long document is not held twice.

    >>> block_bounds("ett\\n\\ntvå\\n\\ntre", 6)
    [(0, 3, '\\n\\n'), (5, 8, '\\n\\n'), (10, 13, '')]
    >>> split_blocks("ord ord ord", 5)
    [(0, 'ord', ' '), (4, 'ord', ' '), (8, 'ord', '')]
    """
    if len(text) <= size:
        return [(0, len(text), "")]
    blocks = []
    start = 0
    while len(text) - start > size:
        cut, separator = -1, ""
        for separator in ("\n\n", "\n", " "):
            cut = text.rfind(separator, start + size // 2, start + size)
            if cut >= 0:
                break
        if cut < 0:  # no separator at all (one enormous word): cut it, touching nothing
            cut, separator = start + size, ""
        blocks.append((start, cut, separator))
        start = cut + len(separator)
    blocks.append((start, len(text), ""))
    return blocks
