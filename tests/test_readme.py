"""Every ``svfix`` command line of README.md's code blocks, run as written on sample files
made here (a protocol, a folder of scans with ALTO, pairs for bench), each checked for
its exit status and its output.

The commands are read from the README itself: a command added there without a check
here fails :func:`test_every_readme_command_has_a_check`, and none is skipped. Two are
mapped to a local equivalent, and only these (:data:`MAPPED`):

* ``.venv/bin/svfix fix examples/...`` ends the install line; it runs as the ``svfix`` of
  this environment (installing into a fresh environment is tests/test_packaging.py's
  ``test_wheel_installs_and_fixes_in_a_fresh_venv``);
* ``svfix fix /shared/scans ... --dask tcp://10.1.2.3:8786 ...`` needs a Slurm cluster
  and a file system shared with it: it runs with ``--dask local`` (a LocalCluster,
  what ``--dask`` does with an address otherwise) and ``shared/`` in the work folder
  for ``/shared``.

Lines of other programs (``python3 -m venv``, ``pip``, ``python cluster.py``,
``ocrmypdf --plugin svfix.ocrmypdf``: tests/test_ocrmypdf_plugin.py runs that as users do)
are not svfix command lines; ``cat protocol.txt | svfix fix -`` runs as the pipeline it is.

The PDF commands (:data:`NEEDS`) run on PDFs made by Ghostscript and pages drawn with
Pillow (tests/scandocs.py); without those tools, or Tesseract for ``--ocr``, they are
skipped, saying what to install, as tests/test_pdf.py and tests/test_scan_ocr.py are (CI
installs them: .ci/run).
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import ocrxml
import pytest
from batchdata import make_batch
from scandocs import (
    STRIPPED,
    needs_drawing,
    needs_ghostscript,
    needs_pdf,
    needs_tesseract,
    scanned_pdf,
    scanned_png,
    text_pdf,
    wrap,
)
from support import ROOT, SAMPLE, svfix_command

README = ROOT / "README.md"
#: A README command → the command run instead, and why (see the module docstring).
MAPPED = {
    "svfix fix /shared/scans -o /shared/clean --dask tcp://10.1.2.3:8786 --report /shared/changes.jsonl":
        "svfix fix shared/scans -o shared/clean --dask local --report shared/changes.jsonl",
}
SEPARATORS = {"&&", "||", ";", "&"}
#: The README's PDF commands → the tools they need (tests/scandocs.py's marks).
NEEDS = {
    "svfix fix protokoll.pdf -o protokoll.txt": (needs_pdf, needs_ghostscript),
    "svfix fix arkiv/ -o rattat/": (needs_pdf, needs_ghostscript),
    "svfix fix skannad.pdf --ocr -o skannad.txt": (needs_pdf, needs_drawing, needs_tesseract),
    "svfix fix sida.png --ocr --ocr-lang eng --format hocr -o sida.hocr": (needs_drawing, needs_tesseract),
}


def readme_commands() -> list[str]:
    """The svfix commands of the README's shell code blocks, in order, each once: the
    pipeline holding an ``svfix`` command word, comments left out; a line ending in a
    backslash goes on on the next, as in the shell."""
    found: list[str] = []
    for language, body in re.findall(r"```(\w*)\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        if language not in ("sh", "bash", "shell", "console"):
            continue
        for line in re.sub(r"\\\n", " ", body).splitlines():
            lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            tokens = list(lexer)
            segment: list[str] = []
            for token in [*tokens, ";"]:
                if token not in SEPARATORS:
                    segment.append(token)
                    continue
                parts = " ".join(shlex.quote(t) if t != "|" else t for t in segment).split(" | ")
                if any(Path(shlex.split(part)[0]).name == "svfix" for part in parts if part.strip()):
                    command = " | ".join(parts)
                    command = re.sub(r"(^|\| )\S*/svfix ", r"\1svfix ", command)  # .venv/bin/svfix: this svfix
                    if command not in found:
                        found.append(command)
                segment = []
    return found


# --------------------------------------------------------------------------- sample files


def samples(work: Path) -> None:
    """The files the README's commands name."""
    protocol = SAMPLE.read_text(encoding="utf-8") + "\nMotet i Koppmalla ar klart for beslut.\n"
    (work / "protocol.txt").write_text(protocol, encoding="utf-8")
    (work / "examples").mkdir()
    shutil.copy(SAMPLE, work / "examples" / SAMPLE.name)
    (work / "names.txt").write_text("Köppmälla\n", encoding="utf-8")
    (work / "a.txt").write_text("Forslag till beslut for kommunfullmaktige\n", encoding="utf-8")
    (work / "b.txt").write_text("Arendet galler jÃ¤mstÃ¤lldhet\n", encoding="utf-8")
    lines = ocrxml.read_lines("sou-1972-47", page=2)
    (work / "scan.txt").write_text(ocrxml.strip_diacritics("\n".join(line.text for line in lines)) + "\n",
                                   encoding="utf-8")
    for scans in (work / "scans", work / "shared" / "scans"):
        make_batch(scans, 6)
        (scans / "page2.alto.xml").write_bytes(ocrxml.alto(lines, 4, damage=ocrxml.strip_diacritics))
        (scans / "drafts").mkdir()
        (scans / "drafts" / "utkast.txt").write_text("Forslag (utkast)\n", encoding="utf-8")
    (work / "alto").mkdir()
    for version in (2, 3, 4):
        (work / "alto" / f"v{version}.xml").write_bytes(ocrxml.alto(lines, version, damage=ocrxml.strip_diacritics))
    gold = {"a": "Förslag till beslut för kommunfullmäktige om jämställdhet.\n",
            "b": "Ärendet gäller även näringslivet i länet.\n"}
    (work / "pairs").mkdir()
    records = []
    for name, text in gold.items():
        damaged = ocrxml.strip_diacritics(text)
        (work / "pairs" / f"{name}.ocr.txt").write_text(damaged, encoding="utf-8")
        (work / "pairs" / f"{name}.gold.txt").write_text(text, encoding="utf-8")
        records.append(json.dumps({"ocr": damaged, "gold": text, "name": name}, ensure_ascii=False))
    (work / "pairs.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    (work / "correct").mkdir()
    (work / "correct" / "klart.txt").write_text("Mötet öppnades klockan nio. Han for hem.\n", encoding="utf-8")
    pdf_samples(work)


def missing(command: str) -> str | None:
    """Why ``command`` cannot run here (a tool it needs is missing), or None."""
    for mark in NEEDS.get(command, ()):
        if mark.mark.args[0]:
            return mark.mark.kwargs["reason"]
    return None


def pdf_samples(work: Path) -> None:
    """The PDFs and the page image the PDF commands name, as far as the tools are here."""
    if missing("svfix fix protokoll.pdf -o protokoll.txt") is None:
        lines = wrap(STRIPPED * 2, 80)
        text_pdf(work / "protokoll.pdf", [lines[:8], lines[8:16], lines[16:]])
        (work / "arkiv").mkdir()
        text_pdf(work / "arkiv" / "a.pdf", [lines[:8]])
        (work / "arkiv" / "b.txt").write_text("Forslag till beslut for kommunfullmaktige\n", encoding="utf-8")
    if missing("svfix fix skannad.pdf --ocr -o skannad.txt") is None:
        scanned_pdf(work / "skannad.pdf")
    if missing("svfix fix sida.png --ocr --ocr-lang eng --format hocr -o sida.hocr") is None:
        scanned_png(work / "sida.png")


# --------------------------------------------------------------------------- checks


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)}


def readme_protocol(result, work: Path) -> None:
    assert "Förslag till handlingsplan för jämställdhet 2025–2027" in result.stdout.decode("utf-8")


def stdout_protocol(result, work: Path) -> None:
    readme_protocol(result, work)
    assert "Koppmalla" in (work / "protocol.txt").read_text(encoding="utf-8")  # the input is untouched


def mirrored(result, work: Path, out: str = "clean", source: str = "scans") -> None:
    assert files(work / out) == files(work / source)
    assert (work / out / "page2.alto.xml").read_bytes().count(b"<String ") == \
        (work / source / "page2.alto.xml").read_bytes().count(b"<String ")
    assert "svfix: 8 files: " in result.stderr.decode("utf-8")


def several(result, work: Path) -> None:
    assert (work / "clean" / "a.txt").read_text(encoding="utf-8") == "Förslag till beslut för kommunfullmäktige\n"
    assert (work / "clean" / "b.txt").read_text(encoding="utf-8") == "Ärendet gäller jämställdhet\n"


def in_place(result, work: Path) -> None:
    assert result.stdout == b""
    text = (work / "protocol.txt").read_text(encoding="utf-8")
    assert "Förslag till handlingsplan för jämställdhet" in text and "Mötet i Koppmalla är klart" in text


def explained(result, work: Path) -> None:
    lines = result.stdout.decode("utf-8").splitlines()
    assert lines and all(re.match(r"\d+:\d+\t'.*' → '.*'\t\w", line) for line in lines)
    assert result.stderr.decode("utf-8") == f"{len(lines)} changes\n"


def explained_json(result, work: Path) -> None:
    rows = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    text = (work / "protocol.txt").read_text(encoding="utf-8")
    assert rows and all(text[row["start"]:row["end"]] == row["old"] for row in rows)


def words(result, work: Path) -> None:
    assert "Mötet i Köppmälla är klart för beslut." in result.stdout.decode("utf-8")


def kept_lines(result, work: Path) -> None:
    source = (work / "scan.txt").read_text(encoding="utf-8")
    output = result.stdout.decode("utf-8")
    hyphenated = sum(1 for line in source.splitlines() if line.endswith("-"))  # joined on the upper line
    assert source.count("\n") - hyphenated <= output.count("\n") <= source.count("\n") and output != source
    assert "Statsrådet" in output


def excluded(result, work: Path) -> None:
    assert files(work / "clean") == files(work / "scans") - {"drafts/utkast.txt"}


class _Marks(HTMLParser):
    count = 0

    def handle_starttag(self, tag, attrs):
        self.count += tag == "mark"


def reviewed(result, work: Path) -> None:
    mirrored(result, work)
    rows = [json.loads(line) for line in (work / "changes.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and {row["file"] for row in rows} >= {"scans/page2.alto.xml"}
    page = _Marks()
    page.feed((work / "review.html").read_text(encoding="utf-8"))
    assert page.count == len(rows)


def alto(result, work: Path) -> None:
    assert files(work / "alto-fixed") == {"v2.xml", "v3.xml", "v4.xml"}
    assert "Statsrådet".encode() in (work / "alto-fixed" / "v4.xml").read_bytes()


def on_dask(result, work: Path) -> None:
    mirrored(result, work)


def on_a_cluster(result, work: Path) -> None:
    mirrored(result, work, "shared/clean", "shared/scans")
    assert (work / "shared" / "changes.jsonl").read_text(encoding="utf-8").count("\n") > 10


def bench_table(result, work: Path) -> None:
    out = result.stdout.decode("utf-8")
    assert out.startswith("svfix bench: 2 pairs, ") and "\nsvfix " in out


def bench_csv(result, work: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"))))
    assert [(row["system"], row["file"]) for row in rows] == [("svfix", "(all)"), ("svfix", "a"), ("svfix", "b")]


def bench_clean(result, work: Path) -> None:
    assert "harm on 1 clean text from correct/" in result.stdout.decode("utf-8")


def bench_peers(result, work: Path) -> None:
    systems = {line.split()[0] for line in result.stdout.decode("utf-8").splitlines()[2:] if line.strip()}
    assert {"svfix", "ftfy"} <= systems and len(systems) >= 4, systems


def bench_plot(result, work: Path) -> None:
    assert (work / "errors.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def pdf_text_layer(result, work: Path) -> None:
    text = (work / "protokoll.txt").read_text(encoding="utf-8")
    assert "Förslag till beslut i byggnadsnämnden om detaljplan för kvarteret" in text
    assert "Sida" not in text and "\f" not in text  # page numbers and page breaks gone


def pdf_folder(result, work: Path) -> None:
    assert files(work / "rattat") == {"a.txt", "b.txt"}  # arkiv/a.pdf -> rattat/a.txt
    assert "Förslag till beslut i byggnadsnämnden" in (work / "rattat" / "a.txt").read_text(encoding="utf-8")
    assert (work / "rattat" / "b.txt").read_text(encoding="utf-8") == "Förslag till beslut för kommunfullmäktige\n"


def ocr_pdf(result, work: Path) -> None:
    text = (work / "skannad.txt").read_text(encoding="utf-8")
    for word in ("Byggnadsnämnden", "förslaget", "Förvaltningen"):
        assert word in text, text


def ocr_png_hocr(result, work: Path) -> None:
    hocr = (work / "sida.hocr").read_text(encoding="utf-8")
    assert hocr.count("class='ocrx_word'") > 100 and "x_wconf" in hocr  # Tesseract's words, boxes and confidences
    assert 'name="svfix-processing"' in hocr and "Byggnadsnämnden" in hocr  # corrected: -l eng has no ä


CHECKS: dict[str, Callable] = {
    "svfix fix examples/protokoll-ks-2024-10-01.txt": readme_protocol,
    "svfix fix protocol.txt": stdout_protocol,
    "svfix fix scans/ -o clean/": mirrored,
    "svfix fix a.txt b.txt -o clean/": several,
    "cat protocol.txt | svfix fix -": stdout_protocol,
    "svfix fix --in-place protocol.txt": in_place,
    "svfix explain protocol.txt": explained,
    "svfix explain --json protocol.txt": explained_json,
    "svfix fix --words names.txt --min-confidence 0.99 protocol.txt": words,
    "svfix fix --keep-lines scan.txt": kept_lines,
    "svfix fix scans/ -o clean/ --jobs 2 --exclude 'drafts/*'": excluded,
    "svfix fix scans/ -o clean/ --report changes.jsonl --html review.html": reviewed,
    "svfix fix alto/ -o alto-fixed/ --format alto": alto,
    "svfix fix scans/ -o clean/ --dask local": on_dask,
    "svfix fix /shared/scans -o /shared/clean --dask tcp://10.1.2.3:8786 --report /shared/changes.jsonl": on_a_cluster,
    "svfix bench pairs/": bench_table,
    "svfix bench pairs.jsonl --by-file --csv": bench_csv,
    "svfix bench pairs/ --clean correct/": bench_clean,
    "svfix bench pairs/ --compare": bench_peers,
    "svfix bench pairs/ --plot errors.png": bench_plot,
    "svfix fix protokoll.pdf -o protokoll.txt": pdf_text_layer,
    "svfix fix arkiv/ -o rattat/": pdf_folder,
    "svfix fix skannad.pdf --ocr -o skannad.txt": ocr_pdf,
    "svfix fix sida.png --ocr --ocr-lang eng --format hocr -o sida.hocr": ocr_png_hocr,
}


def test_every_install_line_installs_from_the_repository():
    """svfix is not on PyPI: every ``pip install`` of the README installs a checkout
    (``.``, ``'.[dask]'``) or a wheel built from it, never the name ``svfix``."""
    text = README.read_text(encoding="utf-8")
    installs = re.findall(r"pip install ([^`\n)]*)", text)
    assert len(installs) >= 5
    for arguments in installs:
        own = re.split(r"&&|\||;|#", arguments)[0]  # this pip command's arguments, not the next command's
        targets = [arg for arg in shlex.split(own) if not arg.startswith("-")]
        assert targets, arguments
        for target in targets:
            assert target.startswith(".") or re.search(r"\.whl(\[[\w,]+\])?$", target), \
                f"pip install {arguments}: {target} is not a checkout or a wheel"


def test_every_readme_command_has_a_check():
    commands = readme_commands()
    assert len(commands) >= 15
    assert set(commands) == set(CHECKS), {"without a check": set(commands) - set(CHECKS),
                                          "no longer in the README": set(CHECKS) - set(commands)}
    assert set(MAPPED) <= set(commands) and set(NEEDS) <= set(commands)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("readme") / "work"
    folder.mkdir()
    samples(folder)
    return folder


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command(command, template, tmp_path):
    check = CHECKS.get(command)
    assert check is not None, f"no check for the README command {command!r}"
    if missing(command):
        pytest.skip(missing(command))
    tmp_path.rmdir()
    shutil.copytree(template, tmp_path)  # each command on fresh samples
    bin_dir = Path(svfix_command()[0]).parent  # where this environment's svfix is
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(["bash", "-c", MAPPED.get(command, command)], cwd=tmp_path, capture_output=True,
                            timeout=600, env=env)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr
    check(result, tmp_path)
