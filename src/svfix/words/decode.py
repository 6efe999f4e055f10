"""Decoding: choose the most probable reading of each sentence, and say how sure.

A sentence is a sequence of language-model tokens; where svfix has a choice there is a
:class:`~svfix.words.candidates.Slot` (keep the observed word, or one of its candidates, from
any source: diacritics, OCR confusions, compounds). The score of a reading is the sum
of language-model log-probabilities of each token given the one before and of the
channel log-probabilities of the candidates chosen. Viterbi finds the best reading.

The confidence of a change is the logistic of its margin: the score of the best
reading minus the score of the best reading that keeps the observed word there (a
margin of ln 9 nats gives 0.9). A change is made only when the caller's threshold
(``Config.min_confidence``) is reached.

With a bigram model, slots separated by a fixed word do not influence each other, so
each run of adjacent slots (an *island*) is decoded on its own between its fixed
neighbours.

>>> from svfix.words.candidates import Candidate, Slot
>>> class Toy:
...     table = {("<s>", "det"): -1, ("det", "är"): -1, ("det", "ar"): -9, ("är", "</s>"): -1, ("ar", "</s>"): -3}
...     def logprob(self, previous, key):
...         return self.table.get((previous, key), -12.0)
>>> keep = Candidate("ar", "ar", 0.0, "keep", "as written")
>>> option = Candidate("är", "är", -0.5, "diacritics", "stripped")
>>> [(d.choice.text, round(d.confidence, 3)) for d in decode_sentence(["det", Slot(4, 6, keep, (option,))], Toy())]
[('är', 1.0)]
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..resources.lm import SENTENCE_END, SENTENCE_START
from .candidates import Candidate, Slot


class LanguageModel(Protocol):
    def logprob(self, previous: str | None, key: str) -> float: ...


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


def decode_sentence(items: Sequence[str | Slot], model: LanguageModel) -> list[Decision]:
    """Decisions for the slots of one sentence whose best reading changes the word.

    ``items`` are the sentence's tokens in order: a lowercase key for a fixed word, a
    Slot where there is a choice. Sentence edges are added here.
    """
    decisions: list[Decision] = []
    n = len(items)
    i = 0
    while i < n:
        if not isinstance(items[i], Slot):
            i += 1
            continue
        j = i
        while j + 1 < n and isinstance(items[j + 1], Slot):
            j += 1
        left = items[i - 1] if i > 0 else SENTENCE_START
        right = items[j + 1] if j + 1 < n else SENTENCE_END
        island = [item for item in items[i:j + 1] if isinstance(item, Slot)]
        decisions.extend(decode_island(island, left, right, model))  # type: ignore[arg-type]
        i = j + 1
    return decisions


def decode_island(slots: Sequence[Slot], left: str, right: str, model: LanguageModel) -> list[Decision]:
    """Decisions for adjacent slots between the fixed tokens ``left`` and ``right``."""
    lp = model.logprob
    if len(slots) == 1:  # the common case, without the tables
        slot = slots[0]
        keep = slot.keep
        keep_score = lp(left, keep.key) + keep.cost + lp(keep.key, right)
        best, best_score = keep, keep_score
        for option in slot.options:
            score = lp(left, option.key) + option.cost + lp(option.key, right)
            if score > best_score:
                best, best_score = option, score
        if best is keep:
            return []
        return [Decision(slot, best, confidence_of(best_score - keep_score))]
    states = [(slot.keep, *slot.options) for slot in slots]
    # forward[i][k]: best score of a reading of slots[:i+1] that ends in states[i][k]
    forward: list[list[float]] = []
    back: list[list[int]] = []
    for i, options in enumerate(states):
        row: list[float] = []
        pointers: list[int] = []
        for option in options:
            if i == 0:
                row.append(lp(left, option.key) + option.cost)
                pointers.append(-1)
                continue
            top, arg = -math.inf, 0
            for k, previous in enumerate(states[i - 1]):
                score = forward[i - 1][k] + lp(previous.key, option.key)
                if score > top:
                    top, arg = score, k
            row.append(top + option.cost)
            pointers.append(arg)
        forward.append(row)
        back.append(pointers)
    # backward[i][k]: best score of the rest of the sentence after states[i][k]
    last = len(states) - 1
    backward: list[list[float]] = [[] for _ in states]
    backward[last] = [lp(option.key, right) for option in states[last]]
    for i in range(last - 1, -1, -1):
        nxt = states[i + 1]
        backward[i] = [
            max(lp(option.key, following.key) + following.cost + backward[i + 1][k] for k, following in enumerate(nxt))
            for option in states[i]
        ]
    totals = [forward[last][k] + backward[last][k] for k in range(len(states[last]))]
    best_total = max(totals)
    path = [max(range(len(totals)), key=totals.__getitem__)]
    for i in range(last, 0, -1):
        path.append(back[i][path[-1]])
    path.reverse()
    decisions = []
    for i, slot in enumerate(slots):
        choice = states[i][path[i]]
        if choice is slot.keep:
            continue
        keep_total = forward[i][0] + backward[i][0]
        decisions.append(Decision(slot, choice, confidence_of(best_total - keep_total)))
    return decisions
