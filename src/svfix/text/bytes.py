"""Bytes to text: a file's encoding found from its bytes.

>>> decode_bytes("för".encode("utf-8"))
('för', 'utf-8')
"""
from __future__ import annotations

import codecs
import unicodedata

from ..errors import InputError

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
    NUL; then UTF-8 with surrogates encoded one by one (CESU-8: the pairs are joined,
    a lone one becomes U+FFFD and the name says so); then UTF-16 without a mark when it
    reads as letters and Windows-1252 would not (CJK text); then Windows-1252, the
    encoding of legacy Swedish files. An explicit ``encoding`` is used strictly.

    >>> decode_bytes("för".encode("utf-8"))
    ('för', 'utf-8')
    >>> decode_bytes("för".encode("cp1252"))
    ('för', 'cp1252')
    >>> decode_bytes("\\ufefffor".encode("utf-16-le"))
    ('for', 'utf-16-le')
    >>> decode_bytes(b"f\\x94r", encoding="cp850")
    ('för', 'cp850')
    >>> decode_bytes("💡 idé".encode("utf-16-le", "surrogatepass").decode("utf-16-le").encode("utf-8", "surrogatepass"))
    ('💡 idé', 'utf-8')
    >>> decode_bytes(b"ett \\xed\\xa0\\xbd tecken")
    ('ett \ufffd tecken', 'utf-8 (a lone surrogate replaced)')
    >>> decode_bytes("漢字と仮名の文章です".encode("utf-16-le"))
    ('漢字と仮名の文章です', 'utf-16-le')
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
        utf16 = _utf16_by_nul_pattern(data) or _utf16_reading_as_text(data)
        if utf16 is None:
            raise InputError("binary input, not text (NUL bytes); svfix reads text files")
        return _decode_strictly(data, utf16), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    surrogates = _utf8_with_surrogates(data)
    if surrogates is not None:
        return surrogates
    utf16 = _utf16_by_letters(data)
    if utf16 is not None:
        return _decode_strictly(data, utf16), utf16
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


def _utf8_with_surrogates(data: bytes) -> tuple[str, str] | None:
    """UTF-8 in which surrogates were encoded one by one (CESU-8, or a lone surrogate),
    decoded with the pairs joined; None when the bytes are not that."""
    try:
        text = data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return None
    joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    lone = joined.count("\ufffd") - text.count("\ufffd")
    return joined, "utf-8" if not lone else f"utf-8 ({lone} lone surrogate{'s' if lone > 1 else ''} replaced)".replace(
        "(1 lone surrogate replaced)", "(a lone surrogate replaced)")


#: BOM-less UTF-16 (no NUL bytes: CJK, for instance) is recognised when this share of
#: its characters are letters, marks, punctuation or spaces, while the same bytes read
#: as a single-byte encoding have almost no spaces (text in a Latin script has one
#: every few letters).
_UTF16_LETTER_SHARE = 0.9
_SINGLE_BYTE_SPACE_SHARE = 0.04
_SINGLE_BYTE_LETTER_SHARE = 0.7


def _utf16_by_letters(data: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` for BOM-less UTF-16 that reads as text in some script."""
    if len(data) % 2 or len(data) < 16:
        return None
    if (data.count(b" ") + data.count(b"\n")) >= _SINGLE_BYTE_SPACE_SHARE * len(data):
        return None
    if sum(1 for b in data if 65 <= b <= 90 or 97 <= b <= 122) >= _SINGLE_BYTE_LETTER_SHARE * len(data):
        return None  # a long Latin word or name without spaces
    return _utf16_reading_as_text(data)


def _utf16_reading_as_text(data: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when the bytes decode to text: letters, marks, punctuation
    and spaces (CJK or Hangul with a few spaces, whose NULs fall on no clear side)."""
    if len(data) % 2 or len(data) < 16:
        return None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        letters = sum(1 for c in text if c.isalpha() or c.isspace() or unicodedata.category(c)[0] in "MP")
        if letters >= _UTF16_LETTER_SHARE * len(text):
            return name
    return None


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
