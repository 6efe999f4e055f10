"""Stopping a batch: ``kill -9`` of the main process takes its workers with it and a rerun
resumes with no manual step; a burst of Ctrl-C stops cleanly; forked children never
hold the output folder's lock. Real processes and signals."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from batchdata import make_batch
from support import manifest, run, svfix_command, tree

from svfix.archive.batch import MANIFEST


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(child) for child in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def recorded(out: Path) -> int:
    try:
        return (out / MANIFEST).read_text(encoding="utf-8").count("\n")
    except OSError:
        return 0


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """300 documents and the outputs of an uninterrupted run."""
    base = tmp_path_factory.mktemp("stop")
    src = base / "in"
    make_batch(src, 300)
    reference = base / "reference"
    result = run("fix", str(src), "-o", str(reference), "--jobs", "2", "-q")
    assert result.returncode == 0, result.stderr.decode()
    return src, tree(reference)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to find the workers")
def test_kill_9_of_the_main_process_takes_its_workers_and_a_rerun_resumes(batch, tmp_path):
    src, expected = batch
    out = tmp_path / "out"
    command = [*svfix_command(), "fix", str(src), "-o", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while recorded(out) < 20 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        workers = children(process.pid)
        assert process.poll() is None and len(workers) == 2, "the batch must be running, with its two workers"
        os.kill(process.pid, signal.SIGKILL)  # the main process alone, as kill -9 PID does
        process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if running(pid)], "workers outlived their main process"
        # the same command again: it takes over the folder and finishes the batch
        again = subprocess.run(command, capture_output=True, timeout=300)
        err = again.stderr.decode("utf-8")
        assert again.returncode == 0, err
        assert "already done" in err
        assert tree(out) == expected
        assert len(manifest(out)) == len(expected)
        assert not list(out.rglob("*.svfix-tmp"))
    finally:
        for pid in workers:  # only if the test failed: the workers it started
            if running(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_burst_of_ctrl_c_stops_cleanly_and_the_batch_resumes(batch, tmp_path):
    src, expected = batch
    out = tmp_path / "out"
    report = tmp_path / "changes.jsonl"
    process = subprocess.Popen(
        [*svfix_command(), "fix", str(src), "-o", str(out), "--jobs", "2", "--report", str(report),
         "--html", str(tmp_path / "review.html")],
        stderr=subprocess.PIPE, start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while recorded(out) < 20 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    assert process.poll() is None
    for _ in range(12):  # an impatient user: Ctrl-C, again and again, to the whole process group
        try:
            os.killpg(process.pid, signal.SIGINT)
        except ProcessLookupError:
            break
        time.sleep(0.03)
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    text = err.decode("utf-8")
    assert process.returncode == 130, text
    assert "interrupted; outputs already written are complete" in text
    assert "Traceback" not in text and "Exception ignored" not in text, text
    assert not list(tmp_path.rglob("*.svfix-tmp"))
    assert not report.exists()  # a report is written whole, at the end, or not at all
    resumed = run("fix", str(src), "-o", str(out), "--jobs", "2", "--report", str(report))
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert tree(out) == expected


def test_forked_children_do_not_hold_the_output_folders_lock(tmp_path):
    from svfix.archive.batch.manifest import FolderLock

    lock = FolderLock(tmp_path / "out")
    ready, started = os.pipe()
    child = os.fork()
    if child == 0:  # a child that outlives its parent's hold on the lock
        os.write(started, b"x")
        time.sleep(3)
        os._exit(0)
    try:
        assert os.read(ready, 1) == b"x"  # the child runs
        lock.release()
        again = FolderLock(tmp_path / "out")  # taken while the child still runs
        again.release()
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        os.close(ready)
        os.close(started)


def test_a_folder_locked_by_a_live_run_names_it(tmp_path):
    from svfix.archive.batch.manifest import FolderLock

    lock = FolderLock(tmp_path / "out")
    try:
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "a.txt").write_text("Forslag", encoding="utf-8")
        result = run("fix", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    finally:
        lock.release()
    err = result.stderr.decode()
    assert result.returncode == 1 and f"another svfix run (process {os.getpid()}) is writing to" in err, err
