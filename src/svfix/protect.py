"""Protection: which words svfix may change, decided from their neighbours.

Numbers, dates, references, sections, URLs, e-mail addresses and abbreviations are
protected by their token kind. Here the rest is decided for words:

* acronyms (``CEMR``, ``SKR:s``) stay, unless the whole line is shouted capitals or
  the capitals are a long word the lexicon can restore (``JAMSTALLDHET``);
* party marks ``(S)``, ``(KD)`` stay;
* names: a capitalised word in the middle of a sentence that the lexicon knows as a
  name (``Hedén``) or that the user listed stays, and so does a two-letter one it does
  not know (``Pa`` in ``Pa Modou Jallow``); a longer unknown one is a *likely name*:
  the decoder restores it only on strong evidence of stripping (it pays the stripping
  cost twice), and toward a known name more readily (``Alingsas`` → ``Alingsås``);
* words inside a stretch of English (``Principles for Responsible Investments``) stay.

>>> from svfix.lexicon import Lexicon
>>> from svfix.tokens import tokenize
>>> line = "Anita Hedén (S) talade om Principles for Responsible Investments"
>>> marks = word_contexts(tokenize(line), Lexicon.default())
>>> {t.text: marks[t.start].protected_by for t in tokenize(line) if t.start in marks}
... # doctest: +NORMALIZE_WHITESPACE
{'Anita': '', 'Hedén': 'name', 'S': 'party mark', 'talade': '', 'om': '', 'Principles': 'English phrase',
 'for': 'English phrase', 'Responsible': 'English phrase', 'Investments': 'English phrase'}
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from .lexicon import Lexicon
from .tokens import REGISTRY_PREFIXES, Kind, Token

#: Punctuation after which a word starts a sentence (or a list item, or a heading).
SENTENCE_OPENERS = frozenset(".!?:;•–-*#>\"”»")
#: An acronym this long or longer may be a shouted word (``FORSLAG``).
SHOUTED_MIN_LENGTH = 5
#: English-only neighbours (among two on each side) that make a word part of English.
ENGLISH_NEIGHBOURS = 2
#: How far to look for English neighbours, in words on each side.
ENGLISH_WINDOW = 2
#: A capitalised unknown word mid-sentence this short is taken as a name (or an
#: abbreviation) outright: ``Pa`` in ``Pa Modou Jallow``.
SHORT_NAME_LENGTH = 2


@dataclass(frozen=True, slots=True)
class WordContext:
    """What the neighbours say about one word token."""

    protected_by: str  # '' when the word may change, else the reason it may not
    sentence_initial: bool
    likely_name: bool = False  # capitalised mid-sentence and unknown to the lexicon


def _is_capitalised(text: str) -> bool:
    return text[:1].isupper() and not text.isupper()


class LineContext:
    """The neighbourhood of the words on one line, analysed as far as asked."""

    def __init__(self, tokens: list[Token], lexicon: Lexicon, protect_names: bool = True, protect_english: bool = True):
        self.tokens = tokens
        self.lexicon = lexicon
        self.protect_names = protect_names
        self.protect_english = protect_english
        self.word_indexes = [i for i, t in enumerate(tokens) if t.kind in (Kind.WORD, Kind.ACRONYM)]
        self._position = {index: position for position, index in enumerate(self.word_indexes)}
        self._english: list[bool] | None = None
        self._shouting: bool | None = None

    @property
    def shouting(self) -> bool:
        """Is the line written in capitals (a heading), so that acronyms are words?"""
        if self._shouting is None:
            words = [self.tokens[i].text for i in self.word_indexes]
            capitals = [w for w in words if w.isupper()]
            self._shouting = sum(1 for w in capitals if len(w) >= 3) >= 3 and 2 * len(capitals) > len(words)
        return self._shouting

    @property
    def english(self) -> list[bool]:
        if self._english is None:
            is_english = self.lexicon.is_english
            self._english = [self.protect_english and is_english(self.tokens[i].text.lower()) for i in self.word_indexes]
        return self._english

    def sentence_initial(self, index: int) -> bool:
        if index == 0:
            return True
        previous = self.tokens[index - 1]
        return previous.kind is Kind.PUNCT and previous.text in SENTENCE_OPENERS

    def context(self, index: int) -> WordContext:
        """The context of the WORD or ACRONYM token ``tokens[index]``."""
        token = self.tokens[index]
        text, key = token.text, token.text.lower()
        lexicon = self.lexicon
        initial = self.sentence_initial(index)
        if lexicon.is_user_word(key):
            return WordContext("user word", initial)
        if _is_party_mark(self.tokens, index):
            return WordContext("party mark", initial)
        if _is_numeral_suffix(self.tokens, index):
            return WordContext("numeral suffix", initial)
        if token.kind is Kind.ACRONYM or (text.isupper() and len(text) > 1):
            if not text.isalpha():
                return WordContext("acronym", initial)
            if not self.shouting and (len(text) < SHOUTED_MIN_LENGTH or lexicon.is_word(key)):
                return WordContext("acronym", initial)
        if self._in_english(index, key):
            return WordContext("English phrase", initial)
        return name_context(text, initial, lexicon, self.protect_names)

    def _in_english(self, index: int, key: str) -> bool:
        return self.protect_english and in_english(self.english, self._position[index])


def name_context(text: str, initial: bool, lexicon: Lexicon, protect_names: bool = True) -> WordContext:
    """The name rule for a word that nothing else protects (see the module docstring)."""
    if protect_names and _is_capitalised(text) and not initial:
        key = text.lower()
        if lexicon.is_name(key):
            return WordContext("name", initial)
        if not lexicon.is_word(key):
            if len(text) <= SHORT_NAME_LENGTH:
                return WordContext("name", initial)
            return WordContext("", initial, likely_name=True)
    return WordContext("", initial)


def starts_sentence(text: str, start: int) -> bool:
    """Does a word at ``start`` open a sentence, a line, a list item or a heading?

    >>> text = "Beslut. Ordföranden och\\nKommunen"
    >>> starts_sentence(text, 0), starts_sentence(text, 8), starts_sentence(text, 20), starts_sentence(text, 24)
    (True, True, False, True)
    """
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] in "\n\r\f" or text[i] in SENTENCE_OPENERS


def in_english(english: Sequence[bool], position: int) -> bool:
    """Is the word at ``position`` part of English, given which words around are English?

    An English word with at least two English neighbours (two words each side). A
    Swedish word between English ones is not protected: stripped Swedish is full of
    English-looking words (``for``, ``far``, ``tag``) and ``for X for`` is common.

    >>> in_english([False, True, True, True], 2), in_english([True, False, True], 1), in_english([False, True], 1)
    (True, False, False)
    """
    if not english[position]:
        return False
    lo, hi = max(0, position - ENGLISH_WINDOW), position + ENGLISH_WINDOW + 1
    return sum(english[lo:hi]) - 1 >= ENGLISH_NEIGHBOURS


#: A whitespace-delimited chunk made of words joined by hyphens, with ordinary
#: punctuation around: every word in it is a plain word (no URL, e-mail, reference,
#: abbreviation or word with digits can hide in it).
_PLAIN_CHUNK = re.compile(r"""[(\[«"“”'‘’*]*(?:[^\W\d_][^\W_]*)(?:-[^\W\d_][^\W_]*)*-?[)\]»"“”'’*,;:.!?]*""")


def chunk_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-delimited chunk around ``text[start:end]``."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    length = len(text)
    while end < length and not text[end].isspace():
        end += 1
    return start, end


@functools.lru_cache(maxsize=1 << 16)
def is_plain_chunk(chunk: str) -> bool:
    """Can the words in this chunk be judged without the tokenizer?

    >>> is_plain_chunk("(AIF-förvaltare),"), is_plain_chunk("t.ex."), is_plain_chunk("www.x.se/for")
    (True, False, False)
    """
    return _PLAIN_CHUNK.fullmatch(chunk) is not None and chunk.count(".") + chunk.count(":") <= 1


_BEFORE_NUMBER = re.compile(r"\.?[ \u00a0]\d")


def may_prefix_reference(text: str, start: int, end: int) -> bool:
    """Is the word ``text[start:end]`` a registry prefix before a number? The tokenizer
    decides whether it opens a case number. (A capitalised word may open one too,
    ``KS 2024/108``, but a stripped one is left to the name rules: ``Fraga 1998/99:1``.)

    >>> text = "enligt dir. 2022:42 och Prop. 2013/14:34, för 3 år sedan"
    >>> may_prefix_reference(text, 7, 10), may_prefix_reference(text, 24, 28), may_prefix_reference(text, 42, 45)
    (True, True, False)
    """
    return text[start:end].lower() in REGISTRY_PREFIXES and _BEFORE_NUMBER.match(text, end) is not None


#: A chunk that is one abbreviation of short letter groups (bl.a., t.o.m., S.O.), with
#: ordinary punctuation around: the tokenizer's ``abbreviation`` takes all of it.
_ABBREVIATION_CHUNK = regex.compile(r"""[(\[«"“”'‘’*]*(?:\p{L}{1,4}\.){2,}[)\]»"“”'’*,;:!?]*""")


@functools.lru_cache(maxsize=1 << 12)
def is_abbreviation_chunk(chunk: str) -> bool:
    """Is this chunk an abbreviation, whose letters are no words to change?

    >>> is_abbreviation_chunk("bl.a."), is_abbreviation_chunk("(t.o.m.),"), is_abbreviation_chunk("ca.")
    (True, True, False)
    """
    return _ABBREVIATION_CHUNK.fullmatch(chunk) is not None


def is_hyphen_fragment(text: str, start: int, end: int) -> bool:
    """Is the chunk ``text[start:end]`` half of a word hyphenated across a line break?

    Such halves are not words (``försla-`` / ``get``); the layout stage joins them.

    >>> text = "ett för-\\nslag och miljö- och"
    >>> is_hyphen_fragment(text, 4, 8), is_hyphen_fragment(text, 9, 13), is_hyphen_fragment(text, 18, 24)
    (True, True, False)
    """
    if text.endswith("-", start, end) and text.startswith("\n", end):
        return end - start > 1 and text[end - 2].isalpha()
    return start >= 3 and text[start - 1] == "\n" and text[start - 2] == "-" and text[start - 3].isalpha()


def word_contexts(
    tokens: list[Token], lexicon: Lexicon, protect_names: bool = True, protect_english: bool = True
) -> dict[int, WordContext]:
    """Contexts of all WORD and ACRONYM tokens of one line, keyed by token start."""
    line = LineContext(tokens, lexicon, protect_names, protect_english)
    return {tokens[i].start: line.context(i) for i in line.word_indexes}


#: The endings written after a digit and a hyphen (``3-an``, ``4-or``, ``5-orna``):
#: forms of a numeral, never a stripped word (``än``, ``ör``).
NUMERAL_SUFFIXES = frozenset({"a", "e", "an", "en", "ans", "ens", "or", "ors", "orna", "ornas", "ar", "ern", "erna"})


def _is_numeral_suffix(tokens: list[Token], index: int) -> bool:
    """``an`` in ``3-an``: an ending glued by a hyphen to a number."""
    token = tokens[index]
    if token.text.lower() not in NUMERAL_SUFFIXES or index < 2:
        return False
    hyphen, number = tokens[index - 1], tokens[index - 2]
    return (
        hyphen.text == "-" and hyphen.end == token.start
        and number.kind is Kind.NUMBER and number.end == hyphen.start and number.text[-1:].isdigit()
    )


def _is_party_mark(tokens: list[Token], index: int) -> bool:
    """``(S)``, ``(KD)``, ``(M)``: capitals alone in parentheses."""
    text = tokens[index].text
    if not (text.isupper() and len(text) <= 3):
        return False
    return 0 < index < len(tokens) - 1 and tokens[index - 1].text == "(" and tokens[index + 1].text == ")"
