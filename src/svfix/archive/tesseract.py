"""Running Tesseract on the pages of one document: hOCR, ALTO or text, pages in order.

Tesseract comes from the system (Debian: ``tesseract-ocr`` and a model per language,
``tesseract-ocr-swe``, ``tesseract-ocr-eng``); nothing is downloaded. The pages of a
document are read in one run (a list of page images), so that the hOCR or ALTO numbers
pages, blocks, lines and words once over the whole document; Tesseract says ``Page N``
on stderr as it starts each page, which :func:`recognise` passes on as progress.
Tesseract runs one thread per run (``OMP_THREAD_LIMIT=1``, unless the environment sets
it), since a batch runs documents side by side on every core.

A missing binary or language model raises :class:`TesseractError`, an
:class:`~svfix.errors.InputError`, naming the Debian package to install.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import InputError

#: What Tesseract writes for each output kind, by its config name.
OUTPUTS = {"hocr": ".hocr", "alto": ".xml", "txt": ".txt"}
_PAGE = re.compile(rb"^Page (\d+)\b")


class TesseractError(InputError):
    """Tesseract is missing, lacks a language model, or failed on a document."""


def _exe() -> str:
    exe = shutil.which("tesseract")
    if exe is None:
        raise TesseractError("--ocr needs Tesseract, which is not installed: apt-get install tesseract-ocr "
                             "tesseract-ocr-swe (or your system's package)")
    return exe


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("OMP_THREAD_LIMIT", "1")
    return env


# The binary's languages are asked once per process (installing a model means running again).
@functools.cache
def languages() -> frozenset[str]:
    """The language models Tesseract has."""
    result = subprocess.run([_exe(), "--list-langs"], capture_output=True, text=True, env=_env())
    return frozenset(line.strip() for line in (result.stdout + result.stderr).splitlines()[1:] if line.strip())


def check(lang: str) -> None:
    """Raise TesseractError unless Tesseract and every model of ``lang`` (``swe``,
    ``swe+eng``) are installed."""
    if not lang or not re.fullmatch(r"[A-Za-z_]+(?:\+[A-Za-z_]+)*", lang):
        raise TesseractError(f"--ocr-lang {lang!r} is not a Tesseract language (swe, eng, swe+eng, ...)")
    have = languages()
    for part in lang.split("+"):
        if part not in have:
            raise TesseractError(f"Tesseract has no {part!r} model: apt-get install tesseract-ocr-{part.lower()} "
                                 f"(installed: {', '.join(sorted(have)) or 'none'})")


def recognise(
    images: Sequence[Path], lang: str, outputs: Sequence[str], folder: Path,
    on_page: Callable[[int, int], None] | None = None,
) -> dict[str, bytes]:
    """Read the page ``images`` (files in ``folder``) in one Tesseract run; return the
    ``outputs`` (``hocr``, ``alto``, ``txt``) by name. ``on_page(done, total)`` is called
    as pages finish."""
    check(lang)
    unknown = [name for name in outputs if name not in OUTPUTS]
    if unknown:
        raise ValueError(f"unknown Tesseract outputs {unknown}")
    pages = folder / "pages.txt"
    pages.write_text("".join(f"{image.name}\n" for image in images), encoding="utf-8")
    source = pages.name if len(images) != 1 else images[0].name
    command = [_exe(), source, "out", "-l", lang, *outputs]
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    assert process.stderr is not None
    said: list[bytes] = []
    started = 0
    for line in process.stderr:
        said.append(line)
        match = _PAGE.match(line)
        if match and on_page is not None:
            if started:  # the page before this one is done
                on_page(started, len(images))
            started = int(match.group(1)) + 1
    process.wait()
    if process.returncode != 0:
        tail = b"".join(said[-5:]).decode("utf-8", "replace").strip()
        raise TesseractError(f"Tesseract failed (exit status {process.returncode}): {tail}")
    if on_page is not None:
        on_page(len(images), len(images))
    found = {}
    for name in outputs:
        path = folder / ("out" + OUTPUTS[name])
        try:
            found[name] = path.read_bytes()
        except OSError:
            raise TesseractError(f"Tesseract wrote no {name} output") from None
    return found
