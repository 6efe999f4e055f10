"""Running the ``tesseract`` binary: its version, its language models, one page's text and hOCR.

Tesseract comes from Debian (``tesseract-ocr`` with ``tesseract-ocr-eng`` and
``tesseract-ocr-swe``), never from a download. It runs with ``OMP_THREAD_LIMIT=1`` (one
thread per page; pages are run in parallel by worker processes instead, and its output
does not depend on the threads). A missing binary or model raises :class:`TesseractError`
naming the Debian package to install.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ...errors import SvfixError

__all__ = ["TesseractError", "check_tesseract", "run_tesseract", "tesseract_version"]


class TesseractError(SvfixError, RuntimeError):
    """Tesseract is missing, lacks a language, or failed on a page."""


def _tesseract_exe() -> str:
    exe = shutil.which("tesseract")
    if exe is None:
        raise TesseractError(
            "the tesseract binary is not on PATH: apt-get install -y tesseract-ocr "
            "tesseract-ocr-eng tesseract-ocr-swe"
        )
    return exe


def _tess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


# The binary's version and models are asked once per process (a few entries, never stale
# while the process runs: installing a model means running again).
@functools.cache
def tesseract_version() -> str:
    """Version of the ``tesseract`` binary, e.g. ``"5.3.0"``."""
    res = subprocess.run([_tesseract_exe(), "--version"], capture_output=True, text=True, env=_tess_env())
    first = (res.stdout or res.stderr).strip().splitlines()[0]
    return first.split()[-1]


@functools.cache
def _tesseract_langs() -> frozenset[str]:
    res = subprocess.run([_tesseract_exe(), "--list-langs"], capture_output=True, text=True, env=_tess_env())
    return frozenset(line.strip() for line in (res.stdout + res.stderr).splitlines()[1:] if line.strip())


def check_tesseract(lang: str) -> None:
    """Raise :class:`TesseractError` naming the Debian package when Tesseract
    or its ``lang`` model (``swe``, ``eng``, ``swe+eng``, ...) is not installed."""
    _tesseract_exe()
    for part in lang.split("+"):
        if part not in _tesseract_langs():
            raise TesseractError(
                f"Tesseract has no {part!r} model: apt-get install -y tesseract-ocr-{part}"
            )


def run_tesseract(image_path: str | os.PathLike[str], lang: str) -> tuple[bytes, bytes]:
    """Run ``tesseract IMAGE out -l LANG txt hocr`` in the image's directory
    (with ``OMP_THREAD_LIMIT=1``) and return (text, hOCR) as bytes.

    The text is what ``tesseract IMAGE stdout -l LANG`` prints. The image is
    referred to by its base name so that the hOCR does not carry a
    temporary path.
    """
    image_path = Path(image_path)
    with tempfile.TemporaryDirectory(prefix="ocrpairs-out-", dir=image_path.parent) as outdir:
        base = os.path.join(os.path.basename(outdir), "out")
        res = subprocess.run(
            [_tesseract_exe(), image_path.name, base, "-l", lang, "txt", "hocr"],
            cwd=image_path.parent, capture_output=True, env=_tess_env(),
        )
        if res.returncode != 0:
            raise TesseractError(f"tesseract failed on {image_path.name}: {res.stderr.decode(errors='replace')}")
        txt = Path(outdir, "out.txt").read_bytes()
        hocr = Path(outdir, "out.hocr").read_bytes()
    return txt, hocr
