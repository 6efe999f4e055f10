"""hOCR (XHTML, as Tesseract writes it): the text of ``ocrx_word`` elements corrected in place.

Words are grouped into lines by their nearest ``ocr_line`` (or ``ocrx_line``,
``ocr_textfloat``, ``ocr_header``, ``ocr_caption``) ancestor and lines into blocks by
their nearest ``ocr_par`` (else ``ocr_carea``, else ``ocr_page``). A word's text is
rewritten where it lies (inside ``<strong>`` or ``<em>`` if the word is wrapped in
them); a word with mixed markup inside is read but not changed. Every attribute,
``title`` with its ``bbox`` and ``x_wconf`` first of all, keeps its bytes. The
processing step is recorded as a ``<meta name="svfix-processing">`` in the head.

hOCR must be well-formed XML (XHTML); HTML that is not is refused with a clear error.
"""
from __future__ import annotations

import re

from ...errors import InputError
from .base import XmlAdapter
from .units import Blocks, Unit
from .xmlsafe import XmlDocument, escape_attribute

_WCONF = re.compile(r"(?:^|;)\s*x_wconf\s+(-?\d+(?:\.\d+)?)")
LINES = {"ocr_line", "ocrx_line", "ocr_textfloat", "ocr_header", "ocr_caption"}
BLOCKS = ("ocr_par", "ocr_carea", "ocr_page")


class Hocr(XmlAdapter):
    name = "hocr"

    def check(self, doc: XmlDocument) -> None:
        if doc.local(doc.root) != "html":
            raise InputError("not an hOCR file (the root element is not <html>)")

    def blocks(self, doc: XmlDocument) -> Blocks:
        blocks: dict[int, dict[int, list[Unit]]] = {}
        classes: dict[int, set[str]] = {}  # of the elements that hold words, each read once

        def classes_of(element: int) -> set[str]:
            found = classes.get(element)
            if found is None:
                found = classes[element] = set((doc.get(element, "class") or "").split())
            return found

        for node in range(len(doc)):
            if "ocrx_word" not in (doc.get(node, "class") or "").split():
                continue
            line = block = None
            for ancestor in doc.ancestors(node):
                names = classes_of(ancestor)
                if line is None and names & LINES:
                    line = ancestor
                if block is None and any(name in names for name in BLOCKS):
                    block = ancestor
                    if line is not None:
                        break
            line_key = line if line is not None else node
            block_key = block if block is not None else line_key
            blocks.setdefault(block_key, {}).setdefault(line_key, []).append(_unit(doc, node))
        return [list(lines.values()) for lines in blocks.values()]

    def write_unit(self, doc: XmlDocument, unit: Unit) -> None:
        target, lead, trail, _ = unit.ref
        doc.set_text(target, lead + unit.corrected + trail)

    def where(self, unit: Unit, doc: XmlDocument) -> dict:
        word = unit.ref[3]
        return {"element": doc.get(word, "id"), "xml_line": doc.line(word)}

    def record(self, doc: XmlDocument, description: str, settings: str, version_: str) -> None:
        heads = [node for node in doc.children(doc.root) if doc.local(node) == "head"]
        if heads:
            head = heads[0]
            content = escape_attribute(f"{description} ({settings})")
            doc.append_child(head, f'<{doc.prefix(head)}meta name="svfix-processing" content="{content}" />')


def _unit(doc: XmlDocument, word: int) -> Unit:
    """The unit of an ``ocrx_word``: its text, and the element whose text is rewritten
    (the word, or the one element it wraps, as in ``<strong>``, with nothing beside it)."""
    target = word
    while not doc.is_plain(target):
        children = list(doc.children(target))
        if len(children) != 1 or not doc.blank_around_children(target):
            break
        target = children[0]
    confidence = word_confidence(doc.get(word, "title") or "")
    if not doc.is_plain(target):
        return Unit(doc.itertext(word).strip(), ref=(None, "", "", word), editable=False, confidence=confidence)
    raw = doc.text(target)
    core = raw.strip()
    lead = raw[: len(raw) - len(raw.lstrip())]
    trail = raw[len(raw.rstrip()):]
    return Unit(core, ref=(target, lead, trail, word), confidence=confidence)


def word_confidence(title: str) -> float | None:
    """A word's ``x_wconf`` (0 to 100) as a confidence from 0 to 1, if its title has one.

    >>> word_confidence("bbox 533 2393 637 2428; x_wconf 92"), word_confidence("bbox 1 2 3 4")
    (0.92, None)
    """
    match = _WCONF.search(title)
    return min(max(float(match.group(1)) / 100, 0.0), 1.0) if match else None
