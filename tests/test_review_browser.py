"""The review page in a real headless browser (Debian's chromium).

Marked ``browser``: .ci/run installs chromium first; without it these tests are skipped.
Driven by Playwright's Python package with ``executable_path`` (no browser download),
or, without Playwright, by chromium's own ``--dump-dom`` and ``--screenshot``.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from batchdata import make_batch
from support import run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; .ci/run does)"),
]


@pytest.fixture(scope="module")
def review(tmp_path_factory) -> tuple[Path, list[dict]]:
    """A review page and its JSONL report for a small batch: text files and an ALTO file."""
    import ocrxml

    base = tmp_path_factory.mktemp("review")
    src = base / "in"
    make_batch(src, 12)
    lines = ocrxml.read_lines("sou-1972-47", page=2)
    (src / "scan.xml").write_bytes(ocrxml.alto(lines, 4, damage=ocrxml.strip_diacritics))
    (src / "clean.txt").write_text("Mötet öppnades klockan nio.\n", encoding="utf-8")
    # a protocol whose last changes are deletions at its very end (the closing furniture)
    (src / "zz-protokoll.txt").write_text("Kommunstyrelsen beslutar att anta forslaget.\n\nJusterandes sign\n\n"
                                          "Utdragsbestyrkande\n", encoding="utf-8")
    result = run("fix", str(src), "-o", str(base / "out"), "--report", str(base / "changes.jsonl"),
                 "--html", str(base / "review.html"))
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in (base / "changes.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and len({row["stage"] for row in rows}) >= 2
    last = [row for row in rows if row["file"].endswith("zz-protokoll.txt")]
    assert last[-1]["old"] == "\n" and last[-1]["new"] == "" and last[-2]["old"] == "Utdragsbestyrkande"
    return base / "review.html", rows


def test_page_is_self_contained(review):
    page = review[0].read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<script>" in page and "<style>" in page
    assert not re.search(r"<(link|img|iframe|object)\b", page)


def _launch(playwright, profile: Path):
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS, viewport={"width": 1200, "height": 900})


def test_page_in_chromium(review, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    path, rows = review
    with sync_api.sync_playwright() as playwright:
        context = _launch(playwright, tmp_path / "profile")
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")

        # the highlights are the report's changes, document by document, in order
        # every change has its mark, the deletions at the very end of a document too
        marks = page.eval_on_selector_all("mark.chg", """ms => ms.map(m => ({
            file: m.closest('section.doc').dataset.file, old: m.dataset.old, new: m.dataset.new,
            stage: m.dataset.stage, confidence: Number(m.dataset.confidence), line: Number(m.dataset.line),
            column: Number(m.dataset.column), text: m.textContent, tabindex: m.getAttribute('tabindex')}))""")
        assert len(marks) == len(rows)
        for mark, row in zip(marks, rows):
            assert (mark["file"], mark["old"], mark["new"], mark["stage"], mark["line"], mark["column"]) == \
                (row["file"], row["old"], row["new"], row["stage"], row["line"], row["column"])
            assert mark["confidence"] == pytest.approx(row["confidence"], abs=1e-4)
            assert mark["text"] == row["new"] and mark["tabindex"] == "0"
        assert page.text_content("#summary").startswith(f"15 documents, {len(rows)} changes, {len(rows)} shown")

        # keyboard: Tab reaches the first change, and focus shows its original, reason and confidence
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('mark.chg')"):
                break
        focused = page.evaluate("document.activeElement.id")
        assert focused == page.eval_on_selector("mark.chg", "m => m.id")
        assert page.is_visible("#tip")
        tip = page.text_content("#tip")
        assert rows[0]["old"] in tip and rows[0]["reason"] in tip and f"{rows[0]['confidence']:.2f}" in tip
        assert page.get_attribute(f"#{focused}", "aria-describedby") == "tip"
        page.keyboard.press("Escape")
        assert not page.is_visible("#tip")

        # hover shows the same for another change
        second = page.query_selector_all("mark.chg")[3]
        second.scroll_into_view_if_needed()
        second.hover()
        assert page.is_visible("#tip") and rows[3]["old"] in page.text_content("#tip")
        page.mouse.move(0, 0)

        # filters: by confidence, then by stage
        threshold = sorted(row["confidence"] for row in rows)[len(rows) // 2]
        page.fill("#min-confidence", str(threshold))
        page.dispatch_event("#min-confidence", "input")
        shown = page.eval_on_selector_all("mark.chg:not(.off)", "ms => ms.length")
        assert shown == sum(1 for row in rows if row["confidence"] >= threshold - 5e-5)
        page.fill("#min-confidence", "0")
        page.dispatch_event("#min-confidence", "input")
        stage = "diacritics"
        page.uncheck(f"input.stage[value='{stage}']")
        shown = page.eval_on_selector_all("mark.chg:not(.off)", "ms => ms.length")
        assert shown == sum(1 for row in rows if any(s != stage for s in row["stage"].split("+")))
        assert page.eval_on_selector_all("mark.chg.off", "ms => ms.every(m => m.tabIndex === -1)")
        page.check(f"input.stage[value='{stage}']")

        # the original words in place
        page.check("#show-original")
        first_text = page.eval_on_selector("mark.chg", "m => m.textContent")
        assert first_text == rows[0]["old"]
        page.uncheck("#show-original")

        shot = tmp_path / "review.png"
        page.screenshot(path=str(shot), full_page=False)
        context.close()
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert errors == []
    assert all(url.startswith(("file:", "data:", "about:")) for url in requests), requests


class _Marks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.marks: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            self.marks.append(dict(attrs))


def test_page_with_chromium_alone(review, tmp_path):
    """Without Playwright: chromium's --dump-dom (after the script ran) and --screenshot."""
    path, rows = review
    base = [CHROMIUM, "--headless", *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0"]
    dom = subprocess.run([*base, "--dump-dom", path.as_uri()], capture_output=True, timeout=120)
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-2000:]
    parser = _Marks()
    parser.feed(dom.stdout.decode("utf-8"))
    assert [(m["data-old"], m["data-new"], m["data-stage"]) for m in parser.marks] == \
        [(row["old"], row["new"], row["stage"]) for row in rows]
    assert f"{len(rows)} shown" in dom.stdout.decode("utf-8")  # the script ran and filled the summary
    log = dom.stderr.decode(errors="replace")
    assert not re.search(r"CONSOLE.*(Uncaught|Error)|Uncaught", log), log[-2000:]
    shot = tmp_path / "shot.png"
    taken = subprocess.run([*base, f"--screenshot={shot}", "--window-size=1200,900", path.as_uri()],
                           capture_output=True, timeout=120)
    assert taken.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
