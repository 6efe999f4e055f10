"""Text decoded with the wrong code page: HTML entities, mojibake (UTF-8 read as
Windows-1252) and DOS or Mac letters read as Windows-1252."""
from __future__ import annotations

import html
import html.entities
import re
from collections.abc import Callable

from ...changes import Edit
from ..chardata import CODEPAGE_LETTERS, MOJIBAKE_CONTINUATION, MOJIBAKE_LEAD
from .search import LETTER, LONE_VOTE_LENGTH, MIN_CONFIRMED_SHARE, MIN_VOTING_LENGTH, positions, runs_around

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

#: A chunk: a run of characters other than whitespace. Mojibake may contain no-break
#: spaces (byte A0 as a continuation byte), so a no-break space right after a lead or a
#: continuation character belongs to the chunk; any other is a real no-break space and
#: ends it, as a space would (``frÃ¥gan``+NBSP+``om`` would otherwise be one chunk that
#: ftfy cannot decode, repaired only once layout had made the NBSP a space: not idempotent).
_CHUNK = re.compile(f"(?:[^ \\t\\n\\r\\f\\v\u00a0]|(?<=[{MOJIBAKE_LEAD}{MOJIBAKE_CONTINUATION}])\u00a0)+")

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
    repaired = [(start, end, fix_encoding(text[start:end])) for start, end in runs_around(text, hits, _CHUNK)]
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
    lead, continuation = match.group()[0], match.group()[1]
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

#: The letters a code page mix-up mangles everywhere in a text: a paragraph that writes
#: one of them correctly was not decoded with the wrong code page.
_PROPER_LETTERS = re.compile("[åäöÅÄÖ]")
#: Paragraph breaks (the unit a code page mix-up is judged in).
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
#: Quotation marks among the suspects. One that opens a token and the same mark closing a
#: later token of the same paragraph that reads as no word with it decoded are a
#: quotation, not letters (``”det finns skäl”``: ``skälö`` is no word).
_QUOTES = "”„“‚"


def fix_codepage(text: str, is_word: Callable[[str], bool]) -> list[Edit]:
    """Decode Swedish letters of a DOS (cp437/cp850) or Mac Roman text read as cp1252.

    The code page is chosen per document by lexicon vote: candidate tokens (a suspect
    character touching a letter) are re-decoded, and the code page whose readings the
    lexicon confirms most is applied when it confirms at least 2 tokens and a clear
    majority. It then decodes the confirmed tokens, and the tokens whose suspects all
    stand between letters; curly quotes around a word stay. A paragraph that writes å,
    ä or ö correctly anywhere was not decoded with the wrong code page (a mix-up mangles
    every Swedish letter), and a pair of quotation marks around words is a quotation.

    >>> from svfix.changes import apply_edits
    >>> words = {"för", "är", "förslag", "på", "mötet", "ödet"}.__contains__
    >>> apply_edits(t := "F”rslag p† m”tet „r ”citat”", fix_codepage(t, words))
    'Förslag på mötet är ”citat”'
    >>> fix_codepage("Kommittén – ”citat” 2018–2020", words)
    []
    >>> fix_codepage("Nämnden anser att ”det finns skäl” för detta. Mötet ”det” f”rslag", words)
    []
    """
    hits = positions(text, _CODEPAGE_SUSPECTS)
    if not hits:
        return []
    tokens = _outside_proper_paragraphs(text, list(runs_around(text, hits, _CODEPAGE_TOKEN)))
    if not tokens:
        return []
    best: list[Edit] = []
    for page, table in CODEPAGE_LETTERS.items():
        edits = _codepage_edits(text, tokens, page, table, is_word)
        if len(edits) > len(best):
            best = edits
    return best


def _outside_proper_paragraphs(text: str, tokens: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The tokens that stand in a paragraph without a correctly written å, ä or ö."""
    if not _PROPER_LETTERS.search(text):
        return tokens
    kept = []
    for start, end in tokens:
        found = None
        for found in _PARAGRAPH.finditer(text, 0, start):
            pass
        lo = found.end() if found is not None else 0
        after = _PARAGRAPH.search(text, end)
        hi = after.start() if after is not None else len(text)
        if not _PROPER_LETTERS.search(text, lo, hi):
            kept.append((start, end))
    return kept


def _codepage_edits(
    text: str, tokens: list[tuple[int, int]], page: str, table: dict[str, str], is_word: Callable[[str], bool]
) -> list[Edit]:
    """The edits that decode ``tokens`` with ``table`` if the lexicon votes for it, else []."""
    confirmed = voting = longest = 0
    edits = []
    quoted = _quotations(text, tokens, table, is_word)
    for index, (start, end) in enumerate(tokens):
        if index in quoted:
            continue
        token = text[start:end]
        inside = _suspects_inside(token, table)
        if inside is None:
            continue
        decoded = "".join(table.get(char, char) for char in token)
        known = is_word(decoded.lower()) and not is_word(token.lower())
        if len(token) >= MIN_VOTING_LENGTH:
            voting += 1
            confirmed += known
            if known:
                longest = max(longest, len(token))
        if known or inside:
            edits.append(Edit(start, end, decoded, f"codepage-{page}"))
    if confirmed >= 2 and confirmed >= MIN_CONFIRMED_SHARE * voting:
        return edits
    if confirmed == voting == 1 and longest >= LONE_VOTE_LENGTH and len(tokens) == 1:
        return edits  # the text's one candidate, a long word: decided on its own vote
    return []


def _quotations(
    text: str, tokens: list[tuple[int, int]], table: dict[str, str], is_word: Callable[[str], bool]
) -> set[int]:
    """Indexes of the tokens that open and close a quotation: a token that begins with a
    quotation mark, and the next token of its paragraph that ends with the same mark,
    does not begin with one, and reads as no word with the mark decoded."""
    quoted: set[int] = set()
    for index, (start, _) in enumerate(tokens):
        mark = text[start]
        if mark not in _QUOTES or mark not in table or index in quoted:
            continue
        for later in range(index + 1, len(tokens)):
            l_start, l_end = tokens[later]
            if _PARAGRAPH.search(text, start, l_start) or l_start - start > 2000:
                break
            if text[l_end - 1] == mark and text[l_start] not in _QUOTES:
                decoded = "".join(table.get(char, char) for char in text[l_start:l_end])
                if not is_word(decoded.lower()):
                    quoted.update((index, later))
                break
    return quoted


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
