"""Language models: how likely is a word after the word before it.

Two models share one interface, ``logprob(previous, key)`` (natural log of
P(key | previous); ``previous`` None means no context):

* :class:`UnigramModel`: the lexicon's frequencies (wordfreq's general Swedish mixed
  with domain prose); context is ignored.
* :class:`BigramModel`: a word bigram model trained on clean Swedish prose by
  ``scripts/build_lm.py``, interpolated toward the unigram model with Witten–Bell
  weights (see the build script for why). This is what tells ``här`` from ``har``:
  ``klicka här``, ``har inte``.

Tokens are lowercase words (:func:`token_key`); ``<year>`` stands for a year, ``<num>``
for any other number, ``<s>`` and ``</s>`` for the edges of a sentence.

>>> unigram = UnigramModel(Lexicon.default())
>>> unigram.logprob(None, "för") > unigram.logprob(None, "for")
True
>>> bigram = BigramModel(Lexicon.default())
>>> bigram.logprob("kvinnor", "och") > bigram.logprob("kvinnor", "ock")
True
>>> bigram.logprob("och", "män") > bigram.logprob("och", "min")
True
"""
from __future__ import annotations

import functools
import math

from ..errors import DataError
from .datafiles import data_path, read_sections
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


#: Share of the plain unigram probability kept in every bigram estimate: a pair the
#: training text never showed is rare, not impossible, so context never outweighs a
#: word's own frequency by more than about ln(1 / UNIGRAM_SHARE) nats against it.
UNIGRAM_SHARE = 0.02
#: Histories whose line is longer than this are parsed into a dict on first use.
PARSE_LENGTH = 4000
#: Word pairs remembered per model before the cache is cleared.
PAIR_CACHE_LIMIT = 500_000


class UnigramModel:
    """ln P(word) from the lexicon's zipf frequencies; the context is ignored."""

    def __init__(self, lexicon: Lexicon, special: dict[str, float] | None = None):
        self.lexicon = lexicon
        self.special = {key: math.log(p) for key, p in (special or {}).items()}
        self._cache: dict[str, float] = {}

    def logprob(self, previous: str | None, key: str) -> float:
        """Natural log of P(key); unknown words get the floor frequency."""
        found = self._cache.get(key)
        if found is None:
            if key in self.special:
                found = self.special[key]
            else:
                zipf = self.lexicon.zipf(key)
                found = LN10 * ((zipf if zipf > 0 else UNKNOWN_ZIPF) - 9.0)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[key] = found
        return found


class _BigramData:
    """The history lines of bigrams.txt.gz; a continuation is found in its line by search.

    Parsing every continuation of a frequent history (``och`` has thousands) would
    cost more than all the lookups a document makes in it.
    """

    def __init__(self) -> None:
        meta, sections = read_sections(data_path("bigrams.txt.gz"), "svfix-bigrams")
        self.meta = meta
        self._lines = {line[: line.index("\t")]: line for line in sections["histories"]}
        self._heads: dict[str, tuple[int, int, str] | None] = {}
        self._parsed: dict[str, dict[str, int]] = {}

    def head(self, previous: str) -> tuple[int, int, str] | None:
        """(c(v), T(v), continuations) of the history ``previous``, or None; parsed on first use."""
        try:
            return self._heads[previous]
        except KeyError:
            pass
        line = self._lines.get(previous)
        found = None
        if line is not None:
            _, total, types, continuations = line.split("\t", 3)
            found = (int(total), int(types), " " + continuations + " ")
        self._heads[previous] = found
        return found

    def count(self, previous: str, key: str) -> int:
        """c(previous, key) as stored (0 when unseen); ``previous`` must have a head."""
        parsed = self._parsed.get(previous)
        if parsed is not None:
            return parsed.get(key, 0)
        line = self._heads[previous][2]  # type: ignore[index]
        if len(line) > PARSE_LENGTH:  # a frequent history: parse it once
            pairs = (item.rpartition(":") for item in line.split())
            parsed = self._parsed[previous] = {w: int(c) for w, _, c in pairs}
            return parsed.get(key, 0)
        probe = " " + key + ":"
        at = line.find(probe)
        if at < 0:
            return 0
        at += len(probe)
        return int(line[at:line.index(" ", at)])


@functools.lru_cache(maxsize=1)
def _bigram_data() -> _BigramData:
    try:
        return _BigramData()
    except KeyError as err:
        raise DataError(f"bigrams.txt.gz lacks the section {err}; rebuild it with scripts/build_lm.py") from err


class BigramModel:
    """ln P(key | previous), Witten–Bell interpolated with the unigram model.

    One model (and its cache of word pairs) serves every document fixed with the same
    lexicon: :class:`svfix.resources.Resources` owns it.
    """

    def __init__(self, lexicon: Lexicon):
        self.data = _bigram_data()
        unigram = self.data.meta.get("unigram", {})
        self.unigram = UnigramModel(lexicon, unigram if isinstance(unigram, dict) else None)
        self._cache: dict[tuple[str | None, str], float] = {}

    def logprob(self, previous: str | None, key: str) -> float:
        pair = (previous, key)
        found = self._cache.get(pair)
        if found is not None:
            return found
        base = self.unigram.logprob(None, key)
        head = self.data.head(previous) if previous is not None else None
        if head is None:
            found = base
        else:
            total, types, _ = head
            count = self.data.count(previous, key)  # type: ignore[arg-type]
            unigram = math.exp(base)
            bigram = (count + types * unigram) / (total + types)
            found = math.log((1.0 - UNIGRAM_SHARE) * bigram + UNIGRAM_SHARE * unigram)
        if len(self._cache) > PAIR_CACHE_LIMIT:
            self._cache.clear()
        self._cache[pair] = found
        return found
