"""The same batch on Dask distributed: a LocalCluster of two worker processes must give
byte-identical outputs, the same manifest and the same report as a local run."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from batchdata import make_batch
from support import manifest, run, summary_counts, tree

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install -e '.[dask]')")



@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    import ocrxml

    folder = tmp_path_factory.mktemp("dask") / "in"
    make_batch(folder, 30)
    lines = ocrxml.read_lines("prop-1987-88-155", page=3)
    (folder / "scan.xml").write_bytes(ocrxml.alto(lines, 2, damage=ocrxml.strip_diacritics))
    (folder / "bad.txt").write_bytes(b"\x00\x01binary\x00")
    return folder


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


def comparable(entries: list[dict]) -> list[dict]:
    return sorted(entries, key=lambda entry: entry["output"])


def test_dask_cluster_gives_the_same_outputs(inputs, cluster, tmp_path):
    local = run("fix", str(inputs), "-o", str(tmp_path / "local"), "--jobs", "1", "--report", str(tmp_path / "local.jsonl"))
    remote = run("fix", str(inputs), "-o", str(tmp_path / "dask"), "--dask", cluster.scheduler_address,
                 "--report", str(tmp_path / "dask.jsonl"))
    assert local.returncode == remote.returncode == 1  # bad.txt, in both
    assert "bad.txt: binary input" in remote.stderr.decode()
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    assert len(tree(tmp_path / "dask")) == 31
    assert comparable(manifest(tmp_path / "dask")) == comparable(manifest(tmp_path / "local"))
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    # a re-run on the cluster skips what is done
    again = run("fix", str(inputs), "-o", str(tmp_path / "dask"), "--dask", cluster.scheduler_address)
    assert "0 repaired, 31 already done, 1 failed" in again.stderr.decode()
    assert not list((tmp_path / "dask").rglob("*.svfix-tmp"))


@pytest.mark.slow
def test_dask_local_starts_its_own_cluster(inputs, tmp_path):
    result = run("fix", str(inputs), "-o", str(tmp_path / "out"), "--dask", "local", "--jobs", "2", "--exclude", "bad.txt")
    assert result.returncode == 0, result.stderr.decode()
    counts = summary_counts(result.stderr)
    assert counts["repaired"] + counts["unchanged"] == 31 and counts["failed"] == 0
    assert json.loads((tmp_path / "out" / ".svfix-manifest.jsonl").read_text().splitlines()[0])["status"] == "ok"


def test_unreachable_scheduler_is_a_clear_error(inputs, tmp_path, monkeypatch):
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "2s")
    result = run("fix", str(inputs), "-o", str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:9")
    assert result.returncode == 1
    assert "svfix error: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr.decode()
