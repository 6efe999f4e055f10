#!/usr/bin/env python3
"""Build the synthetic benchmark sets from clean text svfix was never trained on.

    python benchmarks/sets.py [--shared ../shared] [--out benchmarks/sets] [--words 2000]

Sources (see benchmarks/SETS.md): the Riksdag documents that scripts/build_lexicon.py
holds out of the lexicon and the bigram model (``held_out_documents``), and the UD
Swedish PUD sentences (never used for training either). Each source is cut at
paragraphs into documents of about ``--words`` words; each document's gold is its clean
text (paragraphs separated by blank lines, soft hyphens removed, NFC), and each set
damages it with :class:`svfix.evaluation.noise.Noise` and a fixed seed. The result is
``<out>/<set>/<document>.ocr.txt`` / ``.gold.txt`` pairs for ``svfix bench``, and
``<out>/<set>/manifest.json`` with the parameters, the seed and the sources' SHA-256.

The output is git-ignored: this command rebuilds it, identically on every machine.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

from svfix.evaluation.corpora import held_out_documents  # noqa: E402
from svfix.evaluation.metrics import words  # noqa: E402
from svfix.evaluation.noise import Noise  # noqa: E402

#: The sets: what each simulates, its noise, and its seed.
SETS: dict[str, tuple[str, Noise, int]] = {
    "stripped": ("every diacritic stripped (an OCR model without Swedish)", Noise(strip=1.0), 7101),
    "ocr": ("OCR glyph confusions at the table's rates, and 30% of the remaining diacritics stripped",
            Noise(strip=0.3, confusion_scale=1.0), 7102),
    "layout": ("hard-wrapped at 64 characters, words hyphenated at line ends where a syllable break fits",
               Noise(wrap_width=64, hyphenate=1.0), 7103),
    "encoding": ("60% of paragraphs with encoding damage: mojibake 40%, HTML entities 20%, PDF spacing "
                 "accents 20%, ISO 646 20%", Noise(encoding=0.6), 7104),
    "mixed": ("all together, milder: confusions at half the rates, 50% of diacritics stripped, 20% of "
              "paragraphs with encoding damage, wrapped at 64 with hyphenation",
              Noise(strip=0.5, confusion_scale=0.5, encoding=0.2, wrap_width=64), 7105),
}

PUD = Path("corpora") / "ud-swedish-pud" / "sentences.txt"


def paragraphs(text: str) -> list[str]:
    """The clean paragraphs of a source: its non-empty lines, NFC, soft hyphens (invisible
    in the source, removed by any reader) dropped, inner whitespace runs made one space."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip()]


def documents(paras: list[str], max_words: int) -> list[str]:
    """Paragraphs grouped into documents of about ``max_words`` words, separated by blank lines."""
    found: list[str] = []
    current: list[str] = []
    count = 0
    for paragraph in paras:
        current.append(paragraph)
        count += len(words(paragraph))
        if count >= max_words:
            found.append("\n\n".join(current))
            current, count = [], 0
    if current:
        # a short tail joins the previous document rather than stand alone
        if found and count < max_words // 4:
            found[-1] += "\n\n" + "\n\n".join(current)
        else:
            found.append("\n\n".join(current))
    return found


def sources(shared: Path) -> list[tuple[str, Path]]:
    """(short name, path) of every clean source, in a fixed order."""
    found = [(f"rs-{path.stem}", path) for path in held_out_documents(shared)]
    found.append(("pud", shared / PUD))
    for _, path in found:
        if not path.exists():
            raise SystemExit(f"sets: {path} is missing; is ../shared beside the repository?")
    return found


def clean_documents(shared: Path, max_words: int) -> list[tuple[str, str]]:
    """(name, gold text) of every document of the sets."""
    result = []
    for short, path in sources(shared):
        for i, text in enumerate(documents(paragraphs(path.read_text(encoding="utf-8")), max_words), 1):
            result.append((f"{short}-{i:02d}", text + "\n"))
    return result


def build(shared: Path, out: Path, max_words: int, only: list[str] | None = None) -> dict[str, dict]:
    golds = clean_documents(shared, max_words)
    source_list = [
        {"path": str(path.relative_to(shared)), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
        for _, path in sources(shared)
    ]
    manifests = {}
    for name, (what, noise, seed) in SETS.items():
        if only and name not in only:
            continue
        folder = out / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        total = 0
        for doc, gold in golds:
            damaged = noise.apply(gold, f"{seed}:{doc}")
            (folder / f"{doc}.ocr.txt").write_text(damaged, encoding="utf-8")
            (folder / f"{doc}.gold.txt").write_text(gold, encoding="utf-8")
            total += len(words(gold))
        manifest = {
            "set": name,
            "what": what,
            "seed": seed,
            "document_seed": f"'{seed}:<document>' (random.Random with a str seed)",
            "noise": noise.describe(),
            "documents": len(golds),
            "gold_words": total,
            "max_words_per_document": max_words,
            "sources": source_list,
            "command": "python benchmarks/sets.py",
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        manifests[name] = manifest
        print(f"sets: {name}: {len(golds)} documents, {total:,} words → {folder}", file=sys.stderr)
    return manifests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--out", default=str(HERE / "sets"))
    parser.add_argument("--words", type=int, default=2000, help="about this many words per document (default 2000)")
    parser.add_argument("sets", nargs="*", metavar="SET", help=f"only these sets ({', '.join(SETS)}; default all)")
    args = parser.parse_args(argv)
    unknown = set(args.sets) - set(SETS)
    if unknown:
        parser.error(f"unknown set {', '.join(sorted(unknown))}; choose from {', '.join(SETS)}")
    build(Path(args.shared), Path(args.out), args.words, args.sets or None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
