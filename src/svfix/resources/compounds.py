"""Compound analysis: read an unknown word as known parts, with their diacritics.

Much of the vocabulary of Swedish protocols is compounds that no lexicon lists
(``sjöfartsstödet``, ``länsövergripande``). The analyser splits the *skeleton* of a
word into two to four parts, each the skeleton of a lexicon form that may stand in its
place (a first part may begin a compound, a last part end one; Hunspell's compound
flags, or simply being a word of four letters or more), and restores each part to its
most frequent form that fits the letters written:

    sjofartsstodet  →  sjöfarts | stödet
    jamstalldhetspolitiska  →  jämställdhets | politiska

Parts are looked up in the lexicon's indexes, never by scanning it. An analysis has a
*zipf* value, so that the language model can weigh the compound like a rare word: the
frequency of its last part (the head, which decides what the compound is), lowered by
``COMPOUND_DISCOUNT``, by ``PART_PENALTY`` for each part beyond two and by
``FREE_PENALTY`` for each first or middle part that the dictionary does not mark as a
compound part. Among readings with the same value the one with the more frequent parts
wins.

>>> analyse("sjofartsstodet", Lexicon.default()).text
'sjöfartsstödet'
>>> analyse("jamstalldhetspolitiska", Lexicon.default()).parts
('jämställdhets', 'politiska')
>>> analyse("xqzvw", Lexicon.default()) is None
True
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .caches import BoundedCache
from .lexicon import COMPOUND_BEGIN, COMPOUND_END, COMPOUND_MIDDLE, NAME, WORD, Lexicon, skeleton

#: Shortest part, in letters.
MIN_PART = 3
#: A plain word (without a compound flag) this long may begin or sit inside a compound.
MIN_FREE_PART = 4
#: Most parts in one analysis.
MAX_PARTS = 4
#: How much rarer than its rarest part a compound is taken to be (zipf).
COMPOUND_DISCOUNT = 2.5
#: Extra discount for each part beyond two (zipf).
PART_PENALTY = 1.0
#: Extra discount for a first or middle part that is a plain word without a compound flag.
FREE_PENALTY = 1.0
#: How much rarer a form that is also a proper name counts as a compound part (zipf).
NAME_PART_PENALTY = 1.5
#: Words shorter than this are not analysed.
MIN_WORD = 7
#: Analyses remembered per analyser.
CACHE_LIMIT = 50_000

_FIRST, _MIDDLE, _LAST = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Compound:
    """One reading of a word as parts: the restored parts and how likely the whole is."""

    parts: tuple[str, ...]
    zipf: float

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _fits(observed: str, form: str) -> bool:
    """Does ``form`` keep every diacritic ``observed`` has (adding only new ones)?"""
    return all(o == f or o == skeleton(f) for o, f in zip(observed, form))


def _eligible(flags: int, length: int, place: int) -> bool:
    """May a form with these flags and this length stand in this place of a compound?

    A part the dictionary marks for the place may (``läns``, ``förbund``); a plain word
    only when it has ``MIN_FREE_PART`` letters or more, as a head too: short function
    words (``när``, ``lär``) head no compound (``ljudvåg|när`` for ``ljudvagnar``).
    """
    if place == _LAST:
        return bool(flags & COMPOUND_END) and length >= MIN_PART or bool(flags & WORD) and length >= MIN_FREE_PART
    wanted = COMPOUND_BEGIN if place == _FIRST else COMPOUND_MIDDLE | COMPOUND_BEGIN
    return bool(flags & wanted) or bool(flags & WORD) and length >= MIN_FREE_PART


def _part(observed: str, lexicon: Lexicon, place: int, as_written: bool = False) -> tuple[str, float, bool] | None:
    """(form, zipf, flagged) for this stretch of the word in this place, or None.

    The most frequent form that fits; ``flagged`` when the dictionary marks it as a
    compound part for this place (rather than it being merely a word).
    """
    folded = skeleton(observed)
    best: tuple[str, float, bool] | None = None
    candidates = [(form, zipf) for form, zipf in lexicon.weighted_variants(folded)]
    if lexicon.flags(folded):
        candidates.append((folded, lexicon.zipf(folded)))
    for form, zipf in candidates:
        flags = lexicon.flags(form)
        if (form == observed if as_written else _fits(observed, form)) and _eligible(flags, len(form), place):
            if flags & NAME:  # a proper name is rarely a part of a common word (faro|sol, not fårö|sol)
                zipf -= NAME_PART_PENALTY
            if best is None or zipf > best[1]:
                wanted = COMPOUND_END if place == _LAST else COMPOUND_BEGIN | COMPOUND_MIDDLE
                best = (form, zipf, bool(flags & wanted))
    return best


class Compounds:
    """The compound analyser of one lexicon, which remembers its analyses.

    >>> compounds = Compounds(Lexicon.default())
    >>> compounds.analyse("lansovergripande").parts
    ('läns', 'övergripande')
    """

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self._restored: BoundedCache[str, Compound | None] = BoundedCache("compounds", CACHE_LIMIT)
        self._as_written: BoundedCache[str, Compound | None] = BoundedCache("compounds as written", CACHE_LIMIT)

    def analyse(self, word: str, as_written: bool = False) -> Compound | None:
        """:func:`analyse`, remembered."""
        cache = self._as_written if as_written else self._restored
        found = cache.get(word, _UNSEEN)
        if found is _UNSEEN:
            found = cache[word] = analyse(word, self.lexicon, as_written)
        return found  # type: ignore[return-value]


_UNSEEN = object()


def _part_ends(word: str, lexicon: Lexicon) -> Callable[[int], frozenset[int]] | None:
    """Where a part of ``word`` that starts at ``i`` may end: where the skeleton of
    ``word[i:j]`` is that of some form (one prefix search per start). Every other
    stretch has no form to stand for (``_part`` would find none), and is not looked up.
    None when the lexicon cannot say (user words), or when a letter of ``word`` does not
    fold one to one (then a stretch's skeleton is not a stretch of the word's)."""
    if not all(char.lower() == char for char in word):
        return None
    folded = skeleton(word)
    if len(folded) != len(word) or lexicon.folded_prefixes("") is None:
        return None
    starts: dict[int, frozenset[int]] = {}

    def ends(i: int) -> frozenset[int]:
        found = starts.get(i)
        if found is None:
            found = starts[i] = frozenset(i + length for length in lexicon.folded_prefixes(folded[i:]) or ())
        return found

    return ends


def analyse(word: str, lexicon: Lexicon, as_written: bool = False) -> Compound | None:
    """The best reading of the lowercase ``word`` as a compound of known parts, or None.

    ``as_written``: only parts spelt exactly as in ``word`` (``altar|liknande``, where
    the best reading may restore ``ältar|liknande``).

    >>> analyse("klimatval", Lexicon.default(), as_written=True).parts
    ('klimat', 'val')
    """
    result = None
    if len(word) >= MIN_WORD and word.isalpha():
        parts_cache: dict[tuple[int, int, int], tuple[str, float, bool] | None] = {}
        ends = _part_ends(word, lexicon)

        def part(i: int, j: int, place: int) -> tuple[str, float, bool] | None:
            found = parts_cache.get((i, j, place), ...)
            if found is ...:
                if ends is not None and j not in ends(i):  # no form folds to word[i:j]
                    found = parts_cache[(i, j, place)] = None
                else:
                    found = parts_cache[(i, j, place)] = _part(word[i:j], lexicon, place, as_written)
            return found

        best: tuple[tuple[float, float], tuple[str, ...]] | None = None
        n = len(word)

        def search(i: int, chosen: tuple[tuple[str, float, bool], ...], most: int) -> None:
            nonlocal best
            if len(chosen) == most - 1:  # the last part must end the word
                last = part(i, n, _LAST)
                if last is not None:
                    free = sum(1 for _, _, flagged in chosen if not flagged)
                    zipf = last[1] - COMPOUND_DISCOUNT - PART_PENALTY * (most - 2) - FREE_PENALTY * free
                    rank = (zipf, sum(z for _, z, _ in chosen) + last[1])
                    if best is None or rank > best[0]:
                        best = (rank, (*(form for form, _, _ in chosen), last[0]))
                return
            place = _FIRST if not chosen else _MIDDLE
            js = range(i + MIN_PART, n - MIN_PART + 1)
            for j in js if ends is None else sorted(ends(i).intersection(js)):
                found = part(i, j, place)
                if found is not None:
                    search(j, (*chosen, found), most)

        # Fewer parts first: a reading in two parts beats any in three.
        for most in range(2, MAX_PARTS + 1):
            search(0, (), most)
            if best is not None:
                result = Compound(best[1], best[0][0])
                break
    return result
