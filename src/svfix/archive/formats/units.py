"""The text of a structured document, and the engine's changes mapped back onto its words.

An archive format holds its text in small pieces with geometry: ALTO ``String``
elements, hOCR ``ocrx_word`` spans, PAGE ``Word`` elements. Each such piece is a
:class:`Unit`. :func:`assemble` joins them into the text the engine corrects, one
line per text line and a blank line between blocks::

    units of a block's lines      text
    [[Forslag, for], [beslut]]    "Forslag for\\nbeslut"

and :func:`map_changes` maps the engine's changes (spans of that text) back onto the
units. The policy for a change that is not inside one unit:

- a change inside one unit is applied to that unit;
- a change that spans several units is applied only if its new text keeps the same
  separators (the same spaces and line breaks between the same number of pieces), so
  that every unit gets its own piece: ``"for beslut"`` → ``"för beslut"`` is split onto
  the two units;
- anything else — a merge of two words into one (``"f ör"`` → ``"för"``), a split of
  one word into two, a change to the separators only (joining lines, removing a page
  header) — is *not* applied: the units, and so the geometry, stay as they are, and
  the change is counted in ``not_applied``;
- a unit marked read-only (a word whose markup cannot be rewritten safely) takes no
  change.

The changes that were applied keep their spans in the assembled text; applying them
to that text gives exactly the assembled text of the corrected units.

Every step is linear in the size of the document: a unit is a small slotted object,
the spans are flat arrays, each change is located by bisection and spliced into its
unit once.

>>> units = [[[Unit("Forslag"), Unit("for")], [Unit("beslut")]]]
>>> text, spans = assemble(units)
>>> text
'Forslag for\\nbeslut'
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ...changes import Change

_SEPARATORS = re.compile(r"(\s+)")


@dataclass(eq=False, slots=True)
class Unit:
    """A piece of a document's text that is written back in place."""

    text: str
    ref: Any = None  # what the adapter needs to write it back (its own kind per format)
    editable: bool = True
    new: str | None = None  # the corrected text, once mapped
    edits: list[tuple[int, int, str]] | None = None  # while mapping: (start, end, new) in text
    confidence: float | None = None  # the OCR engine's confidence in the word (0 to 1), when the file has it

    @property
    def corrected(self) -> str:
        return self.text if self.new is None else self.new


Blocks = Sequence[Sequence[Sequence[Unit]]]


class Spans:
    """Where each unit lies in the assembled text: ``starts[i]``, ``ends[i]`` of ``units[i]``."""

    __slots__ = ("starts", "ends", "units")

    def __init__(self) -> None:
        self.starts = array("q")
        self.ends = array("q")
        self.units: list[Unit] = []

    def __len__(self) -> int:
        return len(self.units)

    def __iter__(self) -> Iterator[tuple[int, int, Unit]]:
        return zip(self.starts, self.ends, self.units)

    def at(self, offset: int) -> int:
        """The index of the last unit starting at or before ``offset`` (-1: none)."""
        return bisect_right(self.starts, offset) - 1


def assemble(blocks: Blocks, corrected: bool = False) -> tuple[str, Spans]:
    """The text of ``blocks`` (blocks of lines of units) and each unit's span in it.

    Empty lines and blocks are left out. ``corrected``: use the units' corrected text.
    """
    parts: list[str] = []
    spans = Spans()
    starts, ends, units = spans.starts, spans.ends, spans.units
    position = 0
    first_block = True
    for block in blocks:
        lines = [line for line in block if line]
        if not lines:
            continue
        if not first_block:
            parts.append("\n\n")
            position += 2
        first_block = False
        for line_number, line in enumerate(lines):
            if line_number:
                parts.append("\n")
                position += 1
            for index, unit in enumerate(line):
                if index:
                    parts.append(" ")
                    position += 1
                value = unit.corrected if corrected else unit.text
                starts.append(position)
                position += len(value)
                ends.append(position)
                units.append(unit)
                parts.append(value)
    return "".join(parts), spans


def map_changes(text: str, spans: Spans, changes: Sequence[Change]) -> tuple[list[Change], int]:
    """Apply ``changes`` (spans of ``text``) to the units; return the changes applied and
    how many could not be (see the module docstring for the policy).

    >>> units = [Unit("Forslag"), Unit("for"), Unit("f"), Unit("or")]
    >>> text, spans = assemble([[units]])
    >>> changes = [Change(0, 7, "Forslag", "Förslag", "diacritics", "", 0.9),
    ...            Change(12, 16, "f or", "för", "ocr", "merge", 0.9)]
    >>> applied, not_applied = map_changes(text, spans, changes)
    >>> [u.corrected for u in units], len(applied), not_applied
    (['Förslag', 'for', 'f', 'or'], 1, 1)
    """
    applied: list[Change] = []
    not_applied = 0
    edited: list[Unit] = []
    for change in changes:
        local = _locate(text, spans, change)
        if local is None or not all(unit.editable for unit, _, _, _ in local):
            not_applied += 1
            continue
        for unit, start, end, new in local:
            if unit.edits is None:
                unit.edits = []
                edited.append(unit)
            unit.edits.append((start, end, new))
        applied.append(change)
    for unit in edited:
        unit.new = _spliced(unit.text, unit.edits or [])
        unit.edits = None
    return applied, not_applied


def _spliced(value: str, edits: list[tuple[int, int, str]]) -> str:
    """``value`` with every edit (start, end, new) made, in one pass.

    >>> _spliced("forslag for", [(9, 10, "ö"), (1, 2, "ö")])
    'förslag för'
    """
    parts = []
    position = 0
    for start, end, new in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        parts.append(value[position:start])
        parts.append(new)
        position = max(position, end)
    parts.append(value[position:])
    return "".join(parts)


def _locate(text: str, spans: Spans, change: Change) -> list[tuple[Unit, int, int, str]] | None:
    """The per-unit edits (unit, start, end, new) that make up ``change``, or None."""
    s, e = change.start, change.end
    starts, ends, units = spans.starts, spans.ends, spans.units
    i = spans.at(s)
    if i >= 0 and starts[i] <= s and e <= ends[i]:  # inside one unit (an insertion at its edge too)
        return [(units[i], s - starts[i], e - starts[i], change.new)]
    # Several units: the change must begin and end inside units ...
    first = i if i >= 0 and starts[i] <= s < ends[i] else None
    last = spans.at(e - 1) if e > s else -1
    if first is None or last < first or not (starts[last] < e <= ends[last]):
        return None
    region_start, region_end = starts[first], ends[last]
    new_region = text[region_start:s] + change.new + text[e:region_end]
    # ... and keep the separators between the same number of pieces.
    count = last - first + 1
    old_pieces = _SEPARATORS.split(text[region_start:region_end])
    new_pieces = _SEPARATORS.split(new_region)
    if len(old_pieces) != len(new_pieces) or len(old_pieces) != 2 * count - 1:
        return None
    if old_pieces[1::2] != new_pieces[1::2]:
        return None
    edits = []
    for k, piece in zip(range(first, last + 1), new_pieces[0::2]):
        u_start, u_end, unit = starts[k], ends[k], units[k]
        lo = max(s, u_start) - u_start
        hi = min(e, u_end) - u_start
        keep_before, keep_after = unit.text[:lo], unit.text[hi:]
        if not (piece.startswith(keep_before) and piece.endswith(keep_after)) or len(piece) < lo + len(keep_after):
            return None
        edits.append((unit, lo, hi, piece[lo:len(piece) - len(keep_after)]))
    return edits


def touched(spans: Spans, changes: Sequence[Change]) -> list[list[Unit]]:
    """For each change (applied, so inside units), the units it touches; each change is
    found by bisection and only its own units are visited."""
    starts, ends, units = spans.starts, spans.ends, spans.units
    found_all = []
    for change in changes:
        i = max(spans.at(change.start), 0)
        found = []
        k = i
        while k < len(units):
            start = starts[k]
            if start > change.end or (start == change.end and change.end > change.start):
                break
            if ends[k] >= change.start:
                found.append(units[k])
            k += 1
        found_all.append(found or [units[i]])
    return found_all


#: Longest stretch (characters, each side) that :func:`split_like` aligns character by
#: character; a longer one (a word of a million letters) is cut in proportion.
ALIGN_LIMIT = 2000


def split_like(old_full: str, new_full: str, boundary: int) -> int:
    """Where ``boundary`` (an offset in ``old_full``) falls in ``new_full``, by aligning the two.

    Used to cut a corrected hyphenated word back into its two parts. The common start
    and end are matched first; only what differs between them is aligned character by
    character (up to :data:`ALIGN_LIMIT` characters, else in proportion), so the cost is
    linear in the length of the word.

    >>> split_like("jamstalldhetsintegrering", "jämställdhetsintegrering", 13)
    13
    >>> split_like("forvaltning", "förvaltning", 3)
    3
    """
    from difflib import SequenceMatcher

    if boundary >= len(old_full):
        return len(new_full)
    limit = min(len(old_full), len(new_full))
    prefix = _common(limit, lambda k: old_full[:k] == new_full[:k])
    if boundary < prefix:
        return boundary
    suffix = _common(limit - prefix, lambda k: old_full[len(old_full) - k:] == new_full[len(new_full) - k:])
    old_middle = old_full[prefix:len(old_full) - suffix]
    new_middle = new_full[prefix:len(new_full) - suffix]
    if boundary >= len(old_full) - suffix:
        return len(new_full) - (len(old_full) - boundary)
    local = boundary - prefix
    if len(old_middle) > ALIGN_LIMIT or len(new_middle) > ALIGN_LIMIT:
        return prefix + round(local * len(new_middle) / max(len(old_middle), 1))
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_middle, new_middle, autojunk=False).get_opcodes():
        if i1 <= local < i2:
            if tag == "equal":
                return prefix + j1 + (local - i1)
            return prefix + j1 + round((local - i1) * (j2 - j1) / (i2 - i1))
    return prefix + len(new_middle)


def _common(limit: int, same: Callable[[int], bool]) -> int:
    """The largest ``k <= limit`` with ``same(k)`` (``same`` holds up to some length and
    not beyond): doubling, then bisection, each test a comparison of slices in C.

    >>> _common(11, lambda k: "forvaltning"[:k] == "förvaltning"[:k])
    1
    """
    good, step = 0, 1
    while good + step <= limit and same(good + step):
        good += step
        step *= 2
    bad = min(good + step, limit + 1)
    while bad - good > 1:
        middle = (good + bad) // 2
        if same(middle):
            good = middle
        else:
            bad = middle
    return good
