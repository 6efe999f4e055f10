"""The seeded noise generator (svfix.evaluation.noise): reproducible, respects its rates, damages
only what it says it does."""
from __future__ import annotations

import html
import random
import re

import ftfy
import pytest

from svfix.evaluation.noise import (
    OCR_CONFUSIONS,
    GlyphDamage,
    Noise,
    damage_encoding,
    html_entities,
    iso646,
    mojibake,
    ocr_confusions,
    pdf_accents,
    strip_diacritics,
    strip_letter,
    wrap,
)

# Made up for these tests: Swedish prose with every letter of interest.
PARAGRAPHS = [
    "Kommunstyrelsen föreslår att kommunfullmäktige beslutar om en översyn av jämställdhetsarbetet.",
    "Ärendet gäller även åtgärder för näringslivet i länet, och förvaltningen återkommer i maj.",
    "Öppettiderna på biblioteket ändras från den första juni; information lämnas i kommunens nyhetsbrev.",
    "Det är viktigt att alla medarbetare får möjlighet att delta i utbildningen om arbetsmiljö.",
    "Kommittén har i uppdrag att lämna förslag till hur människor i modern tid kan nå service.",
]
TEXT = "\n\n".join(PARAGRAPHS * 100)
WORD = re.compile(r"\w+")


def test_strip_letter():
    assert [strip_letter(c) for c in "åäöÅÄÖéÉüa1 ,"] == list("aaoAAOeEua1 ,")


def test_the_same_seed_gives_the_same_damage_and_another_seed_other_damage():
    noise = Noise(strip=0.5, confusion_scale=1.0, encoding=0.3, wrap_width=50)
    assert noise.apply(TEXT, 11) == noise.apply(TEXT, 11)
    assert noise.apply(TEXT, "11:doc") == noise.apply(TEXT, "11:doc")
    assert noise.apply(TEXT, 11) != noise.apply(TEXT, 12)


def test_the_global_random_generator_is_never_used():
    random.seed(5)
    state = random.getstate()
    Noise(strip=0.5, confusion_scale=1.0, encoding=0.5, wrap_width=40, hyphenate=0.5).apply(TEXT, 3)
    strip_diacritics(TEXT, 0.3, seed=1)
    ocr_confusions(TEXT, seed=1)
    assert random.getstate() == state


def test_a_random_instance_can_be_the_seed():
    a, b = random.Random(4), random.Random(4)
    assert strip_diacritics(TEXT, 0.5, a) == strip_diacritics(TEXT, 0.5, b)


def test_stripping_only_removes_diacritics():
    damaged = strip_diacritics(TEXT, 0.4, seed=2)
    assert len(damaged) == len(TEXT)
    assert all(d == c or d == strip_letter(c) for d, c in zip(damaged, TEXT))
    assert damaged != TEXT


@pytest.mark.parametrize("rate", [0.1, 0.5, 0.9])
def test_stripping_respects_its_rate(rate):
    damaged = strip_diacritics(TEXT, rate, seed=rate.hex())
    marked = [(c, d) for c, d in zip(TEXT, damaged) if strip_letter(c) != c]
    share = sum(c != d for c, d in marked) / len(marked)
    assert len(marked) > 3000
    assert abs(share - rate) < 0.03


def test_full_and_no_stripping():
    assert strip_diacritics(TEXT, 1.0) == "".join(map(strip_letter, TEXT))
    assert strip_diacritics(TEXT, 0.0) == TEXT
    assert Noise().apply(TEXT, 1) == TEXT


def test_a_confusion_respects_its_rate():
    damaged = ocr_confusions(TEXT, [GlyphDamage("ä", "i", 0.2)], seed=8)
    assert len(damaged) == len(TEXT)
    pairs = [(c, d) for c, d in zip(TEXT, damaged) if c == "ä"]
    assert {d for _, d in pairs} == {"ä", "i"}
    assert abs(sum(d == "i" for _, d in pairs) / len(pairs) - 0.2) < 0.03
    assert all(c == d for c, d in zip(TEXT, damaged) if c != "ä")


def test_rates_of_one_source_share_the_draw():
    damaged = ocr_confusions(TEXT, [GlyphDamage("ö", "6", 0.3), GlyphDamage("ö", "é", 0.3)], seed=1)
    found = [d for c, d in zip(TEXT, damaged) if c == "ö"]
    for target in "6é":
        assert abs(found.count(target) / len(found) - 0.3) < 0.04


def test_confusions_scale():
    table = [GlyphDamage("e", "c", 0.1)]
    low = ocr_confusions(TEXT, table, seed=1, scale=0.5).count("c") - TEXT.count("c")
    high = ocr_confusions(TEXT, table, seed=1, scale=2.0).count("c") - TEXT.count("c")
    assert 2.5 < high / low < 6


def test_word_and_initial_confusions_apply_only_there():
    text = "i kommunen bor i min stad, inte ska överskrida öar i"
    assert ocr_confusions(text, [GlyphDamage("i", "1", 1.0, "word")]) == "1 kommunen bor 1 min stad, inte ska överskrida öar 1"
    assert ocr_confusions(text, [GlyphDamage("ö", "O", 1.0, "initial")]) == "i kommunen bor i min stad, inte ska Overskrida Oar i"
    assert ocr_confusions("modern form", [GlyphDamage("rn", "m", 1.0), GlyphDamage("m", "rn", 1.0)]) == "rnodem forrn"


def test_rates_of_one_source_may_not_exceed_one():
    with pytest.raises(ValueError):
        ocr_confusions(TEXT, [GlyphDamage("ö", "6", 0.6), GlyphDamage("ö", "o", 0.6)])
    with pytest.raises(ValueError):
        Noise(confusion_scale=20.0)
    with pytest.raises(ValueError):
        GlyphDamage("a", "a", 0.1)
    with pytest.raises(ValueError):
        Noise(strip=1.5)


def test_the_default_table_covers_the_confusions_of_swedish_ocr():
    pairs = {(c.source, c.target) for c in OCR_CONFUSIONS}
    for pair in [("ö", "6"), ("ö", "é"), ("ö", "o"), ("ä", "i"), ("ä", "a"), ("å", "d"), ("å", "i"), ("å", "a"),
                 ("l", "I"), ("l", "1"), ("I", "l"), ("rn", "m"), ("m", "rn"), ("i", "1"), ("Ö", "O")]:
        assert pair in pairs
    damaged = Noise(confusion_scale=1.0).apply(TEXT, 4)
    for target in ["6", "é", "1", "O", "I"]:
        assert damaged.count(target) > TEXT.count(target)


def _unwrap(text: str) -> str:
    """Undo wrap(): join hyphenated line ends, then lines with spaces."""
    text = re.sub(r"(?<=[^\W\d_])-\n(?=[^\W\d_])", "", text)
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text)


@pytest.mark.parametrize("width", [30, 64])
def test_wrapping_keeps_the_words_and_the_paragraphs(width):
    wrapped = wrap(TEXT, width)
    assert wrapped.count("\n\n") == TEXT.count("\n\n")
    for line in wrapped.split("\n"):
        assert len(line) <= width or " " not in line
    assert "-\n" in wrapped  # words are hyphenated at line ends
    assert _unwrap(wrapped) == TEXT


def test_hyphenation_leaves_three_letters_on_each_side_and_can_be_off():
    wrapped = wrap(TEXT, 40)
    for head, tail in re.findall(r"(\w+)-\n(\w+)", wrapped):
        assert len(head) >= 3 and len(tail) >= 3
    assert "-\n" not in wrap(TEXT, 40, hyphenate=0.0)


def test_a_hyphenated_compound_breaks_at_its_hyphen():
    assert wrap("Texten om CEMR-deklarationen", 20) == "Texten om CEMR-\ndeklarationen"


def test_encoding_damage_kinds():
    text = "Åtgärder för översyn av kommitténs förslag – på väg"
    assert ftfy.fix_text(mojibake(text)) == text
    assert "Ã" in mojibake(text)
    assert html.unescape(html_entities(text)) == text
    assert html_entities(text).isascii()
    assert pdf_accents(text) == "A˚tga¨rder fo¨r o¨versyn av kommitte´ns fo¨rslag – pa˚ va¨g"
    assert iso646(text) == "]tg{rder f|r |versyn av kommitt`ns f|rslag – p} v{g"


def test_encoding_damage_by_paragraph_respects_its_rate():
    damaged = damage_encoding(TEXT, 0.5, {"html": 1.0}, seed=6)
    paragraphs = damaged.split("\n\n")
    assert len(paragraphs) == len(PARAGRAPHS) * 100
    share = sum("&" in p for p in paragraphs) / len(paragraphs)
    assert 0.4 < share < 0.6
    assert html.unescape(damaged) == TEXT


def test_every_kind_of_damage_keeps_the_paragraphs():
    damaged = Noise(strip=0.5, confusion_scale=1.0, encoding=0.5, wrap_width=50).apply(TEXT, 9)
    assert damaged.count("\n\n") == TEXT.count("\n\n")
    assert len(WORD.findall(damaged)) > len(WORD.findall(TEXT)) * 0.9


def test_describe_names_the_parameters():
    described = Noise(strip=0.3, confusion_scale=0.5, wrap_width=60).describe()
    assert described["strip"] == 0.3 and described["wrap_width"] == 60
    assert "ö→6 0.02" in described["confusions"]
