"""Baselines svfix is measured against, run in the same process on the same texts.

They live in the package (:mod:`svfix.baselines`, so that ``svfix bench --compare`` can
run them); this module keeps the names benchmarks/run.py uses:

* ``identity``: the input unchanged (the error rate before repair);
* ``ftfy``: ``ftfy.fix_text`` with its defaults (what many pipelines do today);
* ``most-frequent-form``: every word replaced by the most frequent form with the same
  skeleton in svfix's own lexicon (wordfreq + Hunspell + domain frequencies), case
  kept: the plain, context-free restorer that a lexicon alone gives.

symspellpy and Hunspell (spylls) are there too: ``svfix.baselines.make("symspell")``.
"""
from __future__ import annotations

from svfix.baselines import PEERS, SLOW, ftfy_fix, identity, make, missing, most_frequent_form

__all__ = ["PEERS", "SLOW", "ftfy_fix", "identity", "make", "missing", "most_frequent_form"]
