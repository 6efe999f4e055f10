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

from dataclasses import dataclass

from .lexicon import NAME, Lexicon
from .profile import Profile, classify, stripped_letters

#: The stage name diacritic candidates carry.
DIACRITICS = "diacritics"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One word that the observed text could stand for.

    ``text`` is the word as it would be written (case restored from the observation),
    ``key`` its lowercase lexicon form (what the language model scores), ``channel`` the
    natural log of P(observed | this word), ``stage`` the stage that proposed it and
    ``reason`` a short explanation for reports.
    """

    text: str
    key: str
    channel: float
    stage: str
    reason: str


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


def keep_candidate(observed: str) -> Candidate:
    """The observed word itself (its channel cost is 0: seen as written)."""
    return Candidate(observed, observed.lower(), 0.0, "keep", "as written")


def diacritic_candidates(
    observed: str, profile: Profile, lexicon: Lexicon, likely_name: bool = False, cache: dict | None = None
) -> list[Candidate]:
    """Forms with diacritics that ``observed`` may have been stripped from.

    For a ``likely_name`` (a capitalised unknown word mid-sentence) a candidate that is
    not itself a name pays the stripping cost twice: in a clean document a name is far
    likelier than a stripped common word.
    """
    key = observed.lower()
    info = classify(key, lexicon, cache)
    result = []
    for variant in info.variants:
        letters = stripped_letters(key, variant)
        if not letters:
            continue
        rates = ", ".join(f"{letter} {profile.rate(letter, key):.2f}" for letter in letters)
        channel = profile.log_strip(letters, key)
        if likely_name and not lexicon.flags(variant) & NAME:
            channel *= 2
        result.append(
            Candidate(
                apply_case(observed, variant),
                variant,
                channel,
                DIACRITICS,
                f"diacritics restored (stripping rate {rates})",
            )
        )
    return result
