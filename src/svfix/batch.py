"""Files and folders: which inputs go to which outputs, reading, and atomic writing.

The CLI is a thin client of this module and of the public API. Nothing here ever
writes over an input unless asked (``in_place``), and every output is written to a
temporary file in the same folder and renamed into place, so that an interrupted run
leaves either the old file or the new one, never half of one.
"""
from __future__ import annotations

import fnmatch
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

#: Files a folder input contributes when no --include is given.
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
    if inputs == ["-"] or list(inputs) == ["-"]:
        if in_place:
            raise InputError("--in-place needs files, not standard input")
        return [Job(None, Path(output) if output else None, "<stdin>")]

    sources: list[tuple[Path, Path]] = []  # (file, path relative to its input root)
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            if not output and not in_place:
                raise InputError(f"{raw} is a folder; give -o OUT_FOLDER for the results (or --in-place)")
            for file in find_files(path, include, exclude):
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
    for src, rel in sources:
        target = out if single_file else out / rel
        if target.exists() and _same_file(target, src):
            raise InputError(f"the output {target} is the input itself; choose another -o or use --in-place")
        jobs.append(Job(src, target, str(src)))
    return jobs


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path} does not exist (any more); check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{path} cannot be read (permission denied)") from None
    except OSError as err:
        raise InputError(f"{path} cannot be read: {err.strerror or err}") from None


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".svfix-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def line_columns(text: str, offsets: Iterable[int]) -> list[tuple[int, int]]:
    """1-based line and column of each of the sorted ``offsets``, in one pass.

    >>> line_columns("ab\\ncd\\nef", [0, 4, 6])
    [(1, 1), (2, 2), (3, 1)]
    """
    result = []
    line, line_start, scanned = 1, 0, 0
    for offset in offsets:
        while True:
            nl = text.find("\n", scanned, offset)
            if nl < 0:
                break
            line += 1
            line_start = nl + 1
            scanned = nl + 1
        scanned = max(scanned, line_start)
        result.append((line, offset - line_start + 1))
    return result
