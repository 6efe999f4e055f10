"""``svfix fix``: repair files, folders or standard input."""
from __future__ import annotations

import argparse
import dataclasses
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..archive.batch import (
    DEFAULT_INCLUDE,
    Job,
    Settings,
    default_jobs,
    describe,
    output_folder,
    plan,
    plural,
    read_word_list,
    readable,
    refuse_outputs_on_inputs,
    run_batch,
)
from ..archive.batch.work import Outcome
from ..errors import InputError, SvfixError
from .options import EXIT_FAILED, EXIT_OK, add_engine_options, add_format_option, add_stage_options, config_from, fail

if TYPE_CHECKING:
    from ..archive.formats import ScanOptions


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    fix = commands.add_parser(
        "fix", help="write repaired text", description="Repair files, folders or standard input.",
        epilog="Every input is attempted; one that cannot be taken (missing, binary, undecodable, a FIFO or device, "
               "a link out of its folder or to a folder, an unreadable folder, a folder holding no file svfix reads) "
               "gets an 'svfix error:' line and the others go on. Exit status: 0 when every input was done, 1 when "
               "any failed (or there was nothing to read), 2 for a usage error, 130 when interrupted.",
    )
    fix.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, or - for standard input")
    fix.add_argument("-o", "--output", metavar="OUT", help="output file, or folder (mirrors the input tree)")
    fix.add_argument("--in-place", action="store_true", help="overwrite each input with its repaired text")
    fix.add_argument("--include", action="append", metavar="GLOB",
                     help="files a folder contributes (default: *.txt *.md *.text *.xml *.alto *.hocr *.pdf; with --format: "
                          f"txt {' '.join(DEFAULT_INCLUDE)}, alto *.xml *.alto, page *.xml, hocr *.hocr *.html *.xhtml; "
                          "with --ocr also *.png *.jpg *.jpeg *.tif *.tiff)")
    fix.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="files to skip in folders")
    fix.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors (no progress bar)")
    fix.add_argument("-j", "--jobs", type=int, metavar="N",
                     help=f"worker processes (default: every core, here {default_jobs()}; 1: in this process)")
    add_format_option(fix, "input format (default: detected from each file's content: text, ALTO, hOCR, PAGE, PDF); "
                           "with --ocr, what scanned pages are written as: txt (default), hocr or alto")
    fix.add_argument("--ocr", dest="run_ocr", action="store_true",
                     help="read PDFs without a text layer and images (PNG, JPEG, TIFF) with Tesseract, then correct "
                          "its output using its word confidences (needs tesseract-ocr and the language's model)")
    fix.add_argument("--ocr-lang", default="swe", metavar="LANG",
                     help="Tesseract's language for --ocr: swe (default), eng, swe+eng, ...")
    fix.add_argument("--report", metavar="FILE", help="write every change as a JSON line (file, line, column, old, new, "
                                                      "stage, reason, confidence)")
    fix.add_argument("--html", metavar="FILE", help="write a review page: the corrected text with every change highlighted")
    fix.add_argument("--force", action="store_true", help="redo files the output folder's manifest says are done")
    fix.add_argument("--dask", metavar="SCHEDULER",
                     help="run on a Dask cluster: a scheduler address (tcp://host:8786), or 'local' "
                          "(needs pip install 'svfix[dask]')")
    add_engine_options(fix)
    add_stage_options(fix)
    return fix


def run(args: argparse.Namespace) -> int:
    from ..archive.formats import SCAN_SUFFIXES, ScanOptions, suffixes

    if args.jobs is not None and args.jobs < 1:
        raise SvfixError("--jobs must be at least 1")
    if args.run_ocr:
        if args.format == "page":
            raise SvfixError("--ocr writes txt, hocr or alto; --format page is not one of them")
        include = args.include or suffixes(None) + SCAN_SUFFIXES[1:]
    else:
        include = args.include or (DEFAULT_INCLUDE if args.format == "txt" else suffixes(args.format))
    jobs = plan(args.inputs, args.output, args.in_place, include, args.exclude)
    words: list[str] = []
    for path in args.words:
        words.extend(read_word_list(path))
    scan = ScanOptions(ocr=args.run_ocr, lang=args.ocr_lang, output=(args.format or "txt") if args.run_ocr else "txt",
                       progress=not args.quiet and sys.stderr.isatty() and len(jobs) == 1)
    jobs = scan_targets(jobs, args.output, args.in_place, scan)
    settings = Settings(config=config_from(args), words=tuple(words), format=None if args.run_ocr else args.format,
                        encoding=args.input_encoding, force=args.force, scan=scan)
    folder = output_folder(jobs, args.output)
    summary = run_batch(
        jobs, settings, folder=folder, workers=args.jobs, dask=args.dask,
        report_path=Path(args.report) if args.report else None, html_path=Path(args.html) if args.html else None,
        progress=not args.quiet and sys.stderr.isatty() and len(jobs) > 1,
        on_outcome=None if args.quiet or len(jobs) > 1 else _say_done,
    )
    if not args.quiet and len(jobs) > 1:
        print(describe(summary), file=sys.stderr)
    if summary.failures:
        if len(jobs) > 1:
            names = ", ".join(label for label, _ in summary.failures)
            fail(f"{len(summary.failures)} of {plural(len(jobs), 'input')} failed: {names}")
        return EXIT_FAILED
    return EXIT_OK


def scan_targets(jobs: Sequence[Job], output: str | None, in_place: bool, scan: ScanOptions) -> list[Job]:
    """The jobs with each PDF's or image's output named for what is written: a folder's
    ``scan.pdf`` becomes ``scan.txt`` (``scan.hocr``, ``scan.alto.xml`` with --ocr
    --format); an output file named on the command line keeps its name. A PDF is never
    written over (with --in-place it fails, the other inputs go on), and no renamed output
    lands on an input or on another output."""
    from ..archive.formats import sniff

    result: list[Job] = []
    seen: dict[Path, Path] = {}
    renamed = False
    for job in jobs:
        kind = _kind_of(job.source, sniff) if job.source is not None and job.error is None else None
        if kind is not None and job.target is not None:
            if job.source == job.target:  # --in-place: this input fails, the others go on
                result.append(dataclasses.replace(job, target=None, error=(
                    f"a {kind}: svfix writes its corrected text, not a {kind}, so not in place; give -o OUT_FOLDER "
                    "(for a corrected searchable PDF: ocrmypdf --plugin svfix.ocrmypdf)")))
                continue
            if output is None or job.target != Path(output):
                job = dataclasses.replace(job, target=job.target.with_name(job.target.stem + OUTPUT_SUFFIX[scan.output]))
                renamed = True
        if job.target is not None and job.error is None:
            if job.target in seen:
                raise InputError(f"{readable(seen[job.target])} and {readable(job.source or job.target)} would both be "
                                 f"written to {readable(job.target)}; give them separate runs (or --exclude one)")
            seen[job.target] = job.source or job.target
        result.append(job)
    if renamed and not in_place:
        refuse_outputs_on_inputs(result)
    return result


#: The suffix of a scan's output, by what it is written as.
OUTPUT_SUFFIX = {"txt": ".txt", "hocr": ".hocr", "alto": ".alto.xml"}


def _kind_of(path: Path, sniff) -> str | None:
    """``PDF`` or an image's kind, from the first bytes of a regular file (None: anything
    else; a FIFO or device is not opened in a way that waits on it, and is left to the
    batch, which reports it)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        found = sniff(os.read(fd, 1024))
    except OSError:
        return None
    finally:
        os.close(fd)
    return found[1] if found else None


def _say_done(outcome: Outcome) -> None:
    """The line a single file's run prints (not for standard output)."""
    if outcome.status == "ok" and outcome.entry is None and outcome.output is None:
        note = f" (decoded as {outcome.encoding})" if outcome.encoding not in ("utf-8", None) else ""
        print(f"{outcome.label}: {plural(outcome.changes, 'change')}{note}", file=sys.stderr)
