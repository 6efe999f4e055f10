"""svfix: turn the raw text of scanned Swedish documents into clean, correct Swedish.

>>> import svfix
>>> svfix.fix("Forslag till beslut i kommunfullmaktige: jamstalldhet ar viktigt for alla.")
'Förslag till beslut i kommunfullmäktige: jämställdhet är viktigt för alla.'
>>> result = svfix.fix_and_explain("Beslut om jÃ¤mstÃ¤lldhet")
>>> [(c.start, c.end, c.old, c.new, c.stage) for c in result.changes]
[(10, 24, 'jÃ¤mstÃ¤lldhet', 'jämställdhet', 'encoding')]

Correct Swedish comes out unchanged:

>>> svfix.fix("Han for hem till Alingsås för att se på hästar.")
'Han for hem till Alingsås för att se på hästar.'
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .changes import Change
from .config import PRESETS, STAGES, Config
from .errors import ConfigError, DataError, InputError, SvfixError
from .resources.lexicon import Lexicon, skeleton

if TYPE_CHECKING:
    from .pipeline import FixResult
    from .text.bytes import decode_bytes

#: The one place the version lives (pyproject.toml reads it from here): reading it from
#: the installed metadata would import importlib.metadata, a third of the import time.
__version__ = "0.1.0"

__all__ = [
    "Change",
    "Config",
    "ConfigError",
    "DataError",
    "FixResult",
    "InputError",
    "Lexicon",
    "PRESETS",
    "STAGES",
    "SvfixError",
    "__version__",
    "decode_bytes",
    "fix",
    "fix_and_explain",
    "fix_bytes",
    "fix_stream",
    "skeleton",
]


def fix(text: str, config: Config | None = None, lexicon: Lexicon | None = None) -> str:
    """Return ``text`` repaired; what needs no repair is returned as it was.

    The stages run in this order, each switched by the :class:`Config` field of its name:

    - ``encoding``: mojibake, HTML entities, a wrong code page, ISO 646 (``{`` for ``ä``),
      decomposed accents, ligatures and invisible characters;
    - ``layout``: page furniture (running headers, page numbers) removed, words
      hyphenated at a line end rejoined, wrapped lines reflowed into paragraphs;
    - ``ocr``: OCR glyph confusions (``f6r`` for ``för``), split and glued words;
    - ``diacritics``: stripped diacritics restored (``forslag`` -> ``förslag``), also
      inside compounds, chosen in context.

    Every decision is made against a per-document estimate (the *profile*): how often
    this document drops each diacritic and which OCR confusions it shows. A word is only
    changed where that evidence, the lexicon and the context give a confidence of at least
    ``config.min_confidence``; identifiers, numbers, data and quotation marks are never
    read as damaged words, and ``fix(fix(text)) == fix(text)``. A long text is
    streamed in blocks, with one profile for the whole document.

    ``config`` switches stages and thresholds (default :class:`Config`, or a preset:
    :meth:`Config.preset`); ``lexicon`` adds user words (default :meth:`Lexicon.default`).
    :func:`fix_and_explain` says what changed and why; :func:`fix_bytes` decodes a file first.

    Raises :class:`TypeError` for anything but ``str`` (decode bytes with
    :func:`fix_bytes`) and :class:`DataError` when svfix's data files are missing or
    damaged (the message names the file and what to do). :class:`SvfixError` is the base
    of every svfix error.
    """
    from .pipeline import run

    output, _, _ = run(text, config or Config(), lexicon or Lexicon.default(), explain=False)
    return output


def fix_and_explain(text: str, config: Config | None = None, lexicon: Lexicon | None = None) -> FixResult:
    """Like :func:`fix`, and say what changed: each :class:`Change` has its span in the
    original ``text``, the old and new text, the stage, the reason and a confidence."""
    from .pipeline import FixResult, run

    output, changes, profile = run(text, config or Config(), lexicon or Lexicon.default(), explain=True)
    return FixResult(output, tuple(changes), text, profile)


def fix_stream(
    pieces: Callable[[], Iterable[str]], config: Config | None = None, lexicon: Lexicon | None = None,
    explain: bool = False,
) -> Iterator[tuple[str, tuple[Change, ...]]]:
    """:func:`fix` for a text too long to hold: ``pieces()`` gives the text in pieces of
    any size (a file read a piece at a time), the same pieces each time it is called.

    Yields the output in pieces, each with its changes (spans of the whole text) when
    ``explain``; the pieces join to ``fix("".join(pieces()))``, byte for byte. A long
    text is read twice, its profiles first (they are the whole document's), then block by
    block: memory holds one block's work and the document's vocabulary, not the text.

    >>> "".join(piece for piece, _ in fix_stream(lambda: iter(["Forslag till ", "beslut"])))
    'Förslag till beslut'
    """
    from .pipeline import run_stream

    for piece, changes in run_stream(pieces, config or Config(), lexicon or Lexicon.default(), explain):
        yield piece, tuple(changes)


def fix_bytes(
    data: bytes, config: Config | None = None, lexicon: Lexicon | None = None, encoding: str | None = None
) -> FixResult:
    """Decode file bytes (BOM, UTF-8, UTF-16, cp1252 fallback) and fix the text.

    ``FixResult.encoding`` names the encoding used; ``encoding`` forces one. Raises
    :class:`InputError` for binary or undecodable input.
    """
    from .pipeline import FixResult
    from .text.bytes import decode_bytes

    text, used = decode_bytes(data, encoding)
    result = fix_and_explain(text, config, lexicon)
    if used == "cp1252" and encoding is None:  # the fallback: a code page the repair found says more
        pages = {reason.removeprefix("codepage-") for change in result.changes for reason in change.reason.split("; ")
                 if reason.startswith("codepage-") and reason != "codepage-cp1252"}
        if len(pages) == 1:
            used = pages.pop()
    return FixResult(result.text, result.changes, result.original, result.profile, used)


def __getattr__(name: str) -> Any:
    """The engine's names, imported on first use: ``import svfix`` (and ``svfix --help``)
    loads no stage until a text is fixed."""
    if name == "FixResult":
        from .pipeline import FixResult

        return FixResult
    if name == "decode_bytes":
        from .text.bytes import decode_bytes

        return decode_bytes
    raise AttributeError(f"module 'svfix' has no attribute {name!r}")
