"""An OCRmyPDF plugin: a searchable PDF whose text layer svfix has corrected.

    pip install 'svfix[ocrmypdf]'
    ocrmypdf --plugin svfix.ocrmypdf -l swe scan.pdf out.pdf
    ocrmypdf --plugin svfix.ocrmypdf -l swe --svfix-report changes.jsonl scan.pdf out.pdf

As OCRmyPDF's maintainer advises for post-correction (OCRmyPDF issue #1533), the plugin is
an OCR engine that wraps the built-in Tesseract engine: it calls Tesseract's
``generate_hocr`` for each page and corrects the hOCR in place before OCRmyPDF renders the
text layer from it. Only the words' text changes; every box, baseline and ``x_wconf`` that
Tesseract wrote stays, so the text lies where it did. The words Tesseract doubts are
changed more readily (see :data:`svfix.archive.formats.base.DOUBTED`). The sidecar text
(``--sidecar``) is the corrected text too.

Options (``ocrmypdf --help`` lists them under "svfix"): ``--svfix-report FILE`` writes
every change as a JSON line (svfix's report fields, with ``page`` and the word's hOCR
``element`` ID); ``--svfix-words FILE`` adds local names svfix must know and never change;
``--svfix-min-confidence P`` sets how sure a change must be (default 0.85).

The text layer is rendered from the hOCR by OCRmyPDF's own renderer (``--pdf-renderer
auto`` or ``fpdf2``, the default); ``sandwich`` takes Tesseract's own PDF, which the plugin
cannot correct, and is refused. Tested with OCRmyPDF 17.13.

A page whose hOCR svfix cannot read keeps Tesseract's text (a warning says so): the plugin
never loses a page.
"""
from __future__ import annotations

import logging
import os
import re
import threading
from pathlib import Path
from typing import Any

_NEEDS = "the svfix OCRmyPDF plugin needs OCRmyPDF 17"
try:
    from ocrmypdf import __version__ as _ocrmypdf_version
except ImportError as err:  # the message is the point
    raise ImportError(f"{_NEEDS}, which is not installed: pip install 'svfix[ocrmypdf]'") from err
if not _ocrmypdf_version.split(".")[0].isdigit() or int(_ocrmypdf_version.split(".")[0]) != 17:
    raise ImportError(f"{_NEEDS}, not {_ocrmypdf_version}: pip install 'svfix[ocrmypdf]' (in the environment "
                      "that runs ocrmypdf)")
from ocrmypdf import hookimpl  # noqa: E402
from ocrmypdf.builtin_plugins.tesseract_ocr import TesseractOcrEngine  # noqa: E402
from ocrmypdf.exceptions import BadArgsError  # noqa: E402

log = logging.getLogger(__name__)

#: The per-page report fragments, written beside OCRmyPDF's page files in its work folder
#: and joined into ``--svfix-report`` once every page is done.
FRAGMENT = "_svfix-report.jsonl"
_PAGE = re.compile(r"^(\d+)_")


def _option(options: Any, name: str, default: Any = None) -> Any:
    """A plugin option (argparse puts them among OCRmyPDF's extra attributes)."""
    try:
        value = getattr(options, name)
    except AttributeError:
        return default
    return default if value is None else value


@hookimpl
def add_options(parser) -> None:
    group = parser.add_argument_group("svfix", "Correct the OCR text with svfix before it is rendered")
    group.add_argument("--svfix-report", metavar="FILE",
                       help="write every change svfix makes as a JSON line (page, old, new, stage, reason, confidence)")
    group.add_argument("--svfix-words", metavar="FILE", action="append",
                       help="a UTF-8 list of words to know and never change (local names), one per line")
    group.add_argument("--svfix-min-confidence", metavar="P", type=float,
                       help="change a word only when svfix is at least this sure (0.5-1.0; default 0.85)")


@hookimpl
def check_options(options) -> None:
    from .archive.batch import read_word_list
    from .errors import SvfixError

    if getattr(options, "pdf_renderer", "auto") == "sandwich":
        raise BadArgsError("svfix corrects the hOCR that OCRmyPDF renders; --pdf-renderer sandwich takes Tesseract's "
                           "own PDF, which svfix cannot correct: use --pdf-renderer auto (or fpdf2)")
    confidence = _option(options, "svfix_min_confidence")
    if confidence is not None and not 0.5 <= confidence <= 1.0:
        raise BadArgsError(f"--svfix-min-confidence must be between 0.5 and 1.0, not {confidence}")
    for path in _option(options, "svfix_words", []):
        try:
            read_word_list(path)
        except SvfixError as error:
            raise BadArgsError(f"--svfix-words: {error}") from None
    report = _option(options, "svfix_report")
    if report is not None:
        if getattr(options, "output_type", "pdf") == "none":
            raise BadArgsError("--svfix-report is written with the output PDF; it needs an --output-type other than none")
        folder = Path(report).resolve().parent
        if not folder.is_dir():
            raise BadArgsError(f"--svfix-report: the folder {folder} does not exist")


class SvfixTesseractEngine(TesseractOcrEngine):
    """Tesseract, with every page's hOCR corrected by svfix before it is rendered."""

    @staticmethod
    def creator_tag(options) -> str:
        from . import __version__

        return f"{TesseractOcrEngine.creator_tag(options)} + svfix {__version__}"

    def __str__(self) -> str:
        return f"{TesseractOcrEngine.__str__(self)} + svfix"

    @staticmethod
    def generate_hocr(input_file, output_hocr, output_text, options) -> None:
        TesseractOcrEngine.generate_hocr(input_file, output_hocr, output_text, options)
        correct_page(Path(output_hocr), Path(output_text), options)

    @staticmethod
    def generate_pdf(input_file, output_pdf, output_text, options) -> None:
        raise BadArgsError("svfix corrects hOCR; --pdf-renderer sandwich cannot be used with --plugin svfix.ocrmypdf")


@hookimpl
def get_ocr_engine(options):
    if options is not None and getattr(options, "ocr_engine", "auto") not in ("auto", "tesseract"):
        return None  # another engine was asked for
    return SvfixTesseractEngine()


@hookimpl
def optimize_pdf(input_pdf, output_pdf, context, executor, linearize):
    """Not an optimizer: once every page is done (OCRmyPDF optimizes the finished PDF),
    join the pages' report fragments into ``--svfix-report``; return None so that the
    optimizer OCRmyPDF would run anyway runs."""
    report = _option(context.options, "svfix_report")
    if report is not None:
        write_report(Path(context.work_folder), Path(report))
    return None


# -- the work of a page (in OCRmyPDF's worker processes) ---------------------------------

# One lexicon per list of user words, per worker process: a run has one list, and loading
# the lexicon (memory-mapped) costs a fraction of a second, not to be paid per page.
_LEXICONS: dict[tuple[str, ...], Any] = {}
_LEXICONS_LOCK = threading.Lock()


def _lexicon(words: tuple[str, ...]):
    from . import Lexicon

    with _LEXICONS_LOCK:
        lexicon = _LEXICONS.get(words)
        if lexicon is None:
            _LEXICONS.clear()
            lexicon = _LEXICONS[words] = (Lexicon(words=words) if words else Lexicon.default()).load()
    return lexicon


def correct_page(hocr: Path, text: Path, options) -> int:
    """Correct one page's hOCR (and its sidecar text) in place; return the number of
    changes. A page svfix cannot read keeps Tesseract's output."""
    from . import Config
    from .archive import report
    from .archive.batch import read_word_list, write_atomic
    from .archive.formats import fix_document
    from .errors import SvfixError

    words: list[str] = []
    for path in _option(options, "svfix_words", []):
        words.extend(read_word_list(path))
    confidence = _option(options, "svfix_min_confidence")
    config = Config() if confidence is None else Config(min_confidence=confidence)
    page = _page_number(hocr)
    try:
        result = fix_document(hocr.read_bytes(), "hocr", config, _lexicon(tuple(words)))
    except (SvfixError, OSError) as error:
        log.warning("svfix: page %s keeps Tesseract's text: %s", page or "?", error)
        return 0
    except Exception as error:  # a bug must not cost the page its text layer
        log.warning("svfix: page %s keeps Tesseract's text (unexpected %s: %s; please report it)", page or "?",
                    type(error).__name__, error)
        return 0
    if not result.changes:
        return 0
    write_atomic(hocr, result.output, durable=False)
    try:
        ending = "\f" if text.read_bytes().endswith(b"\f") else ""
    except OSError:
        ending = ""
    write_atomic(text, (result.text + "\n" + ending).encode("utf-8"), durable=False)
    if _option(options, "svfix_report") is not None:
        source = getattr(options, "input_file", "")
        label = "<stream>" if hasattr(source, "read") else os.fspath(source)
        rows = report.rows(label, result.original, result.changes, result.where)
        lines = []
        for row in rows:
            row["page"] = page
            lines.append(report.dumps(row) + "\n")
        write_atomic(hocr.with_name(f"{page or 0:06d}{FRAGMENT}"), "".join(lines).encode("utf-8"), durable=False)
    log.debug("svfix: page %s: %d changes", page, len(result.changes))
    return len(result.changes)


def _page_number(hocr: Path) -> int | None:
    """The page number in OCRmyPDF's name for a page's file (``000003_ocr_hocr.hocr``)."""
    match = _PAGE.match(hocr.name)
    return int(match.group(1)) if match else None


def write_report(work_folder: Path, report: Path) -> int:
    """Join the pages' report fragments, in page order, into ``report`` (written
    atomically); return the number of changes."""
    from .archive.batch import write_atomic

    rows: list[str] = []
    for fragment in sorted(work_folder.glob(f"*{FRAGMENT}")):  # named by page number: in page order
        rows.extend(line for line in fragment.read_text(encoding="utf-8").splitlines() if line.strip())
    write_atomic(report, "".join(line + "\n" for line in rows).encode("utf-8"))
    log.info("svfix: %d changes, reported in %s", len(rows), report)
    return len(rows)
