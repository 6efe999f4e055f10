"""Where svfix's data lives, and how its files are read and written.

:func:`data_path` alone knows where the data is: inside the installed package
(``svfix/data``), or in a source checkout (``data/lexicon``); ``SVFIX_DATA`` overrides
both. The data is built by the scripts in ``scripts/`` and read without parsing, so
that start-up costs microseconds, not the seconds a million-word lexicon takes to parse:

* tries of strings (``*.marisa``): `marisa-trie <https://github.com/pytries/marisa-trie>`_
  files, memory-mapped; a key's id indexes the arrays that go with it;
* arrays of numbers (``*.u16``, ``*.u32``): raw little-endian unsigned integers,
  memory-mapped and read through a ``memoryview``;
* ``MANIFEST.json``: the format version (:data:`FORMAT_VERSION`, the one place it lives),
  the data version and each file's SHA-256, checked once when the data is first used.

:func:`verify` checks every file's digest (the tests and the build scripts do).
"""
from __future__ import annotations

import functools
import hashlib
import json
import mmap
import os
import sys
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from ..errors import DataError

#: The version of the data format this svfix reads (tries and arrays, MANIFEST.json).
FORMAT_VERSION = 2
MANIFEST = "MANIFEST.json"


def data_path(name: str = "") -> Path:
    """Where the data lives: the installed package, else the source checkout.

    ``SVFIX_DATA`` overrides both (for testing a freshly built lexicon).
    """
    override = os.environ.get("SVFIX_DATA")
    if override:
        return Path(override) / name
    packaged = resources.files("svfix") / "data"
    if packaged.is_dir():
        return Path(str(packaged)) / name
    checkout = Path(__file__).resolve().parents[3] / "data" / "lexicon"
    if checkout.is_dir():
        return checkout / name
    raise DataError(
        "svfix cannot find its data (data/lexicon in a checkout, svfix/data when installed); "
        "reinstall svfix, or set SVFIX_DATA to the folder"
    )


@functools.lru_cache(maxsize=1)
def manifest() -> dict[str, Any]:
    """The data's manifest, checked for the format version this svfix reads."""
    path = data_path(MANIFEST)
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read {path}: {err}; reinstall svfix or rebuild the data (scripts/)") from err
    if found.get("format_version") != FORMAT_VERSION:
        raise DataError(
            f"{path} describes data of format version {found.get('format_version')}, this svfix reads version "
            f"{FORMAT_VERSION}; reinstall svfix or rebuild the data with the scripts in scripts/"
        )
    return found


def _mapped(name: str) -> mmap.mmap:
    manifest()
    path = data_path(name)
    try:
        with open(path, "rb") as handle:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read the data file {path}: {err}; reinstall svfix or rebuild it (scripts/)") from err


def read_array(name: str, typecode: Literal["H", "I"]) -> memoryview:
    """The little-endian array ``name`` (typecode ``H`` or ``I``), memory-mapped."""
    if sys.byteorder != "little":  # pragma: no cover - every platform svfix ships for
        import array

        values = array.array(typecode, bytes(_mapped(name)))
        values.byteswap()
        return memoryview(values)
    data = _mapped(name)
    if len(data) % {"H": 2, "I": 4}[typecode]:
        raise DataError(f"the data file {data_path(name)} is cut short; reinstall svfix or rebuild it")
    return memoryview(data).cast(typecode)


def read_trie(name: str) -> Any:
    """The marisa trie ``name``, memory-mapped."""
    import marisa_trie

    manifest()
    path = data_path(name)
    trie = marisa_trie.Trie()
    try:
        trie.mmap(str(path))
    except Exception as err:  # marisa raises its own errors for missing or damaged files
        raise DataError(f"cannot read the data file {path}: {err}; reinstall svfix or rebuild it (scripts/)") from err
    return trie


def write_array(path: Path, typecode: str, values: Iterable[int]) -> None:
    """Write ``values`` as a little-endian array (the build scripts do)."""
    import array

    data = array.array(typecode, values)
    if sys.byteorder != "little":  # pragma: no cover
        data.byteswap()
    _write_atomic(path, data.tobytes())


def write_trie(path: Path, keys: Iterable[str]) -> Any:
    """Build the marisa trie of ``keys``, write it, and return it (ids follow from it)."""
    import marisa_trie

    trie = marisa_trie.Trie(keys)
    tmp = path.with_suffix(path.suffix + ".tmp")
    trie.save(str(tmp))
    os.replace(tmp, path)
    return trie


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify(folder: Path | None = None) -> dict[str, object]:
    """Check the data files against ``MANIFEST.json``; return the manifest.

    Raises :class:`DataError` naming the first file that is missing or differs.
    """
    folder = folder or data_path()
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read {folder / MANIFEST}: {err}") from err
    for name, entry in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            raise DataError(f"the data file {path} is missing; reinstall svfix")
        if sha256_of(path) != entry["sha256"]:
            raise DataError(f"the data file {path} differs from the manifest; reinstall svfix or rebuild it")
    return manifest


#: The suffixes of data files (everything else in the folder is documentation).
DATA_SUFFIXES = (".marisa", ".u16", ".u32", ".json")


def write_manifest(folder: Path) -> Path:
    """Write ``MANIFEST.json`` for the data files in ``folder`` (the build scripts do);
    the data version is a digest of the files' digests."""
    files: dict[str, dict[str, object]] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix in DATA_SUFFIXES and path.name != MANIFEST:
            files[path.name] = {"sha256": sha256_of(path), "bytes": path.stat().st_size}
    target = folder / MANIFEST
    version = hashlib.sha256("".join(str(entry["sha256"]) for entry in files.values()).encode()).hexdigest()[:12]
    document = {"format_version": FORMAT_VERSION, "data_version": version, "files": files}
    target.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    return target
