"""The command line of :mod:`svfix.evaluation.ocrpairs`: a thin client of its functions.

    python -m svfix.evaluation.ocrpairs INPUT... -o OUT [--lang L] [--profiles P,...] ...
    python -m svfix.evaluation.ocrpairs --stats DIR
    python -m svfix.evaluation.ocrpairs build-sets [--shared ../shared] --out DIR [--pages-scale F]

Errors start with ``svfix error:``, say what to do, and make the exit status 1 (2 for a
wrong command line).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from ...errors import SvfixError
from .corpus import SETS, iter_build_sets
from .degrade import PROFILES
from .fonts import FONTS
from .layout import read_paragraphs
from .pages import make_pages
from .stats import dataset_stats

PROG = "python -m svfix.evaluation.ocrpairs"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own errors, in svfix's format
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"svfix error: {message}; see {self.prog} --help\n")


def _sources_from_paths(paths: Sequence[str]) -> dict[str, Iterator[str]]:
    """One source per file (a directory stands for its ``*.txt``), named by the file's name
    (``name#2``, ``name#3`` for later files of the same name)."""
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    sources: dict[str, Iterator[str]] = {}
    for f in files:
        name = f.name
        k = 2
        while name in sources:
            name = f"{f.name}#{k}"
            k += 1
        sources[name] = read_paragraphs(f)
    return sources


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def make_parser() -> argparse.ArgumentParser:
    ap = _Parser(
        prog=PROG, description="Render text on A4 pages, degrade, OCR with Tesseract, write (OCR, gold) pairs.",
        epilog=f"Rebuild the training and evaluation sets from ../shared/corpora: {PROG} build-sets --help")
    ap.add_argument("inputs", nargs="*", help="UTF-8 text files (one paragraph per line) or directories of *.txt")
    ap.add_argument("-o", "--out", help="output directory")
    ap.add_argument("--lang", default="eng", help="Tesseract language (default eng)")
    ap.add_argument("--profiles", default="clean", help=f"comma-separated, from {','.join(PROFILES)}")
    ap.add_argument("--fonts", default="all", help=f"'all' or comma-separated from {','.join(FONTS)}")
    ap.add_argument("--sizes", default="10,11,12", help="point sizes (default 10,11,12)")
    ap.add_argument("--pages", type=int, default=None, help="number of pages (default: until input ends)")
    ap.add_argument("--seed", default="0")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--id-prefix", default="p")
    ap.add_argument("--min-words", type=int, default=1, help="skip shorter paragraphs")
    ap.add_argument("--overwrite", action="store_true", help="replace an existing dataset in OUT")
    ap.add_argument("--stats", metavar="DIR", help="print statistics of a made dataset and exit")
    ap.add_argument("--quiet", action="store_true")
    return ap


def build_sets_parser() -> argparse.ArgumentParser:
    ap = _Parser(
        prog=f"{PROG} build-sets",
        description="Make the OCR training and evaluation sets from ../shared/corpora (training sets from "
                    "training text, evaluation sets from text every build holds out: svfix.evaluation.corpora). "
                    "Sets: " + "; ".join(f"{s.name} ({s.lang}, {'+'.join(s.profiles)}, {s.pages} pages, seed {s.seed})"
                                         for s in SETS.values()) + ".")
    ap.add_argument("--shared", default="../shared", help="the shared folder holding corpora/ (default ../shared)")
    ap.add_argument("--out", required=True, help="output folder: one subfolder per set")
    ap.add_argument("--only", default=",".join(SETS), help="comma-separated sets (default: all six)")
    ap.add_argument("--pages-scale", type=float, default=1.0, metavar="F",
                    help="multiply every set's page count (at least one page; e.g. 0.05 for a quick small version)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="worker processes (default: every core; the outputs do not depend on it)")
    ap.add_argument("--overwrite", action="store_true", help="replace sets already made in OUT")
    ap.add_argument("--quiet", action="store_true")
    return ap


def _make(argv: Sequence[str]) -> int:
    ap = make_parser()
    args = ap.parse_args(argv)
    if args.stats:
        print(json.dumps(dataset_stats(args.stats), ensure_ascii=False, indent=1))
        return EXIT_OK
    if not args.inputs or not args.out:
        ap.error("give input files and -o OUTDIR (or --stats DIR)")
    fonts = list(FONTS) if args.fonts == "all" else _csv(args.fonts)
    for f in fonts:
        if f not in FONTS:
            ap.error(f"unknown font {f!r} (known: {', '.join(FONTS)})")
    profiles = _csv(args.profiles)
    for p in profiles:
        if p not in PROFILES:
            ap.error(f"unknown profile {p!r} (known: {', '.join(PROFILES)})")
    t0 = time.perf_counter()
    recs = make_pages(
        _sources_from_paths(args.inputs), args.out, lang=args.lang, profiles=profiles,
        seed=args.seed, fonts=fonts, sizes=[float(s) for s in _csv(args.sizes)], pages=args.pages,
        jobs=args.jobs, id_prefix=args.id_prefix, min_words=args.min_words, overwrite=args.overwrite,
        progress=not args.quiet,
    )
    print(f"{len(recs)} pages, {sum(r.gold_words for r in recs)} words -> {args.out} "
          f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    return EXIT_OK


def _build_sets(argv: Sequence[str]) -> int:
    ap = build_sets_parser()
    args = ap.parse_args(argv)
    names = _csv(args.only)
    for name in names:
        if name not in SETS:
            ap.error(f"unknown set {name!r} (known: {', '.join(SETS)})")
    if not args.pages_scale > 0:
        ap.error("--pages-scale must be positive")
    summary = {}
    t0 = time.perf_counter()
    for name, records in iter_build_sets(args.shared, args.out, names, pages_scale=args.pages_scale, jobs=args.jobs,
                                         overwrite=args.overwrite, progress=not args.quiet):
        summary[name] = {"pages": len(records), "words": sum(r.gold_words for r in records),
                         "wall_s": round(time.perf_counter() - t0, 1)}
        t0 = time.perf_counter()
        if not args.quiet:
            print(name, summary[name], file=sys.stderr, flush=True)
    print(json.dumps(summary, indent=1))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point (see the module docstring)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["build-sets"]:
            return _build_sets(argv[1:])
        return _make(argv)
    except (SvfixError, FileExistsError, ImportError) as err:
        print(f"svfix error: {err}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("svfix error: interrupted; the dataset being made is incomplete: make it again with --overwrite",
              file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
