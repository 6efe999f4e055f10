"""Decoding: choose the most probable reading of each stretch of words, and say how sure.

Where svfix has a choice there is a :class:`~svfix.words.candidates.Slot` (keep the
observed word, or one of its candidates, from any source: diacritics, OCR confusions,
compounds). The score of a reading is the sum of the language model's log-probabilities
of each token given the two before it (a trigram model; the edges of a sentence are
tokens too) and of the channel log-probabilities of the candidates chosen. A Viterbi
search over pairs of neighbouring choices finds the best reading.

The confidence of a change is the logistic of its margin: the score of the best reading
minus the score of the best reading that keeps the observed word there (a margin of
ln 9 nats gives 0.9). A change is made only when the caller's threshold
(``Config.min_confidence``) is reached.

A run of slots is decoded between the two fixed tokens on either side of it (an
*island*): with a trigram model nothing further away matters. A fixed token standing
between two slots is a slot with a single option, so that coupled choices are decided
together.

>>> from svfix.words.candidates import Candidate, Slot
>>> class Toy:
...     table = {("det", "är"): -1, ("det", "ar"): -9}
...     def logprob3(self, before, previous, key):
...         return self.table.get((previous, key), -3.0)
>>> keep = Candidate("ar", "ar", 0.0, "keep", "as written")
>>> option = Candidate("är", "är", -0.5, "diacritics", "stripped")
>>> slot = Slot(4, 6, keep, (option,))
>>> [(d.choice.text, round(d.confidence, 3)) for d in decode_island([slot], "<s>", "det", "</s>", None, Toy())]
[('är', 0.999)]
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .candidates import Candidate, Slot


class LanguageModel(Protocol):
    def logprob(self, previous: str | None, key: str) -> float: ...

    def logprob3(self, before: str, previous: str, key: str) -> float: ...


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
    """Logistic of a margin in nats, safe for any magnitude.

    >>> round(confidence_of(math.log(9)), 3), confidence_of(-1000.0) < 1e-300, confidence_of(1000.0)
    (0.9, True, 1.0)
    """
    if margin >= 0:
        return 1.0 / (1.0 + math.exp(-min(margin, 700.0)))
    z = math.exp(max(margin, -700.0))
    return z / (1.0 + z)


def _score(model: LanguageModel, before: str | None, previous: str, key: str) -> float:
    return model.logprob(previous, key) if before is None else model.logprob3(before, previous, key)


def decode_island(
    slots: Sequence[Slot], left2: str | None, left: str, right: str, right2: str | None, model: LanguageModel
) -> list[Decision]:
    """Decisions for adjacent slots between the fixed tokens ``left2 left`` and
    ``right right2`` (``left2`` None at a sentence's start, ``right2`` None at its end)."""
    if len(slots) == 1:  # the common case, without the tables
        slot = slots[0]
        keep = slot.keep
        best, best_score, keep_score = keep, -math.inf, -math.inf
        for option in (keep, *slot.options):
            key = option.key
            score = _score(model, left2, left, key) + option.cost + model.logprob3(left, key, right)
            if right2 is not None:
                score += model.logprob3(key, right, right2)
            if option is keep:
                keep_score = score
            if score > best_score:
                best, best_score = option, score
        if best is keep:
            return []
        return [Decision(slot, best, confidence_of(best_score - keep_score))]
    return _decode_run(slots, left2, left, right, right2, model)


def _decode_run(
    slots: Sequence[Slot], left2: str | None, left: str, right: str, right2: str | None, model: LanguageModel
) -> list[Decision]:
    """Viterbi over pairs of neighbouring choices, with max-marginals for the confidences."""
    states: list[tuple[Candidate, ...]] = [(slot.keep, *slot.options) for slot in slots]
    n = len(states)
    lp3 = model.logprob3
    # forward[i][(a, b)]: best score of slots[:i+1] ending with choice a at i-1 and b at i
    # (at i = 0, a is the index -1: the fixed token ``left``).
    forward: list[dict[tuple[int, int], float]] = []
    first: dict[tuple[int, int], float] = {}
    for b, option in enumerate(states[0]):
        first[(-1, b)] = _score(model, left2, left, option.key) + option.cost
    forward.append(first)
    for i in range(1, n):
        row: dict[tuple[int, int], float] = {}
        for (a, b), score in forward[i - 1].items():
            before = left if a < 0 else states[i - 2][a].key
            previous = states[i - 1][b].key
            for c, option in enumerate(states[i]):
                total = score + lp3(before, previous, option.key) + option.cost
                if total > row.get((b, c), -math.inf):
                    row[(b, c)] = total
        forward.append(row)
    # backward[i][(a, b)]: best score of the rest after choices a at i-1 and b at i
    backward: list[dict[tuple[int, int], float]] = [{} for _ in range(n)]
    for (a, b) in forward[n - 1]:
        before = left if a < 0 else states[n - 2][a].key
        key = states[n - 1][b].key
        rest = lp3(before, key, right)
        if right2 is not None:
            rest += lp3(key, right, right2)
        backward[n - 1][(a, b)] = rest
    for i in range(n - 2, -1, -1):
        for (a, b) in forward[i]:
            before = left if a < 0 else states[i - 1][a].key
            previous = states[i][b].key
            best = -math.inf
            for c, option in enumerate(states[i + 1]):
                total = lp3(before, previous, option.key) + option.cost + backward[i + 1][(b, c)]
                if total > best:
                    best = total
            backward[i][(a, b)] = best
    totals = {pair: forward[n - 1][pair] + backward[n - 1][pair] for pair in forward[n - 1]}
    best_total = max(totals.values())
    # the best path, traced forward through the max-marginals
    choice = [0] * n
    previous_choice = -1
    for i in range(n):
        candidates = [(forward[i][(a, b)] + backward[i][(a, b)], b) for (a, b) in forward[i] if a == previous_choice]
        choice[i] = max(candidates)[1]
        previous_choice = choice[i]
    decisions = []
    for i, slot in enumerate(slots):
        chosen = states[i][choice[i]]
        if chosen is slot.keep:
            continue
        keep_total = max(forward[i][pair] + backward[i][pair] for pair in forward[i] if pair[1] == 0)
        decisions.append(Decision(slot, chosen, confidence_of(best_total - keep_total)))
    return decisions
