"""The OCR channel: confusion sites, per-document rates, candidates."""
from __future__ import annotations

from collections import Counter

from support import clean_documents

import svfix
from svfix.words.channel import sites
from svfix.words.damage import estimate, glyph_counts
from svfix.words.scan import OCR_WORDS


def rates_of(text, lexicon):
    return estimate(Counter(OCR_WORDS.findall(text)), lexicon, None, glyph_counts(text))


def test_sites_follow_the_table():
    found = {(site.start, site.confusion.name) for site in sites("f6rslag")}
    assert (1, "6→ö") in found
    assert (0, "1→i") in {(s.start, s.confusion.name) for s in sites("1nom")}
    assert "1 after a word" in {s.confusion.name for s in sites("i1")}
    assert not any(s.confusion.name == "O→ö" for s in sites("OCH"))  # capitals are letters in a capital word


def test_a_correct_text_shows_no_confusion(lexicon):
    for path in clean_documents():
        assert not rates_of(path.read_text(encoding="utf-8"), lexicon).any_active, path.name


def test_a_damaged_text_shows_its_confusions(lexicon):
    text = "Nämnden f6reslår att f6rslaget antas. Nimnden anser att irendet är en sirskild fråga f6r kommunen."
    ocr = rates_of(text, lexicon)
    assert ocr.active("6→ö") and ocr.active("i→ä")
    assert not ocr.active("rn→m") and not ocr.active("l→t")


def test_ocr_changes_are_explained_with_their_confusion():
    result = svfix.fix_and_explain("Nämnden f6reslår att f6rslaget antas och att arbetet f6ljs upp.")
    assert result.text == "Nämnden föreslår att förslaget antas och att arbetet följs upp."
    assert {c.stage for c in result.changes} == {"ocr"}
    assert all("6→ö" in c.reason for c in result.changes)


def test_ocr_switch():
    text = "Nämnden f6reslår att f6rslaget antas och att arbetet f6ljs upp."
    assert svfix.fix(text, svfix.Config(ocr=False)) == text
