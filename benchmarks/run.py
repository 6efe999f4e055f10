#!/usr/bin/env python3
"""Run svfix and its baselines on the public development sets; write RESULTS.md.

    python benchmarks/run.py [--shared ../shared] [--out benchmarks/RESULTS.md] [--repeat 5]

For each set in ``../shared/dev`` (``<set>.input.txt`` with ``<set>.gold.txt``) every
system is scored with ``svfix.evaluation.metrics`` (the definitions of the project's reference
scorer). Harm is measured on ``../shared/dev/clean.txt`` and ``../shared/examples/clean``.

Throughput is words per second in this process after a warm-up, the best of
``--repeat`` runs, measured beside bare regex tokenisation and ``ftfy.fix_text`` on the
same text in the same run (the runs alternating), so that numbers from different machines compare as ratios.
Start-up (first ``fix()`` in a fresh process, lexicon loading included) and peak memory
(maximum resident set size of a fresh process that fixes the clean set) are measured in
subprocesses.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

import confusion_report  # noqa: E402
import layout_report  # noqa: E402
import real_ocr  # noqa: E402
from sections import kept_sections  # noqa: E402

import svfix  # noqa: E402
from svfix.evaluation import baselines  # noqa: E402
from svfix.evaluation.metrics import score, words  # noqa: E402

SETS = ("stripped", "ocr", "layout", "encoding")
TOKEN = re.compile(r"\w+")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def best_times(functions, text: str, repeat: int) -> list[float]:
    """The best time of each function on ``text``, the runs alternating between them, so
    that on a machine other work shares each sees the same moments of load."""
    for function in functions:
        function(text)  # warm-up
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for function, spent in zip(functions, times):
            start = time.perf_counter()
            function(text)
            spent.append(time.perf_counter() - start)
    return [min(spent) for spent in times]


def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.2f}%"


def quality(shared: Path, systems: dict) -> list[str]:
    dev = shared / "dev"
    rows = [
        "| set | system | WER before | WER after | WER reduction | CER reduction | edit precision | edit recall | harm |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in SETS:
        source, gold_path = dev / f"{name}.input.txt", dev / f"{name}.gold.txt"
        if not source.exists():
            continue
        text, gold = source.read_text(encoding="utf-8"), gold_path.read_text(encoding="utf-8")
        for system, function in systems.items():
            s = score(text, function(text), gold)
            rows.append(
                f"| {name} | {system} | {pct(s.wer_in)} | {pct(s.wer_out)} | {pct(s.wer_reduction)} | "
                f"{pct(s.cer_reduction)} | {pct(s.precision)} | {pct(s.recall)} | {pct(s.harm)} |"
            )
        print(f"quality: {name} done", file=sys.stderr)
    return rows


def harm(shared: Path, systems: dict) -> list[str]:
    documents = [shared / "dev" / "clean.txt", *sorted((shared / "examples" / "clean").glob("*"))]
    rows = ["| system | words | words changed | harm |", "|---|---|---|---|"]
    for system, function in systems.items():
        total = changed = 0
        for path in documents:
            text = path.read_text(encoding="utf-8")
            s = score(text, function(text), text)
            total += s.words
            changed += s.edits_made
        rows.append(f"| {system} | {total:,} | {changed} | {100 * changed / max(total, 1):.3f}% |")
    return rows


def throughput(shared: Path, repeat: int) -> list[str]:
    dev = shared / "dev"
    texts = {"clean": dev / "clean.txt"} | {name: dev / f"{name}.input.txt" for name in SETS}
    rows = [
        "| text | words | regex tokenisation, words/s | ftfy.fix_text, words/s | svfix.fix, words/s | svfix / ftfy |",
        "|---|---|---|---|---|---|",
    ]
    for name, path in texts.items():
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        n = len(words(text))
        t_regex, t_ftfy, t_svfix = best_times((TOKEN.findall, baselines.ftfy_fix, svfix.fix), text, repeat)
        rows.append(f"| {name} | {n:,} | {n / t_regex:,.0f} | {n / t_ftfy:,.0f} | {n / t_svfix:,.0f} | {t_ftfy / t_svfix:.2f} |")
        print(f"throughput: {name} done", file=sys.stderr)
    return rows


STARTUP = """
import time
start = time.perf_counter()
import svfix
svfix.fix("Forslag till beslut i kommunfullmaktige om jamstalldhet.")
print(time.perf_counter() - start)
"""

LM_LOAD = """
import time
from svfix.resources.lexicon import Lexicon
from svfix.resources.lm import NgramModel
lexicon = Lexicon.default().load()
start = time.perf_counter()
NgramModel(lexicon)
print(time.perf_counter() - start)
"""

MEMORY = """
import resource, sys
import svfix
svfix.fix(open(sys.argv[1], encoding="utf-8").read())
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def fresh_process(code: str, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def startup_and_memory(shared: Path) -> list[str]:
    startup = [fresh_process(STARTUP) for _ in range(5)]
    lm_load = [fresh_process(LM_LOAD) for _ in range(3)]
    memory = fresh_process(MEMORY, str(shared / "dev" / "clean.txt"))
    lm_size = (ROOT / "data" / "lexicon" / "bigrams.txt.gz").stat().st_size / 1e6
    return [
        "| measure | value | target |",
        "|---|---|---|",
        f"| first `fix()` in a fresh process (import + lexicon + fix), median of 5 "
        f"| {statistics.median(startup):.2f} s | < 1.0 s |",
        f"| peak memory (max RSS) of a fresh process fixing the clean set | {memory:.0f} MB | < 300 MB |",
        f"| bigram model on disk (data/lexicon/bigrams.txt.gz) | {lm_size:.1f} MB | ≤ 25 MB |",
        f"| bigram model load, median of 3 fresh processes | {statistics.median(lm_load):.2f} s | < 1 s |",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    shared = Path(args.shared)
    systems = {
        "identity": baselines.identity,
        "ftfy": baselines.ftfy_fix,
        "most-frequent-form": baselines.most_frequent_form(),
        "svfix": svfix.fix,
    }
    svfix.fix("Forslag till beslut")  # load the lexicon before anything is timed
    sections = [
        "# svfix benchmark results",
        "",
        f"- date: {datetime.date.today().isoformat()}",
        f"- machine: {machine()}",
        f"- svfix {svfix.__version__}; command: `python benchmarks/run.py --repeat {args.repeat}`",
        "- data: the public development sets in `../shared/dev` (see `../shared/dev/sets.json`); "
        "svfix never trains on them",
        "",
        "## Quality on the development sets",
        "",
        "WER and CER as in `svfix.evaluation.metrics` (the reference scorer's definitions). Edit precision: the share of",
        "svfix's word changes that match the gold; recall: the share of needed changes made; harm: words",
        "that needed no change but were changed.",
        "",
        *quality(shared, systems),
        "",
        "## Real-word ambiguities in context",
        "",
        "The 20 most frequent ambiguous skeletons of `../shared/dev/stripped` (at least two readings that",
        "are words in common use), and how often each is right when every word is decided by its own",
        "frequency (`Config(context=False)`) and with the bigram model in context (the default).",
        "(`min` does not occur in this set; `tests/cases/context.jsonl` covers `min`/`män`.)",
        "",
        *confusion_report.table(shared, 20)[0],
        "",
        "## Harm on correct text",
        "",
        "`../shared/dev/clean.txt` and `../shared/examples/clean/*`: words changed in text that needs no change.",
        "",
        *harm(shared, systems),
        "",
        "## Throughput",
        "",
        f"Words per second in one process after a warm-up, best of {args.repeat} runs, on the same text in",
        "the same run, the runs of the three alternating. The last column is the ratio of svfix's",
        "throughput to ftfy's (1.0 = as fast).",
        "",
        *throughput(shared, args.repeat),
        "",
        "## Start-up and memory",
        "",
        *startup_and_memory(shared),
        "",
        *layout_report.section(shared),
        "",
        "## Real OCR without gold",
        "",
        *real_ocr.section(shared),
        "",
    ]
    sections += kept_sections(Path(args.out))  # the Peers (peers.py) and Cost (cost.py) sections
    sections += kept_sections(Path(args.out), ("Batch", "Properties"))  # batch.py's and properties.py's
    Path(args.out).write_text("\n".join(sections), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
