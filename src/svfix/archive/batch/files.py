"""Reading inputs and writing outputs: clear errors, atomic writes, no half-written file."""
from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ...errors import DataError, InputError

#: The suffix of temporary files, swept by the next run when a run was killed.
TEMP_SUFFIX = ".svfix-tmp"


def readable(path: str | os.PathLike[str]) -> str:
    """``path`` as text that can be printed and stored as UTF-8: the bytes of a name
    that are not UTF-8 as ``\\xNN`` escapes.

    >>> readable(os.fsdecode(b"in/caf\\xe9.txt"))
    'in/caf\\\\xe9.txt'
    >>> readable("in/café.txt")
    'in/café.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file or a folder is, for messages."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "a special file"


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file, or InputError saying why not. A FIFO, socket or
    device is refused without waiting on it or reading it (opened without blocking,
    checked by ``fstat`` on the open file, so a file swapped in meanwhile is caught too)."""
    with open_regular(path) as handle:
        try:
            return handle.read()
        except OSError as err:
            raise InputError(f"{readable(path)} cannot be read: {err.strerror or err}") from None


def open_regular(path: Path) -> BinaryIO:
    """A regular file opened for reading in binary, or InputError saying why not (see
    :func:`read_bytes`)."""
    shown = readable(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(f"{shown} does not exist (any more); check the path") from None
    except IsADirectoryError:
        raise InputError(f"{shown} is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{shown} cannot be read (permission denied)") from None
    except OSError as err:
        raise InputError(f"{shown} cannot be read: {err.strerror or err}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{shown} is a folder, not a file")
        kind = special_kind(mode)
        if kind is not None:
            raise InputError(f"{shown} is {kind}, not a regular file; svfix reads regular files only")
        handle = os.fdopen(fd, "rb")
        fd = -1
        return handle
    except OSError as err:
        raise InputError(f"{shown} cannot be read: {err.strerror or err}") from None
    finally:
        if fd >= 0:
            os.close(fd)


def read_word_list(path: str | os.PathLike[str]) -> list[str]:
    """The words of a UTF-8 word list, one per line (``#`` starts a comment)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(f"cannot read the word list {path}: {err}") from err
    return [word for word in (line.split("#", 1)[0].strip() for line in lines) if word]


def _temporary_prefix(path: Path) -> str:
    """``.NAME.PID.``: the start of a temporary file's name for ``path`` (the name cut to
    fit the file system's limit, the process ID so that a later run can tell a dead
    run's temporaries from a live one's)."""
    name = os.fsdecode(os.fsencode(path.name)[:120])
    return f".{name}.{os.getpid()}."


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A killed process leaves the old file or the new one, never part of one. ``durable``
    also flushes the data to the disk before the rename (``fsync``), against power loss;
    a batch does without it, since a re-run checks every output against the manifest's
    hash and redoes any that did not survive. A file that is replaced keeps its mode,
    and its owner and group as far as this process may set them (root: always).
    """
    with atomic_writer(path, durable) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_writer(path: Path, durable: bool = True) -> Iterator[BinaryIO]:
    """A file to write ``path`` through piece by piece, atomically (:func:`write_atomic`):
    ``path`` is replaced when the block ends without an error, and left as it was if not."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        _take_over(tmp, path)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _take_over(tmp: str, path: Path) -> None:
    """Give the temporary file ``tmp`` the owner, group and mode of the file ``path`` it
    replaces (a new file: the mode the umask allows)."""
    try:
        existing = os.stat(path)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        return
    if hasattr(os, "chown"):
        for uid, gid in ((existing.st_uid, existing.st_gid), (-1, existing.st_gid)):
            try:
                os.chown(tmp, uid, gid)
                break
            except PermissionError:  # not root: keep what may be kept
                continue
    os.chmod(tmp, existing.st_mode & 0o7777)  # after chown, which may clear set-ID bits


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sweep_temporary(folder: Path) -> int:
    """Remove temporary files a killed run left in ``folder`` (the output folder, which
    the run has locked: every temporary in it is stale); return how many."""
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


def sweep_stale(path: Path) -> int:
    """Remove the temporary files of ``path`` (beside it, ``.NAME.PID.*.svfix-tmp``)
    left by runs whose process is gone: the report and the review page of a killed run,
    which live outside any locked folder. Return how many."""
    start = os.fsdecode(os.fsencode(path.name)[:120])
    removed = 0
    try:
        names = os.listdir(path.parent)
    except OSError:
        return 0
    for name in names:
        if not (name.startswith(f".{start}.") and name.endswith(TEMP_SUFFIX)):
            continue
        pid = name[len(start) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            try:
                os.unlink(path.parent / name)
                removed += 1
            except OSError:
                pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


class Temporary:
    """A text file written beside ``path`` and renamed onto it when finished."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.name = tempfile.mkstemp(prefix=_temporary_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
        self.handle = os.fdopen(fd, "w", encoding="utf-8")

    def write(self, text: str) -> None:
        self.handle.write(text)

    def finish(self, keep: bool) -> None:
        """Rename the file onto ``path`` (``keep``), or remove it; removed too when it
        cannot be finished (a full disk), and the error raised."""
        try:
            self.handle.close()
            if keep:
                _take_over(self.name, self.path)
                os.replace(self.name, self.path)
                return
        except BaseException:
            self._remove()
            raise
        self._remove()

    def _remove(self) -> None:
        try:
            os.unlink(self.name)
        except FileNotFoundError:
            pass
