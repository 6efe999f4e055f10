"""Making a dataset: typeset, degrade, OCR and write pages; seeded, parallel, reproducible.

For every page :func:`make_pages` writes into its output folder::

    <id>.ocr.txt    Tesseract's text output, byte for byte as Tesseract wrote it
    <id>.gold.txt   the drawn lines joined by "\\n", a blank line between
                    paragraphs (no trailing newline: the file is the gold string)
    <id>.hocr       Tesseract's hOCR of the same run (word boxes, ``x_wconf``)

and, for the whole dataset, ``manifest.jsonl`` (one :class:`PageRecord` a line, in page
order) and ``timings.jsonl`` (seconds spent per page: the only output that varies between
runs; everything else is byte-identical for the same inputs, seed and machine, whatever
the number of worker processes). Page images live only in a temporary folder.

Every random choice (a page's source, font, size, profile, and the profile's parameters)
comes from ``random.Random(f"{seed}:{page_id}:...")``, so it depends on the seed and the
page alone, never on the order pages are made in.
"""
from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .degrade import PROFILES, DrawnParams, degrade
from .fonts import FONTS, layout_engine
from .layout import Page, layout_pages, render_page, weighted_choice
from .tesseract import check_tesseract, run_tesseract, tesseract_version

__all__ = ["OUTPUT_GLOBS", "PageRecord", "make_pages"]


@dataclass(frozen=True)
class PageRecord:
    """One line of ``manifest.jsonl``: the page, how it was made, and its gold's SHA-256.

    Attributes:
        id: the page id, also the stem of its files.
        source: the source its text was drawn from.
        font: the key of its font in :data:`~.fonts.FONTS`; ``font_family`` its family.
        size_pt: the font size in points.
        profile: the degradation profile; ``params`` the parameters drawn from it
            (:class:`~.degrade.DrawnParams` without ``profile``).
        lang: the Tesseract language; ``tesseract`` the binary's version.
        seed: the dataset's seed.
        layout_engine: Pillow's text layout engine (``raqm`` or ``basic``).
        lines: drawn lines; ``gold_words`` whitespace tokens of the gold.
        gold_sha256: SHA-256 of the gold file.
    """

    id: str
    source: str
    font: str
    font_family: str
    size_pt: float
    profile: str
    params: dict[str, Any]
    lang: str
    tesseract: str
    seed: str
    layout_engine: str
    lines: int
    gold_words: int
    gold_sha256: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class _Job:
    page: Page
    params: DrawnParams
    lang: str
    out_dir: str
    seed: str


def _make_one(job: _Job) -> tuple[PageRecord, dict[str, Any]]:
    """Render, degrade, OCR and write one page (runs in a worker process)."""
    t0 = time.perf_counter()
    page = job.page
    img = degrade(render_page(page), job.params)
    out = Path(job.out_dir)
    with tempfile.TemporaryDirectory(prefix="ocrpairs-") as tmp:
        png = Path(tmp, f"{page.page_id}.png")
        img.save(png, format="PNG", dpi=(job.params.dpi, job.params.dpi))
        t1 = time.perf_counter()
        txt, hocr = run_tesseract(png, job.lang)
        t2 = time.perf_counter()
    gold = page.gold
    (out / f"{page.page_id}.ocr.txt").write_bytes(txt)
    (out / f"{page.page_id}.gold.txt").write_bytes(gold.encode("utf-8"))
    (out / f"{page.page_id}.hocr").write_bytes(hocr)
    rec = PageRecord(
        id=page.page_id, source=page.source, font=page.font, font_family=FONTS[page.font].family,
        size_pt=page.size_pt, profile=job.params.profile,
        params={k: v for k, v in asdict(job.params).items() if k != "profile"},
        lang=job.lang, tesseract=tesseract_version(), seed=job.seed,
        layout_engine=layout_engine().name.lower(), lines=len(page.lines),
        gold_words=len(gold.split()), gold_sha256=hashlib.sha256(gold.encode("utf-8")).hexdigest(),
    )
    timing = {"id": page.page_id, "profile": job.params.profile, "render_s": round(t1 - t0, 3),
              "tesseract_s": round(t2 - t1, 3)}
    return rec, timing


#: The files of a dataset, removed from its folder before it is made again.
OUTPUT_GLOBS = ("*.ocr.txt", "*.gold.txt", "*.hocr", "manifest.jsonl", "timings.jsonl")


def make_pages(
    paragraphs: Mapping[str, Iterable[str]] | Iterable[str],
    out_dir: str | os.PathLike[str],
    lang: str = "eng",
    profiles: Sequence[str] | Mapping[str, float] = ("clean",),
    seed: int | str = 0,
    *,
    fonts: Sequence[str] = tuple(FONTS),
    sizes: Sequence[float] = (10, 11, 12),
    pages: int | None = None,
    jobs: int = 1,
    weights: Mapping[str, float] | None = None,
    id_prefix: str = "p",
    min_words: int = 1,
    overwrite: bool = False,
    progress: bool = False,
) -> list[PageRecord]:
    """Make OCR pairs: typeset, degrade, OCR and write pages to ``out_dir``.

    Args:
        paragraphs: an iterable of paragraphs, or a mapping source name ->
            paragraphs (see :func:`~.layout.layout_pages`).
        out_dir: output directory (created). If it already holds a manifest,
            ``overwrite=True`` is needed (old outputs are then removed).
        lang: Tesseract language (``eng``, ``swe``, ``swe+eng``...).
        profiles: profile names drawn per page with equal weight, or a
            mapping name -> weight.
        seed: seed of every random choice.
        fonts, sizes, pages, weights, id_prefix, min_words: as in
            :func:`~.layout.layout_pages`.
        jobs: worker processes (outputs do not depend on it).
        progress: print one line per page to stderr.

    Returns:
        The manifest records, in page order.

    Raises:
        TesseractError, FontNotFoundError: missing software (names the
            Debian package to install).
        ImportError: Pillow is not installed (names the extra).
        FileExistsError: ``out_dir`` holds a dataset and ``overwrite`` is false.
    """
    check_tesseract(lang)
    prof_w: list[float] | None
    if isinstance(profiles, Mapping):
        prof_names, prof_w = list(profiles), [float(v) for v in profiles.values()]
    else:
        prof_names, prof_w = list(profiles), None
    for p in prof_names:
        if p not in PROFILES:
            raise ValueError(f"unknown profile {p!r} (known: {', '.join(PROFILES)})")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if (out / "manifest.jsonl").exists():
        if not overwrite:
            raise FileExistsError(f"{out}/manifest.jsonl exists (use overwrite=True / --overwrite)")
        for pattern in OUTPUT_GLOBS:
            for f in out.glob(pattern):
                f.unlink()
    seed_s = str(seed)

    def jobs_iter() -> Iterator[_Job]:
        for page in layout_pages(paragraphs, fonts=fonts, sizes=sizes, pages=pages, seed=seed_s,
                                 weights=weights, id_prefix=id_prefix, min_words=min_words):
            prof = weighted_choice(random.Random(f"{seed_s}:{page.page_id}:profile"), prof_names, prof_w)
            yield _Job(page, PROFILES[prof].draw(seed_s, page.page_id), lang, str(out), seed_s)

    records: list[PageRecord] = []
    timings: list[dict[str, Any]] = []

    def collect(result: tuple[PageRecord, dict[str, Any]]) -> None:
        rec, tim = result
        records.append(rec)
        timings.append(tim)
        if progress:
            print(f"{rec.id} {rec.source} {rec.font} {rec.size_pt:g}pt {rec.profile} "
                  f"{tim['tesseract_s']:.1f}s", file=sys.stderr, flush=True)

    if jobs <= 1:
        for job in jobs_iter():
            collect(_make_one(job))
    else:
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
            pending: list[concurrent.futures.Future[tuple[PageRecord, dict[str, Any]]]] = []
            for job in jobs_iter():
                pending.append(pool.submit(_make_one, job))
                while len(pending) >= 2 * jobs:  # keep memory bounded, order kept
                    collect(pending.pop(0).result())
            for fut in pending:
                collect(fut.result())
    (out / "manifest.jsonl").write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    (out / "timings.jsonl").write_text("".join(json.dumps(t) + "\n" for t in timings), encoding="utf-8")
    return records
