"""One frozen, documented configuration, and named presets.

>>> Config().min_confidence
0.85
>>> Config.preset("conservative").min_confidence
0.99
>>> from dataclasses import replace
>>> replace(Config(), diacritics=False).diacritics
False
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

from .errors import ConfigError

#: The stages of the pipeline, in the order data flows through them. These names are
#: used in Config switches, in Change.stage, in reports and in test labels.
STAGES = ("encoding", "layout", "diacritics")


@dataclass(frozen=True)
class Config:
    """Settings for one run of svfix.

    Every field has a safe default; derive variants with :func:`dataclasses.replace`
    or start from a preset (:data:`PRESETS`, :meth:`Config.preset`).

    encoding
        Repair encoding damage: mojibake, HTML entities, PDF diacritic artefacts,
        ISO 646 Swedish, code page mix-ups, control and zero-width characters, soft
        hyphens, ligatures, Unicode NFC. Default on.
    iso646
        Decode the 7-bit Swedish ISO 646 variant (``{`` for ä, ``|`` for ö, ``}`` for
        å, ...): ``"auto"`` (default) where the lexicon confirms it paragraph by
        paragraph, ``"never"``, or ``"always"`` for text known to be ISO 646.
    layout
        Clean up the layout of scanned and extracted text: join words hyphenated at
        line ends (``jämställdhets-`` / ``integrering``), join the lines of
        hard-wrapped paragraphs, remove running headers, footers, page numbers and
        protocol furniture (``Justerandes sign``), and tidy whitespace. Headings,
        lists, tables, signature blocks and Markdown keep their lines. Default on.
    keep_lines
        With ``layout``: keep every line break. Paragraphs are not reflowed; a word
        hyphenated at a line end is still joined, on the upper line (the second half
        moves up), so that the word stages see whole words; page furniture is still
        removed unless ``keep_furniture``. Default off.
    keep_furniture
        With ``layout``: keep running headers, footers, page numbers, protocol
        furniture and form feeds. Default off (they are removed, each removal
        recorded as a change).
    diacritics
        Restore stripped diacritics guided by the lexicon (``forslag`` → ``förslag``).
        Default on.
    context
        Decide with the bigram language model, in context (``klicka här``, ``det
        har``). Off: each word is decided by its own frequency alone. Default on.
    ocr
        Repair OCR glyph confusions (``f6r`` → ``för``, ``sirskilt`` → ``särskilt``,
        ``[anet`` → ``länet``) at the rates this document shows. Default on.
    min_confidence
        A word is changed only when svfix is at least this sure (0.5 to 1.0). Higher
        is more conservative. Default 0.85, tuned on the development sets for
        precision (99.5% of word changes right, none in correct text). Deterministic
        encoding repairs have confidence 1.0 and are not affected.
    protect_names
        Never change capitalised words that the gazetteer or the lexicon knows as
        names, nor capitalised unknown words in the middle of a sentence. Default on.
    protect_english
        Never change words inside stretches of English. Default on.
    """

    encoding: bool = True
    iso646: str = "auto"
    layout: bool = True
    keep_lines: bool = False
    keep_furniture: bool = False
    diacritics: bool = True
    context: bool = True
    ocr: bool = True
    min_confidence: float = 0.85
    protect_names: bool = True
    protect_english: bool = True

    def __post_init__(self) -> None:
        if self.iso646 not in ("auto", "never", "always"):
            raise ConfigError(f"iso646 must be 'auto', 'never' or 'always', not {self.iso646!r}")
        if not isinstance(self.min_confidence, (int, float)) or not 0.5 <= self.min_confidence <= 1.0:
            raise ConfigError(f"min_confidence must be between 0.5 and 1.0, not {self.min_confidence!r}")
        for field in fields(self):
            if field.type == "bool" and not isinstance(getattr(self, field.name), bool):
                raise ConfigError(f"{field.name} must be True or False, not {getattr(self, field.name)!r}")

    @classmethod
    def preset(cls, name: str) -> "Config":
        """A named preset: ``default``, ``conservative``, ``archive`` or ``encoding-only``."""
        try:
            return PRESETS[name]
        except KeyError:
            raise ConfigError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}") from None

    def with_changes(self, **changes: object) -> "Config":
        """A copy with some fields changed (``dataclasses.replace``)."""
        return replace(self, **changes)  # type: ignore[arg-type]


#: Named presets.
#:
#: default        balanced for mixed archive material.
#: conservative   changes only what svfix is nearly certain of; page furniture is kept.
#: archive        for batches of scanned protocols: as default (layout on, furniture
#:                removed); later stages (OCR repair) will be on here first.
#: encoding-only  repair the encoding and nothing else (no layout, no words).
PRESETS: dict[str, Config] = {
    "default": Config(),
    "conservative": Config(min_confidence=0.99, keep_furniture=True),
    "archive": Config(layout=True, keep_furniture=False),
    "encoding-only": Config(layout=False, diacritics=False),
}
