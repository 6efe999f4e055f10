"""Character-level repairs: control and invisible characters, ligatures, PDF accent
artefacts, Unicode NFC."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ...changes import Edit
from ..chardata import (
    C0_CONTROLS,
    C1_CONTROLS,
    DEGREE_AS_RING,
    JOINERS,
    LATIN_END,
    LIGATURES,
    LINE_BREAK_CONTROLS,
    PDF_ACCENT_COMPOSITIONS,
    SOFT_HYPHEN,
    SPACING_ACCENTS,
    ZERO_WIDTH,
)

# --- control and invisible characters -----------------------------------------------------

_INVISIBLE = re.compile(
    f"""
      [{C0_CONTROLS}{C1_CONTROLS}]        # control characters
    | [{''.join(LINE_BREAK_CONTROLS)}]    # vertical tab, a manual line break
    | [{ZERO_WIDTH}{JOINERS}]             # zero-width characters
    | [{SOFT_HYPHEN}]                     # soft hyphen
    """,
    re.VERBOSE,
)


def fix_invisibles(text: str, keep_line_end_soft_hyphens: bool = False) -> list[Edit]:
    """Remove control characters, zero-width characters and soft hyphens.

    C1 controls are Windows-1252 punctuation read as Latin-1 and become that
    punctuation; a vertical tab becomes a line break; joiners stay where a non-Latin
    script or an emoji sequence needs them. With ``keep_line_end_soft_hyphens`` (when
    the layout stage runs, which joins the two halves of the word) a soft hyphen
    directly before a line break stays.

    >>> from svfix.changes import apply_edits
    >>> apply_edits(t := "jäm\\u00adställd\\u200bhet\\x00", fix_invisibles(t))
    'jämställdhet'
    >>> apply_edits(t := "2018\\x962020", fix_invisibles(t))
    '2018–2020'
    >>> fix_invisibles("tab\\there\\r\\nand\\fform feed")
    []
    >>> apply_edits(t := "jäm\\u00adställd\\u00ad\\nhet", fix_invisibles(t, keep_line_end_soft_hyphens=True))
    'jämställd\\xad\\nhet'
    """
    if not _INVISIBLE.search(text):
        return []
    edits = []
    for match in _INVISIBLE.finditer(text):
        char, start = match.group(), match.start()
        if char == SOFT_HYPHEN:
            if not (keep_line_end_soft_hyphens and text.startswith(("\n", "\r\n"), start + 1)):
                edits.append(Edit(start, start + 1, "", "soft-hyphen"))
        elif char in JOINERS:
            if _in_latin_text(text, start):
                edits.append(Edit(start, start + 1, "", "zero-width"))
        elif char in ZERO_WIDTH:
            edits.append(Edit(start, start + 1, "", "zero-width"))
        elif char in LINE_BREAK_CONTROLS:
            edits.append(Edit(start, start + 1, LINE_BREAK_CONTROLS[char], "control-character"))
        elif "\x80" <= char <= "\x9f":
            edits.append(_c1_edit(char, start))
        else:
            edits.append(Edit(start, start + 1, "", "control-character"))
    return edits


def _in_latin_text(text: str, index: int) -> bool:
    """Is a neighbour of ``text[index]`` Latin script, or missing (text edge)?"""
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return not before or not after or before <= LATIN_END or after <= LATIN_END


def _c1_edit(char: str, start: int) -> Edit:
    try:
        return Edit(start, start + 1, char.encode("latin-1").decode("cp1252"), "codepage-cp1252")
    except UnicodeDecodeError:  # 81, 8D, 8F, 90, 9D: undefined in Windows-1252
        return Edit(start, start + 1, "", "control-character")


# --- ligatures ----------------------------------------------------------------------------

_LIGATURE = re.compile(f"[{''.join(LIGATURES)}]")


def fix_ligatures(text: str) -> list[Edit]:
    """Spell out typographic ligatures.

    >>> fix_ligatures("e\\ufb00ekt")
    [Edit(start=1, end=2, new='ff', reason='ligature', confidence=1.0, stage=None)]
    """
    if not any(ligature in text for ligature in LIGATURES):
        return []
    return [Edit(m.start(), m.end(), LIGATURES[m.group()], "ligature") for m in _LIGATURE.finditer(text)]


# --- PDF accents --------------------------------------------------------------------------

_ACUTE = "\u00b4"
_DEGREE = "\u00b0"

#: Combining marks that may stand after a space, as the spacing accent they mean.
_COMBINING_AS_SPACING = {combining: spacing for spacing, combining in SPACING_ACCENTS.items()}

#: Characters that may be part of a PDF accent artefact.
_PDF_TRIGGERS = "".join(SPACING_ACCENTS) + _DEGREE + "".join(_COMBINING_AS_SPACING)
_PDF_TRIGGER = re.compile(f"[{_PDF_TRIGGERS}]")


def fix_pdf_accents(text: str) -> list[Edit]:
    """Compose the spacing accents PDF text extraction leaves beside their letters.

    The accent usually follows its letter (``ja¨mst``); some extractors put it before
    (``j¨amst``). Where both readings are possible, the document decides by the
    accents that can only belong to one side. An acute composes only with e, and
    before its letter only after another letter (``l´a`` is an apostrophe).

    >>> from svfix.changes import apply_edits
    >>> apply_edits(t := "ja¨mst pa˚ kommitte´n J.O¨. don´t l´amour pa°l 20 °C", fix_pdf_accents(t))
    'jämst på kommittén J.Ö. don´t l´amour pål 20 °C'
    >>> apply_edits(t := "j¨amst¨alldhet f¨or kommitt´en ja \\u0308mst", fix_pdf_accents(t))
    'jämställdhet för kommittén jämst'
    """
    if not any(char in text for char in _PDF_TRIGGERS):
        return []
    accents = list(_pdf_accents(text))
    follows = _accents_follow_letters(text, accents)
    edits: list[Edit] = []
    for start, end, accent in accents:
        edit = _composed(text, start, end, accent, follows)
        if edit and (not edits or edit.start >= edits[-1].end):
            edits.append(edit)
    return edits


def _pdf_accents(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, spacing accent) of each accent artefact: a spacing accent, a
    combining mark after a space (``ja \\u0308mst``), a degree sign for a ring
    directly after a or A and before a letter (``pa°l``, not ``20 °C``)."""
    for match in _PDF_TRIGGER.finditer(text):
        i, char = match.start(), match.group()
        before = text[i - 1] if i > 0 else ""
        if char in SPACING_ACCENTS:
            yield i, i + 1, char
        elif char == _DEGREE:
            if before in DEGREE_AS_RING and text[i + 1:i + 2].isalpha():
                yield i, i + 1, char
        elif before == " ":
            yield i - 1, i + 1, _COMBINING_AS_SPACING[char]


def _composed(text: str, start: int, end: int, accent: str, follows: bool) -> Edit | None:
    """The edit composing the accent at ``text[start:end]`` with its letter, if any."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if accent == _DEGREE:
        return Edit(start - 1, end, DEGREE_AS_RING[before], "pdf-accent")
    with_before = PDF_ACCENT_COMPOSITIONS.get((before, accent))
    with_after = PDF_ACCENT_COMPOSITIONS.get((after, accent))
    if with_before and (follows or not with_after):
        return Edit(start - 1, end, with_before, "pdf-accent")
    if with_after and not follows and (accent != _ACUTE or before.isalpha()):
        return Edit(start, end + 1, with_after, "pdf-accent")
    return None


def _accents_follow_letters(text: str, accents: list[tuple[int, int, str]]) -> bool:
    """Do this document's accents follow their letters? The accents that can belong
    to one side only vote (not the acute, which may be an apostrophe); a tie says yes."""
    follow = precede = 0
    for start, end, accent in accents:
        if accent == _ACUTE:
            continue
        before = start > 0 and (text[start - 1], accent) in PDF_ACCENT_COMPOSITIONS
        after = end < len(text) and (text[end], accent) in PDF_ACCENT_COMPOSITIONS
        follow += before and not after
        precede += after and not before
    return follow >= precede


# --- Unicode NFC --------------------------------------------------------------------------

#: Whitespace runs and the runs between them. Whitespace characters never compose
#: with a neighbour, so each run normalises on its own.
_NFC_RUN = re.compile(r"\s+|\S+")


def fix_nfc(text: str) -> list[Edit]:
    """Compose combining sequences (NFC), editing only the stretches that change.

    >>> fix_nfc("ja\\u0308mst")
    [Edit(start=1, end=3, new='ä', reason='unicode-nfc', confidence=1.0, stage=None)]
    """
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    for match in _NFC_RUN.finditer(text):
        run = match.group()
        if run.isascii() or unicodedata.is_normalized("NFC", run):
            continue
        new = unicodedata.normalize("NFC", run)
        prefix = _common_prefix_length(run, new)
        suffix = _common_prefix_length(run[prefix:][::-1], new[prefix:][::-1])
        start = match.start() + prefix
        edits.append(Edit(start, match.end() - suffix, new[prefix:len(new) - suffix], "unicode-nfc"))
    return edits


def _common_prefix_length(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
