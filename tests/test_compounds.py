"""Compound analysis: unknown words read as known parts."""
from __future__ import annotations

import pytest

import svfix
from svfix.resources.compounds import analyse
from svfix.resources.inflection import inflected_zipf
from svfix.resources.lexicon import Lexicon
from svfix.words.candidates import compound_candidates
from svfix.words.profile import Profile


@pytest.mark.parametrize(
    "word, parts",
    [
        ("sjofartsstodet", ("sjöfarts", "stödet")),
        ("jamstalldhetspolitiska", ("jämställdhets", "politiska")),
        ("lansovergripande", ("läns", "övergripande")),
        ("natverkstraffar", ("nätverks", "träffar")),
        ("kommunledningsforvaltningen", ("kommunlednings", "förvaltningen")),
        ("tjansteskrivelse", ("tjänste", "skrivelse")),
    ],
)
def test_stripped_compounds_are_read_as_known_parts(word, parts, lexicon):
    assert analyse(word, lexicon).parts == parts


def test_correct_compounds_are_read_as_they_are(lexicon):
    assert analyse("länsövergripande", lexicon).text == "länsövergripande"
    assert analyse("jämställdhetsarbetet", lexicon).text == "jämställdhetsarbetet"


def test_what_is_not_a_compound(lexicon):
    assert analyse("xqzvwkrpl", lexicon) is None
    assert analyse("kort", lexicon) is None  # too short to analyse


def test_compounds_restored_in_a_stripped_text():
    text = "Arbetet med jamstalldhetspolitiska mal och sjofartsstodet fortsatter i natverkstraffar."
    assert svfix.fix(text) == "Arbetet med jämställdhetspolitiska mål och sjöfartsstödet fortsätter i nätverksträffar."


def test_unknown_compound_in_a_correct_text_is_left_alone():
    text = "Förvaltningen har tagit fram en länsövergripande plan för jämställdhetspolitiska mål i Köping."
    assert svfix.fix(text) == text


def test_a_compound_as_written_is_read_with_its_own_parts(lexicon):
    assert analyse("klimatval", lexicon, as_written=True).parts == ("klimat", "val")
    assert analyse("altarliknande", lexicon, as_written=True).parts == ("altar", "liknande")
    assert analyse("sjofartsstodet", lexicon, as_written=True) is None  # sjofarts is no part as written
    assert analyse("klimatval", lexicon).text == "klimatval"  # väl (an adverb) heads no compound


@pytest.mark.parametrize("word", ["klimatval", "altarliknande"])
def test_a_correct_compound_that_also_restores_keeps_its_weight(word, lexicon):
    # A clean document's low stripping rate, not the compound's missing weight, decides.
    keep_bonus, restorations = compound_candidates(word, Profile.fixed(0.01), lexicon)
    assert keep_bonus > 0
    # cost: log-probability the decoder adds; klimatval has no restoration at all (väl heads no compound)
    assert all(keep_bonus > restored.cost for restored in restorations)


@pytest.mark.parametrize("word", ["rattsstatligt", "stodordningar", "samhallsuppbyggnad"])
def test_a_rare_part_as_written_does_not_block_restoration(word, lexicon):
    # ratts, stod, samhalls: words, but far rarer than rätts, stöd, samhälls.
    keep_bonus, (restored,) = compound_candidates(word, Profile.fixed(0.9), lexicon)
    assert restored.cost - keep_bonus > 2.0


def test_an_unlisted_inflection_of_a_listed_word_stays_as_written():
    # skapnad is listed, skapnaden is not: it is the word's definite form, not skåp|nåden.
    text = "Hon sag skapnaden i dimman och det var en hemsk syn for henne."
    assert "skapnaden" in svfix.fix(text)
    assert inflected_zipf("forslagen", Lexicon.default()) is None  # forslag is förslag stripped, no stem
