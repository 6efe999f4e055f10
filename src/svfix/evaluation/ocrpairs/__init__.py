"""Real OCR (OCR, gold) pairs: clean text → A4 page images → Tesseract.

This package makes training and evaluation data for OCR post-correction with an *exact*
gold. Paragraphs of clean text are typeset on white A4 pages at 300 dpi with Pillow
(:mod:`.layout`), each page is degraded by a named profile (:mod:`.degrade`: a clean page,
a mild 200 dpi copy, a 150 dpi JPEG "scan", or a binarised "photocopy"), and the image is
read by the ``tesseract`` binary (:mod:`.tesseract`). :func:`make_pages` (:mod:`.pages`)
writes, per page, Tesseract's text (``<id>.ocr.txt``), the gold (``<id>.gold.txt``, exactly
the drawn lines) and Tesseract's hOCR (``<id>.hocr``), with ``manifest.jsonl`` (how each
page was made) and ``timings.jsonl``. Everything but the timings is byte-identical for the
same inputs, seed and machine, whatever the number of worker processes. The pairs are in
the format ``svfix bench`` reads.

The same pages can be aligned for learning an error model (:mod:`.align`):
:func:`align_words` aligns OCR tokens to gold tokens (1-1, splits, merges, insertions,
deletions) and :func:`align_chars` aligns one OCR token to its gold token as (meant, seen)
segments. :mod:`.corpus` holds the six training and evaluation sets made from
``../shared/corpora`` with the split of :mod:`svfix.evaluation.corpora`.

Command line (inputs: UTF-8 text files, one paragraph per line; a directory stands for
its ``*.txt`` files; each file is one source)::

    python -m svfix.evaluation.ocrpairs corpus.txt more/ -o out/ --lang swe \\
        --profiles clean,mild,scan --fonts all --sizes 10,11,12 --pages 20 --seed 1 --jobs 2
    python -m svfix.evaluation.ocrpairs --stats out/       # WER, seconds/page, confusions
    python -m svfix.evaluation.ocrpairs build-sets --shared ../shared --out ocr-sets

Requirements: Pillow (``pip install 'svfix[bench]'``) and the Debian packages
``tesseract-ocr`` (with ``tesseract-ocr-eng`` / ``tesseract-ocr-swe``),
``fonts-liberation``, ``fonts-dejavu-core``, ``fonts-ebgaramond`` and
``fonts-linuxlibertine``. Nothing is downloaded at run time. Aligning and
:func:`dataset_stats` need neither Pillow nor Tesseract.

>>> word_error_rate("Det bam är här", "Det barn är här.")
(1, 4)
"""
from __future__ import annotations

from .align import AlignedWord, align_chars, align_words, char_confusions, word_error_rate
from .corpus import SETS, OcrSet, build_sets
from .degrade import PROFILES, DrawnParams, Profile, degrade
from .fonts import FONTS, FontNotFoundError, FontSpec, find_font
from .layout import MARGIN_PX, PAGE_SIZE_PX, RENDER_DPI, Page, layout_pages, normalize_text, read_paragraphs, render_page
from .pages import PageRecord, make_pages
from .stats import dataset_stats, iter_pairs, word_pairs
from .tesseract import TesseractError, check_tesseract, run_tesseract, tesseract_version

__all__ = [
    "FONTS",
    "MARGIN_PX",
    "PAGE_SIZE_PX",
    "PROFILES",
    "RENDER_DPI",
    "SETS",
    "AlignedWord",
    "DrawnParams",
    "FontNotFoundError",
    "FontSpec",
    "OcrSet",
    "Page",
    "PageRecord",
    "Profile",
    "TesseractError",
    "align_chars",
    "align_words",
    "build_sets",
    "char_confusions",
    "check_tesseract",
    "dataset_stats",
    "degrade",
    "find_font",
    "iter_pairs",
    "layout_pages",
    "make_pages",
    "normalize_text",
    "read_paragraphs",
    "render_page",
    "run_tesseract",
    "tesseract_version",
    "word_error_rate",
    "word_pairs",
]
