"""Statistics of a made dataset: WER by profile, alignment kinds, Tesseract's seconds per
page, and the most frequent character confusions (``python -m svfix.evaluation.ocrpairs
--stats DIR``). Needs neither Pillow nor Tesseract."""
from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .align import align_words, char_confusions, word_error_rate

__all__ = ["dataset_stats", "iter_pairs", "word_pairs"]


def iter_pairs(out_dir: str | os.PathLike[str]) -> Iterator[tuple[dict[str, Any], str, str]]:
    """Yield (manifest record, OCR text, gold text) for every page of a dataset."""
    out = Path(out_dir)
    with open(out / "manifest.jsonl", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            ocr = (out / f"{rec['id']}.ocr.txt").read_text(encoding="utf-8")
            gold = (out / f"{rec['id']}.gold.txt").read_text(encoding="utf-8")
            yield rec, ocr, gold


def word_pairs(out_dir: str | os.PathLike[str]) -> Iterator[tuple[str, str]]:
    """Yield (what OCR wrote, what was meant) for every word of a dataset that aligns one
    to one with its gold (Tesseract's splits and merges left out)."""
    for _, ocr, gold in iter_pairs(out_dir):
        for item in align_words(ocr, gold):
            if len(item.seen) == 1 and len(item.meant) == 1:
                yield item.seen[0], item.meant[0]


def dataset_stats(out_dir: str | os.PathLike[str], top: int = 40) -> dict[str, Any]:
    """Pages, gold words, WER, alignment kinds, seconds per page by profile and
    the ``top`` most frequent (seen, meant) character confusions."""
    out = Path(out_dir)
    pages = words = edits = ref = 0
    kinds: Counter[str] = Counter()
    by_profile: dict[str, list[int]] = {}
    pairs = []
    for rec, ocr, gold in iter_pairs(out):
        pages += 1
        words += rec["gold_words"]
        e, n = word_error_rate(ocr, gold)
        edits += e
        ref += n
        acc = by_profile.setdefault(rec["profile"], [0, 0, 0])
        acc[0] += 1
        acc[1] += e
        acc[2] += n
        pairs.append((ocr, gold))
        kinds.update(w.kind for w in align_words(ocr, gold))
    secs: dict[str, list[float]] = {}
    tfile = out / "timings.jsonl"
    if tfile.exists():
        for line in tfile.read_text(encoding="utf-8").splitlines():
            t = json.loads(line)
            secs.setdefault(t["profile"], []).append(t["tesseract_s"])
    conf = char_confusions(pairs)
    return {
        "pages": pages,
        "gold_words": words,
        "wer": round(edits / ref, 4) if ref else None,
        "wer_by_profile": {p: {"pages": a[0], "wer": round(a[1] / a[2], 4) if a[2] else None}
                           for p, a in sorted(by_profile.items())},
        "tesseract_s_per_page": {p: round(sum(v) / len(v), 2) for p, v in sorted(secs.items())},
        "alignment_kinds": dict(kinds.most_common()),
        "confusions": [[s, m, c] for (s, m), c in conf.most_common(top)],
    }
