"""Golden cases from tests/cases/*.jsonl through the whole pipeline (see cases/README.md)."""
from __future__ import annotations

import pytest
from support import case_params

import svfix


def _run(case: dict) -> str:
    config = svfix.Config(**case["config"]) if "config" in case else None
    return svfix.fix(case["original"], config)


@pytest.mark.parametrize("case", case_params("diacritics"))
def test_diacritics_restored(case):
    assert _run(case) == case["fixed"]


@pytest.mark.parametrize("case", case_params("negative"))
def test_correct_swedish_unchanged(case):
    assert _run(case) == case["original"] == case["fixed"]


@pytest.mark.parametrize("case", case_params("protected"))
def test_protected_tokens_kept(case):
    assert _run(case) == case["fixed"]


@pytest.mark.parametrize("case", case_params("context"))
def test_real_word_confusions_in_context(case):
    assert _run(case) == case["fixed"]


@pytest.mark.parametrize("case", case_params("ocr"))
def test_ocr_confusions_repaired(case):
    assert _run(case) == case["fixed"]
