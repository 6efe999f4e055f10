"""Spaces: letter-spaced words joined (``R a p p o r t``), runs of spaces, tabs, odd
spaces and trailing spaces tidied in lines of prose (not in tables or Markdown breaks)."""
from __future__ import annotations

import re
from collections.abc import Callable

from ...changes import Edit
from ..chardata import SOFT_HYPHEN
from .lines import Layout, is_markdown
from .tables import NO_BREAK_SPACES, WIDE_SPACES

_HAS_LETTER = re.compile(r"[^\W\d_]")

# --- letter spacing ----------------------------------------------------------------------

_LETTER = r"[^\W\d_]"
#: Letter-spaced words: groups of single letters separated by single spaces, the groups
#: separated by two or more spaces, at least one group of three letters or more
#: (``R a p p o r t``, ``P R O T O K O L L  O M  B U D G E T``); the last letter of a group
#: may come with the next one unspaced, as a PDF's kerned pair (``B i l a ga``).
_SPACED = re.compile(
    rf"""
    (?<![^\s(\"'”’«»])                       # after a space, an opening mark or the start
    (?: {_LETTER}(?:\ {_LETTER})* \ {{2,}} )*  # groups before
    {_LETTER}(?:\ {_LETTER}){{2,}}{_LETTER}?   # a group of three letters or more (a kerned pair last)
    (?: \ {{2,}} {_LETTER}(?:\ {_LETTER})*{_LETTER}? )*  # groups after
    (?![^\s.,:;!?)\"'”’»])                    # before a space, a closing mark or the end
    """,
    re.VERBOSE,
)
#: Where letter spacing may be (the fast path: a literal space first).
_SPACED_HINT = re.compile(r" \w \w ")


def fix_letter_spacing(text: str, is_word: Callable[[str], bool]) -> list[Edit]:
    """Join letter-spaced words when the lexicon knows every word they make.

    >>> from svfix.changes import apply_edits
    >>> words = {"rapport", "protokoll", "om", "budget"}.__contains__
    >>> apply_edits(t := "R a p p o r t och P R O T O K O L L  O M  B U D G E T, i 5 a", fix_letter_spacing(t, words))
    'Rapport och PROTOKOLL OM BUDGET, i 5 a'
    >>> fix_letter_spacing("x y z", words)
    []
    >>> apply_edits(t := "P R O P . 2 0 18 B i l a ga 1", fix_letter_spacing(t, {"bilaga"}.__contains__))
    'P R O P . 2 0 18 Bilaga 1'
    """
    hits = [m.start() for m in _SPACED_HINT.finditer(text) if text[m.start() + 1].isalpha() and text[m.start() + 3].isalpha()]
    if not hits:
        return []
    edits: list[Edit] = []
    lines = sorted({(text.rfind("\n", 0, hit) + 1, (text.find("\n", hit) + 1 or len(text) + 1) - 1) for hit in hits})
    for match in (m for start, end in lines for m in _SPACED.finditer(text, start, end)):
        words = [group.replace(" ", "") for group in re.split(" {2,}", match.group())]
        if sum(map(len, words)) >= 4 and all(is_word(word.lower()) for word in words):
            edits.append(Edit(match.start(), match.end(), " ".join(words), "letter-spacing"))
    return edits


# --- whitespace -------------------------------------------------------------------------------

_SPACE_CHARS = " \t" + NO_BREAK_SPACES + WIDE_SPACES
_ODD_SPACE = re.compile(f"[{NO_BREAK_SPACES}{WIDE_SPACES}]")


def _needs_whitespace_work(text: str) -> bool:
    """Is there whitespace to clean? (The fast path: substring tests only.)"""
    return (
        "  " in text
        or "\t" in text
        or " \n" in text
        or " \r" in text
        or text.endswith(" ")
        or any(char in text for char in _ODD_CHARS)
    )


_ODD_CHARS = NO_BREAK_SPACES + WIDE_SPACES + SOFT_HYPHEN
#: Runs of spaces between two non-blanks that may need work: all but a single plain space
#: (which is what almost every gap between words is, and needs none).
_RUN = re.compile(f"(?<=\\S)(?:[{_SPACE_CHARS}]{{2,}}|[{_SPACE_CHARS[1:]}])(?=\\S)")


def fix_whitespace(text: str) -> list[Edit]:
    """Clean the whitespace of prose lines (lines with a letter); see the module docstring.

    >>> from svfix.changes import apply_edits
    >>> apply_edits(t := "Beslut  om budget   \\nKostnad 10\\u00a0%, se\\u00a0bilaga  3.", fix_whitespace(t))
    'Beslut om budget\\nKostnad 10\\xa0%, se bilaga 3.'
    >>> apply_edits(t := "Se\\tbilaga 3 om\\u2009budget.", fix_whitespace(t))
    'Se bilaga 3 om budget.'
    >>> table = "Namn    Parti\\nAnna    S  \\n"
    >>> apply_edits(table, fix_whitespace(table))
    'Namn    Parti\\nAnna    S\\n'
    """
    if not _needs_whitespace_work(text):
        return []
    if SOFT_HYPHEN in text:  # kept at line ends by the encoding stage, not joined
        return [Edit(m.start(), m.end(), "", "soft-hyphen") for m in re.finditer(SOFT_HYPHEN, text)]
    markdown = is_markdown(text)
    layout = Layout(text, markdown)
    lines = layout.lines
    edits: list[Edit] = []
    for index, line in enumerate(lines):
        if index in layout.code:
            continue
        has_break = line.end < len(text)
        if line.blank:
            if has_break and line.end > line.start:
                edits.append(Edit(line.start, line.end, "", "whitespace"))
            continue
        prose = _HAS_LETTER.search(text, line.lead, line.stop) is not None
        if prose and _RUN.search(text, line.lead, line.stop) and not layout.tabular(index):
            for match in _RUN.finditer(text, line.lead, line.stop):
                new = _space_for(text, match)
                if new != match.group():
                    edits.append(Edit(match.start(), match.end(), new, "whitespace"))
        if line.stop < line.end and (has_break or prose):
            next_blank = index + 1 >= len(lines) or lines[index + 1].blank
            if not (markdown and has_break and not next_blank and text.endswith("  ", line.start, line.end)):
                edits.append(Edit(line.stop, line.end, "", "whitespace"))
    return edits


def _space_for(text: str, run: re.Match) -> str:
    """What a run of spaces between two non-blanks in prose becomes."""
    value = run.group()
    if value == " ":
        return value
    if len(value) == 1 and _ODD_SPACE.match(value):
        before, after = text[run.start() - 1], text[run.end()]
        if before.isdigit() or after.isdigit():
            return value  # 10 %, 5 kap., 112 79
    return " "


# --- the stage ----------------------------------------------------------------------------
