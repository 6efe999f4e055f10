"""An output folder's memory: the manifest of finished outputs, and the lock that lets
one run at a time write there."""
from __future__ import annotations

import json
import time
from pathlib import Path

from ...errors import InputError
from .files import write_atomic

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


class FolderLock:
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
