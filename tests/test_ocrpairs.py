"""Real OCR pairs (svfix.evaluation.ocrpairs): the gold is exactly what is drawn, every
choice is seeded, the alignment finds splits, merges and insertions, Tesseract really
reads the pages, and the OCR sets are made only from text on their side of the split.

The tests that draw need Pillow (the ``bench`` extra) and the Debian fonts; those that
read need ``tesseract`` with its ``eng`` and ``swe`` models. ``.ci/run`` installs them;
without them these tests are skipped, saying what to install."""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import DATA, shared

import svfix.evaluation.ocrpairs as op
from svfix.errors import InputError
from svfix.evaluation import corpora
from svfix.evaluation.ocrpairs import corpus, fonts
from svfix.evaluation.ocrpairs.layout import load_font, rows_per_page

FONT_PACKAGES = "fonts-liberation fonts-dejavu-core fonts-ebgaramond fonts-linuxlibertine"


def _fonts_installed() -> bool:
    try:
        for key in op.FONTS:
            op.find_font(key)
    except op.FontNotFoundError:
        return False
    return True


def _have_lang(lang: str) -> bool:
    try:
        op.check_tesseract(lang)
        return True
    except op.TesseractError:
        return False


needs_fonts = pytest.mark.skipif(
    importlib.util.find_spec("PIL") is None or not _fonts_installed(),
    reason=f"drawing pages needs Pillow (pip install 'svfix[bench]') and the fonts (apt-get install -y {FONT_PACKAGES})",
)
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None or not (_have_lang("eng") and _have_lang("swe")),
    reason="tesseract or its models are not installed: apt-get install -y tesseract-ocr tesseract-ocr-eng tesseract-ocr-swe",
)
COMMAND = [sys.executable, "-m", "svfix.evaluation.ocrpairs"]

SWEDISH = [
    "Kommunfullmäktige beslutade i dag att förlänga avtalet om skolskjutsar med ytterligare två år.",
    "Barnen i förskolan får även i fortsättningen äta lunch i den gemensamma matsalen på övervåningen.",
    "Länsstyrelsen ska senast den 1 oktober lämna en redovisning av hur bidragen har använts.",
    "Hon gick långsamt över ängen, där gräset ännu var vått av dagg, och såg på de höga björkarna.",
]


def _long_paragraphs(n: int = 60) -> list[str]:
    base = ("Det här är en mening om förvaltningens ansvar för vård och omsorg i kommunen, "
            "med ord av olika längd som Arbetsmarknadsutbildningar och i.")
    return [f"{k}: {base} {base[: (k * 7) % len(base)]}".strip() for k in range(n)]


# --- layout: the gold is what is drawn ----------------------------------------------


@needs_fonts
def test_layout_wraps_within_page_and_keeps_every_word():
    paras = _long_paragraphs()
    pages = list(op.layout_pages(paras, seed=1, sizes=(10, 12)))
    assert len(pages) >= 2
    width = op.PAGE_SIZE_PX[0] - 2 * op.MARGIN_PX
    for page in pages:
        font = load_font(page.font, page.size_pt, fonts.layout_engine())
        n_rows, _pitch, _y0 = rows_per_page(font)
        assert len(page.rows) <= n_rows
        assert page.rows[0] is not None and page.rows[-1] is not None
        for row in page.lines:
            assert font.getlength(row) <= width
            assert row == row.strip() and "  " not in row
        assert page.gold == "\n".join("" if r is None else r for r in page.rows)
        assert "\n\n\n" not in page.gold
    # nothing lost, nothing reordered, no hyphenation
    assert " ".join(" ".join(p.gold.split()) for p in pages) == " ".join(" ".join(paras).split())


@needs_fonts
def test_paragraphs_separated_by_blank_line_and_continue_on_next_page():
    paras = _long_paragraphs()
    pages = list(op.layout_pages(paras, seed=2))
    golds = [p.gold for p in pages]
    inside = [g.split("\n\n") for g in golds]
    starts = [p.split(": ", 1)[0] for g in inside for p in g if p[:1].isdigit() and ": " in p[:4]]
    assert starts[:3] == ["0", "1", "2"]
    assert " ".join("\n\n".join(golds).split()) == " ".join(" ".join(paras).split())


@needs_fonts
def test_gold_equals_drawn_lines():
    """The page image is exactly the union of the gold's lines, each drawn alone at its
    row; a row has ink iff it is not blank; nothing is drawn in the margins."""
    from PIL import Image, ImageChops, ImageDraw

    page = next(op.layout_pages(SWEDISH, seed=5, sizes=(12,), fonts=("liberation-serif",)))
    img = op.render_page(page)
    font = load_font(page.font, page.size_pt, fonts.layout_engine())
    _n, pitch, y0 = rows_per_page(font)
    union = Image.new("L", img.size, 255)
    for k, line in enumerate(page.gold.split("\n")):
        if line:
            single = Image.new("L", img.size, 255)
            ImageDraw.Draw(single).text((op.MARGIN_PX, y0 + k * pitch), line, font=font, fill=0, anchor="ls")
            union = ImageChops.darker(union, single)
    assert union.tobytes() == img.tobytes()
    w, h = img.size
    px = img.load()
    for k, row in enumerate(page.rows):
        y = round(y0 + k * pitch)
        has_ink = any(px[x, yy] < 128 for yy in range(y - round(0.4 * font.size), y) for x in range(0, w, 2))
        assert has_ink == (row is not None)
    bbox = img.point(lambda v: 255 - v).getbbox()
    assert bbox[0] >= op.MARGIN_PX - 5 and bbox[2] <= w - op.MARGIN_PX + 5
    assert bbox[1] >= op.MARGIN_PX - 5 and bbox[3] <= h - op.MARGIN_PX + 5


@needs_fonts
def test_normalisation_and_uncovered_characters_skipped():
    paras = ["Ett\u00a0stycke med mjuk\u00adhyphen och\ttabb.", "Ett stycke med \u4e2d tecken som fonten saknar."]
    pages = list(op.layout_pages(paras, seed=0))
    assert len(pages) == 1
    assert pages[0].gold == "Ett stycke med mjukhyphen och tabb."


@needs_fonts
def test_min_words_and_weights():
    src = {"a": ["kort", "ett två tre fyra fem sex sju åtta"], "b": ["nio tio elva tolv tretton fjorton femton sexton"]}
    pages = list(op.layout_pages(src, seed=0, min_words=8, weights={"a": 1.0, "b": 0.0}))
    assert [p.source for p in pages] == ["a"]
    assert pages[0].gold == "ett två tre fyra fem sex sju åtta"


# --- degradation profiles: seeded, pure ----------------------------------------------


def test_profiles_are_deterministic_per_seed():
    for name, prof in op.PROFILES.items():
        a = prof.draw(11, "p00003")
        assert a == prof.draw(11, "p00003")
        assert a.profile == name
    draws = {op.PROFILES["scan"].draw(11, f"p{k:05d}") for k in range(20)}
    assert len(draws) == 20
    assert all(abs(d.skew_deg) <= 0.6 and d.dpi == 150 and d.jpeg_quality == 30 for d in draws)
    pc = [op.PROFILES["photocopy"].draw(3, f"p{k:05d}") for k in range(50)]
    assert all(135 <= d.dpi <= 150 and 150 <= d.threshold <= 170 and d.blur == 0.8 for d in pc)
    assert op.PROFILES["mild"].draw(0, "x").dpi == 200


def test_profile_draw_independent_of_hash_seed():
    code = "import svfix.evaluation.ocrpairs as op; print(op.PROFILES['photocopy'].draw('s', 'p00009'))"
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": hs}).stdout for hs in ("0", "1", "12345")}
    assert len(outs) == 1 and "photocopy" in outs.pop()


@needs_fonts
def test_degrade_is_deterministic():
    page = next(op.layout_pages(SWEDISH, seed=5))
    img = op.render_page(page)
    for name in op.PROFILES:
        params = op.PROFILES[name].draw(5, page.page_id)
        a, b = op.degrade(img, params), op.degrade(img, params)
        assert a.tobytes() == b.tobytes()
        assert a.size == (round(img.width * params.dpi / 300), round(img.height * params.dpi / 300))
        if name == "photocopy":
            assert sum(a.histogram()[1:255]) == 0


# --- missing software names what to install ------------------------------------------


def test_missing_font_names_package(monkeypatch):
    monkeypatch.setattr(fonts, "FONT_DIRS", ("/nonexistent",))
    op.find_font.cache_clear()
    try:
        with pytest.raises(op.FontNotFoundError, match="apt-get install -y fonts-ebgaramond"):
            op.find_font("eb-garamond")
    finally:
        monkeypatch.undo()
        op.find_font.cache_clear()


def test_missing_tesseract_names_package(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(op.TesseractError, match="apt-get install -y tesseract-ocr"):
        op.make_pages(["ett två tre"], tmp_path / "out", lang="swe")
    src = tmp_path / "in.txt"
    src.write_text(SWEDISH[0] + "\n", encoding="utf-8")
    res = subprocess.run([*COMMAND, str(src), "-o", str(tmp_path / "cli")], capture_output=True, text=True,
                         env={**os.environ, "PATH": str(tmp_path)})
    assert res.returncode == 1
    assert res.stderr.startswith("svfix error: the tesseract binary is not on PATH: apt-get install -y tesseract-ocr")


def test_missing_pillow_names_the_extra():
    """Without Pillow, aligning still works and drawing says which extra to install."""
    code = ("import sys; sys.modules['PIL'] = None\n"
            "import svfix.evaluation.ocrpairs as op\n"
            "print(op.word_error_rate('a b', 'a c'))\n"
            "try:\n    op.render_page(op.Page('p', 's', 'dejavu-serif', 10.0, ('x',)))\n"
            "except ImportError as err:\n    print(err)\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.stdout.splitlines() == ["(1, 2)", "drawing OCR pages needs Pillow, which is not installed: "
                                                 "pip install 'svfix[bench]'"], res.stderr


# --- alignment -------------------------------------------------------------------------


def _kinds(ocr: str, gold: str) -> list[tuple[str, tuple, tuple]]:
    return [(w.kind, w.seen, w.meant) for w in op.align_words(ocr, gold)]


def test_align_split_merge_insert_delete():
    got = _kinds("Kommun fullmäktige beslutadeidag att ~ förlänga skolskjutsar",
                 "Kommunfullmäktige beslutade i dag att förlänga avtalet om skolskjutsar")
    assert got == [
        ("split", ("Kommun", "fullmäktige"), ("Kommunfullmäktige",)),
        ("merge", ("beslutadeidag",), ("beslutade", "i", "dag")),
        ("equal", ("att",), ("att",)),
        ("insert", ("~",), ()),
        ("equal", ("förlänga",), ("förlänga",)),
        ("delete", (), ("avtalet",)),
        ("delete", (), ("om",)),
        ("equal", ("skolskjutsar",), ("skolskjutsar",)),
    ]


def test_align_substitutions_and_positions():
    items = op.align_words("Barnen i f6rskolan far aven\nlunch", "Barnen i förskolan får även lunch")
    assert [w.kind for w in items] == ["equal", "equal", "substitute", "substitute", "substitute", "equal"]
    assert [(w.seen_start, w.meant_start) for w in items] == [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]
    assert sum((w.seen for w in items), ()) == tuple("Barnen i f6rskolan far aven lunch".split())


def test_align_dropped_line_and_garbage():
    gold = "första raden här\nandra raden som försvann helt\ntredje raden"
    ocr = "första raden här\n— . | '\ntredje raden"
    items = op.align_words(ocr, gold)
    assert sum((w.seen for w in items), ()) == tuple(ocr.split())
    assert sum((w.meant for w in items), ()) == tuple(gold.split())
    assert items[0].kind == items[1].kind == items[2].kind == "equal"
    assert items[-1].kind == items[-2].kind == "equal"


def test_align_chars_segments():
    assert op.align_chars("bamen", "barnen") == [("b", "b"), ("a", "a"), ("rn", "m"), ("e", "e"), ("n", "n")]
    assert ("li", "h") in op.align_chars("hten", "liten")
    assert ("ä", "4") in op.align_chars("v4g", "väg")
    assert ("å", "a") in op.align_chars("pa", "på")
    for seen, meant in [("", "abc"), ("xyz", ""), ("kornmun", "kommun"), ("arbetsrnarknad", "arbetsmarknad")]:
        segs = op.align_chars(seen, meant)
        assert "".join(m for m, _ in segs) == meant and "".join(s for _, s in segs) == seen


def test_word_error_rate():
    assert op.word_error_rate("a b c", "a b c") == (0, 3)
    assert op.word_error_rate("Det bam, är", "Det barn är här") == (2, 4)
    assert op.word_error_rate("det", "Det") == (1, 1)  # case-sensitive


# --- real Tesseract ------------------------------------------------------------------


@needs_fonts
@needs_tesseract
def test_tesseract_reads_swedish_clean_page(tmp_path):
    recs = op.make_pages(SWEDISH, tmp_path, lang="swe", profiles=("clean",), seed=1,
                         fonts=("liberation-serif",), sizes=(12,))
    assert len(recs) == 1
    rec = recs[0]
    ocr = (tmp_path / f"{rec.id}.ocr.txt").read_text(encoding="utf-8")
    gold = (tmp_path / f"{rec.id}.gold.txt").read_text(encoding="utf-8")
    edits, n = op.word_error_rate(ocr, gold)
    assert n > 50 and edits / n <= 0.03, (ocr, gold)
    assert hashlib.sha256(gold.encode()).hexdigest() == rec.gold_sha256
    hocr = (tmp_path / f"{rec.id}.hocr").read_text(encoding="utf-8")
    assert "x_wconf" in hocr and "ocrx_word" in hocr and str(tmp_path) not in hocr
    manifest = [json.loads(line) for line in (tmp_path / "manifest.jsonl").read_text().splitlines()]
    assert manifest[0]["lang"] == "swe" and manifest[0]["profile"] == "clean"
    assert manifest[0]["tesseract"].startswith(("4.", "5."))
    assert not list(tmp_path.glob("*.png"))


@needs_fonts
@needs_tesseract
def test_outputs_identical_whatever_jobs(tmp_path):
    short = {"a": SWEDISH[:2], "b": SWEDISH[2:], "c": SWEDISH[1:3]}
    kw = dict(lang="eng", profiles=("mild", "scan", "photocopy"), seed="t", pages=3)
    op.make_pages({k: iter(v) for k, v in short.items()}, tmp_path / "j1", jobs=1, **kw)
    op.make_pages({k: iter(v) for k, v in short.items()}, tmp_path / "j2", jobs=2, **kw)
    names = sorted(p.name for p in (tmp_path / "j1").iterdir() if p.name != "timings.jsonl")
    assert names == sorted(p.name for p in (tmp_path / "j2").iterdir() if p.name != "timings.jsonl")
    assert len(names) == 3 * 3 + 1
    for name in names:
        assert (tmp_path / "j1" / name).read_bytes() == (tmp_path / "j2" / name).read_bytes(), name


@needs_fonts
@needs_tesseract
def test_existing_dataset_needs_overwrite(tmp_path):
    op.make_pages([SWEDISH[0]], tmp_path, lang="eng", seed=0)
    with pytest.raises(FileExistsError):
        op.make_pages([SWEDISH[0]], tmp_path, lang="eng", seed=0)
    op.make_pages([SWEDISH[1]], tmp_path, lang="eng", seed=0, overwrite=True)
    assert len(list(tmp_path.glob("*.gold.txt"))) == 1


@needs_fonts
@needs_tesseract
def test_cli_makes_pairs_and_stats(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("\n".join(SWEDISH[:2]) + "\n\n", encoding="utf-8")
    out = tmp_path / "out"
    res = subprocess.run([*COMMAND, str(src), "-o", str(out), "--lang", "eng", "--profiles", "clean",
                          "--fonts", "dejavu-serif", "--sizes", "11", "--seed", "4", "--jobs", "1", "--quiet"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    rec = json.loads((out / "manifest.jsonl").read_text().splitlines()[0])
    assert rec["source"] == "in.txt" and rec["font"] == "dejavu-serif" and rec["size_pt"] == 11.0
    stats = subprocess.run([*COMMAND, "--stats", str(out)], capture_output=True, text=True)
    assert json.loads(stats.stdout)["pages"] == 1
    again = subprocess.run([*COMMAND, str(src), "-o", str(out), "--quiet"], capture_output=True, text=True)
    assert again.returncode == 1 and again.stderr.startswith("svfix error: ") and "--overwrite" in again.stderr
    wrong = subprocess.run([*COMMAND, str(src), "-o", str(out), "--profiles", "blurry"], capture_output=True, text=True)
    assert wrong.returncode == 2 and "svfix error: unknown profile 'blurry'" in wrong.stderr


# --- the OCR sets: training and evaluation text on their sides of the split ------------


def _zero_width_crossing() -> tuple[str, str]:
    """A paragraph written with a zero-width space whose SHA-1 falls on the other side of
    the split than its drawn text's (the text without it)."""
    for k in range(1000):
        drawn = f"Nämnden föreslår att fullmäktige antar den reviderade planen för år {2000 + k} i sin helhet."
        raw = drawn.replace("planen", "pla\u200bnen")
        if corpora.paragraph_is_held_out(raw) != corpora.paragraph_is_held_out(drawn):
            return raw, drawn
    raise AssertionError("no crossing paragraph found")


def _official_lines() -> list[str]:
    return (DATA / "corpus" / "official.txt").read_text(encoding="utf-8").splitlines()


def _repeated_line() -> str:
    """A paragraph of the held-out document doc-04 that the miniature repeats in another
    source, where it is training text (its SHA-1 does not hold it out)."""
    return next(line for line in _official_lines()[120:150]
                if len(line.split()) >= corpus.MIN_WORDS and not corpora.paragraph_is_held_out(line))


def miniature_shared(folder: Path) -> Path:
    """A ../shared with four of the sources, cut from committed text: ten Riksdag
    documents (every fifth is held out whole), statutes, interpellations and news."""
    lines = _official_lines()
    documents = folder / "corpora" / "swegov-opendata-rs-assets" / "born-digital"
    documents.mkdir(parents=True)
    for number in range(10):
        (documents / f"doc-{number:02d}.txt").write_text("\n".join(lines[number * 30:(number + 1) * 30]) + "\n",
                                                        encoding="utf-8")
    raw, _drawn = _zero_width_crossing()
    sfs = folder / "corpora" / "se-lex-sfs"
    sfs.mkdir(parents=True)
    statutes = [{"text": "\n".join(lines[300 + 10 * k:310 + 10 * k] + [raw])} for k in range(4)]
    (sfs / "sfs.jsonl").write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in statutes),
                                   encoding="utf-8")
    interpellations = folder / "corpora" / "riksdagen-interpellations"
    interpellations.mkdir(parents=True)
    # a paragraph of a held-out document, repeated in another source: never training text
    with gzip.open(interpellations / "ip.txt.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines[340:400] + [_repeated_line()]) + "\n")
    news = folder / "corpora" / "webbnyheter2012-ner"
    news.mkdir(parents=True)
    (news / "news.txt").write_text("\n".join(SWEDISH * 3 + _long_paragraphs(40)) + "\n", encoding="utf-8")
    return folder


def _check_split(root: Path, sources: list[str]) -> None:
    documents = corpus.held_out_texts(root)
    assert documents
    # what the builds learn from these sources, drawn
    trained = {op.normalize_text(p) for name in sources for p in corpora.paragraphs(root, corpora.source(name))}
    learned = frozenset(t for t in trained if corpora.paragraph_is_held_out(t) or t in documents)
    training, held_out = set(), set()
    for source in sources:
        train = corpus.source_paragraphs(root, source, False, documents)
        held = corpus.source_paragraphs(root, source, True, documents, learned)
        assert len(set(train)) == len(train) and len(set(held)) == len(held)
        assert all(len(p.split(" ")) >= corpus.MIN_WORDS for p in train + held)
        assert not any(corpora.paragraph_is_held_out(p) or p in documents for p in train), source
        assert all(corpora.paragraph_is_held_out(p) or p in documents for p in held), source
        training.update(train)
        held_out.update(held)
    assert training and held_out and not training & held_out
    assert not held_out & trained


def test_sets_take_each_side_of_the_corpora_split(tmp_path):
    root = miniature_shared(tmp_path / "shared")
    _check_split(root, ["riksdag", "sfs", "interpellations", "news", "lagerlof"])
    documents = corpus.held_out_texts(root)
    whole = {op.normalize_text(line) for path in corpora.held_out_documents(root)
             for line in path.read_text(encoding="utf-8").splitlines()}
    assert documents == {text for text in whole if len(text.split(" ")) >= corpus.MIN_WORDS}
    # a held-out document is evaluation text, but not what the builds learned elsewhere
    repeated = op.normalize_text(_repeated_line())
    learned = corpus.learned_texts(root, documents)
    assert repeated in learned and learned <= documents
    evaluation = set(corpus.source_paragraphs(root, "riksdag", True))
    assert documents - learned <= evaluation and not learned & evaluation
    assert repeated not in corpus.source_paragraphs(root, "interpellations", False)
    _raw, drawn = _zero_width_crossing()  # on neither side: its source and drawn texts disagree
    assert drawn not in corpus.source_paragraphs(root, "sfs", False) + corpus.source_paragraphs(root, "sfs", True)


@pytest.mark.skipif(shared("corpora") is None, reason="../shared/corpora is not beside the repository")
def test_sets_take_each_side_of_the_split_of_the_shared_corpora():
    _check_split(shared(), ["riksdag", "cfi"])


def test_build_sets_checks_before_making(tmp_path):
    with pytest.raises(InputError, match="--shared"):
        op.build_sets(tmp_path / "nowhere", tmp_path / "out")
    with pytest.raises(ValueError, match="unknown set"):
        op.build_sets(tmp_path, tmp_path / "out", ["eval-klingon"])
    res = subprocess.run([*COMMAND, "build-sets", "--shared", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")],
                         capture_output=True, text=True)
    assert res.returncode == 1 and res.stderr.startswith("svfix error: no corpora in ")


@needs_fonts
@needs_tesseract
def test_build_sets_makes_a_small_evaluation_set(tmp_path):
    root = miniature_shared(tmp_path / "shared")
    out = tmp_path / "sets"
    args = [*COMMAND, "build-sets", "--shared", str(root), "--out", str(out), "--only", "eval-swe",
            "--pages-scale", "0.025", "--jobs", "1", "--quiet"]
    res = subprocess.run(args, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["eval-swe"]["pages"] == 1
    described = json.loads((out / "eval-swe" / "set.json").read_text(encoding="utf-8"))
    assert described["held_out"] and described["seed"] == 2003 and described["pages_made"] == 1
    assert described["page_weights"] == dict(corpus.PAGE_WEIGHTS)
    rec = json.loads((out / "eval-swe" / "manifest.jsonl").read_text(encoding="utf-8"))
    assert rec["id"] == "eval-swe-00001" and rec["lang"] == "swe" and rec["profile"] in ("clean", "mild", "scan")
    held = set(corpus.source_paragraphs(root, rec["source"], True))
    gold = (out / "eval-swe" / "eval-swe-00001.gold.txt").read_text(encoding="utf-8")
    whole = [" ".join(p.split("\n")) for p in gold.split("\n\n")][1:-1]  # paragraphs not cut by the page
    assert all(p in held for p in whole)
    again = subprocess.run(args, capture_output=True, text=True)
    assert again.returncode == 1 and "eval-swe already made" in again.stderr
