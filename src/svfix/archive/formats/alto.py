"""ALTO XML (versions 2 to 4): ``String/@CONTENT`` corrected in place.

The text is built from the ``String`` elements: one line per ``TextLine``, a blank line
between ``TextBlock`` elements. A word hyphenated across two lines
(``SUBS_TYPE="HypPart1"``/``"HypPart2"`` with ``SUBS_CONTENT``) is corrected as one word:
its ``SUBS_CONTENT`` stands in the text at the first part, and the corrected word is
cut back into the two parts where the old parts met (aligned character by character),
with ``SUBS_CONTENT`` of both parts updated. A pair whose parts do not spell its
``SUBS_CONTENT`` is left as it is.

Nothing else changes: coordinates (``HPOS``, ``VPOS``, ``WIDTH``, ``HEIGHT``), ``WC``,
``CC``, IDs, styles, ``SP`` and ``HYP`` elements keep their bytes. The processing step
is recorded in the ``Description``: in ALTO 2 and 3 as a ``postProcessingStep`` of the
last ``OCRProcessing`` (a new ``OCRProcessing`` when there is none), in ALTO 4 as a
``Processing`` element. No date is written, so that the same input gives the same
output. A file without a ``Description`` gets no step (ALTO would then require a
``MeasurementUnit`` that svfix cannot know).
"""
from __future__ import annotations

from ...errors import InputError
from .base import SOFTWARE, XmlAdapter, hyphen_suffix
from .units import Blocks, Unit, split_like
from .xmlsafe import XmlDocument, escape_text

NAMESPACE = "http://www.loc.gov/standards/alto/"
#: The attributes of a String that svfix reads.
_READ = frozenset((b"CONTENT", b"SUBS_TYPE", b"SUBS_CONTENT", b"WC"))


def version(doc: XmlDocument) -> int:
    """The ALTO major version, from the namespace (``ns-v3#``) or SCHEMAVERSION."""
    namespace = doc.namespace(doc.root)
    if "ns-v" in namespace:
        digits = namespace.split("ns-v", 1)[1][:1]
        if digits.isdigit():
            return int(digits)
    schema_version = (doc.get(doc.root, "SCHEMAVERSION") or "2").strip()
    return int(schema_version[0]) if schema_version[:1].isdigit() else 2


class Alto(XmlAdapter):
    name = "alto"

    def check(self, doc: XmlDocument) -> None:
        namespace = doc.namespace(doc.root)
        if doc.local(doc.root) != "alto" or (namespace and NAMESPACE not in namespace):
            raise InputError("not an ALTO file (the root element is not <alto> in an ALTO namespace)")

    def blocks(self, doc: XmlDocument) -> Blocks:
        blocks = []
        pending: Unit | None = None  # the first part of a hyphenated word, waiting for the second
        for block in doc.named("TextBlock"):
            lines = []
            for line in doc.descendants(block):
                if doc.local(line) != "TextLine":
                    continue
                units = []
                for string in doc.children(line):
                    if doc.local(string) != "String":
                        continue
                    attributes = doc.attributes(string, _READ)
                    kind = attributes.get("SUBS_TYPE")
                    if kind == "HypPart2" and pending is not None:
                        _pair(doc, pending, string, attributes)
                        pending = None
                        continue
                    if pending is not None:  # a first part without a second: read only
                        pending = None
                    if kind == "HypPart1" and attributes.get("SUBS_CONTENT"):
                        unit = Unit(attributes["SUBS_CONTENT"], ref=[string, None, attributes.get("CONTENT", "")],
                                    editable=False)
                        pending = unit
                    else:
                        unit = Unit(attributes.get("CONTENT", ""), ref=string,
                                    confidence=_confidence(attributes.get("WC")))
                    units.append(unit)
                lines.append(units)
            blocks.append(lines)
        return blocks

    def write_unit(self, doc: XmlDocument, unit: Unit) -> None:
        if not isinstance(unit.ref, list):
            doc.set_attribute(unit.ref, "CONTENT", unit.corrected)
            return
        first, second, part1 = unit.ref
        suffix = hyphen_suffix(part1)
        cut = split_like(unit.text, unit.corrected, len(part1) - len(suffix))
        doc.set_attribute(first, "CONTENT", unit.corrected[:cut] + suffix)
        doc.set_attribute(second, "CONTENT", unit.corrected[cut:])
        doc.set_attribute(first, "SUBS_CONTENT", unit.corrected)
        if doc.get(second, "SUBS_CONTENT") is not None:
            doc.set_attribute(second, "SUBS_CONTENT", unit.corrected)

    def where(self, unit: Unit, doc: XmlDocument) -> dict:
        element = unit.ref[0] if isinstance(unit.ref, list) else unit.ref
        return {"element": doc.get(element, "ID"), "xml_line": doc.line(element)}

    def record(self, doc: XmlDocument, description: str, settings: str, version_: str) -> None:
        described = [node for node in doc.children(doc.root) if doc.local(node) == "Description"]
        if not described:
            return
        description_element = described[0]
        p = doc.prefix(description_element)
        step = (
            f"<{p}processingStepDescription>{escape_text(description)}</{p}processingStepDescription>"
            f"<{p}processingStepSettings>{escape_text(settings)}</{p}processingStepSettings>"
            f"<{p}processingSoftware><{p}softwareName>{SOFTWARE}</{p}softwareName>"
            f"<{p}softwareVersion>{escape_text(version_)}</{p}softwareVersion></{p}processingSoftware>"
        )
        if version(doc) >= 4:
            markup = (f'<{p}Processing ID="{_new_id(doc)}"><{p}processingCategory>contentModification'
                      f"</{p}processingCategory>{step}</{p}Processing>")
            doc.append_child(description_element, markup)
            return
        processing = [node for node in doc.children(description_element) if doc.local(node) == "OCRProcessing"]
        if processing:
            doc.append_child(processing[-1], f"<{p}postProcessingStep>{step}</{p}postProcessingStep>")
        else:
            doc.append_child(description_element, (
                f'<{p}OCRProcessing ID="{_new_id(doc)}"><{p}ocrProcessingStep><{p}processingStepDescription>'
                f"OCR (not described in the input file)</{p}processingStepDescription></{p}ocrProcessingStep>"
                f"<{p}postProcessingStep>{step}</{p}postProcessingStep></{p}OCRProcessing>"
            ))


def _pair(doc: XmlDocument, first: Unit, string: int, attributes: dict[str, str]) -> None:
    """Join the second part of a hyphenated word to the unit of its first part; the
    pair is editable when its parts spell its SUBS_CONTENT."""
    part1 = first.ref[2]
    part2 = attributes.get("CONTENT", "")
    first.ref[1] = string
    first.editable = first.text == part1[: len(part1) - len(hyphen_suffix(part1))] + part2


def _confidence(value: str | None) -> float | None:
    """A String's ``WC`` (word confidence, 0 to 1), if it has a valid one.

    >>> _confidence("0.62"), _confidence(None), _confidence("hög")
    (0.62, None, None)
    """
    try:
        return min(max(float(value), 0.0), 1.0) if value is not None else None
    except ValueError:
        return None


def _new_id(doc: XmlDocument) -> str:
    """An ID no element has: ``SVFIX_1``, or the next number free (one search of the file each)."""
    number = 1
    while f'"SVFIX_{number}"'.encode() in doc.data or f"'SVFIX_{number}'".encode() in doc.data:
        number += 1
    return f"SVFIX_{number}"
