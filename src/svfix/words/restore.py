"""The word stage: restore the words of a text, decided in context.

For each distinct word form the :class:`~svfix.words.offers.Offers` of the document
gather candidates (diacritic variants, compound readings, OCR confusions) with their
channel costs; protection (:mod:`svfix.words.protect`) leaves names, acronyms, foreign phrases
and references alone; the decoder (:mod:`svfix.words.decode`) chooses in context.

Clean text takes a fast path: each distinct word is judged once, and when few words
could change at all only the stretches around them are scanned and decoded.
"""
from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from itertools import compress
from operator import itemgetter

from ..changes import ChangeLog, Edit, replace_spans
from ..config import Config, Stage
from ..resources.lexicon import Lexicon, skeleton
from ..resources.lm import SENTENCE_END, SENTENCE_START
from .candidates import Candidate, Slot, glued_preposition
from .damage import OcrProfile
from .decode import LanguageModel, decode_island
from .joins import Choice, joins_and_splits
from .memo import WordMemo
from .offers import Offers
from .profile import Profile
from .protect import LineContexts, likely_name_or_protected, starts_sentence
from .scan import OCR_WORDS, SENTENCE_BREAK, Scanned, regions_around, scan
from .symbols import section_signs
from .tokens import REGISTRY_PREFIXES, token_key

#: When fewer than one word in SPARSE_SHARE could change, only the stretches around
#: those words are scanned and decoded.
SPARSE_SHARE = 20
#: At most this many rounds of deciding, each counting as written the forms the round
#: before wrote where copies of the same word stayed (see :func:`_newly_written`).
VOCABULARY_ROUNDS = 3
#: Rounds after the first decide again only around the words they move (REGION characters
#: each side); the choices in the first and last REDO_EDGE characters of such a stretch
#: stay as the round before made them.
REDO_EDGE = 100


def restore_words(
    text: str,
    config: Config,
    lexicon: Lexicon,
    model: LanguageModel,
    memo: WordMemo,
    log: ChangeLog,
    profile: Profile,
    ocr: OcrProfile | None = None,
    words: Counter[str] | None = None,
) -> str:
    """Offer candidates where the document's profile allows, decode, apply the changes.

    Each distinct word is judged once. When few words could change at all (a clean
    text), only the stretches around them are scanned and decoded.
    """
    ocr = ocr or OcrProfile()
    options_of = Offers(profile, ocr, lexicon, model, memo, config.diacritics)
    if words is None:  # the word counts of this text (OCR_WORDS), unless given
        words = Counter(OCR_WORDS.findall(text))
    live = {word for word in words if options_of(word, False) is not None}
    if config.ocr and " 1 " in text:  # the word i read as a lone 1 (offers.LONE_ONE_IS_I)
        live.add("1")
    symbols = section_signs(text) if config.ocr else []
    if not live and not symbols:
        return text
    occurrences = sum(words[word] for word in live)
    if occurrences * SPARSE_SHARE > sum(words.values()):
        regions = [(0, len(text))]
    else:
        regions = regions_around(text, live)
    decided: list[Choice] = []
    counted: Counter[str] = Counter()
    redo = regions if live else []
    for _ in range(VOCABULARY_ROUNDS):
        fresh: list[Choice] = []
        for lo, hi in redo:
            fresh.extend(_restore_region(text, lo, hi, config, lexicon, options_of, model))
        decided = _replaced_in(decided, redo, fresh, len(text))
        written = _newly_written(text, [*symbols, *decided], words, lexicon)
        if not written or written == counted:
            break
        counted = written
        # The document will write these forms: decide again as a second pass would see it,
        # around the words whose offers that moves (the rest of the text decides as before).
        options_of = options_of.revised(profile.with_written(written), written)
        moved = {skeleton(form) for form in written}
        redo = regions_around(text, {word for word in words if skeleton(word) in moved})
    if symbols:  # a sign read as a letter (S for §) is no word to restore
        signs = {start for start, *_ in symbols}
        decided = [choice for choice in decided if choice[0] not in signs]
    chosen = [_uncapitalised(text, (start, end, glued_preposition(text, end, candidate, model), confidence), lexicon)
              for start, end, candidate, confidence in [*symbols, *decided]]
    chosen.sort(key=itemgetter(0))
    if not log.explain:  # the plain path builds no Edit for each of its (many) changes
        return replace_spans(text, [(start, end, choice.text) for start, end, choice, _ in chosen])
    edits = [Edit(start, end, choice.text, choice.reason, confidence, choice.stage) for start, end, choice, confidence in chosen]
    return log.apply(Stage.DIACRITICS.value, text, edits)


def _replaced_in(decided: list[Choice], regions: list[tuple[int, int]], fresh: list[Choice], end: int) -> list[Choice]:
    """The choices ``decided`` with those in the core of each of ``regions`` (sorted, apart)
    replaced by ``fresh``: a region's first and last REDO_EDGE characters, where its words
    were decoded without their neighbours outside, keep the choices made before (a ``1``
    that opens a region has no word before it to be ``i`` between)."""
    if not decided:
        return fresh
    cores = [(lo + REDO_EDGE if lo else lo, hi - REDO_EDGE if hi < end else hi) for lo, hi in regions]
    cores = [(lo, hi) for lo, hi in cores if lo < hi]
    starts = [lo for lo, _ in cores]

    def in_core(at: int) -> bool:
        k = bisect_right(starts, at) - 1
        return k >= 0 and at < cores[k][1]

    kept = [choice for choice in decided if not in_core(choice[0])]
    merged = sorted(kept + [choice for choice in fresh if in_core(choice[0])], key=itemgetter(0))
    out: list[Choice] = []
    for choice in merged:  # (a join that crosses a core's edge keeps its place)
        if out and choice[0] < out[-1][1]:
            continue
        out.append(choice)
    return out


def _newly_written(text: str, chosen: list[Choice], words: Counter[str], lexicon: Lexicon) -> Counter[str]:
    """The forms this pass writes anew where copies of the word it changed stay as they
    are (``Forslag`` kept at one place and restored at another): empty when none.

    The document's own vocabulary is evidence (:func:`~svfix.words.candidates.document_vocabulary_bonus`),
    and a second pass would count these forms as written. So that ``fix`` is idempotent,
    the kept copies are decided again with them counted; the decisions only grow with
    the counts, and a few rounds settle them.

    Only a word the lexicon lacks earns the bonus (between two words the document's
    copies tell nothing), so only its kept copies are decided again.
    """
    changed: Counter[str] = Counter()
    new_forms: dict[str, Counter[str]] = {}
    for start, end, candidate, _ in chosen:
        old = text[start:end]
        if candidate.key != old.lower() and not lexicon.flags(old.lower()):
            changed[old] += 1
            new_forms.setdefault(old, Counter())[candidate.key] += 1
    written: Counter[str] = Counter()
    for old, times in changed.items():
        if words.get(old, 0) > times:  # some copies were kept: would the new forms move them?
            written.update(new_forms[old])
    return written


def _uncapitalised(text: str, choice: Choice, lexicon: Lexicon) -> Choice:
    """A capital O or A read for a lowercase ö, ä or å in the middle of a sentence is case
    damage (``inte ska Overskrida`` → ``överskrida``, not ``Överskrida``): a restored common
    word there starts in lowercase; a name (``Ostersund`` → ``Östersund``) keeps its capital.
    """
    start, end, candidate, confidence = choice
    new = candidate.text
    if (new[:1] in "ÅÄÖ" and text[start:start + 1] in "AO" and new[1:2].islower()
            and not starts_sentence(text, start) and not lexicon.is_name(candidate.key)):
        candidate = dataclasses.replace(candidate, text=new[0].lower() + new[1:])
    return start, end, candidate, confidence


def _restore_region(
    text: str, lo: int, hi: int, config: Config, lexicon: Lexicon, options_of: Offers, model: LanguageModel
) -> list[Choice]:
    """The changes to make to the words of ``text[lo:hi]``."""
    scanned = scan(text, lo, hi)
    starts, tokens = scanned.starts, scanned.tokens
    slots: dict[int, Slot] = {}
    settled: dict[int, Candidate] = {}  # choices no context could overturn
    edits: list[Choice] = []
    taken: set[int] = set()  # tokens already changed by a join or a split
    if options_of.ocr.any_active:
        edits, taken = joins_and_splits(text, scanned, config, lexicon, model)
    lines = LineContexts(text, scanned, lexicon, config)
    # Each token's offer as a common word (None: nothing to offer); only tokens with an
    # offer are visited, and a likely name is asked again for its (smaller) offer.
    offers = options_of.plain
    for word in set(tokens).difference(offers):
        options_of(word, False)
    offered = list(map(offers.__getitem__, tokens))
    # A lowercase Swedish word of letters, the usual kind: free to change when it stands between
    # spaces (unless it may open a case number: mot 2010/11:Ub275).
    foreign, user_word = lexicon.is_foreign, lexicon.is_user_word
    ordinary = {
        word: word.isalpha() and word.islower() and word not in REGISTRY_PREFIXES and not foreign(word)
        and not user_word(word)
        for word in set(compress(tokens, offered))
    }
    for index in compress(range(len(tokens)), offered):
        if index in taken:
            continue
        offer = offered[index]
        if offer is None:  # (compress has left only the offered ones)
            continue
        start, word = starts[index], tokens[index]
        end = start + len(word)
        if (
            ordinary[word]
            and text[start - 1 : start].isspace()
            and text[end : end + 1].isspace()
            and text[start - 2 : start - 1] != "-"  # not the second half of a hyphenated word
        ):
            pass  # the common case: a lowercase Swedish word between spaces
        else:
            likely_name = likely_name_or_protected(text, scanned, index, start, end, lexicon, config, lines)
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
    decided: dict[tuple[str | None, str, int, str, str | None], tuple[Candidate, float] | None] = {}
    for island, left2, left, right, right2 in _islands(scanned, slots, settled):
        if len(island) == 1:
            slot = island[0]
            key = (left2, left, id(slot.options), right, right2)
            if key not in decided:
                decisions = decode_island(island, left2, left, right, right2, model)
                decided[key] = (decisions[0].choice, decisions[0].confidence) if decisions else None
            outcome = decided[key]
            if outcome is not None and outcome[1] >= config.min_confidence:
                edits.append((slot.start, slot.end, outcome[0], outcome[1]))
            continue
        for decision in decode_island(island, left2, left, right, right2, model):
            if decision.confidence >= config.min_confidence and decision.slot.options:
                edits.append((decision.slot.start, decision.slot.end, decision.choice, decision.confidence))
    return edits


def _islands(
    scan: Scanned, slots: dict[int, Slot], settled: dict[int, Candidate]
) -> Iterator[tuple[list[Slot], str | None, str, str, str | None]]:
    """Runs of slots in one sentence, with the two fixed tokens on either side.

    With a trigram model a run is independent of everything beyond two tokens on either
    side, so only these are looked up, never whole sentences. Slots with one fixed token
    between them are one run (the token a slot with no options), since each sees the
    other through it.
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

    def fixed(k: int) -> Slot:
        keep = Candidate(tokens[k], key(k), 0.0, "keep", "as written")
        return Slot(-1, -1, keep, ())

    indexes = sorted(slots)
    i = 0
    while i < len(indexes):
        j = i
        while j + 1 < len(indexes) and indexes[j + 1] - indexes[j] <= 2 and all(
                joined(k) for k in range(indexes[j] + 1, indexes[j + 1] + 1)):
            j += 1
        first, last = indexes[i], indexes[j]
        run = [slots[k] if k in slots else fixed(k) for k in range(first, last + 1)]
        if joined(first):
            left = key(first - 1)
            left2 = (key(first - 2) if joined(first - 1) else SENTENCE_START)
        else:
            left, left2 = SENTENCE_START, None
        if joined(last + 1):
            right = key(last + 1)
            right2 = key(last + 2) if joined(last + 2) else SENTENCE_END
        else:
            right, right2 = SENTENCE_END, None
        yield run, left2, left, right, right2
        i = j + 1
