"""``svfix bench``: measure svfix (and its peers) on pairs of damaged text and gold.

    svfix bench PAIRS [--by-file] [--json | --csv] [--clean DIR] [--compare]
                      [--plot FILE.png] [--limit N] [--sample-words N]

PAIRS is either

* a folder of ``NAME.ocr.txt`` / ``NAME.gold.txt`` pairs, or of ``NAME.txt`` (the OCR)
  / ``NAME.gt.txt`` (the ground truth) pairs as OCR ground-truth sets name them
  (``NAME.ocr.txt`` / ``NAME.gt.txt`` too), searched recursively (NAME may contain
  folders; a ``.txt`` file of neither kind, a README, is left alone), or
* a JSONL file of ``{"ocr": ..., "gold": ..., "name": ...}`` records, one per line
  (``name`` optional: ``line N`` by default; blank lines are skipped).

Every pair is scored with :mod:`svfix.evaluation.metrics` (the definitions of the project's
reference scorer): WER and CER before and after, their reduction, edit precision and
recall, and harm (tokens that needed no change but were changed). Totals add up the
documents' edit distances and edit counts (a long document weighs more than a short
one). Words per second are input words over the time spent inside the system, in
this process, after a warm-up that loads its data.

``--clean DIR`` measures the harm rate on correct text: every ``*.txt`` in DIR (except
OCR: ``*.ocr.txt``, and ``NAME.txt`` beside a ``NAME.gt.txt``, so that a pairs folder
gives its gold side) goes through each system,
and the share of its tokens that changed is reported. ``--compare`` runs the peers of
:mod:`svfix.evaluation.baselines` beside svfix; slow ones (Hunspell) run on a sample of about
``--sample-words`` words, cut at paragraphs, and svfix is scored on the same sample
for a fair row.

Malformed input: a pair without its gold (or gold without its OCR), an empty file
or record, an invalid JSONL line or bytes that are not UTF-8 are each reported on
standard error as an ``svfix error:`` line. The valid pairs are still scored and the
table printed, and the exit status is 1, so that a script notices that not every
pair counted. With no valid pair at all nothing is printed but the errors.
"""
from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SvfixError
from .metrics import Score, edit_scores, score, squash, words
from .pairs import Pair, read_clean, read_pairs, sample, split_pair

__all__ = [
    "FileResult",
    "Pair",
    "SystemResult",
    "Totals",
    "evaluate",
    "format_csv",
    "format_json",
    "format_table",
    "plot",
    "read_clean",
    "read_pairs",
    "sample",
    "split_pair",
]

WARM_UP = "Forslag till beslut i kommunfullmaktige om jamstalldhet."

Fixer = Callable[[str], str]


# --- scoring -------------------------------------------------------------------------


@dataclass(frozen=True)
class FileResult:
    """One system on one pair: its :class:`~svfix.evaluation.metrics.Score` and the time it took."""

    name: str
    score: Score
    seconds: float
    gold_words: int
    gold_chars: int


def _distance(rate: float, length: int) -> int:
    """The edit distance behind an error rate (``metrics`` divides by ``max(1, length)``)."""
    return round(rate * max(1, length))


@dataclass(frozen=True)
class Totals:
    """Several pairs' scores added up: distances and edit counts, then the ratios."""

    documents: int = 0
    words: int = 0
    gold_words: int = 0
    gold_chars: int = 0
    wer_distance_in: int = 0
    wer_distance_out: int = 0
    cer_distance_in: int = 0
    cer_distance_out: int = 0
    made: int = 0
    needed: int = 0
    correct: int = 0
    fine: int = 0
    harmed: int = 0
    seconds: float = 0.0

    @classmethod
    def of(cls, results: Iterable[FileResult]) -> "Totals":
        total = cls()
        for r in results:
            s = r.score
            fine = s.words - s.edits_needed
            total = cls(
                documents=total.documents + 1,
                words=total.words + s.words,
                gold_words=total.gold_words + max(1, r.gold_words),
                gold_chars=total.gold_chars + max(1, r.gold_chars),
                wer_distance_in=total.wer_distance_in + _distance(s.wer_in, r.gold_words),
                wer_distance_out=total.wer_distance_out + _distance(s.wer_out, r.gold_words),
                cer_distance_in=total.cer_distance_in + _distance(s.cer_in, r.gold_chars),
                cer_distance_out=total.cer_distance_out + _distance(s.cer_out, r.gold_chars),
                made=total.made + s.edits_made,
                needed=total.needed + s.edits_needed,
                correct=total.correct + s.edits_correct,
                fine=total.fine + fine,
                harmed=total.harmed + (round(s.harm * fine) if s.harm is not None else 0),
                seconds=total.seconds + r.seconds,
            )
        return total

    @staticmethod
    def _ratio(part: float, whole: float) -> float | None:
        return None if whole == 0 else part / whole

    @property
    def wer_before(self) -> float | None:
        return self._ratio(self.wer_distance_in, self.gold_words)

    @property
    def wer_after(self) -> float | None:
        return self._ratio(self.wer_distance_out, self.gold_words)

    @property
    def cer_before(self) -> float | None:
        return self._ratio(self.cer_distance_in, self.gold_chars)

    @property
    def cer_after(self) -> float | None:
        return self._ratio(self.cer_distance_out, self.gold_chars)

    @property
    def wer_reduction(self) -> float | None:
        return self._ratio(self.wer_distance_in - self.wer_distance_out, self.wer_distance_in)

    @property
    def cer_reduction(self) -> float | None:
        return self._ratio(self.cer_distance_in - self.cer_distance_out, self.cer_distance_in)

    @property
    def precision(self) -> float | None:
        return self._ratio(self.correct, self.made)

    @property
    def recall(self) -> float | None:
        return self._ratio(self.correct, self.needed)

    @property
    def harm(self) -> float | None:
        return self._ratio(self.harmed, self.fine)

    @property
    def words_per_second(self) -> float | None:
        return self._ratio(self.words, self.seconds)

    def to_dict(self) -> dict[str, float | int | None]:
        return {
            "documents": self.documents,
            "words": self.words,
            "wer_before": self.wer_before,
            "wer_after": self.wer_after,
            "wer_reduction": self.wer_reduction,
            "cer_before": self.cer_before,
            "cer_after": self.cer_after,
            "cer_reduction": self.cer_reduction,
            "edits_made": self.made,
            "edits_needed": self.needed,
            "edits_correct": self.correct,
            "fine": self.fine,
            "harmed": self.harmed,
            "precision": self.precision,
            "recall": self.recall,
            "harm": self.harm,
            "seconds": self.seconds,
            "words_per_second": self.words_per_second,
        }


@dataclass(frozen=True)
class CleanHarm:
    """Tokens of correct text that a system changed."""

    documents: int
    tokens: int
    harmed: int

    @property
    def rate(self) -> float | None:
        return None if self.tokens == 0 else self.harmed / self.tokens


@dataclass
class SystemResult:
    """One system on a benchmark: per-pair results, harm on clean text, and a note
    (``sample`` says it ran on a sample of the pairs)."""

    name: str
    files: list[FileResult]
    clean: CleanHarm | None = None
    note: str = ""
    sample: bool = False
    totals: Totals = field(init=False)

    def __post_init__(self) -> None:
        self.totals = Totals.of(self.files)


def evaluate(fixer: Fixer, pairs: Iterable[Pair]) -> list[FileResult]:
    """Run ``fixer`` on each pair's OCR (timed) and score its output against the gold."""
    results = []
    for pair in pairs:
        start = time.perf_counter()
        output = fixer(pair.ocr)
        seconds = time.perf_counter() - start
        results.append(FileResult(pair.name, score(pair.ocr, output, pair.gold), seconds,
                                  len(words(pair.gold)), len(squash(pair.gold))))
    return results


def clean_harm(fixer: Fixer, texts: Iterable[Pair]) -> CleanHarm:
    """The share of correct text's tokens that ``fixer`` changes."""
    documents = tokens = harmed = 0
    for text in texts:
        edits = edit_scores(text.gold, fixer(text.gold), text.gold)
        documents += 1
        tokens += edits.tokens
        harmed += edits.harmed
    return CleanHarm(documents, tokens, harmed)


def _words_in(pairs: Iterable[Pair]) -> int:
    return sum(len(words(p.ocr)) for p in pairs)


def compare(
    pairs: Sequence[Pair],
    systems: dict[str, Fixer],
    clean: Sequence[Pair] = (),
    slow: Iterable[str] = (),
    sample_words: int = 2000,
    progress: Callable[[str], None] | None = None,
) -> list[SystemResult]:
    """Every system on every pair (and on ``clean``), in the order given. Systems named
    in ``slow`` run on :func:`sample` of the pairs and of the clean texts; ``svfix`` is
    then scored on the same sample too, in a row of its own."""
    slow = set(slow) & set(systems)
    sampled = sample(pairs, sample_words) if slow else []
    sampled_clean = sample(clean, sample_words) if slow and clean else []
    note = f"sample: {_words_in(sampled):,} words in {len(sampled)} piece{'s' if len(sampled) != 1 else ''}"
    results: list[SystemResult] = []
    for name, fixer in systems.items():
        fixer(WARM_UP)
        if progress:
            progress(f"scoring {name}")
        is_slow = name in slow
        use_pairs, use_clean = (sampled, sampled_clean) if is_slow else (pairs, clean)
        results.append(SystemResult(
            name, evaluate(fixer, use_pairs), clean_harm(fixer, use_clean) if clean else None,
            note if is_slow else "", is_slow,
        ))
    if slow and "svfix" in systems:
        fixer = systems["svfix"]
        results.append(SystemResult(
            "svfix (same sample)", evaluate(fixer, sampled),
            clean_harm(fixer, sampled_clean) if clean else None, note, True,
        ))
    return results


# --- output --------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.2f}%"


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


SUMMARY_COLUMNS = (
    "system", "docs", "words", "WER before", "WER after", "WER red.", "CER before", "CER after", "CER red.",
    "precision", "recall", "harm", "clean harm", "words/s",
)
FILE_COLUMNS = (
    "file", "words", "WER before", "WER after", "WER red.", "CER before", "CER after", "CER red.",
    "precision", "recall", "harm", "seconds",
)


def _summary_row(result: SystemResult) -> list[str]:
    t = result.totals
    clean = "—" if result.clean is None else _pct(result.clean.rate)
    name = result.name + (" *" if result.sample else "")
    return [
        name, str(t.documents), f"{t.words:,}", _pct(t.wer_before), _pct(t.wer_after), _pct(t.wer_reduction),
        _pct(t.cer_before), _pct(t.cer_after), _pct(t.cer_reduction), _pct(t.precision), _pct(t.recall),
        _pct(t.harm), clean, "—" if result.name == "identity" else _rate(t.words_per_second),
    ]


def _file_row(r: FileResult) -> list[str]:
    s = r.score
    return [
        r.name, f"{s.words:,}", _pct(s.wer_in), _pct(s.wer_out), _pct(s.wer_reduction), _pct(s.cer_in),
        _pct(s.cer_out), _pct(s.cer_reduction), _pct(s.precision), _pct(s.recall), _pct(s.harm), f"{r.seconds:.3f}",
    ]


def _aligned(header: Sequence[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    lines = []
    for row in [list(header), *rows]:
        cells = [cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    return lines


def format_table(results: Sequence[SystemResult], by_file: bool = False, title: str = "") -> str:
    """The results as an aligned text table (and a table per system with ``by_file``)."""
    lines = [title] if title else []
    lines += _aligned(SUMMARY_COLUMNS, [_summary_row(r) for r in results])
    notes = sorted({r.note for r in results if r.sample and r.note})
    for note in notes:
        lines.append(f"* slow peer, scored on a {note} (svfix on the same sample in its own row)")
    if by_file:
        for result in results:
            lines += ["", f"{result.name}:"]
            lines += _aligned(FILE_COLUMNS, [_file_row(f) for f in result.files])
    return "\n".join(lines) + "\n"


def _clean_dict(clean: CleanHarm | None) -> dict[str, object] | None:
    if clean is None:
        return None
    return {"documents": clean.documents, "tokens": clean.tokens, "harmed": clean.harmed, "rate": clean.rate}


def format_json(results: Sequence[SystemResult], by_file: bool = False, meta: dict | None = None) -> str:
    """The results as one JSON object: ``systems`` (totals per system) and, with
    ``by_file``, ``files`` (every metric of every pair, per system)."""
    document: dict[str, object] = dict(meta or {})
    document["systems"] = [
        {"system": r.name, "sample": r.sample, "note": r.note, **r.totals.to_dict(), "clean_harm": _clean_dict(r.clean)}
        for r in results
    ]
    if by_file:
        document["files"] = [
            {"system": r.name, "file": f.name, **f.score.to_dict(), "seconds": f.seconds}
            for r in results for f in r.files
        ]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


CSV_FIELDS = (
    "system", "file", "words", "wer_before", "wer_after", "wer_reduction", "cer_before", "cer_after",
    "cer_reduction", "edits_made", "edits_needed", "edits_correct", "precision", "recall", "harm",
    "clean_harm", "seconds", "words_per_second",
)


def format_csv(results: Sequence[SystemResult], by_file: bool = False) -> str:
    """The results as CSV: a row per system with ``file`` = ``(all)``, and with
    ``by_file`` a row per system and pair."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in results:
        t = r.totals.to_dict()
        writer.writerow({
            "system": r.name, "file": "(all)", **{k: t[k] for k in CSV_FIELDS if k in t},
            "clean_harm": None if r.clean is None else r.clean.rate,
        })
        if by_file:
            for f in r.files:
                s = f.score
                writer.writerow({
                    "system": r.name, "file": f.name, "words": s.words, "wer_before": s.wer_in,
                    "wer_after": s.wer_out, "wer_reduction": s.wer_reduction, "cer_before": s.cer_in,
                    "cer_after": s.cer_out, "cer_reduction": s.cer_reduction, "edits_made": s.edits_made,
                    "edits_needed": s.edits_needed, "edits_correct": s.edits_correct, "precision": s.precision,
                    "recall": s.recall, "harm": s.harm, "seconds": f.seconds,
                    "words_per_second": s.words / f.seconds if f.seconds else None,
                })
    return out.getvalue()


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise SvfixError("--plot needs matplotlib, which is not installed: pip install 'svfix[plot]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot

    return pyplot


def plot(results: Sequence[SystemResult], path: str | Path, title: str = "") -> None:
    """Draw WER and CER before (x) against after (y), one point per document and system,
    with the diagonal of no change, into a PNG file."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(1, 2, figsize=(11, 5), constrained_layout=True)
    shown = [r for r in results if r.name != "identity" and not r.name.endswith("(same sample)")]
    for ax, metric, label in ((axes[0], "wer", "WER"), (axes[1], "cer", "CER")):
        top = 0.0
        for i, result in enumerate(shown):
            before = [100 * getattr(f.score, f"{metric}_in") for f in result.files]
            after = [100 * getattr(f.score, f"{metric}_out") for f in result.files]
            top = max([top, *before, *after])
            ax.scatter(before, after, s=16, alpha=0.7, label=result.name + (" (sample)" if result.sample else ""),
                       marker="os^vD<>p"[i % 8])
        top = top * 1.05 or 1.0
        ax.plot([0, top], [0, top], color="grey", linewidth=0.8, linestyle="--", label="no change")
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        ax.set_xlabel(f"{label} before, %")
        ax.set_ylabel(f"{label} after, %")
        ax.set_title(f"{label} per document")
        ax.legend(fontsize=8)
    if title:
        figure.suptitle(title)
    figure.savefig(path, dpi=110)
    pyplot.close(figure)
