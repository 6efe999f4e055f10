"""Static checks as tests: ruff (style, imports) on everything, mypy (types) on src/.

Both are in the ``test`` extra, so the README's test command runs them too.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> list[str]:
    script = Path(sys.executable).parent / name
    return [str(script)] if script.exists() else [sys.executable, "-m", name]


def test_ruff_finds_nothing():
    result = subprocess.run([*_tool("ruff"), "check", "src", "tests", "benchmarks", "scripts"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_no_error_in_src():
    result = subprocess.run([*_tool("mypy"), "--cache-dir", "/dev/null"], cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
