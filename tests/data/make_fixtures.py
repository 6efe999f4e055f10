#!/usr/bin/env python3
"""Rebuild the committed test fixtures in tests/data/ from ../shared/corpora (deterministic).

    python tests/data/make_fixtures.py [--shared ../shared]

The tests read only these small files, so that a plain clone runs every test; ../shared,
when it is beside the repository, only adds extra checks. Sources (all public; see
tests/data/README.md for licences):

* ``corpus/official.txt``: lines of clean official prose and of real Tesseract OCR of
  government print (``ferenda-testdata``), for batches of small documents;
* ``ocr-lines/*.lines.tsv``: three pages of Tesseract's OCR lines with their boxes, from
  which the tests build ALTO, hOCR and PAGE XML;
* ``clean/*.txt``: correct documents that svfix must not change: two Riksdag documents
  that every build holds out (``held_out_documents``), a statute;
* ``pud-sentences.txt``: 300 sentences of UD Swedish PUD (held out of every build);
* ``reference-scores.jsonl``: triples scored by ``../shared/tools/score.py`` (the
  project's reference scorer), which ``svfix.evaluation.metrics`` must reproduce.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import random
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
OCR_PAGES = {"sou-1972-47": 2, "prop-1992-93-30": 5, "prop-1987-88-155": 3}
CORPUS_SOURCES = ("ferenda-testdata/clean-born-digital", "ferenda-testdata/tesseract-ocr")
LINES_PER_FILE = 40


def corpus(shared: Path) -> str:
    lines = []
    for source in CORPUS_SOURCES:
        for path in sorted((shared / "corpora" / source).glob("*.txt")):
            taken = 0
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if len(line.split()) >= 4 and "\f" not in line:
                    lines.append(line)
                    taken += 1
                    if taken >= LINES_PER_FILE:
                        break
    return "\n".join(lines) + "\n"


def ocr_lines(shared: Path, name: str, page: int) -> str:
    source = shared / "corpora" / "ferenda-testdata" / "tesseract-ocr" / f"{name}.lines.tsv"
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    kept = [rows[0]] + [row for row in rows[1:] if row[0] == str(page)]
    return "".join("\t".join(row) + "\n" for row in kept)


def paragraphs_of(path: Path, words: int) -> str:
    """The first paragraphs of a document, about ``words`` words, one paragraph a line."""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).replace("\u00ad", "")
    out, count = [], 0
    for line in text.splitlines():
        line = re.sub(r"\s+", " ", line).strip()
        if not line:
            continue
        out.append(line)
        count += len(line.split())
        if count >= words:
            break
    return "\n\n".join(out) + "\n"


def clean_documents(shared: Path) -> dict[str, str]:
    documents = sorted((shared / "corpora" / "swegov-opendata-rs-assets" / "born-digital").glob("*.txt"))
    held_out = [path for i, path in enumerate(documents) if i % 5 == 4]  # build_lexicon.held_out_documents
    found = {f"riksdag-{path.stem}.txt": paragraphs_of(path, 2500) for path in (held_out[0], held_out[3])}
    with open(shared / "corpora" / "se-lex-sfs" / "sfs.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["sfs"] == "2017:725":  # kommunallagen
                text = "\n\n".join(p.strip() for p in record["text"].split("\n") if p.strip())
                found["sfs-2017-725-kommunallagen.txt"] = " ".join(text.split(" ")[:4000]).rsplit("\n", 1)[0] + "\n"
                break
    return found


def pud(shared: Path) -> str:
    lines = [line for line in (shared / "corpora" / "ud-swedish-pud" / "sentences.txt").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    return "\n".join(random.Random(11).sample(lines, 300)) + "\n"


def reference_scores(shared: Path) -> str:
    spec = importlib.util.spec_from_file_location("reference_score", shared / "tools" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)  # type: ignore[union-attr]
    rng = random.Random(5)
    words = ("för förslag forslag kommun kommunen beslut beslutet i och att är ar nämnden namnden "
             "CEMR-deklarationen 2024 § 73 jämställdhet jamstalldhet å å ö").split()
    rows = []
    for _ in range(120):
        gold = [rng.choice(words) for _ in range(rng.randint(0, 25))]
        hyp_in = [w if rng.random() > 0.3 else rng.choice(words) for w in gold]
        if hyp_in and rng.random() < 0.3:
            del hyp_in[rng.randrange(len(hyp_in))]
        out = [w if rng.random() > 0.2 else rng.choice(words) for w in hyp_in]
        if rng.random() < 0.2:
            out.insert(rng.randint(0, len(out)), rng.choice(words))
        triple = (" ".join(hyp_in), " ".join(out), " ".join(gold))
        rows.append(json.dumps({"input": triple[0], "output": triple[1], "gold": triple[2],
                                "reference": {k: v for k, v in score.score(*triple).items() if k != "lines"}},
                               ensure_ascii=False))
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(HERE.parents[2] / "shared"))
    shared = Path(parser.parse_args(argv).shared)
    written = {"corpus/official.txt": corpus(shared), "pud-sentences.txt": pud(shared),
               "reference-scores.jsonl": reference_scores(shared)}
    for name, page in OCR_PAGES.items():
        written[f"ocr-lines/{name}.lines.tsv"] = ocr_lines(shared, name, page)
    for name, text in clean_documents(shared).items():
        written[f"clean/{name}"] = text
    for name, text in written.items():
        path = HERE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{name}: {len(text.encode('utf-8')):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
