"""The OCRmyPDF plugin, run as users run it: ``ocrmypdf --plugin svfix.ocrmypdf``.

Pages of Swedish text the models never saw (tests/data/scans) are drawn and saved as
image-only PDFs; plain OCRmyPDF and OCRmyPDF with the plugin make searchable PDFs of them
(once per module: the runs are the slow part); their text layers, read back with
pdftotext, are scored against the drawn text, and the runs' processor times compared.
Skipped, saying what to install, without OCRmyPDF 17, Tesseract, Pillow or the font.
"""
from __future__ import annotations

import json
import logging
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from scandocs import WORN, needs_drawing, needs_ocrmypdf, needs_tesseract, pdf_text, scanned_pdf, scanned_pdf_pages

from svfix.evaluation.metrics import wer

pytestmark = [needs_ocrmypdf, needs_tesseract]


def ocrmypdf(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ocrmypdf", *args], capture_output=True, timeout=300)


@dataclass
class Run:
    """One run of OCRmyPDF: its output, and the processor time it and its children took."""

    output: Path
    cpu: float
    wall: float

    def text(self, page: int | None = None) -> str:
        return pdf_text(self.output, page)


def timed_ocrmypdf(*args: str) -> Run:
    """OCRmyPDF on ``args`` (the output file last), timed. Tesseract runs one thread
    (``OMP_THREAD_LIMIT=1``): OpenMP threads that wait for each other spin, and would
    count as work in proportion to how busy the machine is."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "ocrmypdf", *args], capture_output=True, timeout=300, env=env)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stderr.decode()
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Run(Path(args[-1]), cpu, wall)


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> SimpleNamespace:
    """Plain OCRmyPDF and OCRmyPDF with the plugin, each on two image-only PDFs: a clean
    page read with the English model (``-l eng``, the damage of the seed protocols; PDF/A,
    as OCRmyPDF makes by default) and a clean and a worn page read with the Swedish one."""
    folder = tmp_path_factory.mktemp("ocrmypdf")
    eng, swe = folder / "skannad.pdf", folder / "svensk.pdf"
    found = SimpleNamespace(folder=folder, eng_gold=scanned_pdf(eng),
                            swe_golds=scanned_pdf_pages(swe, [{}, {"profile": "photocopy", **WORN}]))
    found.eng_plain = timed_ocrmypdf("-l", "eng", str(eng), str(folder / "eng-plain.pdf"))
    found.eng_svfix = timed_ocrmypdf("--plugin", "svfix.ocrmypdf", "-l", "eng", "--svfix-report",
                                     str(folder / "changes.jsonl"), "--sidecar", str(folder / "sidecar.txt"), str(eng),
                                     str(folder / "eng-svfix.pdf"))
    common = ["-l", "swe", "--output-type", "pdf", "--optimize", "0"]
    found.swe_plain = timed_ocrmypdf(*common, str(swe), str(folder / "swe-plain.pdf"))
    found.swe_svfix = timed_ocrmypdf("--plugin", "svfix.ocrmypdf", *common, str(swe), str(folder / "swe-svfix.pdf"))
    return found


@needs_drawing
def test_english_model_the_text_layer_has_a_quarter_of_the_word_errors(scans):
    before, after = wer(scans.eng_plain.text(), scans.eng_gold), wer(scans.eng_svfix.text(), scans.eng_gold)
    print(f"-l eng, clean page: WER plain OCRmyPDF {before:.2%}, with svfix {after:.2%}")
    assert before > 0.15 and after <= before / 4, (before, after)
    layer = scans.eng_svfix.text()
    assert "Byggnadsnämnden" in layer and "Länsstyrelsen" in layer
    # PDF/A, as OCRmyPDF makes by default, saying who made the text layer
    import pikepdf

    with pikepdf.open(scans.eng_svfix.output) as pdf:
        assert pdf.open_metadata().pdfa_status.startswith("2")
        assert "svfix" in str(pdf.docinfo.get("/Creator", "")) + str(pdf.docinfo.get("/Producer", ""))
    rows = [json.loads(line) for line in (scans.folder / "changes.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) > 20
    assert {row["page"] for row in rows} == {1}
    assert all(row["element"].startswith("word_1_") and row["file"].endswith("skannad.pdf") for row in rows)
    assert any(row["new"] == "Byggnadsnämnden" for row in rows)
    assert "Byggnadsnämnden" in (scans.folder / "sidecar.txt").read_text(encoding="utf-8")


@needs_drawing
def test_swedish_model_fewer_word_errors_on_a_worn_page_never_more_on_a_clean_one(scans):
    clean, worn = scans.swe_golds
    clean_before, clean_after = wer(scans.swe_plain.text(1), clean), wer(scans.swe_svfix.text(1), clean)
    worn_before, worn_after = wer(scans.swe_plain.text(2), worn), wer(scans.swe_svfix.text(2), worn)
    print(f"-l swe: WER plain OCRmyPDF -> with svfix: clean page {clean_before:.2%} -> {clean_after:.2%}, "
          f"worn page {worn_before:.2%} -> {worn_after:.2%}")
    assert clean_after <= clean_before, (clean_before, clean_after)
    assert worn_before > 0.03 and worn_after < worn_before, (worn_before, worn_after)


@needs_drawing
def test_time_per_page_at_most_a_fifth_more_than_plain(scans):
    """Processor time (of OCRmyPDF, its workers, Tesseract and Ghostscript), not wall
    time, so that a busy machine does not decide: the same three pages each way."""
    plain = scans.eng_plain.cpu + scans.swe_plain.cpu
    plugin = scans.eng_svfix.cpu + scans.swe_svfix.cpu
    wall = (scans.eng_plain.wall + scans.swe_plain.wall, scans.eng_svfix.wall + scans.swe_svfix.wall)
    print(f"processor time for 3 pages: plain OCRmyPDF {plain:.1f} s, with svfix {plugin:.1f} s "
          f"({plugin / plain:.2f}x); wall {wall[0]:.1f} s, {wall[1]:.1f} s")
    assert plugin <= 1.2 * plain, (plain, plugin)


@needs_drawing
def test_the_sandwich_renderer_is_refused_saying_why(tmp_path):
    scanned_pdf(tmp_path / "skannad.pdf")
    result = ocrmypdf("--plugin", "svfix.ocrmypdf", "--pdf-renderer", "sandwich", str(tmp_path / "skannad.pdf"),
                      str(tmp_path / "out.pdf"))
    assert result.returncode != 0
    assert "svfix cannot correct: use --pdf-renderer auto" in result.stderr.decode()
    assert not (tmp_path / "out.pdf").exists()


def _options(**values) -> SimpleNamespace:
    return SimpleNamespace(**{"svfix_words": None, "svfix_min_confidence": None, "svfix_report": None,
                              "input_file": "in.pdf", **values})


def test_a_page_svfix_cannot_read_keeps_tesseracts_text(tmp_path, caplog):
    from svfix.ocrmypdf import correct_page

    hocr, text = tmp_path / "000003_ocr_hocr.hocr", tmp_path / "000003_ocr_hocr.txt"
    hocr.write_bytes(b"<html><body><span class='ocrx_word'>Forslag</b></body>")
    text.write_bytes(b"Forslag\n\f")
    with caplog.at_level(logging.WARNING):
        assert correct_page(hocr, text, _options()) == 0
    assert hocr.read_bytes() == b"<html><body><span class='ocrx_word'>Forslag</b></body>"
    assert "svfix: page 3 keeps Tesseract's text" in caplog.text


def test_a_page_is_corrected_in_place_and_reported(tmp_path):
    from svfix.ocrmypdf import correct_page, write_report

    source = Path(__file__).parent / "data" / "scans" / "page.hocr"
    hocr, text = tmp_path / "000002_ocr_hocr.hocr", tmp_path / "000002_ocr_hocr.txt"
    hocr.write_bytes(source.read_bytes())
    text.write_bytes(b"whatever Tesseract wrote\n\f")
    changes = correct_page(hocr, text, _options(svfix_report=str(tmp_path / "report.jsonl")))
    corrected = hocr.read_text(encoding="utf-8")
    assert changes >= 3 and ">Förslag<" in corrected and ">kommunfullmäktige:<" in corrected
    assert "title='bbox 101 109 237 151; x_wconf 92'" in corrected  # boxes and confidences kept
    assert text.read_text(encoding="utf-8").endswith("\n\f") and "Förslag" in text.read_text(encoding="utf-8")
    assert write_report(tmp_path, tmp_path / "report.jsonl") == changes
    rows = [json.loads(line) for line in (tmp_path / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows[0]["page"] == 2 and rows[0]["file"] == "in.pdf" and rows[0]["old"] == "Forslag"


@pytest.mark.parametrize("value", ["0.3", "1.5"])
def test_min_confidence_out_of_range_is_refused(tmp_path, value):
    result = ocrmypdf("--plugin", "svfix.ocrmypdf", "--svfix-min-confidence", value, "in.pdf", "out.pdf")
    assert result.returncode != 0 and "--svfix-min-confidence must be between 0.5 and 1.0" in result.stderr.decode()
