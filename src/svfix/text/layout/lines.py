"""Lines of a text, and what the layout fixers need to know about them."""
from __future__ import annotations

import re
from typing import NamedTuple

from .tables import ABBREVIATIONS


class Line(NamedTuple):
    """A line of the text: ``text[start:end]`` is its content (without ``\\r\\n``/``\\n``),
    ``lead`` the offset of its first non-blank character, ``stop`` the offset after its
    last one (``lead == stop`` for a blank line)."""

    start: int
    end: int
    lead: int
    stop: int

    @property
    def blank(self) -> bool:
        return self.lead == self.stop


def split_lines(text: str) -> list[Line]:
    """The lines of ``text``, split at ``\\n`` (a ``\\r`` before it belongs to the break)."""
    lines = []
    pos = 0
    length = len(text)
    while True:
        newline = text.find("\n", pos)
        end = length if newline < 0 else newline
        if end > pos and text[end - 1] == "\r":
            end -= 1
        lead = pos
        while lead < end and text[lead] in " \t":
            lead += 1
        stop = end
        while stop > lead and text[stop - 1].isspace():
            stop -= 1
        lines.append(Line(pos, end, lead, stop))
        if newline < 0:
            return lines
        pos = newline + 1


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


#: Gaps between columns: a tab, or a run of two or more spaces, between non-blanks.
GAP = re.compile(r"(?<=\S)(?:[ \t]*\t[ \t]*| {2,})(?=\S)")


def wide(gap: re.Match) -> bool:
    return "\t" in gap.group() or len(gap.group()) >= 3


FENCE = re.compile(r"[ \t]{0,3}(```|~~~)")
MARKDOWN = re.compile(r"^(?:\#{1,6}[ \t]|```|~~~)|\*\*[^*\n]+\*\*|\]\([^)\s]+\)", re.MULTILINE)
SENTENCE_END = re.compile(r"[.!?:][\"”’)»]?$")
LAST_TOKEN = re.compile(r"(\S+)\.$")
#: Marks that end a line of running text (a line ending otherwise may be a heading).
FINAL_MARKS = set(".,;:!?)]»”\"'-–—")


def ends_sentence_text(line: str) -> bool:
    """Does ``line`` end a sentence (``.``, ``!``, ``?``, ``:``, not after an abbreviation)?

    >>> ends_sentence_text("enligt samma lag."), ends_sentence_text("i 4 kap."), ends_sentence_text("bl.a.")
    (True, False, False)
    """
    if not SENTENCE_END.search(line):
        return False
    token = LAST_TOKEN.search(line)
    return token is None or token.group(1).lower().lstrip("(") not in ABBREVIATIONS


def is_markdown(text: str) -> bool:
    """Does ``text`` use Markdown (ATX headings, fences, bold, links)?

    >>> is_markdown("## Beslut\\n\\n**Förslag**"), is_markdown("Beslut\\n\\nFörslag")
    (True, False)
    """
    return MARKDOWN.search(text) is not None


class Layout:
    """The lines of a text with what the break decisions need to know about them."""

    def __init__(self, text: str, markdown: bool):
        self.text = text
        self.lines = split_lines(text)
        self.newline = newline_of(text)
        self.markdown = markdown
        self.code = self._code_lines() if markdown else set()
        self._tabular: dict[int, bool] = {}

    def _code_lines(self) -> set[int]:
        code, inside = set(), False
        for index, line in enumerate(self.lines):
            fence = FENCE.match(self.text, line.start, line.end) is not None
            if fence or inside:
                code.add(index)
            if fence:
                inside = not inside
        return code

    def content(self, index: int) -> str:
        line = self.lines[index]
        return self.text[line.lead:line.stop]

    def width(self, index: int) -> int:
        line = self.lines[index]
        return line.stop - line.start

    def gaps(self, index: int) -> list[re.Match]:
        line = self.lines[index]
        return list(GAP.finditer(self.text, line.lead, line.stop))

    def tabular(self, index: int) -> bool:
        """A table row: two wide column gaps (a tab, three spaces or more), or a gap
        where a neighbouring line has one too, the next column starting at the same
        place (or both tabs)."""
        known = self._tabular.get(index)
        if known is not None:
            return known
        gaps = self.gaps(index)
        result = sum(1 for gap in gaps if wide(gap)) >= 2
        for other in (index - 1, index + 1):
            if result or not gaps or not 0 <= other < len(self.lines) or self.lines[other].blank:
                continue
            columns = {gap.end() - self.lines[index].start for gap in gaps}
            for gap in self.gaps(other):
                column = gap.end() - self.lines[other].start
                tabs = "\t" in gap.group() and any("\t" in mine.group() for mine in gaps)
                if tabs or any(abs(column - mine) <= 1 for mine in columns):
                    result = True
        self._tabular[index] = result
        return result

    def hard_break_marked(self, index: int) -> bool:
        """Does the line end with Markdown's hard line break (two spaces, a backslash)?"""
        line = self.lines[index]
        return self.markdown and (self.text.endswith("  ", line.start, line.end) or self.text[line.stop - 1] == "\\")

    def blocks(self) -> list[tuple[int, int]]:
        """Runs ``[first, last]`` of non-blank lines outside code, without form feeds."""
        found = []
        first = None
        for index, line in enumerate(self.lines):
            usable = not line.blank and index not in self.code and "\f" not in self.text[line.start:line.end]
            if usable and first is None:
                first = index
            elif not usable and first is not None:
                found.append((first, index - 1))
                first = None
        if first is not None:
            found.append((first, len(self.lines) - 1))
        return found
