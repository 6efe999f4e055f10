"""First sight: what a new process pays before and while it fixes its first document.

Cheap guards of the wins of issue 15 (benchmarks/first_sight.py measures them): the
command line's help and ``import svfix`` load no stage of the engine, the version costs
no metadata lookup, and the per-word memos hold shared objects, not copies.
"""
from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import svfix
from svfix.words.channel import sites

ENGINE = ("svfix.pipeline", "svfix.words", "svfix.text")


def _modules_after(code: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", code + "\nprint('\\n'.join(sorted(sys.modules)))"],
                            capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def _engine_modules(loaded: set[str]) -> list[str]:
    return sorted(name for name in loaded if any(name == e or name.startswith(e + ".") for e in ENGINE))


def test_help_loads_no_engine():
    loaded = _modules_after(
        "import sys\nfrom svfix.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert not _engine_modules(loaded)
    assert "svfix.evaluation.bench" not in loaded  # the scoring tools load with `svfix bench` only


def test_import_loads_no_stage_and_no_metadata():
    loaded = _modules_after("import sys, svfix")
    assert not _engine_modules(loaded)
    assert "importlib.metadata" not in loaded


def test_the_engine_loads_on_first_use():
    loaded = _modules_after("import sys, svfix\nsvfix.fix('Forslag till beslut.')")
    assert "svfix.pipeline" in loaded
    assert svfix.FixResult.__name__ == "FixResult"


def test_the_version_is_the_installed_one():
    assert svfix.__version__ == version("svfix")


def test_sites_are_shared_between_words():
    """A long document's memo holds millions of sites: each is made once, not per word."""
    first, second = sites("kommunen"), sites("protokoll")
    lost = [site for site in first if site.start == site.end]
    assert lost and all(any(site is other for other in second) for site in lost)
    assert sites("f6rslag")[0] is sites("f6rslagen")[0]
