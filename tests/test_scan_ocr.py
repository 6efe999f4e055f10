"""``svfix fix --ocr``: Tesseract reads scans, svfix corrects what it read.

Each test draws one page of Swedish text the models never saw (tests/data/scans), saves
it as an image-only PDF or a PNG, runs the real command and scores what comes out against
the drawn text. Skipped, saying what to install, without Tesseract, Pillow or the font.
"""
from __future__ import annotations

import os
import re
import sys

from scandocs import needs_drawing, needs_pdf, needs_tesseract, scanned_pdf, scanned_png
from support import run

from svfix.archive import tesseract
from svfix.archive.formats.pdf import png_bytes
from svfix.archive.formats.scan import _PageProgress
from svfix.evaluation.metrics import wer

pytestmark = [needs_pdf, needs_tesseract, needs_drawing]

WORD = re.compile(r"<span class='ocrx_word' id='([^']+)' title='([^']+)'>")


def test_fix_ocr_on_a_scanned_pdf_restores_what_the_english_model_lost(tmp_path):
    gold = scanned_pdf(tmp_path / "skannad.pdf")
    raw = run("fix", str(tmp_path / "skannad.pdf"), "--ocr", "--ocr-lang", "eng", "--preset", "encoding-only",
              "--no-encoding")  # Tesseract's text as it read it
    assert raw.returncode == 0, raw.stderr
    fixed = run("fix", str(tmp_path / "skannad.pdf"), "--ocr", "--ocr-lang", "eng", "-o", str(tmp_path / "out") + "/",
                "--report", str(tmp_path / "changes.jsonl"))
    assert fixed.returncode == 0, fixed.stderr
    text = (tmp_path / "out" / "skannad.txt").read_text(encoding="utf-8")
    before, after = wer(raw.stdout.decode("utf-8"), gold), wer(text, gold)
    print(f"svfix fix --ocr --ocr-lang eng, clean page: WER Tesseract {before:.2%}, corrected {after:.2%}")
    assert before > 0.15 and after < before / 4, (before, after)
    for word in ("Byggnadsnämnden", "förslaget", "Länsstyrelsen", "Förvaltningen", "sjöbod"):
        assert word in text
    assert '"stage": "diacritics"' in (tmp_path / "changes.jsonl").read_text(encoding="utf-8")


def test_hocr_output_keeps_every_box_and_confidence(tmp_path):
    scanned_pdf(tmp_path / "skannad.pdf", profile="mild")
    fixed = run("fix", str(tmp_path / "skannad.pdf"), "--ocr", "--ocr-lang", "eng", "--format", "hocr", "-o",
                str(tmp_path / "fixed.hocr"))
    plain = run("fix", str(tmp_path / "skannad.pdf"), "--ocr", "--ocr-lang", "eng", "--format", "hocr", "--preset",
                "encoding-only", "--no-encoding", "-o", str(tmp_path / "plain.hocr"))
    assert fixed.returncode == 0 and plain.returncode == 0, fixed.stderr + plain.stderr
    corrected = (tmp_path / "fixed.hocr").read_text(encoding="utf-8")
    as_read = (tmp_path / "plain.hocr").read_text(encoding="utf-8")
    assert WORD.findall(corrected) == WORD.findall(as_read)  # every word's id, bbox and x_wconf
    assert len(WORD.findall(corrected)) > 100
    assert corrected != as_read and "Byggnadsnämnden" in corrected and "Byggnadsnämnden" not in as_read
    assert 'name="svfix-processing"' in corrected


def test_alto_output_and_a_png_read_from_standard_output(tmp_path):
    gold = scanned_png(tmp_path / "sida.png")
    alto = run("fix", str(tmp_path / "sida.png"), "--ocr", "--format", "alto", "-o", str(tmp_path / "out") + "/")
    assert alto.returncode == 0, alto.stderr
    xml = (tmp_path / "out" / "sida.alto.xml").read_text(encoding="utf-8")
    assert "<alto" in xml and "svfix" in xml and 'CONTENT="Byggnadsnämnden"' in xml
    shown = run("fix", str(tmp_path / "sida.png"), "--ocr")
    assert shown.returncode == 0 and wer(shown.stdout.decode("utf-8"), gold) < 0.05


def test_without_tesseract_the_error_says_what_to_install(tmp_path):
    path = tmp_path / "sida.png"
    path.write_bytes(png_bytes(bytes([255]) * 100 * 100, 100, 100, 300))
    env = {**os.environ, "PATH": str(tmp_path)}  # no tesseract on it
    result = run_module(["fix", str(path), "--ocr"], env)
    assert result.returncode == 1
    assert "--ocr needs Tesseract, which is not installed: apt-get install tesseract-ocr" in result.stderr.decode("utf-8")


def test_a_language_without_a_model_names_its_package(tmp_path):
    path = tmp_path / "sida.png"
    path.write_bytes(png_bytes(bytes([255]) * 100 * 100, 100, 100, 300))
    result = run("fix", str(path), "--ocr", "--ocr-lang", "fin")
    assert result.returncode == 1
    assert "Tesseract has no 'fin' model: apt-get install tesseract-ocr-fin" in result.stderr.decode("utf-8")


def test_progress_is_reported_page_by_page(tmp_path):
    images = []
    for number in (1, 2):
        image = tmp_path / f"p{number}.png"
        image.write_bytes(png_bytes(bytes([255]) * 200 * 100, 200, 100, 300))
        images.append(image)
    seen: list[tuple[int, int]] = []
    tesseract.recognise(images, "swe", ["hocr"], tmp_path, lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]

    class Stream:
        text = ""

        def write(self, part: str) -> None:
            self.text += part

        def flush(self) -> None:
            pass

    stream = Stream()
    progress = _PageProgress(stream)
    for done, total in seen:
        progress.page(done, total)
    progress.close()
    assert "svfix: OCR page 1/2" in stream.text and stream.text.endswith("\r")


def run_module(args: list[str], env: dict[str, str]):
    import subprocess

    return subprocess.run([sys.executable, "-m", "svfix", *args], capture_output=True, env=env, timeout=120)
