#!/usr/bin/env python3
"""Batch throughput: the real ``svfix fix DIR -o OUT`` with ``--jobs 1`` and ``--jobs 2``.

    python benchmarks/batch_report.py [--files 2000] [--repeat 3] [--out benchmarks/RESULTS.md]

A folder of ``--files`` documents is cut from ``../shared/corpora`` (the test helper
``tests/batchdata.py``: ``--words`` 100 to 500 words each, two of three with stripped
diacritics). Each run is the whole command in a fresh process into an empty output
folder (start-up, lexicon loading in every worker, reading, writing, the manifest
included); the runs of the two settings alternate, and the best of ``--repeat`` is kept.
The section "## Batch" of RESULTS.md is replaced (benchmarks/run.py keeps it).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from batchdata import make_batch  # noqa: E402
from sections import replace_section  # noqa: E402


def svfix_command() -> list[str]:
    script = Path(sys.executable).parent / "svfix"
    return [str(script)] if script.exists() else [sys.executable, "-m", "svfix"]


def timed_run(source: Path, jobs: int, work: Path) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (the command and its workers) of one run."""
    out = work / f"out-{jobs}"
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*svfix_command(), "fix", str(source), "-o", str(out), "--jobs", str(jobs), "-q"], check=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def _spin(_: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(6_000_000):
        total += i
    return time.perf_counter() - start


def idle_parallelism() -> float:
    """How many times one busy loop's work two busy loops get done in the same time
    (2.0 on two free cores; less when other work shares them)."""
    from concurrent.futures import ProcessPoolExecutor

    alone = min(_spin(0) for _ in range(2))
    with ProcessPoolExecutor(2) as pool:
        start = time.perf_counter()
        list(pool.map(_spin, range(2)))
        together = time.perf_counter() - start
    return 2 * alone / together


def wait_free(seconds: float) -> float:
    """Wait up to ``seconds`` until two busy loops run side by side at full speed; return
    the last check (see :func:`idle_parallelism`)."""
    deadline = time.monotonic() + seconds
    while True:
        found = idle_parallelism()
        if found > 1.85 or time.monotonic() >= deadline:
            return found
        time.sleep(10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--words", type=int, nargs=2, default=(100, 500), metavar=("MIN", "MAX"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--wait-free", type=float, default=0, metavar="SECONDS",
                        help="before each pair of runs, wait up to this long for both cores to be free "
                             "(on a machine other work shares)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="svfix-batch-") as tmp:
        work = Path(tmp)
        paths = make_batch(work / "in", args.files, tuple(args.words))
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        times: dict[int, list[float]] = {1: [], 2: []}
        cpu: dict[int, list[float]] = {1: [], 2: []}
        timed_run(work / "in", 2, work)  # warm the file cache and the byte-code
        parallel_before = idle_parallelism()
        checks = []
        for _ in range(args.repeat):
            checks.append(wait_free(args.wait_free))
            for jobs in (1, 2):
                seconds, used = timed_run(work / "in", jobs, work)
                times[jobs].append(seconds)
                cpu[jobs].append(used)
                print(f"--jobs {jobs}: {seconds:.2f} s, {used:.2f} CPU s", file=sys.stderr)
        same = all((work / "out-1" / p.relative_to(work / "in")).read_bytes() ==
                   (work / "out-2" / p.relative_to(work / "in")).read_bytes() for p in paths)

    best = {jobs: min(values) for jobs, values in times.items()}
    parallel_after = idle_parallelism()
    speedup = best[1] / best[2]
    rows = [
        "## Batch",
        "",
        f"`python benchmarks/batch_report.py --files {args.files} --words {args.words[0]} {args.words[1]} "
        f"--repeat {args.repeat} --wait-free {args.wait_free:g}` on {os.cpu_count()} cores, which other sessions "
        "share (a check of free cores: two busy loops side by side ran at "
        f"{parallel_before:.2f}× the speed of one before the runs and {parallel_after:.2f}× after; 2.0 is two free cores): "
        f"`svfix fix DIR -o OUT` over {args.files:,} documents cut from `../shared/corpora` "
        f"({words:,} words, {megabytes:.1f} MB; tests/batchdata.py), each run a fresh process into an empty "
        "folder (start-up, a lexicon per worker, the manifest and atomic writes included), best of "
        f"{args.repeat} alternating runs. The outputs of the two runs are {'byte-identical' if same else 'DIFFERENT'}.",
        "",
        "| jobs | best time | files/s | words/s | CPU time of the best run | all runs |",
        "|---|---|---|---|---|---|",
    ]
    for jobs in (1, 2):
        used = cpu[jobs][times[jobs].index(best[jobs])]
        rows.append(f"| {jobs} | {best[jobs]:.2f} s | {args.files / best[jobs]:,.0f} | {words / best[jobs]:,.0f} | "
                    f"{used:.2f} s | {', '.join(f'{t:.2f}' for t in times[jobs])} s |")
    pairs = ", ".join(f"{one / two:.2f} (cores {check:.2f})" for one, two, check in zip(times[1], times[2], checks))
    rows += ["", f"Speed-up of `--jobs 2` over `--jobs 1` (best times): **{speedup:.2f}×** (target ≥ 1.6×); "
             f"run by run, with the free-core check just before each pair: {pairs}."]
    replace_section(Path(args.out), "Batch", rows)
    print("\n".join(rows))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
