"""Language models: how likely is a word after the word before it.

Two models share one interface, ``logprob(previous, key)`` (natural log of
P(key | previous); ``previous`` None means no context):

* :class:`UnigramModel`: the lexicon's frequencies (wordfreq's general Swedish mixed with
  the corpora of every register); context is ignored.
* :class:`NgramModel`: an interpolated Kneser–Ney trigram model trained on Swedish of
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
>>> bigram = NgramModel(Lexicon.default())
>>> bigram.logprob("kvinnor", "och") > bigram.logprob("kvinnor", "ock")
True
>>> bigram.logprob("och", "män") > bigram.logprob("och", "min")
True
>>> bigram.logprob3("kvinnor", "och", "män") > bigram.logprob3("kvinnor", "och", "man")
True
"""
from __future__ import annotations

import functools
import json
import math
from bisect import bisect_left

from .datafiles import data_path, read_array
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
PAIR_CACHE_LIMIT = 50_000
#: A word of the lexicon is never less likely in a context than a hundredth of its own
#: frequency (natural log): the corpora are a few million words, and a correct rare word
#: they never showed after its neighbour (``12 ar``: the unit) must not lose to a
#: frequent twin by the backoff weights alone.
LN_CONTEXT_FLOOR = math.log(0.01)
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

    def logprob3(self, before: str, previous: str, key: str) -> float:
        """Natural log of P(key), the context ignored."""
        return self.logprob(None, key)


class _Arrays:
    """The bigram model's arrays (``scripts/build_lm.py``), indexed by the ids of the
    lexicon's forms trie, and the probability of a word the lexicon does not know: the
    floor frequency (``UNKNOWN_ZIPF``) scaled as the lexicon's share of the lower order
    scales every form the corpora never showed, so that the gap between a rare form and
    an unknown string stays what the lexicon says."""

    __slots__ = ("get", "low", "backoff", "offsets", "following", "weights", "unknown",
                 "backoff3", "offsets3", "following3", "weights3")

    def __init__(self) -> None:
        from .lexicon import _base_data

        meta = json.loads(data_path("lm.json").read_text(encoding="utf-8"))
        self.unknown = math.log(meta["lexicon_share"]) + LN10 * (UNKNOWN_ZIPF - 9.0)
        self.get = _base_data().get
        self.low = read_array("lm-low.u16", "H")
        self.backoff = read_array("lm-backoff.u16", "H")
        self.offsets = read_array("lm-offsets.u32", "I")
        self.following = read_array("lm-next.u32", "I")
        self.weights = read_array("lm-weight.u16", "H")
        self.backoff3 = read_array("lm3-backoff.u16", "H")
        self.offsets3 = read_array("lm3-offsets.u32", "I")
        self.following3 = read_array("lm3-next.u32", "I")
        self.weights3 = read_array("lm3-weight.u16", "H")


@functools.lru_cache(maxsize=1)
def _arrays() -> _Arrays:
    return _Arrays()


def _low(key: str) -> float:
    """ln P_low(key): the lower-order distribution (continuation counts and the lexicon)."""
    data = _arrays()
    index = data.get(key)
    if index is None:
        return data.unknown
    return -data.low[index] / SCALE


class NgramModel:
    """ln P(key | history) of the interpolated Kneser–Ney trigram model (a bigram model
    with a trigram level on top).

    ``logprob(previous, key)`` is the bigram probability, ``logprob3(before, previous,
    key)`` the trigram one (it backs off to the bigram where the pair was not seen).
    User words (a :class:`Lexicon` with ``words=``) take at least the probability their
    user frequency gives. One model (and its caches) serves every document fixed with the
    same lexicon: :class:`svfix.resources.Resources` owns it.
    """

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.data = _arrays()
        self._user = lexicon.user_words and UnigramModel(lexicon)
        self._cache: dict[tuple[str | None, str], float] = {}
        self._cache3: dict[tuple[str, str, str], float] = {}
        self._low: dict[str, tuple[int | None, float]] = {}
        self._unigram = UnigramModel(lexicon)

    def _floor(self, key: str) -> float:
        """The least ln P(key | any context) of a word the lexicon knows."""
        if self._word(key)[0] is None:
            return -math.inf
        return self._unigram.logprob(None, key) + LN_CONTEXT_FLOOR

    def _word(self, key: str) -> tuple[int | None, float]:
        """(form id, ln P_low) of ``key``."""
        found = self._low.get(key)
        if found is None:
            index = self.data.get(key)
            low = self.data.unknown if index is None else -self.data.low[index] / SCALE
            if self._user and self.lexicon.is_user_word(key):
                low = max(low, self._user.logprob(None, key))
            if len(self._low) > PAIR_CACHE_LIMIT:
                self._low.clear()
            found = self._low[key] = (index, low)
        return found

    def _entry(self, history: int, index: int) -> int:
        """The bigram entry of (history, index), or -1."""
        data = self.data
        lo, hi = data.offsets[history], data.offsets[history + 1]
        at = bisect_left(data.following, index, lo, hi)
        return at if at < hi and data.following[at] == index else -1

    def _bigram(self, previous: str | None, key: str) -> tuple[float, int]:
        """(P(key | previous), the bigram entry of (previous, key) or -1)."""
        index, low = self._word(key)
        if previous is None:
            return math.exp(low), -1
        history = self._word(previous)[0]
        data = self.data
        backoff = data.backoff[history] if history is not None else NONE
        if backoff == NONE:
            return math.exp(low), -1
        probability = math.exp(low - backoff / SCALE)
        entry = self._entry(history, index) if index is not None else -1  # type: ignore[arg-type]
        if entry >= 0:
            probability += math.exp(-data.weights[entry] / SCALE)
        return probability, entry

    def logprob(self, previous: str | None, key: str) -> float:
        pair = (previous, key)
        found = self._cache.get(pair)
        if found is None:
            found = max(math.log(self._bigram(previous, key)[0]), self._floor(key))
            if len(self._cache) > PAIR_CACHE_LIMIT:
                self._cache.clear()
            self._cache[pair] = found
        return found

    def logprob3(self, before: str, previous: str, key: str) -> float:
        """ln P(key | before previous)."""
        triple = (before, previous, key)
        found = self._cache3.get(triple)
        if found is not None:
            return found
        found = self.logprob(previous, key)
        data = self.data
        history = self._word(previous)[0]
        first = self._word(before)[0]
        if history is not None and first is not None and data.backoff[first] != NONE:
            entry = self._entry(first, history)
            if entry >= 0 and data.backoff3[entry] != NONE:
                probability = math.exp(found - data.backoff3[entry] / SCALE)
                index = self._word(key)[0]
                if index is not None:
                    lo, hi = data.offsets3[entry], data.offsets3[entry + 1]
                    at = bisect_left(data.following3, index, lo, hi)
                    if at < hi and data.following3[at] == index:
                        probability += math.exp(-data.weights3[at] / SCALE)
                found = max(math.log(probability), self._floor(key))
        if len(self._cache3) > PAIR_CACHE_LIMIT:
            self._cache3.clear()
        self._cache3[triple] = found
        return found
