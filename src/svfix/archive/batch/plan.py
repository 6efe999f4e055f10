"""From the command line's inputs to jobs: which files, and where each output goes.

Nothing ever writes over an input unless asked (``in_place``): an output, the report
or the review page that would land on an input is refused before anything is written.

Every input given is attempted: one that cannot be read (missing, a FIFO or device, a
link out of its folder, an unreadable folder, a folder with nothing svfix reads) becomes
a job that fails with a message, and the others go on.

File names are bytes: a name that is not UTF-8 is read and written under the same
bytes, and shown (in messages, reports, the manifest) with the bad bytes as ``\\xe9``
escapes (:func:`readable`).
"""
from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from .files import readable, special_kind

#: Files a folder input contributes when no --include is given (plain text).
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.text")


@dataclass(frozen=True)
class Job:
    """One input and where its output goes (None: standard output). A job with an
    ``error`` is an input that could not be taken: it fails with that message."""

    source: Path | None  # None: standard input
    target: Path | None
    label: str  # how reports name the input
    error: str | None = None


@dataclass(frozen=True)
class Found:
    """What a folder holds: a file to read (``error`` None), or an entry refused with a
    message."""

    path: Path
    error: str | None = None


def find_files(folder: Path, include: Sequence[str], exclude: Sequence[str]) -> list[Path]:
    """Files under ``folder`` (recursively, sorted) matching an include and no exclude glob.

    Globs match the path relative to ``folder`` and the file name alone; hidden files
    and folders are skipped. Refused entries (see :func:`walk`) are left out.
    """
    return [found.path for found in walk(folder, include, exclude) if found.error is None]


def walk(folder: Path, include: Sequence[str], exclude: Sequence[str], counts: dict | None = None) -> Iterator[Found]:
    """The entries of ``folder`` (recursively, sorted) that a batch takes, or refuses.

    Regular files matching an include and no exclude glob are taken, and links to
    regular files inside ``folder``. Refused, each with a message: special files
    (FIFOs, sockets, devices, or links to them), links that lead out of ``folder`` or
    nowhere, links to folders (not followed), folders that cannot be read.
    ``counts["skipped"]`` is set to the number of files no include glob names.
    """
    root = os.path.realpath(folder)
    skipped = 0

    def excluded(name: str, rel: str) -> bool:
        return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(rel + "/x", g) for g in exclude)

    unreadable: list[OSError] = []
    for current, dirs, files in os.walk(folder, onerror=unreadable.append):
        while unreadable:
            err = unreadable.pop()
            yield Found(Path(err.filename), f"cannot be read ({err.strerror or err}); the files in it were not processed")
        base = Path(current)
        for name in sorted(dirs):
            path = base / name
            if name.startswith(".") or not path.is_symlink():
                continue
            rel = path.relative_to(folder).as_posix()
            if not excluded(name, rel):
                yield Found(path, f"a link to a folder ({readable(os.readlink(path))}), not followed; "
                                  "give that folder as an input of its own to process it")
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (base / d).is_symlink())
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = base / name
            rel = path.relative_to(folder).as_posix()
            if not any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in include):
                skipped += 1
                continue
            if excluded(name, rel):
                continue
            yield Found(path, _refusal(path, root))
    if unreadable:
        for err in unreadable:
            yield Found(Path(err.filename), f"cannot be read ({err.strerror or err}); the files in it were not processed")
    if counts is not None:
        counts["skipped"] = skipped


def _refusal(path: Path, root: str) -> str | None:
    """Why a file found in a folder is not read, or None when it is read."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as err:
        return f"cannot be read: {err.strerror or err}"
    if stat.S_ISLNK(mode):
        target = os.path.realpath(path)
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return f"a link to {readable(os.readlink(path))}, which does not exist"
        kind = special_kind(mode)
        if kind is not None:
            return f"a link to {readable(target)}, {kind}, not a regular file; svfix reads regular files only"
        if os.path.commonpath([root, target]) != root:
            return f"a link to {readable(target)}, outside {readable(root)}; not followed"
        return None
    kind = special_kind(mode)
    return f"{kind}, not a regular file; svfix reads regular files only" if kind else None


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

    folder_input = any(Path(raw).is_dir() for raw in inputs)
    out = Path(output) if output else None
    slash = bool(output) and str(output).endswith(("/", os.sep))  # -o out/: a folder, whatever the inputs
    if out is not None and (folder_input or len(inputs) > 1 or slash):
        _check_output_folder(out)
    entries: list[tuple[Path, Path | None, str | None]] = []  # (file, path relative to its output root, error)
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            if not output and not in_place:
                raise InputError(f"{readable(raw)} is a folder; give -o OUT_FOLDER for the results (or --in-place)")
            inside = _inside(out, path) if out is not None else None  # an output folder within the input
            counts: dict = {}
            found_any = False
            for found in walk(path, include, exclude, counts):
                if inside is not None and os.path.realpath(found.path).startswith(str(inside) + os.sep):
                    continue
                found_any = True
                entries.append((found.path, found.path.relative_to(path) if found.error is None else None, found.error))
            if not found_any:
                others = counts.get("skipped", 0)
                note = f" ({others:,} other file{'s' if others != 1 else ''} there)" if others else ""
                entries.append((path, None, f"no file svfix reads: none named {' '.join(include)}{note}; "
                                            "name the files to read with --include"))
        elif os.path.lexists(path):
            entries.append((path, Path(path.name), _given_refusal(path)))
        else:
            entries.append((path, None, "does not exist; check the path"))

    if not in_place and not output and len(entries) > 1:
        raise InputError(f"{len(entries)} inputs but no -o; give -o OUT_FOLDER to write one result per input")
    jobs = []
    seen: dict[Path, Path] = {}
    single_file = out is not None and len(inputs) == 1 and not folder_input and not out.is_dir() and not slash
    for src, rel, error in entries:
        if error is not None or rel is None:
            jobs.append(Job(src, None, readable(src), error or "cannot be read"))
            continue
        if in_place:
            jobs.append(Job(src, src, readable(src)))
            continue
        if out is None:
            jobs.append(Job(src, None, readable(src)))
            continue
        target = out if single_file else out / rel
        if target.exists() and _same_file(target, src):
            raise InputError(f"the output {readable(target)} is the input itself; choose another -o or use --in-place")
        if target in seen:
            raise InputError(f"{readable(seen[target])} and {readable(src)} would both be written to {readable(target)}; "
                             "give them separate runs")
        seen[target] = src
        jobs.append(Job(src, target, readable(src)))
    if not in_place:
        refuse_outputs_on_inputs(jobs)
    return jobs


def _given_refusal(path: Path) -> str | None:
    """Why a file named on the command line is not read (it may be a link anywhere:
    the user named it), or None."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        return f"cannot be read: {err.strerror or err}"
    kind = special_kind(mode)
    if kind is None:
        return None
    shown = f" (a link to {readable(os.path.realpath(path))})" if path.is_symlink() else ""
    return f"{kind}{shown}, not a regular file; svfix reads regular files only"


def _check_output_folder(out: Path) -> None:
    """-o must be a folder (or not exist yet) when the results are several files."""
    for part in (out, *out.parents):
        if os.path.lexists(part):
            if part.is_dir():
                return
            if part == out:
                raise InputError(f"-o {readable(out)} is a file, and the results need a folder (a folder or several "
                                 "inputs were given); choose a folder for -o")
            raise InputError(f"-o {readable(out)}: {readable(part)} is a file, not a folder; choose another -o")


def _entry(path: Path) -> str:
    """The directory entry a write to ``path`` replaces (its folder resolved)."""
    return os.path.join(os.path.realpath(path.parent), path.name)


def input_entries(jobs: Sequence[Job]) -> dict[str, Job]:
    """Every place an input lives (its entry, and the file a link leads to) → its job."""
    found: dict[str, Job] = {}
    for job in jobs:
        if job.source is not None and job.error is None:
            found[_entry(job.source)] = job
            found[os.path.realpath(job.source)] = job
    return found


def refuse_outputs_on_inputs(jobs: Sequence[Job]) -> None:
    """Raise InputError when a job would write its output over another job's input."""
    inputs = input_entries(jobs)
    for job in jobs:
        if job.target is None or job.error is not None:
            continue
        victim = inputs.get(_entry(job.target)) or inputs.get(os.path.realpath(job.target))
        if victim is not None and victim is not job:
            raise InputError(f"{job.label} would be written to {readable(job.target)}, which is an input "
                             f"({victim.label}); choose an -o outside the input folders")


def check_writes(jobs: Sequence[Job], named: dict[str, Path | None]) -> None:
    """Refuse files the run writes besides its outputs (``--report``, ``--html``) that
    would land on an input, an output or each other."""
    inputs = input_entries(jobs)
    outputs = {_entry(job.target): job for job in jobs if job.target is not None and job.error is None}
    places: dict[str, str] = {}
    for option, path in named.items():
        if path is None:
            continue
        entry = _entry(path)
        if entry in inputs or os.path.realpath(path) in inputs:
            raise InputError(f"{option} {readable(path)} is an input; write it somewhere else")
        if entry in outputs:
            raise InputError(f"{option} {readable(path)} is an output (of {outputs[entry].label}); write it somewhere else")
        if entry in places:
            raise InputError(f"{places[entry]} and {option} name the same file {readable(path)}; give them different names")
        if path.is_dir():
            raise InputError(f"{option} {readable(path)} is a folder; give a file name")
        places[entry] = option


def output_folder(jobs: Sequence[Job], output: str | None) -> Path | None:
    """The output folder of a batch (where its manifest lives), or None when the
    outputs are one file, standard output or the inputs themselves, or there is
    nothing to write."""
    if not output or not jobs:
        return None
    out = Path(output)
    return out if any(job.target is not None and job.target != out and job.error is None for job in jobs) else None


def _inside(output: Path, folder: Path) -> Path | None:
    """``output`` resolved, when it lies inside ``folder`` (its files are not inputs)."""
    resolved = output.resolve()
    return resolved if resolved != folder.resolve() and resolved.is_relative_to(folder.resolve()) else None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
