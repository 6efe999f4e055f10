"""``svfix explain``: list the changes svfix would make, with their reasons."""
from __future__ import annotations

import argparse
import json
import sys

from .. import FixResult, fix_bytes
from ..archive.batch import plan, plural, read_bytes
from ..archive.report import line_columns
from ..errors import SvfixError
from .options import EXIT_OK, add_engine_options, add_stage_options, config_from, lexicon_from


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    explain = commands.add_parser("explain", help="list the changes svfix would make",
                                  description="List each change: line:column, old → new, stage, reason, confidence.")
    explain.add_argument("input", metavar="INPUT", help="a file, or - for standard input")
    explain.add_argument("--json", action="store_true", help="one JSON object per change")
    add_engine_options(explain)
    add_stage_options(explain)
    return explain


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


def run(args: argparse.Namespace) -> int:
    jobs = plan([args.input], None)
    if len(jobs) != 1:
        raise SvfixError("explain takes one file")
    job = jobs[0]
    data = sys.stdin.buffer.read() if job.source is None else read_bytes(job.source)
    result = fix_bytes(data, config_from(args), lexicon_from(args), args.encoding)
    out = _explain_lines(result, args.json, job.label)
    if out:
        print("\n".join(out))
    if not args.json:
        print(plural(len(result.changes), "change"), file=sys.stderr)
    return EXIT_OK
