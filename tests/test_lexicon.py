"""The lexicon data: format, lookups, flags, user words, clear errors."""
from __future__ import annotations

import gzip

import pytest

from svfix import DataError
from svfix.resources.datafiles import data_path, read_sections
from svfix.resources.lexicon import COMPOUND_BEGIN, NAME, WORD, Lexicon, skeleton


def test_skeleton_folds_case_and_diacritics():
    assert skeleton("Jämställdhet") == "jamstalldhet"
    assert skeleton("ÖVERSYN") == "oversyn"
    assert skeleton("kommitté") == "kommitte"


def test_common_words_names_and_compound_parts(lexicon):
    assert lexicon.is_word("jämställdhet") and lexicon.is_word("kommunfullmäktige")
    assert lexicon.zipf("och") > 7 > lexicon.zipf("förvaltning") > 3
    assert lexicon.flags("alingsås") & NAME  # a municipality from the gazetteer
    assert lexicon.flags("hedén") & NAME  # a surname
    assert not lexicon.flags("berg") & NAME  # also a common word
    assert lexicon.flags("jämställdhets") & COMPOUND_BEGIN
    assert lexicon.zipf("xqzvw") == 0.0 and not lexicon.is_word("xqzvw")


def test_stripped_web_misspellings_are_not_words(lexicon):
    assert not lexicon.is_word("ocksa")  # wordfreq has it; it is också stripped
    assert lexicon.is_word("for")  # a real word (past tense of fara)


def test_skeleton_index(lexicon):
    assert lexicon.variants("for") == ("för",)
    assert set(lexicon.variants("ar")) == {"är", "år"}
    assert lexicon.variants("alingsas") == ("alingsås",)
    assert lexicon.variants("xqzvw") == ()
    assert dict(lexicon.weighted_variants("ar"))["är"] > 7


def test_every_key_of_a_block_is_found(lexicon):
    from svfix.resources.lexicon import _base_data

    data = _base_data()
    for block in data.keys.blocks[::997]:
        for key in block.split(" "):
            assert lexicon.is_word(key) or lexicon.flags(key)


def test_user_words_overlay_without_rebuild():
    lexicon = Lexicon(words=["Köppmälla", "Brannvik"])
    assert lexicon.is_word("köppmälla") and lexicon.is_user_word("brannvik")
    assert lexicon.variants("koppmalla") == ("köppmälla",)
    assert lexicon.flags("köppmälla") & (WORD | NAME) == WORD | NAME
    assert not Lexicon.default().is_word("köppmälla")
    assert lexicon.with_words(["Hjärtåsen"]).user_words == ("köppmälla", "brannvik", "hjärtåsen")
    # a user word that is also a common word keeps the higher frequency
    assert Lexicon(words=["för"]).zipf("för") == Lexicon.default().zipf("för")


def test_data_files_are_found_and_versioned():
    path = data_path("lexicon.txt.gz")
    assert path.exists()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        assert handle.readline().startswith("svfix-lexicon ")


def test_wrong_version_names_file_and_versions(tmp_path):
    bad = tmp_path / "lexicon.txt.gz"
    bad.write_bytes(gzip.compress(b"svfix-lexicon 99\n{}\n## keys 0\n"))
    with pytest.raises(DataError, match=r"version 99.*reads version 1"):
        read_sections(bad, "svfix-lexicon")
    bad.write_bytes(gzip.compress(b"something else\n"))
    with pytest.raises(DataError, match="is not a svfix-lexicon file"):
        read_sections(bad, "svfix-lexicon")
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(DataError, match="cannot read the data file .*lexicon.txt.gz"):
        read_sections(bad, "svfix-lexicon")
    bad.write_bytes(gzip.compress(b"svfix-lexicon 1\n{}\n## keys 5\na\nb\n"))
    with pytest.raises(DataError, match="truncated"):
        read_sections(bad, "svfix-lexicon")
