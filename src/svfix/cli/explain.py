"""``svfix explain``: list the changes svfix would make, with their reasons.

The file is read as ``svfix fix`` reads it (ALTO, hOCR and PAGE XML detected from the
content, or named with ``--format``; the same settings), and the changes listed are
exactly the rows ``svfix fix --report`` writes for it.
"""
from __future__ import annotations

import argparse
import sys

from ..archive.batch import plan, plural, read_bytes
from ..archive.batch.work import repair
from ..archive.report import dumps
from ..errors import InputError
from .options import EXIT_OK, add_engine_options, add_format_option, add_stage_options, config_from, lexicon_from


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    explain = commands.add_parser(
        "explain", help="list the changes svfix would make",
        description="List each change svfix fix would make to one file: line:column, old → new, stage, reason, "
                    "confidence (and for ALTO, hOCR and PAGE XML the word element's ID and line). The same changes "
                    "as svfix fix --report.")
    explain.add_argument("input", metavar="INPUT", help="a file, or - for standard input")
    explain.add_argument("--json", action="store_true", help="one JSON object per change (the rows of fix --report)")
    add_format_option(explain)
    add_engine_options(explain)
    add_stage_options(explain)
    return explain


def _line(row: dict) -> str:
    text = (f"{row['line']}:{row['column']}\t{row['old']!r} → {row['new']!r}\t{row['stage']}\t{row['reason']}\t"
            f"{row['confidence']:.2f}")
    if row.get("element") or row.get("xml_line"):
        text += f"\t{row.get('element') or '-'} (XML line {row.get('xml_line')})"
    return text


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    if args.input != "-" and Path(args.input).is_dir():
        raise InputError(f"explain takes one file, and {args.input} is a folder; name one of its files "
                         "(every change of a folder: svfix fix FOLDER -o OUT_FOLDER --report CHANGES.jsonl)")
    job = plan([args.input], None)[0]
    if job.error is not None:
        raise InputError(f"{job.label}: {job.error}")
    data = sys.stdin.buffer.read() if job.source is None else read_bytes(job.source)
    _, _, rows = repair(data, job.label, "" if job.source is None else str(job.source), args.format,
                        config_from(args), lexicon_from(args), args.input_encoding)
    out = [dumps(row) if args.json else _line(row) for row in rows]
    if out:
        print("\n".join(out))
    if not args.json:
        print(plural(len(rows), "change"), file=sys.stderr)
    return EXIT_OK
