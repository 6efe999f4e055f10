"""Test helper: real PDFs and page images, made by real tools.

- :func:`scanned_pdf` draws Swedish paragraphs on an A4 page with Pillow and a real font
  (svfix.evaluation.ocrpairs: the typesetting and the degradation profiles of the OCR
  pairs), optionally worn, and saves it as an image-only PDF: a scan without a text layer.
- :func:`text_pdf` writes PostScript (Times-Roman in ISO Latin-1, a running header and
  ``Sida N av M`` on every page) and turns it into a PDF with Ghostscript's ``ps2pdf``,
  optionally encrypted: a PDF with a text layer made by a real producer.
- :func:`pdf_text` reads a PDF's text back with poppler's ``pdftotext`` (independent of
  the reader svfix uses), else with pypdfium2.

The ``needs_*`` marks skip a test, saying what to install, when a tool is missing.
"""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "scans"
PARAGRAPHS = [line for line in (DATA / "byggnadsnamnden.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
TESSERACT_PACKAGES = "tesseract-ocr tesseract-ocr-swe tesseract-ocr-eng"
#: Stripped Swedish, the damage of text typed or converted without å, ä, ö: the text of the
#: PDFs with a text layer (tests/test_pdf.py, the README's PDF commands).
STRIPPED = [
    "Forslag till beslut i byggnadsnamnden om detaljplan for kvarteret Larkan i Osterby.",
    "Forvaltningen har tagit fram planhandlingarna efter samradet och foreslar att namnden godkanner dem for "
    "granskning. Under samradet kom det in tolv yttranden fran lansstyrelsen, Trafikverket och grannar.",
    "Namnden beslutar att godkanna planforslaget for granskning och att arendet ater ska behandlas nar "
    "granskningen ar avslutad. Sammantradet avslutades klockan 16.40.",
]


@cache
def _tesseract_ok() -> bool:
    if shutil.which("tesseract") is None:
        return False
    result = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    langs = set((result.stdout + result.stderr).split())
    return {"swe", "eng"} <= langs


@cache
def _font_ok() -> bool:
    if importlib.util.find_spec("PIL") is None:
        return False
    from svfix.evaluation.ocrpairs import fonts

    try:
        fonts.find_font("liberation-serif")
    except fonts.FontNotFoundError:
        return False
    return True


@cache
def _ocrmypdf_ok() -> bool:
    try:
        import ocrmypdf
    except ImportError:
        return False
    return ocrmypdf.__version__.split(".")[0] == "17"


needs_pdf = pytest.mark.skipif(importlib.util.find_spec("pypdfium2") is None,
                               reason="reading PDF needs pypdfium2: pip install 'svfix[pdf]'")
needs_ghostscript = pytest.mark.skipif(shutil.which("ps2pdf") is None,
                                       reason="making a PDF with a text layer needs Ghostscript: apt-get install ghostscript")
needs_drawing = pytest.mark.skipif(not _font_ok(), reason="drawing a page needs Pillow (pip install 'svfix[bench]') "
                                                          "and Liberation Serif (apt-get install fonts-liberation)")
needs_tesseract = pytest.mark.skipif(not _tesseract_ok(),
                                     reason=f"OCR needs Tesseract with swe and eng: apt-get install {TESSERACT_PACKAGES}")
needs_ocrmypdf = pytest.mark.skipif(not _ocrmypdf_ok(), reason="the plugin needs OCRmyPDF 17: pip install 'svfix[ocrmypdf]'")


#: The photocopy profile at its worst corner (its lowest resolution and threshold, its
#: strongest noise): a worn page. Tesseract's Swedish model misreads about one word in
#: twelve of it; on the profile's average page, one in twenty-five to fifty.
WORN = {"dpi": 135, "threshold": 150, "noise": 24.0}


def page_image(paragraphs: list[str] = PARAGRAPHS, profile: str = "clean", seed: str = "svfix-tests",
               font: str = "liberation-serif", size: float = 11, **params):
    """One A4 page of ``paragraphs`` drawn at 300 dpi and worn by ``profile`` (its drawn
    parameters replaced by ``params``: ``dpi``, ``threshold``, ``noise``...): (image, its
    resolution, the drawn text)."""
    import dataclasses

    from svfix.evaluation.ocrpairs.degrade import PROFILES, degrade
    from svfix.evaluation.ocrpairs.layout import layout_pages, render_page

    page = next(layout_pages(paragraphs, fonts=[font], sizes=[size], pages=1, seed=seed, id_prefix="t"))
    drawn = dataclasses.replace(PROFILES[profile].draw(seed, page.page_id), **params)
    return degrade(render_page(page), drawn), drawn.dpi, page.gold


def scanned_pdf(path: Path, profile: str = "clean", paragraphs: list[str] = PARAGRAPHS, **params) -> str:
    """Write an image-only PDF of one page to ``path``; return the drawn text."""
    image, dpi, gold = page_image(paragraphs, profile, **params)
    image.save(path, format="PDF", resolution=dpi)
    return gold


def scanned_pdf_pages(path: Path, pages: list[dict]) -> list[str]:
    """Write an image-only PDF of several pages to ``path``, each drawn by
    :func:`scanned_pdf` with the keyword arguments of its entry (each at its own
    resolution, joined with pypdfium2); return the drawn texts."""
    import pypdfium2

    golds, joined = [], pypdfium2.PdfDocument.new()
    for number, page in enumerate(pages):
        part = path.with_name(f"{path.stem}-{number}.pdf")
        golds.append(scanned_pdf(part, **page))
        source = pypdfium2.PdfDocument(part)
        joined.import_pages(source)
        source.close()
        part.unlink()
    joined.save(path)
    joined.close()
    return golds


def scanned_png(path: Path, paragraphs: list[str] = PARAGRAPHS) -> str:
    image, dpi, gold = page_image(paragraphs)
    image.save(path, format="PNG", dpi=(dpi, dpi))
    return gold


HEADER = "Byggnadsnämnden - protokoll 2025-03-12"


def _ps_string(text: str) -> str:
    data = text.encode("latin-1")
    return "(" + "".join(chr(b) if 32 <= b < 127 and chr(b) not in "()\\" else f"\\{b:03o}" for b in data) + ")"


def text_pdf(path: Path, pages: list[list[str]], user_password: str | None = None) -> None:
    """A PDF of ``pages`` (lines of text) made by Ghostscript from PostScript, each page
    with a running header and a ``Sida N av M`` footer."""
    ps = ["%!PS-Adobe-3.0", f"%%Pages: {len(pages)}", "%%EndComments",
          "/Times-Roman findfont dup length dict begin {1 index /FID ne {def} {pop pop} ifelse} forall "
          "/Encoding ISOLatin1Encoding def currentdict end /TimesLatin1 exch definefont pop"]
    for number, lines in enumerate(pages, 1):
        ps += [f"%%Page: {number} {number}", "/TimesLatin1 findfont 9 scalefont setfont",
               f"72 800 moveto {_ps_string(HEADER)} show", "/TimesLatin1 findfont 11 scalefont setfont"]
        y = 760
        for line in lines:
            if line:
                ps.append(f"72 {y} moveto {_ps_string(line)} show")
            y -= 14
        ps += ["/TimesLatin1 findfont 9 scalefont setfont",
               f"270 40 moveto {_ps_string(f'Sida {number} av {len(pages)}')} show", "showpage"]
    source = path.with_suffix(".ps")
    source.write_text("\n".join(ps) + "\n%%EOF\n", encoding="latin-1")
    options = [f"-sOwnerPassword={user_password}-owner", f"-sUserPassword={user_password}"] if user_password else []
    subprocess.run(["ps2pdf", *options, str(source), str(path)], check=True, capture_output=True, timeout=120)
    source.unlink()


def wrap(paragraphs: list[str], width: int = 80) -> list[str]:
    """Paragraphs as lines of at most ``width`` characters, a blank line between them."""
    import textwrap

    lines: list[str] = []
    for paragraph in paragraphs:
        lines += [*textwrap.wrap(paragraph, width), ""]
    return lines


def pdf_text(path: Path, page: int | None = None) -> str:
    """The text of a PDF (or of its ``page``, from 1), as an independent reader sees it."""
    if shutil.which("pdftotext"):
        pages = ["-f", str(page), "-l", str(page)] if page else []
        result = subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"], capture_output=True, check=True)
        return result.stdout.decode("utf-8")
    from svfix.archive.formats.pdf import page_texts

    texts = page_texts(path.read_bytes())
    return texts[page - 1] if page else "\n\f\n".join(texts)
