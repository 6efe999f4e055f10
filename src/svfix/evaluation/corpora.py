"""The training corpora, their registers, and what is held out of every build.

The data builds (``scripts/build_lexicon.py``, ``scripts/build_lm.py``) and the benchmarks
read ``../shared/corpora`` through this module only, so that the split between training
text and held-out text is defined once:

* every paragraph whose SHA-1 (of its text, NFC, whitespace collapsed) begins with
  ``0`` or ``1`` (one in eight) is held out, in every source; the OCR training pages
  (``svfix.evaluation.ocrpairs``) use the same rule, so the pages svfix is evaluated on
  hold text no model was trained on;
* every fifth born-digital Riksdag document (by name) is held out whole: the synthetic
  benchmark sets are made from those (benchmarks/sets.py);
* UD Swedish PUD is held out whole (the tests draw correct sentences from it);
* ``../shared/dev`` and ``../shared/examples`` are never read.

Each source has a register (official prose, political argument, fiction, conversation,
news, essays) and a weight: how many times its training text counts in the builds, so
that no register dominates (official prose and interpellations are three quarters of the
words; conversation and news a twentieth).

>>> paragraph_is_held_out("Detta är ett stycke."), paragraph_is_held_out("Kommunen beslutar.")
(False, True)
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: One paragraph in eight is held out (its SHA-1 begins with one of these hex digits).
HELD_OUT_DIGITS = "01"
#: Every this-many-th born-digital Riksdag document (by name, from the fifth) is held out.
HELD_OUT_EVERY = 5

_SPACES = re.compile(r"\s+")


def normalise(paragraph: str) -> str:
    """A paragraph as the builds see it: NFC, soft hyphens dropped, whitespace collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", paragraph).replace("\u00ad", "")).strip()


def paragraph_is_held_out(paragraph: str) -> bool:
    """Is this (normalised) paragraph held out of every build?"""
    return hashlib.sha1(normalise(paragraph).encode("utf-8")).hexdigest()[0] in HELD_OUT_DIGITS


@dataclass(frozen=True)
class Source:
    """A corpus of ``../shared/corpora``: where it is, its register, its weight."""

    name: str
    register: str
    pattern: str  # a glob under corpora/
    weight: float  # how many times its training text counts (fractions: that share of it)
    licence: str
    kind: str = "lines"  # lines: a paragraph a line; sfs: the statutes' JSONL; gz: gzipped lines

    def paths(self, shared: Path) -> list[Path]:
        return sorted((shared / "corpora").glob(self.pattern))


SOURCES: tuple[Source, ...] = (
    Source("sfs", "official", "se-lex-sfs/sfs.jsonl", 0.35, "statutes: not protected (Swedish Copyright Act 9 §)",
           "sfs"),
    Source("riksdag", "official", "swegov-opendata-rs-assets/born-digital/*.txt", 1.0,
           "Riksdagen open data (Källa: Sveriges riksdag); repository MIT"),
    Source("ferenda", "official", "ferenda-testdata/clean-born-digital/*.txt", 1.0,
           "official documents (9 §); repository BSD-2-Clause"),
    Source("interpellations", "political", "riksdagen-interpellations/*.txt.gz", 0.35,
           "Riksdagen open data (Källa: Sveriges riksdag)", "gz"),
    Source("lagerlof", "fiction", "fiction-lagerlof/*.txt", 1.0, "public domain (Selma Lagerlöf, d. 1940)"),
    Source("eltec", "fiction", "eltec-swe-modern/*.txt", 1.0, "public domain; ELTeC markup CC BY 4.0"),
    Source("tatoeba", "conversation", "tatoeba-swe/tatoeba-swe-sentences.txt", 4.0,
           "CC BY 2.0 FR (sentences from tatoeba.org)"),
    Source("news", "news", "webbnyheter2012-ner/*.txt", 3.0, "CC BY 4.0 (Språkbanken, Webbnyheter 2012)"),
    Source("ntrex", "news", "ntrex128-swe/*.txt", 3.0, "CC BY-SA 4.0 (NTREX-128)"),
    Source("talbanken", "news", "ud-swedish-talbanken-train/*.txt", 3.0, "CC BY-SA 4.0 (UD Swedish Talbanken)"),
    Source("talbanken-dev", "news", "ud-swedish-talbanken/sentences.txt", 3.0, "CC BY-SA 4.0 (UD Swedish Talbanken)"),
    Source("cfi", "essays", "cfi-copyright-finns-inte/*.txt", 4.0, "public domain (Copyright finns inte)"),
)


def source(name: str) -> Source:
    for found in SOURCES:
        if found.name == name:
            return found
    raise KeyError(name)


def held_out_documents(shared: Path) -> list[Path]:
    """The born-digital Riksdag documents every build holds out whole."""
    documents = source("riksdag").paths(shared)
    return [path for i, path in enumerate(documents) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]


def _raw_paragraphs(src: Source, path: Path) -> Iterator[str]:
    if src.kind == "sfs":
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                for paragraph in json.loads(line)["text"].split("\n"):
                    yield paragraph
    elif src.kind == "gz":
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            yield from handle
    else:
        with open(path, encoding="utf-8") as handle:
            yield from handle


def paragraphs(shared: Path, src: Source, held_out: bool = False) -> Iterator[str]:
    """The normalised, non-empty paragraphs of a source: its training part, or (with
    ``held_out``) the part every build holds out."""
    skip = {path.name for path in held_out_documents(shared)} if src.name == "riksdag" else set()
    for path in src.paths(shared):
        whole_document_out = path.name in skip
        if whole_document_out and not held_out:
            continue
        for raw in _raw_paragraphs(src, path):
            paragraph = normalise(raw)
            if not paragraph:
                continue
            if whole_document_out or paragraph_is_held_out(paragraph) == held_out:
                yield paragraph


def weighted(shared: Path, sources: tuple[Source, ...] = SOURCES) -> Iterator[tuple[str, float]]:
    """(paragraph, weight) of the training text of every source: what the builds count.

    A weight below 1 keeps that share of the source's paragraphs (chosen by hash, so the
    same every time) at weight 1; a weight above 1 counts every paragraph that many times.
    """
    for src in sources:
        for paragraph in paragraphs(shared, src):
            if src.weight >= 1.0:
                yield paragraph, src.weight
            elif int(hashlib.sha1(b"w:" + paragraph.encode("utf-8")).hexdigest()[:8], 16) < src.weight * 2 ** 32:
                yield paragraph, 1.0
