"""PDF: the text layer page by page, and the pages as images for OCR (with pypdfium2).

pypdfium2 (PDFium, the PDF engine of Chromium) was chosen over pypdf and pdfminer.six by
measuring all three on PDFs made by Chromium, groff and Ghostscript
(``benchmarks/pdf_text.py``, its numbers in ``benchmarks/PDF.md``): it keeps
the words of kerned, justified text whole where pypdf and pdfminer.six cut them
(``K ommunstyrelsen``), keeps the lines in reading order, and is ten to a hundred times
faster. PDFium marks a word hyphenated at a line end with U+FFFE and joins the lines; the
hyphen and the line break are put back here, so that svfix's layout stage decides, as for
any text, whether the hyphen belongs to the word (``CEMR-deklarationen``, ``kommun- och``).

It is an optional dependency (``pip install 'svfix[pdf]'``), imported only when a PDF is
read. An encrypted or damaged PDF raises :class:`~svfix.errors.InputError` saying so.

>>> is_pdf(b"%PDF-1.7\\n..."), is_pdf(b"Forslag")
(True, False)
>>> png = png_bytes(b"\\x00\\xff" * 2, 2, 2, 300)
>>> png[:8], len(png) > 50
(b'\\x89PNG\\r\\n\\x1a\\n', True)
"""
from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ...errors import InputError

#: How every message about a PDF without text ends: the two ways on.
OCR_HINT = ("run svfix fix --ocr (Tesseract reads the pages), or make a searchable PDF with "
            "ocrmypdf --plugin svfix.ocrmypdf -l swe IN.pdf OUT.pdf")

#: A page whose text layer has no letter at all has no text (a scan, or only a stamp of lines).
_LETTER = re.compile(r"[^\W\d_]")

# PDFium's error codes (FPDF_GetLastError) that say why a document did not open.
_PASSWORD, _SECURITY = 4, 5


def is_pdf(data: bytes) -> bool:
    """Does ``data`` look like a PDF (``%PDF-`` within its first kilobyte)?"""
    return b"%PDF-" in data[:1024]


def _pdfium() -> Any:
    try:
        import pypdfium2
    except ImportError:
        raise InputError("reading PDF needs pypdfium2, which is not installed: pip install 'svfix[pdf]'") from None
    return pypdfium2


@contextmanager
def open_pdf(data: bytes) -> Iterator[Any]:
    """The PDF in ``data`` as a ``pypdfium2.PdfDocument``, closed afterwards; an encrypted
    or damaged file raises InputError."""
    pdfium = _pdfium()
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        code = getattr(err, "err_code", None)
        if code in (_PASSWORD, _SECURITY):
            raise InputError("the PDF is encrypted (it needs a password to open); decrypt it first, for example "
                             "qpdf --decrypt --password=PASSWORD in.pdf out.pdf") from None
        reason = str(err).removeprefix("Failed to load document ").strip("(). ")
        raise InputError(f"damaged PDF, it cannot be read ({reason}); if another reader opens it, save a "
                         "copy from there (or repair it with qpdf or ghostscript) and try again") from None
    try:
        yield document
    finally:
        document.close()


def page_texts(data: bytes, on_page=None) -> list[str]:
    """The text layer of each page of the PDF in ``data`` (lines as PDFium reads them,
    a hyphenated word's hyphen and line break put back). ``on_page(done, total)`` is
    called after each page."""
    texts = []
    with open_pdf(data) as document:
        total = len(document)
        for index in range(total):
            page = document[index]
            textpage = page.get_textpage()
            try:
                texts.append(clean_page_text(textpage.get_text_range()))
            finally:
                textpage.close()
                page.close()
            if on_page is not None:
                on_page(index + 1, total)
    return texts


def clean_page_text(text: str) -> str:
    """PDFium's text of a page as plain lines.

    >>> clean_page_text("jämställd\\ufffehets-\\r\\nintegrering\\r\\n\\x00")
    'jämställd-\\nhets-\\nintegrering'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-\n").replace("\x00", "").strip("\n")


def has_text(text: str) -> bool:
    """Does a page's text layer hold text (at least one letter)?"""
    return _LETTER.search(text) is not None


def render_pages(data: bytes, dpi: int = 300, pages: list[int] | None = None) -> Iterator[tuple[int, bytes]]:
    """Each page (or each of ``pages``, 0-based) drawn in greyscale at ``dpi``, as
    (page index, PNG bytes with the resolution recorded)."""
    with open_pdf(data) as document:
        for index in range(len(document)) if pages is None else pages:
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                try:
                    yield index, _png_of(bitmap, dpi)
                finally:
                    bitmap.close()
            finally:
                page.close()


def _png_of(bitmap: Any, dpi: int) -> bytes:
    """A PDFium bitmap as an 8-bit greyscale PNG (or RGB when PDFium drew in colour)."""
    width, height, stride, channels = bitmap.width, bitmap.height, bitmap.stride, bitmap.n_channels
    buffer = bytes(bitmap.buffer)
    if channels == 1:
        return png_bytes(buffer, width, height, dpi, stride)
    # BGR(A) → grey, by the luma weights (PDFium draws in colour when asked to keep colour)
    rows = bytearray()
    for y in range(height):
        row = buffer[y * stride: y * stride + width * channels]
        rows += bytes((row[i + 2] * 299 + row[i + 1] * 587 + row[i] * 114) // 1000 for i in range(0, len(row), channels))
    return png_bytes(bytes(rows), width, height, dpi)


def png_bytes(pixels: bytes, width: int, height: int, dpi: int, stride: int | None = None) -> bytes:
    """An 8-bit greyscale PNG of ``pixels`` (rows of ``stride`` bytes), its resolution
    recorded (pHYs), written with the standard library alone."""
    stride = stride or width
    raw = b"".join(b"\x00" + pixels[y * stride: y * stride + width] for y in range(height))
    per_metre = round(dpi / 0.0254)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
            + chunk(b"IDAT", zlib.compress(raw, 3)) + chunk(b"IEND", b""))
