"""PDFs with a text layer, and the files svfix cannot read as text: what it does, what it says.

The PDFs are made by Ghostscript from PostScript (tests/scandocs.py), as a real producer
makes them; the encrypted one by Ghostscript too, the damaged one by cutting a real PDF short.
"""
from __future__ import annotations

import sys

import pytest
from scandocs import STRIPPED, needs_drawing, needs_ghostscript, needs_pdf, scanned_pdf, text_pdf, wrap
from support import run

from svfix.archive.formats import detect, fix_document
from svfix.archive.formats.pdf import OCR_HINT, png_bytes
from svfix.errors import InputError


def _pages() -> list[list[str]]:
    lines = wrap(STRIPPED * 2, 80)
    return [lines[:8], lines[8:16], lines[16:]]


@needs_pdf
@needs_ghostscript
def test_text_layer_is_read_page_by_page_and_page_furniture_removed(tmp_path):
    path = tmp_path / "protokoll.pdf"
    text_pdf(path, _pages())
    result = fix_document(path.read_bytes(), detect(path.read_bytes()))
    assert result.format == "txt"
    assert result.original.count("\f") == 2  # a form feed between the three pages
    # (ISOLatin1Encoding draws "-" as a minus sign, U+2212, and the text layer says so)
    assert "Byggnadsnämnden \u2212 protokoll" in result.original and "Sida 2 av 3" in result.original
    corrected = result.output.decode("utf-8")
    assert result.text == corrected
    assert "Förslag till beslut i byggnadsnämnden om detaljplan för kvarteret" in corrected
    assert "godkänna planförslaget för granskning" in corrected
    assert "protokoll" not in corrected and "Sida" not in corrected  # the running header and page numbers
    assert "\f" not in corrected
    for change in result.changes:  # spans of the text layer as read
        assert result.original[change.start:change.end] == change.old


@needs_pdf
@needs_ghostscript
@needs_drawing
def test_a_folder_of_pdfs_corrects_each_and_reports_each_bad_one(tmp_path):
    folder = tmp_path / "in"
    (folder / "2025").mkdir(parents=True)
    text_pdf(folder / "protokoll.pdf", _pages())
    text_pdf(folder / "2025" / "bilaga.pdf", _pages()[:1])
    text_pdf(folder / "hemlig.pdf", _pages()[:1], user_password="hemligt")
    good = (folder / "protokoll.pdf").read_bytes()
    (folder / "trasig.pdf").write_bytes(good[: len(good) // 3])
    scanned_pdf(folder / "skannad.pdf")
    (folder / "anteckning.txt").write_text("Beslut for kommunfullmaktige.", encoding="utf-8")
    before = {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    out = tmp_path / "out"
    result = run("fix", str(folder), "-o", str(out), "--report", str(tmp_path / "changes.jsonl"))
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1, err
    assert "Förslag till beslut i byggnadsnämnden" in (out / "protokoll.txt").read_text(encoding="utf-8")
    assert (out / "2025" / "bilaga.txt").exists() and (out / "anteckning.txt").exists()
    assert not list(out.rglob("*.pdf"))
    assert f"svfix error: {folder / 'hemlig.pdf'}: the PDF is encrypted" in err
    assert f"svfix error: {folder / 'trasig.pdf'}: damaged PDF" in err
    assert f"svfix error: {folder / 'skannad.pdf'}: no text layer (a scanned PDF): {OCR_HINT}" in err
    assert "3 of 6 inputs failed" in err
    assert not (out / "hemlig.txt").exists() and not (out / "trasig.txt").exists()
    assert {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()} == before  # inputs untouched
    assert '"file": "' + str(folder / "protokoll.pdf") in (tmp_path / "changes.jsonl").read_text(encoding="utf-8")


@needs_pdf
@needs_ghostscript
def test_a_pdf_to_standard_output_to_a_named_file_never_in_place(tmp_path):
    path = tmp_path / "protokoll.pdf"
    text_pdf(path, _pages()[:1])
    shown = run("fix", str(path))
    assert shown.returncode == 0 and "Förslag till beslut" in shown.stdout.decode("utf-8")
    assert run("fix", str(path), "-o", str(tmp_path / "rättad.txt")).returncode == 0
    assert "byggnadsnämnden" in (tmp_path / "rättad.txt").read_text(encoding="utf-8")
    refused = run("fix", "--in-place", str(path))
    assert refused.returncode == 1
    assert "svfix writes its corrected text, not a PDF, so not in place; give -o" in refused.stderr.decode("utf-8")


@needs_pdf
@needs_ghostscript
def test_two_inputs_that_would_make_the_same_output_are_refused(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text_pdf(folder / "a.pdf", _pages()[:1])
    (folder / "a.txt").write_text("for", encoding="utf-8")
    result = run("fix", str(folder), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "would both be written to" in result.stderr.decode("utf-8")
    assert not (tmp_path / "out").exists()


def test_an_image_without_ocr_says_what_to_do(tmp_path):
    path = tmp_path / "sida.png"
    path.write_bytes(png_bytes(bytes(64 * 64), 64, 64, 300))
    result = run("fix", str(path))
    assert result.returncode == 1
    assert result.stderr.decode("utf-8") == f"svfix error: {path}: an image (PNG), not text: {OCR_HINT}\n"


def test_a_word_processor_file_says_save_as_text():
    with pytest.raises(InputError, match="ZIP file .*save it as plain text or PDF"):
        detect(b"PK\x03\x04\x14\x00")


def test_reading_a_pdf_without_pypdfium2_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    with pytest.raises(InputError, match=r"pip install 'svfix\[pdf\]'"):
        fix_document(b"%PDF-1.7\n", "pdf")
