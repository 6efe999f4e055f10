"""A batch from start to finish: the manifest, the workers, the report and the review
page, and a clean stop on Ctrl-C or SIGTERM."""
from __future__ import annotations

import dataclasses
import errno
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ...errors import SvfixError
from .. import report
from .files import Temporary, readable, sweep_stale, sweep_temporary
from .manifest import CHANGES, FolderLock, Manifest
from .plan import Job, check_writes
from .progress import BatchSummary, Progress
from .runners import _outcomes, default_jobs
from .stop import Stopper
from .work import Outcome, Settings, Task


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
    from ... import __version__

    stderr = stderr or sys.stderr
    stdout = stdout or sys.stdout
    workers = workers or default_jobs()
    settings = dataclasses.replace(settings, report=report_path is not None, html=html_path is not None)
    summary = BatchSummary(total=len(jobs))
    check_writes(jobs, {"--report": report_path, "--html": html_path})
    lock = manifest = writer = None
    try:
        if folder is not None:
            lock = FolderLock(folder)
            sweep_temporary(folder)
            manifest = Manifest(folder)
        for path in (report_path, html_path):
            if path is not None:
                sweep_stale(path)  # the report and page temporaries of a killed run
        writer = _ReviewWriter(report_path, html_path, __version__)
    except OSError as err:
        _release(lock, manifest, writer)
        where = f"to the output folder {readable(folder)}" if folder is not None and manifest is None else \
            "the report or review page"
        raise write_failure(err, where) from None
    except BaseException:
        _release(lock, manifest, writer)
        raise
    tasks, sizes = _tasks(jobs, folder, manifest)
    bar = Progress(len(tasks), sum(sizes), stderr, progress)
    started = time.monotonic()
    stop = Stopper().install()
    completed = False
    trouble: list[BaseException] = []  # of the clean-up, raised when nothing else is
    results = _outcomes(tasks, settings, workers, dask, sizes, stop)
    try:
        for outcome in results:
            if outcome.status == "failed":
                if outcome.fatal:  # no output can be written (a full disk): stop here
                    raise SvfixError(f"{outcome.label}: {outcome.error}; the batch was stopped: "
                                     f"{hint(outcome.errno)}")
                summary.failures.append((outcome.label, outcome.error))
                bar.say(f"svfix error: {outcome.label}: {outcome.error}")
                key = tasks[outcome.index].key
                if manifest is not None and key is not None:  # recorded, and retried by the next run
                    _record(manifest, {"output": key, "input": outcome.label, "svfix": __version__,
                                       "status": "failed", "error": outcome.error})
            else:
                if outcome.status == "skipped":
                    summary.skipped += 1
                else:
                    if outcome.changes:
                        summary.repaired += 1
                    else:
                        summary.unchanged += 1
                    if manifest is not None and outcome.entry is not None:
                        _record(manifest, outcome.entry)
                    summary.changes += outcome.changes  # made in this run, like the counts above
                summary.words += outcome.words
                if outcome.output is not None:
                    stdout.buffer.write(outcome.output)
                    stdout.buffer.flush()
            try:
                writer.add(outcome)
            except OSError as err:
                raise write_failure(err, "the report or review page") from None
            bar.update(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
            stop.check()
        completed = True
    except KeyboardInterrupt:
        summary.interrupted = True
        raise
    finally:
        # Signals only mark a stop from here on (see stop.py): the clean-up runs to its end,
        # each step even when one before it failed.
        results.close()  # stops the workers of an interrupted run before the sweep below
        bar.close()
        summary.seconds = time.monotonic() - started
        _each(trouble, lambda: writer.close(completed, summary.failures), "the report or review page")
        if manifest is not None:
            _each(trouble, lambda: manifest.close(compact=completed), f"the manifest {readable(manifest.path)}")
        if folder is not None:
            sweep_temporary(folder)
        if lock is not None:
            lock.release()
        stop.restore()
    if trouble:
        raise trouble[0]
    return summary


def _tasks(jobs: Sequence[Job], folder: Path | None, manifest: Manifest | None) -> tuple[list[Task], list[int]]:
    """The task of each job (with its manifest key and previous entry) and its size."""
    sizes = []
    tasks = []
    for index, job in enumerate(jobs):
        key = sidecar = previous = None
        if job.error is not None:
            tasks.append(Task(index, job.label, None, None, error=job.error))
            sizes.append(0)
            continue
        if folder is not None and job.target is not None:
            relative = job.target.relative_to(folder)
            key = readable(relative.as_posix())  # the manifest is UTF-8: a name's bad bytes as \xNN
            sidecar = str(folder / CHANGES / relative.parent / (relative.name + ".jsonl"))
            previous = manifest.entries.get(key) if manifest else None
        data = sys.stdin.buffer.read() if job.source is None else None
        tasks.append(Task(index, job.label, None if job.source is None else str(job.source),
                          None if job.target is None else str(job.target), key, sidecar, previous, data))
        try:
            sizes.append(len(data) if data is not None else job.source.stat().st_size if job.source else 0)
        except OSError:
            sizes.append(0)
    return tasks, sizes


def hint(number: int | None) -> str:
    """What to do after an error of the system (an ``errno``) writing a batch."""
    if number in (errno.ENOSPC, errno.EDQUOT):
        return "free some space and run the same command again to resume"
    if number == errno.EROFS:
        return "the file system is read-only; choose another place, then run the command again"
    if number in (errno.EACCES, errno.EPERM):
        return "make it writable or choose another place, then run the command again"
    return "fix that and run the same command again to resume"


def write_failure(err: OSError, what: str) -> SvfixError:
    """An error of the system writing ``what``, as an error the command reports."""
    return SvfixError(f"cannot write {what}: {err.strerror or err}; {hint(err.errno)}")


def _record(manifest: Manifest, entry: dict) -> None:
    try:
        manifest.add(entry)
    except OSError as err:
        raise write_failure(err, f"the manifest {readable(manifest.path)}") from None


def _each(trouble: list[BaseException], step: Callable[[], None], what: str) -> None:
    """Run a clean-up step; keep its error (the first one is raised after the clean-up)."""
    try:
        step()
    except OSError as err:
        trouble.append(write_failure(err, what))
    except Exception as err:
        trouble.append(err)


def _release(lock: FolderLock | None, manifest: Manifest | None, writer: _ReviewWriter | None) -> None:
    """Undo a start that failed half way."""
    steps: list[Callable[[], None]] = []
    if writer is not None:
        steps.append(lambda: writer.close(False, ()))
    if manifest is not None:
        steps.append(lambda: manifest.close(compact=False))
    if lock is not None:
        steps.append(lock.release)
    for step in steps:
        try:
            step()
        except Exception:
            pass


class _ReviewWriter:
    """Writes the report and the review page in input order, whatever order results
    arrive in, to temporary files renamed into place when the run finishes."""

    def __init__(self, report_path: Path | None, html_path: Path | None, version: str):
        self.report_path, self.html_path = report_path, html_path
        self.waiting: dict[int, Outcome] = {}
        self.next = 0
        self.report = self.body = None
        self.version = version
        try:
            if report_path is not None:
                self.report = Temporary(report_path)
            if html_path is not None:
                self.body = Temporary(html_path)
        except BaseException:
            self.close(False, ())
            raise

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
        """Put the report and the page in place (``completed``) or remove them; every
        temporary file is gone afterwards, even when one of them cannot be written."""
        problems: list[OSError] = []
        if self.report is not None:
            try:
                self.report.finish(completed)
            except OSError as err:
                problems.append(err)
        if self.body is not None:
            try:
                if completed:
                    self._write_page(failures)
            except OSError as err:
                problems.append(err)
            finally:
                try:
                    self.body.finish(False)
                except OSError:
                    pass
        if problems:
            raise problems[0]

    def _write_page(self, failures: Sequence[tuple[str, str]]) -> None:
        assert self.html_path is not None and self.body is not None  # the body exists only for a page
        final = Temporary(self.html_path)
        try:
            final.write(report.page_head("svfix review", self.version))
            final.write(report.page_failures(failures))
            self.body.handle.flush()
            with open(self.body.name, encoding="utf-8") as handle:
                while chunk := handle.read(1 << 20):
                    final.write(chunk)
            final.write(report.page_tail())
        except BaseException:
            final.finish(False)
            raise
        final.finish(True)
