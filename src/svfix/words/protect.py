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
* words inside a stretch of another language, English, French or German (``Principles for
  Responsible Investments``, ``les formes requises``) stay; such stretches and paragraphs
  are no evidence of how the text is damaged either (:mod:`svfix.words.foreign`).

>>> from svfix.resources.lexicon import Lexicon
>>> from svfix.words.tokens import tokenize
>>> line = "Anita Hedén (S) talade om Principles for Responsible Investments"
>>> marks = word_contexts(tokenize(line), Lexicon.default())
>>> {t.text: marks[t.start].protected_by for t in tokenize(line) if t.start in marks}
... # doctest: +NORMALIZE_WHITESPACE
{'Anita': '', 'Hedén': 'name', 'S': 'party mark', 'talade': '', 'om': '', 'Principles': 'foreign phrase',
 'for': 'foreign phrase', 'Responsible': 'foreign phrase', 'Investments': 'foreign phrase'}
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..config import Config
from ..resources.lexicon import Lexicon, skeleton
from .chunks import (
    abbreviates_a_document_type,
    chunk_bounds,
    follows_a_reference,
    is_abbreviation_chunk,
    is_code_chunk,
    is_hyphen_fragment,
    is_iso646_fragment,
    is_plain_chunk,
    may_prefix_reference,
)
from .identifiers import is_identifier
from .scan import Scanned
from .tokens import Kind, Token, tokenize

#: Punctuation after which a word starts a sentence (or a list item, or a heading).
SENTENCE_OPENERS = frozenset(".!?:;•–-*#>\"”»")
#: An acronym this long or longer may be a shouted word (``FORSLAG``).
SHOUTED_MIN_LENGTH = 5
#: Foreign-only neighbours (among two on each side) that make a word part of a foreign phrase.
FOREIGN_NEIGHBOURS = 2
#: How far to look for foreign neighbours, in words on each side.
FOREIGN_WINDOW = 2
#: A foreign word whose plain skeleton class carries at least this share of its
#: frequency in forms with diacritics (``pa``: på, ``gang``: gång) is no evidence that
#: its neighbours are foreign.
STRIPPED_LOOK_ALIKE_SHARE = 0.5
#: A known word this rare (zipf), capitalised mid-sentence, is a likely name too
#: (``Andrew Marr``, not ``märr``).
RARE_CAPITALISED_ZIPF = 2.5
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

    def __init__(self, tokens: list[Token], lexicon: Lexicon, protect_names: bool = True, protect_foreign: bool = True):
        self.tokens = tokens
        self.lexicon = lexicon
        self.protect_names = protect_names
        self.protect_foreign = protect_foreign
        self.word_indexes = [i for i, t in enumerate(tokens) if t.kind in (Kind.WORD, Kind.ACRONYM)]
        self._position = {index: position for position, index in enumerate(self.word_indexes)}
        self._foreign: list[int] | None = None
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
    def foreign(self) -> list[int]:
        """Per word: is it English, French or German (0: no; 1: foreign and also a stripped
        Swedish word, ``pa``, ``gang``, ``do``, so no evidence for its neighbours; 2: foreign)."""
        if self._foreign is None:
            lexicon = self.lexicon
            self._foreign = [foreign_grade(self.tokens[i].text.lower(), lexicon) if self.protect_foreign else 0
                             for i in self.word_indexes]
        return self._foreign

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
        if self._in_foreign(index, key):
            return WordContext("foreign phrase", initial)
        return name_context(text, initial, lexicon, self.protect_names)

    def _in_foreign(self, index: int, key: str) -> bool:
        return self.protect_foreign and in_foreign(self.foreign, self._position[index])


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
        if lexicon.zipf(key) < RARE_CAPITALISED_ZIPF:  # Marr: a rare word capitalised mid-sentence is a name
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


def foreign_grade(key: str, lexicon: Lexicon) -> int:
    """0: not foreign; 1: foreign (English, French, German), and what a stripped Swedish word
    looks like; 2: foreign.

    >>> lexicon = Lexicon.default()
    >>> foreign_grade("responsible", lexicon), foreign_grade("pa", lexicon), foreign_grade("kommun", lexicon)
    (2, 1, 0)
    """
    if not lexicon.is_foreign(key):
        return 0
    info = lexicon.classify(key)
    return 1 if info.variants and info.diacritic_share >= STRIPPED_LOOK_ALIKE_SHARE else 2


#: What ends a phrase: a line break, a bracket, a quotation mark, the end of a sentence.
#: A foreign phrase is quoted or put in brackets as often as not (``en gang (ne bis in
#: idem)``): its words are no evidence for a word outside.
_PHRASE_EDGE = re.compile(r"[\n()\[\]\"“”«».!?:;]")
#: A word that is also a stripped Swedish one (``pa``) needs its foreign neighbours in its
#: own clause, not across a comma (``men han stir pa botten, si``: OCR made ``står`` an
#: English word and ``så`` an Italian one).
_CLAUSE_EDGE = re.compile(r"[\n()\[\]\"“”«».,!?:;]")


def in_foreign(foreign: Sequence[int], position: int) -> bool:
    """Is the word at ``position`` part of a foreign phrase, given which words around are foreign?

    ``foreign`` holds per word 0 (not foreign), 1 (foreign, but also what a Swedish word
    stripped of its diacritics looks like: ``pa``, ``gang``, ``do``, ``for``) or 2
    (foreign). A foreign word with at least two foreign neighbours of the second kind
    (two words each side), or of the first kind that are foreign by that rule, is
    foreign. A Swedish word between foreign ones is not
    protected, and stripped Swedish, full of foreign-looking words (``gang pa gang``,
    ``dansen do``), is no foreign phrase.

    >>> in_foreign([0, 2, 2, 2], 2), in_foreign([2, 0, 2], 1), in_foreign([0, 2], 1), in_foreign([0, 1, 1, 1], 1)
    (True, False, False, False)
    >>> in_foreign([2, 1, 2, 0], 1), in_foreign([0, 2, 1, 2, 2], 1)  # for in Principles for Responsible Investments
    (True, True)
    """
    if not foreign[position]:
        return False

    def evidence(at: int, counts: Callable[[int], bool]) -> int:
        lo, hi = max(0, at - FOREIGN_WINDOW), min(at + FOREIGN_WINDOW + 1, len(foreign))
        return sum(1 for near in range(lo, hi) if near != at and counts(near))

    def plain_foreign(at: int) -> bool:
        return foreign[at] == 2

    def confirmed(at: int) -> bool:  # foreign of either kind, among plain foreign words
        return foreign[at] == 2 or (foreign[at] == 1 and evidence(at, plain_foreign) >= FOREIGN_NEIGHBOURS)

    return evidence(position, confirmed) >= FOREIGN_NEIGHBOURS


def word_contexts(
    tokens: list[Token], lexicon: Lexicon, protect_names: bool = True, protect_foreign: bool = True
) -> dict[int, WordContext]:
    """Contexts of all WORD and ACRONYM tokens of one line, keyed by token start."""
    line = LineContext(tokens, lexicon, protect_names, protect_foreign)
    return {tokens[i].start: line.context(i) for i in line.word_indexes}


#: How the start of a word split by a hyphen and a space (``bestäm- mande``) is found.
_SPLIT_WORD_START = re.compile(r"(\w+)-[ \t]*\n?[ \t]*$")
#: ... looked for in at most this many characters before the second half.
_SPLIT_WORD_REACH = 40


def _ends_a_split_word(text: str, start: int, word: str, lexicon: Lexicon) -> bool:
    """Is ``word`` the second half of a word split by a hyphen and a space, as extracted
    text writes a hyphenation whose line break was lost (``ett bestäm- mande inflytande``)?
    Only where the halves together make a known word as written (not ``för- och
    nackdelar``, not a stripped ``netto- formogenheten``, whose halves are words to
    restore), commoner than any word the half alone may be (not ``el- gar``, two columns of
    a table: ``elgar`` is rarer than ``går``): the half is then no word of its own, to be
    given diacritics (``mande`` → ``månde``).

    >>> lexicon = Lexicon.default()
    >>> _ends_a_split_word("ett bestäm- mande", 12, "mande", lexicon)
    True
    >>> _ends_a_split_word("för- och nackdelar", 5, "och", lexicon)
    False
    """
    found = _SPLIT_WORD_START.search(text, max(0, start - _SPLIT_WORD_REACH), start)
    if found is None or found.end() != start:
        return False
    joined, half = (found.group(1) + word).lower(), word.lower()
    alone = max((lexicon.zipf(form) for form in (half, *lexicon.variants(skeleton(half)))), default=0.0)
    return lexicon.is_word(joined) and lexicon.zipf(joined) >= alone


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


# --- protection of scanned words --------------------------------------------------------------

class LineContexts:
    """The neighbourhoods of the scanned words of a region, for protection.

    The stretch of a line around a word is tokenized on demand, and remembered.

    A paragraph may be one long line; the neighbourhood that protection looks at is a
    few words, so a window of ``WINDOW`` characters each side (cut at spaces) is
    tokenized, and reused while the next word lies at least ``MARGIN`` inside it. A word
    in capitals gets the ``WIDE`` window and margin: whether its line shouts (a heading
    in capitals) is judged on all of the window's words. (Tokenizing is the dear part:
    about 0.5 µs a character.)
    """

    WINDOW, MARGIN = 100, 50
    WIDE_WINDOW, WIDE_MARGIN = 200, 80

    def __init__(self, text: str, scan: Scanned, lexicon: Lexicon, config: Config):
        self.text = text
        self.scan = scan
        self.lexicon = lexicon
        self.config = config
        self._span = (-1, -1)
        self._wide = False
        self._line: LineContext | None = None
        self._index_by_start: dict[int, int] = {}
        self._foreign: dict[str, int] | None = None  # the scanned words that are foreign ones: their grade

    def foreign_around(self, index: int) -> bool:
        """The foreign-phrase test of protect.in_foreign, on the scanned words of one line."""
        tokens, gaps, foreign = self.scan.tokens, self.scan.gaps, self._foreign
        if foreign is None:
            foreign = self._foreign = {}
            for word in set(tokens):
                grade = foreign_grade(word.lower(), self.lexicon)
                if grade:
                    foreign[word] = grade
        if tokens[index] not in foreign:
            return False
        around = tokens[max(0, index - FOREIGN_WINDOW):index + FOREIGN_WINDOW + 1]
        if sum(foreign.get(word, 0) == 2 for word in around) - (foreign[tokens[index]] == 2) < FOREIGN_NEIGHBOURS:
            return False  # too few foreign words near, even if the line ran on
        edge = _PHRASE_EDGE if foreign[tokens[index]] == 2 else _CLAUSE_EDGE
        lo = index  # the neighbours on the same line, in the same phrase
        while lo > 0 and index - lo < FOREIGN_WINDOW and not edge.search(gaps[lo]):
            lo -= 1
        hi = index
        while hi < len(tokens) - 1 and hi - index < FOREIGN_WINDOW and not edge.search(gaps[hi + 1]):
            hi += 1
        return in_foreign([foreign.get(word, 0) for word in tokens[lo:hi + 1]], index - lo)

    def context(self, start: int, end: int) -> WordContext | None:
        """The context of the word token exactly at ``[start, end)``, or None."""
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        if line_end < 0:
            line_end = len(text)
        wide = text[start:end].isupper()
        window, margin = (self.WIDE_WINDOW, self.WIDE_MARGIN) if wide else (self.WINDOW, self.MARGIN)
        lo, hi = self._span
        if not (
            (self._wide or not wide)
            and max(lo + margin, line_start) <= start
            and end <= min(hi - margin, line_end)
            and lo >= line_start
        ):
            lo, hi = line_start, line_end
            if start - lo > window:
                lo = text.find(" ", start - window, start) + 1 or start
            if hi - end > window:
                cut = text.rfind(" ", end, end + window)
                hi = cut if cut > 0 else end
            self._wide = wide
            tokens = tokenize(text, lo, hi)
            self._line = LineContext(tokens, self.lexicon, self.config.protect_names, self.config.protect_english)
            self._index_by_start = {tokens[i].start: i for i in self._line.word_indexes}
            self._span = (lo, hi)
        index = self._index_by_start.get(start)
        if index is None or self._line is None or self._line.tokens[index].end != end:
            return None  # part of a larger token: a reference, a URL, a word with digits
        return self._line.context(index)


def likely_name_or_protected(
    text: str,
    scan: Scanned,
    index: int,
    start: int,
    end: int,
    lexicon: Lexicon,
    config: Config,
    lines: LineContexts,
) -> bool | None:
    """None when the word ``scan.tokens[index]`` is protected, else whether it is a likely name."""
    word = scan.tokens[index]
    if word == "1":  # the word i read as a digit: only between two words
        return _between_words(text, scan, index)
    chunk_start, chunk_end = chunk_bounds(text, start, end)
    if is_hyphen_fragment(text, chunk_start, chunk_end) or is_iso646_fragment(text, start, end):
        return None
    if word.islower() and _ends_a_split_word(text, start, word, lexicon):  # bestäm- mande
        return None
    if word[0].isdigit():
        return False if may_be_digit_word(text, chunk_start, chunk_end, start, end) else None
    if word[0] == "[" and _bracket_closes(text, end):  # [av antisemitism]: a bracket, not an l
        return None
    if abbreviates_a_document_type(text, start, end):  # framst. 2005/06:RS3
        return None
    if word[0].isalpha() and is_identifier(word) and follows_a_reference(text, chunk_start):  # EUTL59/2011 s4
        return None
    plain = chunk_end - chunk_start == end - start or is_plain_chunk(text[chunk_start:chunk_end])
    plain = plain and not may_prefix_reference(text, start, end)  # dir. 2022:42 is the tokenizer's to judge
    if plain and (word.islower() or word[1:].islower()):
        # The common case, without the tokenizer: a word among words.
        if lexicon.is_user_word(word.lower()):
            return None
        if config.protect_english and lines.foreign_around(index):
            return None
        if word.islower():
            return False
        context = name_context(word, starts_sentence(text, chunk_start), lexicon, config.protect_names)
        if not context.likely_name and config.protect_names and word[1:].islower() and _before_a_name(text, scan, index, lexicon):
            context = WordContext("", context.sentence_initial, likely_name=True)  # Hjalte Andersson
    elif is_abbreviation_chunk(text[chunk_start:chunk_end]) or is_code_chunk(text[chunk_start:chunk_end]):
        return None
    else:
        found_context = lines.context(start, end)
        if found_context is None:
            return None
        context = found_context
    return None if context.protected_by else context.likely_name


#: What follows a digit in a number with a unit or an ordinal ending (``3a``, ``5e``,
#: ``14g``, ``2st``, ``10kr``): never a word that OCR damaged.
NUMBER_ENDINGS = frozenset(
    "a e st kr g kg mg m km cm mm dm l dl cl ml h s t ha ton min sek tkr mkr mdkr msek kw kwh mw mwh gwh twh "
    "w v p pp x b c d f".split()
)
_DIGIT_WORD = re.compile(r"\d[^\W\d_]+")
_DIGIT_WORD_CHUNK = re.compile(r"""[(«"“”'‘’]*\d[^\W\d_]+[)»"“”'’,;:.!?]*""")


def may_be_digit_word(text: str, chunk_start: int, chunk_end: int, start: int, end: int) -> bool:
    """May the token ``text[start:end]``, a digit and letters (``4r``, ``6ka``), be a word
    OCR misread (``är``, ``öka``)? Not a number with a unit or an ordinal ending
    (``14g``, ``3a``), not in a chunk with more than punctuation around it, not beside a
    paragraph sign. The OCR offers decide, only where the document shows the digit's
    confusion, and a short token only as a frequent word.

    >>> may_be_digit_word("som 4r av", 4, 6, 4, 6), may_be_digit_word("den 3a maj", 4, 6, 4, 6)
    (True, False)
    >>> may_be_digit_word("§ 4b ska", 2, 4, 2, 4), may_be_digit_word("kap. 6ka", 5, 8, 5, 8)
    (False, True)
    """
    word = text[start:end]
    if not _DIGIT_WORD.fullmatch(word) or not word[1:].islower() or word[1:] in NUMBER_ENDINGS:
        return False
    if not _DIGIT_WORD_CHUNK.fullmatch(text, chunk_start, chunk_end):
        return False
    around = text[max(0, chunk_start - 3):chunk_end + 3]
    return "§" not in around


def _before_a_name(text: str, scan: Scanned, index: int, lexicon: Lexicon) -> bool:
    """Is the capitalised token ``scan.tokens[index]`` followed, after one space, by a
    capitalised name the lexicon lists (``Hjalte Andersson``)? Then it is a first name,
    even at the start of a sentence."""
    tokens, starts = scan.tokens, scan.starts
    if index + 1 >= len(tokens) or not tokens[index][:1].isupper():
        return False
    after = tokens[index + 1]
    if text[starts[index] + len(tokens[index]):starts[index + 1]] != " " or not after[:1].isupper() or not after[1:].islower():
        return False
    return lexicon.is_name(after.lower())


def _bracket_closes(text: str, end: int) -> bool:
    """Does a ``]`` close a bracket opened before ``end`` later on its line (before
    another ``[``)?

    >>> _bracket_closes("hydra [av antisemitism].", 9), _bracket_closes("[agen (1990:12)", 5)
    (True, False)
    """
    line_end = text.find("\n", end)
    line = text[end:line_end if line_end >= 0 else len(text)]
    closes = line.find("]")
    return closes >= 0 and "[" not in line[:closes]


def _between_words(text: str, scan: Scanned, index: int) -> bool | None:
    """False (free to change) when ``scan.tokens[index]`` stands alone between two words."""
    starts, tokens = scan.starts, scan.tokens
    if not 0 < index < len(tokens) - 1:
        return None
    p_start, start, n_start = starts[index - 1], starts[index], starts[index + 1]
    p_word, word, n_word = tokens[index - 1], tokens[index], tokens[index + 1]
    if text[p_start + len(p_word):start] != " " or text[start + len(word):n_start] != " ":
        return None
    return False if p_word.isalpha() and n_word.isalpha() else None
