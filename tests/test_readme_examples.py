"""The README's table of damage: every example, fixed on its own, gives the documented output."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import svfix

README = Path(__file__).resolve().parent.parent / "README.md"
#: A code span of a table cell; ``\\|`` is a pipe inside a table.
_CODE = re.compile(r"`((?:[^`\\]|\\.)+)`")


def _table_examples() -> list[tuple[str, str]]:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| damage | example | svfix |")
    pairs = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line)[1:-1]
        examples, fixed = (_CODE.findall(cell) for cell in cells[1:3])
        assert len(examples) == len(fixed), f"each example of a README row needs its output: {line}"
        pairs.extend(zip(examples, fixed))
    return [(e.replace("\\|", "|").replace("⏎", "\n"), f.replace("\\|", "|")) for e, f in pairs]


EXAMPLES = _table_examples()


def test_the_table_has_examples() -> None:
    assert len(EXAMPLES) >= 12


@pytest.mark.parametrize(("example", "fixed"), EXAMPLES, ids=[e for e, _ in EXAMPLES])
def test_readme_example_fixed_on_its_own(example: str, fixed: str) -> None:
    assert svfix.fix(example) == fixed
