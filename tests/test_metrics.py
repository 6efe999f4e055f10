"""Metrics: hand-computed cases, properties, and agreement with the reference scorer.

The project is judged with ``shared/tools/score.py``; ``svfix.evaluation.metrics`` must give the
same numbers. The agreement tests load that file when it exists and skip otherwise.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import math
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from svfix.evaluation.metrics import (
    MAX_DP_CELLS,
    EditScores,
    Score,
    _align_block,
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

SHARED = Path(__file__).resolve().parents[2] / "shared"
REFERENCE_SCORER = SHARED / "tools" / "score.py"
OCR_DEV = SHARED / "dev"

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


@pytest.fixture(scope="module")
def reference() -> ModuleType:
    if not REFERENCE_SCORER.exists():
        pytest.skip(f"reference scorer not found at {REFERENCE_SCORER}")
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE_SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_agrees(reference: ModuleType, input_text: str, output_text: str, gold_text: str) -> None:
    expected = reference.score(input_text, output_text, gold_text)
    expected.pop("lines")
    ours = score(input_text, output_text, gold_text).to_dict()
    assert list(ours) == list(expected)
    for key, value in expected.items():
        mine = ours[key]
        if value is None or isinstance(value, int):
            assert mine == value, key
        else:
            assert isinstance(mine, float) and math.isclose(mine, value, rel_tol=0, abs_tol=1e-12), key
    assert top_errors(input_text, output_text, gold_text, n=None) == reference.top_errors(
        input_text, output_text, gold_text, None
    )
    src = words(input_text)
    assert align(src, words(output_text)) == reference.project(src, reference.words(output_text))


def _synthetic_triples() -> list[tuple[str, str, str, str]]:
    stripped = strip_diacritics(PARAGRAPH)
    half = " ".join(
        good if k % 2 else bad for k, (bad, good) in enumerate(zip(stripped.split(" "), PARAGRAPH.split(" ")))
    )
    over = PARAGRAPH.replace("Han for hem", "Han för hem")
    big_src = " ".join(f"w{k}" for k in range(600))
    big_dst = " ".join(f"w{k}x" for k in range(99, 600))
    joined, hyphenated = "Enligt CEMRdeklarationen ska", "Enligt CEMR-deklarationen ska"
    return [
        ("stripped/perfect", stripped, PARAGRAPH, PARAGRAPH),
        ("stripped/unchanged", stripped, stripped, PARAGRAPH),
        ("stripped/half", stripped, half, PARAGRAPH),
        ("stripped/over-corrected", stripped, over, PARAGRAPH),
        ("clean/over-corrected", PARAGRAPH, over, PARAGRAPH),
        ("join", joined, hyphenated, hyphenated),
        ("join/unrepaired", joined, joined, hyphenated),
        ("join/spaced", joined, "Enligt CEMR deklarationen ska", hyphenated),
        ("split", "ett for slag om lag", "ett förslag om lag", "ett förslag om lag"),
        ("split/wrong", "ett for slag om lag", "ett för slag om lag", "ett förslag om lag"),
        ("deletions", PARAGRAPH, " ".join(PARAGRAPH.split(" ")[::3]), PARAGRAPH),
        ("insertions", PARAGRAPH, PARAGRAPH.replace(" att ", " att att ").replace("Han", "Och han"), PARAGRAPH),
        ("empty output", stripped, "", PARAGRAPH),
        ("empty input", "", PARAGRAPH, PARAGRAPH),
        ("empty gold", stripped, PARAGRAPH, ""),
        ("all empty", "", "", ""),
        ("whitespace and punctuation", "\n\n  ...", " - ", "\t"),
        ("linear fallback, shorter", big_src, big_dst, big_src),
        ("linear fallback, longer", big_dst, big_src, big_dst),
    ]


@pytest.mark.parametrize(
    ("input_text", "output_text", "gold_text"),
    [triple[1:] for triple in _synthetic_triples()],
    ids=[triple[0] for triple in _synthetic_triples()],
)
def test_agrees_with_reference_on_synthetic_triples(
    reference: ModuleType, input_text: str, output_text: str, gold_text: str
):
    assert_agrees(reference, input_text, output_text, gold_text)


@given(swedish_texts(), swedish_texts(), swedish_texts())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_agrees_with_reference_on_random_triples(
    reference: ModuleType, input_text: str, output_text: str, gold_text: str
):
    assert_agrees(reference, input_text, output_text, gold_text)


# Ties inside the weighted DP of a changed block (diagonal, then deletion, then
# insertion) are rarely reachable through ``align``: compare the block aligners directly.
short_tokens = st.text(alphabet="abö", min_size=1, max_size=4)


@given(st.lists(short_tokens, min_size=1, max_size=6), st.lists(short_tokens, max_size=6))
@example(["aaaa", "b", "aa"], ["b", "bbbb", "aaab", "b"])  # deletion and insertion tie
@example(["a", "ab", "bb", "a"], ["bb", "a", "bbbb"])
@example(["b", "bb", "bbbb", "a", "b"], ["bbbb", "a", "abbb", "abab"])
@settings(max_examples=1000, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_block_alignment_agrees_with_reference(reference: ModuleType, src: list[str], dst: list[str]):
    assert _align_block(src, dst) == reference._align_block(src, dst)


def _first_words(path: Path, gold_path: Path, count: int) -> tuple[str, str]:
    """The first lines of the input holding ``count`` words, and the same gold lines."""
    input_lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    gold_lines = gold_path.read_text(encoding="utf-8").splitlines(keepends=True)
    seen = end = 0
    while end < len(input_lines) and seen < count:
        seen += len(words(input_lines[end]))
        end += 1
    return "".join(input_lines[:end]), "".join(gold_lines[:end])


@pytest.mark.parametrize("output", ["gold", "input"])
def test_agrees_with_reference_on_ocr_dev(reference: ModuleType, output: str):
    input_path, gold_path = OCR_DEV / "ocr.input.txt", OCR_DEV / "ocr.gold.txt"
    if not (input_path.exists() and gold_path.exists()):
        pytest.skip(f"dev set not found in {OCR_DEV}")
    input_text, gold_text = _first_words(input_path, gold_path, 5000)
    assert len(words(input_text)) >= 5000
    output_text = gold_text if output == "gold" else input_text
    assert_agrees(reference, input_text, output_text, gold_text)
