"""PDF text layers: which library reads Swedish PDFs best, and how fast.

    python benchmarks/pdf_text.py [--shared ../shared] [--words 8000] [--out benchmarks/out/pdf]

Typesets the same Swedish text (the example protocol, then paragraphs of
``../shared/dev/clean.txt``) into PDFs with three real producers, each as a user's PDFs
are made:

- ``chromium``: HTML printed to PDF by Debian's headless Chromium (EB Garamond, justified,
  with its ligatures; a running header repeated on every page, as a word processor does);
- ``groff``: ``groff -Tpdf -ms`` with Swedish hyphenation (``sv.tmac``), justified Times with
  kerning and a page number on every page (Debian ``groff``);
- ``ghostscript``: PostScript written here (Times-Roman re-encoded to ISO Latin-1, ragged
  right, header and ``Sida N av M`` footer) turned into PDF by ``ps2pdf``.

Each PDF is read page by page with pypdf (plain and ``layout`` mode), pdfminer.six (default
``LAParams`` and with ``boxes_flow=None``) and, as a reference, poppler's ``pdftotext``. The
score is the word error rate against the typeset text, raw and after ``svfix.fix`` (which
joins hyphenated words and removes the running headers and page numbers), with the share of
å, ä, ö kept, ligature characters left (ﬁ, ﬂ, ...) and milliseconds per page. A producer
that is not installed is left out (and said so). ``section()`` returns the Markdown for
RESULTS.md (section "PDF text layers").
"""
from __future__ import annotations

import argparse
import html
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import svfix  # noqa: E402
from svfix.evaluation.metrics import wer  # noqa: E402

HEADER = "Kommunstyrelsen · Protokoll 2024-10-01"
LIGATURES = "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"


def gold_paragraphs(shared: Path, words: int) -> list[str]:
    """The example protocol's paragraphs, then clean.txt's, up to about ``words`` words."""
    paragraphs = [p.replace("\n", " ") for p in (ROOT / "examples" / "protokoll-ks-2024-10-01.clean.txt")
                  .read_text(encoding="utf-8").split("\n\n") if p.strip()]
    paragraphs += [p.replace("\n", " ") for p in (shared / "dev" / "clean.txt").read_text(encoding="utf-8").split("\n\n")
                   if p.strip()]
    out, count = [], 0
    for paragraph in paragraphs:
        out.append(paragraph.strip())
        count += len(paragraph.split())
        if count >= words:
            break
    return out


# -- producers -------------------------------------------------------------------------

def make_chromium(paragraphs: list[str], out: Path) -> Path | None:
    exe = shutil.which("chromium")
    if exe is None:
        return None
    page = out / "chromium.html"
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    page.write_text(
        '<!doctype html><html lang="sv"><head><meta charset="utf-8"><style>'
        '@page{size:A4;margin:25mm 25mm 25mm 25mm} body{font-family:"EB Garamond";font-size:12pt;'
        "text-align:justify;hyphens:auto;line-height:1.3} .h{position:fixed;top:-15mm;left:0;font-size:9pt}"
        f'</style></head><body><div class="h">{html.escape(HEADER)}</div>{body}</body></html>',
        encoding="utf-8")
    pdf = out / "chromium.pdf"
    subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=300, check=True)
    return pdf


def make_groff(paragraphs: list[str], out: Path) -> Path | None:
    groff = shutil.which("groff")
    if groff is None or not Path("/usr/share/groff").exists() or not any(Path("/usr/share/groff").glob("*/font/devpdf")):
        return None
    source = [".mso sv.tmac", ".hla sv", ".hy 14", ".nr PS 11", ".nr VS 13", f".ds LH {HEADER}", ".ds CH", ".ds CF %"]
    for paragraph in paragraphs:
        source += [".LP", paragraph.replace("\\", "\\e").lstrip(".'")]
    preconv = subprocess.run(["preconv", "-e", "utf-8"], input="\n".join(source).encode("utf-8"), capture_output=True,
                             check=True)
    pdf = out / "groff.pdf"
    result = subprocess.run([groff, "-Tpdf", "-ms", "-Kutf8"], input=preconv.stdout, capture_output=True, check=True)
    pdf.write_bytes(result.stdout)
    return pdf


def make_ghostscript(paragraphs: list[str], out: Path) -> Path | None:
    ps2pdf = shutil.which("ps2pdf")
    if ps2pdf is None:
        return None
    from PIL import ImageFont  # Liberation Serif has the metrics of Times

    font = ImageFont.truetype("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf", 1000)
    size, width, top, bottom, leading = 11, 595 - 2 * 72, 842 - 72, 72, 14

    def fits(line: str) -> bool:
        return font.getlength(line) * size / 1000 <= width

    lines: list[str] = []
    for paragraph in paragraphs:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if fits(candidate) or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines += [line, ""]
    per_page = int((top - bottom) / leading) - 2
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]

    def ps_string(text: str) -> str:
        data = text.replace("·", "-").encode("latin-1", "replace")
        return "(" + "".join(chr(b) if 32 <= b < 127 and chr(b) not in "()\\" else f"\\{b:03o}" for b in data) + ")"

    ps = ["%!PS-Adobe-3.0", f"%%Pages: {len(pages)}", "%%EndComments",
          "/Times-Roman findfont dup length dict begin {1 index /FID ne {def} {pop pop} ifelse} forall "
          "/Encoding ISOLatin1Encoding def currentdict end /TimesLatin1 exch definefont pop"]
    for number, page in enumerate(pages, 1):
        ps += [f"%%Page: {number} {number}", "/TimesLatin1 findfont 9 scalefont setfont",
               f"72 {842 - 50} moveto {ps_string(HEADER)} show", f"/TimesLatin1 findfont {size} scalefont setfont"]
        y = top
        for line in page:
            if line:
                ps.append(f"72 {y} moveto {ps_string(line)} show")
            y -= leading
        ps += ["/TimesLatin1 findfont 9 scalefont setfont", f"280 40 moveto {ps_string(f'Sida {number} av {len(pages)}')} show",
               "showpage"]
    source = out / "ghostscript.ps"
    source.write_text("\n".join(ps) + "\n%%EOF\n", encoding="latin-1")
    pdf = out / "ghostscript.pdf"
    subprocess.run([ps2pdf, str(source), str(pdf)], capture_output=True, check=True, timeout=300)
    return pdf


PRODUCERS: dict[str, Callable[[list[str], Path], Path | None]] = {
    "chromium": make_chromium, "groff": make_groff, "ghostscript": make_ghostscript,
}


# -- readers ---------------------------------------------------------------------------

def read_pypdf(path: Path, mode: str = "plain") -> list[str]:
    import pypdf

    reader = pypdf.PdfReader(path)
    return [page.extract_text(extraction_mode=mode) for page in reader.pages]


def read_pdfminer(path: Path, flow: bool = True) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer

    params = LAParams() if flow else LAParams(boxes_flow=None)
    pages = []
    for layout in extract_pages(path, laparams=params):
        pages.append("".join(element.get_text() for element in layout if isinstance(element, LTTextContainer)))
    return pages


def read_pdfium(path: Path) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\ufffe", "-\n"))
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def read_pdftotext(path: Path) -> list[str]:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8").rstrip("\f").split("\f")


READERS: dict[str, Callable[[Path], list[str]]] = {
    "pypdf": read_pypdf,
    "pypdf layout": lambda path: read_pypdf(path, "layout"),
    "pdfminer.six": read_pdfminer,
    "pdfminer.six boxes_flow=None": lambda path: read_pdfminer(path, flow=False),
    "pypdfium2": read_pdfium,
    "pdftotext (poppler, reference)": read_pdftotext,
}


def _diacritics(text: str) -> int:
    return sum(text.count(c) for c in "åäöÅÄÖ")


def measure(paragraphs: list[str], folder: Path, repeat: int = 3) -> tuple[list[dict], list[str]]:
    gold = "\n\n".join(paragraphs)
    rows, missing = [], []
    for producer, make in PRODUCERS.items():
        try:
            pdf = make(paragraphs, folder)
        except (subprocess.SubprocessError, OSError) as err:
            missing.append(f"{producer} ({err})")
            continue
        if pdf is None:
            missing.append(f"{producer} (not installed)")
            continue
        for reader, read in READERS.items():
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                pages = read(pdf)
                times.append(time.perf_counter() - started)
            text = "\n\f\n".join(pages)
            fixed = svfix.fix(text)
            rows.append({
                "producer": producer, "reader": reader, "pages": len(pages),
                "ms_per_page": 1000 * statistics.median(times) / max(len(pages), 1),
                "wer_raw": wer(text, gold), "wer_fixed": wer(fixed, gold),
                "diacritics": _diacritics(text) / max(_diacritics(gold), 1),
                "ligatures": sum(text.count(c) for c in LIGATURES),
            })
    return rows, missing


def section(shared: Path, words: int = 8000, out: Path | None = None) -> list[str]:
    paragraphs = gold_paragraphs(shared, words)
    with tempfile.TemporaryDirectory(prefix="svfix-pdf-bench-") as tmp:
        folder = out or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        rows, missing = measure(paragraphs, folder)
    import pdfminer
    import pypdf

    lines = [
        "## PDF text layers",
        "",
        f"The same {sum(len(p.split()) for p in paragraphs):,} words (the example protocol, then `../shared/dev/clean.txt`)",
        "typeset into PDFs by three real producers (`benchmarks/pdf_text.py`): Chromium's print to PDF",
        "(EB Garamond, justified, ligatures, a running header), `groff -Tpdf -ms` (Swedish hyphenation,",
        "justified and kerned Times, page numbers) and `ps2pdf` of PostScript in Times-Roman/ISO Latin-1",
        "(header and `Sida N av M`). Each is read page by page; WER against the typeset text, raw and after",
        "`svfix.fix` (hyphens joined, headers and page numbers removed); å/ä/ö kept (share of the gold's);",
        "ligature characters left; milliseconds per page (median of 3 reads).",
        f"pypdf {pypdf.__version__}, pdfminer.six {pdfminer.__version__}.",
        "",
        "| producer | reader | pages | WER raw | WER after svfix | å/ä/ö kept | ligatures left | ms/page |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(f"| {row['producer']} | {row['reader']} | {row['pages']} | {row['wer_raw']:.2%} | {row['wer_fixed']:.2%} "
                     f"| {row['diacritics']:.1%} | {row['ligatures']} | {row['ms_per_page']:.1f} |")
    if missing:
        lines += ["", "Left out: " + "; ".join(missing) + "."]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--words", type=int, default=8000)
    parser.add_argument("--out", type=Path, help="keep the PDFs in this folder")
    parser.add_argument("--write", action="store_true", help="write the section into benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    lines = section(args.shared, args.words, args.out)
    print("\n".join(lines))
    if args.write:
        from sections import replace_section

        replace_section(HERE / "RESULTS.md", "PDF text layers", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
