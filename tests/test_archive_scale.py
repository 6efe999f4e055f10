"""The archive layer scales linearly: every per-file step (reading the XML, building the
units, mapping the changes back, writing the file) costs time and memory in proportion
to the file.

The engine's own cost is left out of the time measured here (it is measured in
benchmarks/cost.py); the one-million-word file is benchmarks/alto_scale.py.
"""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time

import ocrxml
import pytest
from support import svfix_command

import svfix
from svfix.archive.formats import fix_document
from svfix.archive.formats.units import Unit, assemble, map_changes, split_like
from svfix.changes import Change

SMALL, LARGE = 50_000, 200_000


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale")
    paths = {}
    for words in (SMALL, LARGE):
        paths[words] = folder / f"alto-{words}.xml"
        paths[words].write_bytes(ocrxml.large_alto(words))
    return paths


def archive_seconds(data: bytes, monkeypatch) -> tuple[float, int]:
    """CPU seconds fix_document spends outside the engine, and the changes it made."""
    real = svfix.fix_and_explain
    inside = 0.0

    def timed(*args, **kwargs):
        nonlocal inside
        started = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            inside += time.process_time() - started

    monkeypatch.setattr(svfix, "fix_and_explain", timed)
    started = time.process_time()
    result = fix_document(data, "alto")
    return time.process_time() - started - inside, len(result.changes)


def test_alto_time_outside_the_engine_is_linear(files, monkeypatch):
    fix_document(b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"/>', "alto")  # warm up
    small, small_changes = archive_seconds(files[SMALL].read_bytes(), monkeypatch)
    large, large_changes = archive_seconds(files[LARGE].read_bytes(), monkeypatch)
    assert small_changes > 1000 and large_changes > 3 * small_changes
    ratio = large / small
    # four times the words: four times the time (with room for noise), not sixteen
    assert ratio < 5.5, f"{SMALL:,} words: {small:.2f} s, {LARGE:,} words: {large:.2f} s (x{ratio:.1f})"
    assert large < 20, large


def peak_rss_mb(*args: str) -> float:
    process = subprocess.Popen([*svfix_command(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, process.stderr.read().decode() if process.stderr else ""
    return usage.ru_maxrss / 1024


def test_alto_memory_grows_linearly_and_modestly(files, tmp_path):
    small = peak_rss_mb("fix", str(files[SMALL]), "-o", str(tmp_path / "small.xml"))
    large = peak_rss_mb("fix", str(files[LARGE]), "-o", str(tmp_path / "large.xml"))
    per_word = (large - small) * 2**20 / (LARGE - SMALL)
    # what the file itself takes (about 105 bytes a word here, read and written) and a
    # little more: a million words stay well under 1 GB
    assert per_word < 700, f"{SMALL:,} words: {small:.0f} MB, {LARGE:,} words: {large:.0f} MB ({per_word:.0f} bytes/word)"


class TooSlow(Exception):
    pass


@contextlib.contextmanager
def at_most(seconds: float):
    """Fail with TooSlow after ``seconds`` (a quadratic step would take minutes)."""

    def expire(signum, frame):
        raise TooSlow(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_mapping_changes_onto_one_huge_word_is_linear():
    """Many changes inside one huge word (a 9 MB CONTENT attribute, say): each is
    spliced in once, not the whole word rebuilt per change."""

    def seconds(length: int) -> float:
        word = "forslag" * (length // 7)
        unit = Unit(word)
        text, spans = assemble([[[unit]]])
        changes = [Change(i, i + 1, "o", "ö", "diacritics", "", 0.9) for i in range(1, len(word), 7)]
        started = time.process_time()
        with at_most(10):
            applied, not_applied = map_changes(text, spans, changes)
        elapsed = time.process_time() - started
        assert len(applied) == len(changes) and not_applied == 0
        assert unit.corrected == "förslag" * (length // 7)
        return elapsed

    small, large = min(seconds(1_000_000) for _ in range(3)), min(seconds(4_000_000) for _ in range(3))
    assert large < 5 and large < 8 * max(small, 0.05), (small, large)


def test_cutting_a_huge_hyphenated_word_is_linear():
    """A 9 MB word hyphenated over two ALTO lines is cut back into its parts in linear time."""

    def seconds(length: int) -> float:
        old = "forslag" * (length // 7)
        new = old.replace("o", "ö")
        started = time.process_time()
        with at_most(10):
            cut = split_like(old, new, len(old) // 2)
        assert cut == len(old) // 2
        return time.process_time() - started

    small, large = min(seconds(2_000_000) for _ in range(3)), min(seconds(8_000_000) for _ in range(3))
    assert large < 5 and large < 8 * max(small, 0.05), (small, large)
    # a short word is still aligned character by character
    assert split_like("jamstalldhetsintegrering", "jämställdhetsintegrering", 13) == 13
    assert split_like("kommunfullmaktige", "kommun fullmäktige", 6) == 7  # the space goes with the first part
