"""Language models: how likely is a word after the word before it.

Two models share one interface, ``logprob(previous, key)`` (natural log of
P(key | previous); ``previous`` None means no context):

* :class:`UnigramModel`: the lexicon's frequencies (wordfreq's general Swedish mixed with
  the corpora of every register); context is ignored.
* :class:`BigramModel`: an interpolated Kneser–Ney bigram model trained on Swedish of
  every register (official prose, political argument, fiction, conversation, news,
  essays) by ``scripts/build_lm.py``, its lower order mixed with the lexicon's
  frequencies so that every form of the lexicon has a probability. This is what tells
  ``här`` from ``har``: ``klicka här``, ``här ser vi``, ``har inte``.

Tokens are lowercase words (:func:`token_key`); ``<year>`` stands for a year, ``<num>``
for any other number, ``<s>`` and ``</s>`` for the edges of a sentence. The model's
arrays are memory-mapped: loading it costs microseconds.

>>> unigram = UnigramModel(Lexicon.default())
>>> unigram.logprob(None, "för") > unigram.logprob(None, "for")
True
>>> bigram = BigramModel(Lexicon.default())
>>> bigram.logprob("kvinnor", "och") > bigram.logprob("kvinnor", "ock")
True
>>> bigram.logprob("och", "män") > bigram.logprob("och", "min")
True
>>> bigram.logprob("<s>", "här") > bigram.logprob("<s>", "har") - 2.0
True
"""
from __future__ import annotations

import functools
import math

from bisect import bisect_left

from .datafiles import read_array
from .lexicon import UNKNOWN_ZIPF, Lexicon

LN10 = math.log(10.0)

#: The special tokens: the edges of a sentence, and what the model sees of numbers.
SENTENCE_START = "<s>"
SENTENCE_END = "</s>"
NUMBER = "<num>"
YEAR = "<year>"


def token_key(token: str) -> str:
    """What the language model sees of a word or a digit run.

    >>> token_key("Förslag"), token_key("2024"), token_key("12"), token_key("1632")
    ('förslag', '<year>', '<num>', '<year>')
    """
    if token.isdigit():
        if len(token) == 4 and token[0] in "12" and token[:2] in ("16", "17", "18", "19", "20"):
            return YEAR
        return NUMBER
    return token.lower()


#: Word pairs remembered per model before the cache is cleared.
PAIR_CACHE_LIMIT = 500_000
#: The stored negative log-probabilities are in thousandths of a nat; this marks none.
SCALE = 1000.0
NONE = 0xFFFF


class UnigramModel:
    """ln P(word) from the lexicon's zipf frequencies; the context is ignored."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self._cache: dict[str, float] = {}

    def logprob(self, previous: str | None, key: str) -> float:
        """Natural log of P(key); unknown words get the floor frequency."""
        found = self._cache.get(key)
        if found is None:
            if key[:1] == "<" and key[-1:] == ">":  # <s>, </s>, <num>, <year>: the model's own
                found = _low(key)
            else:
                zipf = self.lexicon.zipf(key)
                found = LN10 * ((zipf if zipf > 0 else UNKNOWN_ZIPF) - 9.0)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[key] = found
        return found


class _Arrays:
    """The bigram model's arrays (``scripts/build_lm.py``), indexed by the ids of the
    lexicon's forms trie."""

    __slots__ = ("get", "low", "backoff", "offsets", "following", "weights")

    def __init__(self) -> None:
        from .lexicon import _base_data

        self.get = _base_data().get
        self.low = read_array("lm-low.u16", "H")
        self.backoff = read_array("lm-backoff.u16", "H")
        self.offsets = read_array("lm-offsets.u32", "I")
        self.following = read_array("lm-next.u32", "I")
        self.weights = read_array("lm-weight.u16", "H")


@functools.lru_cache(maxsize=1)
def _arrays() -> _Arrays:
    return _Arrays()


#: ln P of a word the lexicon does not know (UNKNOWN_ZIPF on the zipf scale).
UNKNOWN_LOGPROB = LN10 * (UNKNOWN_ZIPF - 9.0)


def _low(key: str) -> float:
    """ln P_low(key): the lower-order distribution (continuation counts and the lexicon)."""
    data = _arrays()
    index = data.get(key)
    if index is None:
        return UNKNOWN_LOGPROB
    return -data.low[index] / SCALE


class BigramModel:
    """ln P(key | previous) of the interpolated Kneser–Ney bigram model.

    User words (a :class:`Lexicon` with ``words=``) take at least the probability their
    user frequency gives. One model (and its cache of word pairs) serves every document
    fixed with the same lexicon: :class:`svfix.resources.Resources` owns it.
    """

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.data = _arrays()
        self._user = lexicon.user_words and UnigramModel(lexicon)
        self._cache: dict[tuple[str | None, str], float] = {}
        self._low: dict[str, tuple[int | None, float]] = {}

    def _word(self, key: str) -> tuple[int | None, float]:
        """(form id, ln P_low) of ``key``."""
        found = self._low.get(key)
        if found is None:
            index = self.data.get(key)
            low = UNKNOWN_LOGPROB if index is None else -self.data.low[index] / SCALE
            if self._user and self.lexicon.is_user_word(key):
                low = max(low, self._user.logprob(None, key))
            if len(self._low) > PAIR_CACHE_LIMIT:
                self._low.clear()
            found = self._low[key] = (index, low)
        return found

    def logprob(self, previous: str | None, key: str) -> float:
        pair = (previous, key)
        found = self._cache.get(pair)
        if found is not None:
            return found
        index, low = self._word(key)
        found = low
        if previous is not None:
            history = self._word(previous)[0]
            data = self.data
            backoff = data.backoff[history] if history is not None else NONE
            if backoff != NONE:
                probability = math.exp(low - backoff / SCALE)
                if index is not None:
                    lo, hi = data.offsets[history], data.offsets[history + 1]  # type: ignore[index]
                    at = bisect_left(data.following, index, lo, hi)
                    if at < hi and data.following[at] == index:
                        probability += math.exp(-data.weights[at] / SCALE)
                found = math.log(probability)
        if len(self._cache) > PAIR_CACHE_LIMIT:
            self._cache.clear()
        self._cache[pair] = found
        return found
