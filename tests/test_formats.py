"""ALTO, hOCR and PAGE XML: round trips on files built from real Tesseract line boxes.

Every coordinate (and every other attribute) must keep its bytes, the words must be
corrected, and the output must be valid against the official schemas
(tests/data/schemas). The parser must refuse entities.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

lxml_etree = pytest.importorskip("lxml.etree")

import ocrxml  # noqa: E402  (tests/ocrxml.py, the generator)

from svfix.archive.formats import detect, document_text, fix_document  # noqa: E402
from svfix.archive.formats.units import Unit, assemble, map_changes  # noqa: E402
from svfix.errors import InputError  # noqa: E402

SCHEMAS = Path(__file__).resolve().parent / "data" / "schemas"
ALTO_SCHEMAS = {2: "alto-2-1.xsd", 3: "alto-3-1.xsd", 4: "alto-4-4.xsd"}
XLINK = "http://www.w3.org/1999/xlink"



@lru_cache(maxsize=None)
def schema(name: str):
    """An official schema; the ALTO schemas' remote XLink import points at the local stub."""
    tree = lxml_etree.parse(str(SCHEMAS / name))
    for node in tree.getroot().iter("{http://www.w3.org/2001/XMLSchema}import"):
        if node.get("namespace") == XLINK:
            node.set("schemaLocation", (SCHEMAS / "alto" / "xlink.xsd").as_uri())
    return lxml_etree.XMLSchema(tree)


def assert_valid(data: bytes, name: str) -> None:
    checker = schema(name)
    assert checker.validate(lxml_etree.fromstring(data)), checker.error_log


def elements(data: bytes):
    root = lxml_etree.fromstring(data)
    return [node for node in root.iter() if isinstance(node.tag, str)]


def raw_attributes(data: bytes, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every ``name="value"`` of the given attributes, as written in the file, in order."""
    pattern = re.compile(r"""\s(%s)=("[^"]*"|'[^']*')""" % "|".join(names))
    found = pattern.findall(data.decode("utf-8"))
    assert found
    return found


LINES = ocrxml.read_lines("sou-1972-47", page=2)


@pytest.mark.parametrize("version", [2, 3, 4])
def test_alto_round_trip(version):
    source = ocrxml.alto(LINES, version, damage=ocrxml.strip_diacritics)
    assert_valid(source, f"alto/{ALTO_SCHEMAS[version]}")
    assert detect(source) == "alto"
    result = fix_document(source, "alto")
    output = result.output
    assert_valid(output, f"alto/{ALTO_SCHEMAS[version]}")
    # every coordinate and other attribute keeps its bytes
    geometry = ("HPOS", "VPOS", "WIDTH", "HEIGHT", "ID", "WC", "SUBS_TYPE")
    layout = re.compile(rb"<Layout>.*</Layout>", re.S)
    assert raw_attributes(layout.search(output).group(), geometry) == raw_attributes(layout.search(source).group(), geometry)
    before, after = elements(source), elements(output)
    strings_before = [e for e in before if e.tag.endswith("}String")]
    strings_after = [e for e in after if e.tag.endswith("}String")]
    assert len(strings_before) == len(strings_after)
    for old, new in zip(strings_before, strings_after):
        assert {k: v for k, v in old.attrib.items() if k not in ("CONTENT", "SUBS_CONTENT")} == \
            {k: v for k, v in new.attrib.items() if k not in ("CONTENT", "SUBS_CONTENT")}
    # CONTENT corrected
    contents = [e.get("CONTENT") for e in strings_after]
    assert "Statsrådet" in contents and "beträffande" in contents and "högst" in contents
    assert result.changes and result.not_applied == 0
    # nothing outside the String elements and the Description changed
    strip = re.compile(rb'(CONTENT|SUBS_CONTENT)="[^"]*"|<Description>.*</Description>', re.S)
    assert strip.sub(b"", output) == strip.sub(b"", source)
    # the processing step is recorded
    if version == 4:
        assert b'<Processing ID="SVFIX_1"><processingCategory>contentModification</processingCategory>' in output
    else:
        assert b"<postProcessingStep><processingStepDescription>Post-correction" in output
    assert b"<softwareName>svfix</softwareName>" in output
    # the corrected text is what the output file reads as
    assert document_text(output, "alto") == result.text


def test_alto_hyphenated_pair_is_corrected_as_one_word():
    source = ocrxml.alto(LINES, 4, damage=ocrxml.strip_diacritics)
    assert b'CONTENT="verkstal" WC="0.58" SUBS_TYPE="HypPart1" SUBS_CONTENT="verkstallande"' in source
    output = fix_document(source, "alto").output
    strings = {e.get("ID"): e for e in elements(output) if e.tag.endswith("}String")}
    first, second = strings["line_6_8_w7"], strings["line_6_9_w1"]
    assert (first.get("CONTENT"), second.get("CONTENT")) == ("verkstäl", "lande")
    assert first.get("SUBS_CONTENT") == second.get("SUBS_CONTENT") == "verkställande"
    # the HYP element is untouched
    assert output.count(b"<HYP ") == source.count(b"<HYP ")


def test_alto_hyphenated_pair_with_a_hyphen_in_the_first_part():
    source = ocrxml.alto(LINES[:12], 2, damage=ocrxml.strip_diacritics).replace(
        b'CONTENT="verkstal" WC="0.58"', b'CONTENT="verkstal-" WC="0.58"')
    output = fix_document(source, "alto").output
    strings = {e.get("ID"): e for e in elements(output) if e.tag.endswith("}String")}
    assert strings["line_6_8_w7"].get("CONTENT") == "verkstäl-"
    assert strings["line_6_9_w1"].get("CONTENT") == "lande"
    assert_valid(output, "alto/alto-2-1.xsd")


def test_alto_without_ocr_processing_gets_one():
    source = ocrxml.alto(LINES[:5], 3, damage=ocrxml.strip_diacritics, processing=False)
    output = fix_document(source, "alto").output
    assert b'<OCRProcessing ID="SVFIX_1">' in output
    assert_valid(output, "alto/alto-3-1.xsd")


def test_hocr_round_trip():
    source = ocrxml.hocr(LINES, damage=ocrxml.strip_diacritics)
    assert detect(source) == "hocr"
    result = fix_document(source, "hocr")
    output = result.output
    assert raw_attributes(output, ("title", "id", "class", "lang")) == raw_attributes(source, ("title", "id", "class", "lang"))
    words_before = [e for e in elements(source) if e.get("class") == "ocrx_word"]
    words_after = [e for e in elements(output) if e.get("class") == "ocrx_word"]
    assert [e.get("title") for e in words_before] == [e.get("title") for e in words_after]
    assert all("x_wconf" in e.get("title") and "bbox" in e.get("title") for e in words_after)
    texts = ["".join(e.itertext()) for e in words_after]
    assert "Statsrådet" in texts and "högst" in texts
    # a word wrapped in <strong> is corrected inside it
    strong = [e for e in words_after if len(e) and e[0].tag.endswith("strong")]
    assert strong and all(len(e) == 1 for e in strong)
    assert b'<meta name="svfix-processing"' in output
    strip = re.compile(rb"<span class='ocrx_word'[^>]*>.*?</span>|\n\s*<meta name=\"svfix-processing\"[^>]*>", re.S)
    assert strip.sub(b"", output) == strip.sub(b"", source)
    assert document_text(output, "hocr") == result.text


def test_page_round_trip():
    source = ocrxml.page_xml(LINES, damage=ocrxml.strip_diacritics)
    name = "page/pagecontent-2019-07-15.xsd"
    assert_valid(source, name)
    assert detect(source) == "page"
    result = fix_document(source, "page")
    output = result.output
    assert_valid(output, name)
    assert raw_attributes(output, ("points", "id", "conf")) == raw_attributes(source, ("points", "id", "conf"))
    root = lxml_etree.fromstring(output)
    ns = {"p": ocrxml.PAGE_NS}
    words = [u.text for u in root.iterfind(".//p:Word/p:TextEquiv/p:Unicode", ns)]
    assert "Statsrådet" in words and "högst" in words
    # line and region texts follow their words
    for line in root.iterfind(".//p:TextLine", ns):
        line_words = [u.text for u in line.iterfind("p:Word/p:TextEquiv/p:Unicode", ns)]
        assert line.find("p:TextEquiv/p:Unicode", ns).text == " ".join(line_words)
    assert b'<MetadataItem type="processingStep" name="svfix' in output
    assert document_text(output, "page") == result.text


def test_a_document_without_changes_keeps_its_bytes_but_for_the_step():
    source = ocrxml.alto(LINES[:3], 4)  # real OCR of correct Swedish, no damage added
    result = fix_document(source, "alto")
    assert result.changes == ()
    strip = re.compile(rb"\n\s*<Processing .*?</Processing>", re.S)
    assert strip.sub(b"", result.output) == source


# --------------------------------------------------------------------------- safety


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE alto [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page><PrintSpace><TextBlock><TextLine>
<String CONTENT="&secret;"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page><PrintSpace><TextBlock><TextLine>
<String CONTENT="&lol3;"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>"""


@pytest.mark.parametrize("data", [XXE, BOMB], ids=["external-entity", "entity-bomb"])
def test_entities_are_refused(data):
    with pytest.raises(InputError, match="entities"):
        fix_document(data, "alto")


def test_malformed_xml_is_a_clear_error():
    with pytest.raises(InputError, match=r"malformed XML \(line \d+"):
        fix_document(b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout></alto>', "alto")


def test_unknown_markup_is_not_guessed():
    with pytest.raises(InputError, match="not ALTO, PAGE or hOCR"):
        detect(b"<mets:mets xmlns:mets='http://www.loc.gov/METS/'/>", "mets.xml")
    assert detect(b"<p>Forslag</p>", "notes.txt") == "txt"


def test_declared_encoding_is_kept():
    source = ocrxml.alto(LINES[:4], 4, damage=ocrxml.strip_diacritics).decode("utf-8")
    latin = source.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("iso-8859-1")
    output = fix_document(latin, "alto").output
    assert output.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert "Statsrådet".encode("iso-8859-1") in output


# --------------------------------------------------------------------------- mapping policy


def test_changes_spanning_units_apply_only_when_the_separators_stay():
    units = [Unit("Forslag"), Unit("for"), Unit("f"), Unit("or"), Unit("beslut")]
    text, spans = assemble([[units[:2], units[2:]]])
    from svfix.changes import Change

    changes = [
        Change(0, 11, "Forslag for", "Förslag för", "diacritics", "", 0.9),  # two units, same separator: applied
        Change(12, 16, "f or", "för", "ocr", "merge", 0.9),  # a merge: not applied
        Change(11, 12, "\n", " ", "layout", "reflow", 1.0),  # a separator only: not applied
    ]
    applied, not_applied = map_changes(text, spans, changes)
    assert [u.corrected for u in units] == ["Förslag", "för", "f", "or", "beslut"]
    assert applied == changes[:1] and not_applied == 2


# --------------------------------------------------------------------------- naming


@pytest.mark.parametrize("fmt", ["txt", "alto", "hocr", "page"])
def test_document_result_text_is_the_corrected_text_like_fix_results(fmt):
    """``DocumentResult.text`` means what ``FixResult.text`` means: the corrected text;
    ``original`` is the text the engine saw, and the changes are spans of it."""
    import svfix

    damaged = [ocrxml.Line(1, "l1", (0, 0, 900, 30), "Forslag till beslut for kommunfullmaktige")]
    source = {"txt": damaged[0].text.encode(), "alto": ocrxml.alto(damaged, 4), "hocr": ocrxml.hocr(damaged),
              "page": ocrxml.page_xml(damaged)}[fmt]
    result = fix_document(source, fmt)
    assert result.original == "Forslag till beslut for kommunfullmaktige"
    assert result.text == "Förslag till beslut för kommunfullmäktige" == svfix.fix(result.original)
    assert result.text == document_text(result.output, fmt)
    for change in result.changes:
        assert result.original[change.start:change.end] == change.old
    assert not hasattr(result, "corrected")


# --------------------------------------------------------------------------- reading as XML reads


def test_attribute_values_and_text_are_read_as_an_xml_parser_reads_them():
    """References, quotes and literal whitespace in CONTENT and in hOCR text mean what
    they mean to lxml; the output reads back as the corrected words."""
    body = ('<String ID="a" CONTENT="Forslag&amp;beslut"/><String ID="b" CONTENT=\'for&#xE5;&#10;x\'/>'
            '<String ID="c" CONTENT="tab\there"/><String ID="d" CONTENT="&lt;kommunfullmaktige&gt;"/>')
    source = ('<?xml version="1.0" encoding="UTF-8"?>\n<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout>'
              f'<Page><PrintSpace><TextBlock><TextLine>{body}</TextLine></TextBlock></PrintSpace></Page></Layout></alto>\n')
    data = source.encode("utf-8")
    expected = " ".join(e.get("CONTENT") for e in elements(data) if e.tag.endswith("}String"))
    assert document_text(data, "alto") == expected
    result = fix_document(data, "alto")
    assert result.original == expected
    assert " ".join(e.get("CONTENT") for e in elements(result.output) if e.tag.endswith("}String")) == result.text
    assert "<kommunfullmäktige>" in result.text


def test_utf16_and_latin1_archive_files_are_written_back_in_their_encoding():
    source = ocrxml.alto(LINES[:6], 4, damage=ocrxml.strip_diacritics).decode("utf-8")
    utf16 = b"\xff\xfe" + source.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-le")
    result = fix_document(utf16, "alto")
    assert result.output.startswith(b"\xff\xfe") and result.changes
    assert document_text(result.output, "alto") == result.text
    assert lxml_etree.fromstring(result.output) is not None


def test_an_undeclared_entity_under_an_external_dtd_is_refused():
    """An XHTML DOCTYPE lets a parser accept &nbsp; unresolved; svfix refuses it (but
    an & in a comment or CDATA section is no reference)."""
    source = ocrxml.hocr(LINES[:3], damage=ocrxml.strip_diacritics)
    assert b"<!DOCTYPE html" in source
    fine = source.replace(b"<head>", b"<head><!-- a &nbsp; in a comment -->", 1)
    assert fix_document(fine, "hocr").changes
    word = re.search(rb"<span class='ocrx_word'[^>]*>([^<]+)</span>", source)
    hostile = source.replace(word.group(0), word.group(0).replace(word.group(1), word.group(1) + b"&nbsp;"), 1)
    with pytest.raises(InputError, match="entity references"):
        fix_document(hostile, "hocr")


def test_a_word_with_markup_inside_is_read_but_not_changed():
    source = ocrxml.hocr(LINES[:3], damage=ocrxml.strip_diacritics)
    word = re.search(rb"(<span class='ocrx_word'[^>]*>)(Statsradet)(</span>)", source)
    assert word, "the sample has the damaged word"
    marked = source.replace(word.group(0), word.group(1) + b"Stats<!-- x -->radet" + word.group(3), 1)
    result = fix_document(marked, "hocr")
    assert "Statsradet" in result.original and b"Stats<!-- x -->radet" in result.output
    page = ocrxml.page_xml(LINES[:3], damage=ocrxml.strip_diacritics)
    cdata = page.replace(b"<Unicode>Statsradet</Unicode>", b"<Unicode><![CDATA[Statsradet]]></Unicode>", 1)
    assert cdata != page
    result = fix_document(cdata, "page")  # character data all the same: corrected
    assert "<Unicode>Statsrådet</Unicode>".encode() in result.output and "Statsradet" in result.original
