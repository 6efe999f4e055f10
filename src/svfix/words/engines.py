"""The kind of OCR engine a document looks like, and the rates of the confusions that
kind makes (learned from whole pages of each kind: ``eng``, ``swehard`` in
:mod:`svfix.words.confusions`)."""
from __future__ import annotations

import math
from collections.abc import Mapping

from .confusions import CONFUSIONS, ENGINE_DAMAGE

#: Rates below this in a kind's table count as this (a confusion that kind never showed).
ENGINE_RATE_FLOOR = 1e-5
#: An engine's confusion this frequent (after scaling) is looked for without evidence in
#: the document itself.
MIN_ENGINE_RATE = 2e-3


def engine_prior(shares: Mapping[str, float]) -> dict[str, float]:
    """Rates of every confusion that the kind of engine the document looks like makes,
    scaled by how damaged the document is (``shares``: :func:`engine_shares`).

    A document's own evidence counts only words that a confusion turns from unknown into
    known; a misreading that makes another word (``art`` for ``att``, ``år`` for ``är``)
    leaves no such trace. The rates learned from whole pages of each kind of engine
    (``eng``, ``swehard`` in the table) hold them all. Which kind the document is comes
    from the confusions it does show (the log-likelihood ratio of their counts under
    each kind's rates); how much of that kind's damage, from its share of explained
    words against that of the training pages (``ENGINE_DAMAGE``).
    """
    prior: dict[str, float] = {}
    for kind, share in shares.items():
        for confusion in CONFUSIONS:
            rate = share * getattr(confusion, kind)
            if rate >= MIN_ENGINE_RATE:
                prior[confusion.name] = prior.get(confusion.name, 0.0) + rate
    return prior


def engine_shares(explained: Mapping[str, float], damage: float) -> dict[str, float]:
    """How much of each kind of engine's damage the document shows: the kind's likelihood
    given the confusions the document shows, times its damage against that of the
    training pages (at most 1)."""
    kinds = tuple(ENGINE_DAMAGE)
    if not kinds:
        return {}
    score = dict.fromkeys(kinds, 0.0)
    for confusion in CONFUSIONS:
        count = explained.get(confusion.name, 0.0)
        if count:
            for kind in kinds:
                score[kind] += count * math.log(max(getattr(confusion, kind), ENGINE_RATE_FLOOR))
    best = max(score.values())
    weights = {kind: math.exp(value - best) for kind, value in score.items()}
    total = sum(weights.values())
    return {kind: weights[kind] / total * min(1.0, damage / ENGINE_DAMAGE[kind]) for kind in kinds}
