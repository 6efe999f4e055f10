"""The built wheel carries the lexicon and works in a fresh virtual environment."""
from __future__ import annotations

import email.parser
import email.policy
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from the repository as pip builds it."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        check=True, timeout=600,
    )
    (built,) = dist.glob("svfix-*.whl")
    return built


def metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.BytesParser(policy=email.policy.compat32).parsebytes(archive.read(name))


@pytest.mark.slow
def test_wheel_metadata_tells_the_truth(wheel):
    """Code and data licences, with their texts; the Python versions tested and the
    status; no project URL, since svfix has no public home yet (none is made up)."""
    meta = metadata(wheel)
    assert meta["License-Expression"] == "MIT AND LGPL-3.0-only AND CC-BY-SA-4.0"
    files = meta.get_all("License-File")
    assert {"LICENSE", "LICENSES/LGPL-3.0-only.txt", "LICENSES/GPL-3.0-only.txt", "LICENSES/CC-BY-SA-4.0.txt",
            "data/lexicon/SOURCES.md"} <= set(files), files
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        licences = {name.split(".dist-info/licenses/", 1)[1]: archive.read(name) for name in names
                    if ".dist-info/licenses/" in name}
    assert set(files) <= set(licences)
    assert b"GNU LESSER GENERAL PUBLIC LICENSE" in licences["LICENSES/LGPL-3.0-only.txt"]
    assert b"Attribution-ShareAlike 4.0 International Public License" in licences["LICENSES/CC-BY-SA-4.0.txt"]
    assert b"MIT License" in licences["LICENSE"] and b"LGPL-3.0" in licences["data/lexicon/SOURCES.md"]
    classifiers = set(meta.get_all("Classifier"))
    assert "Development Status :: 3 - Alpha" in classifiers
    assert {"Programming Language :: Python :: 3.10", "Programming Language :: Python :: 3.11",
            "Programming Language :: Python :: 3 :: Only"} <= classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # the expression says it
    assert meta["Requires-Python"] == ">=3.10"
    assert meta.get_all("Project-URL") is None and meta["Home-page"] is None


@pytest.mark.slow
def test_wheel_installs_and_fixes_in_a_fresh_venv(wheel, tmp_path):
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


def test_ci_runs_the_readme_test_command_and_installs_the_pdf_tools():
    """CI runs what the README tells a developer to run, with every extra the tests need
    (ocrmypdf: the plugin and PDF tests), after installing the Debian tools they use."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert command in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "'.[test,dask,bench,ocrmypdf]'" in command
    for tool in ("tesseract-ocr-swe", "tesseract-ocr-eng", "ghostscript", "poppler-utils", "fonts-liberation"):
        assert tool in ci
