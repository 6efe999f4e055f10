"""Files and folders: planning, workers, progress, a resumable manifest, atomic writes.

The CLI is a thin client of this module and of the public API.

- :func:`plan` maps the command line's inputs to jobs (a folder is mirrored into the
  output folder). Nothing ever writes over an input unless asked (``in_place``).
- :func:`run_batch` runs the jobs on every core (processes; the lexicon is loaded once
  per worker), on one process, or on a Dask cluster, with the same outputs whichever.
- Every output is written to a temporary file in its folder and renamed into place
  (:func:`write_atomic`), so an interrupted run leaves the old file or the new one,
  never half of one; stale temporary files of a killed run are removed by the next.
- An output folder keeps a manifest, ``OUT/.svfix-manifest.jsonl``: one JSON line per
  finished input with the input's hash, the settings' hash, the svfix version, the
  output's hash and the status. A re-run skips an input whose entry matches and whose
  output still exists with its hash, so a batch resumes where it was interrupted.
  With ``--report`` or ``--html``, the changes of each output are kept in
  ``OUT/.svfix-changes/`` so that a resumed run's report still lists every file's
  changes (a file done without them is redone when a report is asked for).
- One bad input never stops the batch; every failure is named at the end.
"""
from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import json
import os
import re
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import report
from .config import Config
from .errors import DataError, InputError, SvfixError
from .report import line_columns

__all__ = [
    "DEFAULT_INCLUDE", "MANIFEST", "Job", "Settings", "BatchSummary", "find_files", "line_columns", "plan",
    "read_bytes", "read_word_list", "run_batch", "write_atomic",
]

#: Files a folder input contributes when no --include is given (plain text).
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.text")
#: The manifest of an output folder, and the folder of per-output change lists.
MANIFEST = ".svfix-manifest.jsonl"
CHANGES = ".svfix-changes"
LOCK = ".svfix-lock"
TEMP_SUFFIX = ".svfix-tmp"
_WORD = re.compile(r"\S+")


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


def read_word_list(path: str | os.PathLike[str]) -> list[str]:
    """The words of a UTF-8 word list, one per line (``#`` starts a comment)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(f"cannot read the word list {path}: {err}") from err
    return [word for word in (line.split("#", 1)[0].strip() for line in lines) if word]


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A killed process leaves the old file or the new one, never part of one. ``durable``
    also flushes the data to the disk before the rename (``fsync``), against power loss;
    a batch does without it, since a re-run checks every output against the manifest's
    hash and redoes any that did not survive.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- work


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs besides its task (picklable, sent once per worker)."""

    config: Config = field(default_factory=Config)
    words: tuple[str, ...] = ()  # user words (local names)
    format: str | None = None  # None: detect each file's format
    encoding: str | None = None
    report: bool = False  # return each file's report rows
    html: bool = False  # return each file's review section
    force: bool = False  # process even what the manifest says is done

    @property
    def digest(self) -> str:
        """A hash of everything that decides an output (the svfix version aside)."""
        described = {
            "config": dataclasses.asdict(self.config), "words": sorted(self.words),
            "format": self.format, "encoding": self.encoding,
        }
        return sha256(json.dumps(described, sort_keys=True, ensure_ascii=False).encode("utf-8"))


@dataclass(frozen=True)
class Task:
    index: int
    label: str
    source: str | None
    target: str | None
    key: str | None = None  # the output's path in the output folder (manifest key)
    sidecar: str | None = None  # where the output's changes are kept
    previous: dict | None = None  # the manifest's entry for this output
    data: bytes | None = None  # standard input


@dataclass
class Outcome:
    index: int
    label: str
    status: str  # ok, skipped, failed
    error: str = ""
    words: int = 0
    size: int = 0
    changes: int = 0
    rows: list | None = None
    section: str | None = None
    entry: dict | None = None
    output: bytes | None = None  # for standard output
    encoding: str | None = None
    format: str | None = None
    not_applied: int = 0


_STATE: dict[str, object] = {}
_STATE_LOCK = threading.Lock()


def _lexicon(settings: Settings):
    """The lexicon of this worker, built once per process (and per set of user words)."""
    from .lexicon import Lexicon

    key = "lexicon:" + "\n".join(settings.words)
    with _STATE_LOCK:
        lexicon = _STATE.get(key)
        if lexicon is None:
            _STATE.clear()
            lexicon = (Lexicon(words=settings.words) if settings.words else Lexicon.default()).load()
            _STATE[key] = lexicon
    return lexicon


def _init_worker(settings: Settings) -> None:
    """A pool worker: leave Ctrl-C to the main process, die on SIGTERM (not the main
    process's handler, inherited through fork), load the lexicon now."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _lexicon(settings)
    from . import fix

    fix("Förslag", settings.config, _lexicon(settings))  # warm up the language model too


def process_task(task: Task, settings: Settings) -> Outcome:
    """Repair one input and write its output; never raises for a bad input."""
    from . import __version__
    from .formats import detect, document_text, fix_document

    outcome = Outcome(task.index, task.label, "failed")
    try:
        data = task.data if task.source is None else read_bytes(Path(task.source))
    except SvfixError as err:
        outcome.error = str(err)
        return outcome
    outcome.size = len(data)
    digest = sha256(data)
    if task.previous is not None and not settings.force:
        reused = _reuse(task, settings, digest, __version__, document_text)
        if reused is not None:
            return reused
    try:
        fmt = settings.format or detect(data, task.source or "")
        result = fix_document(data, fmt, settings.config, _lexicon(settings), settings.encoding)
        rows = report.rows(task.label, result.text, result.changes, result.where)
        if task.sidecar is not None:  # the changes kept for a resumed run's report
            sidecar = Path(task.sidecar)
            if rows and (settings.report or settings.html):
                write_atomic(sidecar, "".join(report.dumps(row) + "\n" for row in rows).encode("utf-8"), durable=False)
            elif sidecar.exists():
                sidecar.unlink()
        if task.target is not None:
            write_atomic(Path(task.target), result.output, durable=task.key is None)
        else:
            outcome.output = result.output
    except SvfixError as err:
        outcome.error = str(err)
        return outcome
    except OSError as err:
        outcome.error = f"cannot write {task.target}: {err.strerror or err}"
        return outcome
    except Exception as err:  # a bug must not stop the batch; say so and go on
        outcome.error = f"unexpected error ({type(err).__name__}: {err}); please report it"
        return outcome
    outcome.status = "ok"
    outcome.words = sum(1 for _ in _WORD.finditer(result.text))
    outcome.changes = len(rows)
    outcome.encoding = result.encoding
    outcome.format = fmt
    outcome.not_applied = result.not_applied
    outcome.rows = rows if settings.report else None
    if settings.html:
        outcome.section = report.render_document(task.label, result.corrected, rows, task.index, _info(result))
    if task.key is not None:
        outcome.entry = {
            "output": task.key, "input": task.label, "input_sha256": digest, "config_sha256": settings.digest,
            "svfix": __version__, "format": fmt, "output_sha256": sha256(result.output), "status": "ok",
            "changes": len(rows),
        }
    return outcome


def _info(result) -> str:
    notes = []
    if result.format != "txt":
        notes.append(result.format)
    if result.encoding not in (None, "utf-8", "UTF-8"):
        notes.append(f"decoded as {result.encoding}")
    if result.not_applied:
        notes.append(f"{result.not_applied} changes not applied (they would change the geometry)")
    return "; ".join(notes)


def _reuse(task: Task, settings: Settings, digest: str, version: str, document_text) -> Outcome | None:
    """The outcome of an input the manifest says is done, if its output is intact."""
    previous = task.previous or {}
    if (previous.get("status") != "ok" or previous.get("input_sha256") != digest
            or previous.get("config_sha256") != settings.digest or previous.get("svfix") != version):
        return None
    try:
        output = Path(task.target).read_bytes() if task.target else None
    except OSError:
        return None
    if output is None or sha256(output) != previous.get("output_sha256"):
        return None
    rows: list = []
    if previous.get("changes") and (settings.report or settings.html):
        try:
            lines = Path(task.sidecar).read_text(encoding="utf-8").splitlines() if task.sidecar else []
            rows = [json.loads(line) for line in lines if line.strip()]
        except (OSError, ValueError):
            return None
        if len(rows) != previous.get("changes"):
            return None
        for row in rows:
            row["file"] = task.label
    outcome = Outcome(task.index, task.label, "skipped", size=len(output), changes=previous.get("changes", 0),
                      format=previous.get("format"), entry=previous)
    outcome.rows = rows if settings.report else None
    if settings.html:
        try:
            corrected = document_text(output, previous.get("format", "txt"))
        except SvfixError:
            return None
        outcome.section = report.render_document(task.label, corrected, rows, task.index, "done in an earlier run")
    return outcome


# --------------------------------------------------------------------------- manifest


class Manifest:
    """``OUT/.svfix-manifest.jsonl``: the latest entry per output wins; a line cut short
    by a kill is ignored."""

    def __init__(self, folder: Path):
        self.path = folder / MANIFEST
        self.entries: dict[str, dict] = {}
        if self.path.exists():
            raw = self.path.read_bytes()
            for line in raw.decode("utf-8", "replace").splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if isinstance(entry, dict) and isinstance(entry.get("output"), str):
                    self.entries[entry["output"]] = entry
            needs_newline = bool(raw) and not raw.endswith(b"\n")
        else:
            needs_newline = False
        folder.mkdir(parents=True, exist_ok=True)
        self._handle = open(self.path, "a", encoding="utf-8")
        self._flushed = 0.0
        if needs_newline:
            self._handle.write("\n")

    def add(self, entry: dict) -> None:
        """Record a finished output. Lines reach the file at least every 0.2 s, so a kill
        loses at most the last few entries (and their files are redone)."""
        self.entries[entry["output"]] = entry
        self._handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        now = time.monotonic()
        if now - self._flushed > 0.2:
            self._handle.flush()
            self._flushed = now

    def close(self, compact: bool) -> None:
        self._handle.close()
        if compact:
            lines = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n"
                            for _, e in sorted(self.entries.items()))
            write_atomic(self.path, lines.encode("utf-8"))


class _FolderLock:
    """One run at a time per output folder (an advisory lock the OS drops with the process)."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.handle = open(folder / LOCK, "a+")
        try:
            import fcntl

            fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # not POSIX: no lock
            pass
        except OSError:
            self.handle.close()
            raise InputError(f"another svfix run is writing to {folder}; wait for it or choose another -o") from None

    def release(self) -> None:
        self.handle.close()


def sweep_temporary(folder: Path) -> int:
    """Remove temporary files a killed run left in ``folder``; return how many."""
    removed = 0
    for root, _, files in os.walk(folder):
        for name in files:
            if name.endswith(TEMP_SUFFIX) and name.startswith("."):
                try:
                    os.unlink(os.path.join(root, name))
                    removed += 1
                except OSError:
                    pass
    return removed


# --------------------------------------------------------------------------- running


@dataclass
class BatchSummary:
    total: int = 0
    done: int = 0  # repaired in this run
    skipped: int = 0  # finished in an earlier run
    failures: list[tuple[str, str]] = field(default_factory=list)
    changes: int = 0
    words: int = 0
    seconds: float = 0.0
    interrupted: bool = False


class Progress:
    """A one-line progress bar on stderr: files, words per second, time left.

    Silent unless enabled (the CLI enables it when stderr is a terminal and not --quiet).
    """

    def __init__(self, total_files: int, total_bytes: int, stream, enabled: bool):
        self.total_files, self.total_bytes = total_files, max(total_bytes, 1)
        self.stream, self.enabled = stream, enabled
        self.files = self.bytes = self.words = self.failed = 0
        self.first: tuple[float, int, int] | None = None  # time, bytes, words at the first result
        self.start = time.monotonic()
        self._drawn = 0.0
        self._width = 0

    def update(self, outcome: Outcome) -> None:
        self.files += 1
        self.bytes += outcome.size
        self.words += outcome.words
        self.failed += outcome.status == "failed"
        now = time.monotonic()
        if self.first is None:  # rates are measured from the first result: workers start up first
            self.first = (now, self.bytes, self.words)
        if self.enabled and (now - self._drawn > 0.1 or self.files == self.total_files):
            self._drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        since, bytes_then, words_then = self.first or (self.start, 0, 0)
        elapsed = now - since
        share = self.files / max(self.total_files, 1)
        bar = "█" * int(share * 24) + "░" * (24 - int(share * 24))
        done = self.bytes - bytes_then
        if elapsed > 0.5 and done > 0:
            rate = f"{(self.words - words_then) / elapsed:,.0f} words/s"
            left = _clock((self.total_bytes - self.bytes) * elapsed / done) + " left"
        else:
            rate, left = "… words/s", "… left"
        text = (f"svfix {bar} {self.files:,}/{self.total_files:,} files · {rate} · {left}"
                + (f" · {self.failed} failed" if self.failed else ""))
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)

    def say(self, line: str) -> None:
        """Print a line above the bar."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self._width = 0
        self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def _clock(seconds: float) -> str:
    seconds = int(max(seconds, 0))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:
        return os.cpu_count() or 1


def run_batch(
    jobs: Sequence[Job],
    settings: Settings,
    *,
    folder: Path | None = None,
    workers: int | None = None,
    dask: str | None = None,
    report_path: Path | None = None,
    html_path: Path | None = None,
    progress: bool = False,
    stderr=None,
    stdout=None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> BatchSummary:
    """Run ``jobs``; write outputs, the manifest (when ``folder``), the report and page.

    ``workers`` processes (default: every core; 1 runs in this process), or a Dask
    cluster (``dask``: a scheduler address, or ``"local"``). Errors of single inputs are
    printed as ``svfix error:`` lines and listed in the summary; KeyboardInterrupt (and
    SIGTERM) stops the run, leaving only complete outputs, and is re-raised.
    """
    from . import __version__

    stderr = stderr or sys.stderr
    stdout = stdout or sys.stdout
    workers = workers or default_jobs()
    settings = dataclasses.replace(settings, report=report_path is not None, html=html_path is not None)
    summary = BatchSummary(total=len(jobs))
    lock = manifest = None
    if folder is not None:
        lock = _FolderLock(folder)
        sweep_temporary(folder)
        manifest = Manifest(folder)
    sizes = []
    tasks = []
    for index, job in enumerate(jobs):
        key = sidecar = previous = None
        if folder is not None and job.target is not None:
            key = job.target.relative_to(folder).as_posix()
            sidecar = str(folder / CHANGES / (key + ".jsonl"))
            previous = manifest.entries.get(key) if manifest else None
        data = sys.stdin.buffer.read() if job.source is None else None
        tasks.append(Task(index, job.label, None if job.source is None else str(job.source),
                          None if job.target is None else str(job.target), key, sidecar, previous, data))
        try:
            sizes.append(len(data) if data is not None else job.source.stat().st_size)
        except OSError:
            sizes.append(0)
    bar = Progress(len(tasks), sum(sizes), stderr, progress)
    writer = _ReviewWriter(report_path, html_path, __version__)
    started = time.monotonic()
    previous_handler = _sigterm_to_interrupt()
    completed = False
    results = _outcomes(tasks, settings, workers, dask, sizes)
    try:
        for outcome in results:
            if outcome.status == "failed":
                summary.failures.append((outcome.label, outcome.error))
                bar.say(f"svfix error: {outcome.label}: {outcome.error}")
                key = tasks[outcome.index].key
                if manifest is not None and key is not None:  # recorded, and retried by the next run
                    manifest.add({"output": key, "input": outcome.label, "svfix": __version__, "status": "failed",
                                  "error": outcome.error})
            else:
                if outcome.status == "skipped":
                    summary.skipped += 1
                else:
                    summary.done += 1
                    if manifest is not None and outcome.entry is not None:
                        manifest.add(outcome.entry)
                summary.changes += outcome.changes
                summary.words += outcome.words
                if outcome.output is not None:
                    stdout.buffer.write(outcome.output)
                    stdout.buffer.flush()
            writer.add(outcome)
            bar.update(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
        completed = True
    except KeyboardInterrupt:
        summary.interrupted = True
        raise
    finally:
        results.close()  # stops the workers of an interrupted run before the sweep below
        bar.close()
        _restore_sigterm(previous_handler)
        summary.seconds = time.monotonic() - started
        writer.close(completed, summary.failures)
        if manifest is not None:
            manifest.close(compact=completed)
        if folder is not None:
            sweep_temporary(folder)
        if lock is not None:
            lock.release()
    return summary


def _sigterm_to_interrupt():
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


def _restore_sigterm(previous) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


class _ReviewWriter:
    """Writes the report and the review page in input order, whatever order results
    arrive in, to temporary files renamed into place when the run finishes."""

    def __init__(self, report_path: Path | None, html_path: Path | None, version: str):
        self.report_path, self.html_path = report_path, html_path
        self.waiting: dict[int, Outcome] = {}
        self.next = 0
        self.report = self.body = None
        if report_path is not None:
            self.report = _Temporary(report_path)
        if html_path is not None:
            self.body = _Temporary(html_path)
        self.version = version

    def add(self, outcome: Outcome) -> None:
        if self.report is None and self.body is None:
            return
        self.waiting[outcome.index] = outcome
        while self.next in self.waiting:
            ready = self.waiting.pop(self.next)
            self.next += 1
            if self.report is not None and ready.rows:
                self.report.write("".join(report.dumps(row) + "\n" for row in ready.rows))
            if self.body is not None and ready.section:
                self.body.write(ready.section)

    def close(self, completed: bool, failures: Sequence[tuple[str, str]]) -> None:
        if self.report is not None:
            self.report.finish(completed)
        if self.body is not None:
            if not completed:
                self.body.finish(False)
                return
            final = _Temporary(self.html_path)
            final.write(report.page_head("svfix review", self.version))
            final.write(report.page_failures(failures))
            self.body.handle.flush()
            with open(self.body.name, encoding="utf-8") as handle:
                while chunk := handle.read(1 << 20):
                    final.write(chunk)
            final.write(report.page_tail())
            self.body.finish(False)
            final.finish(True)


class _Temporary:
    """A text file written beside ``path`` and renamed onto it when finished."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
        self.handle = os.fdopen(fd, "w", encoding="utf-8")

    def write(self, text: str) -> None:
        self.handle.write(text)

    def finish(self, keep: bool) -> None:
        self.handle.close()
        if keep:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.name, 0o666 & ~umask)
            os.replace(self.name, self.path)
        else:
            try:
                os.unlink(self.name)
            except FileNotFoundError:
                pass


def _outcomes(tasks: Sequence[Task], settings: Settings, workers: int, dask: str | None,
              sizes: Sequence[int] = ()) -> Iterator[Outcome]:
    if dask:
        yield from _dask_outcomes(tasks, settings, dask, workers, sizes)
    elif workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield process_task(task, settings)
    else:
        yield from _pool_outcomes(tasks, settings, min(workers, len(tasks)), sizes)


#: A chunk of tasks sent to a worker at once holds at most this many files and bytes.
CHUNK_FILES = 16
CHUNK_BYTES = 1 << 20


def process_chunk(tasks: Sequence[Task], settings: Settings) -> list[Outcome]:
    """:func:`process_task` on several small inputs, to spare a round trip per file."""
    return [process_task(task, settings) for task in tasks]


def chunked(tasks: Sequence[Task], sizes: Sequence[int], workers: int) -> list[list[Task]]:
    """Tasks in input order, cut into chunks of a few small files (a large file alone),
    at least four chunks per worker so that the work stays balanced.

    >>> [len(c) for c in chunked([Task(i, "", None, None) for i in range(10)], [100] * 10, 2)]
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    >>> [len(c) for c in chunked([Task(i, "", None, None) for i in range(100)], [100] * 100, 2)]
    [12, 12, 12, 12, 12, 12, 12, 12, 4]
    """
    most = max(1, min(CHUNK_FILES, len(tasks) // (4 * workers)))
    chunks: list[list[Task]] = []
    size = 0
    for task, task_size in zip(tasks, list(sizes) + [0] * (len(tasks) - len(sizes))):
        if not chunks or len(chunks[-1]) >= most or size + task_size > CHUNK_BYTES:
            chunks.append([])
            size = 0
        chunks[-1].append(task)
        size += task_size
    return chunks


def _pool_outcomes(tasks: Sequence[Task], settings: Settings, workers: int, sizes: Sequence[int]) -> Iterator[Outcome]:
    """Tasks on a pool of worker processes, in chunks, two chunks in flight per worker.

    A worker that dies (killed, out of memory) fails only the input it had: the tasks in
    flight then are retried one at a time, alone, on a new pool."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pending = list(reversed(chunked(tasks, sizes, workers)))
    suspects: list[Task] = []  # in flight when a worker died: each is run alone
    alone: set[int] = set()  # indexes of suspects running alone
    while pending or suspects:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                   initargs=(settings,))
        running: dict = {}
        try:
            def refill() -> None:
                if suspects:
                    if not running:
                        task = suspects.pop()
                        alone.add(task.index)
                        running[pool.submit(process_chunk, [task], settings)] = [task]
                    return
                while len(running) < workers * 2 and pending:
                    chunk = pending.pop()
                    running[pool.submit(process_chunk, chunk, settings)] = chunk

            refill()
            broken = False
            while running:
                done, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for future in done:
                    chunk = running.pop(future)
                    try:
                        outcomes = future.result()
                    except BrokenProcessPool:
                        broken = True
                        if len(chunk) == 1 and chunk[0].index in alone:
                            yield Outcome(chunk[0].index, chunk[0].label, "failed",
                                          "the worker process died on this input (out of memory?)")
                        else:
                            suspects.extend(reversed(chunk))
                        continue
                    yield from outcomes
                if broken:
                    for chunk in running.values():
                        suspects.extend(reversed(chunk))
                    running.clear()
                    break
                refill()
        except BaseException:
            _stop_pool(pool)
            raise
        pool.shutdown(wait=True)


def _stop_pool(pool) -> None:
    """Stop at once: cancel what has not started, end the workers."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.terminate()
        except Exception:
            pass
    for process in processes:
        try:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)
        except Exception:
            pass


def _dask_outcomes(tasks: Sequence[Task], settings: Settings, address: str, workers: int,
                   sizes: Sequence[int]) -> Iterator[Outcome]:
    """Tasks on a Dask cluster (``address``, or ``"local"`` for a LocalCluster of
    ``workers`` processes), in chunks. The workers read and write the files themselves, so
    on a real cluster the input and output folders must be on a shared file system; the
    manifest, report and page are written here."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise SvfixError("--dask needs Dask distributed, which is not installed: pip install 'svfix[dask]'") from None
    import logging

    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        client = Client(cluster)
    else:
        try:
            client = Client(address)  # waits distributed.comm.timeouts.connect (30 s by default)
        except OSError as err:
            raise SvfixError(f"cannot reach the Dask scheduler at {address}: {err}") from None
    try:
        n = max(sum(client.nthreads().values()), 1)
        pending = list(reversed(chunked(tasks, sizes, n)))
        queue = as_completed()
        owner: dict = {}

        def submit() -> None:
            chunk = pending.pop()
            future = client.submit(process_chunk, chunk, settings, pure=False,
                                   key=f"svfix-{chunk[0].index}-{os.getpid()}")
            owner[future.key] = chunk
            queue.add(future)

        for _ in range(min(n * 2, len(pending))):
            submit()
        for future in queue:
            chunk = owner.pop(future.key)
            try:
                outcomes = future.result()
            except Exception as err:  # a worker died or the task could not run
                outcomes = [Outcome(task.index, task.label, "failed", f"the Dask task failed: {type(err).__name__}: {err}")
                            for task in chunk]
            future.release()
            yield from outcomes
            if pending:
                submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def describe(summary: BatchSummary) -> str:
    """The closing line of a batch."""
    parts = [f"{summary.done:,} repaired"]
    if summary.skipped:
        parts.append(f"{summary.skipped:,} already done")
    if summary.failures:
        parts.append(f"{len(summary.failures):,} failed")
    rate = f", {summary.words / summary.seconds:,.0f} words/s" if summary.seconds > 0 and summary.words else ""
    return (f"svfix: {summary.total:,} files: {', '.join(parts)}; {summary.changes:,} changes "
            f"in {summary.seconds:.1f} s{rate}")

