"""One input's work, as a worker process does it: read, repair, write, report."""
from __future__ import annotations

import dataclasses
import errno
import json
import os
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ...config import Config
from ...errors import SvfixError
from .. import report
from ..wording import plural
from .files import open_regular, read_bytes, readable, sha256, write_atomic

if TYPE_CHECKING:
    from ..formats.scan import ScanOptions

_WORD = re.compile(r"\S+")
#: Errors of the system after which no output of the batch can be written.
FATAL = frozenset(number for number in (getattr(errno, name, None) for name in ("ENOSPC", "EDQUOT", "EROFS"))
                  if number is not None)


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
    scan: ScanOptions | None = None  # how PDFs and images are read (OCR or not)

    @property
    def digest(self) -> str:
        """A hash of everything that decides an output (the svfix version aside)."""
        described = {
            "config": dataclasses.asdict(self.config), "words": sorted(self.words),
            "format": self.format, "encoding": self.encoding,
        }
        if self.scan is not None and self.scan.ocr:  # without OCR, the scan options decide nothing
            described["scan"] = self.scan.described
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
    error: str | None = None  # an input that could not be taken (see plan.Job): it fails with this


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
    errno: int | None = None  # of an error of the system writing the output
    fatal: bool = False  # that error stops the batch: no output can be written (a full disk)


_STATE: dict[str, object] = {}
_STATE_LOCK = threading.Lock()


def _lexicon(settings: Settings):
    """The lexicon of this worker, built once per process (and per set of user words)."""
    from ... import Lexicon

    key = "lexicon:" + "\n".join(settings.words)
    with _STATE_LOCK:
        lexicon = _STATE.get(key)
        if lexicon is None:
            _STATE.clear()
            lexicon = (Lexicon(words=settings.words) if settings.words else Lexicon.default()).load()
            _STATE[key] = lexicon
    return lexicon


def _init_worker(settings: Settings, parent: int | None = None) -> None:
    """A pool worker: leave Ctrl-C to the main process, die on SIGTERM (not the main
    process's handler, inherited through fork), end when the main process ends (even by
    ``kill -9``), load the lexicon now."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if parent is not None:
        follow_parent(parent)
    _lexicon(settings)
    from ... import fix

    fix("Förslag", settings.config, _lexicon(settings))  # warm up the language model too


#: How often a worker looks whether its main process is still there (the fallback
#: where the kernel cannot be asked to kill it when its parent dies).
PARENT_POLL_SECONDS = 0.5


def follow_parent(parent: int) -> None:
    """End this process when ``parent`` (its main process) ends, however it ends.

    On Linux the kernel is asked to send SIGKILL when the parent dies
    (``prctl(PR_SET_PDEATHSIG)``); everywhere, a daemon thread also checks every
    :data:`PARENT_POLL_SECONDS` that the parent is still its parent (an orphan is
    adopted by another process) and ends the process at once if not. Either way no
    worker outlives a killed run, writing into its folder."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="svfix-parent-watch", daemon=True).start()


def repair(data: bytes, label: str, name: str = "", format_name: str | None = None, config: Config | None = None,
           lexicon=None, encoding: str | None = None, scan: ScanOptions | None = None, rows: bool = True):
    """One document repaired as ``svfix fix`` repairs it, and its report rows: the one
    path that ``fix`` (its outputs, ``--report``, ``--html``) and ``explain`` share.

    ``format_name`` None: read from the content (:func:`~svfix.archive.formats.detect`,
    ``name`` telling a text file's suffix); ``scan``: how PDFs and images are read
    (default: their text layer, no OCR). Returns the
    :class:`~svfix.archive.formats.DocumentResult`, the format and the rows (empty unless
    ``rows``: a report row holds its context, and a long damaged document has hundreds
    of thousands of changes).
    """
    from ..formats import detect, fix_document

    fmt = format_name or detect(data, name)
    result = fix_document(data, fmt, config, lexicon, encoding, scan)
    return result, fmt, report.rows(label, result.original, result.changes, result.where) if rows else []


def process_task(task: Task, settings: Settings) -> Outcome:
    """Repair one input and write its output; never raises for a bad input."""
    from ... import __version__
    from ..formats import document_text

    outcome = Outcome(task.index, task.label, "failed")
    if task.error is not None:
        outcome.error = task.error
        return outcome
    if _long_text_file(task, settings):
        streamed = _process_long_text(task, settings, outcome, __version__)
        if streamed is not None:
            return streamed
    try:
        data = task.data if task.source is None else read_bytes(Path(task.source))
        if data is None:
            raise SvfixError("no input: a task without a file carries its data")
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
        reported = settings.report or settings.html
        result, _, rows = repair(data, task.label, task.source or "", settings.format, settings.config,
                                   _lexicon(settings), settings.encoding, settings.scan, rows=reported)
        _keep_rows(task, rows)
        if task.target is not None:
            write_atomic(Path(task.target), result.output, durable=task.key is None)
        else:
            outcome.output = result.output
    except Exception as err:
        return _failed(outcome, task, err)
    outcome.status = "ok"
    outcome.words = sum(1 for _ in _WORD.finditer(result.original))
    outcome.changes = len(result.changes)
    outcome.encoding = result.encoding
    outcome.format = result.format  # the output's format (a PDF's is text)
    outcome.not_applied = result.not_applied
    outcome.rows = rows if settings.report else None
    if settings.html:
        outcome.section = report.render_document(task.label, result.text, rows, task.index, _info(result))
    if task.key is not None:
        outcome.entry = _entry(task, settings, digest, __version__, result.format, sha256(result.output),
                               len(result.changes))
    return outcome


def _long_text_file(task: Task, settings: Settings) -> bool:
    """Is the input a text file long enough to stream from disk to disk
    (:mod:`~svfix.archive.batch.stream`), into an output file, with no report rows asked for?"""
    from ..formats import detect
    from .stream import STREAM_BYTES

    if (task.source is None or task.target is None or settings.report or settings.html
            or settings.encoding not in (None, "utf-8") or settings.format not in (None, "txt")):
        return False
    try:
        if os.stat(task.source).st_size <= STREAM_BYTES:  # most inputs: not even opened here
            return False
        with open_regular(Path(task.source)) as handle:
            if os.fstat(handle.fileno()).st_size <= STREAM_BYTES:  # (swapped meanwhile)
                return False
            head = handle.read(65536)
        return settings.format == "txt" or detect(head, task.source) == "txt"
    except (OSError, SvfixError):
        return False  # the ordinary path says what is wrong


def _process_long_text(task: Task, settings: Settings, outcome: Outcome, version: str) -> Outcome | None:
    """:func:`process_task` for a long text file, streamed; None: it is no UTF-8 text."""
    from ..formats import document_text
    from .stream import NotStreamable, fix_text_file, sha256_of_file

    source, target = Path(task.source or ""), Path(task.target or "")
    try:
        if task.previous is not None and not settings.force:
            reused = _reuse(task, settings, sha256_of_file(source), version, document_text)
            if reused is not None:
                return reused
        done = fix_text_file(source, target, settings.config, _lexicon(settings), durable=task.key is None)
        _keep_rows(task, [])
    except NotStreamable:
        return None
    except Exception as err:
        return _failed(outcome, task, err)
    outcome.status = "ok"
    outcome.size = os.stat(source).st_size
    outcome.words, outcome.changes, outcome.encoding, outcome.format = done.words, done.changes, done.encoding, "txt"
    if task.key is not None:
        outcome.entry = _entry(task, settings, done.input_sha256, version, "txt", done.output_sha256, done.changes)
    return outcome


def _keep_rows(task: Task, rows: list) -> None:
    """Keep the output's report rows beside it, for a resumed run's report (none: no file)."""
    if task.sidecar is None:
        return
    sidecar = Path(task.sidecar)
    if rows:
        write_atomic(sidecar, "".join(report.dumps(row) + "\n" for row in rows).encode("utf-8"), durable=False)
    elif sidecar.exists():
        sidecar.unlink()


def _failed(outcome: Outcome, task: Task, err: Exception) -> Outcome:
    """``outcome`` failed by ``err``: an input's fault, the system's, or a bug (said so)."""
    if isinstance(err, SvfixError):
        outcome.error = str(err)
    elif isinstance(err, OSError):
        outcome.error = f"cannot write {readable(task.target or '')}: {err.strerror or err}"
        outcome.errno = err.errno
        outcome.fatal = err.errno in FATAL
    else:  # a bug must not stop the batch; say so and go on
        outcome.error = f"unexpected error ({type(err).__name__}: {err}); please report it"
    return outcome


def _entry(task: Task, settings: Settings, digest: str, version: str, format_name: str, output_digest: str,
           changes: int) -> dict:
    """The manifest's entry for a finished output."""
    return {
        "output": task.key, "input": task.label, "input_sha256": digest, "config_sha256": settings.digest,
        "svfix": version, "format": format_name, "output_sha256": output_digest, "status": "ok",
        "changes": changes,
    }


def _info(result) -> str:
    notes = []
    if result.format != "txt":
        notes.append(result.format)
    if result.encoding not in (None, "utf-8", "UTF-8"):
        notes.append(f"decoded as {result.encoding}")
    if result.not_applied:
        notes.append(f"{plural(result.not_applied, 'change')} not applied (they would change the geometry)")
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
