"""Candidates: what each observed word could have been, with the channel's cost.

A :class:`Candidate` is one intended word for an observed one, with the natural log of
the channel probability P(observed | intended). Every source of candidates (diacritic
variants here; OCR confusions and compounds later) produces the same type, and one
decoder weighs them all against the language model.

Candidates come from indexes only (the lexicon's skeleton index), never from a scan.

>>> from svfix.lexicon import Lexicon
>>> from svfix.profile import Profile
>>> stripped = Profile.fixed(0.9)
>>> [c.text for c in diacritic_candidates("Forslag", stripped, Lexicon.default())]
['Förslag']
>>> apply_case("JAMSTALLDHET", "jämställdhet")
'JÄMSTÄLLDHET'
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .compounds import MIN_WORD, analyse
from .lexicon import NAME, Lexicon
from .profile import UNKNOWN_ZIPF, Profile, classify, stripped_letters

LN10 = math.log(10.0)

#: The stage name diacritic candidates carry.
DIACRITICS = "diacritics"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One word that the observed text could stand for.

    ``text`` is the word as it would be written (case restored from the observation),
    ``key`` its lowercase lexicon form (what the language model scores), ``channel`` the
    natural log of P(observed | this word), ``stage`` the stage that proposed it and
    ``reason`` a short explanation for reports. ``bonus`` corrects the language model
    for a word it cannot know: an analysed compound is a rare word, not an unknown
    string (``svfix.compounds``).
    """

    text: str
    key: str
    channel: float
    stage: str
    reason: str
    bonus: float = 0.0  # ln of how much likelier the word is than the model knows (a compound)

    @property
    def cost(self) -> float:
        """What the decoder adds to the language model's score: channel and bonus."""
        return self.channel + self.bonus


@dataclass(frozen=True, slots=True)
class Slot:
    """A place in the text where svfix has a choice: keep the word, or an option."""

    start: int
    end: int
    keep: Candidate
    options: tuple[Candidate, ...]


def apply_case(observed: str, key: str) -> str:
    """Write ``key`` with the case pattern of ``observed``.

    >>> apply_case("Forslag", "förslag"), apply_case("FOR", "för"), apply_case("McDonald", "mcdonald")
    ('Förslag', 'FÖR', 'McDonald')
    """
    if len(observed) == len(key):
        return "".join(k.upper() if o.isupper() else k for o, k in zip(observed, key))
    if observed.isupper() and len(observed) > 1:
        return key.upper()
    if observed[:1].isupper():
        return key[:1].upper() + key[1:]
    return key


def keep_candidate(observed: str, bonus: float = 0.0) -> Candidate:
    """The observed word itself (its channel cost is 0: seen as written)."""
    return Candidate(observed, observed.lower(), 0.0, "keep", "as written", bonus)


def compound_candidates(
    observed: str, profile: Profile, lexicon: Lexicon, likely_name: bool = False, cache: dict | None = None
) -> tuple[float, list[Candidate]]:
    """Restorations of an unknown word read as a compound of known parts.

    Returns the bonus that the observed word itself earns when it already reads as a
    compound (it is then a rare word, not an unknown string), and the candidates.
    """
    key = observed.lower()
    if len(key) < MIN_WORD or classify(key, lexicon, cache).variants or _known(key, lexicon, cache):
        return 0.0, []  # too short, restored as a whole word, or known
    reading = analyse(key, lexicon, cache)
    if reading is None:
        return 0.0, []
    bonus = (reading.zipf - UNKNOWN_ZIPF) * LN10
    if bonus <= 0:
        return 0.0, []
    if reading.text == key:
        return bonus, []
    letters = stripped_letters(key, reading.text)
    if not letters or len(reading.text) != len(key):
        return 0.0, []
    rates = profile.rates_excluding(key)
    channel = sum(math.log(rates[letter]) for letter in letters)
    if likely_name:
        channel *= 2
    reason = f"diacritics restored in the compound {'|'.join(reading.parts)}"
    return 0.0, [Candidate(apply_case(observed, reading.text), reading.text, channel, DIACRITICS, reason, bonus)]


def _known(key: str, lexicon: Lexicon, cache: dict | None) -> bool:
    if cache is None:
        return bool(lexicon.flags(key))
    found = cache.get(("known", key))
    if found is None:
        found = cache[("known", key)] = bool(lexicon.flags(key))
    return found


def diacritic_candidates(
    observed: str, profile: Profile, lexicon: Lexicon, likely_name: bool = False, cache: dict | None = None
) -> list[Candidate]:
    """Forms with diacritics that ``observed`` may have been stripped from.

    The channel cost of a candidate is the chance that its letters were stripped in
    this document (:class:`~svfix.profile.Profile`), and two corrections:

    * for a ``likely_name`` (a capitalised unknown word mid-sentence) a candidate that
      is not itself a name pays the stripping cost twice: in a clean document a name is
      far likelier than a stripped common word;
    * when the document also writes the candidate itself, correctly, the plain form is
      more likely a word of its own (``innebar`` beside ``innebär``): at the stripping
      rate, ``n(variant) · s / (1 - s)`` stripped copies are expected, spread over the
      ``n(plain)`` plain ones, and the cost grows when that share is below one.
    """
    key = observed.lower()
    plan = _variant_plan(key, lexicon, cache)
    if not plan:
        return []
    result = []
    rates = profile.rates_excluding(key)
    for variant, letters, is_name in plan:
        channel = sum(math.log(rates[letter]) for letter in letters)
        if likely_name and not is_name:
            channel *= 2
        described = ", ".join(f"{letter} {rates[letter]:.2f}" for letter in letters)
        reason = f"diacritics restored (stripping rate {described})"
        written = profile.count(variant)
        if written:
            # The document writes the variant correctly `written` times: at the
            # stripping rate, only so many of its plain twins can be stripped copies.
            rate = min(math.exp(channel), 0.999)
            share = written * rate / (1.0 - rate) / max(profile.count(key), 1)
            if share < 1.0:
                channel += math.log(max(share, 1e-12))
                reason += f"; the text writes {variant} {written} times"
        result.append(Candidate(apply_case(observed, variant), variant, channel, DIACRITICS, reason))
    return result


def _variant_plan(key: str, lexicon: Lexicon, cache: dict | None) -> tuple[tuple[str, str, bool], ...]:
    """(variant, stripped letter groups, is a name) for each variant of ``key``: the part
    of the candidates that does not depend on the document, remembered in ``cache``."""
    if cache is not None:
        found = cache.get(("plan", key))
        if found is not None:
            return found
    plan = []
    for variant in classify(key, lexicon, cache).variants:
        letters = stripped_letters(key, variant)
        if letters:
            plan.append((variant, letters, bool(lexicon.flags(variant) & NAME)))
    result = tuple(plan)
    if cache is not None:
        cache[("plan", key)] = result
    return result
