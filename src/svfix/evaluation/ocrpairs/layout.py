"""Typesetting paragraphs onto A4 pages, and drawing them: the gold of every page.

A page is drawn at 300 dpi with 2.5 cm margins, left-aligned, 1.2 em between baselines,
no hyphenation, and a blank line between paragraphs. Line breaking is greedy: a line takes
words while they fit the text block in the page's font. A paragraph cut by the end of a
page continues at the top of the next page drawn from the same source (broken again in
that page's font). The gold of a page (:attr:`Page.gold`) is exactly its drawn lines.

>>> normalize_text("  Jämställdhets\\u00admyndigheten\\u00a0och\\t  mer ")
'Jämställdhetsmyndigheten och mer'
>>> Page("p00001", "input", "dejavu-serif", 11.0, ("Ett stycke", "på två rader.", None, "Ett till.")).gold
'Ett stycke\\npå två rader.\\n\\nEtt till.'
"""
from __future__ import annotations

import os
import random
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from .fonts import FONTS, find_font, font_codepoints, layout_engine

if TYPE_CHECKING:
    from PIL import Image, ImageFont

__all__ = [
    "MARGIN_PX",
    "PAGE_SIZE_PX",
    "RENDER_DPI",
    "Page",
    "layout_pages",
    "load_font",
    "normalize_text",
    "read_paragraphs",
    "render_page",
    "rows_per_page",
    "weighted_choice",
]

# --- page geometry ----------------------------------------------------------------

RENDER_DPI = 300
"""Resolution at which every page is drawn (degradation resamples from it)."""
A4_MM = (210.0, 297.0)
MARGIN_CM = 2.5
LINE_PITCH_EM = 1.2
"""Distance between baselines in em (single spacing of a word processor)."""


def _mm_to_px(mm: float, dpi: int = RENDER_DPI) -> int:
    return round(mm / 25.4 * dpi)


PAGE_SIZE_PX = (_mm_to_px(A4_MM[0]), _mm_to_px(A4_MM[1]))  # 2480 x 3508
MARGIN_PX = _mm_to_px(MARGIN_CM * 10)  # 295


def load_font(key: str, size_pt: float, engine: ImageFont.Layout) -> ImageFont.FreeTypeFont:
    """The font of :data:`~.fonts.FONTS` ``key`` at ``size_pt`` points, at 300 dpi."""
    from .imaging import ImageFont

    return ImageFont.truetype(find_font(key), size=size_pt * RENDER_DPI / 72.0, layout_engine=engine)


def rows_per_page(font: ImageFont.FreeTypeFont) -> tuple[int, float, int]:
    """(rows that fit, baseline pitch in px, first baseline y) for a font."""
    em = font.size
    pitch = LINE_PITCH_EM * em
    ascent, descent = font.getmetrics()
    usable = PAGE_SIZE_PX[1] - 2 * MARGIN_PX - ascent - descent
    return int(usable // pitch) + 1, pitch, MARGIN_PX + ascent


# --- text ---------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACE_RE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Normalise a paragraph to what is drawn: NFC, soft hyphens and zero-width
    characters removed, control characters dropped, every run of white space
    (including no-break and thin spaces) made one ASCII space, ends stripped.

    >>> normalize_text("Kommun\\u200bfullmäktige  \\u2009beslutar")
    'Kommunfullmäktige beslutar'
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _SPACE_RE.sub(" ", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs"))
    return text.strip()


def read_paragraphs(path: str | os.PathLike[str]) -> Iterator[str]:
    """Yield the paragraphs of a UTF-8 text file: one per line, blank lines ignored."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield line.rstrip("\n")


# --- layout -------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One typeset page, ready to draw.

    Attributes:
        page_id: identifier, also the output file stem.
        source: name of the paragraph source the text comes from.
        font: key of :data:`~.fonts.FONTS`.
        size_pt: font size in points.
        rows: the page's rows from top to bottom: a line of text, or ``None``
            for the blank line between two paragraphs.
    """

    page_id: str
    source: str
    font: str
    size_pt: float
    rows: tuple[str | None, ...]

    @property
    def gold(self) -> str:
        """The drawn lines joined by "\\n", "\\n\\n" between paragraphs."""
        return "\n".join("" if r is None else r for r in self.rows)

    @property
    def lines(self) -> tuple[str, ...]:
        """The drawn lines, without the blank rows."""
        return tuple(r for r in self.rows if r is not None)


class _Acceptor:
    """Paragraph filter: every character is in every font's cmap and no word
    is wider than the text block at the largest size (so that no page can
    overflow and the gold is always exactly what is visible)."""

    def __init__(self, fonts: Sequence[str], max_size_pt: float, width: float, min_words: int,
                 engine: ImageFont.Layout) -> None:
        self._cover = frozenset.intersection(*(font_codepoints(find_font(f)) for f in fonts))
        self._big = [load_font(f, max_size_pt, engine) for f in fonts]
        self._width = width
        self._min_words = min_words

    def __call__(self, text: str) -> bool:
        words = text.split(" ")
        if len(words) < self._min_words:
            return False
        if any(ord(ch) not in self._cover for ch in text if ch != " "):
            return False
        for w in words:
            if len(w) > 15 and any(f.getlength(w) > self._width for f in self._big):
                return False
        return True


class _Typesetter:
    """Greedy left-aligned line breaking of a paragraph stream onto pages.

    A paragraph that does not end on a page continues at the top of the next
    page of the same source (re-broken in that page's font). No hyphenation:
    a word that does not fit goes to the next line.
    """

    def __init__(self, paragraphs: Iterable[str], accept: _Acceptor) -> None:
        self._it = iter(paragraphs)
        self._accept = accept
        self._pending: list[str] = []  # words of the paragraph being set
        self.exhausted = False
        self.skipped = 0

    def _next_paragraph(self) -> list[str] | None:
        for raw in self._it:
            text = normalize_text(raw)
            if text and self._accept(text):
                return text.split(" ")
            self.skipped += 1
        self.exhausted = True
        return None

    def page_rows(self, font: ImageFont.FreeTypeFont, width: float, n_rows: int) -> list[str | None]:
        """Fill up to ``n_rows`` rows; an empty list once the stream is exhausted."""
        rows: list[str | None] = []
        while len(rows) < n_rows:
            if not self._pending:
                if rows:  # a new paragraph needs the gap and at least one line
                    if len(rows) + 2 > n_rows:
                        break
                words = self._next_paragraph()
                if words is None:
                    break
                if rows:
                    rows.append(None)
                self._pending = words
            line = self._pending[0]
            k = 1
            while k < len(self._pending):
                candidate = line + " " + self._pending[k]
                if font.getlength(candidate) > width:
                    break
                line = candidate
                k += 1
            rows.append(line)
            del self._pending[:k]
        return rows


T = TypeVar("T")


def weighted_choice(rng: random.Random, items: Sequence[T], weights: Sequence[float] | None = None) -> T:
    """Deterministic weighted choice (stable across Python versions): one draw of
    ``rng``, uniform over ``items`` without weights.

    >>> weighted_choice(random.Random(1), ["a", "b"], [0.0, 1.0])
    'b'
    """
    if weights is None:
        return items[rng.randrange(len(items))]
    total = float(sum(weights))
    x = rng.random() * total
    acc = 0.0
    for item, w in zip(items, weights):
        acc += w
        if x < acc:
            return item
    return items[-1]


def layout_pages(
    sources: Mapping[str, Iterable[str]] | Iterable[str],
    *,
    fonts: Sequence[str] = tuple(FONTS),
    sizes: Sequence[float] = (10, 11, 12),
    pages: int | None = None,
    seed: int | str = 0,
    weights: Mapping[str, float] | None = None,
    id_prefix: str = "p",
    min_words: int = 1,
) -> Iterator[Page]:
    """Typeset paragraphs onto A4 pages.

    Args:
        sources: paragraphs (an iterable of strings), or a mapping of source
            name -> paragraphs. Paragraphs are consumed lazily in order.
        fonts: font keys to draw from (per page, uniformly).
        sizes: point sizes to draw from (per page, uniformly).
        pages: stop after this many pages (``None``: until all sources end).
        seed: seed; the page's source, font and size come from
            ``random.Random(f"{seed}:{page_id}:...")``.
        weights: relative weight of each source when a page's source is drawn
            (default: equal). Exhausted sources drop out.
        id_prefix: page ids are ``f"{id_prefix}{n:05d}"`` (n from 1).
        min_words: skip paragraphs with fewer whitespace-separated words.

    Yields:
        :class:`Page` objects (each fills the text block of an A4 page at
        2.5 cm margins; the last page of a source may be shorter).

    Raises:
        FontNotFoundError: a font is not installed (names the Debian package).
        ImportError: Pillow is not installed (names the extra).
    """
    if not isinstance(sources, Mapping):
        sources = {"input": sources}
    if not sources:
        raise ValueError("no sources")
    fonts = tuple(fonts)
    for f in fonts:
        find_font(f)  # fail early with the package name
    engine = layout_engine()
    width = PAGE_SIZE_PX[0] - 2 * MARGIN_PX
    accept = _Acceptor(fonts, max(sizes), width, min_words, engine)
    setters = {name: _Typesetter(paras, accept) for name, paras in sources.items()}
    names = list(setters)
    w = [float((weights or {}).get(n, 1.0)) for n in names]
    loaded: dict[tuple[str, float], ImageFont.FreeTypeFont] = {}
    n = 0
    while pages is None or n < pages:
        live = [(nm, wt) for nm, wt in zip(names, w) if not setters[nm].exhausted and wt > 0]
        if not live:
            return
        page_id = f"{id_prefix}{n + 1:05d}"
        src = weighted_choice(random.Random(f"{seed}:{page_id}:source"), [x[0] for x in live], [x[1] for x in live])
        frng = random.Random(f"{seed}:{page_id}:font")
        font_key = weighted_choice(frng, fonts)
        size = float(weighted_choice(frng, list(sizes)))
        font = loaded.get((font_key, size))
        if font is None:
            font = loaded[(font_key, size)] = load_font(font_key, size, engine)
        n_rows, _pitch, _y0 = rows_per_page(font)
        rows = setters[src].page_rows(font, width, n_rows)
        while rows and rows[-1] is None:
            rows.pop()
        if not rows:
            continue  # that source just ran out; draw again for the same id
        n += 1
        yield Page(page_id, src, font_key, size, tuple(rows))


def render_page(page: Page) -> Image.Image:
    """Draw a page: greyscale ("L") A4 at 300 dpi, black text on white."""
    from .imaging import Image, ImageDraw

    font = load_font(page.font, page.size_pt, layout_engine())
    _n, pitch, y0 = rows_per_page(font)
    img = Image.new("L", PAGE_SIZE_PX, 255)
    draw = ImageDraw.Draw(img)
    for k, row in enumerate(page.rows):
        if row:
            draw.text((MARGIN_PX, y0 + k * pitch), row, font=font, fill=0, anchor="ls")
    return img
