"""The public API: fix, fix_and_explain, fix_bytes, Config, Lexicon."""
from __future__ import annotations

import dataclasses

import pytest

import svfix
from svfix import Config, Lexicon


def test_fix_restores_a_stripped_sentence():
    assert svfix.fix("Forslag till beslut for kommunfullmaktige") == "Förslag till beslut för kommunfullmäktige"


def test_explain_reports_spans_in_the_original():
    text = "Beslut: jÃ¤mstÃ¤lldhet och forslag for alla i kommunfullmaktige."
    result = svfix.fix_and_explain(text)
    assert result.original == text
    for change in result.changes:
        assert text[change.start:change.end] == change.old
    stages = {change.stage for change in result.changes}
    assert stages == {"encoding", "diacritics"}
    mojibake = next(c for c in result.changes if c.stage == "encoding")
    assert (mojibake.old, mojibake.new, mojibake.confidence) == ("jÃ¤mstÃ¤lldhet", "jämställdhet", 1.0)


def test_changes_across_stages_merge_into_one():
    # ja¨mstalldhet: the PDF diaeresis is composed (encoding), the other ä restored (diacritics)
    result = svfix.fix_and_explain("Planen for ja¨mstalldhet och forslaget ar klart.")
    merged = [c for c in result.changes if "+" in c.stage]
    assert [(c.old, c.new, c.stage) for c in merged] == [("ja¨mstalldhet", "jämställdhet", "encoding+diacritics")]


def test_fix_bytes_reports_the_encoding():
    result = svfix.fix_bytes("Förslag för alla".encode("cp1252"))
    assert (result.text, result.encoding) == ("Förslag för alla", "cp1252")
    assert svfix.fix_bytes("\ufeffFörslag".encode("utf-8")).encoding == "utf-8-sig"


def test_fix_bytes_rejects_binary():
    with pytest.raises(svfix.InputError, match="NUL"):
        svfix.fix_bytes(b"\x00\x01binary\x00")


def test_fix_rejects_bytes_with_a_clear_message():
    with pytest.raises(TypeError, match="fix_bytes"):
        svfix.fix(b"Forslag")  # type: ignore[arg-type]


def test_config_is_frozen_and_validated():
    config = Config()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.min_confidence = 0.5  # type: ignore[misc]
    with pytest.raises(svfix.ConfigError):
        Config(min_confidence=1.5)
    with pytest.raises(svfix.ConfigError):
        Config(iso646="sometimes")
    with pytest.raises(svfix.ConfigError):
        Config.preset("nonexistent")
    assert Config.preset("conservative").min_confidence > config.min_confidence


def test_stages_can_be_switched_off():
    text = "Forslag om jÃ¤mstÃ¤lldhet"
    assert svfix.fix(text, Config(diacritics=False)) == "Forslag om jämställdhet"
    assert svfix.fix(text, Config(encoding=False)) == "Förslag om jÃ¤mstÃ¤lldhet"
    assert svfix.fix(text, Config(encoding=False, diacritics=False)) == text


def test_user_words_are_known_kept_and_restored():
    text = "Motet i Koppmalla behandlade forslaget for Brannvik och Koppmalla."
    plain = svfix.fix(text)
    assert "Koppmalla" in plain
    lexicon = Lexicon(words=["Köppmälla", "Brannvik"])
    fixed = svfix.fix(text, lexicon=lexicon)
    # the user's words are known: Köppmälla restored (twice), Brannvik kept as listed
    assert fixed.startswith("Mötet i Köppmälla behandlade förslaget f")
    assert fixed.endswith(" Brannvik och Köppmälla.")


def test_user_words_from_a_file(tmp_path):
    words = tmp_path / "names.txt"
    words.write_text("# local names\nKöppmälla\n\nHjärtåsen  # a hamlet\n", encoding="utf-8")
    lexicon = Lexicon.from_file(words)
    assert lexicon.user_words == ("köppmälla", "hjärtåsen")
    with pytest.raises(svfix.DataError, match="cannot read"):
        Lexicon.from_file(tmp_path / "missing.txt")


def test_version_is_exposed():
    assert svfix.__version__


def test_help_of_fix_says_what_it_does_and_what_it_raises():
    doc = svfix.fix.__doc__ or ""
    for stage in svfix.STAGES:  # each stage by its name, and what it repairs
        assert f"``{stage}``" in doc
    for subject in ("OCR", "layout", "per-document estimate", "min_confidence", "TypeError", "DataError", "fix_bytes"):
        assert subject in doc, subject
    assert "words" in (Lexicon.__init__.__doc__ or "")  # its own docstring, not object's
