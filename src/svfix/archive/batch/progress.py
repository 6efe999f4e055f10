"""What a batch tells its user: the progress bar and the closing summary."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..wording import plural
from .work import Outcome


@dataclass
class BatchSummary:
    total: int = 0
    repaired: int = 0  # done in this run, with at least one change
    unchanged: int = 0  # done in this run, nothing to change
    skipped: int = 0  # finished in an earlier run
    failures: list[tuple[str, str]] = field(default_factory=list)
    changes: int = 0  # made in this run
    words: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def done(self) -> int:
        """Inputs done in this run, repaired or unchanged."""
        return self.repaired + self.unchanged


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


def describe(summary: BatchSummary) -> str:
    """The closing line of a batch: repaired (changed) and unchanged inputs apart.

    >>> describe(BatchSummary(total=6, repaired=4, unchanged=2, changes=1, seconds=2.0, words=500))
    'svfix: 6 files: 4 repaired, 2 unchanged; 1 change in 2.0 s, 250 words/s'
    """
    parts = [f"{summary.repaired:,} repaired"]
    if summary.unchanged:
        parts.append(f"{summary.unchanged:,} unchanged")
    if summary.skipped:
        parts.append(f"{summary.skipped:,} already done")
    if summary.failures:
        parts.append(f"{len(summary.failures):,} failed")
    rate = f", {summary.words / summary.seconds:,.0f} words/s" if summary.seconds > 0 and summary.words else ""
    return (f"svfix: {plural(summary.total, 'file')}: {', '.join(parts)}; {plural(summary.changes, 'change')} "
            f"in {summary.seconds:.1f} s{rate}")
