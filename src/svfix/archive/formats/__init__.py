"""Format adapters around the one engine: plain text, ALTO, hOCR and PAGE XML.

>>> detect(b"Forslag till beslut")
'txt'
>>> detect(b'<?xml version="1.0"?><alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">')
'alto'
>>> result = fix_document(b"Forslag for kommunfullmaktige", "txt")
>>> result.output.decode(), [c.new for c in result.changes]
('Förslag för kommunfullmäktige', ['Förslag', 'för', 'kommunfullmäktige'])

Each XML adapter builds the document's text from its word elements, runs
:func:`svfix.fix_and_explain` on it and writes the changes back into the word
elements, leaving every other byte of the file as it was (see
:mod:`svfix.archive.formats.units` for how changes map back, :mod:`svfix.archive.formats.xmlsafe` for
the hardened parser).
"""
from __future__ import annotations

import re

from ... import Lexicon
from ...config import Config
from ...errors import InputError
from .alto import Alto
from .base import DocumentResult
from .hocr import Hocr
from .page import Page
from .scan import SCAN_SUFFIXES, ScanOptions, fix_scan, sniff
from .txt import Text

__all__ = ["ADAPTERS", "FORMATS", "SCAN_SUFFIXES", "DocumentResult", "ScanOptions", "detect", "document_text",
           "fix_document", "sniff", "suffixes"]

ADAPTERS = {"txt": Text(), "alto": Alto(), "hocr": Hocr(), "page": Page()}
FORMATS = tuple(ADAPTERS)

#: File names a folder contributes, per format (``None``: every format, detected).
SUFFIXES = {
    "txt": ("*.txt", "*.md", "*.text"),
    "alto": ("*.xml", "*.alto"),
    "page": ("*.xml",),
    "hocr": ("*.hocr", "*.html", "*.xhtml"),
    None: ("*.txt", "*.md", "*.text", "*.xml", "*.alto", "*.hocr", "*.pdf"),
}
_TEXT_SUFFIXES = (".txt", ".md", ".text")
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)([^>]*)>")
_SKIP = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.S)


def suffixes(format_name: str | None) -> tuple[str, ...]:
    """The default include globs for a format (None: detect the format)."""
    return SUFFIXES[format_name]


def detect(data: bytes, name: str = "") -> str:
    """The format of a file, from its content: ``alto``, ``page``, ``hocr``, ``txt``, or
    ``pdf`` and ``image`` (PNG, JPEG, TIFF), which are read by :mod:`.scan`.

    Markup that is none of the three raises :class:`InputError`, unless the file name
    says it is text (``.txt``, ``.md``); so does a word processor's file (DOCX, ODT).

    >>> detect(b"%PDF-1.7"), detect(b"\\xff\\xd8\\xff\\xe0")
    ('pdf', 'image')
    """
    scanned = sniff(data)
    if scanned is not None:
        return scanned[0]
    if data.startswith(b"PK\x03\x04"):
        raise InputError("a ZIP file (a Word or OpenDocument file?), not text; save it as plain text or PDF "
                         "and give svfix that")
    head = data[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2] in (b"<\x00", b"\x00<"):
        codec = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-16-le" if head[:1] == b"<" else "utf-16-be")
        sample = head.decode(codec, "replace")
    else:
        sample = head.decode("utf-8", "replace")
    sample = sample.lstrip("\ufeff \t\r\n")
    if not sample.startswith("<"):
        return "txt"
    body = _SKIP.sub("", sample[:8192]).lstrip()
    root = _ROOT.match(body)
    tag = root.group(1).rpartition(":")[2] if root else ""
    attributes = root.group(2) if root else ""
    if tag == "alto" or "loc.gov/standards/alto" in attributes:
        return "alto"
    if tag == "PcGts" or "primaresearch.org/PAGE" in attributes:
        return "page"
    if tag.lower() == "html" and re.search(r"ocr_page|ocrx_word|ocr_line|ocr-system", sample):
        return "hocr"
    if name.lower().endswith(_TEXT_SUFFIXES):
        return "txt"
    what = f"<{tag}>" if tag else "markup"
    raise InputError(f"cannot tell the format: {what} is not ALTO, PAGE or hOCR; pass --format, or --exclude the file")


def fix_document(
    data: bytes, format_name: str, config: Config | None = None, lexicon: Lexicon | None = None,
    encoding: str | None = None, scan: ScanOptions | None = None,
) -> DocumentResult:
    """Repair one document of the given format (``txt``, ``alto``, ``hocr``, ``page``,
    ``pdf``, ``image``); ``scan`` says how PDFs and images are read (default: their text
    layer only, no OCR)."""
    config = config or Config()
    lexicon = lexicon or Lexicon.default()
    if format_name in ("pdf", "image"):
        if encoding is not None:
            raise InputError(f"--encoding applies to text files, not to a {format_name.upper()}")
        return fix_scan(data, format_name, config, lexicon, scan or ScanOptions())
    adapter = _adapter(format_name)
    if format_name == "txt":
        return adapter.fix(data, config, lexicon, encoding)
    if encoding is not None:
        raise InputError(f"--encoding applies to text files; {format_name} XML declares its own encoding")
    try:
        return adapter.fix(data, config, lexicon)
    except InputError as err:
        if format_name == "hocr" and str(err).startswith("malformed XML"):
            raise InputError(f"{err}; svfix reads hOCR as XHTML (well-formed XML, as Tesseract writes it)") from None
        raise


def document_text(data: bytes, format_name: str, encoding: str | None = None) -> str:
    """The text a document shows the engine (for an output file: its corrected text)."""
    adapter = _adapter(format_name)
    return adapter.text_of(data, encoding) if format_name == "txt" else adapter.text_of(data)


def _adapter(format_name: str):
    try:
        return ADAPTERS[format_name]
    except KeyError:
        raise InputError(f"unknown format {format_name!r}; choose one of {', '.join(FORMATS)}") from None
