"""Test helper: folders of many small documents cut from committed official prose.

``make_batch(folder, count)`` writes ``count`` short texts (about 40 to 160 words each,
whole lines) cut from ``tests/data/corpus/official.txt`` (clean official prose and real
OCR of government print, see tests/data/README.md), spread over
nested folders; two of every three have their diacritics stripped (``för`` → ``for``),
the damage svfix repairs, and the rest are left correct. The same arguments always give
the same files.
"""
from __future__ import annotations

import random
import unicodedata
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "data" / "corpus" / "official.txt"


def strip(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)))


def corpus_lines() -> list[str]:
    return [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_batch(folder: Path, count: int, words: tuple[int, int] = (40, 160), seed: int = 6) -> list[Path]:
    """Write ``count`` documents under ``folder``; return their paths (sorted)."""
    lines = corpus_lines()
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        wanted = rng.randint(*words)
        start = rng.randrange(len(lines))
        chosen, total = [], 0
        while total < wanted:
            line = lines[(start + len(chosen)) % len(lines)]
            chosen.append(line)
            total += len(line.split())
        text = "\n".join(chosen) + "\n"
        if number % 3:
            text = strip(text)
        path = folder / f"d{number // 250:02d}" / f"doc{number:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return sorted(paths)
