"""The import rule (STYLE.md), checked on every module of the package, recursively.

Data flows one way: ``text`` (characters) → ``words`` → the ``pipeline`` that runs them,
all reading ``resources`` (lexicon, models, compounds) and the leaves (``errors``,
``changes``, ``config``). The public API (``svfix/__init__.py``) sits on the pipeline;
``archive``, ``cli`` and ``evaluation`` are clients of the public API only, and the
engine never imports them. ``ocrmypdf`` (the OCRmyPDF plugin) is a client of the public
API and the archive formats, as the command line is. Inside ``resources``, ``text`` and ``words`` a module imports
only modules earlier in its package's flow.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "svfix"

LEAVES = {"svfix.errors", "svfix.changes", "svfix.config"}
#: The order of the modules inside each engine package; a module may import earlier ones.
FLOW = {
    "svfix.resources": ["caches", "datafiles", "lexicon", "compounds", "inflection", "lm", "__init__"],
    "svfix.text": ["chardata", "bytes", "encoding", "layout", "__init__"],
    "svfix.words": ["tokens", "scan", "foreign", "confusions", "misreadings", "twins", "engines", "identifiers", "memo",
                    "profile", "chunks", "protect", "channel", "damage", "candidates", "decode", "offers", "joins", "symbols",
                    "restore", "__init__"],
}
#: What each part may import besides itself and the leaves.
ALLOWED = {
    "svfix.resources": set(),
    "svfix.text": {"svfix.resources"},
    "svfix.words": {"svfix.resources"},
    "svfix.pipeline": {"svfix.resources", "svfix.text", "svfix.words"},
    "svfix": {"svfix.pipeline", "svfix.resources.lexicon", "svfix.text.bytes"},  # the public API
    "svfix.archive": {"svfix"},
    "svfix.evaluation": {"svfix"},
    "svfix.cli": {"svfix", "svfix.archive", "svfix.evaluation"},
    "svfix.ocrmypdf": {"svfix", "svfix.archive"},
}
CLIENTS = ("svfix.archive", "svfix.cli", "svfix.evaluation", "svfix.ocrmypdf")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The svfix modules ``path`` imports (absolute names), leaving out imports made only
    for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = module_name(path)
    package = name if path.stem == "__init__" else name.rpartition(".")[0]
    typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and getattr(block.test, "id", "") == "TYPE_CHECKING" for node in ast.walk(block)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:  # from . import a, b
                    found.update(f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target
                                 for alias in node.names)
                    continue
            else:
                target = node.module or ""
            if target == "svfix" or target.startswith("svfix."):
                found.add(target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("svfix"))
    return found


MODULES = {module_name(path) for path in PACKAGE.rglob("*.py")}


def part_of(name: str) -> str:
    for part in sorted(ALLOWED, key=len, reverse=True):
        if part != "svfix" and (name == part or name.startswith(part + ".")):
            return part
    return name


def within(name: str, part: str) -> bool:
    return name == part or name.startswith(part + ".")


def test_every_module_imports_only_what_its_part_may():
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        if name in LEAVES or name == "svfix.__main__":
            continue
        part = part_of(name)
        allowed = ALLOWED.get(part)
        assert allowed is not None, f"{name} belongs to no part of the architecture"
        for target in imports_of(path):
            if target in LEAVES or (part != "svfix" and within(target, part)) or target == name:
                continue
            if part == "svfix" and target in allowed:
                continue
            if part in CLIENTS and target == "svfix":
                continue
            if not any(within(target, other) if other != "svfix" else target == "svfix" for other in allowed):
                problems.append(f"{name} imports {target}")
    assert not problems, "\n".join(problems)


def test_leaves_import_only_leaves():
    for name in LEAVES:
        path = PACKAGE / (name.split(".")[1] + ".py")
        assert imports_of(path) <= LEAVES, name


def test_inside_an_engine_package_data_flows_one_way():
    problems = []
    for package, order in FLOW.items():
        folder = PACKAGE / package.split(".")[1]
        assert {p.stem if p.is_file() else p.name for p in folder.iterdir()
                if p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists())} == set(order), package
        for path in folder.rglob("*.py"):
            top = path.relative_to(folder).parts[0].removesuffix(".py")
            for target in imports_of(path):
                if not within(target, package) or target == package:
                    continue
                other = target[len(package) + 1:].split(".")[0]
                if other != top and order.index(other) > order.index(top):
                    problems.append(f"{module_name(path)} imports the later {target}")
    assert not problems, "\n".join(problems)


def test_the_engine_never_imports_the_clients():
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        if any(within(name, client) for client in CLIENTS) or name == "svfix.__main__":
            continue
        for target in imports_of(path):
            assert not any(within(target, client) for client in CLIENTS), f"{name} imports {target}"


def test_no_module_is_much_over_500_lines():
    long = {module_name(p): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 520}
    assert not long, long


def test_importing_svfix_loads_no_client():
    """``import svfix`` loads the engine only: no evaluation, archive or command-line module
    (and no data: the lexicon is read on first use)."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-X", "importtime", "-c", "import svfix"], capture_output=True, text=True,
                            check=True)
    loaded = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    clients = sorted(name for name in loaded if any(within(name, client) for client in CLIENTS))
    assert not clients, clients
