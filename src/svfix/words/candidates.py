"""Candidates: what each observed word could have been, with the channel's cost.

A :class:`Candidate` is one intended word for an observed one, with the natural log of
the channel probability P(observed | intended). Every source of candidates (diacritic
variants here; OCR confusions and compounds later) produces the same type, and one
decoder weighs them all against the language model.

Candidates come from indexes only (the lexicon's skeleton index), never from a scan.

>>> from svfix.resources.lexicon import Lexicon
>>> from svfix.words.profile import Profile
>>> stripped = Profile.fixed(0.9)
>>> [c.text for c in diacritic_candidates("Forslag", stripped, Lexicon.default())]
['Förslag']
>>> apply_case("JAMSTALLDHET", "jämställdhet")
'JÄMSTÄLLDHET'
"""
from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from typing import Any

from ..config import Stage
from ..resources.compounds import MIN_WORD, Compound
from ..resources.inflection import inflected_zipf
from ..resources.lexicon import NAME, UNKNOWN_ZIPF, Lexicon, skeleton
from ..resources.lm import token_key
from .channel import (
    MAX_SUBSTITUTIONS,
    Reading,
    Site,
    fits,
    folded_string,
    lookup,
    may_be_word,
    reading_skeleton,
    reading_through,
    site_combinations,
    sites,
    word_letters,
)
from .damage import OcrProfile
from .identifiers import identifier_reads_as, is_identifier
from .memo import WordMemo, analysis
from .profile import Profile, stripped_letters, twin_log_chance

LN10 = math.log(10.0)

#: The stage names candidates carry (:class:`svfix.config.Stage`).
DIACRITICS = Stage.DIACRITICS.value
OCR = Stage.OCR.value
#: At most this many OCR readings of a word (substitutions only) are read as compounds.
MAX_COMPOUND_READINGS = 12
#: A word read as a compound of known parts is at least this frequent (zipf): whatever its
#: head's own frequency (``förvaltningarna`` is rare as a word), a whole analysis is a
#: likelier word than a string no analysis explains (``UNKNOWN_ZIPF``).
COMPOUND_FLOOR_ZIPF = 0.0
#: ... as written, only when it reads as this many parts at most: a string cut into three
#: or more (``häll|bar|hets|aspekter`` for an OCR'd ``hållbarhetsaspekter``) is weighed by
#: its analysis alone. Measured: fiction-ocr 90.07 → 90.36%, tessswehard 8.45 → 8.57%,
#: every stripped set as before.
FLOORED_PARTS = 2
#: ln of the chance that a common word (not a name) is written with a capital in the
#: middle of a sentence: what a capitalised unknown word pays to become one.
LOG_CAPITALISED = math.log(0.1)
#: The weight of the document's own word frequencies beside the language model's.
DOCUMENT_SHARE = 0.1
#: The frequency (zipf) of an unlisted plain string whose diacritic twin is listed, in a
#: text that may be OCR-damaged (too short to tell, or damaged): OCR loses diacritics one
#: by one, at rates the stripping profile does not see, so a twin is a damaged word far
#: more often than the dialect or old spelling correct text writes (words/twins.py).
UNLISTED_TWIN_ZIPF = -3.0
#: ... and of one that reads as a compound only with diacritics (``miljo|forskning``):
#: compounds are made freely, so the lexicon's silence says less.
UNLISTED_COMPOUND_ZIPF = -2.0
#: The confusion that drops an i; last in a word, it may be the preposition glued to it.
GLUED_I = "extra i"
#: A word follows: what a glued preposition needs after it.
_WORD_FOLLOWS = re.compile(r"[ \t]+(\w+)")
#: Confusion classes that are case damage (a capital read for ö, ä, å).
CASE_DAMAGE = frozenset({"O→ö", "A→ä/å"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One word that the observed text could stand for.

    ``text`` is the word as it would be written (case restored from the observation),
    ``key`` its lowercase lexicon form (what the language model scores), ``channel`` the
    natural log of P(observed | this word), ``stage`` the stage that proposed it and
    ``reason`` a short explanation for reports. ``bonus`` corrects the language model
    for a word it cannot know: an analysed compound is a rare word, not an unknown
    string (``svfix.resources.compounds``).
    """

    text: str
    key: str
    channel: float
    stage: str
    reason: str
    bonus: float = 0.0  # ln of how much likelier the word is than the model knows (a compound)

    @property
    def cost(self) -> float:
        """What the decoder adds to the language model's score: channel and bonus."""
        return self.channel + self.bonus


@dataclass(frozen=True, slots=True)
class Slot:
    """A place in the text where svfix has a choice: keep the word, or an option."""

    start: int
    end: int
    keep: Candidate
    options: tuple[Candidate, ...]


def apply_case(observed: str, key: str) -> str:
    """Write ``key`` with the case pattern of ``observed``.

    >>> apply_case("Forslag", "förslag"), apply_case("FOR", "för"), apply_case("McDonald", "mcdonald")
    ('Förslag', 'FÖR', 'McDonald')
    >>> apply_case("fOr", "för"), apply_case("bedOmningen", "bedömningen")
    ('för', 'bedömningen')
    """
    if observed.islower():
        return key
    if len(observed) == len(key):
        # A capital O or A inside a word that gains a diacritic is case damage: ö, not Ö.
        damaged = not observed.isupper()
        return "".join(
            k.upper() if o.isupper() and not (damaged and i and k in "åäö") else k
            for i, (o, k) in enumerate(zip(observed, key))
        )
    if observed.isupper() and len(observed) > 1:
        return key.upper()
    if observed[:1].isupper():
        return key[:1].upper() + key[1:]
    return key


def keep_candidate(observed: str, bonus: float = 0.0) -> Candidate:
    """The observed word itself (its channel cost is 0: seen as written)."""
    return Candidate(observed, token_key(observed), 0.0, "keep", "as written", bonus)


def compound_candidates(
    observed: str, profile: Profile, lexicon: Lexicon, likely_name: bool = False, memo: WordMemo | None = None
) -> tuple[float, list[Candidate]]:
    """Restorations of an unknown word read as a compound of known parts.

    Returns the bonus that the observed word itself earns when it already reads as a
    compound (it is then a rare word, not an unknown string), and the candidates.
    """
    key = observed.lower()
    if len(key) < MIN_WORD or lexicon.classify(key).variants or _listed(key, lexicon, memo):
        return 0.0, []  # too short, restored as a whole word, or known
    inflected = _inflected_bonus(key, lexicon, memo)
    reading = analysis(key, lexicon, memo)
    if reading is None:
        return inflected, []
    bonus = (max(reading.zipf, COMPOUND_FLOOR_ZIPF) - UNKNOWN_ZIPF) * LN10
    if bonus <= 0:
        return inflected, []
    if reading.text == key:
        if len(reading.parts) > FLOORED_PARTS:  # cut into many parts: as likely noise as a word
            bonus = (reading.zipf - UNKNOWN_ZIPF) * LN10
        return max(bonus, inflected, 0.0), []
    letters = stripped_letters(key, reading.text)
    if not letters or len(reading.text) != len(key):
        return inflected, []
    keep_bonus = max(_as_written_bonus(key, reading, lexicon, memo), inflected)
    if not keep_bonus and not likely_name:  # a string read as a compound only with diacritics
        keep_bonus = (UNLISTED_COMPOUND_ZIPF - UNKNOWN_ZIPF) * LN10
    rates = profile.rates_excluding(key)
    channel = sum(math.log(rates[letter]) for letter in letters)
    if likely_name:
        channel = 2 * channel + LOG_CAPITALISED
    reason = f"diacritics restored in the compound {'|'.join(reading.parts)}"
    return keep_bonus, [Candidate(apply_case(observed, reading.text), reading.text, channel, DIACRITICS, reason, bonus)]


def _inflected_bonus(key: str, lexicon: Lexicon, memo: WordMemo | None) -> float:
    """The bonus of ``key`` kept as written when it reads as a listed word with a regular
    ending (``skapnad|en``): the form of a rare word the lexicon lacks."""
    if memo is not None:
        found = memo.inflected.get(key)
        if found is not None:
            return found
    zipf = inflected_zipf(key, lexicon)
    bonus = 0.0 if zipf is None else max(0.0, (zipf - UNKNOWN_ZIPF) * LN10)
    if memo is not None:
        memo.inflected[key] = bonus
    return bonus


def _as_written_bonus(key: str, reading: Compound, lexicon: Lexicon, memo: WordMemo | None) -> float:
    """The bonus of ``key`` kept as written, when it reads as the same compound with the
    same cuts (``altar|liknande`` beside the restored ``ältar|liknande``, ``klimat|val``
    beside ``klimat|väl``): a rare word, not an unknown string. The analysis weighs a
    compound by its head alone, so each part written otherwise than in the restored
    reading also costs how much rarer it is as a word (``ratts`` against ``rätts``):
    then only the document's stripping rate and the parts' own frequencies decide."""
    written = analysis(key, lexicon, memo, as_written=True)
    if written is None or [len(p) for p in written.parts] != [len(p) for p in reading.parts]:
        return 0.0
    rarer = sum(
        max(0.0, lexicon.zipf(restored) - lexicon.zipf(kept))
        for kept, restored in zip(written.parts, reading.parts)
        if kept != restored
    )
    return max(0.0, (written.zipf - rarer - UNKNOWN_ZIPF) * LN10)


def ocr_candidates(
    observed: str,
    profile: Profile,
    ocr: OcrProfile,
    lexicon: Lexicon,
    likely_name: bool = False,
    memo: WordMemo | None = None,
) -> list[Candidate]:
    """Words that OCR may have misread as ``observed`` (``f6r`` → ``för``).

    Glyphs from the confusion table are replaced, at most a few per word, by what they
    may stand for, and the result is looked up in the skeleton index (or read as a
    compound). The channel cost is the document's rate of each confusion used, plus
    the stripping cost of any other letter that gains a diacritic.
    """
    active = ocr.active_names  # type: ignore[attr-defined]
    word_sites = [
        site
        for site in sites(observed, memo)
        if site.confusion.name in active
        # a capital O or A first in the word is damage only where a name is unlikely
        and not (site.start == 0 and site.confusion.name in CASE_DAMAGE and not likely_name)
    ]
    if not word_sites:
        return []
    key = observed.lower()
    if not ocr.real_words and key.isalpha() and _listed(key, lexicon, memo):
        return []  # a document without OCR damage: a word it writes is the word it means
    rates = profile.rates_excluding(key)
    found: dict[str, Candidate] = {}
    identifier = is_identifier(observed)
    for form, used, stripped, bonus, text in _ocr_forms(observed, tuple(word_sites), lexicon, memo):
        if identifier and not identifier_reads_as(form, lexicon):
            continue
        channel = sum(ocr.cost(name) for name in used)
        channel += sum(math.log(rates[letter]) for letter in stripped)
        recased = any(name in CASE_DAMAGE for name in used)
        if likely_name and not recased and not lexicon.flags(form) & NAME:
            channel = 2 * channel + LOG_CAPITALISED
        if form not in found or found[form].channel < channel:
            names = ", ".join(f"{name} ({ocr.rate(name):.2f})" for name in used)
            found[form] = Candidate(text, form, channel, OCR, f"OCR confusion {names}", bonus)
    return list(found.values())




def _ocr_forms(
    observed: str, word_sites: tuple[Site, ...], lexicon: Lexicon, memo: WordMemo | None
) -> list[tuple[str, tuple[str, ...], str, float, str]]:
    """What ``observed`` may be read as through these confusion sites, independent of the
    document: (form, confusion classes used, letters stripped elsewhere, bonus, text).

    A word the lexicon knows gets only single confusions (``sitt`` → ``sätt``); an unknown
    one up to MAX_SUBSTITUTIONS, and compound readings with up to two.
    """
    memo_key = (observed, tuple((s.start, s.confusion.name) for s in word_sites))
    if memo is not None:
        remembered = memo.ocr_forms.get(memo_key)
        if remembered is not None:
            return remembered
    key = observed.lower()
    known = _listed(key, lexicon, memo) if key.isalpha() else False
    result = []
    seen: set[str] = set()
    fallbacks: list[Reading] = []  # readings that find no word: read as compounds if no reading finds one
    folded, kept = word_letters(observed)
    letters = folded_string(folded)
    folds_from = lexicon.skeleton_test()  # one trie probe (None: user words, asked in full)
    for combo in site_combinations(list(word_sites), 1 if known else MAX_SUBSTITUTIONS):
        # most readings fold from no word: their skeleton alone says so, and the whole
        # reading is made only for the others and for the compound fallbacks
        skeleton_of = reading_skeleton(letters, combo)
        forms: list[tuple[str, float]] = []
        if (folds_from is None or folds_from(skeleton_of)) and may_be_word(skeleton_of, lexicon):
            reading = reading_through(folded, kept, combo)
            forms = lookup(reading, lexicon)
        if not forms:
            if (not known and len(combo) <= 2 and len(skeleton_of) >= MIN_WORD
                    and len(fallbacks) < MAX_COMPOUND_READINGS
                    and all(s.confusion.observed and s.confusion.skeleton for s in combo)):
                fallbacks.append(reading_through(folded, kept, combo))
            continue
        for form, _ in forms:
            if form == key or form in seen:
                continue
            seen.add(form)
            used = tuple(c.name for c in reading.used)
            result.append((form, used, _stripped_outside(observed, form, reading), 0.0, _ocr_text(observed, form, reading)))
    if not result:
        for reading in fallbacks:
            compound = analysis(_placed(reading), lexicon, memo)
            if compound is None or not fits(compound.text, reading) or compound.text in seen:
                continue
            seen.add(compound.text)
            bonus = (max(compound.zipf, COMPOUND_FLOOR_ZIPF) - UNKNOWN_ZIPF) * LN10
            used = tuple(c.name for c in reading.used)
            result.append((compound.text, used, _stripped_outside(observed, compound.text, reading), bonus,
                           _ocr_text(observed, compound.text, reading)))
    if memo is not None:
        memo.ocr_forms[memo_key] = result
    return result


def _placed(reading: Reading) -> str:
    """The reading with each unambiguous intended letter in place (for compound analysis)."""
    return "".join(a if len(a) == 1 else s for s, a in zip(reading.skeleton, reading.allowed))


def _stripped_outside(observed: str, form: str, reading: Reading) -> str:
    """Letter groups that gained a diacritic where no confusion was used."""
    plain = "".join(s if not a else "" for s, a in zip(reading.skeleton, reading.allowed))
    if not plain:
        return ""
    return "".join(sorted({letter for s, a, f in zip(reading.skeleton, reading.allowed, form)
                           if not a and f != s for letter in stripped_letters(s, f)}))


def _ocr_text(observed: str, form: str, reading: Reading) -> str:
    """The candidate written with the observation's case, ignoring the case of confused glyphs.

    An ``i`` that the reading drops last in the word may be the preposition glued to it,
    a space OCR lost (``träderi kraft``, ``reglernai 2 kap.``): the text keeps it apart, and
    the word stage drops it again where no word follows (:func:`glued_preposition`).

    >>> from svfix.words.channel import Reading
    >>> from svfix.words.confusions import CONFUSIONS
    >>> extra_i = tuple(c for c in CONFUSIONS if c.name == GLUED_I)
    >>> _ocr_text("träderi", "träder", Reading("trader", ("",) * 6, extra_i))
    'träder i'
    """
    if (len(observed) == len(form) + 1 and observed[-1] == "i" and skeleton(observed[:-1]) == skeleton(form)
            and any(c.name == GLUED_I for c in reading.used)):
        return _ocr_text(observed[:-1], form, reading) + " i"
    if observed.isupper() and len(observed) > 1:
        return form.upper()
    if observed[:1].isupper() and not any(c.observed[:1] == observed[:1] for c in reading.used):
        return form[:1].upper() + form[1:]
    return form


def glued_preposition(text: str, end: int, candidate: Candidate, model: Any) -> Candidate:
    """``candidate`` for the word that ends at ``end`` in ``text``: a reading that keeps a
    final ``i`` apart (``träder i``) keeps it only where what follows is likelier after the
    preposition than after the word (``träderi kraft``, ``reglernai 2 kap.``); else the ``i``
    was a stray glyph (``sociopati’.``, ``katteri av``) and goes.
    """
    if candidate.stage != OCR or not candidate.text.endswith(" i"):
        return candidate
    follows = _WORD_FOLLOWS.match(text, end)
    if follows is not None:
        key = token_key(follows.group(1))
        if model.logprob("i", key) >= model.logprob(candidate.key, key):
            return candidate
    return dataclasses.replace(candidate, text=candidate.text[:-2])


def unlisted_twin_bonus(
    observed: str, lexicon: Lexicon, memo: WordMemo | None = None, partial: bool = True,
) -> float:
    """The bonus of keeping ``observed`` when the lexicon lacks it but knows it with
    diacritics (``miljoforskning`` beside ``miljöforskning``, ``ga`` beside ``gå``).

    An unknown string is weighed at the floor frequency (``UNKNOWN_ZIPF``): names, rare
    compounds, noise. In a text long enough to show neither stripping nor OCR damage
    (not ``partial``), a plain twin of a listed word has the frequency correct text
    gives it (words/twins.py): dialect and old spelling write short ones (``jag ga henne
    medusin``, ``om hon fore ut``); a long one is rarer than the floor (the lexicon covers
    its neighbourhood: only a typo writes it). Where OCR may have lost a diacritic, a
    twin is weighed at ``UNLISTED_TWIN_ZIPF``.
    """
    key = observed.lower()
    if _listed(key, lexicon, memo) or not lexicon.classify(key).variants:
        return 0.0
    if partial:
        return (UNLISTED_TWIN_ZIPF - UNKNOWN_ZIPF) * LN10
    return twin_log_chance(key) + (9.0 - UNKNOWN_ZIPF) * LN10


def _listed(key: str, lexicon: Lexicon, memo: WordMemo | None) -> bool:
    """Does the lexicon have ``key`` at all (as a word, a name or a compound part)?"""
    if memo is None:
        return bool(lexicon.flags(key))
    found = memo.listed.get(key)
    if found is None:
        found = memo.listed[key] = bool(lexicon.flags(key))
    return found


def diacritic_candidates(
    observed: str, profile: Profile, lexicon: Lexicon, likely_name: bool = False, memo: WordMemo | None = None,
    partial: bool = True,
) -> list[Candidate]:
    """Forms with diacritics that ``observed`` may have been stripped from.

    The channel cost of a candidate is the chance that its letters were stripped in
    this document (:class:`~svfix.words.profile.Profile`), and two corrections:

    * for a ``likely_name`` (a capitalised unknown word mid-sentence) a candidate that
      is not itself a name pays the stripping cost twice and ``LOG_CAPITALISED``: in a
      clean document a name is far likelier than a stripped common word, and common
      words are seldom capitalised mid-sentence;
    * a candidate that the document itself writes, correctly, earns the bonus of
      :func:`document_vocabulary_bonus` (``länets`` beside a stripped ``lanets``) when
      the observed form is no word;
    * when the observed form is a word too (``innebar`` beside ``innebär``), the
      document's copies of either tell nothing more than the stripping rate does (a cap
      of ``n(variant) · s / (1 - s)`` stripped copies was tried and dropped: on mostly
      correct pages it kept 3 stripped ``for`` beside 9 ``för`` as written; without it
      lightstripped went 92.6% → 94.4% at higher precision, and harm stayed as it was).

    Without ``partial`` (a document long enough to show no OCR damage), a form that puts back a
    letter the word already writes is no candidate: stripping takes a word's diacritics
    together, so ``nämndeman`` is the singular as written, not ``nämndemän`` with one ä
    stripped; OCR loses them one by one (``pågar``).
    """
    key = observed.lower()
    plan = _variant_plan(key, lexicon, memo)
    if not plan:
        return []
    result = []
    rates = profile.rates_excluding(key)
    real_word = _listed(key, lexicon, memo)
    kept = () if partial or key.isascii() else set(key)
    for variant, letters, is_name in plan:
        if kept and any(o != f and f in kept for o, f in zip(key, variant)):
            continue  # a letter both kept and stripped in one word (nämndeman → nämndemän)
        channel = sum(math.log(rates[letter]) for letter in letters)
        if likely_name and not is_name:
            channel = 2 * channel + LOG_CAPITALISED
        reason = profile.describe(letters, key)
        # a word the document writes tells what an unknown plain string means; between
        # two words it writes (innebar, innebär), it tells nothing
        bonus = 0.0 if real_word else document_vocabulary_bonus(variant, profile, lexicon)
        written = profile.count(variant)
        if written:
            reason += f"; the text writes {variant} {written} times"
        result.append(Candidate(apply_case(observed, variant), variant, channel, DIACRITICS, reason, bonus))
    return result


def document_vocabulary_bonus(form: str, profile: Profile, lexicon: Lexicon) -> float:
    """How much likelier ``form`` is in this document than in Swedish at large, because
    the document writes it (a cache model: the language model's probability mixed with
    the document's own frequency of the form, ``DOCUMENT_SHARE`` of it).

    A rare word the document uses again and again (``länets`` in a protocol of a county)
    is what its stripped twin means (``lanets``, not ``lånets``); a frequent word gains
    nearly nothing.
    """
    written = profile.count(form)
    if not written or not profile.words:
        return 0.0
    share = written / profile.words
    expected = 10.0 ** (max(lexicon.zipf(form), UNKNOWN_ZIPF) - 9.0)
    return max(0.0, math.log(1.0 - DOCUMENT_SHARE + DOCUMENT_SHARE * share / expected))


def _variant_plan(key: str, lexicon: Lexicon, memo: WordMemo | None) -> tuple[tuple[str, str, bool], ...]:
    """(variant, stripped letter groups, is a name) for each variant of ``key``: the part
    of the candidates that does not depend on the document, remembered in ``memo``."""
    if memo is not None:
        found = memo.plans.get(key)
        if found is not None:
            return found
    plan = []
    for variant in lexicon.classify(key).variants:
        letters = stripped_letters(key, variant)
        if letters:
            plan.append((variant, letters, bool(lexicon.flags(variant) & NAME)))
    result = tuple(plan)
    if memo is not None:
        memo.plans[key] = result
    return result
