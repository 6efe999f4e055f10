"""Tesseract's hOCR as the OCRmyPDF plugin and ``svfix fix --ocr`` correct it: held-out pages.

    python benchmarks/scans.py [--pairs /work/data/ocr] [--sets eval-eng eval-swe eval-swehard]

Reads the real OCR pairs that ``python -m svfix.evaluation.ocrpairs build-sets`` makes
(pages drawn and worn, read by Tesseract 5.3; ``<id>.hocr`` beside ``<id>.gold.txt``) and
corrects each page's hOCR as the plugin does (one page at a time, ``fix_document(hocr,
"hocr")``: the words Tesseract doubts, ``x_wconf`` below 90, are changed more readily), and,
to show what the confidences add, the same words as plain text (``svfix.fix``). The score
is the word error rate of the page's words against the drawn text, as Tesseract read them
and as corrected, over all pages of a set, with the pages made better and worse.
``section()`` returns the Markdown for benchmarks/PDF.md.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

import svfix
from svfix.archive.formats import fix_document
from svfix.evaluation.metrics import _word_distance

SETS = ("eval-eng", "eval-swe", "eval-swehard")
WHAT = {"eval-eng": "clean to scanned pages, -l eng", "eval-swe": "clean to scanned pages, -l swe",
        "eval-swehard": "photocopied pages, -l swe"}


def score(folder: Path, lexicon: svfix.Lexicon) -> dict:
    """Word errors of the set's pages: as read, corrected with confidences, as plain text."""
    totals = {"pages": 0, "words": 0, "read": 0, "hocr": 0, "text": 0, "better": 0, "worse": 0, "cpu": 0.0}
    config = svfix.Config()
    for hocr in sorted(folder.glob("*.hocr")):
        gold = Path(str(hocr)[: -len(".hocr")] + ".gold.txt").read_text(encoding="utf-8")
        start = time.process_time()
        result = fix_document(hocr.read_bytes(), "hocr", config, lexicon)
        totals["cpu"] += time.process_time() - start
        read, words = _word_distance(result.original, gold)
        corrected, _ = _word_distance(result.text, gold)
        as_text, _ = _word_distance(svfix.fix(result.original, dataclasses.replace(config, layout=False), lexicon), gold)
        totals["pages"] += 1
        totals["words"] += words
        totals["read"] += read
        totals["hocr"] += corrected
        totals["text"] += as_text
        totals["better"] += corrected < read
        totals["worse"] += corrected > read
    return totals


def section(pairs: Path, sets: tuple[str, ...] = SETS) -> str:
    lexicon = svfix.Lexicon.default()
    lines = [
        "### Tesseract's hOCR corrected page by page (held-out OCR pairs)",
        "",
        "| set | pages | words | WER as read | svfix on hOCR (confidences) | svfix on its text "
        "| pages better / worse | ms per page |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in sets:
        folder = pairs / name
        if not folder.is_dir():
            lines.append(f"| {name} | (not found in {pairs}) | | | | | | |")
            continue
        t = score(folder, lexicon)
        lines.append(f"| {name} ({WHAT.get(name, '')}) | {t['pages']} | {t['words']:,} | {t['read'] / t['words']:.2%} "
                     f"| {t['hocr'] / t['words']:.2%} | {t['text'] / t['words']:.2%} | {t['better']} / {t['worse']} "
                     f"| {1000 * t['cpu'] / t['pages']:.0f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=Path("/work/data/ocr"))
    parser.add_argument("--sets", nargs="+", default=list(SETS))
    args = parser.parse_args(argv)
    sys.stdout.write(section(args.pairs, tuple(args.sets)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
