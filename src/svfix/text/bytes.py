"""Bytes to text: a file's encoding found from its bytes.

>>> decode_bytes("för".encode("utf-8"))
('för', 'utf-8')
"""
from __future__ import annotations

import codecs

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
        utf16 = _utf16_by_nul_pattern(data)
        if utf16 is None:
            raise InputError("binary input, not text (NUL bytes); svfix reads text files")
        return _decode_strictly(data, utf16), utf16
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
