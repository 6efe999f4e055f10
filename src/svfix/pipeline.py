"""The pipeline: the one place that runs the stages, in the one direction data flows.

    read → encoding → layout → words → profile → candidates → decode → rewrite

Each stage is a module with one job; only this module imports the stages. Edits pass
through a :class:`~svfix.changes.ChangeLog`, which maps them to the original input when
an explanation is asked for and costs nothing otherwise.

Clean text takes a fast path: the word scan and the document profile are cheap, and
only words that could change are looked at in their context (their line is tokenized
then, and only then).
"""
from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate, compress, islice
from operator import itemgetter

from . import encoding, layout
from .candidates import (
    OCR,
    Candidate,
    Slot,
    compound_candidates,
    diacritic_candidates,
    keep_candidate,
    ocr_candidates,
)
from .changes import Change, ChangeLog, Edit, replace_spans
from .channel import OcrProfile, estimate, glyph_counts
from .compounds import analyse
from .config import Config
from .decode import LanguageModel, confidence_of, decode_island
from .lexicon import Lexicon, skeleton
from .lm import SENTENCE_END, SENTENCE_START, BigramModel, UnigramModel
from .profile import Profile, classify, profile_counts
from .protect import (
    ENGLISH_NEIGHBOURS,
    ENGLISH_WINDOW,
    LineContext,
    WordContext,
    chunk_bounds,
    in_english,
    is_abbreviation_chunk,
    is_hyphen_fragment,
    is_plain_chunk,
    may_prefix_reference,
    name_context,
    starts_sentence,
)
from .tokens import REGISTRY_PREFIXES, token_key, tokenize

#: Letter runs (the words) and digit runs (numbers, which the language model sees as
#: ``<num>``). Other characters split them; the tokenizer, run on a word's line when
#: needed, decides what a word really is.
SCAN = re.compile(
    r"(?:[^\W\d_]|[\[|\d](?=[^\W\d_]{2}))[^\W_]*(?:[\[|][^\W\d_][^\W_]*)*|\d+"
)
_SCAN_SPLIT = re.compile(f"({SCAN.pattern})")
#: The same words without the digit runs alone (their counts feed the profiles).
OCR_WORDS = re.compile(r"(?:[^\W\d_]|[\[|\d](?=[^\W\d_]{2}))[^\W_]*(?:[\[|][^\W\d_][^\W_]*)*")
#: Where sentences end for the language model: . ! ? ; : before a space, a blank line.
SENTENCE_BREAK = re.compile(r"[.!?;:](?=\s)|\n[^\S\n]*\n")
#: An acronym glued to a lowercase word: OCR lost the hyphen (CEMRdeklarationen).
LOST_HYPHEN = re.compile(r"([A-ZÅÄÖ]{2,})([a-zåäöé]{4,})")
LOST_HYPHEN_CONFIDENCE = 0.95
#: A split word is joined only when the joined word is at least this frequent (zipf).
JOIN_ZIPF = 3.0
#: ln of the chance that OCR splits a word in two at one place.
LOG_SPLIT_RATE = math.log(0.01)
#: When fewer than one word in SPARSE_SHARE could change, only the stretches around
#: those words (REGION characters each side) are scanned and decoded.
SPARSE_SHARE = 20
REGION = 300
#: A candidate trailing by more than this (nats, without context) cannot win in any
#: context: bigram context rarely moves a word by more than a few nats.
CONTEXT_SLACK = 8.0
#: A change the word stages decided on: (start, end, the candidate chosen, confidence).
_Choice = tuple[int, int, Candidate, float]
#: Texts longer than this stream through the pipeline in blocks of about this size.
STREAM_BLOCK = 500_000
#: Classified words remembered per lexicon before the memo is cleared.
MEMO_LIMIT = 400_000


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


def run(text: str, config: Config, lexicon: Lexicon, explain: bool) -> tuple[str, list[Change], Profile | None]:
    """Run every enabled stage over ``text``; the changes are listed only if ``explain``.

    A long text streams through in blocks of about ``STREAM_BLOCK`` characters cut at
    paragraph breaks, so that memory stays bounded: a first pass repairs the encoding
    block by block only to count the words (layout, which only rejoins hyphenated words
    and drops page furniture, is left to the second pass: it changes too few words to
    move a profile, and is the dearer of the two), the profiles are estimated over the
    whole document, and a second pass runs every stage block by block with them.
    """
    if not isinstance(text, str):
        raise TypeError(f"svfix works on str, not {type(text).__name__}; decode bytes with svfix.fix_bytes")
    blocks = split_blocks(text, STREAM_BLOCK)
    counts: Counter[str] = Counter()
    ocr_counts: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    prepared: list[tuple[ChangeLog, str, Counter[str]]] = []
    for _, block in blocks:
        log = ChangeLog(block, explain)
        if len(blocks) == 1:
            block = _character_stages(block, config, lexicon, log)
            prepared.append((log, block, _count(block, config, counts, ocr_counts, chars)))
        else:  # a long text: count only; the second pass does the character stages
            _count(encoding.repair(block, config, _known_word(lexicon), log), config, counts, ocr_counts, chars)
    profile = profile_counts(counts, lexicon, _memo(lexicon)) if config.diacritics else None
    ocr = estimate(ocr_counts, lexicon, _memo(lexicon), chars) if config.diacritics and config.ocr else OcrProfile()
    outputs: list[str] = []
    changes: list[Change] = []
    for index, (start, block) in enumerate(blocks):
        if prepared:
            log, block, cased = prepared[index]
        else:  # second pass: memory holds one block's work at a time, not the document's
            log = ChangeLog(block, explain)
            block = _character_stages(block, config, lexicon, log)
            cased = _count(block, config)
        if profile is not None:
            block = restore_words(block, config, lexicon, log, profile, ocr, cased)
        outputs.append(block)
        if explain:
            changes.extend(dataclasses.replace(c, start=c.start + start, end=c.end + start) for c in log.changes(block))
    return "".join(outputs), changes, profile


def _count(
    block: str,
    config: Config,
    counts: Counter[str] | None = None,
    ocr_counts: Counter[str] | None = None,
    chars: Counter[str] | None = None,
) -> Counter[str]:
    """The block's word counts (case kept), added to the document's totals if given."""
    if not config.diacritics:
        return Counter()
    cased = Counter(OCR_WORDS.findall(block))
    if counts is not None:
        for word, count in cased.items():
            counts[word.lower()] += count
    if config.ocr and ocr_counts is not None and chars is not None:
        ocr_counts.update(cased)
        chars.update(glyph_counts(block))
    return cased


def _character_stages(text: str, config: Config, lexicon: Lexicon, log: ChangeLog) -> str:
    """The stages that work on characters and lines, before words are looked at."""
    text = encoding.repair(text, config, _known_word(lexicon), log)
    return layout.repair(text, config, lexicon, log)


def _known_word(lexicon: Lexicon) -> Callable[[str], bool]:
    """What the encoding stage's votes count as a word: a word of the lexicon, or a
    compound of its words (``inskottsmånad``), so that a paragraph of long compounds
    decodes as surely as one of short words."""
    memo = lexicon.memo

    def known(word: str) -> bool:
        return lexicon.is_word(word) or analyse(word, lexicon, memo) is not None

    return known


def split_blocks(text: str, size: int) -> list[tuple[int, str]]:
    """``text`` cut into (offset, block) pieces of about ``size`` characters, at paragraph
    breaks where there are any, else at line breaks, else at spaces.

    >>> split_blocks("ett\\n\\ntvå\\n\\ntre", 6)
    [(0, 'ett\\n\\n'), (5, 'två\\n\\n'), (10, 'tre')]
    """
    if len(text) <= size:
        return [(0, text)]
    blocks = []
    start = 0
    while len(text) - start > size:
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = text.rfind(separator, start + size // 2, start + size)
            if cut >= 0:
                cut += len(separator)
                break
        if cut < 0:
            cut = start + size
        blocks.append((start, text[start:cut]))
        start = cut
    blocks.append((start, text[start:]))
    return blocks


def _memo(lexicon: Lexicon) -> dict:
    memo = lexicon.memo
    if len(memo) > MEMO_LIMIT:
        memo.clear()
    return memo


def restore_words(
    text: str,
    config: Config,
    lexicon: Lexicon,
    log: ChangeLog,
    profile: Profile,
    ocr: OcrProfile | None = None,
    words: Counter[str] | None = None,
) -> str:
    """Offer candidates where the document's profile allows, decode, apply the changes.

    Each distinct word is judged once. When few words could change at all (a clean
    text), only the stretches around them are scanned and decoded.
    """
    memo = _memo(lexicon)
    model: LanguageModel = BigramModel.for_lexicon(lexicon) if config.context else UnigramModel.for_lexicon(lexicon)
    ocr = ocr or OcrProfile()
    options_of = _Options(profile, ocr, lexicon, model, memo)
    if words is None:  # the word counts of this text (OCR_WORDS), unless given
        words = Counter(OCR_WORDS.findall(text))
    live = {word for word in words if options_of(word, False) is not None}
    if ocr.active("1→i"):
        live.add("1")
    if not live:
        return text
    occurrences = sum(words[word] for word in live)
    if occurrences * SPARSE_SHARE > sum(words.values()):
        regions = [(0, len(text))]
    else:
        regions = _regions_around(text, live)
    chosen: list[_Choice] = []
    for lo, hi in regions:
        chosen.extend(_restore_region(text, lo, hi, config, lexicon, options_of, model))
    chosen.sort(key=itemgetter(0))
    if not log.explain:  # the plain path builds no Edit for each of its (many) changes
        return replace_spans(text, [(start, end, choice.text) for start, end, choice, _ in chosen])
    edits = [Edit(start, end, choice.text, choice.reason, confidence, choice.stage) for start, end, choice, confidence in chosen]
    return log.apply("diacritics", text, edits)


def _regions_around(text: str, live: set[str]) -> list[tuple[int, int]]:
    """Stretches of about REGION characters around each occurrence of a live word, cut at
    whitespace and merged where they overlap."""
    pattern = re.compile("|".join(re.escape(word) for word in sorted(live, key=len, reverse=True)))
    regions: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        token = SCAN.match(text, match.start())
        if token is None or token.group() != match.group() or (match.start() and SCAN.match(text, match.start() - 1)
                                                                 and _inside_token(text, match.start())):
            continue
        lo = text.rfind(" ", 0, max(0, match.start() - REGION)) + 1
        hi = text.find(" ", min(len(text), match.end() + REGION))
        hi = len(text) if hi < 0 else hi
        if regions and lo <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(hi, regions[-1][1]))
        else:
            regions.append((lo, hi))
    return regions


def _inside_token(text: str, position: int) -> bool:
    """Does the SCAN token that covers ``position - 1`` run on past it?"""
    start = position - 1
    while start > 0 and SCAN.match(text, start - 1) is not None and not text[start - 1].isspace():
        start -= 1
    token = SCAN.match(text, start)
    return token is not None and token.end() > position


def _restore_region(
    text: str, lo: int, hi: int, config: Config, lexicon: Lexicon, options_of: "_Options", model: LanguageModel
) -> list[_Choice]:
    """The changes to make to the words of ``text[lo:hi]``."""
    scan = _scan(text, lo, hi)
    starts, tokens = scan.starts, scan.tokens
    slots: dict[int, Slot] = {}
    settled: dict[int, Candidate] = {}  # choices no context could overturn
    edits: list[_Choice] = []
    taken: set[int] = set()  # tokens already changed by a join or a split
    if options_of.ocr.any_active:
        edits, taken = _joins_and_splits(text, scan, config, lexicon, model)
    lines = _LineContexts(text, scan, lexicon, config)
    # Each token's offer as a common word (None: nothing to offer); only tokens with an
    # offer are visited, and a likely name is asked again for its (smaller) offer.
    offers = options_of.plain
    for word in set(tokens).difference(offers):
        options_of(word, False)
    offered = list(map(offers.__getitem__, tokens))
    # A lowercase Swedish word, the usual kind: free to change when it stands between
    # spaces (unless it may open a case number: mot 2010/11:Ub275).
    english, user_word = lexicon.is_english, lexicon.is_user_word
    ordinary = {
        word: word.islower() and word not in REGISTRY_PREFIXES and not english(word) and not user_word(word)
        for word in set(compress(tokens, offered))
    }
    for index in compress(range(len(tokens)), offered):
        if index in taken:
            continue
        offer = offered[index]
        start, word = starts[index], tokens[index]
        end = start + len(word)
        if (
            ordinary[word]
            and text[start - 1 : start].isspace()
            and text[end : end + 1].isspace()
            and not text.startswith("-\n", start - 2)  # not the second half of a hyphenated word
        ):
            pass  # the common case: a lowercase Swedish word between spaces
        else:
            likely_name = _likely_name_or_protected(text, scan, index, start, end, lexicon, config, lines)
            if likely_name is None:
                continue
            if likely_name:
                offer = options_of(word, True)
                if offer is None:
                    continue
        if offer.settled is None:
            slots[index] = Slot(start, end, offer.keep, offer.options)
            continue
        settled[index] = offer.settled
        if offer.confidence >= config.min_confidence:
            edits.append((start, end, offer.settled, offer.confidence))
    # A word between the same neighbours is decided the same way: remember single slots.
    decided: dict[tuple[str, int, str], tuple[Candidate, float] | None] = {}
    for island, left, right in _islands(scan, slots, settled):
        if len(island) == 1:
            slot = island[0]
            key = (left, id(slot.options), right)
            if key not in decided:
                decisions = decode_island(island, left, right, model)
                decided[key] = (decisions[0].choice, decisions[0].confidence) if decisions else None
            outcome = decided[key]
            if outcome is not None and outcome[1] >= config.min_confidence:
                edits.append((slot.start, slot.end, outcome[0], outcome[1]))
            continue
        for decision in decode_island(island, left, right, model):
            if decision.confidence >= config.min_confidence:
                edits.append((decision.slot.start, decision.slot.end, decision.choice, decision.confidence))
    return edits


@dataclass(frozen=True, slots=True)
class _Scanned:
    """The SCAN tokens of a region: ``tokens[k]`` starts at ``starts[k]``, and ``gaps[k]``
    is the text before it (from the region's start or the token before). Parallel lists
    of strings and numbers, not a tuple per token: they cost the garbage collector
    nothing to walk."""

    starts: list[int]
    tokens: list[str]
    gaps: list[str]


def _scan(text: str, lo: int, hi: int) -> _Scanned:
    """The SCAN tokens of ``text[lo:hi]``, found by one split.

    >>> _scan("Ett förslag, 12 st.", 4, 19)
    _Scanned(starts=[4, 13, 16], tokens=['förslag', '12', 'st'], gaps=['', ', ', ' '])
    """
    pieces = _SCAN_SPLIT.split(text[lo:hi])  # separator, token, separator, ..., separator
    starts = list(islice(accumulate(map(len, pieces), initial=lo), 1, len(pieces) - 1, 2))
    return _Scanned(starts, pieces[1::2], pieces[0:-1:2])


def _joins_and_splits(
    text: str, scan: _Scanned, config: Config, lexicon: Lexicon, model: LanguageModel
) -> tuple[list[_Choice], set[int]]:
    """Words OCR split or joined: ``till sammans`` → ``tillsammans`` (one half is no word,
    the joined word is common and likelier than the pair), and a lost hyphen after an
    acronym, ``CEMRdeklarationen`` → ``CEMR-deklarationen``."""
    edits: list[_Choice] = []
    taken: set[int] = set()
    # Only a word that reads as no word at all may be half of a split one.
    starts, tokens = scan.starts, scan.tokens
    odd = {
        word for word in set(tokens)
        if (word.isalpha() and word.islower() and not _restorable(word, lexicon)) or LOST_HYPHEN.fullmatch(word)
    }
    if not odd:
        return edits, taken
    for index, word in enumerate(tokens):
        if word not in odd or index in taken:
            continue
        start = starts[index]
        lost = LOST_HYPHEN.fullmatch(word)
        if lost:
            if lexicon.is_word(lost.group(2)):
                at = start + len(lost.group(1))
                hyphen = Candidate("-", "-", 0.0, OCR, "OCR lost the hyphen after an acronym")
                edits.append((at, at, hyphen, LOST_HYPHEN_CONFIDENCE))
                taken.add(index)
            continue
        for first in (index - 1, index):  # the odd word as the second half, or as the first
            if first < 0 or first + 1 >= len(tokens) or first in taken or first + 1 in taken:
                continue
            start1, word1, start2, word2 = starts[first], tokens[first], starts[first + 1], tokens[first + 1]
            if text[start1 + len(word1):start2] != " " or not (word1.isalpha() and word2.isalpha()):
                continue
            if not (word1.islower() and word2.islower()):
                continue
            joined = word1 + word2
            if lexicon.zipf(joined) < JOIN_ZIPF or not lexicon.is_word(joined):
                continue
            split_score = model.logprob(None, word1) + model.logprob(word1, word2)
            join_score = model.logprob(None, joined) + LOG_SPLIT_RATE
            confidence = confidence_of(join_score - split_score)
            if confidence >= config.min_confidence:
                reason = f"OCR split the word {joined} in two"
                edits.append((start1, start2 + len(word2), Candidate(joined, joined, 0.0, OCR, reason), confidence))
                taken.update((first, first + 1))
                break
    return edits, taken


def _restorable(word: str, lexicon: Lexicon) -> bool:
    """Is ``word`` a word, or a stripped word that the skeleton index restores?"""
    info = classify(skeleton(word), lexicon, lexicon.memo)
    return bool(info.variants) or info.zipf > 0


_UNSEEN = object()


@dataclass(frozen=True, slots=True)
class _Offer:
    """The candidates for a word form; ``settled`` when no context could change the choice."""

    keep: Candidate
    options: tuple[Candidate, ...]
    settled: Candidate | None = None
    confidence: float = 0.0


class _Options:
    """Candidates for a word form from every source, judged once per form.

    Without context, a form's best candidate either trails keeping the word by more
    than ``CONTEXT_SLACK`` nats (then no context could make it win: the form gets no
    offer, which keeps clean text fast), or leads keeping and every other candidate by
    more than that (then no context could change the choice: the offer is *settled* and
    needs no decoding), or neither (then the sentence is decoded).
    """

    def __init__(self, profile: Profile, ocr: OcrProfile, lexicon: Lexicon, model: LanguageModel, memo: dict):
        self.profile, self.ocr, self.lexicon, self.model, self.memo = profile, ocr, lexicon, model, memo
        self._ocr_on = ocr.any_active
        # The offers judged so far, by word: for words read as common words, and as names.
        self.plain: dict[str, _Offer | None] = {}
        self.named: dict[str, _Offer | None] = {}
        # Words with no diacritic variant and no compound reading, in any document.
        self._inert: set[str] = memo.setdefault("inert words", set())

    def __call__(self, word: str, likely_name: bool) -> _Offer | None:
        known = self.named if likely_name else self.plain
        offer = known.get(word, _UNSEEN)
        if offer is _UNSEEN:
            offer = known[word] = self._offer(word, likely_name)
        return offer  # type: ignore[return-value]

    def _offer(self, word: str, likely_name: bool) -> _Offer | None:
        profile, lexicon, memo = self.profile, self.lexicon, self.memo
        if word == "1" and self.ocr.active("1→i"):  # the word i read as the digit 1
            i_word = Candidate("i", "i", self.ocr.cost("1→i"), OCR, f"OCR confusion 1→i ({self.ocr.rate('1→i'):.2f})")
            return self._judge(keep_candidate(word), (i_word,))
        if word.isdigit():
            return None
        if word in self._inert:  # only OCR readings to look for, if any
            if not self._ocr_on:
                return None
            options: list[Candidate] = []
            bonus = 0.0
        else:
            options = diacritic_candidates(word, profile, lexicon, likely_name, cache=memo)
            bonus, compounds = compound_candidates(word, profile, lexicon, likely_name, cache=memo)
            options.extend(compounds)
            if not options and not bonus:
                self._inert.add(word)
        if self._ocr_on:
            seen = {o.text for o in options}
            options.extend(
                o for o in ocr_candidates(word, profile, self.ocr, lexicon, likely_name, memo) if o.text not in seen
            )
        return self._judge(keep_candidate(word, bonus), tuple(options)) if options else None

    def _judge(self, keep: Candidate, options: tuple[Candidate, ...]) -> _Offer | None:
        logprob = self.model.logprob
        keep_score = logprob(None, keep.key) + keep.cost
        if len(options) == 1:  # the common case
            best, best_score, runner_up = 0, logprob(None, options[0].key) + options[0].cost, -math.inf
        else:
            scored = sorted(((logprob(None, o.key) + o.cost, i) for i, o in enumerate(options)), reverse=True)
            (best_score, best), runner_up = scored[0], scored[1][0]
        margin = best_score - keep_score
        if margin < -CONTEXT_SLACK:
            return None
        if margin > CONTEXT_SLACK and best_score - runner_up > CONTEXT_SLACK:
            return _Offer(keep, options, options[best], confidence_of(margin))
        return _Offer(keep, options)


def _likely_name_or_protected(
    text: str,
    scan: _Scanned,
    index: int,
    start: int,
    end: int,
    lexicon: Lexicon,
    config: Config,
    lines: _LineContexts,
) -> bool | None:
    """None when the word ``scan.tokens[index]`` is protected, else whether it is a likely name."""
    word = scan.tokens[index]
    if word == "1":  # the word i read as a digit: only between two words
        return _between_words(text, scan, index)
    chunk_start, chunk_end = chunk_bounds(text, start, end)
    if is_hyphen_fragment(text, chunk_start, chunk_end):
        return None
    plain = chunk_end - chunk_start == end - start or is_plain_chunk(text[chunk_start:chunk_end])
    plain = plain and not may_prefix_reference(text, start, end)  # dir. 2022:42 is the tokenizer's to judge
    if plain and (word.islower() or word[1:].islower()):
        # The common case, without the tokenizer: a word among words.
        if lexicon.is_user_word(word.lower()):
            return None
        if config.protect_english and lines.english_around(index):
            return None
        if word.islower():
            return False
        context = name_context(word, starts_sentence(text, chunk_start), lexicon, config.protect_names)
    elif is_abbreviation_chunk(text[chunk_start:chunk_end]):
        return None
    else:
        found_context = lines.context(start, end)
        if found_context is None:
            return None
        context = found_context
    return None if context.protected_by else context.likely_name


def _between_words(text: str, scan: _Scanned, index: int) -> bool | None:
    """False (free to change) when ``scan.tokens[index]`` stands alone between two words."""
    starts, tokens = scan.starts, scan.tokens
    if not 0 < index < len(tokens) - 1:
        return None
    p_start, start, n_start = starts[index - 1], starts[index], starts[index + 1]
    p_word, word, n_word = tokens[index - 1], tokens[index], tokens[index + 1]
    if text[p_start + len(p_word):start] != " " or text[start + len(word):n_start] != " ":
        return None
    return False if p_word.isalpha() and n_word.isalpha() else None


def _islands(scan: _Scanned, slots: dict[int, Slot], settled: dict[int, Candidate]):
    """Runs of adjacent slots in one sentence, with the fixed tokens on either side.

    With a bigram model a run is independent of everything beyond its neighbours, so
    only these neighbours are looked up, never whole sentences.
    """
    if not slots:
        return
    tokens, gaps = scan.tokens, scan.gaps
    # Tokens hold none of a sentence break's characters: a break lies within a gap.
    breaks = {gap: SENTENCE_BREAK.search(gap) is not None for gap in set(gaps)}

    def joined(k: int) -> bool:  # do tokens[k - 1] and tokens[k] share a sentence?
        return 0 < k < len(tokens) and not breaks[gaps[k]]

    def key(k: int) -> str:
        return settled[k].key if k in settled else token_key(tokens[k])

    indexes = sorted(slots)
    i = 0
    while i < len(indexes):
        j = i
        while j + 1 < len(indexes) and indexes[j + 1] == indexes[j] + 1 and joined(indexes[j + 1]):
            j += 1
        first, last = indexes[i], indexes[j]
        left = key(first - 1) if joined(first) else SENTENCE_START
        right = key(last + 1) if joined(last + 1) else SENTENCE_END
        yield [slots[k] for k in indexes[i:j + 1]], left, right
        i = j + 1


class _LineContexts:
    """The neighbourhoods of the scanned words of a region, for protection.

    The stretch of a line around a word is tokenized on demand, and remembered.

    A paragraph may be one long line; the neighbourhood that protection looks at is a
    few words, so a window of ``WINDOW`` characters each side (cut at spaces) is
    tokenized, and reused while the next word lies at least ``MARGIN`` inside it. A word
    in capitals gets the ``WIDE`` window and margin: whether its line shouts (a heading
    in capitals) is judged on all of the window's words. (Tokenizing is the dear part:
    about 0.5 µs a character.)
    """

    WINDOW, MARGIN = 100, 50
    WIDE_WINDOW, WIDE_MARGIN = 200, 80

    def __init__(self, text: str, scan: _Scanned, lexicon: Lexicon, config: Config):
        self.text = text
        self.scan = scan
        self.lexicon = lexicon
        self.config = config
        self._span = (-1, -1)
        self._wide = False
        self._line: LineContext | None = None
        self._index_by_start: dict[int, int] = {}
        self._english: set[str] | None = None  # the scanned words that are English ones

    def english_around(self, index: int) -> bool:
        """The English-phrase test of protect.in_english, on the scanned words of one line."""
        tokens, gaps, english = self.scan.tokens, self.scan.gaps, self._english
        if english is None:
            is_english = self.lexicon.is_english
            english = self._english = {word for word in set(tokens) if is_english(word.lower())}
        if tokens[index] not in english:
            return False
        around = tokens[max(0, index - ENGLISH_WINDOW):index + ENGLISH_WINDOW + 1]
        if sum(word in english for word in around) - 1 < ENGLISH_NEIGHBOURS:
            return False  # too few English words near, even if the line ran on
        lo = index  # the neighbours on the same line
        while lo > 0 and index - lo < ENGLISH_WINDOW and "\n" not in gaps[lo]:
            lo -= 1
        hi = index
        while hi < len(tokens) - 1 and hi - index < ENGLISH_WINDOW and "\n" not in gaps[hi + 1]:
            hi += 1
        return in_english([word in english for word in tokens[lo:hi + 1]], index - lo)

    def context(self, start: int, end: int) -> WordContext | None:
        """The context of the word token exactly at ``[start, end)``, or None."""
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        if line_end < 0:
            line_end = len(text)
        wide = text[start:end].isupper()
        window, margin = (self.WIDE_WINDOW, self.WIDE_MARGIN) if wide else (self.WINDOW, self.MARGIN)
        lo, hi = self._span
        if not (
            (self._wide or not wide)
            and max(lo + margin, line_start) <= start
            and end <= min(hi - margin, line_end)
            and lo >= line_start
        ):
            lo, hi = line_start, line_end
            if start - lo > window:
                lo = text.find(" ", start - window, start) + 1 or start
            if hi - end > window:
                cut = text.rfind(" ", end, end + window)
                hi = cut if cut > 0 else end
            self._wide = wide
            tokens = tokenize(text, lo, hi)
            self._line = LineContext(tokens, self.lexicon, self.config.protect_names, self.config.protect_english)
            self._index_by_start = {tokens[i].start: i for i in self._line.word_indexes}
            self._span = (lo, hi)
        index = self._index_by_start.get(start)
        if index is None or self._line is None or self._line.tokens[index].end != end:
            return None  # part of a larger token: a reference, a URL, a word with digits
        return self._line.context(index)
