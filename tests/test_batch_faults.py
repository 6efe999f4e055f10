"""Faults of the machine, not of the inputs: every one is an ``svfix error:`` line and a
non-zero exit status, never a traceback; nothing is left half written; ``--in-place``
keeps a file's owner, group and mode. Real files and the real command (a real full disk
where a small tmpfs can be mounted)."""
from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from batchdata import make_batch
from support import manifest, run, svfix_command, tree, unprivileged

from svfix.archive.batch import MANIFEST


def errors(result) -> list[str]:
    return [line for line in result.stderr.decode("utf-8").splitlines() if line.startswith("svfix error:")]


def assert_clean_failure(result) -> str:
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1, err
    assert "Traceback" not in err and errors(result), err
    return err


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "in"
    make_batch(folder, 60)
    return folder


def test_a_read_only_output_folder_is_an_error_line(docs, tmp_path):
    wrapper = unprivileged()
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = run("fix", str(docs), "-o", str(out), wrapper=wrapper)
    finally:
        out.chmod(0o755)
    err = assert_clean_failure(result)
    assert str(out) in errors(result)[0] and "Permission denied" in err, err


def test_o_naming_a_file_where_a_folder_is_needed_is_an_error_line(docs, tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("keep me", encoding="utf-8")
    result = run("fix", str(docs), "-o", str(file))
    assert_clean_failure(result)
    assert "is a file" in errors(result)[0] and "folder" in errors(result)[0]
    assert file.read_text(encoding="utf-8") == "keep me"
    result = run("fix", str(docs), "-o", str(file / "sub"))
    assert_clean_failure(result)
    assert "is a file" in errors(result)[0]


def test_a_manifest_that_is_a_folder_is_an_error_line(docs, tmp_path):
    out = tmp_path / "out"
    (out / MANIFEST).mkdir(parents=True)
    result = run("fix", str(docs), "-o", str(out))
    assert_clean_failure(result)
    assert str(out / MANIFEST) in errors(result)[0] and "is a folder" in errors(result)[0]


@pytest.fixture
def small_disk(tmp_path):
    """A 96 KB tmpfs when one can be mounted (root), else None."""
    mount = shutil.which("mount")
    point = tmp_path / "disk"
    point.mkdir()
    if os.geteuid() != 0 or mount is None:
        yield None
        return
    done = subprocess.run([mount, "-t", "tmpfs", "-o", "size=96k", f"svfix-test-{uuid.uuid4().hex[:8]}", str(point)],
                          capture_output=True)
    if done.returncode != 0:
        yield None
        return
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], capture_output=True)


def test_a_full_disk_stops_the_batch_with_an_error_line_and_a_rerun_resumes(docs, tmp_path, small_disk, monkeypatch):
    if small_disk is None:
        _full_disk_in_process(docs, tmp_path, monkeypatch)
        return
    out = small_disk / "out"
    result = run("fix", str(docs), "-o", str(out), "--report", str(small_disk / "changes.jsonl"))
    err = assert_clean_failure(result)
    assert "No space left on device" in err and "run the same command again" in err, err
    assert len([line for line in errors(result) if "No space" in line]) <= 2, err  # stopped, not one line per file
    assert not list(small_disk.rglob("*.svfix-tmp"))
    # with room again, the same command finishes the batch
    moved = tmp_path / "out"
    shutil.copytree(out, moved)
    again = run("fix", str(docs), "-o", str(moved))
    assert again.returncode == 0, again.stderr.decode()
    reference = run("fix", str(docs), "-o", str(tmp_path / "reference"))
    assert reference.returncode == 0 and tree(moved) == tree(tmp_path / "reference")


def _full_disk_in_process(docs, tmp_path, monkeypatch):
    """Without a mountable tmpfs: ENOSPC from the write layer after a few outputs."""
    from svfix import SvfixError
    from svfix.archive.batch import Settings, files, plan, run_batch

    real = files.os.fdopen
    written = []

    def fdopen(fd, mode="r", *args, **kwargs):
        handle = real(fd, mode, *args, **kwargs)
        if "w" in mode and len(written) >= 5:
            handle.close()
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(fd)
        return handle

    monkeypatch.setattr(files.os, "fdopen", fdopen)
    with pytest.raises(SvfixError, match="No space left on device.*run the same command again"):
        run_batch(plan([str(docs)], str(tmp_path / "out")), Settings(), folder=tmp_path / "out", workers=1)
    assert not list((tmp_path / "out").rglob("*.svfix-tmp"))


def test_report_and_page_temporaries_of_a_killed_run_are_swept(docs, tmp_path):
    out = tmp_path / "out"
    reports = tmp_path / "reports"
    reports.mkdir()
    command = [*svfix_command(), "fix", str(docs), "-o", str(out), "--jobs", "1",
               "--report", str(reports / "changes.jsonl"), "--html", str(reports / "review.html")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(list(out.rglob("*.txt"))) < 10 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    left = list(reports.glob("*.svfix-tmp"))
    assert left, "the killed run had its report and page open"
    again = subprocess.run(command, capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr.decode()
    assert not list(reports.glob("*.svfix-tmp")), list(reports.iterdir())
    assert (reports / "changes.jsonl").exists() and (reports / "review.html").exists()
    assert len(manifest(out)) == 60


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another owner")
def test_in_place_as_root_keeps_owner_group_and_mode(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("Forslag for kommunfullmaktige\n", encoding="utf-8")
    os.chown(path, 65534, 65534)
    path.chmod(0o640)
    result = run("fix", "--in-place", str(path))
    assert result.returncode == 0, result.stderr.decode()
    info = path.stat()
    assert path.read_text(encoding="utf-8") == "Förslag för kommunfullmäktige\n"
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (65534, 65534, 0o640)
