"""``svfix explain`` reads a file as ``svfix fix`` does (ALTO, hOCR, PAGE detected, or
``--format``) and lists exactly the changes ``fix --report`` writes."""
from __future__ import annotations

import json
from pathlib import Path

import ocrxml
import pytest
from support import run

LINES = ocrxml.read_lines("sou-1972-47", page=2)


def report_rows(path: Path, tmp_path: Path, *options: str) -> list[dict]:
    report = tmp_path / "report.jsonl"
    result = run("fix", str(path), "-o", str(tmp_path / ("fixed" + path.suffix)), "--report", str(report), *options)
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]


def explained(path: Path, *options: str) -> list[dict]:
    result = run("explain", "--json", str(path), *options)
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


@pytest.mark.parametrize("fmt", ["alto", "hocr", "page"])
def test_explain_lists_what_fix_report_lists(tmp_path, fmt):
    data = {"alto": ocrxml.alto(LINES, 4, damage=ocrxml.strip_diacritics),
            "hocr": ocrxml.hocr(LINES, damage=ocrxml.strip_diacritics),
            "page": ocrxml.page_xml(LINES, damage=ocrxml.strip_diacritics)}[fmt]
    path = tmp_path / f"scan.{'hocr' if fmt == 'hocr' else 'xml'}"
    path.write_bytes(data)
    rows = report_rows(path, tmp_path)
    assert rows and all(row.get("element") for row in rows)
    assert explained(path) == rows
    # nothing of the markup is taken for words: no tag or attribute names
    markup = {"lang", "span", "class", "title", "String", "CONTENT", "TextLine", "Unicode", "Word"}
    assert not [row for row in explained(path) if row["old"] in markup]
    text = run("explain", str(path))
    lines = text.stdout.decode("utf-8").splitlines()
    assert len(lines) == len(rows) and text.stderr.decode() == f"{len(rows)} changes\n"
    first = rows[0]
    assert lines[0].startswith(f"{first['line']}:{first['column']}\t{first['old']!r} → {first['new']!r}\t")
    assert first["element"] in lines[0]


def test_explain_takes_format(tmp_path):
    data = ocrxml.alto(LINES[:6], 4, damage=ocrxml.strip_diacritics)
    path = tmp_path / "scan.txt"  # a name that says text; the content says ALTO
    path.write_bytes(data)
    assert explained(path) == report_rows(path, tmp_path)
    as_alto = explained(path, "--format", "alto")
    assert as_alto == report_rows(path, tmp_path, "--format", "alto") and as_alto[0]["element"]
    as_text = explained(path, "--format", "txt")
    assert as_text == report_rows(path, tmp_path, "--format", "txt")
    assert not any("element" in row for row in as_text)


def test_explain_reads_standard_input_as_fix_does(tmp_path):
    data = ocrxml.alto(LINES[:6], 4, damage=ocrxml.strip_diacritics)
    result = run("explain", "--json", "-", stdin=data)
    rows = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    path = tmp_path / "scan.xml"
    path.write_bytes(data)
    assert [{k: v for k, v in row.items() if k != "file"} for row in rows] == \
        [{k: v for k, v in row.items() if k != "file"} for row in report_rows(path, tmp_path)]


def test_explain_a_folder_says_what_explain_takes(tmp_path):
    (tmp_path / "a.txt").write_text("Forslag", encoding="utf-8")
    result = run("explain", str(tmp_path))
    err = result.stderr.decode("utf-8")
    assert result.returncode != 0
    assert err.startswith("svfix error:") and "explain takes one file" in err and "is a folder" in err, err
    assert "give -o" not in err  # explain has no -o
    result = run("explain", str(tmp_path / "missing.txt"))
    assert result.returncode == 1 and "does not exist" in result.stderr.decode()
