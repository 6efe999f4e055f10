"""The chunk around a word: the characters between the whitespace before and after it.

What a chunk is tells the word stage whether its words may be judged as words at all:
a plain chunk (words, hyphens, ordinary punctuation) needs no tokenizer; an abbreviation
(``bl.a.``), code or data (base64, hashes), half of a hyphenated word or a piece of a
word with an ISO 646 letter in it (``forb{ttre``) holds no word to change.
"""
from __future__ import annotations

import functools
import re

import regex

from .scan import ISO646_ONLY
from .tokens import REGISTRY_PREFIXES

#: A whitespace-delimited chunk made of words joined by hyphens, with ordinary
#: punctuation around: every word in it is a plain word (no URL, e-mail, reference,
#: abbreviation or word with digits can hide in it).
_PLAIN_CHUNK = re.compile(r"""[(\[«"“”'‘’*]*(?:[^\W\d_][^\W_]*)(?:-[^\W\d_][^\W_]*)*-?[)\]»"“”'’*,;:.!?]*""")


def chunk_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-delimited chunk around ``text[start:end]``."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    length = len(text)
    while end < length and not text[end].isspace():
        end += 1
    return start, end


@functools.lru_cache(maxsize=1 << 16)
def is_plain_chunk(chunk: str) -> bool:
    """Can the words in this chunk be judged without the tokenizer?

    >>> is_plain_chunk("(AIF-förvaltare),"), is_plain_chunk("t.ex."), is_plain_chunk("www.x.se/for")
    (True, False, False)
    """
    return _PLAIN_CHUNK.fullmatch(chunk) is not None and chunk.count(".") + chunk.count(":") <= 1


_BEFORE_NUMBER = re.compile(r"\.?[ \u00a0]\d")


def may_prefix_reference(text: str, start: int, end: int) -> bool:
    """Is the word ``text[start:end]`` a registry prefix before a number? The tokenizer
    decides whether it opens a case number. (A capitalised word may open one too,
    ``KS 2024/108``, but a stripped one is left to the name rules: ``Fraga 1998/99:1``.)

    >>> text = "enligt dir. 2022:42 och Prop. 2013/14:34, för 3 år sedan"
    >>> may_prefix_reference(text, 7, 10), may_prefix_reference(text, 24, 28), may_prefix_reference(text, 42, 45)
    (True, True, False)
    """
    return text[start:end].lower() in REGISTRY_PREFIXES and _BEFORE_NUMBER.match(text, end) is not None


#: A full stop, then a parliamentary reference (``2005/06:RS3``) or a number (``Nr 30``).
_BEFORE_PARLIAMENTARY_REFERENCE = re.compile(r"\.[ \u00a0](?:\d{4}/\d{2}:|[Nn]r\.?[ \u00a0]?\d)")


def abbreviates_a_document_type(text: str, start: int, end: int) -> bool:
    """Is the word ``text[start:end]`` short and followed by a full stop and a
    parliamentary reference or a number? Then it abbreviates a document type or a series
    (``framst. 2005/06:RS3``, ``yttr. 1987/88:JuU2y``, the running header ``1 saml. Nr 30``
    of the Riksdag's print), whatever registry prefixes the tokenizer knows.

    >>> text = "(framst. 2005/06:RS3) och förslaget. 2005/06:RS3 Riksdagen 1992/93. 1 saml. Nr 30"
    >>> abbreviates_a_document_type(text, 1, 7), abbreviates_a_document_type(text, 25, 35)
    (True, False)
    >>> abbreviates_a_document_type(text, 70, 74)
    True
    """
    return end - start <= 6 and _BEFORE_PARLIAMENTARY_REFERENCE.match(text, end) is not None


#: A chunk that is one abbreviation of short letter groups (bl.a., t.o.m., S.O.), with
#: ordinary punctuation around: the tokenizer's ``abbreviation`` takes all of it.
_ABBREVIATION_CHUNK = regex.compile(r"""[(\[«"“”'‘’*]*(?:\p{L}{1,4}\.){2,}[)\]»"“”'’*,;:!?]*""")


@functools.lru_cache(maxsize=1 << 12)
def is_abbreviation_chunk(chunk: str) -> bool:
    """Is this chunk an abbreviation, whose letters are no words to change?

    >>> is_abbreviation_chunk("bl.a."), is_abbreviation_chunk("(t.o.m.),"), is_abbreviation_chunk("ca.")
    (True, True, False)
    """
    return _ABBREVIATION_CHUNK.fullmatch(chunk) is not None


#: A chunk of code or data: a long run of ASCII letters, digits and ``+/=_-`` (base64,
#: hashes, identifiers), with the punctuation of running text around it.
_CODE_CHUNK = regex.compile(r"""[(\[«"“”'‘’<]*([A-Za-z0-9+/=_-]{16,})[)\]»"“”'’>,;:.!?]*""")


@functools.lru_cache(maxsize=1 << 12)
def is_code_chunk(chunk: str) -> bool:
    """Is this chunk code or data (base64, a hash, an identifier), whose letters are no words?

    A long run of ASCII letters and digits that mixes digits with letters of both cases,
    or holds several digits among several letters, or the base64 marks ``+`` ``/`` ``=``.

    >>> is_code_chunk("aGVsbG8gd29ybGQgaGVq"), is_code_chunk("(3f9a0c2e81b44d7f)."), is_code_chunk("kommunfullmäktige")
    (True, True, False)
    >>> is_code_chunk("CEMR-deklarationen"), is_code_chunk("2024-10-01"), is_code_chunk("LKPG2011/4567/ABCD")
    (False, False, True)
    """
    found = _CODE_CHUNK.fullmatch(chunk)
    if found is None:
        return False
    core = found.group(1)
    digits = sum(c.isdigit() for c in core)
    letters = sum(c.isalpha() for c in core)
    mixed_case = any(c.islower() for c in core) and any(c.isupper() for c in core[1:])
    return bool(digits and letters and (mixed_case or (digits >= 3 and letters >= 3) or any(c in "+/=" for c in core)))


def is_hyphen_fragment(text: str, start: int, end: int) -> bool:
    """Is the chunk ``text[start:end]`` half of a word hyphenated across a line break?

    Such halves are not words (``försla-`` / ``get``); the layout stage joins them.

    >>> text = "ett för-\\nslag och miljö- och"
    >>> is_hyphen_fragment(text, 4, 8), is_hyphen_fragment(text, 9, 13), is_hyphen_fragment(text, 18, 24)
    (True, True, False)
    """
    if text.endswith("-", start, end) and text.startswith("\n", end):
        return end - start > 1 and text[end - 2].isalpha()
    return start >= 3 and text[start - 1] == "\n" and text[start - 2] == "-" and text[start - 3].isalpha()


def is_iso646_fragment(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` part of a word with an ISO 646 letter in it (``forb{ttre``)?
    The encoding stage decodes such words where its vote says the text is ISO 646; where
    it does not, the word is left as written, not mended piece by piece (``forb`` →
    ``fork``, ``ttre`` → ``tre``).

    >>> text = "forb{ttre och {x}"
    >>> is_iso646_fragment(text, 0, 4), is_iso646_fragment(text, 5, 9), is_iso646_fragment(text, 15, 16)
    (True, True, False)
    """
    return (start >= 2 and text[start - 1] in ISO646_ONLY and text[start - 2].isalpha()) or (
        text[end:end + 1] in ISO646_ONLY and text[end + 1:end + 2].isalpha())


def follows_a_reference(text: str, chunk_start: int) -> bool:
    """Is the chunk before the one at ``chunk_start`` (on the same line) a case or statute
    number (digits with ``/`` or ``:``)? An identifier after it is a page or a part of the
    reference (``EUTL59/2011 s4``, ``prop. 2023/24:1 s5``), not a word OCR damaged; after a
    plain number it may well be (``den 27 september 2012 i1 mål``).

    >>> text = "EUTL59/2011 s4, 2012 i1 mål och s4 om"
    >>> follows_a_reference(text, 12), follows_a_reference(text, 21), follows_a_reference(text, 32)
    (True, False, False)
    """
    end = chunk_start
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    chunk = text[chunk_bounds(text, end, end)[0]:end]
    return any(char.isdigit() for char in chunk) and ("/" in chunk or ":" in chunk)
