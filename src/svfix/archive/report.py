"""Review reports: the changes as JSON lines, and one self-contained HTML page per batch.

``--report changes.jsonl`` has one JSON object per change::

    {"file": "scans/p1.txt", "line": 3, "column": 1, "start": 40, "end": 47,
     "old": "Forslag", "new": "Förslag", "stage": "diacritics",
     "reason": "diacritics restored ...", "confidence": 0.9731}

``line`` and ``column`` (1-based) and ``start``/``end`` (0-based character offsets) are
positions in the document's text: the file itself for plain text; for ALTO, hOCR and
PAGE the text svfix reads from the word elements (one line per text line, a blank line
between blocks), and then ``element`` (the word element's ID) and ``xml_line`` (its
line in the XML file) say where the change lies in the file.

``--html review.html`` is one page an archivist reads in any browser, offline: every
document's corrected text with each change highlighted; hovering over a change or
moving to it with the keyboard (Tab) shows the original, the stage, the reason and the
confidence; filters by stage and confidence; a switch to show the original words in
place. The page has no external resources (inline CSS and JavaScript only).
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence

from .wording import plural

#: Documents longer than this (characters) are shown as excerpts around their changes.
FULL_TEXT_LIMIT = 200_000
#: Lines of context around a change in an excerpt.
CONTEXT_LINES = 2


def line_columns(text: str, offsets: Iterable[int]) -> list[tuple[int, int]]:
    """1-based line and column of each of the sorted ``offsets``, in one pass.

    >>> line_columns("ab\\ncd\\nef", [0, 4, 6])
    [(1, 1), (2, 2), (3, 1)]
    """
    result = []
    line, line_start, scanned = 1, 0, 0
    for offset in offsets:
        while True:
            nl = text.find("\n", scanned, offset)
            if nl < 0:
                break
            line += 1
            line_start = nl + 1
            scanned = nl + 1
        scanned = max(scanned, line_start)
        result.append((line, offset - line_start + 1))
    return result


def rows(label: str, text: str, changes: Sequence, where: Sequence[dict] = ()) -> list[dict]:
    """The report rows of one document's changes (spans of ``text``).

    >>> from svfix.changes import Change
    >>> row, = rows("a.txt", "x\\nForslag", [Change(2, 9, "Forslag", "Förslag", "diacritics", "r", 0.97312)])
    >>> row["line"], row["column"], row["start"], row["end"], row["new"], row["confidence"]
    (2, 1, 2, 9, 'Förslag', 0.9731)
    """
    result = []
    positions = line_columns(text, [change.start for change in changes])
    for number, (change, (line, column)) in enumerate(zip(changes, positions)):
        row = {
            "file": label, "line": line, "column": column, "start": change.start, "end": change.end,
            "old": change.old, "new": change.new, "stage": change.stage, "reason": change.reason,
            "confidence": round(change.confidence, 4),
        }
        if number < len(where) and where[number]:
            row.update(where[number])
        result.append(row)
    return result


def dumps(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False)


# --------------------------------------------------------------------------- HTML


def render_document(label: str, corrected: str, document_rows: Sequence[dict], number: int = 0,
                    info: str = "") -> str:
    """One document's section of the review page: its corrected text with each change
    highlighted (``document_rows`` are report rows; their spans are in the original
    text, and the corrected text is the original with each ``old`` replaced by ``new``).
    """
    marks = []  # (start, end in corrected, row)
    shift = 0
    for row in document_rows:
        start = row["start"] + shift
        marks.append((start, start + len(row["new"]), row))
        shift += len(row["new"]) - (row["end"] - row["start"])
    pieces = _excerpts(corrected, marks)
    count = plural(len(marks), "change")
    note = f' <span class="info">{_text(info)}</span>' if info else ""
    parts = [f'<section class="doc" id="doc-{number}" data-file="{_attr(label)}" data-changes="{len(marks)}">',
             f'<h2><span class="name">{_text(label)}</span> <span class="count">{count}</span>{note}</h2>']
    index = 0
    for piece_start, piece_end, first_line in pieces:
        if piece_start > 0 or piece_end < len(corrected):
            parts.append(f'<p class="gap">line {first_line} …</p>')
        parts.append(f'<pre class="text" data-first-line="{first_line}">')
        position = piece_start
        # a mark belongs to the stretch it starts in; one that starts where the text ends
        # (a deletion of the last words or lines) to the stretch that ends the text
        last = piece_end >= len(corrected)
        while index < len(marks) and (marks[index][0] < piece_end or (last and marks[index][0] <= piece_end)):
            start, end, row = marks[index]
            parts.append(_text(corrected[position:start]))
            parts.append(_mark(row, number, index, corrected[start:end]))
            position = end
            index += 1
        parts.append(_text(corrected[position:piece_end]))
        parts.append("</pre>")
    parts.append("</section>\n")
    return "".join(parts)


def _mark(row: dict, document: int, index: int, shown: str) -> str:
    stage = row["stage"]
    confidence = f'{row["confidence"]:.4f}'
    attributes = (
        f'class="chg{" empty" if not shown else ""}" tabindex="0" aria-describedby="tip" '
        f'id="c{document}-{index}" data-stage="{_attr(stage)}" data-confidence="{confidence}" '
        f'data-old="{_attr(row["old"])}" data-new="{_attr(row["new"])}" data-reason="{_attr(row["reason"])}" '
        f'data-line="{row["line"]}" data-column="{row["column"]}" '
        f'aria-label="{_attr(row["new"] or "(deleted)")}, was {_attr(row["old"] or "(nothing)")}: {_attr(stage)}, '
        f'confidence {row["confidence"]:.2f}"'
    )
    return f"<mark {attributes}>{_text(shown)}</mark>"


def _excerpts(text: str, marks: list) -> list[tuple[int, int, int]]:
    """(start, end, first line number) of the stretches of ``text`` to show."""
    if len(text) <= FULL_TEXT_LIMIT:
        return [(0, len(text), 1)]
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
    from bisect import bisect_right

    wanted: list[list[int]] = []
    for start, end, _ in marks:
        first = max(bisect_right(line_starts, start) - 1 - CONTEXT_LINES, 0)
        last = min(bisect_right(line_starts, max(end - 1, start)) - 1 + CONTEXT_LINES, len(line_starts) - 1)
        if wanted and first <= wanted[-1][1] + 1:
            wanted[-1][1] = max(wanted[-1][1], last)
        else:
            wanted.append([first, last])
    pieces = []
    for first, last in wanted:
        end = line_starts[last + 1] if last + 1 < len(line_starts) else len(text)
        pieces.append((line_starts[first], end, first + 1))
    return pieces or [(0, min(len(text), 2000), 1)]


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _attr(value: str) -> str:
    return html.escape(value, quote=True).replace("\n", "&#10;")


def page_head(title: str, version: str) -> str:
    """The start of the review page, up to where the documents begin."""
    return f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="svfix {_attr(version)}">
<title>{_text(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>{_text(title)}</h1>
<p class="summary" id="summary" aria-live="polite"></p>
<form class="filters" id="filters" aria-label="Filters">
<fieldset><legend>Stages</legend><span id="stages"></span></fieldset>
<fieldset><legend>Confidence</legend>
<label>from <input type="number" id="min-confidence" min="0" max="1" step="0.01" value="0"></label>
<label>to <input type="number" id="max-confidence" min="0" max="1" step="0.01" value="1"></label>
</fieldset>
<fieldset><legend>Show</legend>
<label><input type="checkbox" id="show-original"> original words in place</label>
<label><input type="checkbox" id="hide-unchanged"> only documents with shown changes</label>
</fieldset>
</form>
</header>
<div id="tip" role="tooltip" hidden></div>
<main id="documents">
"""


def page_failures(failures: Sequence[tuple[str, str]]) -> str:
    if not failures:
        return ""
    items = "".join(f"<li><span class=name>{_text(label)}</span>: {_text(error)}</li>" for label, error in failures)
    return f'<section class="failures" id="failures"><h2>{len(failures)} failed</h2><ul>{items}</ul></section>\n'


def page_tail() -> str:
    return f"</main>\n<script>{_JS}</script>\n</body>\n</html>\n"


_CSS = """
:root { --ink: #1d1d1b; --paper: #fdfcf8; --mark: #ffe08a; --focus: #1a5fb4; }
body { font: 15px/1.5 system-ui, sans-serif; color: var(--ink); background: var(--paper); margin: 0; }
header { position: sticky; top: 0; background: #f1efe6; border-bottom: 1px solid #ccc; padding: .5em 1em; z-index: 2; }
h1 { font-size: 1.2em; margin: 0; } h2 { font-size: 1em; margin: 1em 0 .3em; }
.filters { display: flex; flex-wrap: wrap; gap: .5em 1.5em; } fieldset { border: 0; padding: 0; margin: 0; }
legend { font-weight: 600; float: left; margin-right: .5em; } label { margin-right: .8em; white-space: nowrap; }
main { padding: 0 1em 3em; } .doc h2 .count, .doc h2 .info { font-weight: normal; color: #666; }
pre.text { white-space: pre-wrap; font: 14px/1.6 ui-monospace, monospace; background: #fff;
  border: 1px solid #ddd; padding: .6em; margin: 0 0 .5em; }
.gap { color: #888; margin: .2em 0; font-size: .9em; }
mark.chg { background: var(--mark); border-bottom: 2px solid #c88a00; border-radius: 2px; cursor: help; }
mark.chg:focus { outline: 3px solid var(--focus); outline-offset: 1px; }
mark.chg.empty::before { content: "\\2423"; color: #a00; }
mark.chg.off { background: none; border-bottom: 0; cursor: auto; }
mark.chg.shown-old { background: #f6c4c4; border-bottom-color: #a33; }
.doc.hidden { display: none; }
#tip { position: absolute; z-index: 5; max-width: 32em; background: #222; color: #fff; padding: .4em .6em;
  border-radius: 4px; font-size: 13px; box-shadow: 0 2px 6px rgba(0,0,0,.3); }
#tip .old { text-decoration: line-through; color: #fbb; } #tip .new { color: #bfb; }
.failures { border: 2px solid #a00; padding: .3em 1em; margin-top: 1em; background: #fff4f4; }
"""

_JS = r"""
(function () {
  "use strict";
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.chg"));
  var tip = document.getElementById("tip");
  var stageBox = document.getElementById("stages");
  var minInput = document.getElementById("min-confidence");
  var maxInput = document.getElementById("max-confidence");
  var showOriginal = document.getElementById("show-original");
  var hideUnchanged = document.getElementById("hide-unchanged");
  var summary = document.getElementById("summary");
  var stages = {};
  marks.forEach(function (m) {
    m.dataset.stage.split("+").forEach(function (s) { stages[s] = (stages[s] || 0) + 1; });
  });
  Object.keys(stages).sort().forEach(function (s) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox"; box.checked = true; box.value = s; box.className = "stage";
    label.appendChild(box); label.appendChild(document.createTextNode(" " + s + " (" + stages[s] + ")"));
    stageBox.appendChild(label);
  });
  function text(tag, cls, value) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    e.textContent = value;
    return e;
  }
  function show(m) {
    if (m.classList.contains("off")) { return; }
    tip.textContent = "";
    var line = document.createElement("div");
    line.appendChild(text("span", "old", m.dataset.old || "(nothing)"));
    line.appendChild(document.createTextNode(" \u2192 "));
    line.appendChild(text("span", "new", m.dataset["new"] || "(deleted)"));
    tip.appendChild(line);
    var confidence = Number(m.dataset.confidence).toFixed(2);
    tip.appendChild(text("div", "stage", "stage: " + m.dataset.stage + " \u00b7 confidence " + confidence));
    tip.appendChild(text("div", "reason", m.dataset.reason));
    tip.appendChild(text("div", "where", "line " + m.dataset.line + ", column " + m.dataset.column));
    tip.hidden = false;
    var r = m.getBoundingClientRect();
    tip.style.left = (window.scrollX + r.left) + "px";
    tip.style.top = (window.scrollY + r.bottom + 6) + "px";
    tip.dataset.for = m.id;
  }
  function hide(m) { if (!m || tip.dataset.for === m.id) { tip.hidden = true; } }
  marks.forEach(function (m) {
    m.addEventListener("mouseenter", function () { show(m); });
    m.addEventListener("mouseleave", function () { if (document.activeElement !== m) { hide(m); } });
    m.addEventListener("focus", function () { show(m); });
    m.addEventListener("blur", function () { hide(m); });
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(null); } });
  function apply() {
    var on = {};
    Array.prototype.forEach.call(stageBox.querySelectorAll("input.stage"), function (b) { on[b.value] = b.checked; });
    var lo = parseFloat(minInput.value), hi = parseFloat(maxInput.value);
    if (isNaN(lo)) { lo = 0; } if (isNaN(hi)) { hi = 1; }
    var shown = 0;
    marks.forEach(function (m) {
      var c = parseFloat(m.dataset.confidence);
      var visible = m.dataset.stage.split("+").some(function (s) { return on[s]; }) && c >= lo && c <= hi;
      m.classList.toggle("off", !visible);
      m.tabIndex = visible ? 0 : -1;
      var original = showOriginal.checked && visible;
      m.textContent = original ? m.dataset.old : m.dataset["new"];
      m.classList.toggle("shown-old", original);
      m.classList.toggle("empty", m.textContent === "");
      if (visible) { shown += 1; }
    });
    var docs = document.querySelectorAll("section.doc");
    Array.prototype.forEach.call(docs, function (d) {
      var any = d.querySelector("mark.chg:not(.off)") !== null;
      d.classList.toggle("hidden", hideUnchanged.checked && !any);
    });
    summary.textContent = docs.length + " documents, " + marks.length + " changes, " + shown + " shown";
    hide(null);
  }
  document.getElementById("filters").addEventListener("input", apply);
  document.getElementById("filters").addEventListener("change", apply);
  apply();
}());
"""
