"""The encoding stage: decode bytes, then repair encoding damage in the text.

:func:`decode_bytes` turns a file's bytes into text. :func:`repair` runs the fixers, each
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

import codecs
import html
import html.entities
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import NamedTuple

from .changes import ChangeLog, Edit
from .chardata import (
    C0_CONTROLS,
    C1_CONTROLS,
    CODEPAGE_LETTERS,
    DEGREE_AS_RING,
    ISO646_SE,
    ISO646_SE_INITIALS,
    ISO646_SE_INNER,
    JOINERS,
    LATIN_END,
    LIGATURES,
    LINE_BREAK_CONTROLS,
    MOJIBAKE_CONTINUATION,
    MOJIBAKE_LEAD,
    PDF_ACCENT_COMPOSITIONS,
    SOFT_HYPHEN,
    SPACING_ACCENTS,
    ZERO_WIDTH,
)
from .config import Config
from .errors import InputError

STAGE = "encoding"

#: A letter in any script (a word character that is neither a digit nor ``_``).
LETTER = r"[^\W\d_]"

#: How many rounds of fixers :func:`repair` runs at most to reach a fixed point.
MAX_ROUNDS = 4

#: A token votes on a decoding (ISO 646, code page) only when it has at least this
#: many characters: ``{n`` decodes to the word ``än`` too easily to count.
MIN_VOTING_LENGTH = 3

#: Share of voting tokens the lexicon must confirm before a decoding is applied.
MIN_CONFIRMED_SHARE = 0.6


# --- bytes --------------------------------------------------------------------------------

#: Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: A BOM-less text is read as UTF-16 when at least this share of its 2-byte units
#: has a NUL in the high byte (ASCII-heavy text has nearly all) and at most a tenth as
#: many have one in the low byte (characters such as U+2000 or U+4E00).
_UTF16_NUL_SHARE = 0.3


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode file bytes; returns (text, name of the encoding used).

    A byte-order mark decides; then strict UTF-8; then UTF-16 when every other byte is
    NUL; then Windows-1252, the encoding of legacy Swedish files. An explicit
    ``encoding`` is used strictly.

    >>> decode_bytes("för".encode("utf-8"))
    ('för', 'utf-8')
    >>> decode_bytes("för".encode("cp1252"))
    ('för', 'cp1252')
    >>> decode_bytes("\\ufefffor".encode("utf-16-le"))
    ('for', 'utf-16-le')
    >>> decode_bytes(b"f\\x94r", encoding="cp850")
    ('för', 'cp850')
    >>> decode_bytes(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    Traceback (most recent call last):
    ...
    svfix.errors.InputError: binary input, not text (NUL bytes); svfix reads text files
    """
    if encoding is not None:
        return _decode_strictly(data, encoding), encoding
    if not data:
        return "", "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_strictly(data[len(bom):], name), name
    if b"\x00" in data:
        name = _utf16_by_nul_pattern(data)
        if name is None:
            raise InputError("binary input, not text (NUL bytes); svfix reads text files")
        return _decode_strictly(data, name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as err:
        raise InputError(
            f"undecodable input: byte 0x{data[err.start]:02X} at offset {err.start} is neither "
            "UTF-8 nor Windows-1252; pass the file's encoding explicitly (for example cp850 "
            "for a DOS file or mac_roman for an old Mac file)"
        ) from None


def _decode_strictly(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}; pass a name Python knows, such as utf-8 or cp1252") from None
    except UnicodeDecodeError as err:
        raise InputError(
            f"undecodable input: the bytes at offset {err.start} are not valid {encoding} "
            f"({err.reason}); check the file, or pass its real encoding"
        ) from None


def _utf16_by_nul_pattern(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when NULs fall on one side of the 2-byte units."""
    if len(data) % 2:
        return None
    units = len(data) // 2
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    if odd_nuls >= _UTF16_NUL_SHARE * units and even_nuls * 10 <= odd_nuls:
        return "utf-16-le"
    if even_nuls >= _UTF16_NUL_SHARE * units and odd_nuls * 10 <= even_nuls:
        return "utf-16-be"
    return None


# --- finding tokens -----------------------------------------------------------------------

def _positions(text: str, chars: Iterable[str]) -> list[int]:
    """Sorted positions of ``chars`` in ``text``. Uses ``str.find``, which is much
    faster than a regex when the characters are rare, as they are in clean text.

    >>> _positions("a|b}c|", "|}")
    [1, 3, 5]
    """
    found = []
    for char in chars:
        i = text.find(char)
        while i >= 0:
            found.append(i)
            i = text.find(char, i + 1)
    return sorted(found)


def _runs_around(text: str, hits: Iterable[int], run: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of the maximal run of ``run`` around each hit position, once each.

    The cost is proportional to the hits, not to the text: clean text pays nothing.

    >>> list(_runs_around("ab c|d e", [4], re.compile(r"[^ ]+")))
    [(3, 6)]
    """
    end = 0
    for hit in hits:
        if hit < end:
            continue
        start = hit
        while start > end and run.match(text, start - 1, start):
            start -= 1
        end = run.match(text, hit).end()
        yield start, end


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


# --- HTML entities ------------------------------------------------------------------------

_ENTITY = re.compile(
    r"""
    &(?:amp;)*                       # escaped again, once or more: &amp;auml;
    (?P<reference>
        \#[0-9]{1,7}                 # decimal: &#228;
      | \#[xX][0-9a-fA-F]{1,6}       # hexadecimal: &#xE4;
      | [A-Za-z][A-Za-z0-9]{1,31}    # named: &auml; (checked against the HTML5 list)
    );
    """,
    re.VERBOSE,
)


def fix_html_entities(text: str) -> list[Edit]:
    """Decode HTML character references that are complete and known, also when they
    were escaped more than once (``&amp;auml;``).

    >>> from svfix.changes import apply_edits
    >>> apply_edits(t := "h&aring;llbar &#228;ndring &#xF6; &amp; AT&T &foo; &auml", fix_html_entities(t))
    'hållbar ändring ö & AT&T &foo; &auml'
    >>> apply_edits(t := "f&amp;amp;ouml;r P&amp;amp;L", fix_html_entities(t))
    'för P&L'
    """
    if "&" not in text:
        return []
    edits = []
    for match in _ENTITY.finditer(text):
        reference = match.group("reference")
        if reference[0] != "#" and reference + ";" not in html.entities.html5:
            continue
        decoded = html.unescape(f"&{reference};")
        if decoded and decoded != "\ufffd":  # html.unescape's answer to invalid numbers
            edits.append(Edit(match.start(), match.end(), decoded, "html-entity"))
    return edits


# --- mojibake -----------------------------------------------------------------------------

#: A lead character followed by a continuation character: the trace of UTF-8 read as
#: Windows-1252 or Latin-1 (``Ã¶`` for ö, ``â€`` beginning ” or –).
_MOJIBAKE_PAIR = re.compile(f"[{MOJIBAKE_LEAD}][{MOJIBAKE_CONTINUATION}]")

#: A chunk: a run of characters other than ASCII whitespace. Mojibake may contain
#: no-break spaces (byte A0), so only ASCII whitespace ends a chunk.
_CHUNK = re.compile(r"[^ \t\n\r\f\v]+")

#: A Latin-1 letter (U+00C0-U+00FF) in UTF-8 read as Windows-1252: Ã and one
#: continuation character. ftfy judges such a pair alone, without the rest of the
#: document, and leaves some (``Ã…`` for Å: the second byte reads as an ellipsis).
_MOJIBAKE_LATIN1_LETTER = re.compile(f"\u00c3[{MOJIBAKE_CONTINUATION}]")


def fix_mojibake(text: str) -> list[Edit]:
    """Repair UTF-8 read as Windows-1252, chunk by chunk, with ``ftfy.fix_encoding``.

    A chunk is a run of non-whitespace containing a mojibake marker. ftfy judges each
    chunk without the rest of the document, so its repairs need the document's
    support: a repair to characters Windows-1252 has (the Swedish letters, quotes,
    dashes) confirms that the document holds mojibake; other repairs (``Ä§`` to ``ħ``)
    are made only in a confirmed document, where the Latin-1 letters ftfy left alone
    (``Ã…``) are decoded too.

    >>> from svfix.changes import apply_edits
    >>> apply_edits(t := "Ã…r 1975 fÃ¶reslogs Ã¤ndrade regler", fix_mojibake(t))
    'År 1975 föreslogs ändrade regler'
    >>> fix_mojibake("Müller, César och Hedén på ”mötet” i Å… Ä§ 5")
    []
    """
    if not _MOJIBAKE_PAIR.search(text):
        return []
    from ftfy import fix_encoding

    hits = (match.start() for match in _MOJIBAKE_PAIR.finditer(text))
    repaired = [(start, end, fix_encoding(text[start:end])) for start, end in _runs_around(text, hits, _CHUNK)]
    if not any(new != text[start:end] and _in_cp1252(new) for start, end, new in repaired):
        return []
    edits = []
    for start, end, new in repaired:
        new = _MOJIBAKE_LATIN1_LETTER.sub(_decode_latin1_letter, new)
        if new != text[start:end]:
            edits.append(Edit(start, end, new, "mojibake"))
    return edits


def _in_cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _decode_latin1_letter(match: re.Match[str]) -> str:
    """The letter a two-byte mojibake sequence stands for (not ``×`` or ``÷``)."""
    lead, continuation = match.group()
    try:
        byte = continuation.encode("cp1252")
    except UnicodeEncodeError:  # a C1 control: the byte itself, read as Latin-1
        byte = continuation.encode("latin-1")
    decoded = (lead.encode("latin-1") + byte).decode("utf-8")
    return decoded if decoded.isalpha() else match.group()


# --- code pages ---------------------------------------------------------------------------

#: Every character that a code page in the tables may have made of a Swedish letter.
_CODEPAGE_SUSPECTS = "".join(sorted({char for table in CODEPAGE_LETTERS.values() for char in table}))

#: A run of letters and suspects: a candidate word (``f”rslag``, ``„r``).
_CODEPAGE_TOKEN = re.compile(f"(?:{LETTER}|[{re.escape(_CODEPAGE_SUSPECTS)}])+")


def fix_codepage(text: str, is_word: Callable[[str], bool]) -> list[Edit]:
    """Decode Swedish letters of a DOS (cp437/cp850) or Mac Roman text read as cp1252.

    The code page is chosen per document by lexicon vote: candidate tokens (a suspect
    character touching a letter) are re-decoded, and the code page whose readings the
    lexicon confirms most is applied when it confirms at least 2 tokens and a clear
    majority. It then decodes the confirmed tokens, and the tokens whose suspects all
    stand between letters; curly quotes around a word stay.

    >>> from svfix.changes import apply_edits
    >>> words = {"för", "är", "förslag", "på", "mötet"}.__contains__
    >>> apply_edits(t := "F”rslag p† m”tet „r ”citat”", fix_codepage(t, words))
    'Förslag på mötet är ”citat”'
    >>> fix_codepage("Kommittén – ”citat” 2018–2020", words)
    []
    """
    hits = _positions(text, _CODEPAGE_SUSPECTS)
    if not hits:
        return []
    tokens = list(_runs_around(text, hits, _CODEPAGE_TOKEN))
    best: list[Edit] = []
    for page, table in CODEPAGE_LETTERS.items():
        edits = _codepage_edits(text, tokens, page, table, is_word)
        if len(edits) > len(best):
            best = edits
    return best


def _codepage_edits(
    text: str, tokens: list[tuple[int, int]], page: str, table: dict[str, str], is_word: Callable[[str], bool]
) -> list[Edit]:
    """The edits that decode ``tokens`` with ``table`` if the lexicon votes for it, else []."""
    confirmed = voting = 0
    edits = []
    for start, end in tokens:
        token = text[start:end]
        inside = _suspects_inside(token, table)
        if inside is None:
            continue
        decoded = "".join(table.get(char, char) for char in token)
        known = is_word(decoded.lower()) and not is_word(token.lower())
        if len(token) >= MIN_VOTING_LENGTH:
            voting += 1
            confirmed += known
        if known or inside:
            edits.append(Edit(start, end, decoded, f"codepage-{page}"))
    if confirmed >= 2 and confirmed >= MIN_CONFIRMED_SHARE * voting:
        return edits
    return []


def _suspects_inside(token: str, table: dict[str, str]) -> bool | None:
    """None when no suspect of ``table`` touches a letter in ``token``; otherwise
    whether every suspect stands between two letters."""
    touching, inside = False, True
    for i, char in enumerate(token):
        if char not in table:
            continue
        before = i > 0 and token[i - 1] not in table
        after = i + 1 < len(token) and token[i + 1] not in table
        touching = touching or before or after
        inside = inside and before and after
    return inside if touching else None


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


# --- ISO 646 Swedish ----------------------------------------------------------------------

_ISO_ALL_CHARS = re.escape("".join(ISO646_SE) + "".join(ISO646_SE_INNER))

#: A run of letters and ISO 646 letter positions: a candidate word (``Till{ggs``).
_ISO_TOKEN = re.compile(f"(?:{LETTER}|[{_ISO_ALL_CHARS}])+")

_HAS_LETTER = re.compile(LETTER)

#: An ISO 646 capital standing for an initial in a run of initials (``J.\.``).
_ISO_INITIAL = re.compile(
    f"""
    (?: (?<=[\\s(]) | (?<=[A-ZÅÄÖ]\\.) | ^ )   # after a space, a parenthesis or an initial
    [{re.escape(ISO646_SE_INITIALS)}]
    (?=\\.(?!\\.))                            # followed by one full stop (not [...])
    """,
    re.VERBOSE | re.MULTILINE,
)

#: A paragraph break: a line feed, blank lines (maybe holding spaces), a line feed.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


class _Paragraph(NamedTuple):
    start: int
    end: int
    #: the decoded candidate tokens
    candidates: list[str]


def fix_iso646(text: str, is_word: Callable[[str], bool], mode: str = "auto") -> list[Edit]:
    """Decode ISO 646 Swedish (``f|r`` → ``för``) in the paragraphs the lexicon confirms.

    ``mode`` is ``"auto"`` (vote per paragraph), ``"always"`` (decode every candidate)
    or ``"never"``. A decoded paragraph has all its candidates decoded, known or not.

    >>> from svfix.changes import apply_edits
    >>> words = {"för", "förslag", "översyn", "år"}.__contains__
    >>> apply_edits(t := "F|rslag till |versyn, }r 2024.\\n\\nKod: {x | x > 0} och a|b", fix_iso646(t, words))
    'Förslag till översyn, år 2024.\\n\\nKod: {x | x > 0} och a|b'
    """
    if mode == "never":
        return []
    if mode == "always":
        chosen = [_Paragraph(0, len(text), [])]
    else:
        hits = [i for i in _positions(text, ISO646_SE) if text[i - 1:i].isalpha() or text[i + 1:i + 2].isalpha()]
        if not hits:
            return []
        chosen = _iso646_voted(_iso646_paragraphs(text, hits), is_word)
    edits: list[Edit] = []
    for paragraph in chosen:
        edits.extend(_iso646_paragraph_edits(text, paragraph))
    return edits


def _iso646_paragraph_edits(text: str, paragraph: _Paragraph) -> list[Edit]:
    """Decode a paragraph: every word (also ``Gr~nberger``, which has no candidate
    character of its own) and the initials."""
    found = []
    for match in _ISO_TOKEN.finditer(text, paragraph.start, paragraph.end):
        token = match.group()
        decoded = _iso646_decode(token)
        if decoded != token and _HAS_LETTER.search(token):
            found.append((match.start(), match.end(), decoded))
    for match in _ISO_INITIAL.finditer(text, paragraph.start, paragraph.end):
        found.append((match.start(), match.end(), ISO646_SE[match.group()]))
    return [Edit(start, end, new, "iso646") for start, end, new in sorted(found)]


def _iso646_paragraphs(text: str, hits: list[int]) -> list[_Paragraph]:
    """The paragraphs that hold candidate tokens, with their candidates; ``hits`` are
    the positions of ISO 646 letter positions touching a letter (``|versyn``, ``p}``)."""
    spans = list(_paragraph_spans(text))
    starts = [start for start, _ in spans]
    found: dict[int, list[str]] = {}
    for start, end in _runs_around(text, hits, _ISO_TOKEN):
        index = bisect_right(starts, start) - 1
        found.setdefault(index, []).append(_iso646_decode(text[start:end]))
    return [_Paragraph(*spans[index], candidates) for index, candidates in found.items()]


def _paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _iso646_decode(token: str) -> str:
    """Decode a candidate token: the six letter positions everywhere, the inner four
    only between letters (``@`` and ``^``, capitals, only between capitals).

    >>> _iso646_decode("kommitt`f|rordningen"), _iso646_decode("M^LLER@kommun")
    ('kommittéförordningen', 'MÜLLER@kommun')
    """
    chars = list(token)
    for i, char in enumerate(token):
        if char in ISO646_SE:
            chars[i] = ISO646_SE[char]
        elif char in ISO646_SE_INNER and 0 < i < len(token) - 1:
            letter = ISO646_SE_INNER[char]
            neighbours = token[i - 1] + token[i + 1]
            if neighbours.isupper() if letter.isupper() else neighbours.isalpha():
                chars[i] = letter
    return "".join(chars)


def _iso646_voted(paragraphs: list[_Paragraph], is_word: Callable[[str], bool]) -> list[_Paragraph]:
    """The paragraphs the lexicon votes for.

    A paragraph is decoded when the lexicon confirms a clear share of its voting
    tokens and at least 2 of them, or 1 when the whole document confirms at least 3
    and a clear share.
    """
    votes = []
    for paragraph in paragraphs:
        voting = [new for new in paragraph.candidates if len(new) >= MIN_VOTING_LENGTH]
        votes.append((sum(is_word(new.lower()) for new in voting), len(voting)))
    confirmed_in_all = sum(confirmed for confirmed, _ in votes)
    voting_in_all = sum(voting for _, voting in votes)
    document_agrees = confirmed_in_all >= 3 and confirmed_in_all >= MIN_CONFIRMED_SHARE * voting_in_all
    return [
        paragraph
        for paragraph, (confirmed, voting) in zip(paragraphs, votes, strict=True)
        if confirmed >= MIN_CONFIRMED_SHARE * voting and (confirmed >= 2 or (confirmed and document_agrees))
    ]


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
