"""Pairs of damaged text and gold, read from a folder or a JSONL file, and samples of them.

A folder (searched recursively; NAME may contain folders) holds pairs named either way:

* ``NAME.ocr.txt`` and ``NAME.gold.txt``;
* ``NAME.gt.txt`` (the ground truth, as OCR ground-truth sets name it) beside the OCR
  ``NAME.txt``, or beside ``NAME.ocr.txt``.

A ``.txt`` file that is none of these (a README) is not part of a pair. A JSONL file
holds one ``{"ocr": ..., "gold": ..., "name": ...}`` record a line. Malformed input (a
gold without its OCR, an OCR file without gold, two candidates for one side) is
reported, never fatal.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .metrics import words

OCR_SUFFIX, GOLD_SUFFIX = ".ocr.txt", ".gold.txt"
#: Ground truth as OCR ground-truth sets name it, beside the OCR ``NAME.txt``.
GT_SUFFIX, TXT_SUFFIX = ".gt.txt", ".txt"
#: The suffixes of a pairs folder's files, longest first, and which side each names.
_SIDES = ((OCR_SUFFIX, "ocr"), (GOLD_SUFFIX, "gold"), (GT_SUFFIX, "gt"), (TXT_SUFFIX, "txt"))
#: Pieces of this many words at most when a pair is cut for a sample (and at most half
#: the sample, so that a sample comes from at least two places).
SAMPLE_PIECE_WORDS = 2000
#: Paragraph breaks: a line break, blank lines, a line break (what pieces are cut at).
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


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
    raise InputError(f"{source} does not exist; give a folder of NAME.ocr.txt/NAME.gold.txt (or NAME.txt/NAME.gt.txt) "
                     "pairs or a JSONL file")


def _sides(folder: Path) -> dict[str, dict[str, Path]]:
    """Every ``*.txt`` under ``folder`` by NAME (its path without the suffix) and side."""
    parts: dict[str, dict[str, Path]] = {}
    for path in folder.rglob(f"*{TXT_SUFFIX}"):
        if not path.is_file():
            continue
        relative = path.relative_to(folder).as_posix()
        for suffix, side in _SIDES:
            if relative.endswith(suffix):
                parts.setdefault(relative[: -len(suffix)], {})[side] = path
                break
    return parts


def _read_folder(folder: Path, limit: int | None) -> tuple[list[Pair], list[str]]:
    parts = {name: found for name, found in _sides(folder).items() if set(found) != {"txt"}}
    if not parts:
        raise InputError(f"{folder} has no NAME{OCR_SUFFIX} / NAME{GOLD_SUFFIX} pairs "
                         f"(nor NAME{TXT_SUFFIX} / NAME{GT_SUFFIX})")
    pairs: list[Pair] = []
    problems: list[str] = []
    for name in sorted(parts):
        if limit is not None and len(pairs) >= limit:
            break
        found = parts[name]
        if "gold" in found and "gt" in found:
            problems.append(f"{found['gt']}: both {name}{GOLD_SUFFIX} and {name}{GT_SUFFIX} are gold for {name}; "
                            "keep one; pair skipped")
            continue
        gold = found.get("gold") or found.get("gt")
        ocr = found.get("ocr")
        if "gt" in found and "txt" in found:
            if ocr is not None:
                problems.append(f"{found['gt']}: both {name}{TXT_SUFFIX} and {name}{OCR_SUFFIX} are beside it as OCR; "
                                "keep one; pair skipped")
                continue
            ocr = found["txt"]
        if gold is None:
            problems.append(f"{ocr}: has no gold {name}{GOLD_SUFFIX} (or {name}{GT_SUFFIX}) beside it; pair skipped")
            continue
        if ocr is None:
            wanted = f"{name}{OCR_SUFFIX}" if "gold" in found else f"{name}{TXT_SUFFIX} or {name}{OCR_SUFFIX}"
            problems.append(f"{gold}: has no {wanted} beside it; pair skipped")
            continue
        try:
            ocr_text = _read_text(ocr, str(ocr))
            gold_text = _read_text(gold, str(gold))
        except InputError as err:
            problems.append(f"{err}; pair skipped")
            continue
        pairs.append(Pair(name, ocr_text, gold_text))
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
    """Correct texts for the harm rate: every ``*.txt`` under ``folder`` but OCR (a
    ``*.ocr.txt``, or a ``NAME.txt`` beside a ``NAME.gt.txt``), as pairs whose OCR is
    their gold; a pairs folder gives its gold side."""
    path = Path(folder)
    if not path.is_dir():
        raise InputError(f"--clean {folder}: not a folder; give a folder of correct *.txt files")
    sides = _sides(path)
    texts: list[Pair] = []
    problems: list[str] = []
    for name, found in sorted(sides.items()):
        for side, file in sorted(found.items()):
            if side == "ocr" or (side == "txt" and "gt" in found):
                continue
            try:
                text = _read_text(file, str(file))
            except InputError as err:
                problems.append(f"{err}; skipped for harm")
                continue
            texts.append(Pair(file.relative_to(path).as_posix(), text, text))
    texts.sort(key=lambda pair: pair.name)
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
