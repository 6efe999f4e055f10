"""Metrics: hand-computed cases, properties, and agreement with the reference scorer.

The project is judged with ``shared/tools/score.py``; ``svfix.evaluation.metrics`` must give the
same numbers: on the triples the reference scored into ``tests/data/reference-scores.jsonl``
always, and live against the scorer itself (random triples, the dev set) when ../shared is
beside the repository.
"""
from __future__ import annotations

import dataclasses
import json
import math
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import DATA

from svfix.evaluation.metrics import (
    MAX_DP_CELLS,
    EditScores,
    Score,
    align,
    cer,
    edit_scores,
    error_reduction,
    harm_rate,
    score,
    squash,
    top_errors,
    wer,
    words,
)

PARAGRAPH = (
    "Förslaget till ändring i lagen om färdtjänst lämnades till riksdagen i början av året. "
    "Utskottet påpekade att äldre och personer med funktionsnedsättning måste kunna resa "
    "på lika villkor, och att kommunerna bör få tid att anpassa sina rutiner. Han for hem "
    "efter mötet, men återkom nästa vecka med ytterligare synpunkter på övergångsreglerna "
    "för CEMR-deklarationen om jämställdhet."
)


def strip_diacritics(text: str) -> str:
    """What a scanner without Swedish letters makes of the text: å ä ö → a a o."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --- words / squash ---------------------------------------------------------------


def test_words_split_on_punctuation_and_hyphens():
    assert words("CEMR-deklarationen, 2014:139 (dir.)") == ["CEMR", "deklarationen", "2014", "139", "dir"]


def test_words_keep_underscore_digits_and_case():
    assert words("snake_case  Å3 å3") == ["snake_case", "Å3", "å3"]


def test_words_are_nfc():
    assert words("fo\u0308rslag a\u030angest") == ["förslag", "ångest"]


def test_words_of_empty_and_punctuation_only_text():
    assert words("") == []
    assert words(" -- ... ") == []


def test_squash_collapses_every_kind_of_whitespace():
    assert squash("\n en\u00a0\u2028 gång\t\ttill \r\n") == "en gång till"


# --- wer / cer --------------------------------------------------------------------


def test_wer_one_substitution_in_four():
    assert wer("det var en gang", "det var en gång") == 0.25


def test_wer_insertion_and_deletion():
    assert wer("det var en en gång", "det var en gång") == 0.25  # one insertion
    assert wer("det en gång", "det var en gång") == 0.25  # one deletion
    assert wer("", "det var") == 1.0


def test_wer_is_case_sensitive_and_ignores_punctuation():
    assert wer("Det var, en gång.", "det var en gång") == 0.25


def test_wer_divides_by_at_least_one():
    assert wer("tre ord här", "") == 3.0
    assert wer("", "") == 0.0


def test_cer_one_substitution_in_five():
    assert cer("kalla", "källa") == 0.2


def test_cer_counts_whitespace_runs_as_one_space():
    assert cer("en \n\n gång ", "en gång") == 0.0
    assert cer("engång", "en gång") == 1 / 7  # the missing space counts


def test_cer_is_nfc_and_divides_by_at_least_one():
    assert cer("ka\u0308lla", "källa") == 0.0
    assert cer("abc", "") == 3.0
    assert cer("", "") == 0.0


def test_error_reduction():
    assert error_reduction(0.5, 0.125) == 0.75
    assert error_reduction(0.25, 0.5) == -1.0  # worse after
    assert error_reduction(0.0, 0.3) is None
    assert error_reduction(0.0, 0.0) is None


# --- align ------------------------------------------------------------------------


def test_align_identity():
    assert align(["en", "gång"], ["en", "gång"]) == ["en", "gång"]
    assert align([], []) == []


def test_align_equal_blocks_position_by_position():
    assert align(["a", "x", "y", "d"], ["a", "p", "q", "d"]) == ["a", "p", "q", "d"]


def test_align_join():
    src = ["Enligt", "CEMRdeklarationen", "ska"]
    assert align(src, ["Enligt", "CEMR", "deklarationen", "ska"]) == ["Enligt", "CEMR deklarationen", "ska"]


def test_align_split():
    # 'for' is deleted, 'slag' takes the joined word: it is the closer of the two.
    assert align(["ett", "for", "slag", "om"], ["ett", "förslag", "om"]) == ["ett", "", "förslag", "om"]


def test_align_pure_insertion_joins_the_preceding_token():
    assert align(["en", "gång"], ["en", "till", "gång"]) == ["en till", "gång"]
    assert align(["en", "gång"], ["en", "gång", "till"]) == ["en", "gång till"]


def test_align_insertion_at_the_start_joins_the_first_token():
    assert align(["gång"], ["en", "gång"]) == ["en gång"]


def test_align_insertion_into_nothing_is_lost():
    assert align([], ["en", "gång"]) == []


def test_align_deletion():
    assert align(["en", "gång", "till"], ["en", "till"]) == ["en", "", "till"]
    assert align(["en", "gång"], []) == ["", ""]


def test_align_block_with_trailing_insertion():
    # Inside a block, destination tokens left after the last source token join it.
    assert align(["ett", "q"], ["ett", "zzz", "r"]) == ["ett", "zzz r"]


def test_align_small_unequal_block_uses_the_weighted_dp():
    # Each 'wK' is closest to 'wKx', so the DP deletes the first source token.
    src = [f"w{k}" for k in range(4)]
    assert align(src, [f"w{k}x" for k in range(1, 4)]) == ["", "w1x", "w2x", "w3x"]


def test_align_big_unequal_block_falls_back_to_linear():
    # The same shape, too big for the DP: position by position, extras on the last token.
    src = [f"w{k}" for k in range(600)]
    dst = [f"w{k}x" for k in range(99, 600)]
    assert len(src) * len(dst) > MAX_DP_CELLS
    assert align(src, dst) == dst + [""] * 99
    longer = [f"w{k}x" for k in range(600)]
    assert align(src[99:], longer) == longer[:500] + [" ".join(longer[500:])]


def test_align_dp_size_cap_is_inclusive():
    src = [f"w{k}" for k in range(625)]
    dst = [f"w{k}x" for k in range(225, 625)]
    assert len(src) * len(dst) == MAX_DP_CELLS  # still the DP: the tail aligns
    assert align(src, dst) == [""] * 225 + dst


# --- edit scores ------------------------------------------------------------------


def test_edit_scores_partial_repair():
    e = edit_scores("Forslag om for att", "Förslag om for att", "Förslag om för att")
    assert (e.tokens, e.made, e.needed, e.correct, e.fine, e.harmed) == (4, 1, 2, 1, 2, 0)
    assert (e.precision, e.recall, e.harm) == (1.0, 0.5, 0.0)


def test_edit_scores_over_correction_is_harm():
    e = edit_scores("Han for hem", "Han för hem", "Han for hem")
    assert (e.made, e.needed, e.correct, e.fine, e.harmed) == (1, 0, 0, 3, 1)
    assert e.precision == 0.0
    assert e.recall is None
    assert e.harm == pytest.approx(1 / 3)


def test_edit_scores_wrong_repair_is_neither_correct_nor_harm():
    e = edit_scores("lasa", "låsa", "läsa")
    assert (e.made, e.needed, e.correct, e.fine, e.harmed) == (1, 1, 0, 0, 0)
    assert (e.precision, e.recall, e.harm) == (0.0, 0.0, None)


def test_edit_scores_join_repair():
    e = edit_scores("Enligt CEMRdeklarationen", "Enligt CEMR-deklarationen", "Enligt CEMR-deklarationen")
    assert (e.made, e.needed, e.correct) == (1, 1, 1)


def test_edit_scores_empty_input():
    e = edit_scores("", "något", "annat")
    assert (e.tokens, e.made, e.needed, e.precision, e.recall, e.harm) == (0, 0, 0, None, None, None)


def test_edit_scores_is_frozen():
    e = edit_scores("a", "a", "a")
    assert isinstance(e, EditScores)
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.made = 3  # type: ignore[misc]


# --- score ------------------------------------------------------------------------


def test_score_by_hand():
    s = score("Forslag om for att", "Förslag om for att", "Förslag om för att")
    assert s.words == 4
    assert (s.wer_in, s.wer_out, s.wer_reduction) == (0.5, 0.25, 0.5)
    assert s.cer_in == 2 / 18 and s.cer_out == 1 / 18  # 'Förslag om för att' has 18 characters
    assert s.cer_reduction == pytest.approx(0.5)
    assert (s.edits_made, s.edits_needed, s.edits_correct) == (1, 2, 1)
    assert (s.precision, s.recall, s.harm) == (1.0, 0.5, 0.0)


def test_score_to_dict_has_the_reference_keys_in_order():
    s = score("a", "a", "a")
    assert isinstance(s, Score)
    assert list(s.to_dict()) == [
        "words", "wer_in", "wer_out", "wer_reduction", "cer_in", "cer_out", "cer_reduction",
        "edits_made", "edits_needed", "edits_correct", "precision", "recall", "harm",
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.words = 2  # type: ignore[misc]


def test_score_of_perfect_repair():
    s = score(strip_diacritics(PARAGRAPH), PARAGRAPH, PARAGRAPH)
    assert s.wer_out == 0.0 and s.cer_out == 0.0
    assert s.wer_reduction == 1.0 and s.cer_reduction == 1.0
    # 'Han for hem' is right as it stands: 'for' needs no change.
    assert s.precision == 1.0 and s.recall == 1.0 and s.harm == 0.0


# --- harm_rate / top_errors -------------------------------------------------------


def test_harm_rate():
    assert harm_rate("det var en gång", "det var en gång") == 0.0
    assert harm_rate("det var en gång", "det var en gang") == 0.25
    assert harm_rate("a b c d", "a b c") == 0.25  # a deleted token is changed
    assert harm_rate("a b", "a x b") == 0.5  # an inserted token changes its neighbour
    assert harm_rate("", "något") == 0.0
    assert harm_rate(" ... ", "") == 0.0


def test_top_errors_counts_and_orders():
    errors = top_errors(
        "for en gang for en gang", "for en gång for en gang", "för en gång för en gång"
    )
    assert errors == [(("for", "for", "för"), 2), (("gang", "gang", "gång"), 1)]
    assert top_errors("a b", "a b", "a b") == []
    assert len(top_errors("a b c", "x y z", "p q r", n=2)) == 2
    assert len(top_errors("a b c", "x y z", "p q r", n=None)) == 3


# --- properties -------------------------------------------------------------------

# Small Swedish-ish vocabulary, so that random texts share words and align nontrivially.
VOCAB = ["och", "att", "för", "for", "ar", "är", "lag", "för slag", "förslag", "CEMR", "-", "å", "a", ".", "1"]
SEPARATORS = [" ", "  ", "\n", "", ", ", "-"]


@st.composite
def swedish_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(VOCAB), st.sampled_from(SEPARATORS)), max_size=25))
    return "".join(word + separator for word, separator in parts)


texts = st.one_of(st.text(max_size=60), swedish_texts())


@given(texts)
def test_error_rates_of_identity_are_zero(text: str):
    assert wer(text, text) == 0.0
    assert cer(text, text) == 0.0


@given(texts, texts, texts)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_score_never_raises_and_ratios_are_bounded(input_text: str, output_text: str, gold_text: str):
    s = score(input_text, output_text, gold_text)
    for ratio in (s.precision, s.recall, s.harm):
        assert ratio is None or 0.0 <= ratio <= 1.0
    assert s.edits_correct <= min(s.edits_made, s.edits_needed)
    assert s.wer_in >= 0 and s.wer_out >= 0 and s.cer_in >= 0 and s.cer_out >= 0
    assert len(align(words(input_text), words(output_text))) == s.words
    top_errors(input_text, output_text, gold_text)


@given(texts, texts)
def test_identity_output_does_no_harm(input_text: str, gold_text: str):
    s = score(input_text, input_text, gold_text)
    assert s.edits_made == 0
    assert s.harm in (0.0, None)
    assert harm_rate(input_text, input_text) == 0.0


# --- agreement with the reference scorer --------------------------------------------


def test_agrees_with_the_reference_scores():
    """Triples the reference scorer (../shared/tools/score.py) scored, kept in
    tests/data/reference-scores.jsonl by tests/data/make_fixtures.py; the live comparison
    is test_metrics_reference.py."""
    lines = (DATA / "reference-scores.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 100
    for line in lines:
        case = json.loads(line)
        ours = score(case["input"], case["output"], case["gold"]).to_dict()
        assert list(ours) == list(case["reference"])
        for key, value in case["reference"].items():
            if value is None or isinstance(value, int):
                assert ours[key] == value, (key, case)
            else:
                assert math.isclose(ours[key], value, rel_tol=0, abs_tol=1e-12), (key, case)
