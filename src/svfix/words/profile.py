"""The document profile: how damaged is this text, estimated from the text itself.

The central idea of svfix (DESIGN.md §2): a document with thousands of ``a`` and ``o``
and not one ``ä`` or ``ö`` has been stripped, and there ``for`` almost surely means
``för``; in a clean document the same evidence is absent and ``for`` stays.

The estimate uses *indicator* words: words whose skeleton class is dominated by a form
with diacritics (``för`` beside the rare ``for``, ``förslag`` with no plain rival). For
each diacritic letter (å, ä, ö, é) svfix counts how often such words appear with the
letter and how often without it, corrects for the share of plain forms one expects
anyway, and smooths the rate toward a small prior, so that a short text with little
evidence is treated as probably clean. An indicator whose plain form is itself a word
(``kor`` beside ``kör``) is ambiguous evidence, weighed by what the unambiguous ones
(``forslag``) say (``REAL_WORD_TRUST_RATE``).

>>> from svfix.resources.lexicon import Lexicon
>>> lexicon = Lexicon.default()
>>> stripped = profile_words("Forslag till beslut for kommunfullmaktige i Alingsas ar klart".split(), lexicon)
>>> stripped.rate("ä") > 0.2
True
>>> clean = profile_words("Förslag till beslut för kommunfullmäktige i Alingsås är klart".split(), lexicon)
>>> clean.rate("ä") < 0.1
True
"""
from __future__ import annotations

import copy
import math
from collections import Counter
from collections.abc import Iterable

from ..resources.lexicon import Lexicon, probability, skeleton
from .twins import SEEN as TWINS_SEEN
from .twins import UNSEEN as TWINS_UNSEEN

#: Before any evidence, the chance that a diacritic letter was stripped.
PRIOR_RATE = 0.001
#: How many indicator tokens the prior is worth.
PRIOR_WEIGHT = 5.0
#: How many of a letter's own indicator tokens the pooled rate is worth.
LETTER_WEIGHT = 10.0
#: A skeleton class is an indicator when its diacritic forms carry this share of its
#: frequency.
INDICATOR_SHARE = 0.8
#: A plain word of an indicator class is ambiguous when the plain form is itself a word
#: (``kor`` beside ``kör``, ``anda`` beside ``ändå``): its expected share of plain tokens
#: is a corpus average, and a document's topic can make it far commoner (cows, rust, a
#: sports hall). Such classes count in full unless the unambiguous classes (whose
#: plain form is no word: ``forslag``) show a pooled rate below this one, and in
#: proportion below it: in a clean text a few correct ``kor`` are no sign of stripping,
#: while in a stripped one ``for``, ``ar`` and ``mal`` add to the evidence. The
#: unambiguous rate starts from this rate, worth ``REAL_WORD_TRUST_WEIGHT`` tokens, so
#: that a text with no unambiguous words at all counts its ambiguous ones in full.
REAL_WORD_TRUST_RATE = 0.1
REAL_WORD_TRUST_WEIGHT = 2.0
#: A word whose tokens are below this share of a letter's evidence is not left out.
NEGLIGIBLE_SHARE = 0.005
#: Each indicator token written with its diacritic is evidence that the document is
#: clean, not stripped: a stripped document would have written it plain with a fair
#: chance (at least this one). So the prior shrinks by this factor per intact token, as
#: a mixture of clean and stripped documents would: twelve intact words and not one
#: plain make stripping seventy times less likely than no evidence at all, and a
#: correct rare word (``12 ar``, the unit) is not traded for its frequent twin.
CLEAN_DECAY = 0.7
#: Rounds of the mixture of stripped and correct plain twins (:meth:`Profile.without_correct_twins`).
TWIN_ROUNDS = 3
#: Rates are kept inside [FLOOR, CEILING] so that log-probabilities stay finite.
FLOOR, CEILING = 1e-6, 0.995

#: The diacritic letters svfix estimates a rate for; rarer ones share the rate of é.
TRACKED = ("å", "ä", "ö", "é")
_LETTER_GROUP = {letter: letter for letter in TRACKED} | dict.fromkeys("üàáèëêâ", "é") | {"ø": "ö"}


def stripped_letters(observed: str, form: str) -> str:
    """The diacritic letters of ``form`` that ``observed`` writes plain, by tracked group.

    >>> stripped_letters("jamstalldhet", "jämställdhet")
    'ä'
    >>> stripped_letters("forstarkt", "förstärkt")
    'äö'
    """
    groups = {_LETTER_GROUP[f] for o, f in zip(observed, form) if o != f and f in _LETTER_GROUP and o.isascii()}
    return "".join(sorted(groups))


class Profile:
    """Per-document estimates that the channel model needs.

    :meth:`rate` is the estimated probability that a diacritic letter was written
    without its diacritic in this document. Each letter's rate is shrunk toward the
    rate pooled over all letters (stripping usually hits them all), and the pooled rate
    toward a small prior. Asked about a word (``key``), the profile leaves that word's
    own occurrences out of the evidence: a word must not vouch for itself, or one
    correct ``for`` among many ``för`` would be read as a trace of stripping.
    """

    def __init__(
        self,
        words: int,
        contributions: dict[str, tuple[tuple[str, float, float, float], ...]],
        counts: Counter[str] | None = None,
        twins: dict[str, float] | None = None,
    ):
        self.words = words
        self._contributions = contributions
        self._counts = counts if counts is not None else Counter()
        self._twins = twins or {}  # the plain twins among the words: the zipf of what each means
        self.totals = _totals(contributions.values())  # per letter: intended, plain, expected
        self.rates = _estimate(self.totals)
        self._excluding: dict[str, dict[str, float]] = {}
        self._described: dict[tuple[str | None, str], str] = {}

    def count(self, key: str) -> int:
        """How often the document writes the lowercase word ``key`` (a form with diacritics:
        :func:`profile_counts` keeps no other)."""
        return self._counts.get(key, 0)

    def with_written(self, written: Counter[str]) -> "Profile":
        """This profile, with the lowercase forms of ``written`` counted as written that
        many more times (the same stripping rates: only the vocabulary changes)."""
        profile = copy.copy(self)
        profile._counts = self._counts + written
        return profile

    def without_correct_twins(self) -> "Profile":
        """This profile with each plain twin (``ga``: unlisted, its diacritic form ``gå``
        listed) counted as stripped only with the chance that stripping wrote it rather
        than correct text: a mixture of the two, its shares found by a few rounds of
        expectation–maximisation. Under the document's rate without the twin itself, a
        stripped ``ga`` is ``rate · P(gå)``, a correct one ``P(ga)`` (:func:`twin_log_chance`).
        Stripping hits common words first: a text whose ``är`` and ``för`` are all intact
        and whose only plain words are dialect (``ga``) or a typo (``otamd``) shows no
        stripping. For texts long enough to show no OCR damage (the twin frequencies are
        those of correct text)."""
        if not self._twins:  # (most correct documents: nothing to weigh)
            return self
        profile, original = self, self._contributions
        for _ in range(TWIN_ROUNDS):
            contributions = dict(original)
            for key, meant in self._twins.items():
                rates = profile.rates_excluding(key)
                parts = original[key]
                stripped = probability(meant)
                for letter, *_ in parts:
                    stripped *= rates[letter]
                correct = 1.0 - stripped / (stripped + math.exp(twin_log_chance(key)))
                if correct > NEGLIGIBLE_SHARE:
                    contributions[key] = tuple((letter, i, p, e + (p - e) * correct) for letter, i, p, e in parts)
            profile = Profile(self.words, contributions, self._counts, self._twins)
        return profile

    @classmethod
    def fixed(cls, rate: float) -> "Profile":
        """A profile with the same stripping rate for every letter (for tests and examples)."""
        profile = cls(0, {})
        profile.rates = dict.fromkeys(TRACKED, rate)
        return profile

    def rates_excluding(self, key: str | None) -> dict[str, float]:
        """The rates estimated without the occurrences of ``key``."""
        if key is None or key not in self._contributions:
            return self.rates
        found = self._excluding.get(key)
        if found is None and all(
            intended < NEGLIGIBLE_SHARE * self.totals[letter][0] and plain <= NEGLIGIBLE_SHARE * self.totals[letter][1]
            for letter, intended, plain, _ in self._contributions[key]
        ):
            found = self._excluding[key] = self.rates  # too little of the evidence to matter
        if found is None:
            totals = {letter: list(row) for letter, row in self.totals.items()}
            for letter, intended, plain, expected in self._contributions[key]:
                row = totals[letter]
                row[0] -= intended
                row[1] -= plain
                row[2] -= expected
            found = self._excluding[key] = _estimate(totals)
        return found

    def describe(self, letters: str, key: str | None = None) -> str:
        """Why a word gets back the diacritics of ``letters``: their stripping rates.

        >>> Profile.fixed(0.25).describe("äö")
        'diacritics restored (stripping rate ä 0.25, ö 0.25)'
        """
        rates = self.rates_excluding(key)
        cache_key = (None if rates is self.rates else key, letters)  # most words share the document's rates
        found = self._described.get(cache_key)
        if found is None:
            described = ", ".join(f"{letter} {rates[letter]:.2f}" for letter in letters)
            found = self._described[cache_key] = f"diacritics restored (stripping rate {described})"
        return found

    def rate(self, letter: str, key: str | None = None) -> float:
        return self.rates_excluding(key).get(_LETTER_GROUP.get(letter, letter), PRIOR_RATE)

    def log_strip(self, letters: str, key: str | None = None) -> float:
        """Natural log of the chance that every letter group in ``letters`` was stripped."""
        rates = self.rates_excluding(key)
        return sum(math.log(rates.get(_LETTER_GROUP.get(letter, letter), PRIOR_RATE)) for letter in letters)

    @property
    def pooled(self) -> float:
        """The rate over all letters: one number for reports."""
        return _pooled(self.totals)

    @property
    def evidence(self) -> dict[str, float]:
        """Indicator tokens seen per letter."""
        return {letter: row[0] for letter, row in self.totals.items()}

    def __repr__(self) -> str:
        rates = ", ".join(f"{letter} {rate:.3f}" for letter, rate in self.rates.items())
        return f"Profile(words={self.words}, rates: {rates})"


def _totals(contributions: Iterable[tuple[tuple[str, float, float, float], ...]]) -> dict[str, list[float]]:
    """Per letter: tokens that intended it, tokens written without it, and plain ones expected."""
    totals = {letter: [0.0, 0.0, 0.0] for letter in TRACKED}
    for parts in contributions:
        for letter, intended, plain, expected in parts:
            row = totals[letter]
            row[0] += intended
            row[1] += plain
            row[2] += expected
    return totals


def _pooled(totals: dict[str, list[float]], prior: float = PRIOR_RATE, weight: float = PRIOR_WEIGHT) -> float:
    """The rate over all letters, starting from ``prior`` worth ``weight`` tokens."""
    excess = sum(max(plain - expected, 0.0) for _, plain, expected in totals.values())
    base = sum(max(intended - expected, 0.0) for intended, _, expected in totals.values())
    intact = sum(max(intended - plain, 0.0) for intended, plain, _ in totals.values())
    prior *= CLEAN_DECAY ** min(intact, 100.0)
    return (excess + prior * weight) / (base + weight)


def _estimate(totals: dict[str, list[float]]) -> dict[str, float]:
    pooled = _pooled(totals)
    rates = {}
    for letter, (intended, plain, expected) in totals.items():
        excess = max(plain - expected, 0.0)
        base = max(intended - expected, 0.0)
        estimate = (excess + pooled * LETTER_WEIGHT) / (base + LETTER_WEIGHT)
        rates[letter] = min(max(estimate, FLOOR), CEILING)
    return rates


def twin_log_chance(key: str) -> float:
    """ln of the share of the words of correct text that are the plain twin ``key`` (an
    unlisted string whose diacritic form is listed: ``ga`` beside ``gå``), as
    words/twins.py learned it.

    >>> twin_log_chance("ga") > twin_log_chance("forsatta")
    True
    """
    found = TWINS_SEEN.get(key)
    return found if found is not None else TWINS_UNSEEN[min(len(key), max(TWINS_UNSEEN))]


def profile_words(words: Iterable[str], lexicon: Lexicon) -> Profile:
    """Estimate the profile from the document's word tokens (any case)."""
    counts = Counter(word.lower() for word in words)
    return profile_counts(counts, lexicon)


def profile_counts(counts: Counter[str], lexicon: Lexicon) -> Profile:
    """Estimate the profile from lowercase word counts.

    Each indicator word contributes, per letter of its dominant form: tokens that
    intended the letter, tokens written without it, and how many of those one expects
    to be plain in a clean text anyway (the plain form's own share of the class).
    Classes whose plain form is itself a word are weighed by how stripped the other
    classes show the text to be (``REAL_WORD_TRUST_RATE``).
    """
    contributions: dict[str, tuple[tuple[str, float, float, float], ...]] = {}
    ambiguous: set[str] = set()
    twins: dict[str, float] = {}  # plain twins (no word as written): the zipf of what they mean
    total = 0
    # the document's vocabulary is asked only about forms with diacritics (what a stripped
    # word may be restored to): a long document keeps a fraction of its distinct words
    written: Counter[str] = Counter()
    for key, count in counts.items():
        total += count
        folded = skeleton(key)
        if folded != key:
            written[key] = count
        info = lexicon.classify(folded)
        if info.diacritic_share < INDICATOR_SHARE:
            continue
        if folded == key:  # written plain where the class mostly has diacritics
            expected = count * (1.0 - info.diacritic_share)
            parts: tuple[tuple[str, float, float, float], ...] = tuple(
                (letter, count, count, expected) for letter in stripped_letters(key, info.dominant))
        elif key in info.variants:  # written with diacritics that make a known word
            parts = tuple((letter, count, 0.0, 0.0) for letter in stripped_letters(folded, key))
        else:
            continue
        if parts:
            contributions[key] = parts
            if info.zipf > 0:
                ambiguous.add(key)
            elif folded == key:
                twins[key] = lexicon.zipf(info.dominant)
    if ambiguous:
        unambiguous = _totals(parts for key, parts in contributions.items() if key not in ambiguous)
        weight = min(1.0, _pooled(unambiguous, REAL_WORD_TRUST_RATE, REAL_WORD_TRUST_WEIGHT) / REAL_WORD_TRUST_RATE)
        if weight < 1.0:
            for key in ambiguous:
                contributions[key] = tuple((letter, i * weight, p * weight, e * weight) for letter, i, p, e in contributions[key])
    return Profile(total, contributions, written, twins)
