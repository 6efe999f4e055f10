"""Hyphens at line ends: a hyphenated word joined, an acronym's or a number's hyphen
kept, a suspended compound (``kommun- och regionförbund``) left as it is."""
from __future__ import annotations

import re

from ...resources.compounds import Compounds, analyse
from ...resources.lexicon import Lexicon, skeleton
from .tables import HYPHENATED_PREFIXES, LINE_END_HYPHENS, LINE_END_SOFT_HYPHENS, SUSPENDED_COMPOUND_JOINERS

#: The last part of the word before a line-end hyphen: letters and digits, an
#: abbreviation's ``:s`` included (``SKR:s``).
LEFT_PART = re.compile(r"[^\W_]+(?::[^\W_]+)?$")
RIGHT_PART = re.compile(r"[^\W_]+")

DROP, KEEP, SUSPEND = "drop", "keep", "suspend"


def hyphen_decision(left: str, right: str, lexicon: Lexicon, compounds: Compounds | None = None) -> str | None:
    """How to resolve ``left`` (without its hyphen) at a line end before ``right``:
    drop the hyphen, keep it, a suspended compound, or None (do not join)."""
    found = LEFT_PART.search(left)
    start = RIGHT_PART.match(right)
    if found is None or start is None:
        return None
    part, word = found.group(), start.group()
    if word[0].isdigit():
        return KEEP  # 2024-10-01, I-02333, covid-19
    capitals = part.isupper() and word.isupper() and len(word) > 1  # JÄMSTÄLLDHETS-/INTEGRERING
    if not (word[0].islower() or capitals):
        return None
    lower = part.lower()
    joined = lower + word.lower()
    known = lexicon.is_word(joined)
    if word.lower() in SUSPENDED_COMPOUND_JOINERS and not known:
        return SUSPEND  # kommun- och regionförbund, 1990- till 2000-talet
    if not capitals and (part.isupper() or any(c.isdigit() for c in part)):
        return KEEP  # CEMR-, EU-, A-, 2024-
    if len(part) == 1 or ":" in part or lower in HYPHENATED_PREFIXES:
        return KEEP  # e-post, SKR:s-, icke-
    if known or compound(joined, lexicon, compounds):
        return DROP
    if capitals:
        return KEEP  # EU-/KOMMISSIONEN
    return DROP  # most line-end hyphens are hyphenation


def compound(joined: str, lexicon: Lexicon, compounds: Compounds | None = None) -> bool:
    """Does the lowercase ``joined`` read as a compound, or as a known word with its
    diacritics stripped? (``compounds`` remembers the analyses.)"""
    found = compounds.analyse(joined) if compounds is not None else analyse(joined, lexicon)
    return found is not None or bool(lexicon.variants(skeleton(joined)))


def join_hyphenated(left: str, right: str, lexicon: Lexicon, compounds: Compounds | None = None) -> str | None:
    """The word that ``left`` hyphenated at a line end and ``right`` on the next line make,
    with or without the hyphen; None when they are not one word.

    ``left`` may end with its hyphen (``-``, soft hyphen, ``¬``) or not (an ALTO
    ``HYP``); a soft hyphen or ``¬`` is always dropped. ``right`` may carry
    punctuation, which is kept.

    >>> lexicon = Lexicon.default()
    >>> join_hyphenated("jämställdhets-", "integrering", lexicon)
    'jämställdhetsintegrering'
    >>> join_hyphenated("(CEMR-", "deklarationen)", lexicon), join_hyphenated("2024-", "10-01", lexicon)
    ('(CEMR-deklarationen)', '2024-10-01')
    >>> join_hyphenated("kommun-", "och", lexicon) is None  # a suspended compound
    True
    >>> join_hyphenated("lands\\u00ad", "ting", lexicon)
    'landsting'
    """
    if left[-1:] in LINE_END_SOFT_HYPHENS:
        return left[:-1] + right if left[:-1] and right else None
    stem = left[:-1] if left[-1:] in LINE_END_HYPHENS else left
    decision = hyphen_decision(stem, right, lexicon, compounds)
    if decision == DROP:
        return stem + right
    if decision == KEEP:
        return stem + "-" + right
    return None
