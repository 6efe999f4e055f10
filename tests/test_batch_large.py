"""Batches of 2,000 files cut from committed official prose (slow): killed and resumed, and
bad inputs among good ones."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from batchdata import make_batch
from support import DATA, manifest, svfix_command, tree

pytestmark = [
    pytest.mark.slow,
]

COUNT = 2000


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big") / "in"
    paths = make_batch(folder, COUNT)
    assert len(paths) == COUNT
    return folder


def start(*args: str) -> subprocess.Popen:
    """The real command in its own process group (so that the whole group can be killed)."""
    return subprocess.Popen([*svfix_command(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def count_outputs(folder: Path) -> int:
    return sum(1 for p in folder.rglob("doc*.txt")) if folder.exists() else 0


def test_killed_batch_resumes_with_complete_outputs(big, tmp_path):
    out = tmp_path / "out"
    command = ["fix", str(big), "-o", str(out), "--jobs", "2", "--report", str(tmp_path / "changes.jsonl")]
    process = start(*command)
    deadline = time.monotonic() + 120
    while count_outputs(out) < 300 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the batch finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)  # the main process and its workers, at once
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    after_kill = tree(out)
    assert 300 <= len(after_kill) < COUNT
    finished = {e["output"] for e in _entries(out)}
    assert finished and len(finished) <= len(after_kill)

    assert not (tmp_path / "changes.jsonl").exists()  # a report is written whole, at the end, or not at all
    result = subprocess.run([*svfix_command(), *command], capture_output=True, timeout=300)  # the same command again
    err = result.stderr.decode("utf-8")
    assert result.returncode == 0, err
    final = tree(out)
    assert len(final) == COUNT
    # the second run skipped what the first finished, and redid nothing twice
    skipped = int(err.split(" already done")[0].rsplit(", ", 1)[-1].replace(",", ""))
    assert skipped >= len(finished), err
    # no output was truncated: every file that existed after the kill is the final file
    assert all(final[name] == data for name, data in after_kill.items())
    # every output matches its manifest entry; one entry per output, no temporary files left
    entries = manifest(out)
    assert len(entries) == COUNT == len({e["output"] for e in entries})
    for entry in entries:
        assert hashlib.sha256(final[entry["output"]]).hexdigest() == entry["output_sha256"]
    assert not list(out.rglob("*.svfix-tmp"))
    # every output is whole: it ends as its input does, with a line break
    assert all(data.endswith(b"\n") for data in final.values())
    # the report lists every file's changes once, skipped files included
    rows = [json.loads(line) for line in (tmp_path / "changes.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == sum(e["changes"] for e in entries)
    assert len({(r["file"], r["start"]) for r in rows}) == len(rows)


def _entries(folder: Path) -> list[dict]:
    entries = []
    for line in (folder / ".svfix-manifest.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            entries.append(json.loads(line))
        except ValueError:  # a line cut short by the kill
            pass
    return entries


def test_bad_inputs_among_2000_good_ones(big, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "invalid-utf8.txt").write_bytes("Förslag för ".encode() + b"\x81\x8d\x8f\x90\x9d" + " beslut".encode())
    (bad / "latin1.txt").write_bytes("Förslag till beslut för kommunfullmäktige\n".encode("cp1252"))
    (bad / "empty.txt").write_bytes(b"")
    (bad / "malformed.xml").write_bytes(b'<?xml version="1.0"?>\n<PcGts xmlns="http://schema.primaresearch.org/'
                                        b'PAGE/gts/pagecontent/2019-07-15"><Page></PcGts>\n')
    (bad / "external-entity.xml").write_bytes(
        b'<?xml version="1.0"?>\n<!DOCTYPE alto [\n  <!ENTITY passwd SYSTEM "file:///etc/passwd">\n]>\n'
        b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page><PrintSpace><TextBlock><TextLine>'
        b'<String CONTENT="&passwd;"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>\n')
    clean = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((DATA / "clean").glob("*.txt")))
    big_text = (clean * (50_000_000 // len(clean.encode("utf-8")) + 1)).encode("utf-8")[:50_000_000]
    (bad / "large-50MB.txt").write_bytes(big_text.decode("utf-8", "ignore").encode("utf-8"))
    late = tmp_path / "late"  # the last input: read after everything else
    late.mkdir()
    vanishing = late / "zz-vanishes.txt"
    vanishing.write_text("Forslag for kommunfullmaktige\n", encoding="utf-8")

    out = tmp_path / "out"
    # the bad files first, so that the 50 MB file runs beside the 2,000 small ones
    process = start("fix", str(bad), str(big), str(late), "-o", str(out), "--jobs", "2")
    deadline = time.monotonic() + 120
    while count_outputs(out) < 100 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    vanishing.unlink()  # gone before its turn: the files are taken in order and it is the last
    _, stderr = process.communicate(timeout=600)
    err = stderr.decode("utf-8")
    assert process.returncode == 1, err
    errors = {line.split(": ", 2)[1]: line for line in err.splitlines() if line.startswith("svfix error: /")}
    assert set(errors) == {str(bad / n) for n in ("binary.txt", "invalid-utf8.txt", "malformed.xml",
                                                  "external-entity.xml")} | {str(vanishing)}, err
    assert "binary input" in errors[str(bad / "binary.txt")]
    assert "undecodable input: byte 0x81" in errors[str(bad / "invalid-utf8.txt")]
    assert "malformed XML (line" in errors[str(bad / "malformed.xml")]
    assert "declares entities" in errors[str(bad / "external-entity.xml")]
    assert "does not exist (any more)" in errors[str(vanishing)]
    assert f"5 of {COUNT + 8:,} inputs failed" in err
    # the rest succeeded
    outputs = tree(out)
    assert sum(1 for name in outputs if name.startswith("d")) == COUNT
    assert outputs["empty.txt"] == b""
    assert outputs["latin1.txt"].decode("utf-8") == "Förslag till beslut för kommunfullmäktige\n"
    assert len(outputs["large-50MB.txt"]) >= 49_000_000
    assert b"root:" not in b"".join(outputs.values())
    statuses = [e["status"] for e in manifest(out)]
    assert statuses.count("ok") == COUNT + 3 and statuses.count("failed") == 5
