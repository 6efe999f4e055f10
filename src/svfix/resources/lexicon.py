"""The Swedish lexicon: forms, frequencies, flags, the skeleton index and user words.

The data is built by ``scripts/build_lexicon.py`` into ``data/lexicon/`` and read here,
lazily, the first time a lexicon is needed. :func:`data_path` alone knows where the data
lives (inside the installed package, or in a source checkout).

Keys are lowercase forms. Each key carries a frequency on the zipf scale (log10 of
occurrences per billion words; 7 is "och", 1 is the floor for forms only a dictionary
knows) and flags:

``WORD``             a standalone word
``NAME``             a proper name (only ever written capitalised in the sources)
``COMPOUND_BEGIN``   may begin a compound (``jämställdhets`` in ``jämställdhetsarbete``)
``COMPOUND_MIDDLE``  may stand inside a compound
``COMPOUND_END``     may end a compound

The *skeleton* of a word is its lowercase form with diacritics folded (å, ä → a; ö → o;
é → e; ü → u); the skeleton index maps a skeleton to the keys that fold to it.

>>> skeleton("Jämställdhet")
'jamstalldhet'
>>> lexicon = Lexicon.default()
>>> "jämställdhet" in lexicon.variants("jamstalldhet")
True
>>> lexicon.is_word("kommunfullmäktige")
True
"""
from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataError
from .caches import BoundedCache
from .datafiles import data_path, read_array, read_trie

WORD = 1
NAME = 2
COMPOUND_BEGIN = 4
COMPOUND_MIDDLE = 8
COMPOUND_END = 16
#: Number of flag bits in a packed value; the rest is zipf * 100.
FLAG_BITS = 5
#: Flags that live only in user lexicons, above the packed bits.
USER = 1 << FLAG_BITS

_FOLD = str.maketrans("åäàáâöøéèêëüÅÄÀÁÂÖØÉÈÊËÜ", "aaaaaooeeeeuaaaaaooeeeeu")
#: The letters that skeleton() folds away, lowercase.
DIACRITIC_LETTERS = frozenset("åäàáâöøéèêëü")
#: Zipf frequency given to user words (a local name is as likely as a common word).
USER_ZIPF = 4.0
#: Zipf frequency assumed for a form the lexicon does not know.
UNKNOWN_ZIPF = -1.0
#: Word classes remembered per lexicon (see :meth:`Lexicon.classify`).
CLASS_CACHE_LIMIT = 100_000


def skeleton(word: str) -> str:
    """Lowercase ``word`` and fold its diacritics.

    >>> skeleton("FÖRSLAG"), skeleton("kommittéer"), skeleton("Müller")
    ('forslag', 'kommitteer', 'muller')
    """
    return word.lower().translate(_FOLD)


class _BaseData:
    """The built lexicon, memory-mapped once per process and shared by every Lexicon:
    the forms trie, their packed values, the skeleton index and the skeletons of every
    form (``scripts/build_lexicon.py``)."""

    __slots__ = ("forms", "values", "variant_keys", "skeletons", "get")

    def __init__(self) -> None:
        self.forms = read_trie("forms.marisa")
        self.values = read_array("forms.u16", "H")
        self.variant_keys = read_trie("variants.marisa")
        self.skeletons = read_trie("skeletons.marisa")  # the skeleton of every form
        self.get = self.forms.get

    def value(self, key: str) -> int | None:
        index = self.get(key)
        return None if index is None else self.values[index]

    def variants(self, folded: str) -> list[tuple[str, int]]:
        """(form, packed value) of the forms with diacritics whose skeleton is ``folded``."""
        keys = self.variant_keys.keys(folded + "\x01")
        if not keys:  # most strings asked about (OCR readings, compound parts) fold from no form
            return []
        prefix = len(folded) + 1
        get, values = self.get, self.values
        return sorted((key[prefix:], values[get(key[prefix:])]) for key in keys)


@functools.lru_cache(maxsize=1)
def _base_data() -> _BaseData:
    return _BaseData()


@functools.lru_cache(maxsize=1)
def _foreign_words() -> Any:
    return read_trie("foreign.marisa")


class Lexicon:
    """Swedish forms with frequencies and flags, plus user words given at run time.

    ``Lexicon.default()`` is the built lexicon. User words (local place and person
    names, terms) are added without a rebuild: ``Lexicon(words=["Hedén", "Unosson"])``
    or ``Lexicon.from_file("names.txt")``. A user word is a known word, is never changed
    when it occurs, and is a restoration target (``Koping`` → ``Köping``).

    >>> lexicon = Lexicon(words=["Brännvinsberg"])
    >>> lexicon.is_word("brännvinsberg"), lexicon.variants("brannvinsberg")
    (True, ('brännvinsberg',))
    >>> Lexicon(words=["för"]).zipf("för") > Lexicon.default().zipf("för")
    False
    """

    def __init__(self, words: Iterable[str] = ()):
        """A lexicon of the built data and ``words``: local names and terms, each a word
        that svfix knows, never changes where it occurs, and restores stripped copies of
        (whitespace inside an item separates words). Nothing is read until first use."""
        self._user: dict[str, int] = {}
        self._user_skeletons: dict[str, tuple[str, ...]] = {}
        self._add_user_words(words)
        self._classes: BoundedCache[str, WordClass] = BoundedCache("word classes", CLASS_CACHE_LIMIT)

    @classmethod
    def default(cls) -> "Lexicon":
        """The shared default lexicon (no user words)."""
        return _default_lexicon()

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], words: Iterable[str] = ()) -> "Lexicon":
        """A lexicon with the user words of a UTF-8 file, one per line (``#`` comments)."""
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            raise DataError(f"cannot read the word list {path}: {err}") from err
        listed = [line.split("#", 1)[0].strip() for line in lines]
        return cls(words=[*words, *(w for w in listed if w)])

    def with_words(self, words: Iterable[str]) -> "Lexicon":
        """A new lexicon with this one's user words and ``words``."""
        return Lexicon(words=[*self.user_words, *words])

    def _add_user_words(self, words: Iterable[str]) -> None:
        zipf_value = int(USER_ZIPF * 100) << FLAG_BITS
        for raw in words:
            for word in raw.split():
                key = word.lower()
                flags = WORD | (NAME if word[:1].isupper() else 0)
                self._user[key] = zipf_value | flags
                folded = skeleton(key)
                if folded != key:
                    known = self._user_skeletons.get(folded, ())
                    if key not in known:
                        self._user_skeletons[folded] = (*known, key)

    @property
    def user_words(self) -> tuple[str, ...]:
        return tuple(self._user)

    @property
    def metadata(self) -> dict[str, object]:
        """What the built lexicon was made from (``lexicon.json``)."""
        found: dict[str, object] = json.loads(data_path("lexicon.json").read_text(encoding="utf-8"))
        return found

    def load(self) -> "Lexicon":
        """Read the data now instead of at first use (for timing start-up apart)."""
        _base_data()
        return self

    def _value(self, key: str) -> int | None:
        base = _base_data().value(key)
        user = self._user.get(key) if self._user else None
        if user is None:
            return base
        if base is None:
            return user
        mask = (1 << FLAG_BITS) - 1
        return max(user >> FLAG_BITS, base >> FLAG_BITS) << FLAG_BITS | (base & mask) | (user & mask)

    def zipf(self, key: str) -> float:
        """Frequency of the lowercase form ``key`` on the zipf scale; 0.0 when unknown."""
        value = self._value(key)
        return 0.0 if value is None else (value >> FLAG_BITS) / 100

    def flags(self, key: str) -> int:
        value = self._value(key)
        if value is None:
            return 0
        return value & ((1 << FLAG_BITS) - 1) | (USER if key in self._user else 0)

    def is_word(self, key: str) -> bool:
        value = self._value(key)
        return value is not None and bool(value & WORD)

    def is_user_word(self, key: str) -> bool:
        return key in self._user

    def is_name(self, key: str) -> bool:
        value = self._value(key)
        return value is not None and bool(value & NAME)

    def variants(self, folded: str) -> tuple[str, ...]:
        """Keys with diacritics whose skeleton is ``folded`` (not ``folded`` itself)."""
        return tuple(key for key, _ in self.weighted_variants(folded))

    def weighted_variants(self, folded: str) -> tuple[tuple[str, float], ...]:
        """``(key, zipf)`` of the keys with diacritics whose skeleton is ``folded``."""
        found = _base_data().variants(folded)
        result: tuple[tuple[str, float], ...] = ()
        if found:
            result = tuple((key, (value >> FLAG_BITS) / 100) for key, value in found)
        elif not self._user:
            return result
        if self._user:
            extra = self._user_skeletons.get(folded, ())
            result = tuple((key, self.zipf(key)) for key, _ in result if key not in extra) + tuple(
                (key, self.zipf(key)) for key in extra
            )
        return result

    def may_fold_from(self, folded: str) -> bool:
        """Might a form of the lexicon have the skeleton ``folded``? One probe; when False,
        ``folded`` is no key and has no variants (most OCR readings of a word fold from
        no form)."""
        if folded in _base_data().skeletons:
            return True
        return bool(self._user) and (folded in self._user or folded in self._user_skeletons)

    def skeleton_test(self) -> Callable[[str], bool] | None:
        """:meth:`may_fold_from` as one bound trie probe, for loops over many strings;
        None for a lexicon with user words (ask :meth:`may_fold_from`)."""
        if self._user:
            return None
        return _base_data().skeletons.__contains__

    def folded_prefixes(self, folded: str) -> list[int] | None:
        """The lengths of the prefixes of the skeleton ``folded`` that are the skeleton of
        some form (one prefix search; the parts a compound may begin with). None for a
        lexicon with user words, whose skeletons the search does not cover."""
        if self._user:
            return None
        return [len(prefix) for prefix in _base_data().skeletons.prefixes(folded)]

    def classify(self, key: str) -> WordClass:
        """What the lexicon says about the lowercase word ``key`` (remembered).

        >>> info = Lexicon.default().classify("forslag")
        >>> info.variants, info.dominant
        (('förslag',), 'förslag')
        """
        found = self._classes.get(key)
        if found is None:
            found = self._classes[key] = _classify(key, self)
        return found

    def is_foreign(self, key: str) -> bool:
        """A frequent English, French or German word that is not also a frequent Swedish one."""
        return key in _foreign_words()

    def __repr__(self) -> str:
        return f"Lexicon(user_words={len(self._user)})"


@functools.lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return Lexicon()


def probability(zipf: float) -> float:
    """Occurrences per word of a zipf frequency."""
    return 10.0 ** (zipf - 9.0)


@dataclass(frozen=True, slots=True)
class WordClass:
    """What the lexicon says about one observed (lowercase) word."""

    key: str
    zipf: float  # 0.0 when unknown
    variants: tuple[str, ...]  # forms with diacritics that this word could be stripped from
    diacritic_share: float  # share of the class frequency carried by those variants
    dominant: str  # the most frequent form of the class


def _classify(key: str, lexicon: Lexicon) -> WordClass:
    folded = skeleton(key)
    weighted = lexicon.weighted_variants(folded)
    if folded != key:  # partly stripped: only forms that keep the diacritics already there
        weighted = tuple((v, z) for v, z in weighted if v != key and extends(key, v))
    zipf = lexicon.zipf(key)
    if not weighted:
        return WordClass(key, zipf, (), 0.0, key)
    plain = probability(zipf if zipf > 0 else UNKNOWN_ZIPF)
    weights = [probability(z) for _, z in weighted]
    share = sum(weights) / (plain + sum(weights))
    best_weight, best = max(zip(weights, (v for v, _ in weighted)))
    return WordClass(key, zipf, tuple(v for v, _ in weighted), share, best if best_weight > plain else key)


def extends(observed: str, form: str) -> bool:
    """Is ``form`` ``observed`` with some plain letters given diacritics?"""
    return len(observed) == len(form) and all(o == f or o == skeleton(f) for o, f in zip(observed, form))
