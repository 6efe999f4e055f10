"""Seven-bit Swedish, ISO 646-SE: ``{`` for ä, ``|`` for ö, ``}`` for å, decoded where
the lexicon confirms it, paragraph by paragraph."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import NamedTuple

from ...changes import Edit
from ..chardata import ISO646_SE, ISO646_SE_INITIALS, ISO646_SE_INNER
from .search import LETTER, LONE_VOTE_LENGTH, MIN_CONFIRMED_SHARE, MIN_VOTING_LENGTH, positions, runs_around

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
        hits = [i for i in positions(text, ISO646_SE) if text[i - 1:i].isalpha() or text[i + 1:i + 2].isalpha()]
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
    for start, end in runs_around(text, hits, _ISO_TOKEN):
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
    if len(paragraphs) == 1 and len(paragraphs[0].candidates) == 1 == confirmed_in_all == voting_in_all:
        lone = paragraphs[0].candidates[0]
        if len(lone) >= LONE_VOTE_LENGTH:  # the text's one candidate, a long word: its own vote decides
            return paragraphs
    return [
        paragraph
        for paragraph, (confirmed, voting) in zip(paragraphs, votes, strict=True)
        if confirmed >= MIN_CONFIRMED_SHARE * voting and (confirmed >= 2 or (confirmed and document_agrees))
    ]
