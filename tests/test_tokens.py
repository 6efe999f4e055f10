"""Tokenizer kinds, phenomenon by phenomenon."""
from __future__ import annotations

import pytest

from svfix.words.tokens import Kind, tokenize


def kinds(text):
    return [(t.kind, t.text) for t in tokenize(text)]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("KS 2024/108", Kind.REFERENCE),
        ("Dnr 415/2016-103", Kind.REFERENCE),
        ("SFS 2010:1846", Kind.REFERENCE),
        ("prop. 2013/14:34", Kind.REFERENCE),
        ("1992:339", Kind.REFERENCE),
        ("§ 73", Kind.SECTION),
        ("5 §", Kind.SECTION),
        ("2024-10-01", Kind.DATE),
        ("1.10.2024", Kind.DATE),
        ("2 500", Kind.NUMBER),
        ("1,5", Kind.NUMBER),
        ("https://www.arboga.se/kommun", Kind.URL),
        ("www.koping.se", Kind.URL),
        ("lisa.lassbo@koping.se", Kind.EMAIL),
        ("CEMR", Kind.ACRONYM),
        ("SKR:s", Kind.ACRONYM),
        ("t.ex.", Kind.ABBREVIATION),
        ("bl.a.", Kind.ABBREVIATION),
        ("jämställdhet", Kind.WORD),
        ("Förslag", Kind.WORD),
        ("f6rslag", Kind.WORD),
        ("§", Kind.PUNCT),
    ],
)
def test_single_token_kinds(text, kind):
    assert kinds(text) == [(kind, text)]


def test_offsets_cover_every_non_space_character():
    text = "Ksau § 172\n\nDnr 415/2016-103: Förslag (CEMR-deklarationen) 2 500 kr, se t.ex. www.x.se!"
    covered = set()
    for token in tokenize(text):
        assert text[token.start:token.end] == token.text
        assert not covered & set(range(token.start, token.end))
        covered.update(range(token.start, token.end))
    assert {i for i, c in enumerate(text) if not c.isspace()} <= covered


def test_hyphenated_words_split_at_the_hyphen():
    assert kinds("AIF-förvaltare") == [(Kind.ACRONYM, "AIF"), (Kind.PUNCT, "-"), (Kind.WORD, "förvaltare")]
    assert kinds("miljö- och") == [(Kind.WORD, "miljö"), (Kind.PUNCT, "-"), (Kind.WORD, "och")]


def test_a_word_before_a_number_is_a_word():
    assert kinds("den 30 oktober") == [(Kind.WORD, "den"), (Kind.NUMBER, "30"), (Kind.WORD, "oktober")]


def test_tokenize_a_slice_keeps_offsets_in_the_whole_text():
    text = "första raden\nandra raden"
    tokens = tokenize(text, 13, len(text))
    assert [(t.text, t.start) for t in tokens] == [("andra", 13), ("raden", 19)]
