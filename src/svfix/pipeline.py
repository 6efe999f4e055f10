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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .changes import Change, ChangeLog
from .config import Config
from .resources import Resources
from .resources.lexicon import Lexicon
from .text import encoding, layout
from .words.damage import STRIPPED_TEXT_RATE, OcrProfile, estimate, glyph_counts
from .words.foreign import foreign_occurrences
from .words.memo import WordMemo
from .words.profile import Profile, profile_counts
from .words.restore import restore_words
from .words.scan import MID_SENTENCE_CAPITALISED, OCR_WORDS, UNIT_AFTER_NUMBER

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
    paragraph breaks, so that memory stays bounded: a first pass counts the words
    (:func:`document_profiles`), the profiles are estimated over the whole document, and
    a second pass runs every stage block by block with them (:func:`fix_blocks`). A short
    text is fixed until a pass changes nothing (:data:`SETTLE_LENGTH`).
    """
    if not isinstance(text, str):
        raise TypeError(f"svfix works on str, not {type(text).__name__}; decode bytes with svfix.fix_bytes")
    # (start, end, the separator after it, never touched): offsets, not copies of the text
    blocks = block_bounds(text, STREAM_BLOCK)
    if len(blocks) == 1:
        engine = engine_for(lexicon)
        log = ChangeLog(text, explain)
        fixed, profile = _settled(text, config, engine, log)
        return fixed, log.changes(fixed) if explain else [], profile

    def pieces():
        return ((text[start:end], separator) for start, end, separator in blocks)

    profiles = document_profiles(pieces(), config, lexicon)
    outputs: list[str] = []
    changes: list[Change] = []
    for block, separator, block_changes in fix_blocks(pieces(), config, lexicon, explain, profiles):
        outputs.append(block)
        outputs.append(separator)
        changes.extend(block_changes)
    return "".join(outputs), changes, profiles[0]


def run_stream(
    pieces: Callable[[], Iterable[str]], config: Config, lexicon: Lexicon, explain: bool
) -> Iterator[tuple[str, list[Change]]]:
    """:func:`run` over a text that comes in pieces of any size (a file read a piece at a
    time): ``pieces()`` gives them, the same each time it is called. Yields the output in
    pieces, each with its changes (spans of the whole text) if ``explain``; their join is
    ``run``'s output for the joined text, byte for byte. A long text is read twice (its
    profiles first, then block by block): memory holds a block's work, not the text."""
    blocks = 0
    only = ""

    def counted() -> Iterator[tuple[str, str]]:
        nonlocal blocks, only
        for block, separator in cut_blocks(pieces(), STREAM_BLOCK):
            blocks += 1
            only = block if blocks == 1 else ""
            yield block, separator

    profiles = document_profiles(counted(), config, lexicon)
    if blocks <= 1:  # a short text: fixed whole, as run fixes it
        output, changes, _ = run(only, config, lexicon, explain)
        yield output, changes
        return
    for block, separator, changes in fix_blocks(cut_blocks(pieces(), STREAM_BLOCK), config, lexicon, explain,
                                                profiles):
        yield block + separator, changes


def cut_blocks(pieces: Iterable[str], size: int) -> Iterator[tuple[str, str]]:
    """The (block, separator) pairs of the text that ``pieces`` join to, cut where
    :func:`block_bounds` cuts the whole text (a cut looks at most ``size`` characters and
    a separator of two ahead: with more than that at hand, it falls where it would).

    >>> list(cut_blocks(["ett\\n", "\\ntvå\\n\\ntre"], 6))
    [('ett', '\\n\\n'), ('två', '\\n\\n'), ('tre', '')]
    """
    pending = ""
    for piece in pieces:
        pending += piece
        while len(pending) > size + 2:
            _, end, separator = block_bounds(pending, size)[0]
            yield pending[:end], separator
            pending = pending[end + len(separator):]
    for start, end, separator in block_bounds(pending, size):
        yield pending[start:end], separator


def document_profiles(
    blocks: Iterable[tuple[str, str]], config: Config, lexicon: Lexicon
) -> tuple[Profile | None, OcrProfile]:
    """The stripping and OCR profiles of a long text that comes as (block, separator)
    pairs, from its word counts: the first of a long text's two passes (:func:`run`).
    The encoding is repaired block by block only to count the words (layout, which only
    rejoins hyphenated words and drops page furniture, is left to the second pass: it
    changes too few words to move a profile, and is the dearer of the two)."""
    engine = engine_for(lexicon)
    tally = Tally()
    for block, _ in blocks:
        repaired = encoding.repair(block, config, engine.resources.known_word, ChangeLog(block, False))
        _count(repaired, config, lexicon, tally)
    stripping, ocr = _profiles(config, engine, tally)
    return (stripping if config.words else None), ocr


def fix_blocks(
    blocks: Iterable[tuple[str, str]], config: Config, lexicon: Lexicon, explain: bool,
    profiles: tuple[Profile | None, OcrProfile],
) -> Iterator[tuple[str, str, list[Change]]]:
    """Each (block, separator) of a long text fixed with the document's ``profiles``:
    (the block fixed, its separator, its changes as spans of the whole text if
    ``explain``). Memory holds one block's work at a time, never the document: a file
    can stream from disk to disk (:mod:`svfix.archive.batch.stream`)."""
    engine = engine_for(lexicon)
    resources = engine.resources
    profile, ocr = profiles
    model = resources.model(config.context)
    start = 0
    for block, separator in blocks:
        log = ChangeLog(block, explain)
        fixed = _character_stages(block, config, resources, log)
        if profile is not None:
            fixed = restore_words(fixed, config, lexicon, model, engine.memo, log, profile, ocr,
                                  _count(fixed, config, lexicon))
        changes = [dataclasses.replace(c, start=c.start + start, end=c.end + start) for c in log.changes(fixed)]
        yield fixed, separator, changes
        start += len(block) + len(separator)


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
    tally = Tally()
    cased = _count(text, config, lexicon, tally)
    profile, ocr = _profiles(config, engine, tally)
    model = resources.model(config.context)
    return restore_words(text, config, lexicon, model, engine.memo, log, profile, ocr, cased), profile


@dataclass
class Tally:
    """What a document's profiles are estimated from, counted block by block."""

    #: lowercase words, the likely names left out (the stripping profile's evidence)
    words: Counter[str] = field(default_factory=Counter)
    #: words as written (the OCR profile's)
    cased: Counter[str] = field(default_factory=Counter)
    #: the OCR table's glyphs (:func:`~svfix.words.damage.glyph_counts`)
    glyphs: Counter[str] = field(default_factory=Counter)
    #: occurrences of words as written where they are no evidence of OCR damage: beside
    #: another foreign word (a foreign phrase: ``lettres c et d``, ``it has been``), or a
    #: short word right after a number (a unit: ``16 md euro``, ``5 st``)
    phrased: Counter[str] = field(default_factory=Counter)
    #: occurrences of capitalised words after a lowercase word: mid-sentence, names
    named: Counter[str] = field(default_factory=Counter)


def _profiles(config: Config, engine: Engine, tally: Tally) -> tuple[Profile, OcrProfile]:
    """The document's stripping and OCR profiles, from its word and glyph counts."""
    stripping = profile_counts(tally.words, engine.lexicon)
    if not config.ocr:
        return stripping, OcrProfile()
    stripped = max(stripping.rates.values(), default=0.0) >= STRIPPED_TEXT_RATE
    ocr = estimate(tally.cased, engine.lexicon, engine.memo, tally.glyphs, stripped, tally.phrased, tally.named)
    if not ocr.unsure_or_damaged:  # a text that shows no OCR damage writes twins as correct text does
        stripping = stripping.without_correct_twins()
    return stripping, ocr


def _count(block: str, config: Config, lexicon: Lexicon, tally: Tally | None = None) -> Counter[str]:
    """The block's word counts (case kept), added to the document's ``tally`` if given."""
    if not config.words:
        return Counter()
    words = OCR_WORDS.findall(block)
    cased = Counter(words)
    if tally is None:
        return cased
    names = Counter(MID_SENTENCE_CAPITALISED.findall(block))
    phrased, english = foreign_occurrences(block, words, cased, lexicon)
    counts = tally.words
    for word, count in cased.items():
        count -= names.get(word, 0) + english.get(word, 0)
        if count > 0:
            key = word.lower()
            counts[word if key == word else key] += count  # a lowercase word: one string, not two
    if config.ocr:
        tally.cased.update(cased)
        tally.glyphs.update(glyph_counts(block))
        tally.phrased.update(UNIT_AFTER_NUMBER.findall(block))
        tally.phrased.update(phrased)
        tally.named.update(names)
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
