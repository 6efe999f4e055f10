"""Do no harm: correct documents come out unchanged."""
from __future__ import annotations

import pytest

import svfix
from svfix.evaluation.metrics import score


def test_example_clean_documents_unchanged(shared):
    documents = sorted((shared / "examples" / "clean").glob("*"))
    assert documents
    for path in documents:
        text = path.read_text(encoding="utf-8")
        assert svfix.fix(text) == text, path.name


def test_repo_example_gold_unchanged():
    from conftest import ROOT

    text = (ROOT / "examples" / "protokoll-ks-2024-10-01.clean.txt").read_text(encoding="utf-8")
    assert svfix.fix(text) == text


@pytest.mark.slow
def test_harm_on_the_clean_development_text(shared):
    text = (shared / "dev" / "clean.txt").read_text(encoding="utf-8")
    result = svfix.fix_and_explain(text)
    harm = score(text, result.text, text).harm
    assert harm <= 0.001, [(c.old, c.new) for c in result.changes][:20]


@pytest.mark.slow
def test_damaged_sample_improves(shared):
    from conftest import ROOT

    damaged = (ROOT / "examples" / "protokoll-ks-2024-10-01.txt").read_text(encoding="utf-8")
    gold = (ROOT / "examples" / "protokoll-ks-2024-10-01.clean.txt").read_text(encoding="utf-8")
    result = score(damaged, svfix.fix(damaged), gold)
    assert result.wer_reduction >= 0.85
    assert result.precision == 1.0
