#!/usr/bin/env python3
"""Development sets beyond official prose, made from held-out text of every register.

    python benchmarks/registers.py build [--shared ../shared] [--out benchmarks/sets/registers]
    python benchmarks/registers.py score [--sets a,b] [--limit-words N]

``build`` makes, for each register (official prose, political argument, fiction,
conversation, news, essays), from the paragraphs every build holds out
(``svfix.evaluation.corpora``: no model saw them):

* ``<register>-stripped``: documents of about 800 words, every diacritic stripped (an
  OCR model without Swedish), scored as whole documents;
* ``<register>-ocr``: the same documents with OCR glyph confusions at the noise
  generator's rates and 30% of the remaining diacritics stripped (as the synthetic
  ``ocr`` set);
* ``<register>-short``: 150 single sentences (4-30 words), stripped, each fixed alone;
* ``<register>-shortocr``: the same sentences with OCR noise;
* ``<register>-light``: pages of about 400 words in which 8% of the words with å, ä, ö,
  é lost them, each page fixed alone.

Each set is ``<name>.input.txt`` and ``<name>.gold.txt`` with the units of
``../shared/dev`` (a line per sentence for short sets, ``\\n\\f\\n`` between pages for
light sets, whole files otherwise). ``score`` scores every set in a new process with
the project's scorer (``../shared/tools/score.py``) and times svfix on first sight, as
``../shared/tools/scorecard.py`` does for the public sets. The sets are git-ignored and
rebuilt identically by ``build``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REGISTERS = {
    "official": ("sfs", "riksdag"),
    "political": ("interpellations",),
    "fiction": ("lagerlof", "eltec"),
    "conversation": ("tatoeba",),
    "news": ("news", "ntrex", "talbanken"),
    "essays": ("cfi",),
}
DOCUMENT_WORDS, DOCUMENTS = 800, 8
PAGE_WORDS, PAGES = 400, 12
SENTENCES = 150
LIGHT_SHARE = 0.08
SEED = 7401
UNITS = {"short": "\n", "light": "\n\f\n"}
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")
_DIACRITIC_WORD = re.compile(r"\w*[åäöéÅÄÖÉ]\w*")
_LETTER_SPACED = re.compile(r"(?:\b\w\b[ .]+){4,}")


def held_out(shared: Path, register: str) -> list[str]:
    """The register's held-out paragraphs of 8+ words, in a seeded order."""
    from svfix.evaluation import corpora

    found = list(dict.fromkeys(  # once each; no letter-spaced furniture (P R O P . 2 0 18)
        p for name in REGISTERS[register] for p in corpora.paragraphs(shared, corpora.source(name), held_out=True)
        if len(p.split()) >= 8 and not _LETTER_SPACED.search(p)))
    found.sort(key=lambda p: hashlib.sha1(f"{SEED}:{p}".encode()).hexdigest())
    return found


def take(paragraphs: list[str], count: int, words: int, start: int) -> tuple[list[str], int]:
    """``count`` texts of about ``words`` words each (paragraphs joined by blank lines)."""
    texts, i = [], start
    while len(texts) < count and i < len(paragraphs):
        chosen, total = [], 0
        while total < words and i < len(paragraphs):
            chosen.append(paragraphs[i])
            total += len(paragraphs[i].split())
            i += 1
        texts.append("\n\n".join(chosen))
    return texts, i


def light(text: str, rng: random.Random) -> str:
    from svfix.evaluation.noise import strip_diacritics

    return _DIACRITIC_WORD.sub(lambda m: strip_diacritics(m.group()) if rng.random() < LIGHT_SHARE else m.group(), text)


def build(shared: Path, out: Path) -> dict[str, dict]:
    from svfix.evaluation.noise import Noise

    out.mkdir(parents=True, exist_ok=True)
    made = {}
    stripped, ocr = Noise(strip=1.0), Noise(strip=0.3, confusion_scale=1.0)
    for register in REGISTERS:
        paragraphs = held_out(shared, register)
        sentences, taken = [], 0  # the sentences first, from the end of the order
        for paragraph in reversed(paragraphs):
            if len(sentences) >= SENTENCES:
                break
            taken += 1
            sentences.extend(s for s in _SENTENCE.split(paragraph) if 4 <= len(s.split()) <= 30)
        sentences = sentences[:SENTENCES]
        paragraphs = paragraphs[:len(paragraphs) - taken]
        documents, used = take(paragraphs, DOCUMENTS, DOCUMENT_WORDS, 0)
        pages, used = take(paragraphs, PAGES, PAGE_WORDS, used)
        gold = "\n\n\n".join(documents) + "\n"
        sets = {
            f"{register}-stripped": ("\n\n\n".join(stripped.apply(d, f"{SEED}:s:{k}") for k, d in enumerate(documents))
                                     + "\n", gold),
            f"{register}-ocr": ("\n\n\n".join(ocr.apply(d, f"{SEED}:o:{k}") for k, d in enumerate(documents)) + "\n",
                                gold),
            f"{register}-short": ("\n".join(stripped.apply(s, f"{SEED}:ss:{k}") for k, s in enumerate(sentences)) + "\n",
                                  "\n".join(sentences) + "\n"),
            f"{register}-shortocr": ("\n".join(ocr.apply(s, f"{SEED}:so:{k}") for k, s in enumerate(sentences)) + "\n",
                                     "\n".join(sentences) + "\n"),
            f"{register}-light": ("\n\f\n".join(light(p, random.Random(f"{SEED}:l:{k}")) for k, p in enumerate(pages))
                                  + "\n", "\n\f\n".join(pages) + "\n"),
        }
        for name, (damaged, correct) in sets.items():
            (out / f"{name}.input.txt").write_text(unicodedata.normalize("NFC", damaged), encoding="utf-8")
            (out / f"{name}.gold.txt").write_text(correct, encoding="utf-8")
            made[name] = {"words": len(correct.split()), "register": register}
    (out / "sets.json").write_text(json.dumps({"seed": SEED, "sets": made}, indent=1) + "\n", encoding="utf-8")
    return made


def _fix_units(fix, text: str, sep: str | None) -> str:
    if not sep:
        return fix(text)
    return sep.join(fix(part) if part.strip() else part for part in text.split(sep))


def one(folder: Path, name: str, shared: Path) -> None:
    sys.path.insert(0, str(shared / "tools"))
    import score  # the project's reference scorer

    import svfix

    sep = next((s for prefix, s in UNITS.items() if name.split("-", 1)[1].startswith(prefix)), None)
    text = (folder / f"{name}.input.txt").read_text(encoding="utf-8")
    gold = (folder / f"{name}.gold.txt").read_text(encoding="utf-8")
    svfix.fix("Forslag till beslut i kommunfullmaktige.")
    start = time.process_time()
    out = _fix_units(svfix.fix, text, sep)
    seconds = time.process_time() - start
    print(json.dumps({"m": score.score(text, out, gold), "wps": len(text.split()) / max(seconds, 1e-9)}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("build", "score"))
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--out", default=str(HERE / "sets" / "registers"))
    parser.add_argument("--sets", help="comma-separated set names (default: all)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    shared, folder = Path(args.shared), Path(args.out)
    if args.one:
        one(folder, args.one, shared)
        return 0
    if args.command == "build":
        for name, info in build(shared, folder).items():
            print(f"{name:24} {info['words']:>7,} words")
        return 0
    names = args.sets.split(",") if args.sets else sorted(json.loads((folder / "sets.json").read_text())["sets"])
    pct = lambda v: "—" if v is None else f"{100 * v:.2f}%"  # noqa: E731
    print(f"{'set':24} {'WER in':>7} {'WER out':>8} {'reduction':>9} {'precision':>9} {'harm':>6} {'words/s':>8}")
    for name in names:
        run = subprocess.run([sys.executable, __file__, "score", "--one", name, "--out", str(folder),
                              "--shared", str(shared)], capture_output=True, text=True)
        if run.returncode:
            print(f"{name:24} failed: {run.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(run.stdout.strip().splitlines()[-1])
        m = r["m"]
        print(f"{name:24} {pct(m['wer_in']):>7} {pct(m['wer_out']):>8} {pct(m['wer_reduction']):>9} "
              f"{pct(m['precision']):>9} {pct(m['harm']):>6} {r['wps']:>8,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
