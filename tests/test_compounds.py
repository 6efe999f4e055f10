"""Compound analysis: unknown words read as known parts."""
from __future__ import annotations

import pytest

import svfix
from svfix.compounds import analyse


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
