"""A batch from start to finish: the manifest, the workers, the report and the review
page, and a clean stop on Ctrl-C or SIGTERM."""
from __future__ import annotations

import dataclasses
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import report
from .files import Temporary, readable, sweep_temporary
from .manifest import CHANGES, FolderLock, Manifest
from .plan import Job, check_writes
from .progress import BatchSummary, Progress
from .runners import _outcomes, default_jobs
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
    lock = manifest = None
    if folder is not None:
        lock = FolderLock(folder)
        sweep_temporary(folder)
        manifest = Manifest(folder)
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
            self.report = Temporary(report_path)
        if html_path is not None:
            self.body = Temporary(html_path)
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
            assert self.html_path is not None  # the body exists only for a page
            final = Temporary(self.html_path)
            final.write(report.page_head("svfix review", self.version))
            final.write(report.page_failures(failures))
            self.body.handle.flush()
            with open(self.body.name, encoding="utf-8") as handle:
                while chunk := handle.read(1 << 20):
                    final.write(chunk)
            final.write(report.page_tail())
            self.body.finish(False)
            final.finish(True)
