"""Character tables of the text stages (:mod:`svfix.text.encoding`, :mod:`svfix.text.layout`).
Tables only.

Every table is written out literally so that it can be read and reviewed;
``tests/test_encoding.py`` checks the code-page tables against Python's own codecs.
"""
from __future__ import annotations

#: ISO 646 Swedish (SIS/SEN 850200): the 7-bit national variant that puts the Swedish
#: letters where ASCII has brackets, braces, backslash and pipe. Text written in it and
#: read as ASCII shows ``f|r``, ``p}``, ``Till{gg``. These six are decoded wherever they
#: touch a letter in a paragraph the lexicon confirms.
ISO646_SE: dict[str, str] = {
    "{": "ä",
    "|": "ö",
    "}": "å",
    "[": "Ä",
    "\\": "Ö",
    "]": "Å",
}

#: The variant positions of ISO 646 Swedish that are common in ordinary text (backtick,
#: at sign, tilde, caret): decoded only inside a word (between two letters; ``@`` and
#: ``^`` stand for capitals and are decoded only between two capitals, so that e-mail
#: addresses survive).
ISO646_SE_INNER: dict[str, str] = {
    "`": "é",
    "@": "É",
    "~": "ü",
    "^": "Ü",
}

#: The ISO 646 Swedish letters that are capitals and may stand alone as a person's
#: initial (``J.\.`` for ``J.Ö.``).
ISO646_SE_INITIALS = "[\\]"

#: Spacing accents that PDF text extraction leaves beside the letter they belong to
#: (``ja¨mst``, ``pa˚``, ``kommitte´``), and the combining mark each one stands for.
#: A combining mark separated from its letter by a space (``ja \u0308mst``) is read
#: as the same spacing accent.
SPACING_ACCENTS: dict[str, str] = {
    "\u00a8": "\u0308",  # ¨ DIAERESIS
    "\u02da": "\u030a",  # ˚ RING ABOVE
    "\u00b4": "\u0301",  # ´ ACUTE ACCENT
    "\u02cb": "\u0300",  # ˋ MODIFIER LETTER GRAVE ACCENT
}

#: What a spacing accent may be composed with, and the letter it gives. Only these
#: pairs are composed: an acute between consonants is an apostrophe (``don´t``), and
#: the acute composes only with ``e`` (Swedish é; ``Mary´s`` stays).
PDF_ACCENT_COMPOSITIONS: dict[tuple[str, str], str] = {
    ("a", "\u00a8"): "ä", ("A", "\u00a8"): "Ä",
    ("o", "\u00a8"): "ö", ("O", "\u00a8"): "Ö",
    ("u", "\u00a8"): "ü", ("U", "\u00a8"): "Ü",
    ("e", "\u00a8"): "ë", ("E", "\u00a8"): "Ë",
    ("i", "\u00a8"): "ï", ("I", "\u00a8"): "Ï",
    ("y", "\u00a8"): "ÿ",
    ("a", "\u02da"): "å", ("A", "\u02da"): "Å",
    ("u", "\u02da"): "ů", ("U", "\u02da"): "Ů",
    ("e", "\u00b4"): "é", ("E", "\u00b4"): "É",
    ("a", "\u02cb"): "à", ("A", "\u02cb"): "À",
    ("e", "\u02cb"): "è", ("E", "\u02cb"): "È",
}

#: The degree sign that some extractors emit for the ring of å: composed only directly
#: after a or A and before a letter (``pa°l``), never in ``25 °C``.
DEGREE_AS_RING: dict[str, str] = {"a": "å", "A": "Å"}

#: Typographic ligatures (Alphabetic Presentation Forms) and the letters they join.
LIGATURES: dict[str, str] = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",  # ﬅ LONG S T
    "\ufb06": "st",
}

#: Mojibake markers, as regex character-class contents. UTF-8 read as Windows-1252 (or
#: Latin-1) turns each non-ASCII character into a lead character from Â to ô (the bytes
#: C2-F4) followed by characters for continuation bytes 80-BF. The continuation bytes
#: read as Windows-1252 punctuation and letters, as Latin-1 C1 controls where
#: Windows-1252 leaves them undefined, and as the Latin-1 signs A0-BF.
MOJIBAKE_LEAD = "\u00c2-\u00f4"
MOJIBAKE_CONTINUATION = (
    "\u0080-\u00bf"  # Latin-1 readings of 80-BF: C1 controls, NBSP, ¡ ... ¿
    "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"  # Windows-1252 readings of 80-9F
)

#: Swedish letters as they appear when text written in a DOS or Mac code page is read
#: as Windows-1252 (first row of each letter) or as Latin-1 (second row, C1 controls).
#: cp437 and cp850 agree on every Swedish letter, so one table serves both.
CODEPAGE_LETTERS: dict[str, dict[str, str]] = {
    "cp850": {
        "„": "ä", "\x84": "ä",  # 84
        "”": "ö", "\x94": "ö",  # 94
        "†": "å", "\x86": "å",  # 86
        "Ž": "Ä", "\x8e": "Ä",  # 8E
        "™": "Ö", "\x99": "Ö",  # 99
        "\x8f": "Å",  # 8F, undefined in Windows-1252
        "‚": "é", "\x82": "é",  # 82
        "\x90": "É",  # 90, undefined in Windows-1252
        "\x81": "ü",  # 81, undefined in Windows-1252
        "š": "Ü", "\x9a": "Ü",  # 9A
    },
    "mac_roman": {
        "Š": "ä", "\x8a": "ä",  # 8A
        "š": "ö", "\x9a": "ö",  # 9A
        "Œ": "å", "\x8c": "å",  # 8C
        "€": "Ä", "\x80": "Ä",  # 80
        "…": "Ö", "\x85": "Ö",  # 85
        "\x81": "Å",  # 81, undefined in Windows-1252
        "Ž": "é", "\x8e": "é",  # 8E
        "ƒ": "É", "\x83": "É",  # 83
        "Ÿ": "ü", "\x9f": "ü",  # 9F
        "†": "Ü", "\x86": "Ü",  # 86
    },
}

#: C0 control characters and DEL, removed; tab, line feed, carriage return and form
#: feed are not in it (regex character-class contents).
C0_CONTROLS = "\x00-\x08\x0e-\x1f\x7f"

#: The vertical tab, which word processors write for a manual line break: it becomes
#: a line feed, so that the words on either side stay apart.
LINE_BREAK_CONTROLS: dict[str, str] = {"\x0b": "\n"}

#: C1 control characters (regex character-class contents). In text they are almost
#: always Windows-1252 punctuation read as Latin-1 (``\x96`` for –), and they are
#: read as Windows-1252; the five that Windows-1252 leaves undefined are removed.
C1_CONTROLS = "\x80-\x9f"

#: Invisible characters removed everywhere: zero-width space, word joiner, and the
#: byte-order mark when it stands inside a text.
ZERO_WIDTH = "\u200b\u2060\ufeff"

#: Zero-width joiner and non-joiner: removed in Latin text, kept between characters of
#: scripts and emoji sequences that need them.
JOINERS = "\u200c\u200d"

#: Characters up to here are Latin script (Basic Latin to Latin Extended-B) for the
#: purpose of deciding whether a joiner is noise.
LATIN_END = "\u024f"

#: The soft hyphen: an invisible hyphenation hint, removed.
SOFT_HYPHEN = "\u00ad"
