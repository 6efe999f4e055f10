"""One frozen, documented configuration, the names of the stages, and named presets.

>>> Config().min_confidence
0.85
>>> Config.preset("conservative").min_confidence
0.99
>>> from dataclasses import replace
>>> replace(Config(), diacritics=False).stages
(<Stage.ENCODING: 'encoding'>, <Stage.LAYOUT: 'layout'>, <Stage.OCR: 'ocr'>)
>>> str(Stage.OCR)
'ocr'
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, fields, replace

from .errors import ConfigError


class Stage(str, enum.Enum):
    """The stages of the pipeline, in the order data flows through them.

    One name serves everywhere: the :class:`Config` switch of the stage (a field of the
    same name), :attr:`svfix.Change.stage` (stages that worked on the same stretch are
    joined by ``+``: ``encoding+diacritics``), the JSONL report and the review page.
    """

    ENCODING = "encoding"  # mojibake, entities, code pages, ISO 646, PDF accents, invisibles
    LAYOUT = "layout"  # page furniture, hyphenation, reflow, whitespace
    DIACRITICS = "diacritics"  # stripped diacritics restored, also inside compounds
    OCR = "ocr"  # OCR glyph confusions, split and glued words

    def __str__(self) -> str:
        return self.value


#: The stage names, in the order data flows.
STAGES: tuple[str, ...] = tuple(stage.value for stage in Stage)


@dataclass(frozen=True)
class Config:
    """Settings for one run of svfix.

    Every field has a safe default; derive variants with :func:`dataclasses.replace`
    (or :meth:`with_changes`) or start from a preset (:data:`PRESETS`,
    :meth:`Config.preset`). The four stage switches are named after their
    :class:`Stage`; each of the other settings belongs to one stage.

    encoding
        Stage ``encoding``: repair encoding damage: mojibake, HTML entities, PDF
        diacritic artefacts, ISO 646 Swedish, code page mix-ups, control and zero-width
        characters, soft hyphens, ligatures, Unicode NFC. Default on.
    iso646
        With ``encoding``: decode the 7-bit Swedish ISO 646 variant (``{`` for ä, ``|``
        for ö, ``}`` for å, ...): ``"auto"`` (default) where the lexicon confirms it
        paragraph by paragraph, ``"never"``, or ``"always"`` for text known to be ISO 646.
    layout
        Stage ``layout``: clean up the layout of scanned and extracted text: join words
        hyphenated at line ends (``jämställdhets-`` / ``integrering``), join the lines
        of hard-wrapped paragraphs, remove running headers, footers, page numbers and
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
        Stage ``diacritics``: restore stripped diacritics guided by the lexicon and the
        document's own stripping rate (``forslag`` → ``förslag``), also inside
        compounds no lexicon lists (``lansovergripande`` → ``länsövergripande``).
        Default on.
    ocr
        Stage ``ocr``: repair OCR glyph confusions (``f6r`` → ``för``, ``sirskilt`` →
        ``särskilt``, ``[anet`` → ``länet``) at the rates this document shows, and
        words OCR split or glued together. Default on.
    context
        For ``diacritics`` and ``ocr``: decide with the bigram language model, in
        context (``klicka här``, ``det har``). Off: each word is decided by its own
        frequency alone. Default on.
    min_confidence
        For ``diacritics`` and ``ocr``: a word is changed only when svfix is at least
        this sure (0.5 to 1.0). Higher is more conservative. Default 0.85, tuned on the
        development sets for precision. Deterministic encoding and layout repairs have
        confidence 1.0 and are not affected.
    protect_names
        For ``diacritics`` and ``ocr``: never change capitalised words that the
        gazetteer or the lexicon knows as names, and restore capitalised unknown words
        in the middle of a sentence only on strong evidence. Default on.
    protect_english
        For ``diacritics`` and ``ocr``: never change words inside stretches of English, French
        or German.
        Default on.
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
        if (
            isinstance(self.min_confidence, bool)
            or not isinstance(self.min_confidence, (int, float))
            or not 0.5 <= self.min_confidence <= 1.0
        ):
            raise ConfigError(f"min_confidence must be between 0.5 and 1.0, not {self.min_confidence!r}")
        for field in fields(self):
            if field.type == "bool" and not isinstance(getattr(self, field.name), bool):
                raise ConfigError(f"{field.name} must be True or False, not {getattr(self, field.name)!r}")

    @property
    def stages(self) -> tuple[Stage, ...]:
        """The stages this configuration runs, in order."""
        return tuple(stage for stage in Stage if getattr(self, stage.value))

    def runs(self, stage: Stage) -> bool:
        """Does this configuration run ``stage``?"""
        return bool(getattr(self, stage.value))

    @property
    def words(self) -> bool:
        """Does the word stage run (restoring diacritics, or repairing OCR confusions)?"""
        return self.diacritics or self.ocr

    @classmethod
    def preset(cls, name: str) -> Config:
        """A named preset (see :data:`PRESETS` and :data:`PRESET_DESCRIPTIONS`)."""
        try:
            return PRESETS[name]
        except KeyError:
            raise ConfigError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}") from None

    def with_changes(self, **changes: object) -> Config:
        """A copy with some fields changed (``dataclasses.replace``)."""
        return replace(self, **changes)  # type: ignore[arg-type]


#: What each preset is for (shown by ``svfix --help``).
PRESET_DESCRIPTIONS: dict[str, str] = {
    "default": "every stage, balanced for mixed archive material: clean paragraphs, furniture removed",
    "conservative": "change a word only when nearly certain (0.99); keep page furniture",
    "archive": "keep the document's lines and page furniture, line for line with the scan; repair words and encoding",
    "encoding-only": "repair the encoding and nothing else (no layout, no word changes)",
}

#: Named presets (see :data:`PRESET_DESCRIPTIONS`).
PRESETS: dict[str, Config] = {
    "default": Config(),
    "conservative": Config(min_confidence=0.99, keep_furniture=True),
    "archive": Config(keep_lines=True, keep_furniture=True),
    "encoding-only": Config(layout=False, diacritics=False, ocr=False),
}
