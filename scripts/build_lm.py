#!/usr/bin/env python3
"""Build the word n-gram model (``data/lexicon/lm-*``, ``lm3-*``) from the training corpora.

Training text: every source of ``svfix.evaluation.corpora`` (official prose, political
argument, fiction, conversation, news, essays), weighted per source so that no register
dominates, with the held-out paragraphs and documents left out (never ``../shared/dev``
or ``../shared/examples``). Sources and licences: ``data/lexicon/SOURCES.md``.

Model: an interpolated Kneser–Ney trigram model, ``P3(w | u v) = max(c(u v w) - D3, 0) / c(u v)
+ γ(u v) · P(w | v)``, on top of the bigram model

    P(w | v) = max(c(v, w) - D, 0) / c(v)  +  γ(v) · P_low(w),    γ(v) = D · N1+(v •) / c(v)

    P_low(w) = (1 - β) · N1+(• w) / N1+(• •)  +  β · P_lexicon(w)

where ``c`` are the weighted counts, ``N1+(v •)`` the number of distinct words seen after
``v``, ``N1+(• w)`` the number of distinct words seen before ``w`` (Kneser–Ney's
continuation count: ``Francisco`` is frequent but follows only ``San``), ``D`` the
discount estimated from the counts of counts (Ney et al.: ``n1 / (n1 + 2 n2)``), and
``P_lexicon`` the lexicon's frequencies (``forms.u16``), which give every one of its
million forms a probability, also those the corpora never show. Why Kneser–Ney: its
continuation counts judge a word by how many contexts it takes, which is what separates
``här``/``har`` and ``män``/``min`` in text of every register (Witten–Bell on official
prose, the model before this one, had learnt officialese).

Pruning: a bigram whose weighted count is below ``MIN_BIGRAM`` keeps no entry of its own
(its mass stays with ``γ(v) · P_low``), and a history seen less than ``MIN_HISTORY``
times has no bigrams at all.

Files (read by ``svfix.resources.lm``; ids are those of ``forms.marisa``, so build the
lexicon first):

* ``lm-low.u16``: per form id, ``-ln P_low(w) · 1000`` (a probability floor for the rest);
* ``lm-backoff.u16``: per form id, ``-ln γ(v) · 1000``, or 65535 for no history;
* ``lm-offsets.u32``: per form id and one more, where ``v``'s continuations begin;
* ``lm-next.u32``: the continuations' form ids, sorted within each history;
* ``lm-weight.u16``: per continuation, ``-ln(max(c(v, w) - D, 0) / c(v)) · 1000``;
* ``lm3-backoff.u16``, ``lm3-offsets.u32``, ``lm3-next.u32``, ``lm3-weight.u16``: the trigram
  level, indexed by the bigram entries (see :func:`_trigrams`).

Usage::

    python scripts/build_lexicon.py && python scripts/build_lm.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import collections
import json
import math
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent

from svfix.evaluation import corpora  # noqa: E402
from svfix.resources.datafiles import write_array, write_manifest  # noqa: E402
from svfix.resources.lm import NUMBER, SENTENCE_END, SENTENCE_START, YEAR, token_key  # noqa: E402

#: Bigrams with a weighted count below this keep no entry of their own.
MIN_BIGRAM = 2.0
#: Histories seen fewer (weighted) times have no bigrams (or trigrams).
MIN_HISTORY = 3.0
#: Trigrams with a weighted count below this keep no entry of their own.
MIN_TRIGRAM = 2.0
#: Share of the lexicon's frequencies in the lower-order distribution.
LEXICON_SHARE = 0.1
#: Scale of the stored negative log-probabilities (1000: a thousandth of a nat).
SCALE = 1000
NONE = 0xFFFF

#: A sentence ends at . ! ? ; : followed by space (svfix.words.scan.SENTENCE_BREAK).
SENTENCE_SPLIT = regex.compile(r"(?<=[.!?;:])\s+")
TOKEN = regex.compile(r"\p{L}+|\d+")


def sentences(paragraph: str):
    for sentence in SENTENCE_SPLIT.split(paragraph):
        tokens = [token_key(t) for t in TOKEN.findall(sentence)]
        if tokens:
            yield tokens


def count(shared: Path) -> tuple[collections.Counter, collections.Counter, int]:
    """Weighted bigram and trigram counts (sentence edges included), and the tokens counted."""
    bigrams: collections.Counter = collections.Counter()
    trigrams: collections.Counter = collections.Counter()
    tokens = 0
    for paragraph, weight in corpora.weighted(shared):
        for sentence in sentences(paragraph):
            sequence = [SENTENCE_START, *sentence, SENTENCE_END]
            tokens += len(sentence)
            for pair in zip(sequence, sequence[1:]):
                bigrams[pair] += weight
            for triple in zip(sequence, sequence[1:], sequence[2:]):
                trigrams[triple] += weight
    return bigrams, trigrams, tokens


def quantised(probability: float) -> int:
    if probability <= 0.0:
        return NONE - 1
    return min(NONE - 1, max(0, round(-math.log(probability) * SCALE)))


def build(shared: Path, lexicon: Path) -> dict[str, object]:
    import marisa_trie

    forms = marisa_trie.Trie()
    forms.mmap(str(lexicon / "forms.marisa"))
    values = memoryview((lexicon / "forms.u16").read_bytes()).cast("H")
    size = len(forms)
    bigrams, trigrams, tokens = count(shared)
    print(f"  {tokens:,} weighted tokens, {len(bigrams):,} bigram types, {len(trigrams):,} trigram types", file=sys.stderr)
    ids = {}
    for pair in bigrams:
        for key in pair:
            if key not in ids:
                ids[key] = forms.get(key)
    raw_counts = collections.Counter(round(c) for c in bigrams.values() if c >= 0.5)
    n1, n2 = raw_counts[1], raw_counts[2]
    discount = n1 / (n1 + 2 * n2) if n1 + n2 else 0.75
    history_total: collections.Counter = collections.Counter()
    history_types: collections.Counter = collections.Counter()
    continuation_types: collections.Counter = collections.Counter()
    for (v, w), c in bigrams.items():
        if ids[v] is None or ids[w] is None:
            continue
        history_total[v] += c
        history_types[v] += 1
        continuation_types[w] += 1
    all_types = sum(continuation_types.values())
    # The lower-order distribution over every form id.
    lexicon_probability = [0.0] * size
    total_lexicon = 0.0
    for index in range(size):
        centi = values[index] >> 5
        if centi:
            lexicon_probability[index] = 10.0 ** (centi / 100 - 9.0)
            total_lexicon += lexicon_probability[index]
    low = [0] * size
    for index in range(size):
        low[index] = quantised(LEXICON_SHARE * lexicon_probability[index] / total_lexicon)
    for w, types in continuation_types.items():
        index = ids[w]
        low[index] = quantised((1 - LEXICON_SHARE) * types / all_types
                               + LEXICON_SHARE * lexicon_probability[index] / total_lexicon)
    backoff = [NONE] * size
    continuations: dict[int, list[tuple[int, int]]] = collections.defaultdict(list)
    kept = 0
    for (v, w), c in bigrams.items():
        iv, iw = ids[v], ids[w]
        if iv is None or iw is None or history_total[v] < MIN_HISTORY:
            continue
        if c >= MIN_BIGRAM:
            continuations[iv].append((iw, quantised(max(c - discount, 0.0) / history_total[v])))
            kept += 1
    for v, total in history_total.items():
        if total >= MIN_HISTORY:
            backoff[ids[v]] = quantised(discount * history_types[v] / total)
    offsets = [0] * (size + 1)
    following: list[int] = []
    weights: list[int] = []
    for index in range(size):
        offsets[index] = len(following)
        for iw, weight in sorted(continuations.get(index, ())):
            following.append(iw)
            weights.append(weight)
    offsets[size] = len(following)
    trigram_meta = _trigrams(trigrams, ids, offsets, following, lexicon)
    out = lexicon
    write_array(out / "lm-low.u16", "H", low)
    write_array(out / "lm-backoff.u16", "H", backoff)
    write_array(out / "lm-offsets.u32", "I", offsets)
    write_array(out / "lm-next.u32", "I", following)
    write_array(out / "lm-weight.u16", "H", weights)
    meta = {
        "model": "interpolated Kneser-Ney bigram, lower order mixed with the lexicon's frequencies",
        "tokens": tokens, "bigram_types": len(bigrams), "bigrams_kept": kept,
        "histories": sum(1 for v in history_total.values() if v >= MIN_HISTORY),
        "discount": round(discount, 4), "lexicon_share": LEXICON_SHARE,
        "min_bigram": MIN_BIGRAM, "min_history": MIN_HISTORY,
        "sources": {src.name: {"register": src.register, "weight": src.weight} for src in corpora.SOURCES},
        "special": [SENTENCE_START, SENTENCE_END, NUMBER, YEAR],
        **trigram_meta,
    }
    (out / "lm.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def _trigrams(trigrams: collections.Counter, ids: dict, offsets: list[int], following: list[int],
              out: Path) -> dict[str, object]:
    """The trigram level, indexed by the bigram entries: for the bigram entry ``b`` of
    ``(u, v)``, ``lm3-backoff.u16[b]`` is ``-ln γ(u v)`` (65535: no trigrams) and
    ``lm3-offsets.u32[b]`` where ``(u, v)``'s continuations begin in ``lm3-next.u32``,
    with ``-ln(max(c(u v w) - D3, 0) / c(u v))`` in ``lm3-weight.u16``."""
    raw = collections.Counter(round(c) for c in trigrams.values() if c >= 0.5)
    discount = raw[1] / (raw[1] + 2 * raw[2]) if raw[1] + raw[2] else 0.75
    total: collections.Counter = collections.Counter()
    types: collections.Counter = collections.Counter()
    for (u, v, w), c in trigrams.items():
        total[(u, v)] += c
        types[(u, v)] += 1
    entry_of: dict[tuple[int, int], int] = {}
    for v_id in range(len(offsets) - 1):
        for b in range(offsets[v_id], offsets[v_id + 1]):
            entry_of[(v_id, following[b])] = b
    continuations: dict[int, list[tuple[int, int]]] = collections.defaultdict(list)
    backoff = [NONE] * len(following)
    kept = 0
    for (u, v), c_uv in total.items():
        iu, iv = ids.get(u), ids.get(v)
        b = entry_of.get((iu, iv)) if iu is not None and iv is not None else None
        if b is None or c_uv < MIN_HISTORY:
            continue
        backoff[b] = quantised(discount * types[(u, v)] / c_uv)
    for (u, v, w), c in trigrams.items():
        if c < MIN_TRIGRAM:
            continue
        iu, iv, iw = ids.get(u), ids.get(v), ids.get(w)
        b = entry_of.get((iu, iv)) if iu is not None and iv is not None else None
        if b is None or iw is None or backoff[b] == NONE:
            continue
        continuations[b].append((iw, quantised(max(c - discount, 0.0) / total[(u, v)])))
        kept += 1
    offsets3 = [0] * (len(following) + 1)
    next3: list[int] = []
    weights3: list[int] = []
    for b in range(len(following)):
        offsets3[b] = len(next3)
        for iw, weight in sorted(continuations.get(b, ())):
            next3.append(iw)
            weights3.append(weight)
    offsets3[len(following)] = len(next3)
    write_array(out / "lm3-backoff.u16", "H", backoff)
    write_array(out / "lm3-offsets.u32", "I", offsets3)
    write_array(out / "lm3-next.u32", "I", next3)
    write_array(out / "lm3-weight.u16", "H", weights3)
    return {"trigram_types": len(trigrams), "trigrams_kept": kept, "trigram_discount": round(discount, 4),
            "min_trigram": MIN_TRIGRAM}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--out", default=str(ROOT / "data" / "lexicon"), help="the lexicon folder (built first)")
    args = parser.parse_args(argv)
    meta = build(Path(args.shared), Path(args.out))
    print(f"  {meta['bigrams_kept']:,} bigrams in {meta['histories']:,} histories, D = {meta['discount']}",
          file=sys.stderr)
    write_manifest(Path(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
