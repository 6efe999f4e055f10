"""The OCR profile of a document: how often each confusion occurs in it, and whether it
shows OCR damage beyond chance.

How often OCR writes ``6`` for ``ö`` depends on the engine, the font and the scan, so svfix
estimates each rate from the document itself, from words that the lexicon does not know
but that become a known word through exactly one confusion (``f6r`` → ``för``,
``sirskilt`` → ``särskilt``; :func:`~svfix.words.channel.explaining`):

    rate(class) = (explained + prior · WEIGHT) / (glyphs seen + WEIGHT)

where *glyphs seen* counts every occurrence of the observed glyph in the document's
words. A clean document explains nothing and its rates fall far below the prior, so
no confusion can win there; a document full of ``f6r`` makes ``6`` → ``ö`` cheap.

>>> from svfix.resources.lexicon import Lexicon
>>> ocr = estimate({"f6r": 20, "förslag": 5, "sirskilt": 40, "bedémning": 10, "och": 30}, Lexicon.default())
>>> ocr.active("6→ö"), ocr.active("i→ä"), ocr.active("rn→m")
(True, True, False)
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..resources.lexicon import Lexicon, skeleton
from .channel import EXPLAINING_ZIPF, LOST, LOST_NAMES, explaining, sites
from .confusions import CONFUSIONS, Confusion
from .engines import engine_prior, engine_shares
from .identifiers import is_identifier
from .memo import WordMemo
from .scan import MAX_WORD_LENGTH

#: How many glyph occurrences the prior rate is worth.
WEIGHT = 100.0
#: A class with a lower rate than this offers no candidates in this document (above
#: every prior: a confusion is active only where the document shows it).
MIN_ACTIVE_RATE = 2e-3
#: A known word this short and this rare (zipf) that one confusion makes a word at least
#: RARE_KNOWN_MARGIN more frequent is evidence of the confusion too (``fr`` for ``för``).
RARE_KNOWN_LENGTH, RARE_KNOWN_ZIPF, RARE_KNOWN_MARGIN = 5, 5.0, 2.0
#: A confusion is active in a document that shows it in at least this many words (even
#: where the glyph is common enough to keep its rate below MIN_ACTIVE_RATE).
MIN_EXPLAINED = 2.0
MIN_EXPLAINED_RATE = MIN_ACTIVE_RATE / 10
#: The share of a text's words a confusion explains by chance (measured on correct and on
#: stripped text: 0.0012), and how unlikely by chance a document's count must be for it
#: to count as damaged by OCR (OcrProfile.damaged). The count must be as unlikely among
#: the document's distinct words (by chance a confusion explains 0.0009–0.0031 of them in
#: the clean corpora, 0.0016 on average): a word the document repeats is one piece of
#: evidence, not one per copy. A rare name one letter from a common word (``Starlin``,
#: ``Diess``) explains a confusion as often as it is written; OCR damages a document's
#: words each on its own.
CHANCE_DAMAGE = 0.002
DAMAGE_SIGNIFICANCE = 0.002
#: A text this short (a sentence, a line of a form) cannot show a confusion twice: a word
#: or two that a confusion turns from no word into a word (``giller``, ``fdr``) are
#: significant at this level there. Measured: OCR'd lines 90.8% → 92.4% WER reduction,
#: 1,000 correct PUD sentences unchanged; pages keep the stricter level above.
SHORT_TEXT_WORDS = 50
SHORT_TEXT_SIGNIFICANCE = 0.02
#: A short text whose diacritics are stripped (its stripping profile's highest rate at
#: least STRIPPED_TEXT_RATE) was most likely read by an engine without Swedish, which
#: strips and confuses glyphs at once (``ar f6remail for férundersékning``): there one
#: word that a confusion turns from no word into a word is significant at this level.
#: Measured: single OCR'd lines 92.5% → 95.2% WER reduction (each register's 1.3–2.7 points
#: better); stripped lines as before (a misspelling in a gold mended); correct lines untouched.
STRIPPED_TEXT_RATE = 0.25
STRIPPED_SHORT_SIGNIFICANCE = 0.1
#: A text longer than a short one shows OCR damage only where glyph shapes were confused
#: (``c`` for ``e``, ``rn`` for ``m``, ``é`` for ``ö``, an ``i`` glued to a word: VISUAL,
#: :func:`_glued_i`) in at least this share of its distinct words. A vowel for a vowel and
#: a lost or added letter are what old and dialect spelling do as well: novels of
#: 1840–1920 show up to 0.0075 of their words so (``sä``, ``doter``, ``mycke``), real
#: OCR pages at least 0.0097 (Tesseract, Swedish model, photocopied), a 1972 scan 0.0103.
#: Measured: harm on held-out prose 126 → 46 words, every OCR set as before.
VISUAL_DAMAGE = 0.008
MIN_VISUAL = 2  # (and in at least two words: one rare word a letter from another is chance)
#: Confusions of plain lowercase letters and of Swedish ones (``t`` for ``r``, ``ä`` for
#: ``å``, a lost ``ö``): any text has words one such confusion away from others, so they
#: are looked for only in a document that shows OCR damage.
LETTER_RULES = frozenset(c.name for c in CONFUSIONS if not c.observed or (
    c.observed.islower() and c.observed.isalpha() and (c.observed.isascii() or set(c.observed) <= set("åäö"))))

_VOWELS = frozenset("aåäoöeiuy")
#: Confusions of glyph shapes (``c`` for ``e``, ``rn`` for ``m``, ``6`` for ``ö``), not a
#: vowel for a vowel or a letter lost or added, which old and dialect spelling make as
#: well (``sä``, ``doter``, ``mycke``).
VISUAL = frozenset(c.name for c in CONFUSIONS if c.observed and c.intended
                   and not (set(c.observed.lower()) <= _VOWELS and set(c.intended) <= _VOWELS))


@dataclass(frozen=True)
class OcrProfile:
    """Per-document rates of each confusion class (see the module docstring).

    ``damage`` is the share of the document's words that a confusion explains: about a
    thousandth in any text by chance (a rare word one letter from a common one), a
    hundredth and more in OCR. Below ``MIN_DAMAGE`` a document shows no OCR: only a
    confusion whose own rate is high (``MIN_ACTIVE_RATE``: digits and brackets in words)
    is looked for, and a word the lexicon knows is never read as another (``real_words``).
    """

    rates: dict[str, float] = field(default_factory=dict)
    explained: dict[str, float] = field(default_factory=dict)
    words: int = 0
    from_engine: frozenset[str] = frozenset()  # confusions active by the engine's profile
    types: int = 0  # distinct words (as written)
    #: the explained words that are evidence of damage (see :func:`estimate`): their share
    #: of the explanations, and how many distinct words they are (None: every explained word)
    evidence: float | None = None
    evidence_types: int = 0
    #: the document's diacritics are stripped (see STRIPPED_TEXT_RATE)
    stripped: bool = False
    #: distinct words of the evidence that a confusion of glyph shapes explains
    visual_types: int = 0
    #: how much of each kind of engine's damage the document shows (engines.engine_shares)
    engines: dict[str, float] = field(default_factory=dict)

    @property
    def damage(self) -> float:
        return sum(self.explained.values()) / self.words if self.words else 0.0

    @property
    def damaged(self) -> bool:
        """Does the document show OCR damage beyond chance? By chance a confusion explains
        about ``CHANCE_DAMAGE`` of any text's words (a rare word a letter away from a
        common one); the document is damaged when its count of explained words would be
        that high by chance with a probability below ``DAMAGE_SIGNIFICANCE`` (Poisson),
        among its words and among its distinct words. The count leaves out likely names
        and, in a short text, words only a lost letter explains (``evidence``). A longer
        text must also show confused glyph shapes (``VISUAL_DAMAGE``)."""
        known = self.__dict__.get("_damaged")  # worked out once (__post_init__): asked for every word
        if known is not None:
            return bool(known)
        explained = self.evidence if self.evidence is not None else sum(self.explained.values())
        explained = round(explained, 9)  # a word split over six classes sums to 0.999…
        if self.words > SHORT_TEXT_WORDS:
            level = DAMAGE_SIGNIFICANCE
        else:
            level = STRIPPED_SHORT_SIGNIFICANCE if self.stripped else SHORT_TEXT_SIGNIFICANCE
        if explained < 1 or _poisson_tail(CHANCE_DAMAGE * self.words, explained) >= level:
            return False
        if self.words > SHORT_TEXT_WORDS and self.visual_types < max(MIN_VISUAL, VISUAL_DAMAGE * self.types):
            return False  # old or dialect spelling (sä, doter, mycke), not OCR
        if not self.types:  # a profile made without distinct counts
            return True
        return _poisson_tail(CHANCE_DAMAGE * self.types, self.evidence_types) < level

    @property
    def unsure_or_damaged(self) -> bool:
        """Does the text show OCR damage, or is it too short to tell (``SHORT_TEXT_WORDS``)?
        There OCR's misreadings that leave no trace in a count are worth weighing: a lone
        ``1`` for ``i``, one of a word's diacritics lost (``pågar``)."""
        return self.damaged or self.words <= SHORT_TEXT_WORDS

    @property
    def real_words(self) -> bool:
        """May a word the lexicon knows be read as another here (``sitt`` → ``sätt``)?"""
        return self.damaged

    def rate(self, name: str) -> float:
        return self.rates.get(name, 0.0)

    def cost(self, name: str) -> float:
        """Natural log of the rate."""
        return math.log(max(self.rates.get(name, 0.0), 1e-12))

    def __post_init__(self) -> None:
        damaged = self.damaged
        object.__setattr__(self, "_damaged", damaged)
        active = set()
        for name, rate in self.rates.items():
            explained = self.explained.get(name, 0.0)
            if name in self.from_engine:
                active.add(name)  # the kind of engine the document shows makes it often
                continue
            if not explained or (name in LETTER_RULES and not damaged):
                continue  # a glyph the document never shows as damage; a letter rule in an undamaged text
            if rate >= MIN_ACTIVE_RATE or (damaged and rate >= MIN_EXPLAINED_RATE and explained >= MIN_EXPLAINED):
                active.add(name)
        object.__setattr__(self, "active_names", frozenset(active))

    def active(self, name: str) -> bool:
        return name in self.active_names  # type: ignore[attr-defined]

    @property
    def any_active(self) -> bool:
        return bool(self.active_names)  # type: ignore[attr-defined]


def _poisson_tail(mean: float, count: float) -> float:
    """P(X >= count) for X ~ Poisson(mean).

    >>> round(_poisson_tail(0.06, 1), 3), round(_poisson_tail(0.06, 2), 4)
    (0.058, 0.0017)
    """
    k = math.ceil(count)
    term = math.exp(-mean)
    below = 0.0
    for i in range(k):
        below += term
        term *= mean / (i + 1)
    return max(0.0, 1.0 - below)


def estimate(
    counts: Mapping[str, int], lexicon: Lexicon, memo: WordMemo | None = None, chars: Mapping[str, int] | None = None,
    stripped: bool = False, phrased: Mapping[str, int] | None = None, named: Mapping[str, int] | None = None,
) -> OcrProfile:
    """Rates of every confusion class from the document's word counts (case kept);
    ``stripped``: its diacritics are stripped (:data:`STRIPPED_TEXT_RATE`); ``phrased``:
    how often a word stands beside another foreign word (``lettres c et d``: one
    confusion from Swedish words as often as OCR damage; no evidence of damage); ``named``:
    how often a word is written capitalised mid-sentence (in a short text, where one or
    two words decide, a name: ``skrev Obamas assistent Kori Schulman``; no evidence).

    ``chars`` counts the document's characters and glyph pairs (:func:`glyph_counts`);
    without it they are counted from the words. Only words that are not known (or
    hold a digit, a bracket or a capital inside) are examined for explanations.
    """
    glyphs = dict.fromkeys((c.name for c in CONFUSIONS), 0.0)
    if chars is None:
        chars = glyph_counts(" ".join(word for word, count in counts.items() for _ in range(count)))
    for confusion in CONFUSIONS:
        if _letter_glyph(confusion):
            glyphs[confusion.name] = chars.get(confusion.observed, 0)
    words = sum(counts.values())
    for confusion in LOST:  # a lost letter: one chance per word written, wherever it was
        glyphs[confusion.name] = words
    explained = dict.fromkeys(glyphs, 0.0)
    evidence, evidence_types, visual_types = 0.0, 0, 0
    short = words <= SHORT_TEXT_WORDS
    for word, count in counts.items():
        if len(word) > MAX_WORD_LENGTH:
            continue
        odd = not word.isalpha() or (word[1:] != word[1:].lower() and not word.isupper())
        known = _known(word, lexicon)
        rare = (known and len(word) <= RARE_KNOWN_LENGTH and lexicon.zipf(word.lower()) <= RARE_KNOWN_ZIPF
                and not lexicon.classify(skeleton(word.lower())).variants)  # stripping explains those
        if not odd and known and not rare:
            continue
        word_sites = sites(word, memo)
        for site in word_sites:
            if site.confusion.observed and not _letter_glyph(site.confusion):
                glyphs[site.confusion.name] += count
        if not word_sites or (known and not rare):
            continue
        # a rare short word (fr, std) explains a confusion that makes it a far commoner one (för, stöd)
        floor = lexicon.zipf(word.lower()) + RARE_KNOWN_MARGIN if known else EXPLAINING_ZIPF
        identifier = is_identifier(word)  # s1, k1: evidence only as what an identifier may read as
        names = explaining(word, word_sites, lexicon, memo, floor, exact=known, identifier=identifier)
        for name in names:
            explained[name] += count / len(names)
        if names and not (count > 1 and not odd and word[0].isupper() and word.lower() not in counts) and not (
                phrased and 2 * phrased.get(word, 0) >= count) and not (
                short and named and not odd and named.get(word, 0) >= count):
            # (a capitalised word the document repeats and never writes in lowercase is a name,
            # a word of foreign phrases foreign: either sets the rates, but is no evidence)
            share = sum(name not in LOST_NAMES for name in names) / len(names) if short else 1.0
            evidence += count * share  # a line's lost letter alone: speech (blivi), not OCR
            evidence_types += share > 0
            visual_types += share > 0 and (any(name in VISUAL for name in names) or _glued_i(word, lexicon))
    rates = {}
    for confusion in CONFUSIONS:
        name = confusion.name
        rates[name] = (explained[name] + confusion.prior * WEIGHT) / (glyphs[name] + WEIGHT)
    types = len(counts)
    profile = OcrProfile(rates, explained, words, types=types, evidence=evidence, evidence_types=evidence_types,
                         stripped=stripped, visual_types=visual_types)
    if not profile.damaged:
        return profile
    shares = engine_shares(explained, profile.damage)
    engine_rates = engine_prior(shares)
    for name, rate in engine_rates.items():
        if rate > rates[name]:
            rates[name] = rate
    return OcrProfile(rates, explained, words, frozenset(engine_rates), types, evidence, evidence_types, stripped,
                      visual_types, shares)


def _glued_i(word: str, lexicon: Lexicon) -> bool:
    """Is ``word`` a word of five letters or more with the preposition i glued to it
    (``ipraktiken``, ``reglernai``): a space OCR lost, not a spelling?"""
    if len(word) < 6:
        return False
    return (word[0] in "iI" and _known(word[1:], lexicon)) or (word[-1] == "i" and _known(word[:-1], lexicon))


def _letter_glyph(confusion: Confusion) -> bool:
    """Is the observed glyph made of lowercase letters (counted in the whole text)?"""
    return confusion.observed.isalpha() and confusion.observed.islower()


#: The table's lowercase glyphs, counted in the whole text (str.count: cheap).
_GLYPHS = tuple(sorted({c.observed for c in CONFUSIONS if _letter_glyph(c)}))


def glyph_counts(text: str) -> dict[str, int]:
    """Occurrences in ``text`` of the table's lowercase glyphs (``d``, ``é``, ``rn``...).

    >>> glyph_counts("förslag rn")["rn"], glyph_counts("förslag rn")["d"]
    (1, 0)
    """
    return {glyph: text.count(glyph) for glyph in _GLYPHS}


def _known(word: str, lexicon: Lexicon) -> bool:
    """Is the word a word already, or a stripped one the skeleton index restores?"""
    key = word.lower()
    if not key.isalpha():
        return False
    folded = skeleton(key)
    info = lexicon.classify(folded)
    if key == folded:
        return info.zipf > 0 or bool(info.variants)
    return key in info.variants
