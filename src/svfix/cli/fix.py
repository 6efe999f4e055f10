"""``svfix fix``: repair files, folders or standard input."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..archive.batch import (
    DEFAULT_INCLUDE,
    Settings,
    default_jobs,
    describe,
    output_folder,
    plan,
    plural,
    read_word_list,
    run_batch,
)
from ..archive.batch.work import Outcome
from ..errors import SvfixError
from .options import EXIT_FAILED, EXIT_OK, add_engine_options, add_format_option, add_stage_options, config_from, fail


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
                     help="files a folder contributes (default: *.txt *.md *.text *.xml *.alto *.hocr; with --format: "
                          f"txt {' '.join(DEFAULT_INCLUDE)}, alto *.xml *.alto, page *.xml, hocr *.hocr *.html *.xhtml)")
    fix.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="files to skip in folders")
    fix.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors (no progress bar)")
    fix.add_argument("-j", "--jobs", type=int, metavar="N",
                     help=f"worker processes (default: every core, here {default_jobs()}; 1: in this process)")
    add_format_option(fix)
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
    from ..archive.formats import suffixes

    if args.jobs is not None and args.jobs < 1:
        raise SvfixError("--jobs must be at least 1")
    include = args.include or (DEFAULT_INCLUDE if args.format == "txt" else suffixes(args.format))
    jobs = plan(args.inputs, args.output, args.in_place, include, args.exclude)
    words: list[str] = []
    for path in args.words:
        words.extend(read_word_list(path))
    settings = Settings(config=config_from(args), words=tuple(words), format=args.format, encoding=args.encoding,
                        force=args.force)
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


def _say_done(outcome: Outcome) -> None:
    """The line a single file's run prints (not for standard output)."""
    if outcome.status == "ok" and outcome.entry is None and outcome.output is None:
        note = f" (decoded as {outcome.encoding})" if outcome.encoding not in ("utf-8", None) else ""
        print(f"{outcome.label}: {plural(outcome.changes, 'change')}{note}", file=sys.stderr)
