"""The built wheel carries the lexicon and works in a fresh virtual environment."""
from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_fixes_in_a_fresh_venv(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        check=True, timeout=600,
    )
    (wheel,) = dist.glob("svfix-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "svfix/data/forms.marisa" in names and "svfix/data/MANIFEST.json" in names
    assert "svfix/data/lm-next.u32" in names and "svfix/data/SOURCES.md" in names
    assert "svfix/py.typed" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, timeout=900)
    # Run from an empty folder so that nothing of the source tree can be imported.
    script = "import svfix; print(svfix.fix('Forslag till beslut for kommunfullmaktige'))"
    result = subprocess.run(
        [str(python), "-c", script], cwd=tmp_path, capture_output=True, timeout=120,
        env={key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "SVFIX_DATA")},
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("utf-8").strip() == "Förslag till beslut för kommunfullmäktige"
    located = subprocess.run(
        [str(python), "-c", "import svfix.resources.datafiles as d; print(d.data_path())"], cwd=tmp_path, capture_output=True,
    )
    assert str(env_dir) in located.stdout.decode()
