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
from functools import partial

from ...changes import ChangeLog, Edit
from ...config import Config
from .characters import fix_invisibles, fix_ligatures, fix_nfc, fix_pdf_accents
from .iso646 import fix_iso646
from .mojibake import fix_codepage, fix_html_entities, fix_mojibake

__all__ = [
    "fix_codepage", "fix_html_entities", "fix_invisibles", "fix_iso646", "fix_ligatures", "fix_mojibake", "fix_nfc",
    "fix_pdf_accents", "repair",
]

STAGE = "encoding"

#: How many rounds of fixers :func:`repair` runs at most to reach a fixed point.
MAX_ROUNDS = 4


# --- the stage ----------------------------------------------------------------------------

def _fixers(config: Config, is_word: Callable[[str], bool]) -> list[Callable[[str], list[Edit]]]:
    """The enabled fixers, in the order they run (see the module docstring)."""
    return [
        fix_html_entities,
        fix_mojibake,
        partial(fix_codepage, is_word=is_word),
        partial(fix_invisibles, keep_line_end_soft_hyphens=config.layout),
        fix_ligatures,
        fix_pdf_accents,
        fix_nfc,
        partial(fix_iso646, is_word=is_word, mode=config.iso646),
    ]


def repair(text: str, config: Config, is_word: Callable[[str], bool], log: ChangeLog) -> str:
    """Run every enabled fixer in order; each fixer's edits are applied with
    log.apply("encoding", text, edits) (which returns the new text). Returns the text.

    Rounds of fixers run until the text stops changing (at most :data:`MAX_ROUNDS`).
    """
    if not config.encoding:
        return text
    return log.apply_rounds(STAGE, text, _fixers(config, is_word), MAX_ROUNDS)
