"""Foreign words in a Swedish text as evidence: runs and paragraphs of another language.

A document's profiles count its words as evidence of how it was damaged: a stripped
``for`` is a sign of stripping, an ``et`` one confusion from ``ett`` a sign of OCR. In a
stretch of English, French or German those words are foreign, and say nothing about the
Swedish around them (``qualifying for MREL``, ``lettres c et d``, an English annex).
:func:`foreign_occurrences` finds them once per block, for the pipeline's tally.

>>> from collections import Counter
>>> from svfix.resources.lexicon import Lexicon
>>> words = "Det gäller Principles for Responsible Investments och mer an for".split()
>>> phrased, english = foreign_occurrences(" ".join(words), words, Counter(words), Lexicon.default())
>>> english["for"], phrased["an"]
(1, 1)
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter

from ..resources.lexicon import Lexicon
from .scan import OCR_WORDS

#: A paragraph of at least MIN_PARAGRAPH_WORDS words of which this share are foreign and
#: no stripped Swedish word (``the``, ``of``, ``qualifying``) is written in another language:
#: English paragraphs have 0.38 and more, Swedish ones at most 0.31 (a stripped sentence
#: naming ``Principles for Responsible Investments``).
FOREIGN_PARAGRAPH_SHARE, MIN_PARAGRAPH_WORDS = 0.35, 8
#: Paragraphs are looked at only in a text where such words are at least this share of all
#: (below it, foreign paragraphs are too small a part to sway its profiles).
FOREIGN_TEXT_SHARE = 0.01
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


def foreign_occurrences(
    block: str, words: list[str], cased: Counter[str], lexicon: Lexicon,
) -> tuple[Counter[str], Counter[str]]:
    """Occurrences of words in runs of foreign words (``it has been``, ``lettres c et d``),
    and of the words that are no sign of how stripped the text is: runs that hold a word
    no Swedish word is stripped to (``qualifying for MREL``), and paragraphs written in
    another language (FOREIGN_PARAGRAPH_SHARE), whose ``for``, ``over`` and ``an`` are
    English (``mer an for`` is Swedish, stripped).
    """
    foreign = {word: word.isalpha() and lexicon.is_foreign(word.lower()) for word in cased}
    phrased: Counter[str] = Counter()
    english: Counter[str] = Counter()
    if sum(cased[word] for word, is_foreign in foreign.items() if is_foreign) < 2:  # a phrase is two
        return phrased, english

    def plainly_foreign(word: str) -> bool:  # foreign, and no Swedish word stripped
        return foreign.get(word, False) and not lexicon.classify(word.lower()).variants

    flags = [foreign[word] for word in words]
    i, n = 0, len(words)
    while i < n:
        if not flags[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and flags[j + 1]:
            j += 1
        if j > i:
            run = words[i:j + 1]
            phrased.update(run)
            if any(map(plainly_foreign, run)):
                english.update(run)
        i = j + 1
    plain = [word for word in cased if plainly_foreign(word)]
    if sum(cased[word] for word in plain) < FOREIGN_TEXT_SHARE * len(words):
        return phrased, english  # too few to sway the profiles, wherever they stand
    return phrased, english | _foreign_paragraphs(block, plain)


def _foreign_paragraphs(block: str, plain: list[str]) -> Counter[str]:
    """Occurrences of words in the paragraphs of ``block`` written in another language: at
    least ``FOREIGN_PARAGRAPH_SHARE`` of their words are among ``plain``, the block's
    foreign words that no Swedish word is stripped to. Only paragraphs with enough of
    them are read word by word (where they are comes from one search for them all)."""
    paragraphs: Counter[str] = Counter()
    least = math.ceil(FOREIGN_PARAGRAPH_SHARE * MIN_PARAGRAPH_WORDS)
    if not plain:
        return paragraphs
    found_at = [m.start() for m in re.finditer(
        r"(?<![^\W_])(?:" + "|".join(map(re.escape, sorted(plain, key=len, reverse=True))) + r")(?![^\W_])", block)]
    if len(found_at) < least:
        return paragraphs
    breaks = [0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(block)), len(block) + 1]
    for start, end in zip(breaks, breaks[1:]):
        hits = bisect.bisect_left(found_at, end) - bisect.bisect_left(found_at, start)
        if hits < least:
            continue
        words = OCR_WORDS.findall(block, start, end)
        if len(words) >= MIN_PARAGRAPH_WORDS and hits >= FOREIGN_PARAGRAPH_SHARE * len(words):
            paragraphs.update(words)
    return paragraphs
