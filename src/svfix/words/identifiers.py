"""Identifiers: short tokens of letters and digits (``s1``, ``k1``, ``A4``, ``1st``), which
OCR repair reads as a word only when that word is very frequent."""
from __future__ import annotations

from ..resources.lexicon import Lexicon

#: A short token of letters and digits (``s1``, ``k1``, ``A4``, ``1st``) is an identifier:
#: it has at most this many letters, and it reads as a word only when that word is very
#: frequent (``s4`` → ``så``, ``4r`` → ``är``, ``i1`` → ``i``), never as a rare one
#: (``s6`` → ``sö``, ``1st`` → ``ist``) nor as a bare letter other than a one-letter word.
IDENTIFIER_LETTERS = 2
IDENTIFIER_WORD_ZIPF = 5.5
#: The one-letter words of Swedish (the lexicon lists every letter: abbreviations).
ONE_LETTER_WORDS = frozenset({"i", "å", "ö"})


def is_identifier(observed: str) -> bool:
    """Is ``observed`` a short token of letters and digits (``s1``, ``A4``, ``1st``)?

    >>> is_identifier("s1"), is_identifier("1st"), is_identifier("f6rslag"), is_identifier("för")
    (True, True, False, False)
    """
    return not observed.isalpha() and any(c.isdigit() for c in observed) and (
        sum(c.isalpha() for c in observed) <= IDENTIFIER_LETTERS)


def identifier_reads_as(form: str, lexicon: Lexicon) -> bool:
    """May an identifier be read as ``form``: a one-letter word, or a very frequent word?"""
    if len(form) == 1:
        return form in ONE_LETTER_WORDS
    return lexicon.zipf(form) >= IDENTIFIER_WORD_ZIPF
