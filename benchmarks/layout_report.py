#!/usr/bin/env python3
"""The layout stage, measured; writes the "Layout" section of benchmarks/RESULTS.md.

    python benchmarks/layout_report.py [--shared ../shared] [--out benchmarks/RESULTS.md]

``benchmarks/run.py`` calls :func:`section` to put the same section in the file it
writes; run alone, this script replaces only its own section (:mod:`sections`).

What is measured, on ``../shared/dev/layout.input.txt`` against ``layout.gold.txt``
(hard-wrapped, hyphenated text and the same text one paragraph per line):

* **WER** before and after ``svfix.fix`` (:func:`svfix.evaluation.metrics.score`), and its reduction.
* **Hyphenation**: every *line-end hyphen* of the input — a ``-``, soft hyphen or ``¬``
  that ends a line directly after a letter or digit, with a non-blank line after it —
  is *resolved as the gold has it* when the characters between the letter or digit
  before it and the one after it (whitespace runs read as one space) are the same in
  the output as in the gold: ``""`` for a joined word (``korruption``), ``"-"`` for a
  kept hyphen (``CEMR-deklarationen``), ``"- "`` for a suspended compound (``miljö-
  och``). Positions are counted in letters and digits, which the layout stage never
  adds or removes, so input, output and gold line up without a word alignment (a word
  split or joined differently does not shift the others). The share resolved is
  reported, with the hyphens that were not.
* **Paragraph breaks**: the places where a blank line separates two paragraphs, as
  the number of letters and digits before the break. Precision is the share of the
  output's breaks that the gold has, recall the share of the gold's breaks that the
  output has.
* **Other line breaks**: every line break of the input inside a paragraph that is not
  a line-end hyphen is *resolved as the gold has it* when the output has the same
  separator there (a space where the gold joins the lines, a line break where it keeps
  them).

The cost of the stage on correct text is the time of ``svfix.text.layout.repair`` alone on
``../shared/dev/clean.txt`` (one paragraph per line: the fast path), best of several
runs after a warm-up. Running headers and page numbers are counted on the real OCR and
PDF text of ``../shared/corpora/ferenda-testdata`` (``tesseract-ocr``,
``myndfskr-pdftext``), with before/after excerpts at page breaks of three documents.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

from sections import replace_section  # noqa: E402

import svfix  # noqa: E402
from svfix.changes import ChangeLog  # noqa: E402
from svfix.config import Config  # noqa: E402
from svfix.evaluation.metrics import score  # noqa: E402
from svfix.resources import Resources  # noqa: E402
from svfix.text import layout  # noqa: E402

#: A line-end hyphen: a hyphen, soft hyphen or not sign after a letter or digit, at the
#: end of a line (trailing spaces allowed) that a non-blank line follows.
LINE_END_HYPHEN = re.compile(r"(?<=[^\W_])[-\u00ad\u00ac][ \t]*\r?\n(?=[ \t]*\S)")
#: A line break inside a paragraph that is not a line-end hyphen.
INNER_BREAK = re.compile(r"(?<=\S)(?<![-\u00ad\u00ac])[ \t]*\r?\n(?=[ \t]*\S)")
#: A paragraph break: a line break, blank lines, a line break.
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n\s*")
ALNUM = re.compile(r"[^\W_]")

#: The documents whose page breaks are shown before and after, and which page break.
EXCERPTS = (
    ("tesseract-ocr/prop-1992-93-30.txt", 9),
    ("tesseract-ocr/sou-1972-47.txt", 5),
    ("myndfskr-pdftext/sosfs-2012-17.txt", 3),
)


class Positions:
    """Offsets of a text by the number of letters and digits before them."""

    def __init__(self, text: str):
        self.text = text
        self.offsets = [match.start() for match in ALNUM.finditer(text)]

    def count_before(self, offset: int) -> int:
        from bisect import bisect_left

        return bisect_left(self.offsets, offset)

    def between(self, k: int) -> str | None:
        """The characters between the k-th letter or digit and the next one, whitespace
        runs as one space (None past the end)."""
        if not 0 < k < len(self.offsets):
            return None
        return re.sub(r"\s+", " ", self.text[self.offsets[k - 1] + 1 : self.offsets[k]])

    def paragraph_breaks(self) -> set[int]:
        return {self.count_before(match.end()) for match in PARAGRAPH_BREAK.finditer(self.text)} - {0, len(self.offsets)}


@dataclass
class Resolution:
    total: int
    right: int
    wrong: list[tuple[str, str, str]]  # (input context, output separator, gold separator)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


def resolved(pattern: re.Pattern, source: str, output: str, gold: str) -> Resolution:
    """How many matches of ``pattern`` in ``source`` the output resolves as the gold does."""
    src, out, ref = Positions(source), Positions(output), Positions(gold)
    if len(out.offsets) != len(ref.offsets) or len(src.offsets) != len(ref.offsets):
        raise ValueError("input, output and gold differ in their letters and digits; positions cannot be lined up")
    total = right = 0
    wrong = []
    for match in pattern.finditer(source):
        k = src.count_before(match.start())
        total += 1
        if out.between(k) == ref.between(k):
            right += 1
        else:
            context = source[max(0, match.start() - 25) : match.end() + 15].replace("\n", "⏎")
            wrong.append((context, out.between(k) or "", ref.between(k) or ""))
    return Resolution(total, right, wrong)


def paragraph_scores(output: str, gold: str) -> tuple[float, float, int, int]:
    """Precision, recall, the output's and the gold's number of paragraph breaks."""
    found, wanted = Positions(output).paragraph_breaks(), Positions(gold).paragraph_breaks()
    common = len(found & wanted)
    precision = common / len(found) if found else 1.0
    recall = common / len(wanted) if wanted else 1.0
    return precision, recall, len(found), len(wanted)


def stage_alone(text: str, config: Config | None = None, explain: bool = False) -> tuple[str, ChangeLog]:
    log = ChangeLog(text, explain)
    return layout.repair(text, config or Config(), Resources(svfix.Lexicon.default()), log), log


def clean_cost(path: Path, repeat: int = 20) -> tuple[float, bool]:
    """Best time in ms of the layout stage alone on ``path``, and whether it changed nothing."""
    text = path.read_text(encoding="utf-8")
    output, _ = stage_alone(text)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        stage_alone(text)
        times.append(time.perf_counter() - start)
    return 1000 * min(times), output == text


def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.2f}%"


def dev_rows(shared: Path) -> tuple[list[str], list[str]]:
    """The table for the development set, and notes on the hyphens not resolved."""
    source = (shared / "dev" / "layout.input.txt").read_text(encoding="utf-8")
    gold = (shared / "dev" / "layout.gold.txt").read_text(encoding="utf-8")
    output = svfix.fix(source)
    s = score(source, output, gold)
    hyphens = resolved(LINE_END_HYPHEN, source, output, gold)
    breaks = resolved(INNER_BREAK, source, output, gold)
    precision, recall, found, wanted = paragraph_scores(output, gold)
    rows = [
        "| measure | value | target |",
        "|---|---|---|",
        f"| WER before → after | {pct(s.wer_in)} → {pct(s.wer_out)} | |",
        f"| WER reduction | {pct(s.wer_reduction)} | ≥ 95% |",
        f"| line-end hyphens resolved as the gold has them | {hyphens.right} of {hyphens.total} = {pct(hyphens.share)} | ≥ 99% |",
        f"| paragraph breaks: precision | {pct(precision)} ({found} in the output) | ≥ 98% |",
        f"| paragraph breaks: recall | {pct(recall)} ({wanted} in the gold) | ≥ 98% |",
        f"| other line breaks resolved as the gold has them | {breaks.right} of {breaks.total} = {pct(breaks.share)} | |",
    ]
    notes = [f"`{context}` → `{out!r}`, gold `{ref!r}`" for context, out, ref in hyphens.wrong]
    return rows, notes


def furniture_rows(shared: Path) -> list[str]:
    rows = [
        "| document | pages | lines before → after | header and footer lines removed | page numbers removed | "
        "bare numbers first or last on a page, left |",
        "|---|---|---|---|---|---|",
    ]
    corpora = shared / "corpora" / "ferenda-testdata"
    for folder in ("tesseract-ocr", "myndfskr-pdftext"):
        for path in sorted((corpora / folder).glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            output, log = stage_alone(text, explain=True)
            reasons = Counter(reason for change in log.changes(output) for reason in change.reason.split("; "))
            removed = [(edit.start, edit.end) for edit in layout.fix_pages(text) if edit.reason.startswith("page-")]
            left = sum(1 for start, end in _bare_numbers_at_edges(text) if not any(a <= start and end <= b for a, b in removed))
            rows.append(
                f"| {folder}/{path.name} | {text.count(chr(12)) + 1} | {text.count(chr(10)) + 1:,} → "
                f"{output.count(chr(10)) + 1:,} | {reasons['page-furniture']} | {reasons['page-number']} | {left} |"
            )
    return rows


def _bare_numbers_at_edges(text: str) -> list[tuple[int, int]]:
    """Spans of the lines that hold only a number of one to four digits and stand first
    or last on a page of a text with form feeds (the page numbers a reader sees)."""
    if "\f" not in text:
        return []
    found = []
    offset = 0
    for page in text.split("\f"):
        lines = []
        pos = offset
        for line in page.split("\n"):
            if line.strip():
                lines.append((pos, pos + len(line), line.strip()))
            pos += len(line) + 1
        for start, end, line in lines[:1] + lines[-1:] if len(lines) > 1 else lines:
            if re.fullmatch(r"\d{1,4}", line):
                found.append((start, end))
        offset += len(page) + 1
    return found


def excerpt(shared: Path, name: str, page_break: int, before: int = 5, after: int = 5) -> list[str]:
    """Input lines around a page break and what the stage made of them."""
    path = shared / "corpora" / "ferenda-testdata" / name
    text = path.read_text(encoding="utf-8")
    output, log = stage_alone(text, explain=True)
    breaks = [m.start() for m in re.finditer("\f", text)]
    at = breaks[min(page_break, len(breaks) - 1)]
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    line = text.count("\n", 0, at)
    first, last = max(0, line - before), min(len(starts) - 1, line + after)
    start, end = starts[first], starts[last + 1] - 1 if last + 1 < len(starts) else len(text)
    shown_in = text[start:end].replace("\f", "␌")

    def to_output(offset: int) -> int:
        shift = 0
        for change in log.changes(output):
            if change.end <= offset:
                shift += len(change.new) - (change.end - change.start)
            elif change.start < offset:
                return change.start + shift
        return offset + shift

    shown_out = output[to_output(start) : to_output(end)]
    cut = [line if len(line) <= 110 else line[:110] + " …" for line in shown_out.split("\n")]
    return [
        f"`{name}`, around page break {page_break + 1} (␌ is the form feed; long output lines cut at 110 characters):",
        "",
        "```text",
        "before:",
        *shown_in.split("\n"),
        "",
        "after:",
        *cut,
        "```",
        "",
    ]


def section(shared: Path) -> list[str]:
    """The "Layout" section of RESULTS.md."""
    lines = [
        "## Layout",
        "",
        "Measured by `benchmarks/layout_report.py` (definitions in its docstring). Development set",
        "`../shared/dev/layout` (hard-wrapped, hyphenated; gold one paragraph per line), through `svfix.fix`:",
        "",
    ]
    if (shared / "dev" / "layout.input.txt").exists():
        rows, notes = dev_rows(shared)
        lines += rows
        if notes:
            lines += ["", "Line-end hyphens not resolved as the gold has them:", ""]
            lines += [f"- {note}" for note in notes]
    clean = shared / "dev" / "clean.txt"
    if clean.exists():
        cost, unchanged = clean_cost(clean)
        lines += [
            "",
            "Cost on correct text: the layout stage alone on `../shared/dev/clean.txt` (288 kB, one paragraph per",
            f"line) takes {cost:.1f} ms (best of 20 after a warm-up) and {'changes nothing' if unchanged else 'CHANGES IT'}.",
        ]
    if (shared / "corpora" / "ferenda-testdata").exists():
        lines += [
            "",
            "Page furniture on real OCR (`tesseract-ocr`) and PDF text (`myndfskr-pdftext`) of",
            "`../shared/corpora/ferenda-testdata`, the layout stage alone (changes by reason):",
            "",
            *furniture_rows(shared),
            "",
            "Before and after, at page breaks:",
            "",
        ]
        for name, page_break in EXCERPTS:
            lines += excerpt(shared, name, page_break)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args(argv)
    lines = section(Path(args.shared))
    replace_section(Path(args.out), "Layout", lines)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
