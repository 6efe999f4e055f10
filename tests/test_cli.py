"""The real `svfix` command, run as a subprocess."""
from __future__ import annotations

import json

import pytest
from support import ROOT, SAMPLE, run, svfix_command  # noqa: F401


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("svfix ")


def test_fix_one_file_to_stdout():
    result = run("fix", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert "Förslag till handlingsplan för jämställdhet 2025–2027" in out
    assert "§ 73 Dnr KS 2024/108" in out
    assert "Anita Hedén (S)" in out
    assert SAMPLE.read_text(encoding="utf-8") != out  # the input is untouched


def test_fix_stdin():
    result = run("fix", "-", stdin="Forslag for kommunfullmaktige".encode())
    assert result.returncode == 0
    assert result.stdout.decode() == "Förslag för kommunfullmäktige"


def test_fix_folder_mirrors_the_tree(tmp_path):
    src = tmp_path / "in"
    (src / "2024" / "okt").mkdir(parents=True)
    (src / "a.txt").write_text("Forslag till beslut for kommunfullmaktige.", encoding="utf-8")
    (src / "2024" / "okt" / "b.txt").write_text("Ärendet gäller jÃ¤mstÃ¤lldhet.", encoding="utf-8")
    (src / "2024" / "notes.odt").write_bytes(b"PK\x03\x04")  # not a format a folder contributes (PDFs are: test_pdf.py)
    out = tmp_path / "out"
    result = run("fix", str(src), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "a.txt").read_text(encoding="utf-8") == "Förslag till beslut för kommunfullmäktige."
    assert (out / "2024" / "okt" / "b.txt").read_text(encoding="utf-8") == "Ärendet gäller jämställdhet."
    assert not list((out / "2024").glob("notes*"))
    assert (src / "a.txt").read_text(encoding="utf-8") == "Forslag till beslut för kommunfullmaktige.".replace("för", "for")


def test_fix_to_an_output_file_and_in_place(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("Forslag for kommunfullmaktige", encoding="utf-8")
    target = tmp_path / "fixed.txt"
    assert run("fix", str(path), "-o", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == "Förslag för kommunfullmäktige"
    assert path.read_text(encoding="utf-8") == "Forslag for kommunfullmaktige"
    assert run("fix", "--in-place", str(path)).returncode == 0
    assert path.read_text(encoding="utf-8") == "Förslag för kommunfullmäktige"


def test_legacy_cp1252_input_is_decoded(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Förslag för kommunfullmäktige".encode("cp1252"))
    result = run("fix", str(path))
    assert result.returncode == 0
    assert result.stdout.decode("utf-8") == "Förslag för kommunfullmäktige"


def test_explain_lists_changes_with_positions():
    result = run("explain", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("utf-8").splitlines()
    assert any(line.startswith("3:1\t'SammantrÃ¤desdatum' → 'Sammanträdesdatum'\tencoding") for line in lines)
    assert any("'Forslag' → 'Förslag'\tdiacritics" in line for line in lines)
    as_json = [json.loads(line) for line in run("explain", "--json", str(SAMPLE)).stdout.decode().splitlines()]
    assert len(as_json) == len(lines)
    text = SAMPLE.read_text(encoding="utf-8")
    for change in as_json:
        assert text[change["start"]:change["end"]] == change["old"]
        assert set(change) >= {"line", "column", "old", "new", "stage", "reason", "confidence"}


def test_words_file_protects_local_names(tmp_path):
    words = tmp_path / "names.txt"
    words.write_text("Köppmälla\n", encoding="utf-8")
    result = run("fix", "-", "--words", str(words), stdin="Motet i Koppmalla ar klart for beslut.".encode())
    assert result.stdout.decode() == "Mötet i Köppmälla är klart för beslut."


@pytest.mark.parametrize(
    "args, message",
    [
        (["fix", "no/such/file.txt"], "does not exist"),
        (["fix", "{folder}"], "is a folder; give -o"),
        (["fix", "{binary}"], "binary"),
        (["fix", "{undecodable}"], "undecodable"),
        (["fix", "{a}", "{b}"], "no -o"),
        (["fix", "--min-confidence", "3", "-"], "min_confidence"),
        (["fix", "--in-place", "-o", "x", "{a}"], "cannot be used together"),
    ],
)
def test_errors_are_clear_and_fail(tmp_path, args, message):
    (tmp_path / "folder").mkdir()
    (tmp_path / "binary.bin").write_bytes(b"\x7fELF\x00\x00\x01\x02")
    (tmp_path / "undecodable.txt").write_bytes(b"F\x81rslag \x8d och \x9d")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "b.txt").write_text("b", encoding="utf-8")
    names = {"folder": tmp_path / "folder", "binary": tmp_path / "binary.bin",
             "undecodable": tmp_path / "undecodable.txt", "a": tmp_path / "a.txt", "b": tmp_path / "b.txt"}
    result = run(*[arg.format(**names) for arg in args], stdin=b"")
    assert result.returncode != 0
    err = result.stderr.decode("utf-8")
    assert err.startswith("svfix error:") or "\nsvfix error:" in err
    assert message in err


def test_one_bad_file_does_not_stop_the_batch(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Forslag for kommunfullmaktige", encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x00\x00binary\x00")
    (src / "also-good.txt").write_text("Arendet ar klart", encoding="utf-8")
    result = run("fix", str(src), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "bad.txt" in err and "1 of 3 inputs failed" in err
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8") == "Förslag för kommunfullmäktige"
    assert (tmp_path / "out" / "also-good.txt").exists()
    assert not (tmp_path / "out" / "bad.txt").exists()


def test_never_writes_over_the_input_without_in_place(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("Forslag", encoding="utf-8")
    result = run("fix", str(path), "-o", str(path))
    assert result.returncode != 0
    assert "is the input itself" in result.stderr.decode()
    assert path.read_text(encoding="utf-8") == "Forslag"


def test_the_summary_counts_repaired_and_unchanged_files_apart(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Forslag for kommunfullmaktige\n", encoding="utf-8")
    (src / "b.txt").write_text("Arendet ar klart\n", encoding="utf-8")
    (src / "c.txt").write_text("Mötet öppnades klockan nio.\n", encoding="utf-8")
    (src / "d.txt").write_text("Ärendet är klart.\n", encoding="utf-8")
    result = run("fix", str(src), "-o", str(tmp_path / "out"))
    err = result.stderr.decode("utf-8")
    assert result.returncode == 0, err
    assert "svfix: 4 files: 2 repaired, 2 unchanged; " in err, err
    again = run("fix", str(src), "-o", str(tmp_path / "out"))
    assert "svfix: 4 files: 0 repaired, 4 already done; 0 changes in" in again.stderr.decode("utf-8")


def test_counts_agree_with_their_nouns(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("Forslag till beslut\n", encoding="utf-8")
    assert run("fix", str(one), "-o", str(tmp_path / "fixed.txt")).stderr.decode("utf-8") == f"{one}: 1 change\n"
    assert run("explain", str(one)).stderr.decode("utf-8") == "1 change\n"
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Forslag till beslut\n", encoding="utf-8")
    (src / "b.txt").write_bytes(b"\x00\x01binary\x00")
    result = run("fix", str(src), "-o", str(tmp_path / "out"))
    err = result.stderr.decode("utf-8")
    assert "svfix: 2 files: 1 repaired, 1 failed; 1 change in " in err, err
    assert "1 of 2 inputs failed" in err
    pairs = tmp_path / "pairs"
    pairs.mkdir()
    (pairs / "p.ocr.txt").write_text("Forslag till beslut\n", encoding="utf-8")
    (pairs / "p.gold.txt").write_text("Förslag till beslut\n", encoding="utf-8")
    bench = run("bench", str(pairs))
    out = bench.stdout.decode("utf-8")
    assert bench.returncode == 0 and "svfix bench: 1 pair, 3 words from" in out, out
    (pairs / "q.ocr.txt").write_text("ingen gold", encoding="utf-8")
    bench = run("bench", str(pairs))
    assert "1 input could not be scored (see above); the table covers the 1 valid pair" in bench.stderr.decode()


@pytest.mark.parametrize("typo, suggestion", [("--ouput", "--output"), ("--in-plcae", "--in-place"),
                                              ("--repot", "--report")])
def test_a_mistyped_option_gets_a_suggestion(tmp_path, typo, suggestion):
    (tmp_path / "a.txt").write_text("Forslag", encoding="utf-8")
    result = run("fix", typo, str(tmp_path / "out"), str(tmp_path / "a.txt"))
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2
    assert err.startswith("usage: svfix fix "), err  # the usage of the command, not of svfix
    assert f"svfix error: unrecognized arguments: {typo}" in err and f"did you mean {suggestion}?" in err, err
    result = run("explain", "--jsn", str(tmp_path / "a.txt"))
    assert "did you mean --json?" in result.stderr.decode("utf-8")


def test_no_encoding_and_encoding_are_two_options(tmp_path):
    """--no-encoding (the stage switch) and --encoding NAME (how to decode) once shared a
    destination: each set the other's value."""
    path = tmp_path / "a.txt"
    path.write_text("Forslag for jÃ¤mstÃ¤lldhet", encoding="utf-8")
    assert run("fix", "--no-encoding", str(path)).stdout.decode("utf-8") == "Förslag för jÃ¤mstÃ¤lldhet"
    assert run("fix", "--encoding", "utf-8", str(path)).stdout.decode("utf-8") == "Förslag för jämställdhet"
