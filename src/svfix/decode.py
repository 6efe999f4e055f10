"""Decoding: choose, for each slot, between keeping the word and its candidates.

Score of a candidate = language model log-probability + channel log-probability. The
confidence of a change is the logistic of the margin between the best candidate and
keeping the observed word: a margin of ln 9 nats gives 0.9. A change is made only when
that confidence reaches ``min_confidence``.

>>> from svfix.candidates import Candidate, Slot
>>> class Flat:
...     def logprob(self, previous, key):
...         return {"för": -5.0, "for": -11.0}.get(key, -20.0)
>>> keep = Candidate("for", "for", 0.0, "keep", "as written")
>>> option = Candidate("för", "för", -0.1, "diacritics", "stripped")
>>> decision = decide(Slot(0, 3, keep, (option,)), Flat())
>>> decision.choice.text, round(decision.confidence, 3)
('för', 0.997)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .candidates import Candidate, Slot


@dataclass(frozen=True, slots=True)
class Decision:
    """The chosen candidate for a slot and how sure the decoder is of the change."""

    slot: Slot
    choice: Candidate
    confidence: float

    @property
    def changed(self) -> bool:
        return self.choice is not self.slot.keep


def confidence_of(margin: float) -> float:
    """Logistic of a margin in nats, safe for any magnitude."""
    if margin >= 0:
        return 1.0 / (1.0 + math.exp(-min(margin, 700.0)))
    z = math.exp(max(margin, -700.0))
    return z / (1.0 + z)


def decide(slot: Slot, model, previous: str | None = None) -> Decision:
    """The best candidate of one slot under ``model`` (an object with ``logprob``)."""
    keep_score = model.logprob(previous, slot.keep.key) + slot.keep.channel
    best, best_score = slot.keep, keep_score
    for option in slot.options:
        score = model.logprob(previous, option.key) + option.channel
        if score > best_score:
            best, best_score = option, score
    if best is slot.keep:
        return Decision(slot, best, 0.0)
    return Decision(slot, best, confidence_of(best_score - keep_score))
