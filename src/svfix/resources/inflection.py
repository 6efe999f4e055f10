"""Inflected forms the lexicon lacks: a known stem with a regular Swedish ending.

The lexicon lists the forms its sources saw; a rare word's definite or plural form is
often missing (``skapnad`` is listed, ``skapnaden`` is not). Such a form, written
plain, is no unknown string to be restored into some compound (``skåp|nåden``): it is
the stem's own inflection. :func:`inflected_zipf` reads a word as a listed stem plus
one regular ending and weighs it a little below the stem.

>>> lexicon = Lexicon.default()
>>> inflected_zipf("skapnaden", lexicon) is not None
True
>>> inflected_zipf("forslagen", lexicon) is None  # forslag is no word: förslag is
True
"""
from __future__ import annotations

from .lexicon import NAME, WORD, Lexicon

#: The regular endings of nouns, adjectives and verbs, longest first.
ENDINGS = tuple(sorted({
    "en", "et", "n", "t", "na", "ar", "er", "or", "r", "arna", "erna", "orna", "rna",
    "ens", "ets", "ns", "ts", "nas", "arnas", "ernas", "ornas", "s", "a", "e",
    "are", "aste", "ast", "de", "te", "ade", "at", "it", "as", "des", "tes", "ades",
}, key=lambda ending: (-len(ending), ending)))
VOWELS = frozenset("aeiouyåäöé")
#: Shortest stem, in letters.
MIN_STEM = 4
#: How much rarer than its stem an inflected form is taken to be (zipf).
INFLECTION_PENALTY = 1.0
#: A stem whose skeleton class carries at least this share of its frequency in forms
#: with diacritics is itself likely a stripped word (``lar`` for ``lär``): no stem.
STRIPPED_STEM_SHARE = 0.5


def inflected_zipf(word: str, lexicon: Lexicon) -> float | None:
    """The zipf of the lowercase ``word`` read as a listed common word plus a regular
    ending, or None when no such reading exists."""
    best = None
    for ending in ENDINGS:
        if len(word) - len(ending) < MIN_STEM or not word.endswith(ending):
            continue
        stem = word[: -len(ending)]
        if ending[0] in "nr" and stem[-1] not in VOWELS:
            continue  # -n, -na, -r, -rna follow a vowel (kvinno|rna, not overksam|rna)
        flags = lexicon.flags(stem)
        if not flags & WORD or flags & NAME and lexicon.zipf(stem) <= 0:
            continue
        info = lexicon.classify(stem)
        if info.variants and info.diacritic_share >= STRIPPED_STEM_SHARE:
            continue
        zipf = lexicon.zipf(stem) - INFLECTION_PENALTY
        if best is None or zipf > best:
            best = zipf
    return best
