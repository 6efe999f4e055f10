"""Shared fixtures. ../shared (beside the repository) holds the development sets and
corpora; tests that need it are skipped when it is missing, the library never needs it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from svfix import Lexicon

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CASES = Path(__file__).resolve().parent / "cases"


def read_cases(name: str) -> list[dict]:
    """The golden cases of tests/cases/<name>.jsonl (see tests/cases/README.md)."""
    cases = []
    with open(CASES / f"{name}.jsonl", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                case = json.loads(line)
                case.setdefault("label", f"{name}:{number}")
                cases.append(case)
    return cases


def case_params(name: str) -> list:
    """Golden cases as pytest params; ``expect: xfail`` cases are strict xfails."""
    params = []
    for case in read_cases(name):
        marks = [pytest.mark.xfail(strict=True, reason=case.get("comment", ""))] if case.get("expect") == "xfail" else []
        params.append(pytest.param(case, id=case["label"], marks=marks))
    return params


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon.default().load()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED
