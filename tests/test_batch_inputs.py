"""What a batch is given: every input attempted, nothing written over an input, file
names as bytes, hostile trees (FIFOs, devices, links, unreadable folders), folders with
nothing to read. All through the real command on real files."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support import manifest, run, tree, unprivileged


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def errors(result) -> list[str]:
    return [line for line in result.stderr.decode("utf-8").splitlines() if line.startswith("svfix error:")]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- outputs never land on an input


def test_an_output_folder_holding_the_input_folder_is_refused(tmp_path):
    """``svfix fix in/sub -o in`` would write in/sub/sub/c.txt's output over in/sub/c.txt."""
    src = tmp_path / "in"
    write(src / "sub" / "c.txt", "Forslag for kommunfullmaktige\n")
    write(src / "sub" / "sub" / "c.txt", "Arendet ar klart\n")
    before = snapshot(src)
    result = run("fix", str(src / "sub"), "-o", str(src))
    assert result.returncode != 0
    (line,) = errors(result)
    assert str(src / "sub" / "c.txt") in line and "is an input" in line, line
    assert "Traceback" not in result.stderr.decode()
    assert snapshot(src) == before


@pytest.mark.parametrize("option", ["--report", "--html"])
def test_a_report_or_page_over_an_input_is_refused(tmp_path, option):
    src = tmp_path / "in"
    a = write(src / "a.txt", "Forslag for kommunfullmaktige\n")
    write(src / "b.txt", "Arendet ar klart\n")
    before = snapshot(src)
    result = run("fix", str(src), "-o", str(tmp_path / "out"), option, str(a))
    assert result.returncode != 0
    (line,) = errors(result)
    assert str(a) in line and "is an input" in line and option in line, line
    assert snapshot(src) == before
    assert not (tmp_path / "out").exists()


def test_a_report_over_an_output_or_the_page_is_refused(tmp_path):
    src = tmp_path / "in"
    write(src / "a.txt", "Forslag\n")
    out = tmp_path / "out"
    result = run("fix", str(src), "-o", str(out), "--report", str(out / "a.txt"))
    assert result.returncode != 0 and "is an output" in errors(result)[0], result.stderr
    same = tmp_path / "both.html"
    result = run("fix", str(src), "-o", str(out), "--report", str(same), "--html", str(same))
    assert result.returncode != 0 and "the same file" in errors(result)[0], result.stderr


# --------------------------------------------------------------------------- every input attempted


def test_every_input_is_attempted_and_each_failure_reported(tmp_path):
    a = write(tmp_path / "a.txt", "Forslag for kommunfullmaktige\n")
    c = write(tmp_path / "c.txt", "Arendet ar klart\n")
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out"
    result = run("fix", str(a), str(missing), str(c), "-o", f"{out}/")
    assert result.returncode == 1
    (line,) = errors(result)[:1]
    assert line.startswith(f"svfix error: {missing}: ") and "does not exist" in line
    assert (out / "a.txt").read_text(encoding="utf-8") == "Förslag för kommunfullmäktige\n"
    assert (out / "c.txt").read_text(encoding="utf-8") == "Ärendet är klart\n"
    assert f"1 of 3 inputs failed: {missing}" in result.stderr.decode()


@pytest.mark.parametrize("content", ["empty", "unread"])
def test_a_folder_with_nothing_to_read_says_so(tmp_path, content):
    src = tmp_path / "in"
    src.mkdir()
    if content == "unread":
        (src / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # images only with --ocr (PDFs are read: test_pdf.py)
        (src / "notes.docx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "out"
    result = run("fix", str(src), "-o", str(out))
    assert result.returncode == 1
    (line,) = errors(result)
    assert str(src) in line and "no file svfix reads" in line and "--include" in line, line
    if content == "unread":
        assert "2 other files" in line
    assert not out.exists()


# --------------------------------------------------------------------------- file names are bytes


def test_a_file_name_that_is_not_utf8_is_processed_written_and_reported_readably(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")
    (src / name).write_bytes("Forslag for kommunfullmaktige\n".encode("utf-8"))
    (src / os.fsdecode(b"bin\xff.txt")).write_bytes(b"\x00\x01\x02binary\x00")
    write(src / "ok.txt", "Arendet ar klart\n")
    out = tmp_path / "out"
    result = run("fix", str(src), "-o", str(out), "--report", str(tmp_path / "r.jsonl"), "--html", str(tmp_path / "r.html"))
    err = result.stderr.decode("utf-8")  # readable: valid UTF-8
    assert result.returncode == 1, err
    assert (out / name).read_bytes() == "Förslag för kommunfullmäktige\n".encode("utf-8")
    assert os.fsencode(out / name).endswith(b"/caf\xe9.txt")
    assert "bin\\xff.txt: binary input" in err and "1 of 3 inputs failed" in err
    entries = manifest(out)  # valid UTF-8 JSON
    assert {e["output"] for e in entries if e["status"] == "ok"} == {"caf\\xe9.txt", "ok.txt"}
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {Path(row["file"]).name for row in rows} == {"caf\\xe9.txt", "ok.txt"}
    assert "caf\\xe9.txt" in (tmp_path / "r.html").read_text(encoding="utf-8")
    again = run("fix", str(src), "-o", str(out))
    assert "2 already done" in again.stderr.decode("utf-8"), again.stderr


# --------------------------------------------------------------------------- hostile trees


def test_special_files_and_links_out_of_the_tree_are_refused_with_a_message(tmp_path):
    src = tmp_path / "in"
    write(src / "a.txt", "Forslag for kommunfullmaktige\n")
    secret = write(tmp_path / "secret" / "passwd.txt", "root:x:0:0:hemlig\n")
    os.mkfifo(src / "pipe.txt")
    (src / "zero.txt").symlink_to("/dev/zero")
    (src / "outside.txt").symlink_to(secret)
    (src / "inside.txt").symlink_to(src / "a.txt")
    write(tmp_path / "other" / "b.txt", "Arendet ar klart\n")
    (src / "linked").symlink_to(tmp_path / "other", target_is_directory=True)
    out = tmp_path / "out"
    result = run("fix", str(src), "-o", str(out), timeout=60)  # a FIFO read would hang here
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1, err
    lines = {line.split(": ", 2)[1]: line for line in errors(result) if line.startswith("svfix error: /")}
    assert "a FIFO" in lines[str(src / "pipe.txt")]
    assert "/dev/zero" in lines[str(src / "zero.txt")] and "not a regular file" in lines[str(src / "zero.txt")]
    assert "outside" in lines[str(src / "outside.txt")] and "not followed" in lines[str(src / "outside.txt")]
    assert "a link to a folder" in lines[str(src / "linked")]
    assert set(lines) == {str(src / n) for n in ("pipe.txt", "zero.txt", "outside.txt", "linked")}, err
    assert "4 of 6 inputs failed" in err
    outputs = tree(out)
    assert set(outputs) == {"a.txt", "inside.txt"}
    assert outputs["inside.txt"] == outputs["a.txt"] == "Förslag för kommunfullmäktige\n".encode()
    assert b"hemlig" not in b"".join(outputs.values())


def test_a_fifo_or_device_named_as_an_input_is_refused(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    result = run("fix", str(tmp_path / "pipe.txt"), timeout=60)
    assert result.returncode == 1 and "not a regular file" in errors(result)[0]
    result = run("fix", "/dev/zero", timeout=60)
    assert result.returncode == 1 and "not a regular file" in errors(result)[0]


def test_an_unreadable_subfolder_is_a_failure(tmp_path):
    wrapper = unprivileged()
    src = tmp_path / "in"
    write(src / "a.txt", "Forslag\n")
    locked = src / "locked"
    write(locked / "b.txt", "Arendet\n")
    locked.chmod(0)
    try:
        result = run("fix", str(src), "-o", str(tmp_path / "out"), wrapper=wrapper)
    finally:
        locked.chmod(0o755)
    assert result.returncode == 1, result.stderr
    (line,) = errors(result)[:1]
    assert str(locked) in line and "cannot be read" in line and "not processed" in line, line
    assert (tmp_path / "out" / "a.txt").exists()
