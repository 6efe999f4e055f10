"""Per-confusion report: the most frequent ambiguous skeletons of a stripped set, and how
often svfix gets each right without context (unigram) and with context (bigram).

    python benchmarks/confusion_report.py [--shared ../shared] [--top 20]

A skeleton is *ambiguous* when at least two of its readings, plain or with diacritics,
are words in common use (``har``/``här``, ``for``/``för``, ``ar``/``är``/``år``). Tokens are aligned one to one
(the stripped set keeps the token sequence of its gold).
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

import svfix  # noqa: E402
from svfix.evaluation.metrics import words  # noqa: E402
from svfix.resources.lexicon import Lexicon, skeleton  # noqa: E402

#: Both readings must be at least this frequent (zipf) for a skeleton to count as ambiguous.
MIN_READING_ZIPF = 3.0


def ambiguous(key: str, lexicon: Lexicon) -> bool:
    """Can this plain word be read as two real words, both in common use?"""
    if skeleton(key) != key:
        return False
    readings = [key] + list(lexicon.variants(key))
    return sum(1 for form in readings if lexicon.is_word(form) and lexicon.zipf(form) >= MIN_READING_ZIPF) >= 2


def table(shared: Path, top: int) -> tuple[list[str], dict[str, tuple[int, int, int]]]:
    dev = shared / "dev"
    text = (dev / "stripped.input.txt").read_text(encoding="utf-8")
    gold = words((dev / "stripped.gold.txt").read_text(encoding="utf-8"))
    source = words(text)
    outputs = {
        "unigram": words(svfix.fix(text, svfix.Config(context=False))),
        "context": words(svfix.fix(text)),
    }
    assert len(source) == len(gold) == len(outputs["unigram"]) == len(outputs["context"])
    lexicon = Lexicon.default()
    totals: collections.Counter = collections.Counter()
    right = {name: collections.Counter() for name in outputs}
    readings: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for k, token in enumerate(source):
        key = token.lower()
        if not ambiguous(key, lexicon):
            continue
        totals[key] += 1
        readings[key][gold[k].lower()] += 1
        for name, out in outputs.items():
            right[name][key] += out[k] == gold[k]
    rows = [
        "| skeleton | tokens | gold readings | right without context | right with context |",
        "|---|---|---|---|---|",
    ]
    stats = {}
    for key, n in totals.most_common(top):
        uni, ctx = right["unigram"][key], right["context"][key]
        stats[key] = (n, uni, ctx)
        forms = ", ".join(f"{form} {count}" for form, count in readings[key].most_common())
        rows.append(f"| {key} | {n} | {forms} | {100 * uni / n:.1f}% | {100 * ctx / n:.1f}% |")
    return rows, stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args(argv)
    rows, _ = table(Path(args.shared), args.top)
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
