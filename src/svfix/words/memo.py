"""What the word stage has judged about word forms, kept from one document to the next.

Each judgement is a pure function of the form and the lexicon (never of a document's
rates), so a :class:`WordMemo` belongs to one lexicon's engine and lives as long as it:
the pipeline owns it. Every cache is bounded (:class:`~svfix.resources.caches.BoundedCache`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..resources.caches import BoundedCache
from ..resources.compounds import Compound, Compounds, analyse
from ..resources.lexicon import Lexicon

if TYPE_CHECKING:
    from .channel import Site

#: Entries per cache.
LIMIT = 50_000


class WordMemo:
    """The word stage's caches, and the compound analyser they share."""

    def __init__(self, compounds: Compounds):
        self.compounds = compounds
        #: where a form holds glyphs of the OCR confusion table
        self.sites: BoundedCache[str, list[Site]] = BoundedCache("OCR sites", LIMIT)
        #: the confusion classes whose single substitution makes a form a frequent word
        self.explains: BoundedCache[str, list[str]] = BoundedCache("OCR explanations", LIMIT)
        #: readings of a form through a set of confusion sites
        self.ocr_forms: BoundedCache[tuple[Any, ...], list[tuple[str, tuple[str, ...], str, float, str]]] = (
            BoundedCache("OCR readings", LIMIT))
        #: whether the lexicon has the form at all (any flag)
        self.listed: BoundedCache[str, bool] = BoundedCache("listed forms", LIMIT)
        #: the diacritic variants of a form: (variant, stripped letters, is a name)
        self.plans: BoundedCache[str, tuple[tuple[str, str, bool], ...]] = BoundedCache("variant plans", LIMIT)
        #: the keep bonus of an unlisted form read as a listed word with a regular ending
        self.inflected: BoundedCache[str, float] = BoundedCache("inflected forms", LIMIT)
        #: forms with no diacritic variant and no compound reading
        self.inert: BoundedCache[str, bool] = BoundedCache("inert forms", LIMIT)


def analysis(word: str, lexicon: Lexicon, memo: WordMemo | None, as_written: bool = False) -> Compound | None:
    """The compound analysis of ``word``: remembered by the memo's analyser, if any."""
    if memo is None:
        return analyse(word, lexicon, as_written)
    return memo.compounds.analyse(word, as_written)
