#!/usr/bin/env python3
"""Peers side by side: svfix and every baseline on every synthetic set and on the
development sets, in one process on the same texts; writes the "Peers" section of
benchmarks/RESULTS.md.

    pip install -e '.[bench]'
    python benchmarks/sets.py
    python benchmarks/peers.py [--shared ../shared] [--sets benchmarks/sets] [--sample-words 500]

The peers are those of :mod:`svfix.evaluation.baselines` (identity, ftfy, most-frequent-form,
symspell, hunspell). Hunspell through spylls needs about a second per unknown word, so
it runs on a sample of about ``--sample-words`` words of each set (pieces cut at
paragraphs, spread through the set), and svfix is scored on the same sample in a row
of its own. Everything is scored with :mod:`svfix.evaluation.metrics` through :mod:`svfix.evaluation.bench`,
the code of ``svfix bench``. Harm on correct text: the gold side of the synthetic sets
(the held-out documents), and ``../shared/dev/clean.txt`` with ``../shared/examples/clean``.
"""
from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

import sets as synthetic  # noqa: E402
from run import machine  # noqa: E402
from sections import replace_section  # noqa: E402

import svfix  # noqa: E402
from svfix.evaluation import baselines  # noqa: E402
from svfix.evaluation.bench import Pair, SystemResult, clean_harm, compare, plot, read_clean, read_pairs, sample  # noqa: E402

DEV_SETS = ("stripped", "ocr", "layout", "encoding")


def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.2f}%"


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{head}{' with uncommitted changes in the working tree' if dirty else ''}"


def benchmark_sets(shared: Path, sets_dir: Path) -> dict[str, list[Pair]]:
    """Every synthetic set (built first when missing) and every development set."""
    missing = [name for name in synthetic.SETS if not (sets_dir / name / "manifest.json").exists()]
    if missing:
        synthetic.build(shared, sets_dir, 2000, missing)
    found: dict[str, list[Pair]] = {}
    for name in synthetic.SETS:
        pairs, problems = read_pairs(sets_dir / name)
        if problems:
            raise SystemExit(f"peers: {sets_dir / name}: {problems[0]}; rebuild with python benchmarks/sets.py")
        found[f"synthetic {name}"] = pairs
    for name in DEV_SETS:
        source, gold = shared / "dev" / f"{name}.input.txt", shared / "dev" / f"{name}.gold.txt"
        if source.exists():
            found[f"dev {name}"] = [Pair(name, source.read_text(encoding="utf-8"), gold.read_text(encoding="utf-8"))]
    return found


def clean_texts(shared: Path, sets_dir: Path) -> dict[str, list[Pair]]:
    held_out, _ = read_clean(sets_dir / "stripped")
    dev = [shared / "dev" / "clean.txt", *sorted((shared / "examples" / "clean").glob("*"))]
    return {
        "held-out documents (gold of the synthetic sets)": held_out,
        "dev clean.txt + examples/clean": [
            Pair(p.name, text, text) for p in dev if p.is_file() for text in [p.read_text(encoding="utf-8")]
        ],
    }


def systems() -> dict:
    absent = baselines.missing()
    if absent:
        raise SystemExit(f"peers: {', '.join(absent)} not installed: pip install -e '.[bench]'")
    found = {}
    for name in baselines.PEERS:
        start = time.perf_counter()
        found[name] = baselines.make(name)
        print(f"peers: {name} ready in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    found["svfix"] = svfix.fix
    return found


def pct3(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.3f}%"


def as_data(result: SystemResult) -> dict:
    """What the section shows of one system on one set, as plain data (JSON)."""
    return {"system": result.name, "sample": result.sample, **result.totals.to_dict()}


def quality_rows(name: str, results: list[dict]) -> list[str]:
    rows = []
    for r in results:
        system = f"{r['system']} † ({r['words']:,} words)" if r["sample"] else r["system"]
        speed = "—" if r["system"] == "identity" else f"{r['words_per_second']:,.0f}"
        rows.append(
            f"| {name} | {system} | {pct(r['wer_before'])} | {pct(r['wer_after'])} | {pct(r['wer_reduction'])} | "
            f"{pct(r['cer_reduction'])} | {pct(r['precision'])} | {pct(r['recall'])} | {pct3(r['harm'])} | {speed} |"
        )
    return rows


def summary_row(name: str, results: list[dict]) -> str:
    by_name = {r["system"]: r for r in results}
    ours = by_name["svfix"]
    rivals = [r for r in results if r["system"] not in ("svfix", "identity") and not r["sample"]]
    best = max(rivals, key=lambda r: r["wer_reduction"] or -1e9)
    sampled = [r for r in results if r["sample"] and r["system"] != "svfix (same sample)"]
    same = by_name.get("svfix (same sample)")
    more = (ours["wer_reduction"] or 0) > (best["wer_reduction"] or 0)
    safer = (ours["harm"] or 0) <= (best["harm"] or 0)
    verdict = "yes" if more and safer else "**no**: " + ("less reduction" if not more else "more harm")
    slow = "; ".join(
        f"{r['system']} {pct(r['wer_reduction'])} vs svfix {pct(same['wer_reduction']) if same else '—'}" for r in sampled
    )

    def harm(r: dict) -> str:
        return f"{pct3(r['harm'])} ({r['harmed']:,} of {r['fine']:,})"

    return (
        f"| {name} | {pct(ours['wer_reduction'])} | {harm(ours)} | {best['system']} | {pct(best['wer_reduction'])} | "
        f"{harm(best)} | {verdict} | {slow} |"
    )


def measure(args: argparse.Namespace) -> dict:
    shared, sets_dir = Path(args.shared), Path(args.sets)
    started = time.perf_counter()
    all_sets = benchmark_sets(shared, sets_dir)
    if args.limit:
        all_sets = {name: pairs[: args.limit] for name, pairs in all_sets.items()}
    peers = systems()
    slow = set(baselines.SLOW)
    results: dict[str, list[dict]] = {}
    for name, pairs in all_sets.items():
        start = time.perf_counter()
        found = compare(pairs, peers, slow=slow, sample_words=args.sample_words)
        results[name] = [as_data(r) for r in found]
        print(f"peers: {name} done in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        if args.plots:
            Path(args.plots).mkdir(parents=True, exist_ok=True)
            plot(found, Path(args.plots) / f"{name.replace(' ', '-')}.png", name)
    harm: dict[str, dict[str, dict]] = {}
    for label, texts in clean_texts(shared, sets_dir).items():
        harm[label] = {}
        for system, fixer in peers.items():
            is_slow = system in slow
            found = clean_harm(fixer, sample(texts, args.sample_words) if is_slow else texts)
            harm[label][system] = {"tokens": found.tokens, "harmed": found.harmed, "sample": is_slow}
        print(f"peers: harm on {label} done", file=sys.stderr)
    return {
        "date": datetime.date.today().isoformat(), "machine": machine(), "version": svfix.__version__,
        "commit": commit(), "sample_words": args.sample_words, "minutes": (time.perf_counter() - started) / 60,
        "command": "pip install -e '.[bench]' && python benchmarks/sets.py && "
                   f"python benchmarks/peers.py --sample-words {args.sample_words}",
        "results": results, "harm": harm,
    }


def render(m: dict) -> list[str]:
    results, harm = m["results"], m["harm"]
    lines = [
        "## Peers",
        "",
        f"- date: {m['date']}; machine: {m['machine']}; svfix {m['version']} at commit {m['commit']}",
        f"- command: `{m['command']}` ({m['minutes']:.0f} minutes)",
        "- sets: the five synthetic sets of `benchmarks/SETS.md` (held-out text, seeded noise) and the four",
        "  development sets of `../shared/dev`; scored with `svfix.evaluation.metrics` through `svfix.evaluation.bench`",
        "- peers (`svfix.evaluation.baselines`): " + "; ".join(f"**{k}**: {v}" for k, v in baselines.PEERS.items()),
        f"- † Hunspell (spylls) needs about a second per unknown word: it runs on a sample of about "
        f"{m['sample_words']:,} words of each set (pieces cut at paragraphs, spread through the set), and "
        "svfix is scored on the same sample in the row below it (`svfix (same sample)`).",
        "- harm: tokens that needed no change but were changed, among the set's tokens; words/s: in this process,",
        "  after a warm-up, on a shared 2-core machine (compare the ratios, not the absolute numbers)",
        "",
        "### svfix against the best peer",
        "",
        "The best peer on the whole set by WER reduction (identity aside); \"ahead\" means svfix reduces WER more",
        "at equal or lower harm. The last column compares Hunspell with svfix on Hunspell's sample.",
        "",
        "| set | svfix WER reduction | svfix harm | best peer | its WER reduction | its harm | svfix ahead | on the sample |",
        "|---|---|---|---|---|---|---|---|",
        *[summary_row(name, rs) for name, rs in results.items()],
        "",
        "### Every system on every set",
        "",
        "| set | system | WER before | WER after | WER reduction | CER reduction | edit precision | edit recall | harm "
        "| words/s |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *[row for name, rs in results.items() for row in quality_rows(name, rs)],
        "",
        "### Harm on correct text",
        "",
        "Words changed in text that needs no change († on a sample).",
        "",
        "| system | " + " | ".join(harm) + " |",
        "|---|" + "---|" * len(harm),
    ]
    for system in next(iter(harm.values())):
        cells = []
        for label in harm:
            found = harm[label][system]
            rate = found["harmed"] / found["tokens"] if found["tokens"] else None
            cells.append(f"{pct3(rate)} ({found['harmed']:,} of {found['tokens']:,}){' †' if found['sample'] else ''}")
        lines.append(f"| {system} | " + " | ".join(cells) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--sets", default=str(HERE / "sets"))
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--sample-words", type=int, default=500, help="words of the sample slow peers run on")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N pairs of each set (a quick check)")
    parser.add_argument("--plots", metavar="DIR", help="also draw error before vs after per document, one PNG per set")
    parser.add_argument("--json", metavar="FILE", help="also write the measurements as JSON")
    parser.add_argument("--from-json", metavar="FILE", help="write the section from measurements saved with --json")
    args = parser.parse_args(argv)
    if args.from_json:
        measured = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
    else:
        measured = measure(args)
    if args.json:
        Path(args.json).write_text(json.dumps(measured, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    replace_section(Path(args.out), "Peers", render(measured))
    print(f"peers: wrote the Peers section of {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
