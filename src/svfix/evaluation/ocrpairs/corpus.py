"""The OCR training and evaluation sets: which paragraphs of ``../shared/corpora`` they are
made from, and how each set is made.

The split is :mod:`svfix.evaluation.corpora`'s, the one every build of svfix uses
(lexicon, language model): the training sets take only paragraphs that
``corpora.paragraphs(shared, source)`` gives as training text, the evaluation sets only
paragraphs it holds out (``held_out=True``: one paragraph in eight by SHA-1, and the
born-digital Riksdag documents of ``corpora.held_out_documents`` whole), so svfix is never
evaluated on OCR pages of text a model of it was trained on. On top of that split:

1. each paragraph is normalised to what is drawn (:func:`~.layout.normalize_text`), and
   paragraphs of fewer than :data:`MIN_WORDS` words are skipped; an exact duplicate within
   a source is kept once;
2. the drawn text itself must be on its paragraph's side. A drawn text *looks held out*
   when its SHA-1 says so or it is a paragraph of a held-out document
   (:func:`held_out_texts`). A training paragraph is used only when its drawn text does
   not look held out; an evaluation paragraph only when it does and it never occurs in
   the training text of any source of ``corpora.SOURCES`` (:func:`learned_texts`: the
   committee formulas a held-out document shares with others, which every build learned;
   31 texts in ``../shared/corpora``). This makes the drawn texts of training and
   evaluation pages disjoint, and keeps every text a build learned out of evaluation;
3. each set takes every source's paragraphs in the order of
   ``random.Random(f"{seed}:{source}").shuffle(...)`` with the set's own seed, and draws
   each page's source with the weights :data:`PAGE_WEIGHTS` (official prose 60 %, other
   registers 40 %).

``../shared/dev`` and ``../shared/examples`` are never read. Rebuild the six sets
(about 22 minutes on two cores), or small versions of them::

    python -m svfix.evaluation.ocrpairs build-sets --shared ../shared --out ocr-sets
    python -m svfix.evaluation.ocrpairs build-sets --out ocr-small --pages-scale 0.05 --only eval-swe,train-swe

>>> SETS["eval-swehard"]
OcrSet(name='eval-swehard', lang='swe', profiles=('photocopy',), pages=40, held_out=True, seed=2002)
>>> round(sum(PAGE_WEIGHTS.values()), 6)
1.0
"""
from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ...errors import InputError
from .. import corpora
from .layout import normalize_text
from .pages import PageRecord, make_pages

__all__ = ["MIN_WORDS", "PAGE_WEIGHTS", "SETS", "OcrSet", "build_sets", "held_out_texts", "iter_build_sets", "learned_texts",
           "source_paragraphs"]

#: Paragraphs of fewer words (space-separated, after normalisation) are not drawn.
MIN_WORDS = 8

#: The weight of each source of :mod:`svfix.evaluation.corpora` when a page's source is
#: drawn: official prose (statutes, Riksdag documents, interpellations) 60 %, fiction,
#: news and essays 40 %.
PAGE_WEIGHTS: Mapping[str, float] = MappingProxyType({
    "sfs": 0.2, "riksdag": 0.2, "interpellations": 0.2,
    "lagerlof": 0.1, "eltec": 0.1, "news": 0.1, "cfi": 0.1,
})


@dataclass(frozen=True)
class OcrSet:
    """One set of OCR pairs: its Tesseract language, profiles, size, side and seed.

    Attributes:
        name: the set's folder, and the prefix of its page ids (``<name>-00001``).
        lang: the Tesseract language model it is read with.
        profiles: the degradation profiles, drawn per page with equal weight.
        pages: its number of pages (times ``--pages-scale``).
        held_out: made of held-out text (an evaluation set), else of training text.
        seed: the seed of every random choice of the set.
    """

    name: str
    lang: str
    profiles: tuple[str, ...]
    pages: int
    held_out: bool
    seed: int


#: The six sets: Tesseract's English model on clean, mildly degraded and scanned pages
#: (many OCR errors: no Swedish letters), its Swedish model on photocopies (harder) and on
#: clean to scanned pages (few errors); each for training and for evaluation.
SETS: Mapping[str, OcrSet] = MappingProxyType({s.name: s for s in (
    OcrSet("train-eng", "eng", ("clean", "mild", "scan"), 240, False, 1001),
    OcrSet("train-swehard", "swe", ("photocopy",), 240, False, 1002),
    OcrSet("train-swe", "swe", ("clean", "mild", "scan"), 120, False, 1003),
    OcrSet("eval-eng", "eng", ("clean", "mild", "scan"), 40, True, 2001),
    OcrSet("eval-swehard", "swe", ("photocopy",), 40, True, 2002),
    OcrSet("eval-swe", "swe", ("clean", "mild", "scan"), 40, True, 2003),
)})


def _drawn(paragraph: str) -> str:
    return normalize_text(corpora.normalise(paragraph))


def held_out_texts(shared: Path) -> frozenset[str]:
    """The drawn texts of the paragraphs of the documents every build holds out whole
    (``corpora.held_out_documents``): never training text, in any source."""
    texts: set[str] = set()
    for path in corpora.held_out_documents(shared):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                text = _drawn(line)
                if len(text.split(" ")) >= MIN_WORDS:
                    texts.add(text)
    return frozenset(texts)


def _looks_held_out(text: str, documents: frozenset[str]) -> bool:
    return corpora.paragraph_is_held_out(text) or text in documents


def learned_texts(shared: Path, documents: frozenset[str],
                  sources: Sequence[corpora.Source] = corpora.SOURCES) -> frozenset[str]:
    """The drawn texts that look held out (by SHA-1, or as paragraphs of the held-out
    ``documents``) but also occur in the training text of one of ``sources``: every build
    learned them, so no evaluation page holds them. Reads all the training text once
    (about 25 s for ``../shared/corpora``)."""
    learned: set[str] = set()
    for src in sources:
        for paragraph in corpora.paragraphs(shared, src):
            text = normalize_text(paragraph)
            if _looks_held_out(text, documents):
                learned.add(text)
    return frozenset(learned)


def source_paragraphs(shared: Path, source: str, held_out: bool, documents: frozenset[str] | None = None,
                      learned: frozenset[str] | None = None) -> list[str]:
    """The distinct drawn paragraphs of ``source`` (a name in :data:`PAGE_WEIGHTS`) that
    OCR pages may be made from, in corpus order: its training part, or with ``held_out``
    the part every build holds out (see the module's rules). ``documents`` is
    :func:`held_out_texts` and ``learned`` :func:`learned_texts` (computed when needed and
    not given)."""
    if documents is None:
        documents = held_out_texts(shared)
    if held_out and learned is None:
        learned = learned_texts(shared, documents)
    found: list[str] = []
    seen: set[str] = set()
    for paragraph in corpora.paragraphs(shared, corpora.source(source), held_out=held_out):
        text = normalize_text(paragraph)
        if len(text.split(" ")) < MIN_WORDS or text in seen:
            continue
        seen.add(text)
        if held_out:
            assert learned is not None
            if _looks_held_out(text, documents) and text not in learned:
                found.append(text)
        elif not _looks_held_out(text, documents):
            found.append(text)
    return found


def _existing(out: Path, names: Iterable[str]) -> list[str]:
    return [name for name in names if (out / name / "manifest.jsonl").exists()]


def build_sets(
    shared: str | Path,
    out: str | Path,
    names: Sequence[str] = tuple(SETS),
    *,
    pages_scale: float = 1.0,
    jobs: int = 1,
    overwrite: bool = False,
    progress: bool = False,
) -> dict[str, list[PageRecord]]:
    """Make the sets ``names`` of :data:`SETS` into ``out/<name>/`` from ``shared/corpora``
    and return each set's manifest records.

    Each set's folder gets the files of :func:`~.pages.make_pages` and ``set.json``: the
    set's settings, the page weights, and how many paragraphs each source offered. The
    outputs are the same whatever ``jobs`` is; ``pages_scale`` multiplies every set's
    page count (at least one page), for small versions.

    Raises:
        InputError: ``shared/corpora`` is missing; FileExistsError: a set is already
        made and ``overwrite`` is false (checked before anything is made); and the errors
        of :func:`~.pages.make_pages`.
    """
    return dict(iter_build_sets(shared, out, names, pages_scale=pages_scale, jobs=jobs, overwrite=overwrite,
                                progress=progress))


def iter_build_sets(
    shared: str | Path,
    out: str | Path,
    names: Sequence[str] = tuple(SETS),
    *,
    pages_scale: float = 1.0,
    jobs: int = 1,
    overwrite: bool = False,
    progress: bool = False,
) -> Iterator[tuple[str, list[PageRecord]]]:
    """:func:`build_sets`, yielding (name, records) as each set is done."""
    shared, out = Path(shared), Path(out)
    unknown = [name for name in names if name not in SETS]
    if unknown:
        raise ValueError(f"unknown set {', '.join(unknown)} (known: {', '.join(SETS)})")
    if not (shared / "corpora").is_dir():
        raise InputError(f"no corpora in {shared}: give the shared folder that holds corpora/ (--shared)")
    if not pages_scale > 0:
        raise ValueError(f"the pages scale must be positive, not {pages_scale}")
    if not overwrite and (made := _existing(out, names)):
        raise FileExistsError(f"{', '.join(made)} already made in {out} (use overwrite=True / --overwrite)")
    documents = held_out_texts(shared)
    learned = learned_texts(shared, documents) if any(SETS[name].held_out for name in names) else frozenset()
    if progress:
        print(f"{len(documents):,} paragraphs of held-out documents; {len(learned):,} held-out texts also in "
              "training text (never used)", file=sys.stderr, flush=True)
    pools: dict[tuple[str, bool], list[str]] = {}
    for name in names:
        spec = SETS[name]
        sources: dict[str, list[str]] = {}
        for source in PAGE_WEIGHTS:
            if (source, spec.held_out) not in pools:
                pools[source, spec.held_out] = source_paragraphs(shared, source, spec.held_out, documents, learned)
                if progress:
                    side = "held-out" if spec.held_out else "training"
                    print(f"{source}: {len(pools[source, spec.held_out]):,} {side} paragraphs", file=sys.stderr,
                          flush=True)
            order = list(pools[source, spec.held_out])
            random.Random(f"{spec.seed}:{source}").shuffle(order)
            sources[source] = order
        n_pages = max(1, round(spec.pages * pages_scale))
        records = make_pages(sources, out / name, lang=spec.lang, profiles=spec.profiles, seed=spec.seed,
                             pages=n_pages, jobs=jobs, weights=PAGE_WEIGHTS, id_prefix=f"{name}-",
                             min_words=MIN_WORDS, overwrite=overwrite, progress=progress)
        description: dict[str, Any] = {
            **asdict(spec), "pages_scale": pages_scale, "pages_made": len(records),
            "gold_words": sum(r.gold_words for r in records), "min_words": MIN_WORDS,
            "page_weights": dict(PAGE_WEIGHTS),
            "paragraphs": {source: len(pools[source, spec.held_out]) for source in PAGE_WEIGHTS},
            "split": "svfix.evaluation.corpora: " + ("held-out" if spec.held_out else "training") + " paragraphs",
        }
        (out / name / "set.json").write_text(json.dumps(description, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
        yield name, records
