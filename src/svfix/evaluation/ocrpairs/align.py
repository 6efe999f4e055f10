"""Aligning OCR text to its gold, word by word and character by character, for error models.

:func:`align_words` aligns OCR tokens to gold tokens (1-1, splits, merges, insertions,
deletions); :func:`align_chars` aligns one OCR token to its gold token as (meant, seen)
segments in which confusions such as ``rn`` → ``m`` are single segments;
:func:`word_error_rate` counts word edits over ``\\w+`` tokens.

>>> [w.kind for w in align_words("Kommun fullmäktige beslutadeidag", "Kommunfullmäktige beslutade i dag")]
['split', 'merge']
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

__all__ = ["AlignedWord", "align_chars", "align_words", "char_confusions", "word_error_rate"]


@dataclass(frozen=True)
class AlignedWord:
    """OCR token(s) aligned to gold token(s).

    Attributes:
        seen: OCR tokens (empty for a gold word Tesseract dropped).
        meant: gold tokens (empty for OCR garbage).
        seen_start: index of the first OCR token (or where it would be).
        meant_start: index of the first gold token (or where it would be).
    """

    seen: tuple[str, ...]
    meant: tuple[str, ...]
    seen_start: int = 0
    meant_start: int = 0

    @property
    def kind(self) -> str:
        """``equal``, ``substitute`` (1-1), ``split`` (one gold word read as
        several tokens), ``merge`` (several gold words read as one token),
        ``insert`` (OCR-only), ``delete`` (gold-only) or ``replace`` (a
        many-many block left unresolved).

        >>> AlignedWord(("kom", "munen"), ("kommunen",)).kind
        'split'
        """
        s, m = len(self.seen), len(self.meant)
        if s == 1 and m == 1:
            return "equal" if self.seen == self.meant else "substitute"
        if m == 0:
            return "insert"
        if s == 0:
            return "delete"
        if m == 1:
            return "split"
        if s == 1:
            return "merge"
        return "replace"


#: A block of unequal tokens larger than this (OCR tokens × gold tokens) is left as one
#: ``replace`` item instead of being aligned in quadratic time.
_MAX_BLOCK_CELLS = 250_000
#: The most tokens a split or a merge joins.
_MAX_GROUP = 4


def _align_block(seen: Sequence[str], meant: Sequence[str], s0: int, m0: int) -> list[AlignedWord]:
    """Minimum-cost alignment of a block of unequal tokens (character costs):
    1-1 = Levenshtein distance; 1-k / k-1 (k <= 4) = distance with the k
    tokens joined by spaces; insertion/deletion = token length."""
    n, m = len(seen), len(meant)
    if n == 0 or m == 0 or n * m > _MAX_BLOCK_CELLS:
        if n == 0:
            return [AlignedWord((), (meant[j],), s0, m0 + j) for j in range(m)]
        if m == 0:
            return [AlignedWord((seen[i],), (), s0 + i, m0) for i in range(n)]
        return [AlignedWord(tuple(seen), tuple(meant), s0, m0)]
    inf = math.inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    dist = Levenshtein.distance
    for i in range(n + 1):
        for j in range(m + 1):
            c = cost[i][j]
            if c == inf:
                continue
            moves: list[tuple[int, int, float]] = []
            if i < n and j < m:
                moves.append((1, 1, dist(seen[i], meant[j])))
                for k in range(2, _MAX_GROUP + 1):
                    if j + k <= m:
                        moves.append((1, k, dist(seen[i], " ".join(meant[j:j + k]))))
                    if i + k <= n:
                        moves.append((k, 1, dist(" ".join(seen[i:i + k]), meant[j])))
            if j < m:
                moves.append((0, 1, len(meant[j])))
            if i < n:
                moves.append((1, 0, len(seen[i])))
            for di, dj, mc in moves:
                if c + mc < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = c + mc
                    back[i + di][j + dj] = (di, dj)
    items: list[AlignedWord] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None  # every cell on the way back was reached
        di, dj = step
        items.append(AlignedWord(tuple(seen[i - di:i]), tuple(meant[j - dj:j]), s0 + i - di, m0 + j - dj))
        i, j = i - di, j - dj
    items.reverse()
    return items


def align_words(ocr_text: str, gold_text: str) -> list[AlignedWord]:
    """Align the whitespace tokens of an OCR text to those of its gold.

    Equal tokens are anchored with a token-level Levenshtein alignment
    (``rapidfuzz``); each block between anchors is resolved by a character-cost
    dynamic programme that finds substitutions, splits, merges, insertions
    and deletions.

    >>> [(w.kind, w.seen, w.meant) for w in align_words("Det  bam| är i kom munen", "Det barn är i kommunen")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('equal', ('Det',), ('Det',)), ('substitute', ('bam|',), ('barn',)),
     ('equal', ('är',), ('är',)), ('equal', ('i',), ('i',)),
     ('split', ('kom', 'munen'), ('kommunen',))]
    >>> [(w.kind, w.seen, w.meant) for w in align_words("tilloch med — 3", "till och med 3")]
    [('merge', ('tilloch',), ('till', 'och')), ('equal', ('med',), ('med',)), ('insert', ('—',), ()), ('equal', ('3',), ('3',))]
    >>> [w.kind for w in align_words("a c", "a b c")]
    ['equal', 'delete', 'equal']
    """
    seen = ocr_text.split()
    meant = gold_text.split()
    items: list[AlignedWord] = []
    ops = Levenshtein.opcodes(seen, meant)
    for op in ops:
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                i, j = op.src_start + k, op.dest_start + k
                items.append(AlignedWord((seen[i],), (meant[j],), i, j))
        else:
            items.extend(_align_block(seen[op.src_start:op.src_end], meant[op.dest_start:op.dest_end],
                                      op.src_start, op.dest_start))
    return _merge_adjacent_blocks(items, seen, meant)


def _merge_adjacent_blocks(items: list[AlignedWord], seen: list[str], meant: list[str]) -> list[AlignedWord]:
    """Re-align runs of consecutive non-equal items coming from different
    opcode blocks (rapidfuzz may emit an insert next to a replace)."""
    out: list[AlignedWord] = []
    k = 0
    while k < len(items):
        if items[k].kind == "equal":
            out.append(items[k])
            k += 1
            continue
        e = k
        while e < len(items) and items[e].kind != "equal":
            e += 1
        run = items[k:e]
        s0 = min(w.seen_start for w in run)
        m0 = min(w.meant_start for w in run)
        s1 = max(w.seen_start + len(w.seen) for w in run)
        m1 = max(w.meant_start + len(w.meant) for w in run)
        out.extend(_align_block(seen[s0:s1], meant[m0:m1], s0, m0) if len(run) > 1 else run)
        k = e
    return out


def align_chars(seen: str, meant: str) -> list[tuple[str, str]]:
    """Align an OCR token to its gold token as (meant, seen) segments.

    Equal characters are single-character segments; adjacent edit operations
    are merged into one segment, so multi-character confusions (``rn`` read
    as ``m``, ``m`` as ``rn``, ``li`` as ``h``) are single segments.
    Concatenating the first (second) elements gives ``meant`` (``seen``).

    >>> align_chars("bamen", "barnen")
    [('b', 'b'), ('a', 'a'), ('rn', 'm'), ('e', 'e'), ('n', 'n')]
    >>> align_chars("kornmun", "kommun")
    [('k', 'k'), ('o', 'o'), ('m', 'rn'), ('m', 'm'), ('u', 'u'), ('n', 'n')]
    >>> align_chars("h6gre", "högre")
    [('h', 'h'), ('ö', '6'), ('g', 'g'), ('r', 'r'), ('e', 'e')]
    >>> align_chars("at", "att")
    [('a', 'a'), ('t', 't'), ('t', '')]
    """
    segments: list[tuple[str, str]] = []
    pm: list[str] = []
    ps: list[str] = []
    for op in Levenshtein.opcodes(meant, seen):
        if op.tag == "equal":
            if pm or ps:
                segments.append(("".join(pm), "".join(ps)))
                pm, ps = [], []
            for k in range(op.src_end - op.src_start):
                ch = meant[op.src_start + k]
                segments.append((ch, ch))
        else:
            pm.append(meant[op.src_start:op.src_end])
            ps.append(seen[op.dest_start:op.dest_end])
    if pm or ps:
        segments.append(("".join(pm), "".join(ps)))
    return segments


_WORD_RE = re.compile(r"\w+")


def word_error_rate(ocr_text: str, gold_text: str) -> tuple[int, int]:
    """(word edits, gold words) over ``\\w+`` tokens, case-sensitive.

    >>> word_error_rate("Det bam är här", "Det barn är här.")
    (1, 4)
    """
    hyp = _WORD_RE.findall(ocr_text)
    ref = _WORD_RE.findall(gold_text)
    return Levenshtein.distance(hyp, ref), len(ref)


def char_confusions(pairs: Iterable[tuple[str, str]]) -> Counter[tuple[str, str]]:
    """Count (seen, meant) segments that differ, over the 1-1 substituted
    tokens of :func:`align_words` applied to (ocr_text, gold_text) pairs.

    >>> char_confusions([("Det bam är", "Det barn är")])
    Counter({('m', 'rn'): 1})
    """
    counts: Counter[tuple[str, str]] = Counter()
    for ocr, gold in pairs:
        for w in align_words(ocr, gold):
            if w.kind == "substitute":
                for m, s in align_chars(w.seen[0], w.meant[0]):
                    if m != s:
                        counts[(s, m)] += 1
    return counts
