"""A long plain-text file fixed from disk to disk, a piece at a time: memory holds one
block's work and the document's vocabulary, never the document.

``svfix fix`` takes this path for a UTF-8 text file of more than :data:`STREAM_BYTES`
when no report or review page is asked for (they list every change with its context).
The file is read twice by :func:`svfix.fix_stream`: once to count its words (the
profiles are the whole document's), once to fix and write it; the output is the one
``svfix.fix`` gives, byte for byte. A file that is not UTF-8 (a code page, UTF-16) is
left to the ordinary path, which finds its encoding from all of its bytes.
"""
from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ... import fix_stream
from ...config import Config
from ...errors import InputError
from .files import atomic_writer, open_regular, readable

#: A text file longer than this (bytes) streams; a shorter one is read whole.
STREAM_BYTES = 2_000_000
#: Bytes read at a time.
READ_BYTES = 1 << 20


class NotStreamable(Exception):
    """The file is no UTF-8 text: the ordinary path reads it whole."""


@dataclass(frozen=True)
class Streamed:
    input_sha256: str
    output_sha256: str
    words: int
    changes: int
    encoding: str


def fix_text_file(source: Path, target: Path, config: Config, lexicon, durable: bool = True) -> Streamed:
    """Fix the UTF-8 text file ``source`` into ``target`` (atomically), a piece at a time
    (:func:`svfix.fix_stream`).

    Raises :class:`NotStreamable` before anything is written when ``source`` is not
    UTF-8 text, and :class:`~svfix.errors.InputError` when it changes while it is read.
    """
    readings: list[_Reading] = []

    def pieces() -> Iterator[str]:
        readings.append(_Reading(source))
        return readings[-1].pieces()

    changes = 0
    output = hashlib.sha256()
    with atomic_writer(target, durable) as handle:
        for piece, piece_changes in fix_stream(pieces, config, lexicon, explain=True):
            data = piece.encode("utf-8")
            handle.write(data)
            output.update(data)
            changes += len(piece_changes)
        first = readings[0]
        if any(reading.digest != first.digest for reading in readings):
            raise InputError(f"{readable(source)} changed while svfix read it; run again when it is complete")
    return Streamed(first.digest, output.hexdigest(), first.words, changes, first.encoding)


def sha256_of_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, read a piece at a time."""
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        while data := handle.read(READ_BYTES):
            digest.update(data)
    return digest.hexdigest()


class _Reading:
    """One pass over a UTF-8 file: its text in pieces, its digest and word count."""

    def __init__(self, path: Path):
        self.path = path
        self.digest = ""
        self.words = 0
        self.encoding = "utf-8"

    def pieces(self) -> Iterator[str]:
        digest = hashlib.sha256()
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        words = _Words()
        with open_regular(self.path) as handle:
            first = True
            while True:
                data = handle.read(READ_BYTES)
                digest.update(data)
                if first and data.startswith(codecs.BOM_UTF8):
                    self.encoding = "utf-8-sig"
                    data = data[len(codecs.BOM_UTF8):]
                first = False
                if b"\x00" in data:
                    raise NotStreamable("NUL bytes")
                try:
                    piece = decoder.decode(data, final=not data)
                except UnicodeDecodeError as err:
                    raise NotStreamable(str(err)) from None
                words.add(piece)
                yield piece
                if not data:
                    break
        self.digest, self.words = digest.hexdigest(), words.count


class _Words:
    """Words counted over a text that comes in pieces (a word may span two)."""

    def __init__(self) -> None:
        self.count = 0
        self._inside = False  # the last piece ended inside a word

    def add(self, piece: str) -> None:
        if not piece:
            return
        self.count += len(piece.split()) - (self._inside and not piece[0].isspace())
        self._inside = not piece[-1].isspace()
