"""Reading inputs and writing outputs: clear errors, atomic writes, no half-written file."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from ...errors import DataError, InputError

#: The suffix of temporary files, swept by the next run when a run was killed.
TEMP_SUFFIX = ".svfix-tmp"


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

class Temporary:
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
