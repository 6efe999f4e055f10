"""Pages and their furniture: running headers and footers, page numbers, protocol
furniture (``Justerandes sign``, ``Sida 3 av 12``) and form feeds."""
from __future__ import annotations

import re
from typing import NamedTuple

from rapidfuzz.distance import Indel

from ...changes import Edit
from .lines import SENTENCE_END, newline_of
from .tables import (
    FURNITURE_PATTERNS,
    HEADER_SIMILARITY,
    MAX_HEADER_LENGTH,
    MIN_FUZZY_KEY,
    MIN_HEADER_PAGES,
    MIN_HEADER_SHARE,
    PAGE_EDGE_LINES,
    PAGE_NUMBER,
    TITLE_PATTERN,
)

_FURNITURE = [(reason, re.compile(pattern, re.VERBOSE | re.IGNORECASE)) for reason, pattern, _ in FURNITURE_PATTERNS]
_PAGE_NUMBER = re.compile(PAGE_NUMBER)

#: A line of furniture anywhere in ``"\n" + text`` (the fast path: one search, which
#: the leading line feed makes quick).
_FURNITURE_LINE = re.compile(
    r"\n[ \t]*(?:" + "|".join(f"(?:{pattern})" for _, pattern, _ in FURNITURE_PATTERNS) + r")[ \t]*\r?(?:\n|$)",
    re.VERBOSE | re.IGNORECASE,
)
_HAS_LETTER = re.compile(r"[^\W\d_]")
_TITLE = re.compile(TITLE_PATTERN, re.VERBOSE | re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


class _PageLine(NamedTuple):
    start: int
    end: int
    page: int


def _page_lines(text: str) -> list[_PageLine]:
    """Lines split at line feeds and form feeds, with the page each stands on."""
    found = []
    page = 0
    pos = 0
    for match in re.finditer(r"\r?\n?\f\r?\n?|\r?\n", text):  # a form feed takes line feeds around it
        found.append(_PageLine(pos, match.start(), page))
        if "\f" in match.group():
            page += 1
        pos = match.end()
    found.append(_PageLine(pos, len(text), page))
    return found


def _header_key(line: str) -> str:
    """A running header's identity: lowercase, digit runs as ``#``, no spaces.

    >>> _header_key("Prop. 1987/88: 155"), _header_key("2 — SOU 1972:47")
    ('prop.#/#:#', '#—sou#:#')
    """
    return _DIGITS.sub("#", _SPACES.sub("", line.lower()))


def _furniture_reason(content: str) -> str | None:
    for reason, pattern in _FURNITURE:
        if pattern.fullmatch(content):
            return reason
    return None


def _running_headers(text: str, lines: list[_PageLine], edges: set[int], needed: int) -> set[int]:
    """Indexes of the lines that are running headers or footers.

    An edge line is one when it repeats, modulo digits and OCR variants, near the edge
    of ``needed`` pages. A running header with a letter in it (``SOU 1972:47``, not a
    bare ``2012:17``) is also removed where it stands alone inside a page: an OCR page
    may hold two printed pages, the footer of the left one in its middle.
    """
    keys: dict[str, set[int]] = {}
    line_keys: dict[int, str] = {}
    for index in edges:
        key = _candidate_key(text, lines[index])
        if key is not None:
            line_keys[index] = key
            keys.setdefault(key, set()).add(lines[index].page)
    # Similar keys (OCR variants) pool their pages.
    names = sorted(keys, key=lambda key: -len(keys[key]))
    pooled: dict[str, set[int]] = {key: set(pages) for key, pages in keys.items()}
    for i, a in enumerate(names):
        if len(a) < MIN_FUZZY_KEY:
            continue
        for b in names[i + 1:]:
            if len(b) >= MIN_FUZZY_KEY and Indel.normalized_similarity(a, b) >= HEADER_SIMILARITY:
                pooled[a] |= keys[b]
                pooled[b] |= keys[a]
    headers = {key for key in keys if len(pooled[key]) >= needed}
    found = {index for index, key in line_keys.items() if key in headers}
    found -= _running_text(text, lines, found)
    # A title repeated as a running header (``Bilaga 2``, a table's column names, a
    # header without digits) stays where it first appears.
    first_seen: dict[str, int] = {}
    for index in sorted(found):
        content = text[lines[index].start:lines[index].end].strip()
        if not any(char.isdigit() for char in content) or _TITLE.fullmatch(content):
            first_seen.setdefault(content, index)
    found -= set(first_seen.values())
    lettered = [key for key in headers if _HAS_LETTER.search(key)]
    if lettered:
        for index, line in enumerate(lines):
            if index in found or index in edges:
                continue
            key = _candidate_key(text, line)
            if key is not None and _HAS_LETTER.search(key) and any(_same_header(key, header) for header in lettered):
                found.add(index)
    return found


#: Words that a line of furniture never ends with: a sentence goes on after them.
_CONTINUATIONS = frozenset("och att som i för till med av på om eller men samt den det de en ett".split())


def _running_text(text: str, lines: list[_PageLine], found: set[int]) -> set[int]:
    """The repeated lines that are running text, not furniture: removing them would cut a
    sentence. A line is running text when it ends with a hyphen, a comma or a word a
    sentence goes on after (``och``, ``att``), or continues a line that ends with a
    hyphen; and so is a repeated line next to such a line on its page when the sentence
    flows across the break (the lower line starts in lowercase): body text repeated on
    every page is not a running header.

    >>> text = "Bidrag till föreningar\\nFörvaltningen föreslår att kommun-\\nstyrelsen beslutar"
    >>> lines = [_PageLine(0, 22, 0), _PageLine(23, 57, 0), _PageLine(58, 76, 0)]
    >>> sorted(_running_text(text, lines, {0, 1, 2}))
    [1, 2]
    """
    def content(index: int) -> str:
        return text[lines[index].start:lines[index].end].strip()

    def adjacent(a: int, b: int) -> bool:  # consecutive lines of one page
        return 0 <= a and b < len(lines) and b == a + 1 and lines[a].page == lines[b].page and bool(content(b))

    prose = set()
    for index in found:
        line = content(index)
        last = line.rsplit(None, 1)[-1].lower() if line else ""
        if line.endswith(("-", "\u00ad", ",")) or last in _CONTINUATIONS:
            prose.add(index)
        elif adjacent(index - 1, index) and content(index - 1).endswith(("-", "\u00ad")) and line[:1].islower():
            prose.add(index)
    changed = bool(prose)
    while changed:
        changed = False
        for index in sorted(found - prose):
            line = content(index)
            # a sentence flows across a line break into a line that starts in lowercase
            before = index - 1 in prose and adjacent(index - 1, index) and line[:1].islower() and not (
                SENTENCE_END.search(content(index - 1)))
            after = index + 1 in prose and adjacent(index, index + 1) and content(index + 1)[:1].islower() and not (
                SENTENCE_END.search(line))
            if before or after:
                prose.add(index)
                changed = True
    return prose


def _candidate_key(text: str, line: _PageLine) -> str | None:
    """The header key of a line that may be a running header (short, not a bare number)."""
    content = text[line.start:line.end].strip()
    if not content or len(content) > MAX_HEADER_LENGTH or _PAGE_NUMBER.fullmatch(content):
        return None
    return _header_key(content)


def _same_header(a: str, b: str) -> bool:
    if a == b:
        return True
    return min(len(a), len(b)) >= MIN_FUZZY_KEY and Indel.normalized_similarity(a, b) >= HEADER_SIMILARITY


def fix_pages(text: str, keep_furniture: bool = False) -> list[Edit]:
    """Remove page furniture and page breaks; see the module docstring.

    >>> from svfix.changes import apply_edits
    >>> pages = ["Beslut om bidrag till föreningar", "Ärendet gäller bidrag som ska", "betalas ut under året."]
    >>> text = "\\f".join(f"Kommunstyrelsen 2024-10-0{n}\\n{line}\\n{n}\\n" for n, line in enumerate(pages, 1))
    >>> print(apply_edits(text, fix_pages(text)), end="")
    Beslut om bidrag till föreningar
    Ärendet gäller bidrag som ska
    betalas ut under året.
    >>> text = "Protokollet justerades.\\nJusterandes sign   Utdragsbestyrkande\\nBeslut"
    >>> apply_edits(text, edits := fix_pages(text)), [edit.reason for edit in edits]
    ('Protokollet justerades.\\nBeslut', ['page-furniture', 'whitespace'])
    """
    if keep_furniture:
        return []
    has_pages = "\f" in text
    if not has_pages and not _FURNITURE_LINE.search("\n" + text):
        return []
    lines = _page_lines(text)
    contents = [text[line.start:line.end].strip() for line in lines]
    furniture: dict[int, str] = {}
    for index, content in enumerate(contents):
        if content:
            reason = _furniture_reason(content)
            if reason:
                furniture[index] = reason
    if has_pages:
        by_page: dict[int, list[int]] = {}
        for index, content in enumerate(contents):
            if content:
                by_page.setdefault(lines[index].page, []).append(index)
        edges: set[int] = set()
        for indexes in by_page.values():
            edges.update(indexes[:PAGE_EDGE_LINES])
            edges.update(indexes[-PAGE_EDGE_LINES:])
        for index in edges:
            if index not in furniture and _PAGE_NUMBER.fullmatch(contents[index]):
                furniture[index] = "page-number"
        if len(by_page) >= MIN_HEADER_PAGES:
            needed = max(MIN_HEADER_PAGES, round(MIN_HEADER_SHARE * len(by_page)))
            for index in _running_headers(text, lines, edges - set(furniture), needed):
                furniture[index] = "page-furniture"
    if not furniture and not has_pages:
        return []
    # Never empty a text of everything it holds.
    if all(not content or index in furniture for index, content in enumerate(contents)):
        return []
    return _page_edits(text, lines, contents, furniture)


def _page_edits(text: str, lines: list[_PageLine], contents: list[str], furniture: dict[int, str]) -> list[Edit]:
    """Edits that remove the furniture lines and form feeds, region by region.

    A region is the stretch between two lines of content: blank lines, furniture lines
    and page breaks. A region with furniture or a page break becomes one line break (a
    paragraph break when it held a blank line and the line before it ends a sentence);
    at the start of the text it becomes nothing, at the end the text's final line break.
    """
    newline = newline_of(text)
    content = [i for i, c in enumerate(contents) if c and i not in furniture]
    edits: list[Edit] = []
    for previous, following in zip([None, *content], [*content, None]):
        first = 0 if previous is None else previous + 1
        last = len(lines) if following is None else following
        region = range(first, last)
        start = 0 if previous is None else lines[previous].end
        end = len(text) if following is None else lines[following].start
        if not any(i in furniture for i in region) and "\f" not in text[start:end]:
            continue
        if previous is None:
            replacement = ""
        elif following is None:
            replacement = newline if text.endswith("\n") else ""
        else:
            before = contents[previous]
            blank = any(not contents[i] for i in region)
            ends_sentence = SENTENCE_END.search(before) is not None or before.endswith(";")
            replacement = newline * 2 if blank and ends_sentence else newline
        edits.extend(_region_edits(text, lines, furniture, region, start, end, replacement))
    return edits


def _region_edits(
    text: str, lines: list[_PageLine], furniture: dict[int, str], region: range, start: int, end: int, replacement: str
) -> list[Edit]:
    """The region ``text[start:end]`` becomes ``replacement``: one edit per furniture
    line (so that each is explained with its reason) and one for the breaks between."""
    edits = []
    pieces = [(lines[i].start, lines[i].end, furniture[i]) for i in region if i in furniture]
    pos = start
    first = True
    for line_start, line_end, reason in pieces:
        gap = text[pos:line_start]
        new = replacement if first else ""
        if gap != new:
            edits.append(Edit(pos, line_start, new, "page-break" if "\f" in gap else "whitespace"))
        first = False
        edits.append(Edit(line_start, line_end, "", reason))
        pos = line_end
    gap = text[pos:end]
    new = replacement if first else ""
    if gap != new:
        edits.append(Edit(pos, end, new, "page-break" if "\f" in gap else "whitespace"))
    return [edit for edit in edits if edit.start < edit.end or edit.new]
