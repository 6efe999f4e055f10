"""Test helper: folders of many small documents cut from the shared corpora.

``make_batch(folder, count)`` writes ``count`` short texts (about 40 to 160 words each,
whole lines) cut from the clean official prose of ``../shared/corpora``, spread over
nested folders; two of every three have their diacritics stripped (``för`` → ``for``),
the damage svfix repairs, and the rest are left correct. The same arguments always give
the same files.
"""
from __future__ import annotations

import random
import unicodedata
from pathlib import Path

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
SOURCES = ("ferenda-testdata/clean-born-digital", "ferenda-testdata/tesseract-ocr")


def strip(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)))


def corpus_lines() -> list[str]:
    lines: list[str] = []
    for source in SOURCES:
        for path in sorted((CORPORA / source).glob("*.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if len(line.split()) >= 4 and "\f" not in line:
                    lines.append(line)
    return lines


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
