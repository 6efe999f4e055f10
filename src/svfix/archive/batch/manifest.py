"""An output folder's memory: the manifest of finished outputs, and the lock that lets
one run at a time write there."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from ...errors import InputError
from .files import readable, write_atomic

#: The manifest of an output folder, the folder of per-output change lists, the lock.
MANIFEST = ".svfix-manifest.jsonl"
CHANGES = ".svfix-changes"
LOCK = ".svfix-lock"


class Manifest:
    """``OUT/.svfix-manifest.jsonl``: the latest entry per output wins; a line cut short
    by a kill is ignored."""

    def __init__(self, folder: Path):
        self.path = folder / MANIFEST
        self.entries: dict[str, dict] = {}
        if self.path.is_dir():
            raise InputError(f"{readable(self.path)} is a folder, where svfix keeps the output folder's manifest; "
                             "move it away or choose another -o")
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


#: The descriptors of the locks this process holds: closed in every child it forks, so
#: that a worker never holds its parent's lock (an flock belongs to the open file, which
#: a forked child shares; a worker outliving a killed parent would keep the folder locked).
_HELD: set[int] = set()


def _close_held_in_child() -> None:
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_held_in_child)


class FolderLock:
    """One run at a time per output folder: an advisory lock (``flock``) on
    ``OUT/.svfix-lock``, which holds the owner's process ID.

    The operating system drops the lock when its owner ends, however it ends (a
    ``kill -9`` too), and forked children never hold it, so a run killed any way is
    taken over by the next with no manual step.
    """

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOCK
        self.handle = open(path, "a+")
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            return
        try:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.handle.seek(0)
            owner = self.handle.read().strip()
            self.handle.close()
            who = f" (process {owner})" if owner.isdigit() else ""
            raise InputError(f"another svfix run{who} is writing to {readable(folder)}; wait for it or choose another -o") \
                from None
        _HELD.add(self.handle.fileno())
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"{os.getpid()}\n")
        self.handle.flush()

    def release(self) -> None:
        if not self.handle.closed:
            _HELD.discard(self.handle.fileno())
            self.handle.close()
