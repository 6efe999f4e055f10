#!/usr/bin/env python3
"""Generate ``src/svfix/words/confusions.py``: the OCR confusion table, learned from real OCR.

The confusions are counted in pages of held-in training text rendered and read back by
Tesseract 5 (``svfix.evaluation.ocrpairs``; see ``data/lexicon/SOURCES.md``):

* ``train-eng``: Swedish pages read with the English model (diacritics lost, ö read as
  é/6/d, ä as i/4, å as i/d, letters dropped): the damage of a Swedish scan read
  without Swedish;
* ``train-swehard``: photocopied pages read with the Swedish model (t/r/f/l, h/b, å/ä,
  o/u, rn/m, in/m, ...);
* ``train-swe``: clean pages read with the Swedish model (nearly no damage): what an
  engine does to a page that is fine.

Words are aligned to their gold (1-1 pairs: Tesseract's splits and merges are counted
apart), and each pair's differing stretches are counted as confusions of 1 to 3
characters (``svfix.evaluation.ocrpairs.align_chars``). Left out: pure diacritic
stripping (``ä`` read as ``a``: the document's stripping profile, ``svfix.words.profile``,
covers it), punctuation, and confusions seen fewer than ``MIN_COUNT`` times.

Each confusion is a reverse rule, from what OCR wrote to what was meant, with a *prior
rate*: how often the written glyph stands for the intended letters on a page that is
fine (``train-swe``, floored at ``PRIOR_FLOOR``). Each document then estimates its own
rates (``svfix.words.channel``): the more a document shows a confusion, the cheaper it
becomes there. The rates learned on the damaged pages are kept in the table for
reference (``eng``, ``swehard``: P(intended | written) there).

A few confusions come from real municipal OCR of older engines rather than from
Tesseract 5 (``HAND_RULES``: ``[`` and ``|`` for l, ``1`` for i, a stray ``1`` after a short
word); they keep their hand-set priors.

Columns of the table:
    observed   what OCR wrote
    skeleton   what the intended letters fold to in the lexicon's skeleton index
    intended   the letters it may stand for (any one of them; a single position)
    name       the confusion class, as reports and per-document rates name it
    prior      assumed rate before evidence from the document
    where      "any", "inner" (not first), "end" (last, deleted), "initial"; a lost letter
               (observed "") is looked for at every place in a word
    eng, swehard   the rates learned on those pages (reference)

Usage::

    python -m svfix.evaluation.ocrpairs build-sets --out /data/ocr     # the training pages
    python scripts/build_confusions.py --pairs /data/ocr               # this table
"""
from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "svfix" / "words" / "confusions.py"

#: Confusions seen fewer times in all the training pages are left out.
MIN_COUNT = 12
#: The prior of a learned confusion is at least this (a rate on a page that is fine).
PRIOR_FLOOR = 1e-4
#: A learned confusion must reach this rate on some damaged set to be kept.
MIN_RATE = 5e-4
SETS = ("train-eng", "train-swehard", "train-swe")

# observed, skeleton, intended, name, prior, where: confusions of older engines, seen in
# real municipal OCR (the seed protocols) rather than in Tesseract 5 pages.
HAND_RULES = [
    ("O", "o", "ö", "O→ö", 1e-4, "any"),  # case: a capital O or A read for ö, ä, å
    ("A", "a", "äå", "A→ä/å", 1e-4, "any"),
    ("1", "i", "i", "1→i", 1e-3, "any"),
    ("1", "l", "l", "1→l", 1e-3, "any"),
    ("[", "l", "l", "[→l", 1e-3, "any"),
    ("|", "l", "l", "|→l", 1e-3, "any"),
    ("1", "", "", "1 after a word", 1e-3, "end"),
    ("0", "o", "oö", "0→o", 1e-4, "any"),
    ("b", "o", "ö", "b→ö", 1e-5, "inner"),
    ("ai", "a", "å", "ai→å", 1e-4, "any"),
]


def fold(text: str) -> str:
    """Lowercase with diacritics folded (the lexicon's skeleton)."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def stripped_only(meant: str, seen: str) -> bool:
    """Is the confusion only a lost diacritic (or a lost capital's diacritic)? A diacritic
    read as another (``år`` for ``är``) is the channel's, not the stripping profile's."""
    return len(meant) == len(seen) and fold(meant) == seen.lower() and meant.lower() != seen.lower() or (
        meant.lower() == seen.lower() and meant != seen and fold(meant) == meant.lower())


def counts(folder: Path) -> tuple[collections.Counter, collections.Counter]:
    """(confusion counts (meant, seen), counts of each written glyph) in one set."""
    from svfix.evaluation.ocrpairs import align_chars, word_pairs

    confusions: collections.Counter = collections.Counter()
    written: collections.Counter = collections.Counter()
    for seen, meant in word_pairs(folder):
        written[""] += 1
        for size in (1, 2):
            for i in range(len(seen) - size + 1):
                written[seen[i:i + size]] += 1
        if seen != meant:
            for m, s in align_chars(seen, meant):
                if m != s:
                    confusions[(m, s)] += 1
    return confusions, written


def lone_one_rate(pairs: Path) -> float:
    """The share of lone ``1`` tokens in the OCR of every training set that mean ``i``."""
    from svfix.evaluation.ocrpairs import align_words, iter_pairs

    ones = as_i = 0
    for name in SETS:
        for _, ocr, gold in iter_pairs(pairs / name):
            for item in align_words(ocr, gold):
                if item.seen == ("1",) or list(item.seen) == ["1"]:
                    ones += 1
                    as_i += list(item.meant) == ["i"]
    return round(as_i / max(ones, 1), 4)


def usable(meant: str, seen: str) -> bool:
    if len(meant) > 3 or len(seen) > 3 or not (meant or seen):
        return False
    if not meant or not seen:  # a lost letter, or an extra one: letters only
        return (meant or seen).isalpha() and len(meant or seen) == 1
    if not any(c.isalpha() for c in meant):
        return False  # punctuation and digits meant: not words
    if stripped_only(meant, seen):
        return False  # the stripping profile's
    return any(c.isalnum() for c in seen)


def learn(pairs: Path) -> list[tuple]:
    per_set = {name: counts(pairs / name) for name in SETS}
    total: collections.Counter = collections.Counter()
    for confusions, _ in per_set.values():
        total.update(confusions)
    rules = []
    for (meant, seen), count in total.items():
        if count < MIN_COUNT or not usable(meant, seen):
            continue
        rates = {}
        for name, (confusions, written) in per_set.items():
            # a lost letter may be anywhere: its rate is per word written
            rates[name] = confusions[(meant, seen)] / max(written[seen] if seen else written[""], 1)
        if max(rates["train-eng"], rates["train-swehard"]) < MIN_RATE:
            continue
        intended = meant.lower()
        prior = max(rates["train-swe"], PRIOR_FLOOR)
        name = f"{seen}→{intended}" if seen and meant else (f"lost {intended}" if meant else f"extra {seen}")
        rules.append((seen, fold(meant), intended, name, round(prior, 6), "any",
                      round(rates["train-eng"], 5), round(rates["train-swehard"], 5), count))
    rules.sort(key=lambda rule: -rule[-1])
    return rules


HEADER = '''"""The OCR confusion table (generated by scripts/build_confusions.py; do not edit).

Learned from real Tesseract 5 output of training pages, plus a few confusions of older
engines; see the script for what the columns mean and where each comes from.
"""
from __future__ import annotations

from typing import NamedTuple


class Confusion(NamedTuple):
    observed: str
    skeleton: str
    intended: str
    name: str
    prior: float
    where: str
    eng: float = 0.0  # the rate learned on Swedish pages read with the English model
    swehard: float = 0.0  # ... on photocopied pages read with the Swedish model


CONFUSIONS: tuple[Confusion, ...] = (
'''


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", required=True, help="the folder of the train-* OCR page sets")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    learned = learn(Path(args.pairs))
    lines = [HEADER]
    names = set()
    hand = {rule[3]: rule for rule in HAND_RULES}
    for seen, skeleton, intended, name, prior, where, eng, swehard, count in learned:
        names.add(name)
        if name in hand:  # also an older engine's confusion: the higher prior
            prior, where = max(prior, hand[name][4]), hand[name][5]
        lines.append(f"    Confusion({seen!r}, {skeleton!r}, {intended!r}, {name!r}, {prior!r}, {where!r}, "
                     f"{eng!r}, {swehard!r}),  # seen {count} times\n")
    lines.append("    # older engines (real municipal OCR), hand-set priors\n")
    for observed, skeleton, intended, name, prior, where in HAND_RULES:
        if name not in names:
            lines.append(f"    Confusion({observed!r}, {skeleton!r}, {intended!r}, {name!r}, {prior!r}, {where!r}),\n")
    lines.append(")\n")
    Path(args.out).write_text("".join(lines) + "\nENGINE_DAMAGE: dict[str, float] = {}\nLONE_ONE_IS_I: float = 0.0\n",
                              encoding="utf-8")
    # How damaged a training page of each kind looks to the channel's own estimate (with the
    # table just written: a new process imports it).
    damage = json.loads(subprocess.run(
        [sys.executable, "-c", MEASURE_DAMAGE, str(args.pairs)], check=True, capture_output=True, text=True).stdout)
    lines.append("\n#: How often a lone 1 that OCR wrote is the word i (over the training pages of every kind).\n"
                 f"LONE_ONE_IS_I: float = {lone_one_rate(Path(args.pairs))!r}\n")
    lines.append("\n#: The share of words confusions explain (OcrProfile.damage) on a training page of each kind\n"
                 "#: of engine: the median over its pages.\n"
                 f"ENGINE_DAMAGE: dict[str, float] = {damage!r}\n")
    Path(args.out).write_text("".join(lines), encoding="utf-8")
    print(f"wrote {args.out} ({len(learned)} learned confusions; engine damage {damage})", file=sys.stderr)
    return 0


MEASURE_DAMAGE = """
import collections, json, statistics, sys
from pathlib import Path
from svfix.resources.lexicon import Lexicon
from svfix.words.damage import estimate
from svfix.words.scan import OCR_WORDS
lexicon = Lexicon.default()
damage = {}
for kind, folder in (("eng", "train-eng"), ("swehard", "train-swehard")):
    pages = sorted((Path(sys.argv[1]) / folder).glob("*.ocr.txt"))
    values = [estimate(collections.Counter(OCR_WORDS.findall(p.read_text(encoding="utf-8"))), lexicon).damage
              for p in pages]
    damage[kind] = round(statistics.median(values), 4)
print(json.dumps(damage))
"""


if __name__ == "__main__":
    sys.exit(main())
