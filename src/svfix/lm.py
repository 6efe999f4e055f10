"""Language model: how likely is a word (in its context).

The foundation model is a unigram model on the lexicon's frequencies, which mix
wordfreq's general Swedish with domain prose. The context model (a bigram model with
backoff) plugs in behind the same interface: ``logprob(previous, key)``.

>>> model = UnigramModel(Lexicon.default())
>>> model.logprob(None, "för") > model.logprob(None, "for")
True
"""
from __future__ import annotations

import math

from .lexicon import Lexicon
from .profile import UNKNOWN_ZIPF

LN10 = math.log(10.0)


class UnigramModel:
    """ln P(word) from the lexicon's zipf frequencies; the context is ignored."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    def logprob(self, previous: str | None, key: str) -> float:
        """Natural log of P(key | previous); unknown words get the floor frequency."""
        zipf = self.lexicon.zipf(key)
        return LN10 * ((zipf if zipf > 0 else UNKNOWN_ZIPF) - 9.0)
