"""benchmarks/sets.py: the synthetic sets rebuild identically, from held-out text only."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from support import DATA, ROOT, shared


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def miniature_shared(folder: Path) -> Path:
    """A ../shared with the two sources the sets are made from, cut from committed text:
    ten Riksdag documents (every fifth is held out) and the PUD sentences."""
    documents = folder / "corpora" / "swegov-opendata-rs-assets" / "born-digital"
    documents.mkdir(parents=True)
    lines = (DATA / "corpus" / "official.txt").read_text(encoding="utf-8").splitlines()
    for number in range(10):
        (documents / f"doc-{number:02d}.txt").write_text("\n".join(lines[number * 30:(number + 1) * 30]) + "\n",
                                                        encoding="utf-8")
    pud = folder / "corpora" / "ud-swedish-pud"
    pud.mkdir(parents=True)
    (pud / "sentences.txt").write_bytes((DATA / "pud-sentences.txt").read_bytes())
    return folder


def _sources() -> list:
    found = [pytest.param(None, id="committed")]
    if shared("corpora") is not None:
        found.append(pytest.param(shared(), id="shared"))
    return found


@pytest.mark.parametrize("source", _sources())
def test_sets_rebuild_identically_from_held_out_text(source, tmp_path):
    shared = source or miniature_shared(tmp_path / "shared")
    sets = load("sets")
    first = sets.build(shared, tmp_path / "a", 2000, ["stripped", "mixed"])
    sets.build(shared, tmp_path / "b", 2000, ["stripped", "mixed"])
    for name in ("stripped", "mixed"):
        a, b = tmp_path / "a" / name, tmp_path / "b" / name
        files = sorted(p.name for p in a.iterdir())
        assert files == sorted(p.name for p in b.iterdir())
        assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
        manifest = json.loads((a / "manifest.json").read_text(encoding="utf-8"))
        assert manifest == first[name] and manifest["seed"] == sets.SETS[name][2]
        assert all("/dev/" not in s["path"] and "examples" not in s["path"] for s in manifest["sources"])
    from svfix.evaluation.corpora import held_out_documents

    stems = {f"rs-{p.stem}" for p in held_out_documents(shared)} | {"pud"}
    names = {p.name.split(".")[0].rsplit("-", 1)[0] for p in (tmp_path / "a" / "stripped").glob("*.gold.txt")}
    assert names == stems
    gold = (tmp_path / "a" / "stripped" / "pud-01.gold.txt").read_text(encoding="utf-8")
    damaged = (tmp_path / "a" / "stripped" / "pud-01.ocr.txt").read_text(encoding="utf-8")
    assert "\u00ad" not in gold and gold.count("\n\n") == damaged.count("\n\n")
    assert damaged != gold and not any(c in damaged for c in "åäöÅÄÖ")


def test_results_sections_are_replaced_in_place(tmp_path):
    sections = load("sections")
    path = tmp_path / "RESULTS.md"
    path.write_text("# R\n\n## Quality\n\nq\n\n## Peers\n\nold\n\n## Throughput\n\nt\n", encoding="utf-8")
    sections.replace_section(path, "Peers", ["## Peers", "", "new"])
    sections.replace_section(path, "Cost", ["## Cost", "", "c"])
    text = path.read_text(encoding="utf-8")
    assert text == "# R\n\n## Quality\n\nq\n\n## Peers\n\nnew\n\n## Throughput\n\nt\n\n## Cost\n\nc\n"
    assert sections.kept_sections(path) == ["## Peers", "", "new", "", "## Cost", "", "c", ""]
