#!/usr/bin/env python3
"""Harm on correct text: svfix over the clean prose of ../shared/corpora, every change counted.

    python benchmarks/harm.py [--shared ../shared] [--part held-out|train|all] [--words N]
                              [--show 40] [--jobs 2]

Every source of ``svfix.evaluation.corpora`` is correct Swedish (statutes, Riksdag
documents, interpellations, novels, conversation, news, essays). Its paragraphs are put
together into documents of about ``--document-words`` words, in their order, and fixed
one document at a time, as a user would. Every word svfix changes is harm: the report
lists the count per source and the changes themselves, most frequent first, so that each
can be read (a few may be real errors of the source: ``bibilioteket``).

``--part held-out`` (the default) uses the paragraphs every build holds out (one in
eight); ``all`` every paragraph, the training text included (slow: 13 million words).
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def documents(shared: Path, part: str, words: int, limit: int | None):
    from svfix.evaluation import corpora

    for src in corpora.SOURCES:
        parts = ("held-out", "train") if part == "all" else (part,)
        total = 0
        for which in parts:
            chunk, size = [], 0
            for paragraph in corpora.paragraphs(shared, src, held_out=which == "held-out"):
                chunk.append(paragraph)
                size += len(paragraph.split())
                if size >= words:
                    yield src.name, "\n\n".join(chunk) + "\n"
                    total += size
                    chunk, size = [], 0
                    if limit and total >= limit:
                        break
            if chunk and not (limit and total >= limit):
                yield src.name, "\n\n".join(chunk) + "\n"


def fix_one(item: tuple[str, str]) -> tuple[str, int, list[tuple[str, str, str, float]], float]:
    import svfix

    name, text = item
    start = time.process_time()
    result = svfix.fix_and_explain(text)
    seconds = time.process_time() - start
    changes = [(c.old, c.new, c.stage, round(c.confidence, 3)) for c in result.changes
               if c.stage not in ("layout",) and c.old.strip() != c.new.strip()]
    return name, len(text.split()), changes, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--part", choices=("held-out", "train", "all"), default="held-out")
    parser.add_argument("--document-words", type=int, default=2000)
    parser.add_argument("--words", type=int, help="at most about this many words per source")
    parser.add_argument("--show", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", help="also write the full list of changes here")
    args = parser.parse_args(argv)
    per_source: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    changes: collections.Counter = collections.Counter()
    seconds = 0.0
    items = documents(Path(args.shared), args.part, args.document_words, args.words)
    with ProcessPoolExecutor(args.jobs) as pool:
        for name, words, found, spent in pool.map(fix_one, items, chunksize=4):
            per_source[name][0] += words
            per_source[name][1] += len(found)
            seconds += spent
            for old, new, stage, _ in found:
                changes[(name, old, new, stage)] += 1
    total_words = sum(w for w, _ in per_source.values())
    total_changes = sum(c for _, c in per_source.values())
    print(f"{'source':16} {'words':>10} {'changed':>8} {'per 100k':>9}")
    for name, (words, changed) in sorted(per_source.items()):
        print(f"{name:16} {words:>10,} {changed:>8,} {1e5 * changed / max(words, 1):>9.1f}")
    print(f"{'all':16} {total_words:>10,} {total_changes:>8,} {1e5 * total_changes / max(total_words, 1):>9.1f}"
          f"   ({total_words / max(seconds, 1e-9):,.0f} words/s of CPU)")
    for (name, old, new, stage), count in changes.most_common(args.show):
        print(f"  {count:4}  {name:14} {old!r} → {new!r}  ({stage})")
    if args.json:
        Path(args.json).write_text(json.dumps([[*key, count] for key, count in changes.most_common()],
                                              ensure_ascii=False, indent=0), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
