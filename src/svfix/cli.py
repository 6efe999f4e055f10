"""The ``svfix`` command: a thin client of the public API.

    svfix fix FILE... | DIR | -  [-o OUT] [--in-place]
    svfix explain FILE [--json]
    svfix bench PAIRS [--by-file] [--json | --csv] [--clean DIR] [--compare] [--plot FILE.png]

Errors start with ``svfix error:``, say what to do, and make the exit status non-zero.
A bad file does not stop the others; a summary names every failure.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, bench, fix_bytes
from .batch import (
    DEFAULT_INCLUDE,
    Job,
    Settings,
    default_jobs,
    describe,
    line_columns,
    output_folder,
    plan,
    read_bytes,
    read_word_list,
    run_batch,
)
from .config import PRESETS, Config
from .errors import SvfixError
from .lexicon import Lexicon
from .pipeline import FixResult

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors, in our format
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"svfix error: {message}; see svfix --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="svfix",
        description="Repair the raw text of scanned Swedish documents: encoding damage and stripped diacritics.",
    )
    parser.add_argument("--version", action="version", version=f"svfix {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--words", metavar="FILE", action="append", default=[],
                         help="a UTF-8 list of words to know and never change (local names), one per line")
        sub.add_argument("--preset", choices=sorted(PRESETS), default="default", help="named settings (default: default)")
        sub.add_argument("--min-confidence", type=float, metavar="P",
                         help="change a word only when at least this sure (0.5-1.0; default 0.85)")
        sub.add_argument("--no-diacritics", action="store_true", help="do not restore diacritics")
        sub.add_argument("--no-encoding", action="store_true", help="do not repair encoding damage")
        sub.add_argument("--no-layout", action="store_true",
                         help="do not join hyphenated words and wrapped lines, nor remove page furniture")
        sub.add_argument("--keep-lines", action="store_true",
                         help="keep every line break (hyphenated words are still joined, on the upper line)")
        sub.add_argument("--keep-furniture", action="store_true",
                         help="keep running headers, footers, page numbers and form feeds")
        sub.add_argument("--encoding", metavar="NAME", help="decode inputs with this encoding instead of detecting it")

    fix = commands.add_parser("fix", help="write repaired text", description="Repair files, folders or standard input.")
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
    fix.add_argument("--format", choices=("txt", "alto", "hocr", "page"),
                     help="input format (default: detected from each file's content)")
    fix.add_argument("--report", metavar="FILE", help="write every change as a JSON line (file, line, column, old, new, "
                                                      "stage, reason, confidence)")
    fix.add_argument("--html", metavar="FILE", help="write a review page: the corrected text with every change highlighted")
    fix.add_argument("--force", action="store_true", help="redo files the output folder's manifest says are done")
    fix.add_argument("--dask", metavar="SCHEDULER",
                     help="run on a Dask cluster: a scheduler address (tcp://host:8786), or 'local' "
                          "(needs pip install 'svfix[dask]')")
    common(fix)

    explain = commands.add_parser("explain", help="list the changes svfix would make",
                                  description="List each change: line:column, old → new, stage, reason, confidence.")
    explain.add_argument("input", metavar="INPUT", help="a file, or - for standard input")
    explain.add_argument("--json", action="store_true", help="one JSON object per change")
    common(explain)
    bench.add_parser(commands)
    return parser


def _config(args: argparse.Namespace) -> Config:
    config = Config.preset(args.preset)
    changes: dict[str, object] = {}
    if args.min_confidence is not None:
        changes["min_confidence"] = args.min_confidence
    if args.no_diacritics:
        changes["diacritics"] = False
    if args.no_encoding:
        changes["encoding"] = False
    if args.no_layout:
        changes["layout"] = False
    if args.keep_lines:
        changes["keep_lines"] = True
    if args.keep_furniture:
        changes["keep_furniture"] = True
    return config.with_changes(**changes) if changes else config


def _lexicon(args: argparse.Namespace) -> Lexicon:
    lexicon = Lexicon.default()
    for path in args.words:
        lexicon = Lexicon.from_file(path, words=lexicon.user_words)
    return lexicon


def _read(job: Job) -> bytes:
    if job.source is None:
        return sys.stdin.buffer.read()
    return read_bytes(job.source)


def _fail(message: str) -> None:
    print(f"svfix error: {message}", file=sys.stderr)


def run_fix(args: argparse.Namespace) -> int:
    from .formats import suffixes

    if args.jobs is not None and args.jobs < 1:
        raise SvfixError("--jobs must be at least 1")
    include = args.include or (DEFAULT_INCLUDE if args.format == "txt" else suffixes(args.format))
    jobs = plan(args.inputs, args.output, args.in_place, include, args.exclude)
    words: list[str] = []
    for path in args.words:
        words.extend(read_word_list(path))
    settings = Settings(config=_config(args), words=tuple(words), format=args.format, encoding=args.encoding,
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
            _fail(f"{len(summary.failures)} of {len(jobs)} inputs failed: {names}")
        return EXIT_FAILED
    return EXIT_OK


def _say_done(outcome) -> None:
    """The line a single file's run prints (not for standard output)."""
    if outcome.status == "ok" and outcome.entry is None and outcome.output is None:
        note = f" (decoded as {outcome.encoding})" if outcome.encoding not in ("utf-8", None) else ""
        print(f"{outcome.label}: {outcome.changes} changes{note}", file=sys.stderr)


def _explain_lines(result: FixResult, as_json: bool, label: str) -> list[str]:
    positions = line_columns(result.original, [c.start for c in result.changes])
    lines = []
    for change, (line, column) in zip(result.changes, positions):
        if as_json:
            lines.append(json.dumps({
                "file": label, "line": line, "column": column, "start": change.start, "end": change.end,
                "old": change.old, "new": change.new, "stage": change.stage, "reason": change.reason,
                "confidence": round(change.confidence, 4),
            }, ensure_ascii=False))
        else:
            lines.append(f"{line}:{column}\t{change.old!r} → {change.new!r}\t{change.stage}\t"
                         f"{change.reason}\t{change.confidence:.2f}")
    return lines


def run_explain(args: argparse.Namespace) -> int:
    jobs = plan([args.input], None)
    if len(jobs) != 1:
        raise SvfixError("explain takes one file")
    result = fix_bytes(_read(jobs[0]), _config(args), _lexicon(args), args.encoding)
    out = _explain_lines(result, args.json, jobs[0].label)
    if out:
        print("\n".join(out))
    if not args.json:
        print(f"{len(result.changes)} changes", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "fix":
            return run_fix(args)
        if args.command == "bench":
            return bench.run(args)
        return run_explain(args)
    except SvfixError as err:
        _fail(str(err))
        return EXIT_FAILED
    except KeyboardInterrupt:
        _fail("interrupted; outputs already written are complete, the rest were not written")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
