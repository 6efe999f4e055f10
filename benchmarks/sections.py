"""Sections of benchmarks/RESULTS.md that separate scripts write.

benchmarks/run.py writes the file; benchmarks/peers.py and benchmarks/cost.py each
replace their own ``## `` section in it (:func:`replace_section`), and run.py keeps
those sections when it rewrites the rest (:func:`kept_sections`).

>>> text = "# R\\n\\n## A\\n\\na\\n\\n## B\\n\\nb\\n"
>>> print(replaced(text, "A", ["## A", "", "new"]), end="")
# R
<BLANKLINE>
## A
<BLANKLINE>
new
<BLANKLINE>
## B
<BLANKLINE>
b
>>> section_lines(text, "B")
['## B', '', 'b']
"""
from __future__ import annotations

from pathlib import Path

#: The sections that scripts other than run.py own.
OWNED_ELSEWHERE = ("Peers", "Cost")


def _bounds(lines: list[str], title: str) -> tuple[int, int] | None:
    heading = f"## {title}"
    for start, line in enumerate(lines):
        if line.strip() == heading:
            end = start + 1
            while end < len(lines) and not lines[end].startswith("## "):
                end += 1
            return start, end
    return None


def section_lines(text: str, title: str) -> list[str]:
    """The lines of section ``## title`` (heading included, trailing blank lines not)."""
    lines = text.splitlines()
    bounds = _bounds(lines, title)
    if bounds is None:
        return []
    found = lines[bounds[0] : bounds[1]]
    while found and not found[-1].strip():
        found.pop()
    return found


def replaced(text: str, title: str, section: list[str]) -> str:
    """``text`` with section ``## title`` replaced by ``section`` (appended if absent)."""
    lines = text.splitlines()
    bounds = _bounds(lines, title)
    new = [*section, ""]
    if bounds is None:
        while lines and not lines[-1].strip():
            lines.pop()
        lines += ["", *new] if lines else new
    else:
        end = bounds[1]
        lines[bounds[0] : end] = new if end == len(lines) else [*new, ""]
        # one blank line between sections
        out: list[str] = []
        for line in lines:
            if not line.strip() and out and not out[-1].strip():
                continue
            out.append(line)
        lines = out
    return "\n".join(lines).rstrip("\n") + "\n"


def replace_section(path: Path, title: str, section: list[str]) -> None:
    """Write ``section`` as section ``## title`` of the Markdown file at ``path``."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# svfix benchmark results\n"
    path.write_text(replaced(text, title, section), encoding="utf-8")


def kept_sections(path: Path, titles: tuple[str, ...] = OWNED_ELSEWHERE) -> list[str]:
    """The lines of the sections ``titles`` of the file at ``path``, to write back."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    kept: list[str] = []
    for title in titles:
        lines = section_lines(text, title)
        if lines:
            kept += [*lines, ""]
    return kept
