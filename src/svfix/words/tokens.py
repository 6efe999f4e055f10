"""Tokenizer: the text as a sequence of tokens with offsets and kinds.

Every character of the text other than whitespace belongs to exactly one token (the
whitespace between tokens is implied by their offsets: half of all tokens would be
spaces, and creating them costs as much as all the rest). Kinds decide what later stages may touch: only ``WORD`` tokens (and
``ACRONYM`` tokens that are really shouted words) are ever candidates for correction;
numbers, dates, references, sections, URLs and e-mail addresses are protected.

>>> [(t.kind.value, t.text) for t in tokenize("Beslut i KS 2024/108, § 73.")]
[('word', 'Beslut'), ('word', 'i'), ('reference', 'KS 2024/108'), ('punct', ','), ('section', '§ 73'), ('punct', '.')]
>>> [(t.kind.value, t.text) for t in tokenize("SKR:s rapport 2024-10-01, se t.ex. www.skr.se")]
... # doctest: +NORMALIZE_WHITESPACE
[('acronym', 'SKR:s'), ('word', 'rapport'), ('date', '2024-10-01'), ('punct', ','), ('word', 'se'),
 ('abbreviation', 't.ex.'), ('url', 'www.skr.se')]
"""
from __future__ import annotations

import enum
from typing import NamedTuple

import regex

from ..resources.lm import token_key  # noqa: F401  (the words the language model sees)


class Kind(str, enum.Enum):
    """What a token is."""

    WORD = "word"
    ACRONYM = "acronym"
    ABBREVIATION = "abbreviation"
    NUMBER = "number"
    DATE = "date"
    REFERENCE = "reference"
    SECTION = "section"
    URL = "url"
    EMAIL = "email"
    PUNCT = "punct"


class Token(NamedTuple):
    """One token: its text, its kind, and its span ``[start, end)`` in the tokenized text."""

    text: str
    kind: Kind
    start: int
    end: int


#: Kinds whose text svfix never changes.
PROTECTED_KINDS = frozenset(
    {Kind.NUMBER, Kind.DATE, Kind.REFERENCE, Kind.SECTION, Kind.URL, Kind.EMAIL, Kind.ABBREVIATION}
)

# The alternatives are tried in order; the first that matches at a position wins, and
# whitespace matches none. Plain words come first and are guarded so that they never take the start
# of something longer (t.ex., www.x.se, f6rslag, KS 2024/108): those fall through to the
# specific alternatives below.
#: The lowercase registry prefixes of a ``reference`` (``dir. 2022:42``, ``dnr 415/2016``).
REGISTRY_PREFIXES = ("dnr", "dir", "prop", "bet", "skr", "rskr", "mot", "ds", "sou", "sfs")
TOKEN_RE = regex.compile(
    r"""
    (?P<plain>
        \p{Lu}?\p{Ll}[\p{Ll}\p{M}]*+         # förslag, Förslag
        (?![\p{L}\p{M}\d@]                     # not a word with digits or capitals, not e-mail
          |\.?[\p{L}\d]                        # not t.ex, www.x, anita.heden
          |://                                 # not a URL scheme
          |\.?[ \u00a0]\d                      # not a registry prefix (Dnr 415/2016)
        )
    )
  | (?P<url>
        (?:https?://|ftp://|www\.)           # a scheme or www.
        [^\s<>"”»]*[^\s<>"”».,;:!?)\]']      # not ending in punctuation
    )
  | (?P<email>
        [\w.+-]+@[\w-]+(?:\.[\w-]+)+
    )
  | (?P<reference>
        # a registry prefix and a case number: KS 2024/108, Dnr 415/2016-103,
        # SFS 2010:1846, Fi 2014:15, prop. 2013/14:34, LH 33/2016
        (?:(?:\p{Lu}\p{L}{0,5}|"""
    + "|".join(REGISTRY_PREFIXES)
    + r""")\.?[ \u00a0])
        \d{1,5}(?:[/:]\d{1,5})+(?:-\d+)*
        # or a bare case or statute number: 2013/14:34, 1992:339, 415/2016-103
      | \d{1,5}(?:/\d{2,5}(?::\d+)?|:\d{1,5})(?:-\d+)*(?![\d/:])
    )
  | (?P<section>
        §§?[ \u00a0]*\d+(?:\s*\p{Ll}\b)?       # § 73, §§ 3, § 4 a
      | \d+(?:\s*\p{Ll})?[ \u00a0]*§§?       # 5 §, 4 a §
    )
  | (?P<date>
        \d{4}-\d{2}-\d{2}                    # ISO 8601
      | \d{1,2}[./]\d{1,2}[./]\d{2,4}        # 1.10.2024, 1/10/24
    )
  | (?P<number>
        \d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?!\d)   # 2 500, 10 000,5
      | \d+(?:[.,]\d+)*(?:\p{L}+)?           # 12, 1,5, 3a, 1:a is split at the colon
    )
  | (?P<abbreviation>
        (?:\p{L}{1,4}\.){2,}                 # t.ex. bl.a. fr.o.m.
      | \p{L}{1,4}\.\p{L}{1,4}\b             # p.g.a without its last dot
    )
  | (?P<acronym>
        \p{Lu}{2,}(?:\d+\p{Lu}*)*(?=\b|[-:])   # CEMR, EU, H601AU6
        (?::\p{Ll}{1,3}\b)?                    # SKR:s, EU:s
    )
  | (?P<word>
        [\p{L}\p{M}]+(?:\d+[\p{L}\p{M}]+)*     # words; f6rslag keeps its digit for OCR repair
    )
  | (?P<punct>\S)                        # any other character, one at a time
    """,
    regex.VERBOSE | regex.DOTALL,
)

_KINDS = {kind.value: kind for kind in Kind} | {"plain": Kind.WORD}


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, with offsets in ``text``.

    >>> [t.text for t in tokenize("Förslag till beslut:\\n\\n1. Ja")]
    ['Förslag', 'till', 'beslut', ':', '1', '.', 'Ja']
    >>> tokenize("a b", 2)
    [Token(text='b', kind=<Kind.WORD: 'word'>, start=2, end=3)]
    """
    kinds = _KINDS
    matches = TOKEN_RE.finditer(text, start, len(text) if end is None else end)
    return [
        Token(match.group(), kinds[match.lastgroup], match.start(), match.end())  # type: ignore[index]
        for match in matches
    ]
