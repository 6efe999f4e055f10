"""Settings: one Stage name per stage, each setting does what it says and nothing else,
presets that differ, and every setting reachable from the command line."""
from __future__ import annotations

import dataclasses

import pytest

import svfix
from svfix import Config
from svfix.cli import build_parser
from svfix.cli.options import config_from
from svfix.config import PRESET_DESCRIPTIONS, PRESETS, STAGES, Stage

OCR_TEXT = ("Kommunstyrelsen f6reslår att f6rslaget om sirskilt st6d till f6reningar godkänns. "
            "F6rslaget gäller f6reningar i hela kommunen och f6rslaget är sirskilt viktigt.")


def test_one_name_per_stage_everywhere():
    assert STAGES == ("encoding", "layout", "diacritics", "ocr")
    assert [f.name for f in dataclasses.fields(Config) if f.name in STAGES] == ["encoding", "layout", "diacritics", "ocr"]
    result = svfix.fix_and_explain("Beslut om jÃ¤mstÃ¤lldhet. " + OCR_TEXT)
    for change in result.changes:
        assert set(change.stage.split("+")) <= set(STAGES), change


def test_ocr_repair_runs_without_diacritic_restoration():
    only_ocr = svfix.fix_and_explain(OCR_TEXT, Config(diacritics=False))
    assert "förslaget" in only_ocr.text and {c.stage for c in only_ocr.changes} == {"ocr"}
    assert svfix.fix("Forslag for alla", Config(diacritics=False)) == "Forslag for alla"


def test_diacritics_without_ocr_repair():
    result = svfix.fix_and_explain("Forslag for alla i kommunfullmaktige. " + OCR_TEXT, Config(ocr=False))
    assert result.text.startswith("Förslag för alla i kommunfullmäktige.")
    assert "f6rslaget" in result.text and "ocr" not in {c.stage for c in result.changes}


def test_each_stage_switch_turns_off_its_stage_alone():
    text = "Beslut om jÃ¤mstÃ¤lldhet och forslag for\nalla i kommun-\nfullmaktige. " + OCR_TEXT
    everything = {part for c in svfix.fix_and_explain(text).changes for part in c.stage.split("+")}
    assert {"encoding", "layout", "diacritics", "ocr"} <= everything
    for stage in Stage:
        stages = {c.stage for c in svfix.fix_and_explain(text, Config().with_changes(**{stage.value: False})).changes}
        assert stage.value not in {part for s in stages for part in s.split("+")}, stage
        assert Config().with_changes(**{stage.value: False}).stages == tuple(s for s in Stage if s is not stage)


def test_presets_differ_and_say_what_they_are_for():
    assert set(PRESETS) == set(PRESET_DESCRIPTIONS)
    assert len({dataclasses.astuple(config) for config in PRESETS.values()}) == len(PRESETS)
    assert PRESETS["encoding-only"].stages == (Stage.ENCODING,)
    wrapped = "Kommunen har arbetat med jämställdhets-\nintegrering i alla delar av verksamheten och\nsedan flera år.\n"
    kept = svfix.fix(wrapped, Config.preset("archive"))  # every line kept, the hyphenated word whole on the first
    assert kept.splitlines()[0] == "Kommunen har arbetat med jämställdhetsintegrering" and kept.count("\n") == 3


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Config)])
def test_every_setting_can_be_set_from_the_command_line(field):
    parser = build_parser()
    default = getattr(Config(), field)
    flags = {
        "encoding": ["--no-encoding"], "layout": ["--no-layout"], "keep_lines": ["--keep-lines"],
        "keep_furniture": ["--keep-furniture"], "diacritics": ["--no-diacritics"], "ocr": ["--no-ocr"],
        "context": ["--no-context"], "protect_names": ["--no-protect-names"],
        "protect_english": ["--no-protect-english"], "iso646": ["--iso646", "never"],
        "min_confidence": ["--min-confidence", "0.97"],
    }[field]
    for command in ("fix", "explain"):
        config = config_from(parser.parse_args([command, "x.txt", *flags]))
        assert getattr(config, field) != default
        assert dataclasses.replace(config, **{field: default}) == Config()


def test_options_apply_on_top_of_a_preset():
    args = build_parser().parse_args(["fix", "x.txt", "--preset", "conservative", "--no-ocr"])
    assert config_from(args) == dataclasses.replace(PRESETS["conservative"], ocr=False)


def test_help_names_what_each_preset_does(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["fix", "--help"])
    shown = "".join(capsys.readouterr().out.split())  # argparse wraps lines, also inside words
    for name, description in PRESET_DESCRIPTIONS.items():
        assert f"{name}:{''.join(description.split())}" in shown
