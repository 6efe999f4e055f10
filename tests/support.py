"""Helpers shared by the test modules (which never import each other).

Everything a test needs is in the repository (``tests/data``, built by
``tests/data/make_fixtures.py``); ``../shared``, when it is beside the repository, only
adds extra data (:func:`shared`, :func:`clean_documents`).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CASES = Path(__file__).resolve().parent / "cases"
SAMPLE = ROOT / "examples" / "protokoll-ks-2024-10-01.txt"
_SHARED = ROOT.parent / "shared"


def shared(*parts: str) -> Path | None:
    """``../shared/<parts>`` when it exists beside the repository, else None."""
    path = _SHARED.joinpath(*parts)
    return path if path.exists() else None


def clean_documents() -> list[Path]:
    """Correct documents svfix must not change: the committed ones, and the shared
    development set's when it is there."""
    found = sorted((DATA / "clean").glob("*.txt")) + [ROOT / "examples" / "protokoll-ks-2024-10-01.clean.txt"]
    extra = shared("examples", "clean")
    if extra is not None:
        found += sorted(extra.glob("*"))
    dev = shared("dev", "clean.txt")
    if dev is not None:
        found.append(dev)
    return found


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


def svfix_command() -> list[str]:
    """How to start the real ``svfix`` command of this environment."""
    script = Path(sys.executable).parent / "svfix"
    if script.exists():
        return [str(script)]
    found = shutil.which("svfix")
    return [found] if found else [sys.executable, "-m", "svfix"]


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None, timeout: float = 120,
        env: dict[str, str] | None = None, wrapper: Sequence[str] = ()) -> subprocess.CompletedProcess:
    """Run ``svfix ARGS`` as a subprocess; stdout and stderr are captured (bytes).
    ``wrapper``: a command that runs it (see :func:`unprivileged`)."""
    return subprocess.run(
        [*wrapper, *svfix_command(), *args], input=stdin, capture_output=True, cwd=cwd, timeout=timeout,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
    )


def unprivileged() -> list[str]:
    """A command prefix under which file permissions hold: nothing for a normal user;
    for root, ``setpriv`` without the capabilities that override them (root keeps its
    user ID, so it can still run the tools under /root). Skips the test when neither
    works."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to hold")
    caps = "-dac_override,-dac_read_search,-fowner"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}", "--"]


def tree(folder: Path) -> dict[str, bytes]:
    """Every visible file under ``folder`` (relative path → bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)}


def manifest(folder: Path) -> list[dict]:
    """The entries of an output folder's manifest."""
    return [json.loads(line) for line in (folder / ".svfix-manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def pud_sentences() -> list[str]:
    """Correct sentences held out of every build (UD Swedish PUD)."""
    path = shared("corpora", "ud-swedish-pud", "sentences.txt") or DATA / "pud-sentences.txt"
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def summary_counts(stderr: bytes) -> dict[str, int]:
    """The counts of a batch's closing line (``svfix: 6 files: 4 repaired, 2 unchanged,
    1 already done, 1 failed; ...``): files, repaired, unchanged, already done, failed."""
    import re

    line = next(line for line in stderr.decode("utf-8").splitlines() if re.match(r"svfix: [\d,]+ files?: ", line))
    counts = {"files": int(line.split()[1].replace(",", ""))}
    for number, what in re.findall(r"([\d,]+) (repaired|unchanged|already done|failed)", line.split(";")[0]):
        counts[what] = int(number.replace(",", ""))
    return {key: counts.get(key, 0) for key in ("files", "repaired", "unchanged", "already done", "failed")}
