"""The import rule (STYLE.md): data flows one way; stages import only leaf modules and
the types of earlier stages; only the pipeline (and the API on top of it) imports stages."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "svfix"

#: Modules anyone may import.
LEAVES = {"errors", "changes", "config", "chardata", "confusions", "layoutdata", "lexicon", "tokens", "metrics"}
#: Stages in the order data flows; a stage may import only earlier ones.
ORDER = ["encoding", "layout", "tokens", "profile", "protect", "compounds", "channel", "candidates", "lm", "decode"]
#: Later modules a stage may use as a lexicon service: the layout stage asks the compound
#: analyser (which reads only the lexicon) whether a dehyphenated word is a compound.
SERVICES = {"layout": {"compounds"}}
#: Modules above the stages.
TOP = {"pipeline": set(ORDER) | LEAVES, "__init__": None, "cli": None, "batch": None, "__main__": None}


def imports_of(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.add((node.module or "").split(".")[0])
    return found - {""}


def test_stages_import_only_leaves_and_earlier_stages():
    for module in PACKAGE.glob("*.py"):
        name = module.stem
        used = imports_of(module)
        if name in ORDER:
            allowed = LEAVES | set(ORDER[: ORDER.index(name)]) | SERVICES.get(name, set())
            assert used <= allowed, f"{name} imports {sorted(used - allowed)}"
        elif name in LEAVES:
            assert used <= LEAVES - {name}, f"leaf {name} imports {sorted(used - LEAVES)}"
        elif TOP.get(name) is not None:
            assert used <= TOP[name], f"{name} imports {sorted(used - TOP[name])}"


def test_only_the_pipeline_runs_stages():
    for module in PACKAGE.glob("*.py"):
        if module.stem in ("pipeline", "__init__", "cli", "__main__") or module.stem in ORDER:
            continue
        stages = {"encoding", "profile", "compounds", "channel", "candidates", "decode", "protect"}
        assert not imports_of(module) & stages, module.stem
