"""What every format adapter returns, and the flow shared by the XML adapters."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ... import Lexicon
from ...changes import Change
from ...config import Config
from ..wording import plural
from .units import Blocks, Spans, Unit, assemble, map_changes, touched
from .xmlsafe import XmlDocument

#: How the processing step names svfix in an archive file's metadata.
SOFTWARE = "svfix"

#: A word the OCR engine doubts: its confidence (hOCR ``x_wconf`` / 100, ALTO ``WC``) is
#: below this. Such a word is changed whenever svfix's best reading beats keeping it
#: (confidence over DOUBTED_BAR) instead of only at ``Config.min_confidence``: the OCR's
#: doubt is worth logit(0.85) ≈ 1.7 nats of prior that the word is damaged. Chosen on the
#: training sets of real Tesseract OCR (/work/data/ocr train-*: changes at confidence
#: 0.5-0.85 are right 134 times and wrong 16 below 0.90, wrong about as often as right
#: above it) and measured on the held-out sets (benchmarks/scans.py, benchmarks/PDF.md).
DOUBTED = 0.90
DOUBTED_BAR = 0.5


@dataclass(frozen=True)
class DocumentResult:
    """One document, repaired.

    ``output`` is the file to write (bytes, in the format of the input). As in
    :class:`svfix.FixResult`, ``text`` is the corrected text and ``original`` the text the
    engine saw (for an XML format: the words, one line per text line, a blank line
    between blocks); ``text`` is what the output file reads as. ``changes`` are the
    changes written into the output, as spans of ``original``, and
    ``where`` gives for each change where it lies in an XML file (``element``: the word
    element's ID, ``xml_line``: its line). ``not_applied`` counts changes the engine
    proposed that could not be written back without changing the geometry (see
    :mod:`svfix.archive.formats.units`).
    """

    format: str
    output: bytes
    text: str
    original: str
    changes: tuple[Change, ...]
    where: tuple[dict, ...] = field(default=())
    encoding: str | None = None
    not_applied: int = 0


def settings_note(config: Config) -> str:
    """The settings of a run, for a processing step's description."""
    return ", ".join(f"{f.name}={getattr(config, f.name)}" for f in dataclasses.fields(config))


def for_geometry(config: Config) -> Config:
    """The settings for a file whose lines are fixed by their geometry: the layout stage
    (joining hyphenated words and lines, removing page furniture) is off, since every
    line and word of an archive file has its box; the word stages run as configured."""
    names = {f.name for f in dataclasses.fields(config)}
    return dataclasses.replace(config, layout=False) if "layout" in names and getattr(config, "layout") else config


class XmlAdapter:
    """An archive XML format: how to find its units, write them back and record the step."""

    name = "xml"

    def check(self, doc: XmlDocument) -> None:
        """Raise InputError when ``doc`` is not of this format."""

    def blocks(self, doc: XmlDocument) -> Blocks:
        raise NotImplementedError

    def write_unit(self, doc: XmlDocument, unit: Unit) -> None:
        raise NotImplementedError

    def finish(self, doc: XmlDocument, blocks: Blocks) -> None:
        """Update anything derived from the units (line texts, for instance)."""

    def record(self, doc: XmlDocument, description: str, settings: str, version: str) -> None:
        """Record the processing step in the file's metadata."""

    def where(self, unit: Unit, doc: XmlDocument) -> dict:
        return {}

    def text_of(self, data: bytes) -> str:
        doc = XmlDocument.parse(data)
        self.check(doc)
        return assemble(self.blocks(doc))[0]

    def fix(self, data: bytes, config: Config, lexicon: Lexicon) -> DocumentResult:
        from ... import __version__

        doc = XmlDocument.parse(data)
        self.check(doc)
        blocks = self.blocks(doc)
        text, spans = assemble(blocks)
        config = for_geometry(config)
        changes = _decided(text, spans, config, lexicon)
        applied, not_applied = map_changes(text, spans, changes)
        for unit in spans.units:
            if unit.new is not None and unit.new != unit.text:
                self.write_unit(doc, unit)
        self.finish(doc, blocks)
        units_of = touched(spans, applied)
        words = len({id(unit) for units in units_of for unit in units})
        description = (
            f"Post-correction of the OCR text by svfix {__version__}: "
            f"{plural(len(applied), 'change')} in {plural(words, 'word')} (encoding repair, diacritics and other stages of the "
            "engine); geometry unchanged"
        )
        self.record(doc, description, settings_note(config), __version__)
        corrected, _ = assemble(blocks, corrected=True)
        where = tuple(self.where(units[0], doc) for units in units_of)
        return DocumentResult(self.name, doc.serialize(), text=corrected, original=text, changes=tuple(applied), where=where,
                              encoding=doc.codec, not_applied=not_applied)


def _decided(text: str, spans: Spans, config: Config, lexicon: Lexicon) -> list[Change]:
    """The engine's changes to ``text``, with the OCR's word confidences heard: a change
    to words the OCR doubts (every word it touches below :data:`DOUBTED`) needs only
    :data:`DOUBTED_BAR`, any other ``config.min_confidence``.

    The engine decides every word in context whatever the bar; the bar only says which
    decisions are applied (but for one thing: a join of two words made at the lower bar
    keeps them from other changes). So the engine runs once, at the lower bar, and each
    change is kept by the bar of its words.
    """
    from ... import fix_and_explain

    if config.min_confidence <= DOUBTED_BAR or not any(
            unit.confidence is not None and unit.confidence < DOUBTED for unit in spans.units):
        return list(fix_and_explain(text, config, lexicon).changes)
    result = fix_and_explain(text, dataclasses.replace(config, min_confidence=DOUBTED_BAR), lexicon)
    kept: list[Change] = []
    doubtful = [change for change in result.changes if change.confidence < config.min_confidence]
    units_of = iter(touched(spans, doubtful) if len(spans) else [[] for _ in doubtful])
    for change in result.changes:
        if change.confidence >= config.min_confidence:
            kept.append(change)
            continue
        units = next(units_of)
        if units and all(unit.confidence is not None and unit.confidence < DOUBTED for unit in units):
            lowest = min(unit.confidence or 0.0 for unit in units)
            kept.append(dataclasses.replace(change, reason=f"{change.reason}; the OCR doubts the word ({lowest:.2f})"))
    return kept


def hyphen_suffix(part: str) -> str:
    """The hyphen a first part of a hyphenated word ends with, if any.

    >>> hyphen_suffix("jämställdhets-"), hyphen_suffix("jämställdhets")
    ('-', '')
    """
    stripped = part.rstrip("-\u00ad\u2010\u00ac=")
    return part[len(stripped):]
