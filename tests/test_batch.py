"""Batches: workers, the manifest and resuming, atomic outputs, reports, formats, bad inputs.

Small batches here; the 2,000-file batches (killed and resumed, bad inputs among good
ones) are in test_batch_large.py.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest
from batchdata import make_batch
from support import manifest, run, summary_counts, tree

from svfix.archive.batch import MANIFEST, Settings, plan, run_batch


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small") / "in"
    make_batch(folder, 40)
    return folder


def test_outputs_and_report_are_identical_whatever_the_jobs(small, tmp_path):
    one = run("fix", str(small), "-o", str(tmp_path / "one"), "--jobs", "1", "--report", str(tmp_path / "one.jsonl"))
    two = run("fix", str(small), "-o", str(tmp_path / "two"), "--jobs", "2", "--report", str(tmp_path / "two.jsonl"))
    assert one.returncode == 0 and two.returncode == 0, two.stderr.decode()
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert len(tree(tmp_path / "one")) == 40
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    counts = summary_counts(two.stderr)
    assert counts["files"] == 40 and counts["repaired"] + counts["unchanged"] == 40 and counts["repaired"] > 20


def test_report_rows_point_at_the_original(small, tmp_path):
    result = run("fix", str(small), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "r.jsonl"), "-q")
    assert result.returncode == 0 and result.stderr == b""
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows
    for row in rows:
        assert set(row) >= {"file", "line", "column", "old", "new", "stage", "reason", "confidence"}
        text = Path(row["file"]).read_text(encoding="utf-8")
        assert text[row["start"]:row["end"]] == row["old"]
        line = text.splitlines(keepends=True)[row["line"] - 1]
        assert line[row["column"] - 1:].startswith(row["old"].split("\n")[0])
    files = [row["file"] for row in rows]
    assert files == sorted(files)  # input order, whatever order the workers finished in


def test_rerun_skips_finished_files_and_redoes_damaged_outputs(small, tmp_path):
    out = tmp_path / "out"
    first = run_batch(plan([str(small)], str(out)), Settings(), folder=out, workers=2)
    assert (first.done, first.skipped, first.failures) == (40, 0, [])
    entries = manifest(out)
    assert len(entries) == 40 and {e["status"] for e in entries} == {"ok"}
    for entry in entries:
        assert hashlib.sha256((out / entry["output"]).read_bytes()).hexdigest() == entry["output_sha256"]
        assert set(entry) >= {"input", "input_sha256", "config_sha256", "svfix", "output_sha256", "status"}
    # a re-run does nothing; a truncated or missing output, or a changed input, is redone
    again = run_batch(plan([str(small)], str(out)), Settings(), folder=out, workers=1)
    assert (again.done, again.skipped) == (0, 40)
    victim, missing = out / entries[0]["output"], out / entries[1]["output"]
    good = victim.read_bytes()
    victim.write_bytes(good[: len(good) // 2])
    missing.unlink()
    third = run_batch(plan([str(small)], str(out)), Settings(), folder=out, workers=1)
    assert (third.done, third.skipped) == (2, 38)
    assert victim.read_bytes() == good and missing.exists()
    # other settings are other outputs: everything is redone
    fourth = run_batch(plan([str(small)], str(out)), Settings(config=Settings().config.with_changes(min_confidence=0.99)),
                       folder=out, workers=1)
    assert fourth.done == 40
    assert len(manifest(out)) == 40  # compacted: one line per output


def test_force_redoes_everything(small, tmp_path):
    out = tmp_path / "out"
    assert run("fix", str(small), "-o", str(out), "-q").returncode == 0
    result = run("fix", str(small), "-o", str(out), "--force")
    counts = summary_counts(result.stderr)
    assert counts["repaired"] + counts["unchanged"] == 40 and counts["already done"] == 0


def test_interrupted_run_leaves_only_complete_outputs(small, tmp_path):
    out = tmp_path / "out"
    reference = tmp_path / "reference"
    run_batch(plan([str(small)], str(reference)), Settings(), folder=reference, workers=1)
    seen = []

    def stop(outcome):
        seen.append(outcome)
        if len(seen) == 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(plan([str(small)], str(out)), Settings(), folder=out, workers=2, on_outcome=stop)
    written = tree(out)
    assert 10 <= len(written) < 40
    expected = tree(reference)
    assert all(expected[name] == data for name, data in written.items())
    assert not list(out.rglob("*.svfix-tmp"))
    resumed = run_batch(plan([str(small)], str(out)), Settings(), folder=out, workers=2)
    assert resumed.skipped >= 10 and resumed.done + resumed.skipped == 40
    assert tree(out) == expected


def test_stale_temporary_files_are_removed_and_folders_are_locked(small, tmp_path):
    out = tmp_path / "out"
    (out / "d00").mkdir(parents=True)
    stale = out / "d00" / ".doc00000.txt.abc123.svfix-tmp"
    stale.write_bytes(b"half an outp")
    from svfix.archive.batch.manifest import FolderLock

    lock = FolderLock(out)
    result = run("fix", str(small), "-o", str(out))
    assert result.returncode == 1 and "another svfix run (process " in result.stderr.decode()
    assert "is writing to" in result.stderr.decode()
    lock.release()
    assert run("fix", str(small), "-o", str(out), "-q").returncode == 0
    assert not stale.exists()


def test_bad_inputs_each_get_an_error_and_the_rest_succeed(small, tmp_path):
    src = tmp_path / "in"
    shutil.copytree(small, src)
    bad = src / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 20)
    (bad / "undecodable.txt").write_bytes(b"F\x81rslag \x8d och \x8f och \x90 och \x9d")
    (bad / "cp1252.txt").write_bytes("Förslag för kommunfullmäktige".encode("cp1252"))
    (bad / "empty.txt").write_bytes(b"")
    (bad / "malformed.xml").write_bytes(b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout></alto>')
    (bad / "xxe.xml").write_bytes(b'<?xml version="1.0"?><!DOCTYPE alto [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                   b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">&x;</alto>')
    (bad / "mets.xml").write_bytes(b"<mets:mets xmlns:mets='http://www.loc.gov/METS/'/>")
    out = tmp_path / "out"
    result = run("fix", str(src), "-o", str(out), "--jobs", "2", "--html", str(tmp_path / "review.html"))
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1
    expected = {"binary.txt": "binary input", "undecodable.txt": "undecodable", "malformed.xml": "malformed XML",
                "xxe.xml": "entities", "mets.xml": "not ALTO, PAGE or hOCR"}
    for name, message in expected.items():
        line = next(line for line in err.splitlines() if line.startswith(f"svfix error: {bad / name}:"))
        assert message in line
    assert f"5 of {40 + 7} inputs failed" in err
    assert (out / "bad" / "empty.txt").read_bytes() == b""
    assert (out / "bad" / "cp1252.txt").read_text(encoding="utf-8") == "Förslag för kommunfullmäktige"
    assert len([p for p in tree(out) if not p.startswith("bad/")]) == 40
    assert b"/etc/passwd" not in b"".join(tree(out).values())
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert 'id="failures"' in page and "xxe.xml" in page


def test_mixed_formats_are_detected(tmp_path):
    import ocrxml

    lines = ocrxml.read_lines("prop-1992-93-30", page=5)
    src = tmp_path / "in"
    src.mkdir()
    (src / "page5.alto.xml").write_bytes(ocrxml.alto(lines, 3, damage=ocrxml.strip_diacritics))
    (src / "page5.page.xml").write_bytes(ocrxml.page_xml(lines, damage=ocrxml.strip_diacritics))
    (src / "page5.hocr").write_bytes(ocrxml.hocr(lines, damage=ocrxml.strip_diacritics))
    (src / "page5.txt").write_text(ocrxml.strip_diacritics("\n".join(line.text for line in lines)), encoding="utf-8")
    out = tmp_path / "out"
    result = run("fix", str(src), "-o", str(out), "--report", str(tmp_path / "r.jsonl"))
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    by_file = {}
    for row in rows:
        by_file.setdefault(Path(row["file"]).name, []).append(row)
    assert set(by_file) == {"page5.alto.xml", "page5.page.xml", "page5.hocr", "page5.txt"}
    assert all(row.get("element") and row.get("xml_line") for row in by_file["page5.alto.xml"])
    assert {e["format"] for e in manifest(out)} == {"alto", "page", "hocr", "txt"}
    # the same words are corrected in the three archive formats
    words = {name: [(r["old"], r["new"]) for r in by_file[name]] for name in ("page5.page.xml", "page5.hocr")}
    assert words["page5.page.xml"] == words["page5.hocr"]


def test_dask_missing_names_the_extra(monkeypatch, small, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)
    from svfix.errors import SvfixError

    with pytest.raises(SvfixError, match=r"pip install 'svfix\[dask\]'"):
        run_batch(plan([str(small)], str(tmp_path / "out")), Settings(), folder=tmp_path / "out", dask="local")


def _dies_on_crash_files(task, settings):
    """process_task, except that a worker given a file named crash*.txt dies at once."""
    import os

    from svfix.archive.batch import runners

    if task.source and Path(task.source).name.startswith("crash"):
        os._exit(3)
    return runners._real_process_task(task, settings)


def test_a_worker_that_dies_fails_only_its_input(small, tmp_path, monkeypatch):
    import multiprocessing

    from svfix.archive.batch import runners

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs the fork start method to hand the workers a patched function")
    src = tmp_path / "in"
    shutil.copytree(small, src)
    (src / "d00" / "crash.txt").write_text("Forslag", encoding="utf-8")
    monkeypatch.setattr(runners, "_real_process_task", runners.process_task, raising=False)
    _dies_on_crash_files.__module__, _dies_on_crash_files.__qualname__ = "svfix.archive.batch.runners", "process_task"
    monkeypatch.setattr(runners, "process_task", _dies_on_crash_files)
    out = tmp_path / "out"
    summary = run_batch(plan([str(src)], str(out)), Settings(), folder=out, workers=2)
    assert [label for label, _ in summary.failures] == [str(src / "d00" / "crash.txt")]
    assert "worker process died" in summary.failures[0][1]
    assert summary.done == 40 and len(tree(out)) == 40


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_ctrl_c_and_sigterm_stop_cleanly(tmp_path, how):
    import os
    import signal
    import subprocess
    import time

    from support import svfix_command

    src = tmp_path / "in"
    make_batch(src, 150)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [*svfix_command(), "fix", str(src), "-o", str(out), "--jobs", "2"], stderr=subprocess.PIPE,
        start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60

    def recorded() -> int:
        try:
            return (out / MANIFEST).read_text(encoding="utf-8").count("\n")
        except OSError:
            return 0

    while recorded() < 16 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None
    if how == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)  # what a terminal sends to the whole group
    else:
        os.kill(process.pid, signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err.decode()
    assert "interrupted; outputs already written are complete" in err.decode()
    assert not list(out.rglob("*.svfix-tmp"))
    finished = len(manifest(out))
    assert 16 <= finished <= len(tree(out)) < 150
    resumed = run_batch(plan([str(src)], str(out)), Settings(), folder=out, workers=2)
    assert resumed.skipped == finished and resumed.done + resumed.skipped == 150


def test_an_output_folder_inside_the_input_is_not_read(tmp_path):
    (tmp_path / "a.txt").write_text("Forslag", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.txt").write_text("Förslag", encoding="utf-8")
    jobs = plan([str(tmp_path)], str(tmp_path / "out"))
    assert [job.source for job in jobs] == [tmp_path / "a.txt"]
    with pytest.raises(Exception, match="would both be written"):
        (tmp_path / "other").mkdir()
        (tmp_path / "other" / "a.txt").write_text("x", encoding="utf-8")
        plan([str(tmp_path / "other"), str(tmp_path / "a.txt")], str(tmp_path / "elsewhere"))
