#!/usr/bin/env python3
"""Build the word bigram model ``data/lexicon/bigrams.txt.gz`` from clean Swedish prose.

Training text (``../shared/corpora``; never ``../shared/dev`` or ``../shared/examples``):
consolidated statutes (se-lex-sfs), born-digital Riksdag documents, ferenda's clean
official prose, and the UD Swedish Talbanken sentences (UD PUD is held out for tests). Sources and licences are listed in
``data/lexicon/SOURCES.md``.

Model: a bigram model with Witten–Bell interpolation toward the lexicon's unigram
frequencies (``svfix.resources.lm``):

    P(w | v) = (c(v, w) + T(v) · P_uni(w)) / (c(v) + T(v))

where ``c(v)`` counts ``v`` as a history, ``T(v)`` is the number of distinct words seen
after it, and ``P_uni`` is the lexicon's frequency (wordfreq's general Swedish mixed
with the same domain prose). Why Witten–Bell rather than Kneser–Ney or stupid backoff:
it needs only the counts stored here, it gives real probabilities (so that margins are
comparable across sentences and can be read as confidences, which stupid backoff's
scores cannot), and it backs off to a unigram distribution that svfix already has and
that covers the general vocabulary the domain corpus lacks. Kneser–Ney's continuation
counts would need a second unigram table for little gain at this corpus size.

Pruning: bigrams seen once are dropped (``c(v)`` and ``T(v)`` are counted before
pruning, so the probability they carried goes to the unigram share); histories seen
fewer than ``MIN_HISTORY`` times are dropped whole.

Tokens are lowercase letter runs; digit runs become ``<year>`` or ``<num>``
(``svfix.resources.lm.token_key``); sentences start with
``<s>`` and end with ``</s>`` (at . ! ? ; : and blank lines).

Usage::

    python scripts/build_lm.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import collections
import gzip
import io
import json
import os
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from build_lexicon import domain_texts  # noqa: E402

from svfix.resources.datafiles import FORMATS, write_manifest  # noqa: E402
from svfix.resources.lm import NUMBER, SENTENCE_END, SENTENCE_START, YEAR, token_key  # noqa: E402

#: Bigrams seen fewer times are pruned.
MIN_BIGRAM = 1
#: Histories seen fewer times are dropped.
MIN_HISTORY = 2

#: A sentence ends at . ! ? ; : followed by space, or at a blank line.
SENTENCE_SPLIT = regex.compile(r"(?<=[.!?;:])\s+|\n\s*\n")
TOKEN = regex.compile(r"\p{L}+|\d+")


def sentences(text: str):
    for sentence in SENTENCE_SPLIT.split(text):
        tokens = [token_key(t) for t in TOKEN.findall(sentence)]
        if tokens:
            yield tokens


def count(shared: Path) -> tuple[collections.Counter, collections.Counter]:
    """Bigram counts, and the counts of the special tokens."""
    bigrams: collections.Counter = collections.Counter()
    special: collections.Counter = collections.Counter()
    for text in domain_texts(shared):
        for sentence in sentences(text):
            special["tokens"] += len(sentence) + 1  # the words and </s>
            special[NUMBER] += sentence.count(NUMBER)
            special[YEAR] += sentence.count(YEAR)
            special[SENTENCE_END] += 1
            sequence = [SENTENCE_START, *sentence, SENTENCE_END]
            bigrams.update(zip(sequence, sequence[1:]))
    return bigrams, special


def serialise(bigrams: collections.Counter, special: collections.Counter) -> bytes:
    """One line per history: ``v<TAB>c(v)<TAB>T(v)<TAB>w:count w:count ...``, sorted by v."""
    totals: collections.Counter = collections.Counter()
    types: collections.Counter = collections.Counter()
    kept: dict[str, list[tuple[str, int]]] = collections.defaultdict(list)
    for (v, w), c in bigrams.items():
        totals[v] += c
        types[v] += 1
        if c >= MIN_BIGRAM:
            kept[v].append((w, c))
    histories = sorted(v for v in kept if totals[v] >= MIN_HISTORY)
    n_bigrams = sum(len(kept[v]) for v in histories)
    meta = {
        "format": FORMATS["svfix-bigrams"],
        "model": "bigram, Witten-Bell interpolation toward the lexicon unigram",
        "training_tokens": special["tokens"],
        "unigram": {token: special[token] / special["tokens"] for token in (NUMBER, YEAR, SENTENCE_END)},
        "bigrams": n_bigrams,
        "histories": len(histories),
        "min_bigram": MIN_BIGRAM,
        "sources": "../shared/corpora: se-lex-sfs, swegov born-digital, ferenda clean-born-digital, UD Talbanken",
    }
    out = io.StringIO()
    out.write(f"svfix-bigrams {FORMATS['svfix-bigrams']}\n")
    out.write(json.dumps(meta, sort_keys=True) + "\n")
    out.write(f"## histories {len(histories)}\n")
    for v in histories:
        continuations = " ".join(f"{w}:{c}" for w, c in sorted(kept[v], key=lambda item: (-item[1], item[0])))
        out.write(f"{v}\t{totals[v]}\t{types[v]}\t{continuations}\n")
    print(f"{special['tokens']:,} training tokens, {len(bigrams):,} bigrams, {n_bigrams:,} kept in {len(histories):,} histories",
          file=sys.stderr)
    return out.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--out", default=str(ROOT / "data" / "lexicon" / "bigrams.txt.gz"))
    args = parser.parse_args(argv)
    bigrams, special = count(Path(args.shared))
    payload = serialise(bigrams, special)
    out = Path(args.out)
    tmp = out.with_suffix(".tmp")
    with open(tmp, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as handle:
            handle.write(payload)
    os.replace(tmp, out)
    write_manifest(out.parent)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
