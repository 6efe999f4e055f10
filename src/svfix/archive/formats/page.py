"""PAGE XML (PRImA, 2013 to 2019 schemas): ``Word/TextEquiv/Unicode`` corrected in place.

Each ``TextRegion`` is a block and each of its ``TextLine`` elements a line; a line's
units are its ``Word`` elements (the text of each word's first ``TextEquiv``), or, for
a line without words, the line's own ``TextEquiv``. ``Coords``, ``Baseline``, glyphs,
``conf`` and every other attribute keep their bytes. A line's (and a region's)
``TextEquiv`` that spelled exactly its words joined by spaces (its lines joined by line
breaks) is updated to match the corrected words; one that did not is left alone. The
processing step is recorded as a ``MetadataItem type="processingStep"``; ``LastChange``
is not touched, so that the same input gives the same output.
"""
from __future__ import annotations

from ...errors import InputError
from .base import SOFTWARE, XmlAdapter
from .units import Blocks, Unit
from .xmlsafe import Element, XmlDocument, escape_attribute

NAMESPACE = "http://schema.primaresearch.org/PAGE/gts/pagecontent/"


def local(node) -> str:
    tag = node.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _unicode(node):
    """The Unicode element of the first TextEquiv child of ``node``, or None."""
    for child in node:
        if local(child) == "TextEquiv":
            for grandchild in child:
                if local(grandchild) == "Unicode":
                    return grandchild
            return None
    return None


class Page(XmlAdapter):
    name = "page"

    def check(self, doc: XmlDocument) -> None:
        if local(doc.root) != "PcGts" or NAMESPACE not in doc.root.tag:
            raise InputError("not a PAGE XML file (the root element is not <PcGts> in the PAGE namespace)")

    def blocks(self, doc: XmlDocument) -> Blocks:
        blocks = []
        self._derived: list[tuple[Element, list[list[Unit]], str]] = []
        for region in doc.root.iter():
            if local(region) != "TextRegion":
                continue
            lines = []
            line_units = []
            for line in region:
                if local(line) != "TextLine":
                    continue
                words = [word for word in line if local(word) == "Word"]
                units = []
                for word in words:
                    unicode = _unicode(word)
                    if unicode is not None:
                        units.append(_unit(doc, unicode, word))
                line_text = _unicode(line)
                if not words and line_text is not None:
                    units.append(_unit(doc, line_text, line))
                elif line_text is not None and units:
                    self._derived.append((doc.element(line_text), [units], " "))
                lines.append(units)
                line_units.append(units)
            region_text = _unicode(region)
            if region_text is not None and any(line_units):
                self._derived.append((doc.element(region_text), line_units, "\n"))
            blocks.append(lines)
        return blocks

    def write_unit(self, doc: XmlDocument, unit: Unit) -> None:
        doc.set_text(unit.ref[0], unit.corrected)

    def finish(self, doc: XmlDocument, blocks: Blocks) -> None:
        for element, groups, separator in self._derived:
            old = separator.join(" ".join(unit.text for unit in units) for units in groups)
            new = separator.join(" ".join(unit.corrected for unit in units) for units in groups)
            if new != old and (element.node.text or "") == old and len(element.node) == 0:
                doc.set_text(element, new)

    def where(self, unit: Unit, doc: XmlDocument) -> dict:
        owner = unit.ref[1]
        return {"element": owner.node.get("id"), "xml_line": owner.line}

    def record(self, doc: XmlDocument, description: str, settings: str, version_: str) -> None:
        metadata = [node for node in doc.root if local(node) == "Metadata"]
        if metadata:
            element = doc.element(metadata[0])
            value = escape_attribute(f"{description} ({settings})")
            doc.append_child(element, f'<{element.prefix}MetadataItem type="processingStep" name="{SOFTWARE} '
                                      f'{escape_attribute(version_)}" value="{value}"/>')


def _unit(doc: XmlDocument, unicode, owner) -> Unit:
    editable = len(unicode) == 0
    return Unit(unicode.text or "", ref=(doc.element(unicode), doc.element(owner)), editable=editable)
