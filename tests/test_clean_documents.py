"""Do no harm: correct documents come out unchanged."""
from __future__ import annotations

import pytest
from support import ROOT, clean_documents

import svfix
from svfix.evaluation.metrics import score


@pytest.mark.parametrize("path", clean_documents(), ids=lambda path: path.name)
def test_clean_documents_unchanged(path):
    text = path.read_text(encoding="utf-8")
    result = svfix.fix_and_explain(text)
    assert result.text == text, [(c.old, c.new, c.reason) for c in result.changes][:20]


def test_damaged_sample_improves():
    damaged = (ROOT / "examples" / "protokoll-ks-2024-10-01.txt").read_text(encoding="utf-8")
    gold = (ROOT / "examples" / "protokoll-ks-2024-10-01.clean.txt").read_text(encoding="utf-8")
    result = score(damaged, svfix.fix(damaged), gold)
    assert result.wer_reduction >= 0.85
