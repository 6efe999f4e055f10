"""Edits made by stages, and the changes they add up to in the ORIGINAL input.

A stage proposes :class:`Edit` objects: replacements on the text as that stage sees it.
A :class:`ChangeLog` applies them and, when an explanation is asked for, composes them
across stages into :class:`Change` objects whose spans are offsets in the original input,
so that a review report can highlight them and an archive format can write them back.
Edits of different stages that touch the same stretch of the original merge into one
change that names every stage and reason (``encoding+diacritics``).

>>> log = ChangeLog("Forslag ja&auml;", explain=True)
>>> text = log.apply("encoding", "Forslag ja&auml;", [Edit(10, 16, "ä", "html-entity")])
>>> text = log.apply("diacritics", text, [Edit(0, 7, "Förslag", "stripped", 0.9)])
>>> text
'Förslag jaä'
>>> [(c.start, c.end, c.old, c.new, c.stage) for c in log.changes(text)]
[(0, 7, 'Forslag', 'Förslag', 'diacritics'), (10, 16, '&auml;', 'ä', 'encoding')]
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` by ``new``, for ``reason``, with ``confidence`` in [0, 1].

    ``stage`` names the stage when it differs from the one applying the batch (the word
    stages apply the decisions of several candidate sources at once).
    """

    start: int
    end: int
    new: str
    reason: str
    confidence: float = 1.0
    stage: str | None = None


@dataclass(frozen=True, slots=True, order=True)
class Change:
    """One change svfix made, as a span of the ORIGINAL input.

    ``input[start:end] == old``; replacing every change's ``old`` by its ``new`` in the
    input gives the output. ``stage`` names the stage (``encoding``, ``diacritics``, ...;
    ``a+b`` when stages worked on the same stretch), ``reason`` says why, and
    ``confidence`` is how sure svfix is (1.0 for deterministic repairs).
    """

    start: int
    end: int
    old: str
    new: str
    stage: str
    reason: str
    confidence: float


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply sorted, non-overlapping edits.

    >>> apply_edits("abc", [Edit(0, 1, "A", "x"), Edit(2, 3, "", "y")])
    'Ab'
    """
    return replace_spans(text, [(edit.start, edit.end, edit.new) for edit in edits])


def replace_spans(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """Replace each ``text[start:end]`` by ``new``; the spans are sorted and do not overlap.

    >>> replace_spans("abc", [(0, 1, "A"), (2, 3, "")])
    'Ab'
    """
    parts: list[str] = []
    append = parts.append
    pos = 0
    for start, end, new in spans:
        if start < pos or end < start:
            raise ValueError(f"edits overlap or are unsorted at {(start, end, new)}")
        append(text[pos:start])
        append(new)
        pos = end
    append(text[pos:])
    return "".join(parts)


class _Span:
    """A stretch of the original input (o_*) and what it became in the current text (c_*)."""

    __slots__ = ("o_start", "o_end", "c_start", "c_end", "steps")

    def __init__(self, o_start: int, o_end: int, c_start: int, c_end: int, steps: tuple[tuple[str, str, float], ...]):
        self.o_start, self.o_end, self.c_start, self.c_end, self.steps = o_start, o_end, c_start, c_end, steps

    @property
    def growth(self) -> int:
        return (self.c_end - self.c_start) - (self.o_end - self.o_start)

    def overlaps(self, start: int, end: int) -> bool:
        """Does the current-text range [start, end) overlap or touch this span's inside?"""
        if self.c_start < end and self.c_end > start:
            return True
        if start == end:  # an insertion inside or at the edge of the span
            return self.c_start <= start <= self.c_end
        if self.c_start == self.c_end:  # a deletion inside or at the edge of the edit
            return start <= self.c_start <= end
        return False


class ChangeLog:
    """Applies the edits of each stage and, if ``explain``, maps them to the original.

    With ``explain=False`` it only applies edits: the plain ``fix()`` path pays nothing
    for explanations.
    """

    def __init__(self, original: str, explain: bool):
        self.original = original
        self.explain = explain
        self._spans: list[_Span] = []

    def apply(self, stage: str, text: str, edits: Sequence[Edit]) -> str:
        """Apply ``edits`` (sorted, non-overlapping, on ``text``) and return the new text."""
        if not edits:
            return text
        new_text = apply_edits(text, edits)
        if self.explain:
            self._compose(stage, edits)
        return new_text

    def apply_rounds(self, stage: str, text: str, fixers: Sequence[Callable[[str], Sequence[Edit]]], rounds: int) -> str:
        """Run ``fixers`` in order, each one's edits applied, round after round until the
        text stops changing (at most ``rounds`` rounds); return the text."""
        for _ in range(rounds):
            before = text
            for fixer in fixers:
                text = self.apply(stage, text, fixer(text))
            if text == before:
                break
        return text

    def _compose(self, stage: str, edits: Sequence[Edit]) -> None:
        """Merge this stage's edits into the spans, in one pass over both lists."""
        old = self._spans
        out: list[_Span] = []
        i, n = 0, len(old)
        behind = 0  # growth of the old spans already passed: orig = cur - behind outside spans
        shift = 0  # growth of this stage's edits in finished groups
        group: list = []  # [c_left, c_right, o_left, o_right, steps, growth] in old current coordinates

        def close() -> None:
            nonlocal shift
            c_left, c_right, o_left, o_right, steps, growth = group
            start = c_left + shift
            out.append(_Span(o_left, o_right, start, start + (c_right - c_left) + growth, steps))
            shift += growth
            group.clear()

        for edit in edits:
            s, t = edit.start, edit.end
            if group and s >= group[1]:
                close()
            merged: list[_Span] = []
            while i < n:
                span = old[i]
                if span.overlaps(s, t):
                    merged.append(span)
                elif span.c_end <= s and not merged:
                    out.append(_Span(span.o_start, span.o_end, span.c_start + shift, span.c_end + shift, span.steps))
                    behind += span.growth
                else:
                    break
                i += 1
            c_left, o_left = s, s - behind
            if merged and merged[0].c_start <= s:
                c_left, o_left = merged[0].c_start, merged[0].o_start
            merged_growth = sum(span.growth for span in merged)
            c_right, o_right = t, t - behind - merged_growth
            if merged and merged[-1].c_end >= t:
                c_right, o_right = merged[-1].c_end, merged[-1].o_end
            steps = tuple(step for span in merged for step in span.steps) + (
                (edit.stage or stage, edit.reason, edit.confidence),
            )
            growth = len(edit.new) - (t - s)
            if group:  # the edit falls inside a span the group already took
                if c_right >= group[1]:
                    group[1], group[3] = c_right, o_right
                group[4] += steps
                group[5] += growth
            else:
                group[:] = [c_left, c_right, o_left, o_right, steps, growth]
            behind += merged_growth
        if group:
            close()
        for span in old[i:]:
            out.append(_Span(span.o_start, span.o_end, span.c_start + shift, span.c_end + shift, span.steps))
        self._spans = out

    def changes(self, text: str) -> list[Change]:
        """The changes, as spans of the original input, given the final ``text``."""
        result = []
        for span in self._spans:
            old = self.original[span.o_start:span.o_end]
            new = text[span.c_start:span.c_end]
            if old == new:
                continue
            stages: list[str] = []
            for stage, _, _ in span.steps:
                if stage not in stages:
                    stages.append(stage)
            reasons: list[str] = []
            for _, reason, _ in span.steps:
                if reason not in reasons:
                    reasons.append(reason)
            confidence = min(conf for _, _, conf in span.steps)
            result.append(Change(span.o_start, span.o_end, old, new, "+".join(stages), "; ".join(reasons), confidence))
        return result
