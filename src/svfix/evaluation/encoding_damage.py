"""Encoding damage for benchmarks: mojibake, HTML entities, PDF spacing accents and
ISO 646 Swedish, each as the broken software writes it, per paragraph.

>>> mojibake("jämställdhet"), html_entities("för"), pdf_accents("på"), iso646("Ärendet gäller")
('jÃ¤mstÃ¤lldhet', 'f&ouml;r', 'pa˚', '[rendet g{ller')
"""
from __future__ import annotations

import html.entities
import unicodedata

#: ISO 646 Swedish (SIS/SEN 850200) as a 7-bit system writes it: the letters in the
#: places ASCII has brackets, braces, backslash, pipe, backtick, at, tilde and caret.
#: (The damage is written out here, apart from the engine's decoding tables, so that a
#: mistake in one is not hidden by the same mistake in the other.)
ISO646_SE_LETTERS: dict[str, str] = {
    "ä": "{", "ö": "|", "å": "}", "Ä": "[", "Ö": "\\", "Å": "]", "é": "`", "É": "@", "ü": "~", "Ü": "^",
}




def _cp1252_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined read as Latin-1
        return chr(byte)


_CP1252 = [_cp1252_byte(byte) for byte in range(256)]


def mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252: ``ä`` becomes ``Ã¤``, ``–`` becomes ``â€“``.

    >>> mojibake("Åtgärder – översyn")
    'Ã…tgÃ¤rder â€“ Ã¶versyn'
    """
    if text.isascii():
        return text
    return "".join(char if char.isascii() else "".join(_CP1252[b] for b in char.encode("utf-8")) for char in text)


def html_entities(text: str) -> str:
    """Non-ASCII characters written as HTML entities (named where HTML has a name).

    >>> html_entities("Ärende – på")
    '&Auml;rende &ndash; p&aring;'
    """
    return "".join(
        char if char.isascii() else f"&{html.entities.codepoint2name[ord(char)]};"
        if ord(char) in html.entities.codepoint2name else f"&#{ord(char)};"
        for char in text
    )


#: A composed letter and the letter + spacing accent that PDF extraction gives for it.
_PDF_SPACING = {"\u0308": "\u00a8", "\u030a": "\u02da", "\u0301": "\u00b4"}


def pdf_accents(text: str) -> str:
    """Letters with a diacritic extracted as the letter followed by a spacing accent.

    >>> pdf_accents("jämställdhet, påverkan, kommitté")
    'ja¨msta¨lldhet, pa˚verkan, kommitte´'
    """
    def spaced(char: str) -> str:
        decomposed = unicodedata.normalize("NFD", char)
        if len(decomposed) == 2 and decomposed[1] in _PDF_SPACING:
            return decomposed[0] + _PDF_SPACING[decomposed[1]]
        return char

    return "".join(map(spaced, text)) if not text.isascii() else text


_ISO646_ENCODE = str.maketrans(ISO646_SE_LETTERS)


def iso646(text: str) -> str:
    """Swedish letters written in 7-bit ISO 646 Swedish and read as ASCII.

    >>> iso646("Åtgärder för översyn, kommitté")
    ']tg{rder f|r |versyn, kommitt`'
    """
    return text.translate(_ISO646_ENCODE)
