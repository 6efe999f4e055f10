"""Scans: PDFs and page images, read from their text layer or by Tesseract, corrected.

A PDF with a text layer is read page by page (:mod:`.pdf`), the pages joined by form
feeds (``\\n\\f\\n``) so that the layout stage finds running headers, footers and page
numbers, and corrected as text; the output is UTF-8 text.

A PDF without one, or an image (PNG, JPEG, TIFF), needs OCR: without ``--ocr`` it is
refused with a message naming the two ways on. With it (:class:`ScanOptions`), the pages
are drawn at 300 dpi and read by Tesseract (:mod:`svfix.archive.tesseract`) in one run,
and its output is corrected with the word confidences it gives (see
:data:`.base.DOUBTED`):

- ``hocr`` or ``alto``: Tesseract's hOCR or ALTO, corrected in place (every coordinate
  kept), is the output; every page is read by Tesseract, since the output needs the
  geometry;
- ``txt`` (default): the hOCR's words are corrected first, with the confidences, then the
  pages' text (a page with a text layer keeps it; only the others are read by Tesseract)
  goes through the whole engine as text, with the layout stage joining hyphenated words
  and removing page furniture. The changes of both passes are reported as spans of the
  text Tesseract read.
"""
from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ... import Lexicon
from ...changes import Change, ChangeLog, Edit
from ...config import Config
from ...errors import InputError
from .base import DocumentResult
from .pdf import OCR_HINT, has_text, is_pdf, page_texts, render_pages
from .units import assemble
from .xmlsafe import XmlDocument

#: Magic numbers of the images Tesseract reads, and their usual suffix.
IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG", ".png"),
    (b"\xff\xd8\xff", "JPEG", ".jpg"),
    (b"II*\x00", "TIFF", ".tif"),
    (b"MM\x00*", "TIFF", ".tif"),
    (b"BM", "BMP", ".bmp"),
    (b"GIF8", "GIF", ".gif"),
)
#: Globs of the files a folder contributes with --ocr, besides the text and XML formats.
SCAN_SUFFIXES = ("*.pdf", "*.png", "*.jpg", "*.jpeg", "*.tif", "*.tiff")
#: What an OCR'd document can be written as.
OUTPUTS = ("txt", "hocr", "alto")
PAGE_BREAK = "\n\f\n"


@dataclass(frozen=True)
class ScanOptions:
    """How to read PDFs and images.

    ``ocr``: run Tesseract on pages without a text layer and on images (else they are
    refused, saying what to do); ``lang``: its language (``swe``, ``eng``, ``swe+eng``);
    ``output``: what an OCR'd document is written as (``txt``, ``hocr``, ``alto``);
    ``dpi``: the resolution PDF pages are drawn at for Tesseract; ``progress``: say on
    stderr which page is being read (for a single long document on a terminal).
    """

    ocr: bool = False
    lang: str = "swe"
    output: str = "txt"
    dpi: int = 300
    progress: bool = False

    def __post_init__(self) -> None:
        if self.output not in OUTPUTS:
            raise InputError(f"an OCR'd document is written as {', '.join(OUTPUTS)}, not {self.output!r}")
        if not 70 <= self.dpi <= 1200:
            raise InputError(f"the OCR resolution must be 70 to 1200 dpi, not {self.dpi}")

    @property
    def described(self) -> dict:
        """What decides an output (for a batch manifest's settings hash)."""
        return {"ocr": self.ocr, "lang": self.lang, "output": self.output, "dpi": self.dpi}


def sniff(data: bytes) -> tuple[str, str] | None:
    """(``pdf`` or ``image``, what it is) for a PDF or an image, else None.

    >>> sniff(b"%PDF-1.4"), sniff(b"\\x89PNG\\r\\n\\x1a\\n...")[1], sniff(b"Forslag")
    (('pdf', 'PDF'), 'PNG', None)
    """
    if is_pdf(data):
        return "pdf", "PDF"
    for magic, name, _ in IMAGES:
        if data.startswith(magic):
            return "image", name
    return None


def fix_scan(data: bytes, kind: str, config: Config, lexicon: Lexicon, scan: ScanOptions) -> DocumentResult:
    """Correct a PDF (``kind`` ``pdf``) or an image (``image``); see the module docstring."""
    progress = _PageProgress() if scan.progress else None
    if kind == "image":
        what = sniff(data)
        if not scan.ocr:
            raise InputError(f"an image ({what[1] if what else 'picture'}), not text: {OCR_HINT}")
        suffix = next((s for magic, _, s in IMAGES if data.startswith(magic)), ".png")
        with tempfile.TemporaryDirectory(prefix="svfix-ocr-") as tmp:
            image = Path(tmp, "page" + suffix)
            image.write_bytes(data)
            return _from_ocr([image], [None], config, lexicon, scan, progress)
    texts = page_texts(data)
    if not texts:
        raise InputError("the PDF has no pages")
    with_text = [has_text(text) for text in texts]
    if not scan.ocr:
        if not any(with_text):
            raise InputError(f"no text layer (a scanned PDF): {OCR_HINT}")
        return _as_text(texts, {}, None, config, lexicon)
    wanted = list(range(len(texts))) if scan.output != "txt" else [i for i, ok in enumerate(with_text) if not ok]
    if not wanted:
        return _as_text(texts, {}, None, config, lexicon)
    from ..tesseract import check

    check(scan.lang)  # before drawing any page
    with tempfile.TemporaryDirectory(prefix="svfix-ocr-") as tmp:
        images = []
        for index, png in render_pages(data, scan.dpi, wanted):
            image = Path(tmp, f"page-{index + 1:05d}.png")
            image.write_bytes(png)
            images.append(image)
        layer: list[str | None] = [None if i in wanted else texts[i] for i in range(len(texts))]
        return _from_ocr(images, layer, config, lexicon, scan, progress)


def _from_ocr(images: list[Path], layer: list[str | None], config: Config, lexicon: Lexicon, scan: ScanOptions,
              progress: _PageProgress | None) -> DocumentResult:
    """Tesseract on ``images`` (the pages of ``layer`` that are None, in order), corrected."""
    from ..tesseract import recognise
    from .alto import Alto
    from .hocr import Hocr

    name = "alto" if scan.output == "alto" else "hocr"
    found = recognise(images, scan.lang, [name], images[0].parent, progress.page if progress else None)
    if progress is not None:
        progress.close()
    first = (Alto() if name == "alto" else Hocr()).fix(found[name], config, lexicon)
    if scan.output != "txt":
        return first
    # txt: the pages Tesseract read, as text, with the changes of the first pass in them
    ocr_pages, changes = _hocr_pages(found[name], first)
    if all(text is None for text in layer):  # every page read by Tesseract (a multi-page TIFF: more than one image)
        return _as_text(ocr_pages, dict(enumerate(changes)), first, config, lexicon)
    read = iter(ocr_pages)
    pages = [text if text is not None else next(read, "") for text in layer]
    ocr_indexes = [i for i, text in enumerate(layer) if text is None]
    by_page = {index: changes[n] for n, index in enumerate(ocr_indexes) if n < len(changes)}
    return _as_text(pages, by_page, first, config, lexicon)


def _hocr_pages(hocr: bytes, result: DocumentResult) -> tuple[list[str], list[list[Change]]]:
    """Tesseract's text of each page of ``hocr`` and the first pass's changes in it
    (offsets in the page's text)."""
    from .hocr import Hocr

    doc = XmlDocument.parse(hocr)
    pages = [node for node in range(len(doc)) if "ocr_page" in (doc.get(node, "class") or "").split()]
    page_of: dict[int, int] = {}
    for number, page in enumerate(pages):
        page_of[page] = number
        for node in doc.descendants(page):
            page_of[node] = number
    blocks_by_page: list[list] = [[] for _ in pages] or [[]]
    for block in Hocr().blocks(doc):
        units = [unit for line in block for unit in line]
        if units:
            blocks_by_page[page_of.get(units[0].ref[3], 0)].append(block)
    texts = [assemble(blocks)[0] for blocks in blocks_by_page]
    # result.original joins the non-empty pages' texts with a blank line, as assemble does
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        if text:
            position += len(text) + 2
    if "\n\n".join(text for text in texts if text) != result.original:
        raise InputError("cannot split Tesseract's hOCR into pages; use --format hocr")
    changes: list[list[Change]] = [[] for _ in texts]
    for change in result.changes:
        number = max(i for i, start in enumerate(starts) if start <= change.start and (texts[i] or i == 0))
        shift = starts[number]
        if change.end - shift > len(texts[number]):
            continue  # across two pages: left to the second pass
        changes[number].append(Change(change.start - shift, change.end - shift, change.old, change.new, change.stage,
                                      change.reason, change.confidence))
    return texts, changes


def _as_text(pages: list[str], first: dict[int, list[Change]], first_result: DocumentResult | None, config: Config,
             lexicon: Lexicon) -> DocumentResult:
    """The pages joined by page breaks, corrected as text; ``first`` holds changes already
    decided on some pages (spans of their text), applied before the engine runs."""
    from ... import fix_and_explain

    original = PAGE_BREAK.join(pages)
    if not first:
        result = fix_and_explain(original, config, lexicon)
        return DocumentResult("txt", result.text.encode("utf-8"), text=result.text, original=original,
                              changes=result.changes, where=tuple({} for _ in result.changes))
    log = ChangeLog(original, explain=True)
    edits, offset = [], 0
    for index, page in enumerate(pages):
        for change in first.get(index, ()):
            edits.append(Edit(offset + change.start, offset + change.end, change.new, change.reason, change.confidence,
                              change.stage))
        offset += len(page) + len(PAGE_BREAK)
    text = log.apply("ocr", original, sorted(edits))
    second = fix_and_explain(text, config, lexicon)
    final = log.apply("layout", text, [Edit(c.start, c.end, c.new, c.reason, c.confidence, c.stage)
                                       for c in sorted(second.changes)])
    changes = tuple(log.changes(final))
    return DocumentResult("txt", final.encode("utf-8"), text=final, original=original, changes=changes,
                          where=tuple({} for _ in changes), not_applied=first_result.not_applied if first_result else 0)


class _PageProgress:
    """``svfix: OCR page 3/12`` on stderr, rewritten in place, as pages are read."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.width = 0

    def page(self, done: int, total: int) -> None:
        text = f"svfix: OCR page {done}/{total}"
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
