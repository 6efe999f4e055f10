"""Stopping a batch on Ctrl-C or SIGTERM at a safe point, whatever the moment.

Python raises KeyboardInterrupt wherever the main thread happens to be when SIGINT
arrives. Inside ``concurrent.futures`` that can be while a lock is held (a future's
condition in ``wait()``, the pool's shutdown lock in ``submit()``); the lock then stays
held and stopping the pool, or the interpreter's exit, waits on it for ever. A second
Ctrl-C arriving while the first one's clean-up runs would cut that clean-up short.

So during a batch the signals only record that a stop was asked (:class:`Stopper`),
and the loops look at the record where nothing is held: between results, and every
fraction of a second while waiting for one. Work done in this process (``--jobs 1``)
is the exception: there a Ctrl-C interrupts at once (:meth:`Stopper.interruptible`), so
that a long file does not make the user wait; every signal after the first is only
recorded, so the clean-up always runs to its end.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: How often (seconds) a loop waiting for results looks whether a stop was asked.
POLL_SECONDS = 0.2

#: Set when this process was asked to stop (by any :class:`Stopper`, or
#: :func:`interrupt_once`): from then on the process only winds down.
STOPPING = threading.Event()


def interrupt_once(signum, frame) -> None:
    """A SIGINT/SIGTERM handler for a command: the first signal raises
    KeyboardInterrupt, every later one is ignored while the command winds down (an
    impatient second Ctrl-C must not cut its clean-up short)."""
    if STOPPING.is_set():
        return
    STOPPING.set()
    raise KeyboardInterrupt


def install_interrupt_once() -> None:
    """Make :func:`interrupt_once` handle SIGINT and SIGTERM (from the main thread)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, interrupt_once)
        signal.signal(signal.SIGTERM, interrupt_once)


class Stopper:
    """Records SIGINT and SIGTERM during a batch (installed from the main thread only)."""

    def __init__(self) -> None:
        self.requested: int | None = None  # the first signal received
        self._immediate = False  # raise at once (work in this process), else only record
        self._previous: dict[int, object] = {}

    def install(self) -> "Stopper":
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def restore(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        self._previous.clear()

    def _handle(self, signum, frame) -> None:
        first = self.requested is None
        STOPPING.set()
        if first:
            self.requested = signum
        if first and self._immediate:
            self._immediate = False
            raise KeyboardInterrupt

    def check(self) -> None:
        """Raise KeyboardInterrupt when a stop was asked (call where no lock is held)."""
        if self.requested is not None:
            raise KeyboardInterrupt

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        """Work during which a first signal raises KeyboardInterrupt at once."""
        self.check()
        self._immediate = True
        try:
            yield
        finally:
            self._immediate = False


class NoStopper(Stopper):
    """For callers of the runners that handle signals themselves: records nothing."""

    def install(self) -> "Stopper":
        return self


def ignore_stop_signals() -> None:
    """Ignore SIGINT and SIGTERM from now on (a command that is winding down). Unlike a
    Python handler, SIG_IGN survives the interpreter's finalisation, which resets Python
    handlers to the default: a late Ctrl-C would otherwise kill the exiting process."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
