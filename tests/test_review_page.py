"""The review page shows every change of the report: counted mark by mark against the JSONL
report (no browser needed; tests/test_review_browser.py does the same in chromium).

Documents whose last changes are deletions at the very end (a protocol's closing
furniture, ``Justerandes sign`` and ``Utdragsbestyrkande``, removed by the layout stage)
are the hard case: the corrected text ends where those changes are."""
from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from batchdata import corpus_lines, strip
from support import run

from svfix.archive.report import FULL_TEXT_LIMIT

FOOTER = "\n\nJusterandes sign\n\nUtdragsbestyrkande\n"


class Page(HTMLParser):
    """The marks of a review page, by document (section data-file)."""

    def __init__(self):
        super().__init__()
        self.documents: dict[str, list[dict]] = {}
        self.declared: dict[str, int] = {}
        self.current: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "section" and "doc" in (attributes.get("class") or "").split():
            self.current = attributes["data-file"]
            self.documents[self.current] = []
            self.declared[self.current] = int(attributes["data-changes"])
        elif tag == "mark" and self.current is not None:
            self.documents[self.current].append(attributes)


def ending_documents(folder: Path) -> list[Path]:
    """Documents that end with deletions: short ones, and one long enough to be shown
    as excerpts."""
    lines = corpus_lines()
    folder.mkdir(parents=True)
    paths = []
    for number in range(4):
        text = "\n".join(lines[number * 5:number * 5 + 4])
        path = folder / f"protokoll-{number}.txt"
        path.write_text(strip(text) + FOOTER + ("\n" * number), encoding="utf-8")
        paths.append(path)
    long_text = ""
    index = 0
    while len(long_text) < FULL_TEXT_LIMIT + 20_000:
        long_text += strip(lines[index % len(lines)]) + "\n\n"
        index += 1
    path = folder / "lang.txt"
    path.write_text(long_text.rstrip("\n") + FOOTER, encoding="utf-8")
    paths.append(path)
    return paths


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> tuple[Page, list[dict], list[Path]]:
    base = tmp_path_factory.mktemp("page")
    paths = ending_documents(base / "in")
    result = run("fix", str(base / "in"), "-o", str(base / "out"), "--report", str(base / "r.jsonl"),
                 "--html", str(base / "r.html"))
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in (base / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    page = Page()
    page.feed((base / "r.html").read_text(encoding="utf-8"))
    return page, rows, paths


def test_every_document_ends_with_deletions_at_its_end(reviewed):
    _, rows, paths = reviewed
    for path in paths:
        own = [row for row in rows if row["file"] == str(path)]
        text = path.read_text(encoding="utf-8")
        assert own[-1]["new"] == "" and own[-1]["end"] == len(text), own[-3:]
        assert any(row["old"] == "Utdragsbestyrkande" for row in own)


def test_the_page_shows_every_change_of_the_report(reviewed):
    page, rows, paths = reviewed
    assert set(page.documents) == {str(path) for path in paths}
    for name, marks in page.documents.items():
        own = [row for row in rows if row["file"] == name]
        assert len(marks) == len(own) == page.declared[name], name
        assert [(m["data-old"], m["data-new"], m["data-stage"], int(m["data-line"]), int(m["data-column"]))
                for m in marks] == [(r["old"], r["new"], r["stage"], r["line"], r["column"]) for r in own], name
    assert sum(len(marks) for marks in page.documents.values()) == len(rows)
