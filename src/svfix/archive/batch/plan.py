"""From the command line's inputs to jobs: which files, and where each output goes.

Nothing ever writes over an input unless asked (``in_place``).
"""
from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError

#: Files a folder input contributes when no --include is given (plain text).
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.text")


@dataclass(frozen=True)
class Job:
    """One input and where its output goes (None: standard output)."""

    source: Path | None  # None: standard input
    target: Path | None
    label: str  # how reports name the input


def find_files(folder: Path, include: Sequence[str], exclude: Sequence[str]) -> list[Path]:
    """Files under ``folder`` (recursively, sorted) matching an include and no exclude glob.

    Globs match the path relative to ``folder`` and the file name alone; hidden files
    and folders are skipped.
    """
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            rel = path.relative_to(folder).as_posix()
            if not any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in include):
                continue
            if any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in exclude):
                continue
            found.append(path)
    return found


def plan(
    inputs: Sequence[str],
    output: str | None,
    in_place: bool = False,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
) -> list[Job]:
    """Map the command line's inputs to jobs, or raise InputError saying what to do."""
    if not inputs:
        raise InputError("no input given; name files or folders, or - for standard input")
    if in_place and output:
        raise InputError("--in-place and -o cannot be used together; choose one")
    if "-" in inputs and len(inputs) > 1:
        raise InputError("standard input (-) cannot be mixed with other inputs")
    if list(inputs) == ["-"]:
        if in_place:
            raise InputError("--in-place needs files, not standard input")
        return [Job(None, Path(output) if output else None, "<stdin>")]

    sources: list[tuple[Path, Path]] = []  # (file, path relative to its input root)
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            if not output and not in_place:
                raise InputError(f"{raw} is a folder; give -o OUT_FOLDER for the results (or --in-place)")
            inside = _inside(Path(output), path) if output else None  # an output folder within the input
            for file in find_files(path, include, exclude):
                if inside is None or not file.resolve().is_relative_to(inside):
                    sources.append((file, file.relative_to(path)))
        elif path.exists():
            sources.append((path, Path(path.name)))
        else:
            raise InputError(f"{raw} does not exist; check the path")

    if in_place:
        return [Job(src, src, str(src)) for src, _ in sources]
    if not output:
        if len(sources) > 1:
            raise InputError(f"{len(sources)} inputs but no -o; give -o OUT_FOLDER to write one result per input")
        return [Job(sources[0][0], None, str(sources[0][0]))]

    out = Path(output)
    single_file = len(sources) == 1 and not Path(inputs[0]).is_dir() and not out.is_dir() and not output.endswith(("/", os.sep))
    jobs = []
    seen: dict[Path, Path] = {}
    for src, rel in sources:
        target = out if single_file else out / rel
        if target.exists() and _same_file(target, src):
            raise InputError(f"the output {target} is the input itself; choose another -o or use --in-place")
        if target in seen:
            raise InputError(f"{seen[target]} and {src} would both be written to {target}; give them separate runs")
        seen[target] = src
        jobs.append(Job(src, target, str(src)))
    return jobs


def output_folder(jobs: Sequence[Job], output: str | None) -> Path | None:
    """The output folder of a batch (where its manifest lives), or None when the
    outputs are one file, standard output or the inputs themselves."""
    if not output or not jobs:
        return None
    out = Path(output)
    return out if any(job.target is not None and job.target != out for job in jobs) else None


def _inside(output: Path, folder: Path) -> Path | None:
    """``output`` resolved, when it lies inside ``folder`` (its files are not inputs)."""
    resolved = output.resolve()
    return resolved if resolved != folder.resolve() and resolved.is_relative_to(folder.resolve()) else None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
