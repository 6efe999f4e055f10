"""Words OCR split in two or glued together: ``till sammans`` → ``tillsammans``, and a
hyphen lost after an acronym, ``CEMRdeklarationen`` → ``CEMR-deklarationen``."""
from __future__ import annotations

import math
import re

from ..config import Config
from ..resources.lexicon import Lexicon, skeleton
from .candidates import OCR, Candidate
from .decode import LanguageModel, confidence_of
from .scan import Scanned

#: An acronym glued to a lowercase word: OCR lost the hyphen (CEMRdeklarationen).
LOST_HYPHEN = re.compile(r"([A-ZÅÄÖ]{2,})([a-zåäöé]{4,})")
LOST_HYPHEN_CONFIDENCE = 0.95
#: A split word is joined only when the joined word is at least this frequent (zipf).
JOIN_ZIPF = 3.0
#: ln of the chance that OCR splits a word in two at one place.
LOG_SPLIT_RATE = math.log(0.01)
#: A change the word stage decided on: (start, end, the candidate chosen, confidence).
Choice = tuple[int, int, Candidate, float]


def joins_and_splits(
    text: str, scan: Scanned, config: Config, lexicon: Lexicon, model: LanguageModel
) -> tuple[list[Choice], set[int]]:
    """The joins and lost hyphens of a scanned region, and the indexes of the tokens they
    take: one half of a split word is no word, and the joined word is common and likelier
    than the pair."""
    edits: list[Choice] = []
    taken: set[int] = set()
    # Only a word that reads as no word at all may be half of a split one.
    starts, tokens = scan.starts, scan.tokens
    odd = {
        word for word in set(tokens)
        if (word.isalpha() and word.islower() and not _restorable(word, lexicon)) or LOST_HYPHEN.fullmatch(word)
    }
    if not odd:
        return edits, taken
    for index, word in enumerate(tokens):
        if word not in odd or index in taken:
            continue
        start = starts[index]
        lost = LOST_HYPHEN.fullmatch(word)
        if lost:
            if lexicon.is_word(lost.group(2)) and not _capital_i_for_l(word, lexicon):
                at = start + len(lost.group(1))
                hyphen = Candidate("-", "-", 0.0, OCR, "OCR lost the hyphen after an acronym")
                edits.append((at, at, hyphen, LOST_HYPHEN_CONFIDENCE))
                taken.add(index)
            continue
        for first in (index - 1, index):  # the odd word as the second half, or as the first
            if first < 0 or first + 1 >= len(tokens) or first in taken or first + 1 in taken:
                continue
            start1, word1, start2, word2 = starts[first], tokens[first], starts[first + 1], tokens[first + 1]
            if text[start1 + len(word1):start2] != " " or not (word1.isalpha() and word2.isalpha()):
                continue
            if not (word1.islower() and word2.islower()):
                continue
            joined = word1 + word2
            if lexicon.zipf(joined) < JOIN_ZIPF or not lexicon.is_word(joined):
                continue
            split_score = model.logprob(None, word1) + model.logprob(word1, word2)
            join_score = model.logprob(None, joined) + LOG_SPLIT_RATE
            confidence = confidence_of(join_score - split_score)
            if confidence >= config.min_confidence:
                reason = f"OCR split the word {joined} in two"
                edits.append((start1, start2 + len(word2), Candidate(joined, joined, 0.0, OCR, reason), confidence))
                taken.update((first, first + 1))
                break
    return edits, taken


def _restorable(word: str, lexicon: Lexicon) -> bool:
    """Is ``word`` a word, or a stripped word that the skeleton index restores?"""
    info = lexicon.classify(skeleton(word))
    return bool(info.variants) or info.zipf > 0


def _capital_i_for_l(word: str, lexicon: Lexicon) -> bool:
    """Does ``word`` read as a word with each capital I after its first letter an l
    (``EIever`` → ``Elever``, ``BIomberg`` → ``Blomberg``)? Then OCR read an l as I, and
    no hyphen was lost after an acronym.

    >>> _capital_i_for_l("EIever", Lexicon.default()), _capital_i_for_l("CEMRdeklarationen", Lexicon.default())
    (True, False)
    """
    if "I" not in word[1:]:
        return False
    return lexicon.is_word((word[0] + word[1:].replace("I", "l")).lower())
