#!/usr/bin/env python3
"""First sight: what a user meets when a new process fixes a document once.

    python benchmarks/first_sight.py startup [--runs 7]
    python benchmarks/first_sight.py rss [--sizes 4,8,16]

``startup`` times, each in a new process (the median of ``--runs``):

* ``import svfix`` and the first ``svfix.fix()`` of a short sentence: CPU time of the
  process from its start to the end of the fix (interpreter start-up included), and
  the part after the interpreter is up (import + data + fix);
* ``svfix --help``: wall-clock and CPU time of the command.

``rss`` writes a document of each size (MB of text) to a temporary file and fixes it
in a new process, reporting the peak resident set size (``ru_maxrss``) and the RSS
before the fix (after reading the text and loading the data); then fixes the file with
the command, ``svfix fix FILE -o OUT`` (a long text file streams from disk to disk),
reporting its peak RSS and CPU time. The document is built
deterministically from the riksdag interpellations of ``../shared/corpora``: paragraphs
taken in order, damaged in turn (clean, stripped, OCR confusions, hard-wrapped) with
:class:`svfix.evaluation.noise.Noise`, so that its vocabulary keeps growing with its
size as a real archive's does.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
SENTENCE = "Forslag till beslut i kommunfullmaktige."

FIRST_FIX = """
import resource, time
begin = time.process_time()
import svfix
svfix.fix({sentence!r})
end = time.process_time()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(end - begin, usage.ru_utime + usage.ru_stime)
"""

FIX_FILE = """
import resource, sys, time
import svfix
text = open(sys.argv[1], encoding="utf-8").read()
svfix.Lexicon.default().load()
svfix.fix("Forslag till beslut.")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.process_time()
out = svfix.fix(text)
cpu = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(before / 1024, peak / 1024, cpu, len(text.split()))
"""


COMMAND_RSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)
"""


def _median_run(command: list[str], runs: int) -> list[float]:
    results = []
    for _ in range(runs):
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        results.append([float(x) for x in done.stdout.split()])
    return [statistics.median(column) for column in zip(*results)]


def startup(runs: int) -> dict[str, float]:
    fix_cpu, process_cpu = _median_run([sys.executable, "-c", FIRST_FIX.format(sentence=SENTENCE)], runs)
    svfix_command = str(Path(sys.executable).with_name("svfix"))
    timer = ("import resource, subprocess, sys, time\n"
             "start = time.perf_counter()\n"
             "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
             "wall = time.perf_counter() - start\n"
             "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
             "print(wall, usage.ru_utime + usage.ru_stime)\n")
    help_wall, help_cpu = _median_run([sys.executable, "-c", timer, svfix_command, "--help"], runs)
    return {"first_fix_cpu": fix_cpu, "first_fix_process_cpu": process_cpu,
            "help_wall": help_wall, "help_cpu": help_cpu}


def document(megabytes: float) -> str:
    """About ``megabytes`` million characters of damaged Swedish (see the module docstring)."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from svfix.evaluation.noise import Noise

    kinds = [Noise(), Noise(strip=1.0), Noise(strip=0.3, confusion_scale=1.0), Noise(wrap_width=72)]
    target = int(megabytes * 1_000_000)
    pieces: list[str] = []
    size = 0
    paths = sorted((SHARED / "corpora" / "riksdagen-interpellations").glob("*.txt.gz"))
    chunk: list[str] = []
    seed = 0
    while size < target:
        for path in paths:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                for line in handle:
                    line = line.strip()
                    if not line:
                        continue
                    chunk.append(line)
                    if sum(map(len, chunk)) < 20_000:
                        continue
                    piece = kinds[seed % len(kinds)].apply("\n\n".join(chunk), seed=seed)
                    chunk, seed = [], seed + 1
                    pieces.append(piece)
                    size += len(piece) + 2
                    if size >= target:
                        return "\n\n".join(pieces)
    return "\n\n".join(pieces)


def rss(sizes: list[float]) -> list[dict[str, float]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in sizes:
            path = Path(folder) / f"doc-{megabytes}.txt"
            path.write_text(document(megabytes), encoding="utf-8")
            done = subprocess.run([sys.executable, "-c", FIX_FILE, str(path)], capture_output=True, text=True,
                                  check=True)
            before, peak, cpu, words = (float(x) for x in done.stdout.split())
            command = [str(Path(sys.executable).with_name("svfix")), "fix", str(path), "-o", str(path) + ".out"]
            done = subprocess.run([sys.executable, "-c", COMMAND_RSS, *command], capture_output=True, text=True,
                                  check=True)
            command_peak, command_cpu = (float(x) for x in done.stdout.split())
            rows.append({"megabytes": megabytes, "rss_before_mb": before, "peak_rss_mb": peak, "cpu_s": cpu,
                         "words": words, "command_peak_rss_mb": command_peak, "command_cpu_s": command_cpu})
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["startup", "rss"])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", default="4,8,16", help="document sizes in MB (rss)")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if args.what == "startup":
        print(json.dumps(startup(args.runs), indent=1))
    else:
        print(json.dumps(rss([float(s) for s in args.sizes.split(",")]), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
