"""``svfix bench``: measure svfix (and its peers) on pairs of damaged text and gold.

The measuring itself is :mod:`svfix.evaluation.bench`; this is its command line.
"""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .. import fix
from ..archive.wording import plural
from ..errors import SvfixError
from .options import EXIT_FAILED, EXIT_OK, add_engine_options, config_from, fail, lexicon_from

if TYPE_CHECKING:
    from ..evaluation.bench import Fixer


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``svfix bench`` to the ``svfix`` command's subparsers."""
    bench = commands.add_parser(
        "bench", help="score svfix (and its peers) on pairs of damaged text and gold",
        description="Score svfix on a folder of pairs, NAME.ocr.txt/NAME.gold.txt or, as OCR ground-truth sets name "
                    "them, NAME.txt (or NAME.ocr.txt) beside its ground truth NAME.gt.txt, or on a JSONL file of "
                    '{"ocr", "gold", "name"} records: CER and WER before and after, error reduction, '
                    "edit precision and recall, harm, words/s.",
    )
    bench.add_argument("pairs", metavar="PAIRS",
                       help="a folder (searched recursively) of NAME.ocr.txt / NAME.gold.txt or NAME.txt / NAME.gt.txt "
                            "pairs, or a JSONL file")
    bench.add_argument("--by-file", action="store_true", help="also show every pair's scores")
    output = bench.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON instead of a table")
    output.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    bench.add_argument("--clean", metavar="DIR",
                       help="measure harm on the correct *.txt files of DIR (not *.ocr.txt, nor NAME.txt beside NAME.gt.txt)")
    bench.add_argument("--compare", action="store_true",
                       help="run the peers beside svfix (needs: pip install 'svfix[bench]')")
    bench.add_argument("--plot", metavar="FILE.png", help="draw error before vs after per document (needs svfix[plot])")
    bench.add_argument("--limit", type=int, metavar="N", help="score at most N pairs (the first N valid ones)")
    bench.add_argument("--sample-words", type=int, default=2000, metavar="N",
                       help="words of the sample that slow peers (Hunspell) run on (default 2000)")
    add_engine_options(bench)
    return bench


def _systems(args: argparse.Namespace) -> tuple[dict[str, Fixer], set[str]]:
    config = config_from(args)
    lexicon = lexicon_from(args)

    def svfix_fixer(text: str) -> str:
        return fix(text, config, lexicon)

    if not args.compare:
        return {"svfix": svfix_fixer}, set()
    from ..evaluation import baselines

    absent = baselines.missing()
    if absent:
        raise SvfixError(
            f"--compare needs the benchmark peers, and {', '.join(absent)} "
            f"{'is' if len(absent) == 1 else 'are'} not installed: pip install 'svfix[bench]'"
        )
    systems = {name: baselines.make(name) for name in baselines.PEERS}
    systems["svfix"] = svfix_fixer
    return systems, set(baselines.SLOW)


def run(args: argparse.Namespace) -> int:
    """Run ``svfix bench`` for parsed arguments; the exit status."""
    # the scoring tools are imported here, not with the command line: ``svfix --help``
    # and ``svfix fix`` never load them
    from ..evaluation.bench import (
        Pair,
        _pyplot,
        _words_in,
        compare,
        format_csv,
        format_json,
        format_table,
        plot,
        read_clean,
        read_pairs,
    )

    if args.limit is not None and args.limit < 1:
        raise SvfixError("--limit must be at least 1")
    if args.sample_words < 1:
        raise SvfixError("--sample-words must be at least 1")
    if args.plot:
        _pyplot()  # fail before the work when matplotlib is missing
    pairs, problems = read_pairs(args.pairs, args.limit)
    clean: list[Pair] = []
    if args.clean:
        clean, clean_problems = read_clean(args.clean)
        problems += clean_problems
    for problem in problems:
        fail(problem)
    if not pairs:
        fail(f"no valid pair to score in {args.pairs}; fix the errors above")
        return EXIT_FAILED
    systems, slow = _systems(args)
    progress = (lambda message: print(f"svfix bench: {message}", file=sys.stderr)) if sys.stderr.isatty() else None
    results = compare(pairs, systems, clean, slow, args.sample_words, progress)
    title = f"svfix bench: {plural(len(pairs), 'pair')}, {plural(_words_in(pairs), 'word')} from {args.pairs}"
    if clean:
        title += f"; harm on {plural(len(clean), 'clean text')} from {args.clean}"
    if args.json:
        meta = {"source": str(args.pairs), "pairs": len(pairs), "clean": args.clean, "problems": problems}
        sys.stdout.write(format_json(results, args.by_file, meta))
    elif args.csv:
        sys.stdout.write(format_csv(results, args.by_file))
    else:
        sys.stdout.write(format_table(results, args.by_file, title))
    if args.plot:
        plot(results, args.plot, title)
        print(f"svfix bench: plot written to {args.plot}", file=sys.stderr)
    if problems:
        fail(f"{plural(len(problems), 'input')} could not be scored (see above); "
             f"the table covers the {plural(len(pairs), 'valid pair')}")
        return EXIT_FAILED
    return EXIT_OK
