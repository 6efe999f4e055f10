"""The lexicon data: format, lookups, flags, user words, clear errors."""
from __future__ import annotations

import subprocess
import sys

import pytest
from support import ROOT, shared

from svfix import DataError
from svfix.resources.datafiles import FORMAT_VERSION, data_path, verify
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


def test_every_form_is_found_with_its_values(lexicon):
    from svfix.resources.lexicon import _base_data

    data = _base_data()
    for key in list(data.forms.keys())[::9973]:
        assert lexicon.flags(key) or key.startswith("<"), key
        assert lexicon.zipf(key) == (data.values[data.forms[key]] >> 5) / 100


def test_user_words_overlay_without_rebuild():
    lexicon = Lexicon(words=["Köppmälla", "Brannvik"])
    assert lexicon.is_word("köppmälla") and lexicon.is_user_word("brannvik")
    assert lexicon.variants("koppmalla") == ("köppmälla",)
    assert lexicon.flags("köppmälla") & (WORD | NAME) == WORD | NAME
    assert not Lexicon.default().is_word("köppmälla")
    assert lexicon.with_words(["Hjärtåsen"]).user_words == ("köppmälla", "brannvik", "hjärtåsen")
    # a user word that is also a common word keeps the higher frequency
    assert Lexicon(words=["för"]).zipf("för") == Lexicon.default().zipf("för")


def test_data_files_are_found_versioned_and_intact():
    manifest = verify()
    assert manifest["format_version"] == FORMAT_VERSION
    assert {"forms.marisa", "forms.u16", "variants.marisa", "foreign.marisa", "lm-low.u16"} <= set(manifest["files"])


def test_a_wrong_or_damaged_data_folder_is_named_with_what_to_do(tmp_path, monkeypatch):
    import json
    import shutil

    from svfix.resources import datafiles

    folder = tmp_path / "data"
    shutil.copytree(data_path(), folder)
    (folder / "MANIFEST.json").write_text(json.dumps({"format_version": 99, "files": {}}), encoding="utf-8")
    monkeypatch.setenv("SVFIX_DATA", str(folder))
    datafiles.manifest.cache_clear()
    try:
        with pytest.raises(DataError, match=r"format version 99, this svfix reads version 2; reinstall svfix"):
            datafiles.manifest()
        datafiles.write_manifest(folder)
        datafiles.manifest.cache_clear()
        (folder / "forms.u16").write_bytes(b"\x00")
        with pytest.raises(DataError, match="forms.u16 differs from the manifest"):
            verify(folder)
        (folder / "forms.u16").unlink()
        with pytest.raises(DataError, match="forms.u16 is missing"):
            verify(folder)
        with pytest.raises(DataError, match="cannot read the data file .*forms.u16"):
            datafiles.read_array("forms.u16", "H")
    finally:
        datafiles.manifest.cache_clear()





def test_the_twin_table_is_what_its_script_builds(tmp_path):
    """src/svfix/words/twins.py is generated from the training corpora and the lexicon:
    rebuilt, it is byte for byte what is committed (when ../shared is beside the repo)."""
    corpora = shared("corpora")
    if corpora is None:
        pytest.skip("../shared/corpora is not beside the repository")
    out = tmp_path / "twins.py"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_twins.py"), "--shared", str(corpora.parent),
                    "--out", str(out)], check=True)
    assert out.read_bytes() == (ROOT / "src" / "svfix" / "words" / "twins.py").read_bytes()
