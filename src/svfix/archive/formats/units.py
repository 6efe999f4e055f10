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

>>> units = [[[Unit("Forslag"), Unit("for")], [Unit("beslut")]]]
>>> text, spans = assemble(units)
>>> text
'Forslag for\\nbeslut'
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ...changes import Change

_SEPARATORS = re.compile(r"(\s+)")


@dataclass(eq=False)
class Unit:
    """A piece of a document's text that is written back in place."""

    text: str
    ref: Any = None  # what the adapter needs to write it back (its own kind per format)
    editable: bool = True
    new: str | None = None  # the corrected text, once mapped
    edits: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def corrected(self) -> str:
        return self.text if self.new is None else self.new


Blocks = Sequence[Sequence[Sequence[Unit]]]


def assemble(blocks: Blocks, corrected: bool = False) -> tuple[str, list[tuple[int, int, Unit]]]:
    """The text of ``blocks`` (blocks of lines of units) and each unit's span in it.

    Empty lines and blocks are left out. ``corrected``: use the units' corrected text.
    """
    parts: list[str] = []
    spans: list[tuple[int, int, Unit]] = []
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
                spans.append((position, position + len(value), unit))
                parts.append(value)
                position += len(value)
    return "".join(parts), spans


def map_changes(text: str, spans: list[tuple[int, int, Unit]], changes: Sequence[Change]) -> tuple[list[Change], int]:
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
    starts = [start for start, _, _ in spans]
    applied: list[Change] = []
    not_applied = 0
    for change in changes:
        local = _locate(text, spans, starts, change)
        if local is None or not all(unit.editable for unit, _, _, _ in local):
            not_applied += 1
            continue
        for unit, start, end, new in local:
            unit.edits.append((start, end, new))
        applied.append(change)
    for _, _, unit in spans:
        if unit.edits:
            value = unit.text
            for start, end, new in sorted(unit.edits, reverse=True):
                value = value[:start] + new + value[end:]
            unit.new = value
            unit.edits.clear()
    return applied, not_applied


def _locate(text: str, spans, starts, change: Change) -> list[tuple[Unit, int, int, str]] | None:
    """The per-unit edits (unit, start, end, new) that make up ``change``, or None."""
    s, e = change.start, change.end
    i = bisect_right(starts, s) - 1
    if i >= 0:
        u_start, u_end, unit = spans[i]
        if u_start <= s and e <= u_end:  # inside one unit (an insertion at its edge too)
            return [(unit, s - u_start, e - u_start, change.new)]
    # Several units: the change must begin and end inside units ...
    first = i if i >= 0 and spans[i][0] <= s < spans[i][1] else None
    last_index = bisect_right(starts, e - 1) - 1 if e > s else -1
    if first is None or last_index < first or not (spans[last_index][0] < e <= spans[last_index][1]):
        return None
    touched = spans[first:last_index + 1]
    region_start, region_end = touched[0][0], touched[-1][1]
    new_region = text[region_start:s] + change.new + text[e:region_end]
    # ... and keep the separators between the same number of pieces.
    old_pieces = _SEPARATORS.split(text[region_start:region_end])
    new_pieces = _SEPARATORS.split(new_region)
    if len(old_pieces) != len(new_pieces) or len(old_pieces) != 2 * len(touched) - 1:
        return None
    if old_pieces[1::2] != new_pieces[1::2]:
        return None
    edits = []
    for (u_start, u_end, unit), piece in zip(touched, new_pieces[0::2]):
        lo = max(s, u_start) - u_start
        hi = min(e, u_end) - u_start
        keep_before, keep_after = unit.text[:lo], unit.text[hi:]
        if not (piece.startswith(keep_before) and piece.endswith(keep_after)) or len(piece) < lo + len(keep_after):
            return None
        edits.append((unit, lo, hi, piece[lo:len(piece) - len(keep_after)]))
    return edits


def split_like(old_full: str, new_full: str, boundary: int) -> int:
    """Where ``boundary`` (an offset in ``old_full``) falls in ``new_full``, by aligning the two.

    Used to cut a corrected hyphenated word back into its two parts.

    >>> split_like("jamstalldhetsintegrering", "jämställdhetsintegrering", 13)
    13
    >>> split_like("forvaltning", "förvaltning", 3)
    3
    """
    from difflib import SequenceMatcher

    if boundary >= len(old_full):
        return len(new_full)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_full, new_full, autojunk=False).get_opcodes():
        if i1 <= boundary < i2:
            if tag == "equal":
                return j1 + (boundary - i1)
            return j1 + round((boundary - i1) * (j2 - j1) / (i2 - i1))
    return len(new_full)
