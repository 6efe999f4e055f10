"""The layout stage: pages, furniture, dehyphenation, reflow, whitespace.

Scanned and extracted text arrives hard-wrapped, hyphenated at line ends, with running
headers, footers and page numbers inside it. :func:`repair` turns that into clean
paragraphs, conservatively. It runs after the encoding stage and before the word
stages, and like them it is a sequence of fixers, each a pure function
``fix_<name>(text, ...) -> list[Edit]`` that returns sorted, non-overlapping edits on
the text it was given and returns [] at once when there is nothing to do:

1. :func:`fix_pages`: form feeds split pages. Running headers and footers (lines that
   stand near the edge of at least three pages, and of a good share of them, equal
   modulo digits, spacing and small OCR variations; also where they stand alone inside
   a page, as the footer of the left page of a two-page scan), protocol furniture
   (``Justerandes sign``, ``Utdragsbestyrkande``, ``Sida 3 av 12``, ``3 (12)``; the
   tables are in :mod:`svfix.text.layout.tables`) and bare page numbers near a page edge are
   removed, and the page break becomes a line break (a paragraph break when a sentence
   ended there and the page had blank lines around its furniture). A title that print
   repeats on every page of a part (``Bilaga 2``) stays where it first appears.
   ``Config.keep_furniture`` keeps all of it, form feeds included.
2. :func:`fix_line_breaks`: decides every line break inside a block of non-blank lines.

   * A hyphen at a line end, followed by a line that starts with a lowercase letter,
     is resolved by :func:`join_hyphenated`: dropped when the lexicon knows the joined
     word or reads it as a compound (``jämställdhets-`` / ``integrering``), kept
     after acronyms, numbers and single letters (``EU-länderna``, ``2024-10-01``,
     ``e-post``). A suspended compound (``kommun-`` / ``och regionförbund``) keeps its
     hyphen and the line break becomes a space. Soft hyphens (U+00AD) and ``¬`` at a
     line end are always dropped; an OCR dash (``—``) when the joined word is known.
   * Other breaks are *reflowed* (become a space) when the line is *full*: the first
     word of the next line would not have fitted on it at the wrap width of its
     stretch of text (see :func:`_shape`: the width at which most nearby lines are
     wrapped, shown by at least two of them), and the text is hard-wrapped (the block
     has a clearly soft break, a full line without final punctuation before a line
     starting in lowercase, or the document has enough of them). After a finished
     sentence the line must be full without tolerance, and a heading-like line (no
     final punctuation, not full itself) keeps its break. Blank lines, short lines,
     list items, tables (columns separated by runs of spaces or tabs), signature blocks
     (short lines), protocol ``att`` lists and Markdown structure (headings, lists,
     quotes, emphasis-only lines, two-space hard breaks, fenced code) keep their breaks.
     Lines narrower than :data:`~svfix.text.layout.tables.MIN_WRAP_WIDTH` or wider than
     :data:`~svfix.text.layout.tables.MAX_WRAP_WIDTH` are never reflowed. A paragraph that
     reflowing made stands apart from the lines around it by a blank line, as in text
     written one paragraph per line (so reflowing the output changes nothing).
   * ``Config.keep_lines`` keeps every line break: nothing is reflowed and a
     hyphenated word is joined on the upper line (the second half moves up, so every
     line still holds the text it held, and each word is whole for the word stages).
3. :func:`fix_letter_spacing`: ``R a p p o r t`` → ``Rapport`` when the lexicon knows
   the joined word.
4. :func:`fix_whitespace`: in lines of prose, trailing spaces (but not Markdown's
   two-space hard break), runs of spaces and tabs (not in tables), and no-break or
   typographic spaces (kept between a number and what follows it, ``10 %``,
   ``5 kap.``). Only lines that hold a letter are touched.

The fixers run to a fixed point (at most :data:`MAX_ROUNDS` rounds), so ``repair`` is
idempotent. Text without line breaks inside paragraphs, form feeds, furniture or runs
of spaces (the common case for correct text, one paragraph per line) takes a fast
path: each fixer returns after one regex search.

>>> from svfix.config import Config
>>> from svfix.changes import ChangeLog
>>> from svfix.resources import Resources
>>> from svfix.resources.lexicon import Lexicon
>>> text = ("Kommunen har sedan flera år arbetat med jämställdhets-\\n"
...         "integrering i alla verksamheter, och arbetet har gett\\n"
...         "resultat inom kommun- och regionförbunden.\\n")
>>> fixed = repair(text, Config(), Resources(Lexicon.default()), ChangeLog(text, explain=False))
>>> fixed.count("\\n"), fixed[40:87], fixed[-43:]
(1, 'jämställdhetsintegrering i alla verksamheter, o', 'resultat inom kommun- och regionförbunden.\\n')
"""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ...changes import ChangeLog, Edit
from ...config import Config, Stage
from ...resources import Resources
from .hyphens import join_hyphenated
from .lines import is_markdown
from .pages import fix_pages
from .reflow import fix_line_breaks
from .spacing import fix_letter_spacing, fix_whitespace

__all__ = [
    "FIXERS", "fix_letter_spacing", "fix_line_breaks", "fix_pages", "fix_whitespace", "is_markdown", "join_hyphenated",
    "repair",
]

STAGE = Stage.LAYOUT.value

#: How many rounds of fixers :func:`repair` runs at most to reach a fixed point. A line is
#: joined when the line before it looks full, so joins can ripple down a page one line a
#: round: real pages settle in one or two rounds, but a page of short ragged lines with
#: hyphens and soft hyphens took nine (found by the idempotence property). Each round is
#: one pass over the text, and rounds stop as soon as nothing changes.
MAX_ROUNDS = 32


class Context(NamedTuple):
    """What a fixer may need besides the text: the settings and the resources."""

    config: Config
    resources: Resources


#: The fixers of the stage by name, in the order they run (see the module docstring).
#: Each takes the text and the run's :class:`Context` and returns its edits.
FIXERS: dict[str, Callable[[str, Context], list[Edit]]] = {
    "pages": lambda text, context: fix_pages(text, context.config.keep_furniture),
    "line-breaks": lambda text, context: fix_line_breaks(
        text, context.resources.lexicon, context.config.keep_lines, context.resources.compounds),
    "letter-spacing": lambda text, context: fix_letter_spacing(text, context.resources.lexicon.is_word),
    "whitespace": lambda text, context: fix_whitespace(text),
}


def repair(text: str, config: Config, resources: Resources, log: ChangeLog) -> str:
    """Run the fixers of :data:`FIXERS` in order, each fixer's edits applied with
    ``log.apply("layout", text, edits)``, until the text stops changing (at most
    :data:`MAX_ROUNDS` rounds). Returns the text."""
    if not config.layout:
        return text
    context = Context(config, resources)
    fixers = [lambda text, fixer=fixer: fixer(text, context) for fixer in FIXERS.values()]
    return log.apply_rounds(STAGE, text, fixers, MAX_ROUNDS)
