"""The word scan: where the words of a text are, found without the tokenizer.

The word stage looks at every word, and most of them need no more than a regex to be
found: letter runs (the words) and digit runs (numbers, which the language model sees
as ``<num>``). Other characters split them; the tokenizer, run on a word's line only
when needed, decides what a word really is.

>>> scan("Ett förslag, 12 st.", 4, 19)
Scanned(starts=[4, 13, 16], tokens=['förslag', '12', 'st'], gaps=['', ', ', ' '])
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, islice

#: Letter runs (the words) and digit runs. A digit or a bracket may stand for a letter
#: where letters follow (``f6rslag``, ``[anet``, a lone digit before letters: ``4r``,
#: ``6ka``), as OCR writes them; the word stage decides whether such a token is a word.
SCAN = re.compile(
    r"(?:[^\W\d_]|[\[|](?=[^\W\d_]{2})|(?<!\d)\d(?=[^\W\d_]))[^\W_]*(?:[\[|][^\W\d_][^\W_]*)*|\d+"
)
_SCAN_SPLIT = re.compile(f"({SCAN.pattern})")
#: The same words without the digit runs alone (their counts feed the profiles), and
#: without the endings after a colon (``HovR:ns``, ``EU:s``) or after a quotation mark
#: between letters (``F”rslag``, a code-page letter: ``rslag`` is no word of its own), and
#: without the pieces of a word with an ISO 646 letter the encoding stage left (``forb{ttre``).
#: The ISO 646 letter positions that OCR never writes for a letter (``[`` and ``|`` it
#: does: ``ti|l``, ``[anet``).
ISO646_ONLY = "{}]\\"
_ISO646_ONLY = re.escape(ISO646_ONLY)
OCR_WORDS = re.compile(
    rf"(?<!\w:)(?<![^\W\d_][”“\"’'»«{_ISO646_ONLY}])(?<![^\W_])(?![^\W_]*[{_ISO646_ONLY}][^\W\d_])"
    r"(?:[^\W\d_]|[\[|](?=[^\W\d_]{2})|(?<!\d)\d(?=[^\W\d_]))[^\W_]*(?:[\[|][^\W\d_][^\W_]*)*"
)
#: A capitalised word after a lowercase word (and maybe a comma): mid-sentence, a name
#: far more often than a stripped common word (``att Hjalte fick``). Such tokens are no
#: evidence of how stripped the document is (:func:`svfix.pipeline._count`): two correct
#: names and real words must not vouch for each other (``innebar`` and ``Hjalte``).
MID_SENTENCE_CAPITALISED = re.compile(r"(?:(?<=[a-zåäöéü] )|(?<=[a-zåäöéü], ))[A-ZÅÄÖÉÜ][a-zåäöéü]+(?![\w-])")
#: A short lowercase word right after a number: a unit or an abbreviation (``16 md euro``,
#: ``5 st``, ``3 kr``), which no Swedish word need be one confusion from; no evidence of
#: OCR damage (:func:`svfix.pipeline._count`).
UNIT_AFTER_NUMBER = re.compile(r"(?<=\d[ \u00a0])[a-zåäö]{1,3}(?![\w-])")
#: Where sentences end for the language model: . ! ? ; : before a space, a blank line.
SENTENCE_BREAK = re.compile(r"[.!?;:](?=\s)|\n[^\S\n]*\n")
#: Words longer than this are never analysed (the longest Swedish compounds in print have
#: about 40 letters; anything longer is data, a run-together line or noise, and every
#: per-word search must stay bounded).
MAX_WORD_LENGTH = 48
#: Around each word that could change, this many characters each side are scanned and
#: decoded when few words could change (see :func:`regions_around`).
REGION = 300


@dataclass(frozen=True, slots=True)
class Scanned:
    """The SCAN tokens of a region: ``tokens[k]`` starts at ``starts[k]``, and ``gaps[k]``
    is the text before it (from the region's start or the token before). Parallel lists
    of strings and numbers, not a tuple per token: they cost the garbage collector
    nothing to walk."""

    starts: list[int]
    tokens: list[str]
    gaps: list[str]


def scan(text: str, lo: int, hi: int) -> Scanned:
    """The SCAN tokens of ``text[lo:hi]``, found by one split."""
    pieces = _SCAN_SPLIT.split(text[lo:hi])  # separator, token, separator, ..., separator
    starts = list(islice(accumulate(map(len, pieces), initial=lo), 1, len(pieces) - 1, 2))
    return Scanned(starts, pieces[1::2], pieces[0:-1:2])


def regions_around(text: str, live: set[str]) -> list[tuple[int, int]]:
    """Stretches of about REGION characters around each occurrence of a live word, cut at
    whitespace and merged where they overlap.

    >>> regions_around("a b c " * 200 + "forslag" + " d" * 400, {"forslag"})
    [(900, 1507)]
    """
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
