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

from ...errors import InputError
from .base import XmlAdapter
from .units import Blocks, Unit
from .xmlsafe import XmlDocument, escape_attribute

LINES = {"ocr_line", "ocrx_line", "ocr_textfloat", "ocr_header", "ocr_caption"}
BLOCKS = ("ocr_par", "ocr_carea", "ocr_page")


def local(node) -> str:
    tag = node.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def classes(node) -> set[str]:
    return set((node.get("class") or "").split())


class Hocr(XmlAdapter):
    name = "hocr"

    def check(self, doc: XmlDocument) -> None:
        if local(doc.root) != "html":
            raise InputError("not an hOCR file (the root element is not <html>)")

    def blocks(self, doc: XmlDocument) -> Blocks:
        blocks: dict[int, dict[int, list[Unit]]] = {}
        for node in doc.root.iter():
            if not isinstance(node.tag, str) or "ocrx_word" not in classes(node):
                continue
            line = block = None
            for ancestor in node.iterancestors():
                names = classes(ancestor)
                if line is None and names & LINES:
                    line = ancestor
                if block is None and any(name in names for name in BLOCKS):
                    block = ancestor
                    if line is not None:
                        break
            line_key = id(line) if line is not None else id(node)
            block_key = id(block) if block is not None else line_key
            blocks.setdefault(block_key, {}).setdefault(line_key, []).append(_unit(doc, node))
        return [list(lines.values()) for lines in blocks.values()]

    def write_unit(self, doc: XmlDocument, unit: Unit) -> None:
        target, lead, trail, _ = unit.ref
        doc.set_text(target, lead + unit.corrected + trail)

    def where(self, unit: Unit, doc: XmlDocument) -> dict:
        word = unit.ref[3]
        return {"element": word.node.get("id"), "xml_line": word.line}

    def record(self, doc: XmlDocument, description: str, settings: str, version_: str) -> None:
        heads = [node for node in doc.root if local(node) == "head"]
        if heads:
            head = doc.element(heads[0])
            content = escape_attribute(f"{description} ({settings})")
            doc.append_child(head, f'<{head.prefix}meta name="svfix-processing" content="{content}" />')


def _unit(doc: XmlDocument, word) -> Unit:
    """The unit of an ``ocrx_word``: its text, and the element whose text is rewritten."""
    target = word
    while len(target) == 1 and isinstance(target[0].tag, str) and not (target.text or "").strip() \
            and not (target[0].tail or "").strip():
        target = target[0]
    if len(target):
        return Unit("".join(word.itertext()).strip(), ref=(None, "", "", doc.element(word)), editable=False)
    raw = target.text or ""
    core = raw.strip()
    lead = raw[: len(raw) - len(raw.lstrip())]
    trail = raw[len(raw.rstrip()):]
    return Unit(core, ref=(doc.element(target), lead, trail, doc.element(word)))
