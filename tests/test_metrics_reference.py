"""Agreement with the project's reference scorer, live: ../shared/tools/score.py on
hand-made, random and development-set triples. Collected only when ../shared is beside the
repository (conftest.py); the committed reference scores in test_metrics.py always run."""
from __future__ import annotations

import importlib.util
import math
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import shared

from svfix.evaluation.metrics import (
    _align_block,
    align,
    score,
    top_errors,
    words,
)

REFERENCE_SCORER = shared("tools", "score.py")
OCR_DEV = shared("dev")

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


# Small Swedish-ish vocabulary, so that random texts share words and align nontrivially.
VOCAB = ["och", "att", "för", "for", "ar", "är", "lag", "för slag", "förslag", "CEMR", "-", "å", "a", ".", "1"]
SEPARATORS = [" ", "  ", "\n", "", ", ", "-"]


@st.composite
def swedish_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(VOCAB), st.sampled_from(SEPARATORS)), max_size=25))
    return "".join(word + separator for word, separator in parts)


# --- agreement with the reference scorer --------------------------------------------


@pytest.fixture(scope="module")
def reference() -> ModuleType:
    assert REFERENCE_SCORER is not None  # conftest.py collects this module only then
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
    assert OCR_DEV is not None
    input_path, gold_path = OCR_DEV / "ocr.input.txt", OCR_DEV / "ocr.gold.txt"
    input_text, gold_text = _first_words(input_path, gold_path, 5000)
    assert len(words(input_text)) >= 5000
    output_text = gold_text if output == "gold" else input_text
    assert_agrees(reference, input_text, output_text, gold_text)
