"""`svfix bench`: the real command on pairs made here, malformed input included, and the
pieces it is built from (svfix.evaluation.bench)."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from support import svfix_command

from svfix import cli
from svfix.evaluation import bench
from svfix.evaluation.bench import Pair, Totals, compare, evaluate, read_pairs, sample, split_pair
from svfix.evaluation.metrics import score

# Made up for these tests.
GOLD_A = "Förslag till beslut för kommunfullmäktige om jämställdhet.\n\nÄrendet gäller även näringslivet i länet.\n"
OCR_A = "Forslag till beslut for kommunfullmaktige om jamstalldhet.\n\nArendet galler aven naringslivet i lanet.\n"
GOLD_B = "Beslut om jämställdhet och översyn av förvaltningen.\n"
OCR_B = "Beslut om jÃ¤mstÃ¤lldhet och Ã¶versyn av fÃ¶rvaltningen.\n"
CLEAN = "Han for hem till Alingsås för att se på hästar. Kommunen har en plan för år 2025.\n"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*svfix_command(), *args], capture_output=True, text=True, timeout=180,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
    )


def errors_of(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("svfix error:")]


@pytest.fixture
def pairs(tmp_path) -> Path:
    """Two good pairs, an OCR file without gold, an empty pair and undecodable bytes."""
    folder = tmp_path / "pairs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.ocr.txt").write_text(OCR_A, encoding="utf-8")
    (folder / "a.gold.txt").write_text(GOLD_A, encoding="utf-8")
    (folder / "sub" / "b.ocr.txt").write_text(OCR_B, encoding="utf-8")
    (folder / "sub" / "b.gold.txt").write_text(GOLD_B, encoding="utf-8")
    (folder / "c.ocr.txt").write_text("Ingen gold har", encoding="utf-8")
    (folder / "d.ocr.txt").write_text("", encoding="utf-8")
    (folder / "d.gold.txt").write_text("Något", encoding="utf-8")
    (folder / "e.ocr.txt").write_bytes(b"F\xf6rslag i Latin-1")
    (folder / "e.gold.txt").write_text("Förslag i Latin-1", encoding="utf-8")
    (folder / "notes.txt").write_text(CLEAN, encoding="utf-8")  # not part of a pair
    return folder


def test_bench_scores_the_valid_pairs_and_reports_the_malformed_ones(pairs):
    result = run("bench", str(pairs), "--by-file")
    assert result.returncode == 1  # not every pair counted
    errors = errors_of(result)
    assert any("c.ocr.txt" in e and "no gold" in e for e in errors), errors
    assert any("d.ocr.txt" in e and "empty" in e for e in errors), errors
    assert any("e.ocr.txt" in e and "not UTF-8" in e and "0xf6" in e for e in errors), errors
    assert any("3 inputs could not be scored" in e and "2 valid pairs" in e for e in errors), errors
    out = result.stdout
    assert "2 pairs" in out
    header, row = out.splitlines()[1:3]
    assert header.split()[:3] == ["system", "docs", "words"]
    assert row.split()[:2] == ["svfix", "2"]
    assert "\na " in out and "\nsub/b " in out  # --by-file rows, named by their path


def test_bench_json_agrees_with_the_metrics(pairs):
    result = run("bench", str(pairs), "--json", "--by-file", "--clean", str(pairs))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["pairs"] == 2
    assert len(report["problems"]) == 3  # c, d and e; every other *.txt is clean text for --clean
    svfix = report["systems"][0]
    assert svfix["system"] == "svfix" and svfix["documents"] == 2
    assert svfix["wer_after"] < svfix["wer_before"]
    assert svfix["precision"] >= 0.9 and svfix["harm"] == 0.0
    assert svfix["clean_harm"]["rate"] == 0.0 and svfix["clean_harm"]["documents"] >= 3
    files = {f["file"]: f for f in report["files"]}
    assert set(files) == {"a", "sub/b"}
    assert files["sub/b"]["wer_out"] == 0.0
    expected = score(OCR_A, OCR_A, GOLD_A)
    assert files["a"]["wer_in"] == expected.wer_in and files["a"]["cer_in"] == expected.cer_in


def test_bench_csv_and_limit(pairs):
    result = run("bench", str(pairs), "--csv", "--by-file", "--limit", "1")
    assert result.returncode == 0, result.stderr  # the first valid pair comes before any bad one
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["system"], r["file"]) for r in rows] == [("svfix", "(all)"), ("svfix", "a")]
    assert float(rows[0]["wer_after"]) < float(rows[0]["wer_before"])


def test_bench_jsonl_with_invalid_lines(tmp_path):
    records = tmp_path / "pairs.jsonl"
    lines = [
        json.dumps({"ocr": OCR_A, "gold": GOLD_A, "name": "first"}, ensure_ascii=False),
        "",
        "{not json",
        json.dumps({"ocr": OCR_B}),
        json.dumps({"ocr": "", "gold": "x"}),
        json.dumps(["ocr", "gold"]),
        json.dumps({"ocr": OCR_B, "gold": GOLD_B}, ensure_ascii=False),
    ]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("bench", str(records), "--json", "--by-file")
    assert result.returncode == 1
    errors = errors_of(result)
    assert any(":3:" in e and "not valid JSON" in e for e in errors), errors
    assert any(":4:" in e and "'gold'" in e for e in errors), errors
    assert any(":5:" in e and "empty" in e for e in errors), errors
    assert any(":6:" in e and "JSON object" in e for e in errors), errors
    report = json.loads(result.stdout)
    assert [f["file"] for f in report["files"]] == ["first", "line 7"]


def test_bench_with_nothing_valid_fails_clearly(tmp_path):
    folder = tmp_path / "only-bad"
    folder.mkdir()
    (folder / "x.ocr.txt").write_text("text", encoding="utf-8")
    result = run("bench", str(folder))
    assert result.returncode == 1 and result.stdout == ""
    assert any("no valid pair" in e for e in errors_of(result))
    missing = run("bench", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and any("does not exist" in e for e in errors_of(missing))


def test_bench_plot(pairs, tmp_path):
    png = tmp_path / "plot.png"
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        result = run("bench", str(pairs), "--plot", str(png))
        assert result.returncode == 1 and "svfix[plot]" in result.stderr
        return
    result = run("bench", str(pairs), "--plot", str(png))
    assert result.returncode == 1  # the malformed pairs; the plot is still drawn
    assert "plot written" in result.stderr, result.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_without_matplotlib_names_the_extra(pairs, tmp_path):
    fake = tmp_path / "fake"
    (fake / "matplotlib").mkdir(parents=True)
    (fake / "matplotlib" / "__init__.py").write_text("raise ImportError('not installed')\n")
    result = run("bench", str(pairs), "--plot", str(tmp_path / "p.png"), env={"PYTHONPATH": str(fake)})
    assert result.returncode == 1
    assert errors_of(result) == ["svfix error: --plot needs matplotlib, which is not installed: pip install 'svfix[plot]'"]
    assert result.stdout == ""


def test_compare_without_the_extra_names_it(pairs, monkeypatch, capsys):
    from svfix.evaluation import baselines

    monkeypatch.setattr(baselines, "missing", lambda names=(): ["symspellpy", "spylls"])
    assert cli.main(["bench", str(pairs), "--compare"]) == 1
    err = capsys.readouterr().err
    assert "svfix error: --compare needs the benchmark peers, and symspellpy, spylls are not installed: " \
           "pip install 'svfix[bench]'" in err


# --- the pieces ----------------------------------------------------------------------


def test_read_pairs_in_name_order_and_limit(pairs):
    found, problems = read_pairs(pairs)
    assert [p.name for p in found] == ["a", "sub/b"]
    assert len(problems) == 3
    found, problems = read_pairs(pairs, limit=1)
    assert [p.name for p in found] == ["a"] and problems == []


def test_totals_of_one_file_are_its_score():
    results = evaluate(lambda text: text.replace("Forslag", "Förslag"), [Pair("a", OCR_A, GOLD_A)])
    expected = score(OCR_A, OCR_A.replace("Forslag", "Förslag"), GOLD_A)
    totals = Totals.of(results)
    assert totals.wer_before == pytest.approx(expected.wer_in)
    assert totals.wer_after == pytest.approx(expected.wer_out)
    assert totals.cer_reduction == pytest.approx(expected.cer_reduction)
    assert (totals.precision, totals.recall, totals.harm) == (expected.precision, expected.recall, expected.harm)


def test_totals_weigh_documents_by_length():
    long_gold = "ett två tre fyra fem sex sju åtta nio tio"
    results = evaluate(lambda text: text, [Pair("short", "a", "b"), Pair("long", long_gold, long_gold)])
    assert Totals.of(results).wer_before == pytest.approx(1 / 11)


def test_split_pair_and_sample_keep_ocr_and_gold_together():
    ocr = "\n\n".join(f"stycke {i} for alla" for i in range(40))
    gold = "\n\n".join(f"stycke {i} för alla" for i in range(40))
    pieces = split_pair(Pair("doc", ocr, gold), 20)
    assert len(pieces) == 8
    for piece in pieces:
        assert piece.ocr.replace("for", "för") == piece.gold
    assert "\n\n".join(p.ocr for p in pieces) == ocr
    assert split_pair(Pair("wrapped", "en\ntvå", "en två\n\ntre"), 1) == [Pair("wrapped", "en\ntvå", "en två\n\ntre")]
    chosen = sample([Pair("doc", ocr, gold)], 40)
    assert 40 <= sum(len(p.ocr.split()) for p in chosen) <= 60
    assert chosen[0].name == "doc#1" and chosen[-1].name != "doc#2"  # spread through the document


def test_compare_runs_slow_systems_on_a_sample_and_svfix_beside_them():
    pairs = [Pair(f"d{i}", "\n\n".join(["Forslag for alla"] * 20), "\n\n".join(["Förslag för alla"] * 20))
             for i in range(4)]
    calls = []

    def slow(text: str) -> str:
        calls.append(text)
        return text

    results = compare(pairs, {"slow": slow, "svfix": lambda t: t.replace("or", "ör")}, slow=["slow"], sample_words=30)
    names = [r.name for r in results]
    assert names == ["slow", "svfix", "svfix (same sample)"]
    assert results[0].sample and results[2].sample and not results[1].sample
    assert results[0].totals.words == results[2].totals.words < results[1].totals.words
    assert "sample" in bench.format_table(results)


@pytest.mark.slow
def test_compare_runs_every_peer_beside_svfix(pairs):
    from svfix.evaluation import baselines

    if baselines.missing():
        pytest.skip(f"the bench extra is not installed ({', '.join(baselines.missing())})")
    result = run("bench", str(pairs), "--compare", "--json", "--sample-words", "10")
    assert result.returncode == 1  # the malformed pairs
    systems = {s["system"]: s for s in json.loads(result.stdout)["systems"]}
    assert set(systems) == {*baselines.PEERS, "svfix", "svfix (same sample)"}
    assert systems["identity"]["wer_after"] == systems["identity"]["wer_before"]
    assert systems["hunspell"]["sample"] and systems["hunspell"]["words"] == systems["svfix (same sample)"]["words"]
    assert systems["svfix"]["wer_reduction"] > systems["symspell"]["wer_reduction"]


def test_bench_reads_ground_truth_named_gt_txt(tmp_path):
    """The naming of OCR ground-truth sets: NAME.gt.txt beside NAME.txt (or NAME.ocr.txt)."""
    folder = tmp_path / "gt"
    (folder / "page").mkdir(parents=True)
    (folder / "a.txt").write_text(OCR_A, encoding="utf-8")
    (folder / "a.gt.txt").write_text(GOLD_A, encoding="utf-8")
    (folder / "page" / "b.ocr.txt").write_text(OCR_B, encoding="utf-8")
    (folder / "page" / "b.gt.txt").write_text(GOLD_B, encoding="utf-8")
    (folder / "c.ocr.txt").write_text(OCR_B, encoding="utf-8")
    (folder / "c.gold.txt").write_text(GOLD_B, encoding="utf-8")
    (folder / "README.txt").write_text("Ground truth of three pages.\n", encoding="utf-8")  # not part of a pair
    result = run("bench", str(folder), "--json", "--by-file")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["pairs"] == 3 and report["problems"] == []
    assert {f["file"] for f in report["files"]} == {"a", "page/b", "c"}
    # a gold without its OCR, and two OCR files for one gold, are reported
    (folder / "d.gt.txt").write_text(GOLD_B, encoding="utf-8")
    (folder / "a.ocr.txt").write_text(OCR_A, encoding="utf-8")
    result = run("bench", str(folder))
    assert result.returncode == 1
    errors = errors_of(result)
    assert any("d.gt.txt" in e and "d.txt" in e and "d.ocr.txt" in e for e in errors), errors
    assert any("a.gt.txt" in e and "both" in e for e in errors), errors
    # --clean on such a folder takes the ground truth, never the OCR beside it
    clean = run("bench", str(folder), "--json", "--clean", str(folder))
    assert json.loads(clean.stdout)["systems"][0]["clean_harm"]["documents"] == 5  # README, a, b, c (gold), d


def test_bench_help_names_both_namings():
    result = run("bench", "--help")
    assert ".gt.txt" in result.stdout and ".gold.txt" in result.stdout
    assert ".gt.txt" in (bench.__doc__ or "")
