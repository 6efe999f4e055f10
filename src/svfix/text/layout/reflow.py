"""Line breaks inside paragraphs: words hyphenated at line ends joined, hard-wrapped
lines reflowed into paragraphs; headings, lists, tables and signatures keep their lines."""
from __future__ import annotations

import re
import statistics
from typing import NamedTuple

from ...changes import Edit
from ...resources.compounds import Compounds
from ...resources.lexicon import Lexicon
from .hyphens import DROP, LEFT_PART, RIGHT_PART, SUSPEND, compound, hyphen_decision
from .lines import FINAL_MARKS, SENTENCE_END, Layout, ends_sentence_text, is_markdown
from .tables import (
    ATT_LIST_LEADS,
    LINE_END_DASHES,
    LINE_END_HYPHENS,
    LINE_END_SOFT_HYPHENS,
    MAX_WRAP_WIDTH,
    MIN_WRAP_WIDTH,
    WRAP_TOLERANCE,
)

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
_LAST_WORD = re.compile(r"([^\W\d_]+)[,:;]?$")


def fix_line_breaks(
    text: str, lexicon: Lexicon, keep_lines: bool = False, compounds: Compounds | None = None
) -> list[Edit]:
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
    layout = Layout(text, is_markdown(text))
    blocks = layout.blocks()
    joins: dict[int, Edit] = {}
    for first, last in blocks:
        for index in range(first, last):
            edit = _hyphen_join(layout, index, lexicon, keep_lines, compounds)
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


def _hyphen_join(
    layout: Layout, index: int, lexicon: Lexicon, keep_lines: bool, compounds: Compounds | None
) -> Edit | None:
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
    if last in LINE_END_DASHES and left[-2].isdigit() and right[:1].isdigit():
        # A number range broken after its dash (``2024—`` / ``2027``): one token again.
        if keep_lines:
            return None
        return Edit(upper.stop, lower.lead, "", "dehyphenation")
    if last in LINE_END_SOFT_HYPHENS:
        if not right[0].isalnum():
            return None
        joiner, reason = "", "soft-hyphen"
    elif last in LINE_END_DASHES:
        word = RIGHT_PART.match(right)
        found = LEFT_PART.search(left[:-1])
        if word is None or found is None:
            return None
        joined = (found.group() + word.group()).lower()
        if not (joined and word.group()[0].islower() and (lexicon.is_word(joined) or compound(joined, lexicon, compounds))):
            return None
        joiner, reason = "", "dehyphenation"
    else:
        decision = hyphen_decision(left[:-1], right, lexicon, compounds)
        if decision is None:
            return None
        if decision == SUSPEND:
            if keep_lines:
                return None
            return Edit(upper.stop, lower.lead, " ", "reflow")
        joiner = "" if decision == DROP else last
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


def _reflow(layout: Layout, blocks: list[tuple[int, int]], joins: dict[int, Edit]) -> dict[int, Edit]:
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
        joined = set(joins).intersection(range(first, last))
        for index in range(first, last):
            width = widths.get(index)
            if width is None or index in joins or index + 1 in items or not _is_open(layout, index):
                continue
            strict = _ends_sentence(layout, index)
            if strict and _heading_after(layout, index, last, widths):
                continue
            if index > first and _heading_between(layout, index):
                continue
            # A capital after the break is weaker evidence of running text (a heading
            # without final punctuation may stand before it): the line must be full.
            strict = strict or not layout.content(index + 1)[:1].islower()
            if _fits(layout, index, width, 0.0 if strict else WRAP_TOLERANCE):
                upper, lower = layout.lines[index], layout.lines[index + 1]
                edits[index] = Edit(upper.stop, lower.lead, " ", "reflow")
                joined.add(index)
        edits.update(_paragraph_breaks(layout, first, last, joined, items))
    return edits


def _paragraph_breaks(layout: Layout, first: int, last: int, soft: set[int], items: set[int]) -> dict[int, Edit]:
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
        above, below = layout.content(index), layout.content(index + 1)
        if below[0].islower() or not (ends_sentence_text(above) or above[-1:].isalnum()):
            continue  # not where a paragraph ends: only the line break stays
        if sizes[group[index]] > 1 or sizes[group[index + 1]] > 1:
            upper, lower = layout.lines[index], layout.lines[index + 1]
            edits[index] = Edit(upper.stop, lower.start, newline * 2, "paragraph-break")
    return edits


def _shape(layout: Layout, first: int, last: int, joins: dict[int, Edit]) -> _BlockShape:
    """The wrap width at each line of a block, and how many of its breaks are clearly soft.

    A line *wrapped at width W* is no longer than W and full at W: the first word of
    the next line would not have fitted (within the tolerance). The wrap width of a
    stretch of lines is the line length at which most of its lines are wrapped (the
    longest such length on a tie); it counts only when at least
    :data:`MIN_FULL_LINES` lines, and :data:`MIN_FULL_SHARE` of those wider than
    :data:`~svfix.text.layout.tables.MIN_WRAP_WIDTH`, are wrapped at it. A small block is one
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
        if layout.content(index + 1)[0].islower() and not SENTENCE_END.search(upper):
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


def _items(layout: Layout, first: int, last: int, widths: dict[int, int]) -> set[int]:
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
                item = ends_sentence_text(before)
        else:
            continue
        if item:
            items.add(index)
            running = True
    return items


def _is_open(layout: Layout, index: int) -> bool:
    """May the break after line ``index`` be soft? (Not after a heading or a hard line
    break, not around a table row or a rule.)"""
    upper, lower = layout.content(index), layout.content(index + 1)
    if layout.tabular(index) or layout.tabular(index + 1) or layout.hard_break_marked(index):
        return False
    if _unbroken(upper) or _unbroken(lower):  # a line of data (base64, a URL), not wrapped text
        return False
    if _RULE.fullmatch(lower) or _RULE.fullmatch(upper):
        return False
    if layout.markdown and (upper.startswith("#") or _EMPHASIS_LINE.fullmatch(upper)):
        return False
    return True


#: A line that is one chunk this long was not wrapped at a space: it is data (base64, a
#: hash, a long URL), and its line breaks are not a paragraph's.
UNBROKEN_LENGTH = 33


def _unbroken(line: str) -> bool:
    return len(line) >= UNBROKEN_LENGTH and " " not in line and "\t" not in line


def _heading_after(layout: Layout, index: int, last: int, widths: dict[int, int]) -> bool:
    """Is line ``index + 1``, after a finished sentence, a heading: a line without final
    punctuation that does not go on in the next line (the last line of its block, or not
    full)?"""
    lower = layout.content(index + 1)
    if lower[-1:] in FINAL_MARKS:
        return False
    following = index + 1
    return following == last or following not in widths or not _fits(layout, following, widths[following], WRAP_TOLERANCE)


#: The last words of a line that a sentence goes on after: such a line is no heading.
_GOES_ON = frozenset("och att som i för till med av på om eller men samt den det de en ett är har ska".split())


def _heading_between(layout: Layout, index: int) -> bool:
    """Is line ``index`` a heading between two sentences: after a finished sentence,
    without final punctuation, not ending with a word a sentence goes on after, and
    followed by a line that starts with a capital? (However full it is.)"""
    line = layout.content(index)
    if line[-1:] in FINAL_MARKS or not layout.content(index + 1)[:1].isupper():
        return False
    last = line.rsplit(None, 1)[-1].lower()
    return last not in _GOES_ON and ends_sentence_text(layout.content(index - 1))


def _att_list(upper: str) -> bool:
    """Does ``upper`` lead into, or end, an item of a protocol's ``att`` list?"""
    if upper[-1:] in ":;":
        return True
    word = _LAST_WORD.search(upper)
    if word and word.group(1).lower() in ATT_LIST_LEADS:
        return True
    return upper.startswith("att ") and (upper[-1:] == "," or bool(word and word.group(1).lower() in ("och", "samt")))


def _ends_sentence(layout: Layout, index: int) -> bool:
    """A sentence ends at the end of line ``index`` and the next starts like a new one."""
    lower = layout.content(index + 1)
    return ends_sentence_text(layout.content(index)) and not lower[0].islower()


def _fits(layout: Layout, index: int, width: int, tolerance: float) -> bool:
    """Is line ``index`` full: would the next line's first word not have fitted on it?"""
    length = layout.width(index)
    if length > OVERLONG * width:
        return False
    lower = layout.content(index + 1)
    word = len(lower.split(None, 1)[0])
    return length + 1 + word > width * (1.0 - tolerance)
