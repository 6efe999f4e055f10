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
   tables are in :mod:`svfix.layoutdata`) and bare page numbers near a page edge are
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
     Lines narrower than :data:`~svfix.layoutdata.MIN_WRAP_WIDTH` or wider than
     :data:`~svfix.layoutdata.MAX_WRAP_WIDTH` are never reflowed. A paragraph that
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
>>> from svfix.lexicon import Lexicon
>>> text = ("Kommunen har sedan flera år arbetat med jämställdhets-\\n"
...         "integrering i alla verksamheter, och arbetet har gett\\n"
...         "resultat inom kommun- och regionförbunden.\\n")
>>> fixed = repair(text, Config(), Lexicon.default(), ChangeLog(text, explain=False))
>>> fixed.count("\\n"), fixed[40:87], fixed[-43:]
(1, 'jämställdhetsintegrering i alla verksamheter, o', 'resultat inom kommun- och regionförbunden.\\n')
"""
from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from typing import NamedTuple

from rapidfuzz.distance import Indel

from .changes import ChangeLog, Edit
from .chardata import SOFT_HYPHEN
from .compounds import analyse
from .config import Config
from .layoutdata import (
    ABBREVIATIONS,
    ATT_LIST_LEADS,
    FURNITURE_PATTERNS,
    HEADER_SIMILARITY,
    HYPHENATED_PREFIXES,
    LINE_END_DASHES,
    LINE_END_HYPHENS,
    LINE_END_SOFT_HYPHENS,
    MAX_HEADER_LENGTH,
    MAX_WRAP_WIDTH,
    MIN_FUZZY_KEY,
    MIN_HEADER_PAGES,
    MIN_HEADER_SHARE,
    MIN_WRAP_WIDTH,
    NO_BREAK_SPACES,
    PAGE_EDGE_LINES,
    PAGE_NUMBER,
    SUSPENDED_COMPOUND_JOINERS,
    TITLE_PATTERN,
    WIDE_SPACES,
    WRAP_TOLERANCE,
)
from .lexicon import Lexicon, skeleton

STAGE = "layout"

#: How many rounds of fixers :func:`repair` runs at most to reach a fixed point.
MAX_ROUNDS = 6

#: A line longer than this many times the wrap width is not a wrapped line.
OVERLONG = 1.25

#: A document is hard-wrapped when at least this many of its line breaks are clearly
#: soft (or, in a short document, this share of the breaks that could be).
MIN_SOFT_BREAKS = 3
MIN_SOFT_SHARE = 0.25

#: A stretch of lines shows its wrap width when at least this many of its lines, and
#: this share of those wide enough, are wrapped at it (see :func:`_shape`).
MIN_FULL_LINES = 2
MIN_FULL_SHARE = 0.3
#: Lines on either side of a line that show the wrap width there, and every how many
#: lines the width of a large block is estimated.
WIDTH_WINDOW = 6
WIDTH_STRIDE = 3


# --- lines ----------------------------------------------------------------------------------

class _Line(NamedTuple):
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


def _lines(text: str) -> list[_Line]:
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
        lines.append(_Line(pos, end, lead, stop))
        if newline < 0:
            return lines
        pos = newline + 1


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


# --- pages and furniture ----------------------------------------------------------------

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
    newline = _newline(text)
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
            ends_sentence = _SENTENCE_END.search(before) is not None or before.endswith(";")
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


# --- hyphenation ----------------------------------------------------------------------------

#: The last part of the word before a line-end hyphen: letters and digits, an
#: abbreviation's ``:s`` included (``SKR:s``).
_LEFT_PART = re.compile(r"[^\W_]+(?::[^\W_]+)?$")
_RIGHT_PART = re.compile(r"[^\W_]+")

_DROP, _KEEP, _SUSPEND = "drop", "keep", "suspend"


def _hyphen_decision(left: str, right: str, lexicon: Lexicon) -> str | None:
    """How to resolve ``left`` (without its hyphen) at a line end before ``right``:
    drop the hyphen, keep it, a suspended compound, or None (do not join)."""
    found = _LEFT_PART.search(left)
    start = _RIGHT_PART.match(right)
    if found is None or start is None:
        return None
    part, word = found.group(), start.group()
    if word[0].isdigit():
        return _KEEP  # 2024-10-01, I-02333, covid-19
    capitals = part.isupper() and word.isupper() and len(word) > 1  # JÄMSTÄLLDHETS-/INTEGRERING
    if not (word[0].islower() or capitals):
        return None
    lower = part.lower()
    joined = lower + word.lower()
    known = lexicon.is_word(joined)
    if word.lower() in SUSPENDED_COMPOUND_JOINERS and not known:
        return _SUSPEND  # kommun- och regionförbund, 1990- till 2000-talet
    if not capitals and (part.isupper() or any(c.isdigit() for c in part)):
        return _KEEP  # CEMR-, EU-, A-, 2024-
    if len(part) == 1 or ":" in part or lower in HYPHENATED_PREFIXES:
        return _KEEP  # e-post, SKR:s-, icke-
    if known or _compound(joined, lexicon):
        return _DROP
    if capitals:
        return _KEEP  # EU-/KOMMISSIONEN
    return _DROP  # most line-end hyphens are hyphenation


def _compound(joined: str, lexicon: Lexicon) -> bool:
    """Does the lowercase ``joined`` read as a compound, or as a known word with its
    diacritics stripped?"""
    return analyse(joined, lexicon, lexicon.memo) is not None or bool(lexicon.variants(skeleton(joined)))


def join_hyphenated(left: str, right: str, lexicon: Lexicon) -> str | None:
    """The word that ``left`` hyphenated at a line end and ``right`` on the next line make,
    with or without the hyphen; None when they are not one word.

    ``left`` may end with its hyphen (``-``, soft hyphen, ``¬``) or not (an ALTO
    ``HYP``); a soft hyphen or ``¬`` is always dropped. ``right`` may carry
    punctuation, which is kept.

    >>> lexicon = Lexicon.default()
    >>> join_hyphenated("jämställdhets-", "integrering", lexicon)
    'jämställdhetsintegrering'
    >>> join_hyphenated("(CEMR-", "deklarationen)", lexicon), join_hyphenated("2024-", "10-01", lexicon)
    ('(CEMR-deklarationen)', '2024-10-01')
    >>> join_hyphenated("kommun-", "och", lexicon) is None  # a suspended compound
    True
    >>> join_hyphenated("lands\\u00ad", "ting", lexicon)
    'landsting'
    """
    if left[-1:] in LINE_END_SOFT_HYPHENS:
        return left[:-1] + right if left[:-1] and right else None
    stem = left[:-1] if left[-1:] in LINE_END_HYPHENS else left
    decision = _hyphen_decision(stem, right, lexicon)
    if decision == _DROP:
        return stem + right
    if decision == _KEEP:
        return stem + "-" + right
    return None


# --- line breaks: dehyphenation and reflow ----------------------------------------------------

#: A line break inside a paragraph (the fast path: a line feed after a character that
#: is not one, before a line that is not blank; the leading literal makes it quick).
_INNER_BREAK = re.compile(r"\n(?<=[^\n]\n)(?=[ \t]*\S)")

#: Lines that start an item of their own: list items, numbered headings, protocol
#: items, Markdown block structure.
#: Lines that always start an item of their own: bullets, lettered items, protocol
#: items, Markdown block structure.
_ITEM_START = re.compile(
    r"""
    (?: [•*▪●○◦·‣⁃►+] \s             # bullets
      | \(? [a-zåäö] \) \s             # a)  (a)
      | [ivx]{1,5} [.)] \s             # iv)
      | § \s? \d                       # § 73 Dnr KS 2024/108
      | \#{1,6} (?:\s|$) | > | \| | < | ``` | ~~~   # Markdown heading, quote, table, HTML, fence
    )""",
    re.VERBOSE,
)
#: Lines that start an item when the line before ends a clause (``:``, ``;``) or is not
#: full, or when a list is already running: dash bullets, numbered items and headings,
#: sections of statutes (``2 § Dessa föreskrifter``); the numbered ones also after a
#: finished sentence. After a full line of running text they are running text
#: (``... samma lag.`` / ``- Högsta domstolens bedömning``, ``i avsnitt`` / ``7.2.5``,
#: ``i 4 kap.`` / ``8 § RB``).
_ITEM_IN_CONTEXT = re.compile(
    r"""
    (?: [-–—] \s                      # - dash bullets
      | \d{1,3} [.)] (?:\s|$)          # 1.  1)
      | \d{1,2} (?: \. \d{1,2})+ \.? \s  # 4.1 Heading
      | \( \d{1,3} \) \s               # (1)
      | \d{1,3} \s? [a-z]? \s? §        # 2 §, 3 a §
    )""",
    re.VERBOSE,
)
#: A horizontal rule or a setext heading underline.
_RULE = re.compile(r"([-=_*~])(?:\s*\1){2,}")
#: A line of emphasis only (a Markdown heading made of bold text).
_EMPHASIS_LINE = re.compile(r"(\*\*|__|\*|_)\S.*\S?\1")
#: Gaps between columns: a tab, or a run of two or more spaces, between non-blanks.
_GAP = re.compile(r"(?<=\S)(?:[ \t]*\t[ \t]*| {2,})(?=\S)")


def _wide(gap: re.Match) -> bool:
    return "\t" in gap.group() or len(gap.group()) >= 3


_FENCE = re.compile(r"[ \t]{0,3}(```|~~~)")
_MARKDOWN = re.compile(r"^(?:\#{1,6}[ \t]|```|~~~)|\*\*[^*\n]+\*\*|\]\([^)\s]+\)", re.MULTILINE)
_SENTENCE_END = re.compile(r"[.!?:][\"”’)»]?$")
_LAST_WORD = re.compile(r"([^\W\d_]+)[,:;]?$")
_LAST_TOKEN = re.compile(r"(\S+)\.$")
#: Marks that end a line of running text (a line ending otherwise may be a heading).
_FINAL_MARKS = set(".,;:!?)]»”\"'-–—")


def _ends_sentence_text(line: str) -> bool:
    """Does ``line`` end a sentence (``.``, ``!``, ``?``, ``:``, not after an abbreviation)?

    >>> _ends_sentence_text("enligt samma lag."), _ends_sentence_text("i 4 kap."), _ends_sentence_text("bl.a.")
    (True, False, False)
    """
    if not _SENTENCE_END.search(line):
        return False
    token = _LAST_TOKEN.search(line)
    return token is None or token.group(1).lower().lstrip("(") not in ABBREVIATIONS


def is_markdown(text: str) -> bool:
    """Does ``text`` use Markdown (ATX headings, fences, bold, links)?

    >>> is_markdown("## Beslut\\n\\n**Förslag**"), is_markdown("Beslut\\n\\nFörslag")
    (True, False)
    """
    return _MARKDOWN.search(text) is not None


class _Layout:
    """The lines of a text with what the break decisions need to know about them."""

    def __init__(self, text: str, markdown: bool):
        self.text = text
        self.lines = _lines(text)
        self.newline = _newline(text)
        self.markdown = markdown
        self.code = self._code_lines() if markdown else set()
        self._tabular: dict[int, bool] = {}

    def _code_lines(self) -> set[int]:
        code, inside = set(), False
        for index, line in enumerate(self.lines):
            fence = _FENCE.match(self.text, line.start, line.end) is not None
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
        return list(_GAP.finditer(self.text, line.lead, line.stop))

    def tabular(self, index: int) -> bool:
        """A table row: two wide column gaps (a tab, three spaces or more), or a gap
        where a neighbouring line has one too, the next column starting at the same
        place (or both tabs)."""
        known = self._tabular.get(index)
        if known is not None:
            return known
        gaps = self.gaps(index)
        result = sum(1 for gap in gaps if _wide(gap)) >= 2
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


def fix_line_breaks(text: str, lexicon: Lexicon, keep_lines: bool = False) -> list[Edit]:
    """Dehyphenate and reflow the lines of paragraphs; see the module docstring.

    >>> from svfix.changes import apply_edits
    >>> text = ("Regeringen ger utredaren i uppdrag att föreslå åtgärder för att\\n"
    ...         "förbättra informationsgivningen och jämförbarheten kring hur fond-\\n"
    ...         "förvaltare integrerar hållbarhetsaspekter i förvaltningen.\\n\\n"
    ...         "Beslutsunderlag\\nTjänsteskrivelse, 2024-09-12\\n")
    >>> for line in apply_edits(text, fix_line_breaks(text, Lexicon.default())).splitlines():
    ...     print(line if len(line) < 70 else line[:30] + " ... " + line[-40:])
    Regeringen ger utredaren i upp ... rar hållbarhetsaspekter i förvaltningen.
    <BLANKLINE>
    Beslutsunderlag
    Tjänsteskrivelse, 2024-09-12
    >>> print(apply_edits(text, fix_line_breaks(text, Lexicon.default(), keep_lines=True)), end="")
    Regeringen ger utredaren i uppdrag att föreslå åtgärder för att
    förbättra informationsgivningen och jämförbarheten kring hur fondförvaltare
    integrerar hållbarhetsaspekter i förvaltningen.
    <BLANKLINE>
    Beslutsunderlag
    Tjänsteskrivelse, 2024-09-12
    """
    if not _INNER_BREAK.search(text):
        return []
    layout = _Layout(text, is_markdown(text))
    blocks = layout.blocks()
    joins: dict[int, Edit] = {}
    for first, last in blocks:
        for index in range(first, last):
            edit = _hyphen_join(layout, index, lexicon, keep_lines)
            if edit is not None:
                joins[index] = edit
    reflows: dict[int, Edit] = {} if keep_lines else _reflow(layout, blocks, joins)
    edits: list[Edit] = []
    for index in sorted(joins.keys() | reflows.keys()):
        edit = joins.get(index) or reflows[index]
        if edits and edit.start < edits[-1].end:
            continue  # overlapping moves (keep_lines); the next round takes them
        edits.append(edit)
    return edits


def _hyphen_join(layout: _Layout, index: int, lexicon: Lexicon, keep_lines: bool) -> Edit | None:
    """The edit that resolves a hyphen at the end of line ``index``, if there is one."""
    text = layout.text
    upper, lower = layout.lines[index], layout.lines[index + 1]
    last = text[upper.stop - 1]
    if last not in LINE_END_HYPHENS and last not in LINE_END_SOFT_HYPHENS and last not in LINE_END_DASHES:
        return None
    if layout.tabular(index) or layout.tabular(index + 1):
        return None
    token_start = text.rfind(" ", upper.lead, upper.stop) + 1 or upper.lead
    token_start = max(token_start, text.rfind("\t", upper.lead, upper.stop) + 1)
    left = text[token_start:upper.stop]
    right_end = lower.lead
    while right_end < lower.stop and not text[right_end].isspace():
        right_end += 1
    right = text[lower.lead:right_end]
    if len(left) < 2:
        return None
    if not left[-2].isalnum():
        # A number range broken after its dash (``s. 414--`` / ``419``): joined as it is.
        dash = left.rstrip("-–")
        if not keep_lines and dash[-1:].isdigit() and len(left) - len(dash) >= 2 and right[:1].isdigit():
            return Edit(upper.stop, lower.lead, "", "dehyphenation")
        return None
    hyphen = upper.stop - 1
    if last in LINE_END_SOFT_HYPHENS:
        if not right[0].isalnum():
            return None
        joiner, reason = "", "soft-hyphen"
    elif last in LINE_END_DASHES:
        word = _RIGHT_PART.match(right)
        found = _LEFT_PART.search(left[:-1])
        joined = (found.group() + word.group()).lower() if word and found else ""
        if not (joined and word.group()[0].islower() and (lexicon.is_word(joined) or _compound(joined, lexicon))):
            return None
        joiner, reason = "", "dehyphenation"
    else:
        decision = _hyphen_decision(left[:-1], right, lexicon)
        if decision is None:
            return None
        if decision == _SUSPEND:
            if keep_lines:
                return None
            return Edit(upper.stop, lower.lead, " ", "reflow")
        joiner = "" if decision == _DROP else last
        reason = "dehyphenation"
    if not keep_lines:
        return Edit(hyphen, lower.lead, joiner, reason)
    # keep_lines: the second half moves up; its line keeps the rest of its text.
    rest = right_end
    while rest < lower.stop and text[rest] in " \t":
        rest += 1
    if rest >= lower.stop:  # the whole line moves up: the two lines become one
        return Edit(hyphen, right_end, joiner + right, reason)
    return Edit(hyphen, rest, joiner + right + text[upper.end:lower.start], reason)


class _BlockShape(NamedTuple):
    widths: dict[int, int]  # the wrap width at each line whose break may be reflowed
    soft: int  # clearly soft breaks
    open: int  # breaks that could be soft
    pair: int | None = None  # a block of two lines: the length of its first line


def _reflow(layout: _Layout, blocks: list[tuple[int, int]], joins: dict[int, Edit]) -> dict[int, Edit]:
    """Reflow edits, by the index of the upper line of each break."""
    shapes = [_shape(layout, first, last, joins) for first, last in blocks]
    soft = sum(shape.soft for shape in shapes)
    possible = sum(shape.open for shape in shapes)
    wrapped_document = soft >= MIN_SOFT_BREAKS or (soft > 0 and soft >= MIN_SOFT_SHARE * possible)
    shown = [width for shape in shapes if shape.soft for width in shape.widths.values()]
    document_width = statistics.median(shown) if shown else None
    edits: dict[int, Edit] = {}
    for (first, last), shape in zip(blocks, shapes):
        widths = shape.widths
        if shape.pair is not None:  # a block of two lines takes the document's width
            if document_width is None or not wrapped_document:
                continue
            widths = {first: round(document_width)}
        elif not widths or not (shape.soft or wrapped_document):
            continue
        items = _items(layout, first, last, widths)
        soft = set(joins).intersection(range(first, last))
        for index in range(first, last):
            width = widths.get(index)
            if width is None or index in joins or index + 1 in items or not _is_open(layout, index):
                continue
            strict = _ends_sentence(layout, index)
            if strict and _heading_after(layout, index, last, widths):
                continue
            if _fits(layout, index, width, 0.0 if strict else WRAP_TOLERANCE):
                upper, lower = layout.lines[index], layout.lines[index + 1]
                edits[index] = Edit(upper.stop, lower.lead, " ", "reflow")
                soft.add(index)
        edits.update(_paragraph_breaks(layout, first, last, soft, items))
    return edits


def _paragraph_breaks(layout: _Layout, first: int, last: int, soft: set[int], items: set[int]) -> dict[int, Edit]:
    """Blank lines around the paragraphs that reflowing made in a block.

    A paragraph that took up several lines stands apart from the lines around it
    (headings, short lines, the next paragraph) by a blank line, as in text written one
    paragraph per line, where a paragraph can end: after a finished sentence or a line
    without final punctuation (a heading), before a line that does not start in
    lowercase. Consecutive list items and lines after a Markdown hard break stay as
    they are. This also makes reflowing its own output change (almost) nothing.
    """
    if not soft:
        return {}
    sizes: list[int] = [1]
    group = {}
    for index in range(first, last + 1):
        group[index] = len(sizes) - 1
        if index in soft:
            sizes[-1] += 1
        elif index < last:
            sizes.append(1)
    newline = layout.newline
    edits = {}
    for index in range(first, last):
        if index in soft or index + 1 in items or layout.hard_break_marked(index):
            continue
        upper, lower = layout.content(index), layout.content(index + 1)
        if lower[0].islower() or not (_ends_sentence_text(upper) or upper[-1:].isalnum()):
            continue  # not where a paragraph ends: only the line break stays
        if sizes[group[index]] > 1 or sizes[group[index + 1]] > 1:
            upper, lower = layout.lines[index], layout.lines[index + 1]
            edits[index] = Edit(upper.stop, lower.start, newline * 2, "paragraph-break")
    return edits


def _shape(layout: _Layout, first: int, last: int, joins: dict[int, Edit]) -> _BlockShape:
    """The wrap width at each line of a block, and how many of its breaks are clearly soft.

    A line *wrapped at width W* is no longer than W and full at W: the first word of
    the next line would not have fitted (within the tolerance). The wrap width of a
    stretch of lines is the line length at which most of its lines are wrapped (the
    longest such length on a tie); it counts only when at least
    :data:`MIN_FULL_LINES` lines, and :data:`MIN_FULL_SHARE` of those wider than
    :data:`~svfix.layoutdata.MIN_WRAP_WIDTH`, are wrapped at it. A small block is one
    stretch; a larger one (an OCR page mixes full-width prose with narrow columns,
    extracted PDF text wrapped lines with paragraphs on one line) is read in windows of
    :data:`WIDTH_WINDOW` lines on either side. A block of two lines shows nothing and
    may take the document's width.
    """
    if last - first < 2:
        return _BlockShape({}, 0, 0, layout.width(first))
    spans = []  # (length, reach) of each line but the last; reach: with the next word
    for index in range(first, last):
        length = layout.width(index)
        if length > MAX_WRAP_WIDTH or length < MIN_WRAP_WIDTH or layout.tabular(index):
            spans.append((0, 0))
        else:
            spans.append((length, length + 1 + len(layout.content(index + 1).split(None, 1)[0])))
    count = last - first
    widths: dict[int, int] = {}
    if count <= 2 * WIDTH_WINDOW + 1:
        centres = [(first, _wrap_width(spans))]
    else:
        centres = [
            (centre, _wrap_width(spans[max(0, centre - first - WIDTH_WINDOW):centre - first + WIDTH_WINDOW + 1]))
            for centre in range(first, last, WIDTH_STRIDE)
        ]
    for index in range(first, last):
        width = centres[min((index - first) // WIDTH_STRIDE, len(centres) - 1)][1] if len(centres) > 1 else centres[0][1]
        if width is not None:
            widths[index] = width
    items = _items(layout, first, last, widths)
    soft = possible = 0
    for index in range(first, last):
        if index in joins:
            soft += 1
            possible += 1
            continue
        if index not in widths or index + 1 in items or not _is_open(layout, index):
            continue
        possible += 1
        upper = layout.content(index)
        if layout.content(index + 1)[0].islower() and not _SENTENCE_END.search(upper):
            soft += _fits(layout, index, widths[index], WRAP_TOLERANCE)
    return _BlockShape(widths, soft, possible)


def _wrap_width(spans: list[tuple[int, int]]) -> int | None:
    """The width at which most of these lines are wrapped, if enough are (see :func:`_shape`)."""
    lines = [(length, reach) for length, reach in spans if length]
    best, width = 0, None
    for candidate in sorted({length for length, _ in lines}, reverse=True):
        wrapped = sum(1 for length, reach in lines if length <= candidate < reach / (1.0 - WRAP_TOLERANCE))
        if wrapped > best:
            best, width = wrapped, candidate
    if width is None or best < MIN_FULL_LINES or best < MIN_FULL_SHARE * len(lines):
        return None
    return width


def _items(layout: _Layout, first: int, last: int, widths: dict[int, int]) -> set[int]:
    """The lines of a block that start an item of their own (see :data:`_ITEM_START`,
    :data:`_ITEM_IN_CONTEXT` and :func:`_att_list`)."""
    items: set[int] = set()
    running = False  # a list has started in this block
    for index in range(first + 1, last + 1):
        line, before = layout.content(index), layout.content(index - 1)
        if _ITEM_START.match(line):
            item = True
        elif line.startswith("att ") and _att_list(before):
            item = True
        elif _ITEM_IN_CONTEXT.match(line):
            width = widths.get(index - 1)
            item = running or before[-1:] in ":;" or width is None or not _fits(layout, index - 1, width, WRAP_TOLERANCE)
            if not item and line[0].isdigit():  # a numbered item may follow a finished sentence
                item = _ends_sentence_text(before)
        else:
            continue
        if item:
            items.add(index)
            running = True
    return items


def _is_open(layout: _Layout, index: int) -> bool:
    """May the break after line ``index`` be soft? (Not after a heading or a hard line
    break, not around a table row or a rule.)"""
    upper, lower = layout.content(index), layout.content(index + 1)
    if layout.tabular(index) or layout.tabular(index + 1) or layout.hard_break_marked(index):
        return False
    if _RULE.fullmatch(lower) or _RULE.fullmatch(upper):
        return False
    if layout.markdown and (upper.startswith("#") or _EMPHASIS_LINE.fullmatch(upper)):
        return False
    return True


def _heading_after(layout: _Layout, index: int, last: int, widths: dict[int, int]) -> bool:
    """Is line ``index + 1``, after a finished sentence, a heading: a line without final
    punctuation that does not go on in the next line (the last line of its block, or not
    full)?"""
    lower = layout.content(index + 1)
    if lower[-1:] in _FINAL_MARKS:
        return False
    following = index + 1
    return following == last or following not in widths or not _fits(layout, following, widths[following], WRAP_TOLERANCE)


def _att_list(upper: str) -> bool:
    """Does ``upper`` lead into, or end, an item of a protocol's ``att`` list?"""
    if upper[-1:] in ":;":
        return True
    word = _LAST_WORD.search(upper)
    if word and word.group(1).lower() in ATT_LIST_LEADS:
        return True
    return upper.startswith("att ") and (upper[-1:] == "," or bool(word and word.group(1).lower() in ("och", "samt")))


def _ends_sentence(layout: _Layout, index: int) -> bool:
    """A sentence ends at the end of line ``index`` and the next starts like a new one."""
    lower = layout.content(index + 1)
    return _ends_sentence_text(layout.content(index)) and not lower[0].islower()


def _fits(layout: _Layout, index: int, width: int, tolerance: float) -> bool:
    """Is line ``index`` full: would the next line's first word not have fitted on it?"""
    length = layout.width(index)
    if length > OVERLONG * width:
        return False
    lower = layout.content(index + 1)
    word = len(lower.split(None, 1)[0])
    return length + 1 + word > width * (1.0 - tolerance)


# --- letter spacing ----------------------------------------------------------------------

_LETTER = r"[^\W\d_]"
#: Letter-spaced words: groups of single letters separated by single spaces, the groups
#: separated by two or more spaces, at least one group of three letters or more
#: (``R a p p o r t``, ``P R O T O K O L L  O M  B U D G E T``).
_SPACED = re.compile(
    rf"""
    (?<![^\s(\"'”’«»])                       # after a space, an opening mark or the start
    (?: {_LETTER}(?:\ {_LETTER})* \ {{2,}} )*  # groups before
    {_LETTER}(?:\ {_LETTER}){{2,}}             # a group of three letters or more
    (?: \ {{2,}} {_LETTER}(?:\ {_LETTER})* )*  # groups after
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
    layout = _Layout(text, markdown)
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

def _fixers(config: Config, lexicon: Lexicon) -> list[Callable[[str], list[Edit]]]:
    """The fixers, in the order they run (see the module docstring)."""
    return [
        lambda text: fix_pages(text, config.keep_furniture),
        lambda text: fix_line_breaks(text, lexicon, config.keep_lines),
        lambda text: fix_letter_spacing(text, lexicon.is_word),
        fix_whitespace,
    ]


def repair(text: str, config: Config, lexicon: Lexicon, log: ChangeLog) -> str:
    """Run the layout fixers in order, each fixer's edits applied with
    ``log.apply("layout", text, edits)``, until the text stops changing (at most
    :data:`MAX_ROUNDS` rounds). Returns the text."""
    if not config.layout:
        return text
    return log.apply_rounds(STAGE, text, _fixers(config, lexicon), MAX_ROUNDS)
