"""The peers svfix is measured against, run in the same process on the same texts.

Each peer is a function ``str -> str`` made by :func:`make`; :data:`PEERS` lists them
with a line on what each does:

* ``identity``: the input unchanged (the error rate before repair);
* ``ftfy``: ``ftfy.fix_text`` with its defaults (what many pipelines do today);
* ``most-frequent-form``: every word replaced by the most frequent form with the same
  skeleton in svfix's own lexicon, case kept: the context-free restorer that a
  lexicon alone gives;
* ``symspell``: symspellpy (edit distance ≤ 2) with a dictionary of wordfreq's
  Swedish list, counts from its zipf frequencies: each unknown word becomes the
  most frequent word at the smallest distance;
* ``hunspell``: each word that the Hunspell sv_SE dictionary (hunspell-sv) rejects
  becomes Hunspell's first suggestion, through spylls (pure Python, so slow: about
  a second per unknown word; benchmarks run it on a sample).

``symspell`` and ``hunspell`` need the ``bench`` extra (``pip install 'svfix[bench]'``);
:func:`missing` names what is not installed, and :func:`make` raises an
``ImportError`` that says what to install. Spell-checker peers leave alone tokens
without a letter and all-capital tokens (acronyms), as spell checkers do by default.
"""
from __future__ import annotations

import importlib.util
import math
import re
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path

from .. import Lexicon, skeleton

__all__ = ["PEERS", "SLOW", "hunspell_dictionary", "make", "missing"]

#: The peers, in the order benchmarks show them, and what each is.
PEERS: dict[str, str] = {
    "identity": "the input unchanged",
    "ftfy": "ftfy.fix_text, defaults",
    "most-frequent-form": "each word's most frequent form with the same skeleton in svfix's lexicon",
    "symspell": "symspellpy, edit distance ≤ 2, wordfreq sv 'large' list",
    "hunspell": "Hunspell sv_SE (hunspell-sv) first suggestion, through spylls",
}

#: Peers too slow for a whole benchmark set: run on a sample.
SLOW = frozenset({"hunspell"})

#: What each peer needs beyond svfix's own dependencies: (module, distribution).
_NEEDS: dict[str, tuple[tuple[str, str], ...]] = {
    "symspell": (("symspellpy", "symspellpy"),),
    "hunspell": (("spylls", "spylls"),),
}

Fixer = Callable[[str], str]

#: The tokens spell-checker peers look at: runs of word characters with a letter
#: (``f6rslag`` is one token, so OCR digits inside words are seen); pure numbers and
#: underscores are left alone.
TOKEN = re.compile(r"(?=\w*[^\W\d_])[^\W_]+")
#: Words for the most-frequent-form restorer: letter runs.
LETTERS = re.compile(r"[^\W\d_]+")


def _with_case(observed: str, key: str) -> str:
    """Write the lowercase ``key`` with the case pattern of ``observed``.

    >>> _with_case("Forslag", "förslag"), _with_case("FOR", "för"), _with_case("Iamna", "lämna")
    ('Förslag', 'FÖR', 'Lämna')
    """
    if len(observed) == len(key):
        return "".join(k.upper() if o.isupper() else k for o, k in zip(observed, key))
    if observed.isupper() and len(observed) > 1:
        return key.upper()
    if observed[:1].isupper():
        return key[:1].upper() + key[1:]
    return key


def hunspell_dictionary() -> Path | None:
    """The hunspell-sv dictionary (``share/hunspell/sv_SE`` without suffix), if installed."""
    for base in (Path(sysconfig.get_path("data")), Path(sys.prefix)):
        stem = base / "share" / "hunspell" / "sv_SE"
        if stem.with_suffix(".dic").exists() and stem.with_suffix(".aff").exists():
            return stem
    return None


def missing(names: list[str] | tuple[str, ...] = tuple(PEERS)) -> list[str]:
    """The distributions that the given peers need and that are not installed.

    >>> missing(["identity", "ftfy"])
    []
    """
    absent = []
    for name in names:
        for module, distribution in _NEEDS.get(name, ()):
            if importlib.util.find_spec(module) is None and distribution not in absent:
                absent.append(distribution)
        if name == "hunspell" and hunspell_dictionary() is None and "hunspell-sv" not in absent:
            absent.append("hunspell-sv")
    return absent


def make(name: str, lexicon: Lexicon | None = None) -> Fixer:
    """The peer called ``name`` (a key of :data:`PEERS`), ready to use.

    Building may take a while (``symspell`` indexes 336,000 words in about 30 s).

    >>> make("identity")("for")
    'for'
    """
    if name not in PEERS:
        raise ValueError(f"unknown peer {name!r}; choose from {', '.join(PEERS)}")
    absent = missing([name])
    if absent:
        raise ImportError(
            f"the {name} peer needs {', '.join(absent)}: pip install 'svfix[bench]'"
        )
    if name == "identity":
        return identity
    if name == "ftfy":
        return ftfy_fix
    if name == "most-frequent-form":
        return most_frequent_form(lexicon)
    if name == "symspell":
        return symspell()
    return hunspell()


def identity(text: str) -> str:
    return text


def ftfy_fix(text: str) -> str:
    import ftfy

    return ftfy.fix_text(text)


def most_frequent_form(lexicon: Lexicon | None = None) -> Fixer:
    """A restorer that picks, for each word, its skeleton's most frequent form.

    >>> most_frequent_form()("Forslag for kommunfullmaktige")
    'Förslag för kommunfullmäktige'
    """
    lexicon = lexicon or Lexicon.default()
    cache: dict[str, str] = {}

    def choose(word: str) -> str:
        found = cache.get(word)
        if found is None:
            key = word.lower()
            best, best_zipf = key, lexicon.zipf(key)
            for variant, zipf in lexicon.weighted_variants(skeleton(key)):
                if zipf > best_zipf and len(variant) == len(key) and all(
                    k == v or k == skeleton(v) for k, v in zip(key, variant)
                ):
                    best, best_zipf = variant, zipf
            found = cache[word] = word if best == key else _with_case(word, best)
        return found

    def restore(text: str) -> str:
        return LETTERS.sub(lambda match: choose(match.group()), text)

    return restore


def _spell_checked(correct: Callable[[str], str | None]) -> Fixer:
    """A fixer that replaces each checked token by ``correct(token)`` when not None."""
    cache: dict[str, str] = {}

    def choose(word: str) -> str:
        found = cache.get(word)
        if found is None:
            if len(word) > 1 and word.isupper():
                found = word  # an acronym
            else:
                found = correct(word) or word
            cache[word] = found
        return found

    def fix(text: str) -> str:
        return TOKEN.sub(lambda match: choose(match.group()), text)

    return fix


def symspell(max_distance: int = 2) -> Fixer:
    """symspellpy with wordfreq's Swedish 'large' list (``iter_wordlist``), each word
    counted as ``10 ** zipf`` (its frequency per billion words)."""
    from symspellpy import SymSpell, Verbosity
    from wordfreq import get_frequency_dict, iter_wordlist

    frequencies = get_frequency_dict("sv", "large")  # the numbers zipf_frequency rounds
    speller = SymSpell(max_dictionary_edit_distance=max_distance, prefix_length=7)
    for word in iter_wordlist("sv", "large"):
        if LETTERS.fullmatch(word):
            zipf = round(math.log10(frequencies[word] * 1e9), 2)
            speller.create_dictionary_entry(word, max(1, round(10**zipf)))

    def correct(word: str) -> str | None:
        key = word.lower()
        found = speller.lookup(key, Verbosity.TOP, max_edit_distance=max_distance)
        if not found or found[0].term == key:
            return None
        return _with_case(word, found[0].term)

    return _spell_checked(correct)


def hunspell() -> Fixer:
    """Hunspell sv_SE through spylls: an unknown word becomes its first suggestion."""
    from spylls.hunspell import Dictionary

    stem = hunspell_dictionary()
    if stem is None:
        raise ImportError("the hunspell peer needs hunspell-sv: pip install 'svfix[bench]'")
    dictionary = Dictionary.from_files(str(stem))

    def correct(word: str) -> str | None:
        if dictionary.lookup(word):
            return None
        for suggestion in dictionary.suggest(word):
            return suggestion
        return None

    return _spell_checked(correct)
