"""A long text file streams from disk to disk (svfix.archive.batch.stream): the output is
the one ``svfix.fix`` gives, byte for byte, and a file that is not UTF-8 takes the
ordinary path."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from support import DATA, manifest, svfix_command

import svfix
from svfix import pipeline
from svfix.archive.batch import stream
from svfix.archive.batch.work import Settings, Task, process_task
from svfix.evaluation.noise import Noise


def damaged_text(characters: int) -> str:
    """Committed official prose, damaged differently paragraph by paragraph (stripped,
    OCR confusions, hard-wrapped), about ``characters`` long."""
    prose = (DATA / "corpus" / "official.txt").read_text(encoding="utf-8")
    kinds = [Noise(strip=1.0), Noise(strip=0.3, confusion_scale=1.0), Noise(wrap_width=72), Noise()]
    pieces, size, seed = [], 0, 0
    while size < characters:
        piece = kinds[seed % len(kinds)].apply(prose, seed=seed)
        pieces.append(piece)
        size += len(piece) + 2
        seed += 1
    return "\n\n".join(pieces)[:characters]


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 3,000 characters, so that a text of a few pages streams in many."""
    monkeypatch.setattr(pipeline, "STREAM_BLOCK", 3_000)
    monkeypatch.setattr(stream, "STREAM_BYTES", 12_000)


def run_task(source: Path, target: Path) -> dict:
    outcome = process_task(Task(0, source.name, str(source), str(target), key=target.name), Settings())
    assert outcome.status == "ok", outcome.error
    return {"entry": outcome.entry, "words": outcome.words, "changes": outcome.changes, "encoding": outcome.encoding}


@pytest.mark.parametrize("size", [100, 2_999, 3_001, 10_000, 70_000])
def test_fix_stream_gives_what_fix_gives_in_pieces_of_any_size(small_blocks, size):
    text = damaged_text(size)
    for piece_size in (1_000, 4_096, 100_000):
        def pieces():
            return (text[i:i + piece_size] for i in range(0, len(text), piece_size))

        fixed = list(svfix.fix_stream(pieces, explain=True))
        assert "".join(piece for piece, _ in fixed) == svfix.fix(text)
        assert [c for _, changes in fixed for c in changes] == list(svfix.fix_and_explain(text).changes)


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_a_streamed_file_is_fixed_as_the_whole_text_is(tmp_path, small_blocks, monkeypatch, line_end):
    text = "\ufeff" + damaged_text(60_000).replace("\n", line_end)
    source = tmp_path / "long.txt"
    source.write_bytes(text.encode("utf-8"))
    read = []
    original = stream._Reading.pieces
    monkeypatch.setattr(stream._Reading, "pieces", lambda self: read.append(1) or original(self))
    done = run_task(source, tmp_path / "out.txt")
    assert len(read) == 2  # the streamed path: one pass to count, one to fix
    expected = svfix.fix_and_explain(text.removeprefix("\ufeff"))
    assert (tmp_path / "out.txt").read_bytes() == expected.text.encode("utf-8")
    assert done["changes"] == len(expected.changes) > 100
    assert done["words"] == len(text.split())
    assert done["encoding"] == "utf-8-sig"
    assert done["entry"]["input_sha256"] == svfix.archive.batch.files.sha256(source.read_bytes())


def test_a_long_file_that_is_not_utf8_is_read_whole(tmp_path, small_blocks):
    text = damaged_text(30_000)
    source = tmp_path / "legacy.txt"
    source.write_bytes(text.encode("cp1252", "replace"))
    done = run_task(source, tmp_path / "out.txt")
    expected = svfix.fix_bytes(source.read_bytes())
    assert done["encoding"] == "cp1252"
    assert (tmp_path / "out.txt").read_bytes() == expected.text.encode("utf-8")


def test_a_long_file_streams_through_the_command(tmp_path):
    """The real command on a text above stream.STREAM_BYTES: the output file and the
    manifest as for any file, the output that of svfix.fix."""
    text = damaged_text(stream.STREAM_BYTES // 2 + 20_000)
    data = text.encode("utf-8")
    while len(data) <= stream.STREAM_BYTES:
        text += "\n\n" + text[:100_000]
        data = text.encode("utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_bytes(data)
    done = subprocess.run([*svfix_command(), "fix", str(tmp_path / "in"), "-o", str(tmp_path / "out")],
                          capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    assert (tmp_path / "out" / "long.txt").read_bytes() == svfix.fix(text).encode("utf-8")
    entry, = manifest(tmp_path / "out")
    assert entry["status"] == "ok" and entry["changes"] > 1000
    assert json.loads(json.dumps(entry))["input_sha256"] == svfix.archive.batch.files.sha256(data)
