#!/usr/bin/env python3
"""ALTO at scale: time and peak memory of ``svfix fix`` on one ALTO file of a million words.

    python benchmarks/alto_scale.py [--words 1000000] [--words 200000 ...] [--keep DIR]

Each size is one ALTO 4 file written by ``tests/ocrxml.py``'s ``large_alto`` (the
committed official prose over and over, ten words a line, twenty lines a block, about
105 bytes a ``String``; in two lines of three a seeded half of the words lose their
diacritics), repaired by the real command (``svfix fix FILE -o OUT``) in a fresh
process. Time is wall-clock time from start to exit, start-up (about 0.6 s) included;
peak memory is that process's maximum resident set size (``wait4``'s ``ru_maxrss``).

Targets (issue 16): a million words in under 2 minutes and under 1 GB. Exit status 1
when a size of a million words or more misses them. Linearity at smaller sizes is
checked in tests/test_archive_scale.py.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import ocrxml  # noqa: E402

TARGET_SECONDS, TARGET_MB = 120, 1024


def svfix_command() -> list[str]:
    script = Path(sys.executable).parent / "svfix"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from svfix.cli import main; sys.exit(main())"]


def measure(words: int, folder: Path) -> dict:
    source = folder / f"alto-{words}.xml"
    source.write_bytes(ocrxml.large_alto(words))
    target = folder / f"alto-{words}.fixed.xml"
    started = time.perf_counter()
    process = subprocess.Popen([*svfix_command(), "fix", str(source), "-o", str(target)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    err = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"svfix failed on {source}: {err}")
    return {"words": words, "mb": source.stat().st_size / 1e6, "seconds": seconds,
            "peak_mb": usage.ru_maxrss / 1024, "changes": err.strip().rsplit(": ", 1)[-1]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, action="append", help="words in the file (default: 1,000,000)")
    parser.add_argument("--keep", metavar="DIR", help="keep the files in DIR")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="svfix-alto-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    failed = False
    print("| words | file | time | peak RSS | changes |")
    print("|---|---|---|---|---|")
    try:
        for words in args.words or [1_000_000]:
            row = measure(words, folder)
            print(f"| {row['words']:,} | {row['mb']:.0f} MB | {row['seconds']:.1f} s | {row['peak_mb']:,.0f} MB | "
                  f"{row['changes']} |", flush=True)
            if words >= 1_000_000 and (row["seconds"] >= TARGET_SECONDS or row["peak_mb"] >= TARGET_MB):
                print(f"missed: {TARGET_SECONDS} s and {TARGET_MB} MB for a million words", file=sys.stderr)
                failed = True
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
