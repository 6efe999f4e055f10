"""``svfix bench``: measure svfix (and its peers) on pairs of damaged text and gold.

    svfix bench PAIRS [--by-file] [--json | --csv] [--clean DIR] [--compare]
                      [--plot FILE.png] [--limit N] [--sample-words N]

PAIRS is either

* a folder of ``NAME.ocr.txt`` / ``NAME.gold.txt`` pairs (searched recursively; NAME
  may contain folders), or
* a JSONL file of ``{"ocr": ..., "gold": ..., "name": ...}`` records, one per line
  (``name`` optional: ``line N`` by default; blank lines are skipped).

Every pair is scored with :mod:`svfix.metrics` (the definitions of the project's
reference scorer): WER and CER before and after, their reduction, edit precision and
recall, and harm (tokens that needed no change but were changed). Totals add up the
documents' edit distances and edit counts (a long document weighs more than a short
one). Words per second are input words over the time spent inside the system, in
this process, after a warm-up that loads its data.

``--clean DIR`` measures the harm rate on correct text: every ``*.txt`` in DIR (except
``*.ocr.txt``, so that a pairs folder gives its gold side) goes through each system,
and the share of its tokens that changed is reported. ``--compare`` runs the peers of
:mod:`svfix.baselines` beside svfix; slow ones (Hunspell) run on a sample of about
``--sample-words`` words, cut at paragraphs, and svfix is scored on the same sample
for a fair row.

Malformed input: a pair without its gold (or gold without its OCR), an empty file
or record, an invalid JSONL line or bytes that are not UTF-8 are each reported on
standard error as an ``svfix error:`` line. The valid pairs are still scored and the
table printed, and the exit status is 1, so that a script notices that not every
pair counted. With no valid pair at all nothing is printed but the errors.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import fix
from .config import PRESETS, Config
from .errors import InputError, SvfixError
from .lexicon import Lexicon
from .metrics import Score, edit_scores, score, squash, words

__all__ = [
    "FileResult",
    "Pair",
    "SystemResult",
    "Totals",
    "add_parser",
    "evaluate",
    "format_csv",
    "format_json",
    "format_table",
    "plot",
    "read_clean",
    "read_pairs",
    "run",
    "sample",
    "split_pair",
]

OCR_SUFFIX, GOLD_SUFFIX = ".ocr.txt", ".gold.txt"
EXIT_OK, EXIT_FAILED = 0, 1
#: Pieces of this many words at most when a pair is cut for a sample (and at most half
#: the sample, so that a sample comes from at least two places).
SAMPLE_PIECE_WORDS = 2000
WARM_UP = "Forslag till beslut i kommunfullmaktige om jamstalldhet."
#: Paragraph breaks: a line break, blank lines, a line break (what pieces are cut at).
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")

Fixer = Callable[[str], str]


@dataclass(frozen=True)
class Pair:
    """A damaged text and its gold."""

    name: str
    ocr: str
    gold: str


# --- reading -------------------------------------------------------------------------


def _decode(data: bytes, label: str) -> str:
    """UTF-8 text (a BOM is dropped), or InputError naming the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{label}: not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); save it as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def _read_text(path: Path, label: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{label}: cannot be read: {err.strerror or err}") from None
    text = _decode(data, label)
    if not text.strip():
        raise InputError(f"{label}: is empty")
    return text


def read_pairs(source: str | Path, limit: int | None = None) -> tuple[list[Pair], list[str]]:
    """The valid pairs of a pairs folder or JSONL file, and a message per malformed one.

    ``limit`` stops after that many valid pairs (folders in name order, JSONL in line
    order). Raises :class:`InputError` when ``source`` does not exist.
    """
    path = Path(source)
    if path.is_dir():
        return _read_folder(path, limit)
    if path.is_file():
        return _read_jsonl(path, limit)
    raise InputError(f"{source} does not exist; give a folder of NAME.ocr.txt/NAME.gold.txt pairs or a JSONL file")


def _read_folder(folder: Path, limit: int | None) -> tuple[list[Pair], list[str]]:
    parts: dict[str, dict[str, Path]] = {}
    for suffix, kind in ((OCR_SUFFIX, "ocr"), (GOLD_SUFFIX, "gold")):
        for path in folder.rglob(f"*{suffix}"):
            if path.is_file():
                name = path.relative_to(folder).as_posix()[: -len(suffix)]
                parts.setdefault(name, {})[kind] = path
    if not parts:
        raise InputError(f"{folder} has no NAME{OCR_SUFFIX} / NAME{GOLD_SUFFIX} pairs")
    pairs: list[Pair] = []
    problems: list[str] = []
    for name in sorted(parts):
        if limit is not None and len(pairs) >= limit:
            break
        found = parts[name]
        if "gold" not in found:
            problems.append(f"{found['ocr']}: has no gold {name}{GOLD_SUFFIX} beside it; pair skipped")
            continue
        if "ocr" not in found:
            problems.append(f"{found['gold']}: has no {name}{OCR_SUFFIX} beside it; pair skipped")
            continue
        try:
            ocr = _read_text(found["ocr"], str(found["ocr"]))
            gold = _read_text(found["gold"], str(found["gold"]))
        except InputError as err:
            problems.append(f"{err}; pair skipped")
            continue
        pairs.append(Pair(name, ocr, gold))
    return pairs, problems


def _read_jsonl(path: Path, limit: int | None) -> tuple[list[Pair], list[str]]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot be read: {err.strerror or err}") from None
    pairs: list[Pair] = []
    problems: list[str] = []
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").splitlines(), 1):
        if limit is not None and len(pairs) >= limit:
            break
        label = f"{path}:{number}"
        if not raw.strip():
            continue
        try:
            record = json.loads(_decode(raw, label))
        except InputError as err:
            problems.append(f"{err}; record skipped")
            continue
        except json.JSONDecodeError as err:
            problems.append(f"{label}: not valid JSON ({err.msg} at column {err.colno}); record skipped")
            continue
        if not isinstance(record, dict):
            problems.append(f"{label}: a record must be a JSON object with \"ocr\" and \"gold\"; record skipped")
            continue
        bad = [key for key in ("ocr", "gold") if not isinstance(record.get(key), str)]
        if bad:
            problems.append(f"{label}: needs a string {' and '.join(map(repr, bad))}; record skipped")
            continue
        empty = [key for key in ("ocr", "gold") if not record[key].strip()]
        if empty:
            problems.append(f"{label}: {' and '.join(map(repr, empty))} is empty; record skipped")
            continue
        name = record.get("name")
        pairs.append(Pair(name if isinstance(name, str) and name else f"line {number}", record["ocr"], record["gold"]))
    return pairs, problems


def read_clean(folder: str | Path) -> tuple[list[Pair], list[str]]:
    """Correct texts for the harm rate: every ``*.txt`` under ``folder`` but ``*.ocr.txt``,
    as pairs whose OCR is their gold."""
    path = Path(folder)
    if not path.is_dir():
        raise InputError(f"--clean {folder}: not a folder; give a folder of correct *.txt files")
    texts: list[Pair] = []
    problems: list[str] = []
    for file in sorted(path.rglob("*.txt")):
        if not file.is_file() or file.name.endswith(OCR_SUFFIX):
            continue
        try:
            text = _read_text(file, str(file))
        except InputError as err:
            problems.append(f"{err}; skipped for harm")
            continue
        name = file.relative_to(path).as_posix()
        texts.append(Pair(name, text, text))
    if not texts and not problems:
        raise InputError(f"--clean {folder}: has no *.txt files")
    return texts, problems


# --- samples -------------------------------------------------------------------------


def split_pair(pair: Pair, max_words: int) -> list[Pair]:
    """``pair`` cut into pieces of about ``max_words`` words at paragraph breaks.

    Only when the OCR and the gold have the same number of paragraphs (so that the
    pieces correspond); otherwise the pair stays whole.

    >>> [p.name for p in split_pair(Pair("a", "en\\n\\ntva\\n\\ntre", "en\\n\\ntvå\\n\\ntre"), 2)]
    ['a#1', 'a#2']
    """
    ocr_parts = PARAGRAPH_BREAK.split(pair.ocr)
    gold_parts = PARAGRAPH_BREAK.split(pair.gold)
    if len(ocr_parts) != len(gold_parts) or len(words(pair.ocr)) <= max_words:
        return [pair]
    pieces: list[Pair] = []
    start = count = 0
    for i, part in enumerate(ocr_parts):
        count += len(words(part))
        if count >= max_words or i == len(ocr_parts) - 1:
            name = f"{pair.name}#{len(pieces) + 1}"
            pieces.append(Pair(name, "\n\n".join(ocr_parts[start : i + 1]), "\n\n".join(gold_parts[start : i + 1])))
            start, count = i + 1, 0
    return pieces


def sample(pairs: Sequence[Pair], max_words: int) -> list[Pair]:
    """About ``max_words`` words of ``pairs``: pieces (:func:`split_pair`, at most half the
    sample each) picked at even steps through the set, so that it is represented from
    end to end. All of it when it is small enough.

    >>> len(sample([Pair(str(i), "ord " * 10, "ord " * 10) for i in range(10)], 30))
    3
    """
    if sum(len(words(p.ocr)) for p in pairs) <= max_words:
        return list(pairs)
    piece_words = max(1, min(max_words // 2, SAMPLE_PIECE_WORDS))
    pieces = [piece for pair in pairs for piece in split_pair(pair, piece_words)]
    sizes = [len(words(p.ocr)) for p in pieces]
    average = sum(sizes) / len(pieces)
    count = max(1, min(len(pieces), math.ceil(max_words / average)))
    step = len(pieces) / count
    chosen = sorted({int(i * step) for i in range(count)})
    return [pieces[i] for i in chosen]


# --- scoring -------------------------------------------------------------------------


@dataclass(frozen=True)
class FileResult:
    """One system on one pair: its :class:`~svfix.metrics.Score` and the time it took."""

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


# --- the command ---------------------------------------------------------------------


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``svfix bench`` to the ``svfix`` command's subparsers."""
    bench = commands.add_parser(
        "bench", help="score svfix (and its peers) on pairs of damaged text and gold",
        description="Score svfix on a folder of NAME.ocr.txt/NAME.gold.txt pairs or a JSONL file of "
                    '{"ocr", "gold", "name"} records: CER and WER before and after, error reduction, '
                    "edit precision and recall, harm, words/s.",
    )
    bench.add_argument("pairs", metavar="PAIRS", help="a folder of NAME.ocr.txt / NAME.gold.txt pairs, or a JSONL file")
    bench.add_argument("--by-file", action="store_true", help="also show every pair's scores")
    output = bench.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON instead of a table")
    output.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    bench.add_argument("--clean", metavar="DIR", help="measure harm on the correct *.txt files of DIR")
    bench.add_argument("--compare", action="store_true",
                       help="run the peers beside svfix (needs: pip install 'svfix[bench]')")
    bench.add_argument("--plot", metavar="FILE.png", help="draw error before vs after per document (needs svfix[plot])")
    bench.add_argument("--limit", type=int, metavar="N", help="score at most N pairs (the first N valid ones)")
    bench.add_argument("--sample-words", type=int, default=2000, metavar="N",
                       help="words of the sample that slow peers (Hunspell) run on (default 2000)")
    bench.add_argument("--words", metavar="FILE", action="append", default=[],
                       help="a UTF-8 list of words svfix should know and never change, one per line")
    bench.add_argument("--preset", choices=sorted(PRESETS), default="default", help="svfix's named settings")
    bench.add_argument("--min-confidence", type=float, metavar="P", help="svfix's confidence threshold (0.5-1.0)")
    return bench


def _fail(message: str) -> None:
    print(f"svfix error: {message}", file=sys.stderr)


def _systems(args: argparse.Namespace) -> tuple[dict[str, Fixer], set[str]]:
    config = Config.preset(args.preset)
    if args.min_confidence is not None:
        config = config.with_changes(min_confidence=args.min_confidence)
    lexicon = Lexicon.default()
    for path in args.words:
        lexicon = Lexicon.from_file(path, words=lexicon.user_words)

    def svfix_fixer(text: str) -> str:
        return fix(text, config, lexicon)

    if not args.compare:
        return {"svfix": svfix_fixer}, set()
    from . import baselines

    absent = baselines.missing()
    if absent:
        raise SvfixError(
            f"--compare needs the benchmark peers, and {', '.join(absent)} "
            f"{'is' if len(absent) == 1 else 'are'} not installed: pip install 'svfix[bench]'"
        )
    systems = {name: baselines.make(name) for name in baselines.PEERS}
    systems["svfix"] = svfix_fixer
    return systems, set(baselines.SLOW)


def run(args: argparse.Namespace) -> int:
    """Run ``svfix bench`` for parsed arguments; the exit status."""
    if args.limit is not None and args.limit < 1:
        raise SvfixError("--limit must be at least 1")
    if args.sample_words < 1:
        raise SvfixError("--sample-words must be at least 1")
    if args.plot:
        _pyplot()  # fail before the work when matplotlib is missing
    pairs, problems = read_pairs(args.pairs, args.limit)
    clean: list[Pair] = []
    if args.clean:
        clean, clean_problems = read_clean(args.clean)
        problems += clean_problems
    for problem in problems:
        _fail(problem)
    if not pairs:
        _fail(f"no valid pair to score in {args.pairs}; fix the errors above")
        return EXIT_FAILED
    systems, slow = _systems(args)
    progress = (lambda message: print(f"svfix bench: {message}", file=sys.stderr)) if sys.stderr.isatty() else None
    results = compare(pairs, systems, clean, slow, args.sample_words, progress)
    title = f"svfix bench: {len(pairs)} pairs, {_words_in(pairs):,} words from {args.pairs}"
    if clean:
        title += f"; harm on {len(clean)} clean texts from {args.clean}"
    if args.json:
        meta = {"source": str(args.pairs), "pairs": len(pairs), "clean": args.clean, "problems": problems}
        sys.stdout.write(format_json(results, args.by_file, meta))
    elif args.csv:
        sys.stdout.write(format_csv(results, args.by_file))
    else:
        sys.stdout.write(format_table(results, args.by_file, title))
    if args.plot:
        plot(results, args.plot, title)
        print(f"svfix bench: plot written to {args.plot}", file=sys.stderr)
    if problems:
        _fail(f"{len(problems)} input{'s' if len(problems) > 1 else ''} could not be scored (see above); "
              f"the table covers the {len(pairs)} valid pairs")
        return EXIT_FAILED
    return EXIT_OK
