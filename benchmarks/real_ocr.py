"""Real OCR without gold: what svfix changes, for a reader to judge.

    python benchmarks/real_ocr.py [--shared ../shared] [--sample 50] [--seed 7]
    python benchmarks/real_ocr.py --tesseract --sample 100     # issue 12: words not listed, changes to read

Runs svfix over the real OCR in ../shared/corpora (Tesseract OCR of government print,
Riksdagen's own OCR of the same print, and Riksdagen's OCR of older documents), counts
the changes per stage and reason class, and draws a seeded random sample of changes
with their context. ``section()`` returns the Markdown that benchmarks/run.py puts in
RESULTS.md.
"""
from __future__ import annotations

import argparse
import collections
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

import regex  # noqa: E402

import svfix  # noqa: E402

SOURCES = (
    "corpora/ferenda-testdata/tesseract-ocr/*.txt",
    "corpora/ferenda-testdata/riksdagen-text/*.txt",
    "corpora/swegov-opendata-rs-assets/riksdagen-ocr-no-gold/*.txt",
)


def documents(shared: Path) -> list[Path]:
    found: list[Path] = []
    for pattern in SOURCES:
        found.extend(sorted(shared.glob(pattern)))
    return found


def _kind(change: svfix.Change) -> str:
    """A short class for a change: its stage, and for OCR the confusions used."""
    if change.stage == "ocr" and "OCR confusion" in change.reason:
        return "ocr: " + ", ".join(part.split(" (")[0] for part in change.reason.split("OCR confusion ")[1].split("), "))
    return change.stage


def section(shared: Path, sample: int = 50, seed: int = 7) -> list[str]:
    rows = ["| document | words | changes | per stage |", "|---|---|---|---|"]
    every: list[tuple[str, str, svfix.Change]] = []
    kinds: collections.Counter = collections.Counter()
    for path in documents(shared):
        text = path.read_text(encoding="utf-8")
        result = svfix.fix_and_explain(text)
        stages = collections.Counter(change.stage for change in result.changes)
        kinds.update(_kind(change) for change in result.changes)
        per_stage = ", ".join(f"{stage} {count}" for stage, count in stages.most_common())
        rows.append(f"| {path.name} | {len(text.split()):,} | {len(result.changes):,} | {per_stage} |")
        every.extend((path.name, text, change) for change in result.changes)
    lines = [
        "Real OCR without gold: the Tesseract OCR of Prop. 1987/88:155, Prop. 1992/93:30 and SOU 1972:47,",
        "Riksdagen's own OCR of the two propositions, and Riksdagen's OCR of Prop. 1980/81:10, a motion and",
        "three statutes from 1880–1909 (historical spelling). Changes per document and stage:",
        "",
        *rows,
        "",
        "Changes by kind over all of them:",
        "",
        "| kind | changes |",
        "|---|---|",
        *(f"| {kind} | {count:,} |" for kind, count in kinds.most_common(25)),
        "",
        f"{sample} word changes (stages diacritics and ocr; layout and encoding repairs are counted above)",
        f"drawn at random (seed {seed}), with 40 characters of context each side; the changed stretch is in",
        "**bold** as it was, and → gives what svfix wrote:",
        "",
        "| document | context | was → now | stage | confidence |",
        "|---|---|---|---|---|",
    ]
    rng = random.Random(seed)
    words = [item for item in every if item[2].stage in ("diacritics", "ocr")]
    for name, text, change in sorted(rng.sample(words, min(sample, len(words))), key=lambda item: (item[0], item[2].start)):
        before = text[max(0, change.start - 40):change.start].replace("\n", " ").replace("|", "\\|")
        after = text[change.end:change.end + 40].replace("\n", " ").replace("|", "\\|")
        old, new = change.old.replace("\n", "⏎").replace("|", "\\|"), change.new.replace("\n", "⏎").replace("|", "\\|")
        lines.append(f"| {name} | …{before}**{old}**{after}… | `{old}` → `{new}` | {change.stage} | {change.confidence:.2f} |")
    return lines


TESSERACT = "corpora/ferenda-testdata/tesseract-ocr/*.txt"
_WORD = regex.compile(r"\p{L}{2,}")


def unknown_words(text: str, lexicon: svfix.Lexicon) -> int:
    """Words of two letters or more that the lexicon does not list (in any case): OCR damage,
    and also the names and compounds it does not list, which svfix leaves alone."""
    return sum(1 for word in _WORD.findall(text) if not lexicon.flags(word.lower()))


def tesseract_section(shared: Path, sample: int = 100, seed: int = 7) -> list[str]:
    """Issue 12's must-show on the real Tesseract OCR of ferenda-testdata: the words the
    lexicon does not list before and after, and a seeded sample of the word changes to
    read by hand."""
    lexicon = svfix.Lexicon.default()
    rows = ["| document | words | not listed before | after | word changes |", "|---|---|---|---|---|"]
    every: list[tuple[str, str, svfix.Change]] = []
    for path in sorted(shared.glob(TESSERACT)):
        text = path.read_text(encoding="utf-8")
        result = svfix.fix_and_explain(text)
        words = [change for change in result.changes if change.stage in ("diacritics", "ocr")]
        rows.append(f"| {path.name} | {len(text.split()):,} | {unknown_words(text, lexicon):,} | "
                    f"{unknown_words(result.text, lexicon):,} | {len(words):,} |")
        every.extend((path.name, text, change) for change in words)
    rng = random.Random(seed)
    lines = [*rows, "", f"{sample} of the word changes drawn at random (seed {seed}):", "",
             "| # | document | context | was → now | stage |", "|---|---|---|---|---|"]
    drawn = sorted(rng.sample(every, min(sample, len(every))), key=lambda item: (item[0], item[2].start))
    for number, (name, text, change) in enumerate(drawn, 1):
        before = text[max(0, change.start - 40):change.start].replace("\n", " ").replace("|", "\\|")
        after = text[change.end:change.end + 40].replace("\n", " ").replace("|", "\\|")
        old, new = change.old.replace("\n", "⏎").replace("|", "\\|"), change.new.replace("\n", "⏎").replace("|", "\\|")
        lines.append(f"| {number} | {name} | …{before}**{old}**{after}… | `{old}` → `{new}` | {change.stage} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tesseract", action="store_true",
                        help="only the Tesseract OCR of ferenda-testdata: words not listed before and after, "
                             "and a sample of word changes to read by hand")
    args = parser.parse_args(argv)
    if args.tesseract:
        print("\n".join(tesseract_section(Path(args.shared), args.sample, args.seed)))
        return 0
    print("\n".join(section(Path(args.shared), args.sample, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
