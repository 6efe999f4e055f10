"""Test helper: real ALTO (v2, v3, v4), hOCR and PAGE XML built from real Tesseract line boxes.

``tests/data/ocr-lines/*.lines.tsv`` holds Tesseract's OCR of scanned Swedish government
print (three pages, from ``ferenda-testdata``), one line per row with its page and bounding
box in scan pixels. These functions turn some of its lines into archive files the way an OCR engine
lays them out: word boxes cut from the line box in proportion to the characters, blocks
where the vertical gap between lines is large, a word hyphenated at a line end marked as
an ALTO HypPart1/HypPart2 pair with SUBS_CONTENT, confidences as ``WC``/``x_wconf``/
``conf``. ``damage`` (a function on words) can strip diacritics so that svfix has
something to correct.
"""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from html import escape
from pathlib import Path

TESSERACT = Path(__file__).resolve().parent / "data" / "ocr-lines"

ALTO_NS = {2: "http://www.loc.gov/standards/alto/ns-v2#", 3: "http://www.loc.gov/standards/alto/ns-v3#",
           4: "http://www.loc.gov/standards/alto/ns-v4#"}
PAGE_NS = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"


@dataclass
class Line:
    page: int
    id: str
    box: tuple[int, int, int, int]
    text: str


@dataclass
class Word:
    text: str
    box: tuple[int, int, int, int]
    confidence: float


def read_lines(name: str = "sou-1972-47", page: int | None = None, limit: int | None = None) -> list[Line]:
    """The OCR lines of one document (one page of it, when ``page`` is given)."""
    lines = []
    with open(TESSERACT / f"{name}.lines.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if page is not None and int(row["page"]) != page:
                continue
            if not row["text"].strip():
                continue
            box = (int(row["x0"]), int(row["y0"]), int(row["x1"]), int(row["y1"]))
            lines.append(Line(int(row["page"]), row["line_id"], box, row["text"]))
            if limit and len(lines) >= limit:
                break
    return lines


def strip_diacritics(word: str) -> str:
    """The damage of an OCR model without Swedish: å ä ö é lose their marks."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def words_of(line: Line, damage=None) -> list[Word]:
    """The words of a line with boxes cut from the line box in proportion to their length."""
    tokens = line.text.split()
    x0, y0, x1, y1 = line.box
    total = sum(len(t) for t in tokens) + max(len(tokens) - 1, 0)
    scale = (x1 - x0) / max(total, 1)
    words, position = [], 0
    for number, token in enumerate(tokens):
        left = x0 + round(position * scale)
        right = x0 + round((position + len(token)) * scale)
        confidence = 0.5 + ((sum(map(ord, token)) + number) % 50) / 100
        words.append(Word(damage(token) if damage else token, (left, y0, max(right, left + 1), y1), confidence))
        position += len(token) + 1
    return words


def blocks_of(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into blocks where the gap to the previous line exceeds a line height."""
    blocks: list[list[Line]] = []
    previous = None
    for line in lines:
        height = line.box[3] - line.box[1]
        gap = line.box[1] - previous.box[3] if previous else 0
        if previous is None or line.page != previous.page or gap > height or line.box[1] < previous.box[1]:
            blocks.append([])
        blocks[-1].append(line)
        previous = line
    return blocks


def _hyphen_pairs(blocks: list[list[list[Word]]]) -> dict[int, tuple[str, str]]:
    """Words that end a line with a hyphen and continue on the next line of the block:
    id(word) → (role, SUBS_CONTENT)."""
    pairs = {}
    for lines in blocks:
        for this, following in zip(lines, lines[1:]):
            if this and following and this[-1].text.endswith("-") and len(this[-1].text) > 2 and following[0].text[:1].isalpha():
                full = this[-1].text[:-1] + following[0].text
                pairs[id(this[-1])] = ("HypPart1", full)
                pairs[id(following[0])] = ("HypPart2", full)
    return pairs


def alto(lines: list[Line], version: int = 4, damage=None, processing: bool = True) -> bytes:
    """An ALTO file of ``lines`` (one Page), valid against the official schema of ``version``."""
    blocks = [[words_of(line, damage) for line in block] for block in blocks_of(lines)]
    pairs = _hyphen_pairs(blocks)
    width = max(line.box[2] for line in lines) + 100
    height = max(line.box[3] for line in lines) + 100
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<alto xmlns="{ALTO_NS[version]}" xmlns:xlink="http://www.w3.org/1999/xlink">',
           "  <Description>", "    <MeasurementUnit>pixel</MeasurementUnit>",
           "    <sourceImageInformation>", f"      <fileName>{lines[0].page:04d}.tif</fileName>",
           "    </sourceImageInformation>"]
    if processing:
        out += ['    <OCRProcessing ID="OCR_0">', "      <ocrProcessingStep>",
                "        <processingSoftware>", "          <softwareName>tesseract</softwareName>",
                "          <softwareVersion>3.05</softwareVersion>", "        </processingSoftware>",
                "      </ocrProcessingStep>", "    </OCRProcessing>"]
    out += ["  </Description>", "  <Layout>",
            f'    <Page ID="PAGE_{lines[0].page}" PHYSICAL_IMG_NR="{lines[0].page}" HEIGHT="{height}" WIDTH="{width}">',
            f'      <PrintSpace HPOS="0" VPOS="0" WIDTH="{width}" HEIGHT="{height}">']
    for b, (block, block_lines) in enumerate(zip(blocks, blocks_of(lines)), 1):
        bx0 = min(line.box[0] for line in block_lines)
        by0 = min(line.box[1] for line in block_lines)
        bx1 = max(line.box[2] for line in block_lines)
        by1 = max(line.box[3] for line in block_lines)
        out.append(f'        <TextBlock ID="BLOCK_{b}" HPOS="{bx0}" VPOS="{by0}" WIDTH="{bx1 - bx0}" HEIGHT="{by1 - by0}">')
        for words, line in zip(block, block_lines):
            x0, y0, x1, y1 = line.box
            out.append(f'          <TextLine ID="{line.id}" HPOS="{x0}" VPOS="{y0}" WIDTH="{x1 - x0}" HEIGHT="{y1 - y0}">')
            for w, word in enumerate(words):
                wx0, wy0, wx1, wy1 = word.box
                role = pairs.get(id(word))
                content = word.text[:-1] if role and role[0] == "HypPart1" else word.text
                subs = f' SUBS_TYPE="{role[0]}" SUBS_CONTENT="{escape(role[1])}"' if role else ""
                out.append(f'            <String ID="{line.id}_w{w + 1}" HPOS="{wx0}" VPOS="{wy0}" WIDTH="{wx1 - wx0}" '
                           f'HEIGHT="{wy1 - wy0}" CONTENT="{escape(content)}" WC="{word.confidence:.2f}"{subs}/>')
                if role and role[0] == "HypPart1":
                    out.append(f'            <HYP HPOS="{wx1 - 8}" VPOS="{wy0}" WIDTH="8" CONTENT="-"/>')
                elif w + 1 < len(words):
                    out.append(f'            <SP HPOS="{wx1}" VPOS="{wy0}" WIDTH="{words[w + 1].box[0] - wx1}"/>')
            out.append("          </TextLine>")
        out.append("        </TextBlock>")
    out += ["      </PrintSpace>", "    </Page>", "  </Layout>", "</alto>", ""]
    return "\n".join(out).encode("utf-8")


def hocr(lines: list[Line], damage=None) -> bytes:
    """An hOCR (XHTML) page of ``lines`` as Tesseract writes it."""
    blocks = blocks_of(lines)
    width = max(line.box[2] for line in lines) + 100
    height = max(line.box[3] for line in lines) + 100
    page = lines[0].page
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"',
           '    "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
           '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="sv" lang="sv">', " <head>",
           "  <title></title>", '  <meta http-equiv="Content-Type" content="text/html;charset=utf-8" />',
           "  <meta name='ocr-system' content='tesseract 3.05.01' />",
           "  <meta name='ocr-capabilities' content='ocr_page ocr_carea ocr_par ocr_line ocrx_word'/>",
           " </head>", " <body>",
           f"  <div class='ocr_page' id='page_{page}' "
           f"title='image \"{page:04d}.tif\"; bbox 0 0 {width} {height}; ppageno {page - 1}'>"]
    number = 0
    for b, block in enumerate(blocks, 1):
        bx0, by0 = min(line.box[0] for line in block), min(line.box[1] for line in block)
        bx1, by1 = max(line.box[2] for line in block), max(line.box[3] for line in block)
        out.append(f"   <div class='ocr_carea' id='block_{page}_{b}' title=\"bbox {bx0} {by0} {bx1} {by1}\">")
        out.append(f"    <p class='ocr_par' id='par_{page}_{b}' lang='swe' title=\"bbox {bx0} {by0} {bx1} {by1}\">")
        for line in block:
            x0, y0, x1, y1 = line.box
            out.append(f"     <span class='ocr_line' id='{line.id}' title=\"bbox {x0} {y0} {x1} {y1}; baseline 0 -8; "
                       f"x_size {y1 - y0}; x_descenders 8; x_ascenders 10\">")
            for word in words_of(line, damage):
                number += 1
                wx0, wy0, wx1, wy1 = word.box
                text = escape(word.text, quote=False)
                if number % 17 == 0:
                    text = f"<strong>{text}</strong>"
                out.append(f"      <span class='ocrx_word' id='word_{page}_{number}' title='bbox {wx0} {wy0} {wx1} {wy1}; "
                           f"x_wconf {round(word.confidence * 100)}' lang='swe'>{text}</span>")
            out.append("     </span>")
        out.append("    </p>")
        out.append("   </div>")
    out += ["  </div>", " </body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


def page_xml(lines: list[Line], damage=None) -> bytes:
    """A PAGE XML (2019-07-15) file of ``lines`` with Word, TextLine and TextRegion text."""
    blocks = blocks_of(lines)
    width = max(line.box[2] for line in lines) + 100
    height = max(line.box[3] for line in lines) + 100

    def points(box):
        x0, y0, x1, y1 = box
        return f"{x0},{y0} {x1},{y0} {x1},{y1} {x0},{y1}"

    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           f'<PcGts xmlns="{PAGE_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           f'xsi:schemaLocation="{PAGE_NS} {PAGE_NS}/pagecontent.xsd">',
           "    <Metadata>", "        <Creator>tesseract 3.05 via svfix tests</Creator>",
           "        <Created>2019-03-01T10:00:00</Created>", "        <LastChange>2019-03-01T10:00:00</LastChange>",
           "    </Metadata>", f'    <Page imageFilename="{lines[0].page:04d}.tif" imageWidth="{width}" imageHeight="{height}">']
    for b, block in enumerate(blocks, 1):
        bx0, by0 = min(line.box[0] for line in block), min(line.box[1] for line in block)
        bx1, by1 = max(line.box[2] for line in block), max(line.box[3] for line in block)
        out.append(f'        <TextRegion id="r{b}" type="paragraph">')
        out.append(f'            <Coords points="{points((bx0, by0, bx1, by1))}"/>')
        region_lines = []
        for line in block:
            words = words_of(line, damage)
            out.append(f'            <TextLine id="{line.id}">')
            out.append(f'                <Coords points="{points(line.box)}"/>')
            out.append(f'                <Baseline points="{line.box[0]},{line.box[3] - 8} {line.box[2]},{line.box[3] - 8}"/>')
            for w, word in enumerate(words, 1):
                out.append(f'                <Word id="{line.id}_w{w}">')
                out.append(f'                    <Coords points="{points(word.box)}"/>')
                out.append(f'                    <TextEquiv conf="{word.confidence:.2f}">')
                out.append(f"                        <Unicode>{escape(word.text, quote=False)}</Unicode>")
                out.append("                    </TextEquiv>")
                out.append("                </Word>")
            text = " ".join(word.text for word in words)
            region_lines.append(text)
            out.append(f"                <TextEquiv><Unicode>{escape(text, quote=False)}</Unicode></TextEquiv>")
            out.append("            </TextLine>")
        out.append(f"            <TextEquiv><Unicode>{escape(chr(10).join(region_lines), quote=False)}</Unicode></TextEquiv>")
        out.append("        </TextRegion>")
    out += ["    </Page>", "</PcGts>", ""]
    return "\n".join(out).encode("utf-8")


def large_alto(word_count: int, seed: int = 16, lines_per_block: int = 20) -> bytes:
    """An ALTO 4 file of ``word_count`` ``String`` elements (about 80 bytes each, as an OCR
    engine writes them), for measuring how the archive layer scales.

    The words are the committed official prose (``tests/data/corpus/official.txt``) over
    and over, ten a line, twenty lines a block; in two lines of three a seeded random
    half of the words lose their diacritics, so that the engine has changes to make.
    The same arguments always give the same bytes.
    """
    import random

    corpus = (Path(__file__).resolve().parent / "data" / "corpus" / "official.txt").read_text(encoding="utf-8").split()
    rng = random.Random(seed)
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<alto xmlns="{ALTO_NS[4]}">',
           "<Description><MeasurementUnit>pixel</MeasurementUnit></Description>",
           '<Layout><Page ID="P1" HEIGHT="100000" WIDTH="2000" PHYSICAL_IMG_NR="1"><PrintSpace>']
    number = 0
    line_number = 0
    while number < word_count:
        out.append(f'<TextBlock ID="b{line_number // lines_per_block}">')
        for _ in range(lines_per_block):
            if number >= word_count:
                break
            line_number += 1
            out.append(f'<TextLine ID="l{line_number}" HPOS="100" VPOS="{line_number * 40}" WIDTH="1800" HEIGHT="30">')
            damaged = line_number % 3 != 0
            for column in range(min(10, word_count - number)):
                word = corpus[number % len(corpus)]
                if damaged and rng.random() < 0.5:
                    word = strip_diacritics(word)
                number += 1
                out.append(f'<String ID="s{number}" HPOS="{100 + column * 170}" VPOS="{line_number * 40}" WIDTH="160" '
                           f'HEIGHT="30" CONTENT="{escape(word)}" WC="0.9"/>')
            out.append("</TextLine>")
        out.append("</TextBlock>")
    out += ["</PrintSpace></Page></Layout>", "</alto>", ""]
    return "\n".join(out).encode("utf-8")
