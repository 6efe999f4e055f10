"""The encoding stage: repair encoding damage in the text (bytes are decoded before, by
:mod:`svfix.text.bytes`).

:func:`repair` runs the fixers, each
a pure function ``fix_<name>(text, ...) -> list[Edit]`` that returns sorted,
non-overlapping edits on the text it was given, and returns [] at once (after one
precompiled regex search or a ``str`` test) when it has nothing to do.

The order matters; each fixer reads the text the previous ones left:

1. HTML entities (``&auml;``): their results may be any of the characters below.
2. Mojibake (``fÃ¶r``): UTF-8 read as Windows-1252, repaired with ftfy.
3. Code pages (``f”r``): DOS or Mac text read as Windows-1252 or Latin-1.
4. Control and invisible characters. They come after 2 and 3, because C1 controls
   are evidence there (``â€\\x9d`` is mojibake of ”, ``\\x94`` is ö from cp850).
5. Ligatures, 6. PDF accents (``ja¨mst``), 7. NFC: letters take their final form.
8. ISO 646 Swedish (``f|r``), last, so that its lexicon vote sees finished words.

The fixers run to a fixed point: damage that a later fixer uncovers (a zero-width
space inside mojibake, ``fÃ\u200b¶r``) is repaired in a further round, so ``repair``
is idempotent.

>>> from svfix.config import Config
>>> from svfix.changes import ChangeLog
>>> repair("Sm&aring; f&ouml;r\\u00adslag", Config(), lambda word: False, ChangeLog("", explain=False))
'Små förslag'
>>> repair("fÃ\\u200b¶r", Config(), lambda word: False, ChangeLog("", explain=False))
'för'
"""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ...changes import ChangeLog, Edit
from ...config import Config, Stage
from .characters import fix_invisibles, fix_ligatures, fix_nfc, fix_pdf_accents
from .iso646 import fix_iso646
from .mojibake import fix_codepage, fix_html_entities, fix_mojibake

__all__ = [
    "FIXERS", "fix_codepage", "fix_html_entities", "fix_invisibles", "fix_iso646", "fix_ligatures", "fix_mojibake",
    "fix_nfc", "fix_pdf_accents", "repair",
]

STAGE = Stage.ENCODING.value

#: How many rounds of fixers :func:`repair` runs at most to reach a fixed point.
MAX_ROUNDS = 4


class Context(NamedTuple):
    """What a fixer may need besides the text: the settings and the lexicon's word test."""

    config: Config
    is_word: Callable[[str], bool]


#: The fixers of the stage by name, in the order they run (see the module docstring).
#: Each takes the text and the run's :class:`Context` and returns its edits.
FIXERS: dict[str, Callable[[str, Context], list[Edit]]] = {
    "html-entities": lambda text, context: fix_html_entities(text),
    "mojibake": lambda text, context: fix_mojibake(text),
    "codepage": lambda text, context: fix_codepage(text, context.is_word),
    "invisibles": lambda text, context: fix_invisibles(text, keep_line_end_soft_hyphens=context.config.layout),
    "ligatures": lambda text, context: fix_ligatures(text),
    "pdf-accents": lambda text, context: fix_pdf_accents(text),
    "nfc": lambda text, context: fix_nfc(text),
    "iso646": lambda text, context: fix_iso646(text, context.is_word, context.config.iso646),
}


def repair(text: str, config: Config, is_word: Callable[[str], bool], log: ChangeLog) -> str:
    """Run the fixers of :data:`FIXERS` in order; each fixer's edits are applied with
    ``log.apply("encoding", text, edits)``. Returns the text.

    Rounds of fixers run until the text stops changing (at most :data:`MAX_ROUNDS`).
    """
    if not config.encoding:
        return text
    context = Context(config, is_word)
    fixers = [lambda text, fixer=fixer: fixer(text, context) for fixer in FIXERS.values()]
    return log.apply_rounds(STAGE, text, fixers, MAX_ROUNDS)
