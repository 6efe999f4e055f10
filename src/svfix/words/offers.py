"""Offers: the candidates for a word form from every source, judged once per form.

An :class:`Offers` belongs to one document (its profiles set the channel costs); each
distinct form is judged once, as a common word and, when asked, as a likely name.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from ..resources.lexicon import Lexicon, skeleton
from .candidates import (
    OCR,
    Candidate,
    apply_case,
    compound_candidates,
    diacritic_candidates,
    keep_candidate,
    ocr_candidates,
    unlisted_twin_bonus,
)
from .confusions import LONE_ONE_IS_I
from .damage import OcrProfile
from .decode import LanguageModel, confidence_of
from .memo import WordMemo
from .misreadings import MISREADINGS
from .profile import Profile
from .scan import MAX_WORD_LENGTH

#: A whole word is misread with this chance at most (the rest: it is as written).
MAX_MISREAD = 0.95
#: A candidate trailing by more than this (nats, without context) cannot win in any
#: context: bigram context rarely moves a word by more than a few nats.
CONTEXT_SLACK = 8.0

_UNSEEN = object()


@dataclass(frozen=True, slots=True)
class Offer:
    """The candidates for a word form; ``settled`` when no context could change the choice."""

    keep: Candidate
    options: tuple[Candidate, ...]
    settled: Candidate | None = None
    confidence: float = 0.0


class Offers:
    """Candidates for a word form from every source, judged once per form.

    Without context, a form's best candidate either trails keeping the word by more
    than ``CONTEXT_SLACK`` nats (then no context could make it win: the form gets no
    offer, which keeps clean text fast), or leads keeping and every other candidate by
    more than that (then no context could change the choice: the offer is *settled* and
    needs no decoding), or neither (then the sentence is decoded).
    """

    def __init__(
        self, profile: Profile, ocr: OcrProfile, lexicon: Lexicon, model: LanguageModel, memo: WordMemo,
        diacritics: bool = True,
    ):
        self.profile, self.ocr, self.lexicon, self.model, self.memo = profile, ocr, lexicon, model, memo
        self.diacritics = diacritics  # offer diacritic restorations (the diacritics stage runs)
        self._ocr_on = ocr.any_active
        # The offers judged so far, by word: for words read as common words, and as names.
        self.plain: dict[str, Offer | None] = {}
        self.named: dict[str, Offer | None] = {}

    def revised(self, profile: Profile, written: Iterable[str]) -> Offers:
        """These offers under ``profile``, which only counts the forms ``written`` more
        often (:meth:`Profile.with_written`): the document's vocabulary is all that moved,
        and it moves only the diacritic candidates of the words that fold as one of those
        forms, so only they are judged again; every other judgement is kept."""
        offers = Offers(profile, self.ocr, self.lexicon, self.model, self.memo, self.diacritics)
        moved = {skeleton(form) for form in written}
        for judged, fresh in ((self.plain, offers.plain), (self.named, offers.named)):
            fresh.update((word, offer) for word, offer in judged.items() if skeleton(word) not in moved)
        return offers

    def __call__(self, word: str, likely_name: bool) -> Offer | None:
        known = self.named if likely_name else self.plain
        offer = known.get(word, _UNSEEN)
        if offer is _UNSEEN:
            offer = known[word] = self._offer(word, likely_name)
        return offer  # type: ignore[return-value]

    def _offer(self, word: str, likely_name: bool) -> Offer | None:
        if len(word) > MAX_WORD_LENGTH:  # no word: every search per word stays bounded
            return None
        profile, lexicon, memo = self.profile, self.lexicon, self.memo
        if word == "1":  # the word i read as the digit 1 (protect: only between two words)
            # the document's own rate where it shows the confusion, else how often a lone 1
            # is i in OCR at large: the language model decides (i Stockholm, 1 kap.); a long
            # text that shows no OCR damage writes numbers (karenstid på 1 dag)
            rate = self.ocr.rate("1→i") if self.ocr.active("1→i") else 0.0
            if self.ocr.unsure_or_damaged:
                rate = max(rate, LONE_ONE_IS_I)
            if not rate:
                return None
            i_word = Candidate("i", "i", math.log(rate), OCR, f"OCR confusion 1→i ({rate:.2f})")
            return self._judge(keep_candidate(word), (i_word,))
        if word.isdigit():
            return None
        if word in memo.inert:  # only OCR readings to look for, if any
            if not self._ocr_on:
                return None
            options: list[Candidate] = []
            bonus = 0.0
        elif self.diacritics:
            # OCR loses diacritics one by one, stripping takes them all: a text too short
            # to tell which it shows may have lost some
            partial = self.ocr.unsure_or_damaged
            options = diacritic_candidates(word, profile, lexicon, likely_name, memo, partial)
            bonus, compounds = compound_candidates(word, profile, lexicon, likely_name, memo)
            options.extend(compounds)
            if options and not likely_name and not bonus:
                bonus = unlisted_twin_bonus(word, lexicon, memo, partial)
            if not options and not bonus and (partial or word.isascii()):
                memo.inert[word] = True  # (remembered for every document: not if some were left out)
        else:  # OCR repair alone: a word read as a compound still earns its bonus
            if not self._ocr_on:
                return None
            options = []
            bonus = compound_candidates(word, profile, lexicon, likely_name, memo)[0]
        if self._ocr_on:
            seen = {o.text for o in options}
            options.extend(
                o for o in ocr_candidates(word, profile, self.ocr, lexicon, likely_name, memo) if o.text not in seen
            )
            if self.ocr.damaged and not likely_name:
                misread, kept = self._misread(word)
                if misread:
                    known = {o.text: i for i, o in enumerate(options)}
                    for reading in misread:
                        at = known.get(reading.text)
                        if at is None:
                            options.append(reading)
                        elif options[at].cost < reading.cost:
                            options[at] = reading
                    bonus += kept
        return self._judge(keep_candidate(word, bonus), tuple(options)) if options else None

    def _misread(self, word: str) -> tuple[list[Candidate], float]:
        """Whole-word misreadings of the kinds of engine the document shows
        (words/misreadings.py: ``art`` for ``att``, ``der`` for ``det``), at their learned
        rates scaled by the document's damage; and the log-chance that ``word`` is as
        written, which they lower."""
        key = word.lower()
        chances: dict[str, float] = {}
        for kind, share in self.ocr.engines.items():
            for meant, rate, _ in MISREADINGS.get(kind, {}).get(key, ()):
                chances[meant] = chances.get(meant, 0.0) + share * rate
        whole = sum(chances.values())
        if whole <= 0.0:
            return [], 0.0
        total = min(whole, MAX_MISREAD)
        scale = total / whole
        readings = [
            Candidate(apply_case(word, meant), meant, math.log(chance * scale), OCR,
                      f"OCR misreads {meant} as {key} ({chance * scale:.2f})")
            for meant, chance in chances.items()
        ]
        return readings, math.log(1.0 - total)

    def _judge(self, keep: Candidate, options: tuple[Candidate, ...]) -> Offer | None:
        logprob = self.model.logprob
        keep_score = logprob(None, keep.key) + keep.cost
        if len(options) == 1:  # the common case
            best, best_score, runner_up = 0, logprob(None, options[0].key) + options[0].cost, -math.inf
        else:
            scored = sorted(((logprob(None, o.key) + o.cost, i) for i, o in enumerate(options)), reverse=True)
            (best_score, best), runner_up = scored[0], scored[1][0]
        margin = best_score - keep_score
        if margin < -CONTEXT_SLACK:
            return None
        if margin > CONTEXT_SLACK and best_score - runner_up > CONTEXT_SLACK:
            return Offer(keep, options, options[best], confidence_of(margin))
        return Offer(keep, options)
