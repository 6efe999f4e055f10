"""What the engine reads besides the text: the lexicon, its language models and its
compound analyser, each loaded once and shared by every document fixed with the same
lexicon.

A :class:`Resources` owns the models and the analyser of one :class:`Lexicon` (and so
their caches); the stages never make their own. Nothing is read from disk until first
use.

>>> resources = Resources(Lexicon.default())
>>> resources.model(context=True) is resources.model(context=True)
True
>>> resources.known_word("inskottsmånad")  # a compound of known words counts as known
True
"""
from __future__ import annotations

from .compounds import Compounds
from .lexicon import Lexicon
from .lm import NgramModel, UnigramModel


class Resources:
    """One lexicon with its language models and compound analyser."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.compounds = Compounds(lexicon)
        self._bigram: NgramModel | None = None
        self._unigram: UnigramModel | None = None

    def model(self, context: bool) -> NgramModel | UnigramModel:
        """The n-gram model (``context``), else the unigram model; built on first use."""
        if context:
            if self._bigram is None:
                self._bigram = NgramModel(self.lexicon)
            return self._bigram
        if self._unigram is None:
            self._unigram = UnigramModel(self.lexicon)
        return self._unigram

    def known_word(self, word: str) -> bool:
        """A word of the lexicon, or a compound of its words (``inskottsmånad``): what the
        encoding stage's votes count as a word, so that a paragraph of long compounds
        decodes as surely as one of short words."""
        return self.lexicon.is_word(word) or self.compounds.analyse(word) is not None

    def __repr__(self) -> str:
        return f"Resources({self.lexicon!r})"
