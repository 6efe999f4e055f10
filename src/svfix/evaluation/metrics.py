"""How good a repair is: error rates and token edits, as the project is judged.

These are the definitions of the reference scorer ``shared/tools/score.py``,
implemented here so that svfix's own benchmarks and tests report the same numbers
(``tests/test_metrics.py`` checks the agreement to 1e-12). Every text is
NFC-normalised first.

* **WER**: token-level Levenshtein distance over ``\\w+`` tokens (case-sensitive),
  divided by the number of reference tokens (at least 1).
* **CER**: character Levenshtein distance over whitespace-normalised text (each run
  of whitespace becomes one space, ends stripped), divided by the reference length
  (at least 1).
* **Reduction**: ``(before - after) / before``; ``None`` when ``before == 0``.
* **Token edits**: every input token is aligned (:func:`align`) to the output and
  to the gold. An edit is an input token whose aligned output differs from it; it
  is *correct* when the aligned output equals the aligned gold. Precision is
  correct / made, recall is correct / needed, and harm is the share of tokens that
  needed no change (aligned gold == input) but were changed.

>>> s = score("Forslag till lag", "Förslag till lag", "Förslag till lag")
>>> s.wer_in, s.wer_out, s.edits_made, s.precision, s.recall, s.harm
(0.3333333333333333, 0.0, 1, 1.0, 1.0, 0.0)

This is a leaf module: it imports nothing from svfix and does no I/O.
"""
from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass

from rapidfuzz.distance import Levenshtein

__all__ = [
    "MAX_DP_CELLS",
    "EditScores",
    "Score",
    "align",
    "cer",
    "edit_scores",
    "error_reduction",
    "harm_rate",
    "score",
    "squash",
    "top_errors",
    "wer",
    "words",
]

# A token is a maximal run of word characters in the sense of Python's ``re`` on str:
# Unicode letters, digits (of any script) and the underscore. Punctuation, spaces and
# hyphens separate tokens, so ``CEMR-deklarationen`` is two tokens. Do not switch to
# the ``regex`` module, whose ``\w`` differs: it keeps combining marks and connectors
# (U+203F) inside a token and drops superscript digits; the reference scorer uses ``re``.
WORD = re.compile(r"\w+")

# Any run of whitespace in the sense of ``str.isspace`` (space, tab, newline, NBSP,
# U+2028, ...); CER collapses each run to one space.
WHITESPACE = re.compile(r"\s+")

# Blocks of unequal token counts bigger than this (rows * columns of the dynamic
# programme) are aligned position by position instead: pathological outputs must not
# make scoring quadratic. The value is the reference scorer's.
MAX_DP_CELLS = 250_000


def words(text: str) -> list[str]:
    """The ``\\w+`` tokens of the NFC-normalised text.

    >>> words("Förslag  till CEMR-deklarationen (dir. 2014:139).")
    ['Förslag', 'till', 'CEMR', 'deklarationen', 'dir', '2014', '139']
    >>> words("fo\\u0308rslag") == ["förslag"]  # decomposed ö is composed first
    True
    """
    return list(_tokens(text))


@functools.lru_cache(maxsize=8)
def _tokens(text: str) -> tuple[str, ...]:
    """:func:`words` as a tuple, cached: one score tokenises input and gold twice."""
    return tuple(WORD.findall(unicodedata.normalize("NFC", text)))


def squash(text: str) -> str:
    """The NFC-normalised text with each whitespace run made one space, ends stripped.

    >>> squash("  en\\n\\n  gång\\t ")
    'en gång'
    """
    return WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


# Token sequences are compared as strings with one character per distinct token:
# rapidfuzz is faster on str than on lists (which it hashes element by element), and
# equal tokens get equal characters, so distances and opcodes are the same. Code
# points skip the surrogate block; past the last code point the lists are used as is.
_SURROGATES = range(0xD800, 0xE000)
_MAX_CODES = 0x110000 - len(_SURROGATES)


def _encode(*sequences: Sequence[str]) -> tuple[Sequence[str], ...]:
    """The token sequences as strings of one character per token, with a shared code.

    >>> _encode(["en", "gång", "en"], ["gång", "till"])
    ('\\x00\\x01\\x00', '\\x01\\x02')
    """
    distinct = dict.fromkeys(itertools.chain.from_iterable(sequences))
    if len(distinct) > _MAX_CODES:
        return sequences
    skip, start = len(_SURROGATES), _SURROGATES.start
    chars = {token: chr(k if k < start else k + skip) for k, token in enumerate(distinct)}
    return tuple("".join(map(chars.__getitem__, sequence)) for sequence in sequences)


def _distance(a: Sequence[str], b: Sequence[str], estimate: int = 0) -> int:
    """Exact Levenshtein distance, computed in widening bands (rapidfuzz's ``score_hint``).

    The hint only chooses the algorithm, never the result: rapidfuzz tries a band of
    that width and doubles it until the optimal path fits. Starting from the length
    difference (a lower bound) or a caller's ``estimate`` is several times faster than
    the full matrix on long, similar texts.
    """
    return Levenshtein.distance(a, b, score_hint=max(31, abs(len(a) - len(b)), estimate))


def _word_distance(hypothesis: str, reference: str) -> tuple[int, int]:
    """Token Levenshtein distance, and the number of reference tokens."""
    reference_words = _tokens(reference)
    hypothesis_codes, reference_codes = _encode(_tokens(hypothesis), reference_words)
    return _distance(hypothesis_codes, reference_codes), len(reference_words)


def _char_distance(hypothesis: str, reference: str, estimate: int = 0) -> tuple[int, int]:
    """Character Levenshtein distance of the squashed texts, and the reference length."""
    reference_chars = squash(reference)
    return _distance(squash(hypothesis), reference_chars, estimate), len(reference_chars)


def wer(hypothesis: str, reference: str) -> float:
    """Word error rate: token Levenshtein distance / number of reference tokens (min 1).

    Not capped at 1: a hypothesis with many extra words can score above 1.

    >>> wer("det var en gang", "det var en gång")
    0.25
    >>> wer("", "")
    0.0
    >>> wer("tre ord här", "")  # no reference tokens: divide by 1
    3.0
    """
    distance, length = _word_distance(hypothesis, reference)
    return distance / max(1, length)


def cer(hypothesis: str, reference: str) -> float:
    """Character error rate over :func:`squash`-ed text / reference length (min 1).

    >>> cer("kalla", "källa")
    0.2
    >>> cer("en\\n  gång", "en gång")  # whitespace runs count as one space
    0.0
    """
    distance, length = _char_distance(hypothesis, reference)
    return distance / max(1, length)


@functools.lru_cache(maxsize=32)
def _error_rates(hypothesis: str, reference: str) -> tuple[float, float]:
    """``(wer, cer)``, cached: a benchmark scores many outputs against one input and gold.

    The character distance is usually a little above the word distance (1.0 to 1.4
    times on the dev sets); 1.5 times the word distance as rapidfuzz's starting band
    saves most of its widening passes.
    """
    words_distance, words_length = _word_distance(hypothesis, reference)
    chars_distance, chars_length = _char_distance(hypothesis, reference, words_distance * 3 // 2)
    return words_distance / max(1, words_length), chars_distance / max(1, chars_length)


def error_reduction(before: float, after: float) -> float | None:
    """Relative reduction of an error rate: ``(before - after) / before``.

    ``None`` when there was no error to reduce; negative when ``after`` is worse.

    >>> error_reduction(0.5, 0.125)
    0.75
    >>> error_reduction(0.1, 0.2)
    -1.0
    >>> error_reduction(0.0, 0.0) is None
    True
    """
    return None if before == 0 else (before - after) / before


def _ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


# --- alignment -------------------------------------------------------------------


def _changed_blocks(src: Sequence[str], dst: Sequence[str]) -> Iterator[tuple[int, int, int, int]]:
    """Maximal runs of adjacent non-equal Levenshtein opcodes, as ``(i1, i2, j1, j2)``.

    >>> list(_changed_blocks(["a", "b", "c", "d"], ["a", "x", "y", "z", "d"]))
    [(1, 3, 1, 4)]
    """
    block: list[int] | None = None
    for op in Levenshtein.opcodes(src, dst):
        if op.tag == "equal":
            if block is not None:
                yield (block[0], block[1], block[2], block[3])
            block = None
        elif block is None:
            block = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            block[1], block[3] = op.src_end, op.dest_end
    if block is not None:
        yield (block[0], block[1], block[2], block[3])


def _align_linear(src: Sequence[str], dst: Sequence[str]) -> list[str]:
    """Position-by-position alignment of a block too big for the DP.

    Missing destination tokens align to ``''``; surplus ones join the last source token.

    >>> _align_linear(["a", "b", "c"], ["x"])
    ['x', '', '']
    >>> _align_linear(["a", "b"], ["x", "y", "z"])
    ['x', 'y z']
    """
    n, m = len(src), len(dst)
    pieces = list(dst[:n]) + [""] * (n - m)
    if m > n:
        pieces[-1] = " ".join(dst[n - 1:])
    return pieces


def _align_block(src: Sequence[str], dst: Sequence[str]) -> list[str]:
    """Align a changed block whose token counts differ (joins, splits, deletions).

    Weighted edit distance: substituting ``a`` by ``b`` costs their normalised
    character distance, inserting or deleting a token costs 1. The backtrace prefers
    a substitution, then a deletion, then an insertion. Inserted destination tokens
    attach to the next source token (or, at the end, to the last one).

    >>> _align_block(["CEMRdeklarationen"], ["CEMR", "deklarationen"])
    ['CEMR deklarationen']
    >>> _align_block(["for", "slag", "till"], ["förslag"])
    ['', 'förslag', '']
    >>> _align_block(["a", "b"], [])
    ['', '']
    """
    n, m = len(src), len(dst)
    if n * m > MAX_DP_CELLS:
        return _align_linear(src, dst)

    # substitution[i][j] is computed once; the table and the backtrace add the very
    # same floats, so the equality tests of the backtrace are exact.
    substitution = [[Levenshtein.normalized_distance(a, b) for b in dst] for a in src]
    cost = [[float(j) for j in range(m + 1)]]
    for i in range(1, n + 1):
        above, sub = cost[i - 1], substitution[i - 1]
        row = [float(i)]
        for j in range(1, m + 1):
            row.append(min(above[j - 1] + sub[j - 1], above[j] + 1, row[j - 1] + 1))
        cost.append(row)

    path: list[tuple[int | None, int | None]] = []  # built backwards
    i, j = n, m
    while i or j:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + substitution[i - 1][j - 1]:
            i, j = i - 1, j - 1
            path.append((i, j))
        elif i and cost[i][j] == cost[i - 1][j] + 1:
            i -= 1
            path.append((i, None))
        else:
            j -= 1
            path.append((None, j))

    pieces, pending = [""] * n, []
    for i_src, j_dst in reversed(path):
        if i_src is None:
            pending.append(dst[j_dst])  # type: ignore[index]
        else:
            pieces[i_src] = " ".join(pending + ([dst[j_dst]] if j_dst is not None else []))
            pending = []
    if pending:
        pieces[-1] = " ".join([pieces[-1], *pending]).strip()
    return pieces


def align(src_tokens: Sequence[str], dst_tokens: Sequence[str]) -> list[str]:
    """For each source token, the destination text aligned to it (``''`` if deleted).

    Unchanged tokens align to themselves. Each maximal block of changed tokens is
    aligned as follows: blocks of equal length position by position; pure
    insertions join the preceding token (or the first one, at the start); other
    blocks (joins, splits, deletions) by :func:`_align_block`.

    >>> align(["CEMRdeklarationen", "antogs"], ["CEMR", "deklarationen", "antogs"])
    ['CEMR deklarationen', 'antogs']
    >>> align(["for", "slag", "till", "lag"], ["förslag", "till", "lag"])
    ['', 'förslag', 'till', 'lag']
    >>> align(["en", "gang"], ["en", "gång", "till"])
    ['en', 'gång till']
    >>> align(["lag"], ["ny", "lag"])
    ['ny lag']
    """
    aligned = list(src_tokens)
    if aligned == list(dst_tokens):
        return aligned
    for i1, i2, j1, j2 in _changed_blocks(*_encode(src_tokens, dst_tokens)):
        if i2 - i1 == j2 - j1:
            aligned[i1:i2] = dst_tokens[j1:j2]
        elif i1 == i2:  # pure insertion: attach to the neighbouring token
            inserted = " ".join(dst_tokens[j1:j2])
            if i1 > 0:
                aligned[i1 - 1] = f"{aligned[i1 - 1]} {inserted}"
            elif aligned:
                aligned[0] = f"{inserted} {aligned[0]}"
        else:
            aligned[i1:i2] = _align_block(src_tokens[i1:i2], dst_tokens[j1:j2])
    return aligned


@functools.lru_cache(maxsize=16)
def _projection(src_text: str, dst_tokens: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`align` of the text's tokens to ``dst_tokens``, cached: a benchmark projects
    one input onto one gold for every output it scores."""
    return tuple(align(_tokens(src_text), dst_tokens))


def _projections(
    input_text: str, output_text: str, gold_text: str
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Input tokens, and the output and gold text aligned to each of them."""
    return (
        _tokens(input_text),
        _projection(input_text, _tokens(output_text)),
        _projection(input_text, _tokens(gold_text)),
    )


# --- scores ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EditScores:
    """Token edits of one repair, counted over the input tokens.

    ``made``: tokens the output changed; ``needed``: tokens the gold changes;
    ``correct``: changed tokens whose aligned output equals the aligned gold;
    ``fine``: tokens that needed no change; ``harmed``: fine tokens that were changed
    anyway. The ratios are ``None`` when their denominator is 0.

    >>> e = EditScores(tokens=10, made=4, needed=5, correct=3, fine=5, harmed=1)
    >>> e.precision, e.recall, e.harm
    (0.75, 0.6, 0.2)
    >>> EditScores(tokens=0, made=0, needed=0, correct=0, fine=0, harmed=0).precision is None
    True
    """

    tokens: int
    made: int
    needed: int
    correct: int
    fine: int
    harmed: int

    @property
    def precision(self) -> float | None:
        """``correct / made``, or ``None`` when nothing was changed."""
        return _ratio(self.correct, self.made)

    @property
    def recall(self) -> float | None:
        """``correct / needed``, or ``None`` when nothing needed changing."""
        return _ratio(self.correct, self.needed)

    @property
    def harm(self) -> float | None:
        """``harmed / fine``, or ``None`` when no token was fine."""
        return _ratio(self.harmed, self.fine)


def edit_scores(input_text: str, output_text: str, gold_text: str) -> EditScores:
    """Count the token edits of ``output_text`` against ``gold_text``, given the input.

    >>> e = edit_scores("for slag till lag", "forslag till lagg", "förslag till lag")
    >>> e.made, e.needed, e.correct, e.fine, e.harmed  # 'for' -> '' is right, 'slag' is not
    (3, 2, 1, 2, 1)
    >>> e = edit_scores("Forslag till lag", "Förslag till lag", "Förslag till lag")
    >>> e.precision, e.recall, e.harm
    (1.0, 1.0, 0.0)
    """
    src, by_output, by_gold = _projections(input_text, output_text, gold_text)
    made = needed = correct = fine = harmed = 0
    for token, out, gold in zip(src, by_output, by_gold):
        changed = out != token
        if changed:
            made += 1
            if out == gold:
                correct += 1
        if gold != token:
            needed += 1
        else:
            fine += 1
            if changed:
                harmed += 1
    return EditScores(
        tokens=len(src), made=made, needed=needed, correct=correct, fine=fine, harmed=harmed
    )


@dataclass(frozen=True, slots=True)
class Score:
    """Every metric of one (input, output, gold) triple; see the module docstring.

    ``words`` is the number of input tokens; ``harm`` is :attr:`EditScores.harm`.
    :meth:`to_dict` gives the keys and values of the reference scorer's JSON
    (without its ``lines`` counts).
    """

    words: int
    wer_in: float
    wer_out: float
    wer_reduction: float | None
    cer_in: float
    cer_out: float
    cer_reduction: float | None
    edits_made: int
    edits_needed: int
    edits_correct: int
    precision: float | None
    recall: float | None
    harm: float | None

    def to_dict(self) -> dict[str, int | float | None]:
        """The metrics as a plain dict, in field order (ready for ``json.dumps``).

        >>> list(score("a", "a", "a").to_dict())[:3]
        ['words', 'wer_in', 'wer_out']
        """
        return asdict(self)


def score(input_text: str, output_text: str, gold_text: str) -> Score:
    """All metrics of one repair: ``output_text`` made from ``input_text``, judged by ``gold_text``.

    >>> s = score("en gang till", "en gång till", "en gång till")
    >>> s.words, s.wer_in, s.wer_out, s.wer_reduction, s.cer_in
    (3, 0.3333333333333333, 0.0, 1.0, 0.08333333333333333)
    >>> s.edits_made, s.edits_needed, s.edits_correct, s.precision, s.recall, s.harm
    (1, 1, 1, 1.0, 1.0, 0.0)
    """
    edits = edit_scores(input_text, output_text, gold_text)
    wer_in, cer_in = _error_rates(input_text, gold_text)
    wer_out, cer_out = _error_rates(output_text, gold_text)
    return Score(
        words=edits.tokens,
        wer_in=wer_in,
        wer_out=wer_out,
        wer_reduction=error_reduction(wer_in, wer_out),
        cer_in=cer_in,
        cer_out=cer_out,
        cer_reduction=error_reduction(cer_in, cer_out),
        edits_made=edits.made,
        edits_needed=edits.needed,
        edits_correct=edits.correct,
        precision=edits.precision,
        recall=edits.recall,
        harm=edits.harm,
    )


def harm_rate(clean_text: str, output_text: str) -> float:
    """Share of the clean text's tokens that the output changed (gold = input).

    0.0 when the clean text has no tokens: there was nothing to harm.

    >>> harm_rate("det var en gång", "det var en gang")
    0.25
    >>> harm_rate("", "något")
    0.0
    """
    harm = edit_scores(clean_text, output_text, clean_text).harm
    return 0.0 if harm is None else harm


def top_errors(
    input_text: str, output_text: str, gold_text: str, n: int | None = 20
) -> list[tuple[tuple[str, str, str], int]]:
    """The ``n`` most frequent remaining errors as ``((input, output, gold), count)``.

    An error is an input token whose aligned output differs from its aligned gold.
    Ties keep the order of first occurrence; ``n=None`` lists them all.

    >>> top_errors("en gang en gang for", "en gang en gång for", "en gång en gång för")
    [(('gang', 'gang', 'gång'), 1), (('for', 'for', 'för'), 1)]
    """
    src, by_output, by_gold = _projections(input_text, output_text, gold_text)
    wrong = Counter(
        (token, out, gold) for token, out, gold in zip(src, by_output, by_gold) if out != gold
    )
    return wrong.most_common(n)
