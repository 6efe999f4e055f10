"""The five fonts pages are typeset in, found where Debian installs them.

Nothing is downloaded: a font that is not installed raises :class:`FontNotFoundError`
naming the Debian package that provides it. :func:`font_codepoints` reads which
characters a font can draw straight from its ``cmap`` table, so that a paragraph holding a
character some font lacks (it would be drawn as a box, and the gold would lie) is skipped.

>>> FONTS["eb-garamond"].package
'fonts-ebgaramond'
"""
from __future__ import annotations

import functools
import os
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from ...errors import SvfixError

if TYPE_CHECKING:
    from PIL import ImageFont

__all__ = ["FONTS", "FontNotFoundError", "FontSpec", "find_font", "font_codepoints", "layout_engine"]


class FontNotFoundError(SvfixError, RuntimeError):
    """A font file is not installed; the message names the Debian package."""


@dataclass(frozen=True)
class FontSpec:
    """A font used for typesetting.

    Attributes:
        key: short name used on the command line and in the manifest.
        family: human-readable family name.
        filename: file name of the regular face as Debian installs it.
        package: Debian package that provides the file.
    """

    key: str
    family: str
    filename: str
    package: str


FONTS: Mapping[str, FontSpec] = MappingProxyType(
    {
        f.key: f
        for f in (
            FontSpec("liberation-serif", "Liberation Serif", "LiberationSerif-Regular.ttf", "fonts-liberation"),
            FontSpec("liberation-sans", "Liberation Sans", "LiberationSans-Regular.ttf", "fonts-liberation"),
            FontSpec("dejavu-serif", "DejaVu Serif", "DejaVuSerif.ttf", "fonts-dejavu-core"),
            FontSpec("eb-garamond", "EB Garamond", "EBGaramond12-Regular.otf", "fonts-ebgaramond"),
            FontSpec("linux-libertine", "Linux Libertine O", "LinLibertine_R.otf", "fonts-linuxlibertine"),
        )
    }
)
"""The five fonts of the public dev sets, by key."""

#: Where fonts are looked for, in this order (the first match wins).
FONT_DIRS: tuple[str, ...] = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


# Both caches below hold facts about installed files for the life of the process (a
# handful of entries: one per font); tests that fake a missing font clear find_font's.
@functools.cache
def find_font(key: str) -> str:
    """Return the path of the font file for ``key`` (a key of :data:`FONTS`).

    Raises:
        KeyError: unknown key.
        FontNotFoundError: the file is not installed (names the Debian package).
    """
    spec = FONTS[key]
    for root in FONT_DIRS:
        root = os.path.expanduser(root)
        for dirpath, _dirs, files in sorted(os.walk(root)):
            if spec.filename in files:
                return os.path.join(dirpath, spec.filename)
    raise FontNotFoundError(
        f"font {spec.family!r} ({spec.filename}) is not installed: "
        f"apt-get install -y {spec.package}"
    )


@functools.cache
def font_codepoints(path: str) -> frozenset[int]:
    """Code points mapped by the font's Unicode ``cmap`` (formats 4 and 12)."""
    data = Path(path).read_bytes()
    num_tables = struct.unpack_from(">H", data, 4)[0]
    cmap_off = None
    for k in range(num_tables):
        tag, _sum, off, _len = struct.unpack_from(">4sIII", data, 12 + 16 * k)
        if tag == b"cmap":
            cmap_off = off
    if cmap_off is None:
        raise ValueError(f"{path}: no cmap table")
    n_sub = struct.unpack_from(">H", data, cmap_off + 2)[0]
    subtables = []
    for k in range(n_sub):
        pid, eid, off = struct.unpack_from(">HHI", data, cmap_off + 4 + 8 * k)
        subtables.append((pid, eid, cmap_off + off))
    points: set[int] = set()
    for pid, eid, off in subtables:
        if not (pid == 0 or (pid == 3 and eid in (1, 10))):
            continue
        fmt = struct.unpack_from(">H", data, off)[0]
        if fmt == 4:
            points.update(_cmap_format4(data, off))
        elif fmt == 12:
            n_groups = struct.unpack_from(">I", data, off + 12)[0]
            for g in range(n_groups):
                start, end, gid = struct.unpack_from(">III", data, off + 16 + 12 * g)
                for c in range(start, end + 1):
                    if gid + (c - start):
                        points.add(c)
    return frozenset(points)


def _cmap_format4(data: bytes, off: int) -> set[int]:
    """The code points of a format-4 (segment mapping to delta values) subtable."""
    points: set[int] = set()
    seg_x2 = struct.unpack_from(">H", data, off + 6)[0]
    n = seg_x2 // 2
    ends = struct.unpack_from(f">{n}H", data, off + 14)
    starts = struct.unpack_from(f">{n}H", data, off + 16 + seg_x2)
    deltas = struct.unpack_from(f">{n}h", data, off + 16 + 2 * seg_x2)
    ro_pos = off + 16 + 3 * seg_x2
    ranges = struct.unpack_from(f">{n}H", data, ro_pos)
    for s in range(n):
        for c in range(starts[s], ends[s] + 1):
            if c == 0xFFFF:
                continue
            if ranges[s] == 0:
                gid = (c + deltas[s]) & 0xFFFF
            else:
                addr = ro_pos + 2 * s + ranges[s] + 2 * (c - starts[s])
                gid = struct.unpack_from(">H", data, addr)[0]
                if gid:
                    gid = (gid + deltas[s]) & 0xFFFF
            if gid:
                points.add(c)
    return points


def layout_engine() -> ImageFont.Layout:
    """Raqm (kerning, ligatures: like real typesetting) when Pillow has it."""
    from .imaging import ImageFont, features

    return ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
