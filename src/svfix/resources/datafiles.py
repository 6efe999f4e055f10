"""Where svfix's data lives, and how its versioned files are read.

:func:`data_path` alone knows where the data is: inside the installed package
(``svfix/data``), or in a source checkout (``data/lexicon``); ``SVFIX_DATA`` overrides
both. Every file is gzipped UTF-8 text: a header line ``MAGIC VERSION``, an optional
line of JSON metadata, then sections, each ``## name count`` and ``count`` lines.
:data:`FORMATS` gives the version this svfix reads of each kind of file: the one place
a format version lives (the build scripts write what it says).

``MANIFEST.json`` beside the files names the data version and each file's SHA-256;
:func:`verify` checks the files against it (the tests and the build scripts do).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
from importlib import resources
from pathlib import Path

from ..errors import DataError

#: The format version this svfix reads, per kind of data file (the header's magic).
FORMATS: dict[str, int] = {
    "svfix-lexicon": 1,
    "svfix-english": 1,
    "svfix-bigrams": 1,
}
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


def read_sections(path: Path, magic: str) -> tuple[dict[str, object], dict[str, list[str]]]:
    """Read a versioned, sectioned data file: header, metadata, ``## name count`` blocks."""
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as err:
        raise DataError(f"cannot read the data file {path}: {err}; reinstall svfix or rebuild it (scripts/)") from err
    header, _, rest = text.partition("\n")
    parts = header.split()
    if len(parts) != 2 or parts[0] != magic:
        raise DataError(f"{path} is not a {magic} file (header {header[:40]!r})")
    if parts[1] != str(FORMATS[magic]):
        raise DataError(
            f"{path} has format version {parts[1]}, this svfix reads version {FORMATS[magic]}; "
            "reinstall svfix or rebuild the data with the scripts in scripts/"
        )
    meta: dict[str, object] = {}
    if not rest.startswith("## "):
        meta_line, _, rest = rest.partition("\n")
        meta = json.loads(meta_line)
    lines = rest.split("\n")
    sections: dict[str, list[str]] = {}
    i = 0
    while i < len(lines) and lines[i].startswith("## "):
        _, name, count = lines[i].split()
        n = int(count)
        sections[name] = lines[i + 1:i + 1 + n]
        if len(sections[name]) != n:
            raise DataError(f"{path} is truncated in section {name!r}; rebuild it")
        i += 1 + n
    return meta, sections


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


def write_manifest(folder: Path) -> Path:
    """Write ``MANIFEST.json`` for the data files in ``folder`` (the build scripts do);
    the data version is a digest of the files' digests."""
    files: dict[str, dict[str, object]] = {}
    for path in sorted(folder.glob("*.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            magic, _, format_version = handle.readline().strip().partition(" ")
        files[path.name] = {"sha256": sha256_of(path), "format": magic, "format_version": int(format_version)}
    target = folder / MANIFEST
    version = hashlib.sha256("".join(str(entry["sha256"]) for entry in files.values()).encode()).hexdigest()[:12]
    target.write_text(json.dumps({"data_version": version, "files": files}, indent=1) + "\n", encoding="utf-8")
    return target
