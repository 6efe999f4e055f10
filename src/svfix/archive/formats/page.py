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
from .xmlsafe import XmlDocument, escape_attribute

NAMESPACE = "http://schema.primaresearch.org/PAGE/gts/pagecontent/"


def _unicode(doc: XmlDocument, node: int) -> int | None:
    """The Unicode element of the first TextEquiv child of ``node``, or None."""
    for child in doc.children(node):
        if doc.local(child) == "TextEquiv":
            for grandchild in doc.children(child):
                if doc.local(grandchild) == "Unicode":
                    return grandchild
            return None
    return None


class Page(XmlAdapter):
    name = "page"

    def check(self, doc: XmlDocument) -> None:
        if doc.local(doc.root) != "PcGts" or NAMESPACE not in doc.namespace(doc.root):
            raise InputError("not a PAGE XML file (the root element is not <PcGts> in the PAGE namespace)")

    def blocks(self, doc: XmlDocument) -> Blocks:
        blocks = []
        derived: list[tuple[int, list[list[Unit]], str]] = []  # (Unicode element, its units, separator)
        for region in doc.named("TextRegion"):
            lines = []
            line_units = []
            for line in doc.children(region):
                if doc.local(line) != "TextLine":
                    continue
                words = [word for word in doc.children(line) if doc.local(word) == "Word"]
                units = []
                for word in words:
                    unicode = _unicode(doc, word)
                    if unicode is not None:
                        units.append(_unit(doc, unicode, word))
                line_text = _unicode(doc, line)
                if not words and line_text is not None:
                    units.append(_unit(doc, line_text, line))
                elif line_text is not None and units:
                    derived.append((line_text, [units], " "))
                lines.append(units)
                line_units.append(units)
            region_text = _unicode(doc, region)
            if region_text is not None and any(line_units):
                derived.append((region_text, line_units, "\n"))
            blocks.append(lines)
        doc.notes["derived"] = derived
        return blocks

    def write_unit(self, doc: XmlDocument, unit: Unit) -> None:
        doc.set_text(unit.ref[0], unit.corrected)

    def finish(self, doc: XmlDocument, blocks: Blocks) -> None:
        for element, groups, separator in doc.notes.get("derived", ()):
            old = separator.join(" ".join(unit.text for unit in units) for units in groups)
            new = separator.join(" ".join(unit.corrected for unit in units) for units in groups)
            if new != old and doc.is_plain(element) and doc.text(element) == old:
                doc.set_text(element, new)

    def where(self, unit: Unit, doc: XmlDocument) -> dict:
        owner = unit.ref[1]
        return {"element": doc.get(owner, "id"), "xml_line": doc.line(owner)}

    def record(self, doc: XmlDocument, description: str, settings: str, version_: str) -> None:
        metadata = [node for node in doc.children(doc.root) if doc.local(node) == "Metadata"]
        if metadata:
            element = metadata[0]
            value = escape_attribute(f"{description} ({settings})")
            doc.append_child(element, f'<{doc.prefix(element)}MetadataItem type="processingStep" name="{SOFTWARE} '
                                      f'{escape_attribute(version_)}" value="{value}"/>')


def _unit(doc: XmlDocument, unicode: int, owner: int) -> Unit:
    plain = doc.is_plain(unicode)
    return Unit(doc.text(unicode) if plain else doc.itertext(unicode), ref=(unicode, owner), editable=plain)
