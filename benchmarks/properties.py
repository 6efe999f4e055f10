#!/usr/bin/env python3
"""The property suite at full size: every property over 10,000 examples of each strategy.

    python benchmarks/properties.py [--examples 10000] [--show 10] [--seed 0] [--out benchmarks/RESULTS.md]

The strategies are those of tests/test_properties.py (issue 16): arbitrary Unicode,
Swedish-like text (words, numbers, identifiers, references, quotation marks, mojibake,
ISO 646, entities), documents built from correct sentences, and correct sentences with
identifiers, references and quotations inside. Over each, ``svfix.fix`` must not raise,
must be idempotent and its changes must rebuild its output; over the last two it must
change nothing. Unlike the test suite (300 examples), every example is run and every
failure counted, not only the first: the report is a table of failures per strategy and
property, and the first ``--show`` failing inputs of each, printed and, with ``--out``,
written as the "Properties" section of RESULTS.md (benchmarks/run.py keeps it). Exit
status 1 if any failed.
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000, help="examples per strategy (default 10,000)")
    parser.add_argument("--show", type=int, default=10, help="failing inputs shown per strategy and property")
    parser.add_argument("--seed", type=int, default=0, help="Hypothesis seed")
    parser.add_argument("--out", help="write the results as the section 'Properties' of this Markdown file")
    args = parser.parse_args()

    import test_properties as suite
    from hypothesis import HealthCheck, given, seed, settings

    import svfix
    from svfix.changes import Edit, apply_edits

    def never_raises(text: str) -> bool:
        return isinstance(svfix.fix(text), str)

    def idempotent(text: str) -> bool:
        once = svfix.fix(text)
        return svfix.fix(once) == once

    def rebuilds(text: str) -> bool:
        result = svfix.fix_and_explain(text)
        edits = [Edit(c.start, c.end, c.new, c.reason) for c in result.changes]
        return result.text == svfix.fix(text) and apply_edits(text, edits) == result.text

    def unchanged(text: str) -> bool:
        return svfix.fix(text) == text

    general = [("never raises", never_raises), ("idempotent", idempotent), ("changes rebuild", rebuilds)]
    strategies = [
        ("arbitrary Unicode", suite.ANY_TEXT, general),
        ("Swedish-like", suite.SWEDISH_LIKE_MORE, general),
        ("documents of correct sentences", suite.DOCUMENTS, [*general, ("correct text unchanged", unchanged)]),
        ("correct text with identifiers", suite.CORRECT_WITH_IDENTIFIERS, [("correct text unchanged", unchanged)]),
    ]
    failed = 0
    report = [f"| strategy | examples | {' | '.join(n for n, _ in general)} | correct text unchanged | seconds |",
              "|---|---|---|---|---|---|---|"]
    print("\n".join(report), flush=True)
    shown: list[str] = []
    for name, strategy, checks in strategies:
        failures: collections.Counter[str] = collections.Counter()
        examples: dict[str, list[str]] = collections.defaultdict(list)
        count = 0

        @seed(args.seed)
        @settings(max_examples=args.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(strategy)
        def run(text: str) -> None:
            nonlocal count
            count += 1
            for check_name, check in checks:
                try:
                    ok, shown_as = check(text), repr(text)
                except Exception as err:  # counted and shown, not raised
                    ok, shown_as = False, f"{text!r} raised {err!r}"
                if not ok:
                    failures[check_name] += 1
                    if len(examples[check_name]) < args.show:
                        if check is unchanged:  # what changed, then the input
                            changed = ", ".join(f"{c.old} → {c.new}" for c in svfix.fix_and_explain(text).changes)
                            shown_as = f"[{changed}] {shown_as}"
                        examples[check_name].append(shown_as)

        start = time.perf_counter()
        run()
        seconds = time.perf_counter() - start
        failed += sum(failures.values())
        names = [n for n, _ in checks]
        cells = [str(failures[n]) if n in names else "–" for n in
                 ("never raises", "idempotent", "changes rebuild", "correct text unchanged")]
        report.append(f"| {name} | {count:,} | {' | '.join(cells)} | {seconds:.0f} |")
        print(report[-1], flush=True)
        for check_name, texts in examples.items():
            shown += [f"{name}, {check_name}: {text}" for text in texts]
    if shown:
        report += ["", f"Failing inputs (at most {args.show} of each, cut at 300 characters):", ""]
        report += [f"- `{line[:300]}`" for line in shown]
        print("\n".join(report[report.index("") :]))
    if args.out:
        from sections import replace_section

        command = f"python benchmarks/properties.py --examples {args.examples} --seed {args.seed}"
        intro = [f"`{command}` (issue 16): every property over {args.examples:,} examples of each strategy of "
                 "tests/test_properties.py, every failure counted (the test suite runs 300 of each).", ""]
        replace_section(Path(args.out), "Properties", ["## Properties", "", *intro, *report])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
