"""Baselines svfix is measured against, run in the same process on the same texts.

* ``identity``: the input unchanged (the error rate before repair);
* ``ftfy``: ``ftfy.fix_text`` with its defaults (what many pipelines do today);
* ``most-frequent-form``: every word replaced by the most frequent form with the same
  skeleton in svfix's own lexicon (wordfreq + Hunspell + domain frequencies), case
  kept: the plain, context-free restorer that a lexicon alone gives.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import ftfy

from svfix.candidates import apply_case
from svfix.lexicon import Lexicon, skeleton

WORD = re.compile(r"[^\W\d_]+")


def identity(text: str) -> str:
    return text


def ftfy_fix(text: str) -> str:
    return ftfy.fix_text(text)


def most_frequent_form(lexicon: Lexicon | None = None) -> Callable[[str], str]:
    """A restorer that picks, for each word, its skeleton's most frequent form."""
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
            found = cache[word] = word if best == key else apply_case(word, best)
        return found

    def restore(text: str) -> str:
        return WORD.sub(lambda match: choose(match.group()), text)

    return restore
