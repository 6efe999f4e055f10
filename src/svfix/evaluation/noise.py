"""A seeded noise generator: damage clean Swedish text the way scanning and extraction do.

Benchmarks pair a damaged text with the clean text it was made from (its gold). This
module makes the damage, reproducibly: every function takes a ``seed`` (an int, a
string, or a :class:`random.Random` to draw from) and never touches the global random
generator, so one seed always gives the same damage on every machine.

The kinds of damage, each a function, composed by :class:`Noise`:

* :func:`strip_diacritics`: each letter with a diacritic loses it with a probability
  (``för`` → ``for``), as an OCR model without Swedish does;
* :func:`ocr_confusions`: glyph confusions from a table of rates (:data:`OCR_CONFUSIONS`:
  ``ö`` → ``6``/``é``/``o``, ``rn`` → ``m``, the word ``i`` → ``1``, ...);
* :func:`wrap`: hard wrapping at a width, with line-end hyphenation;
* :func:`damage_encoding`: paragraphs damaged by one kind of encoding damage each
  (:data:`ENCODING_DAMAGE`: mojibake, HTML entities, PDF spacing accents, ISO 646).

>>> Noise(strip=1.0).apply("Förslag till beslut i kommunfullmäktige", seed=1)
'Forslag till beslut i kommunfullmaktige'
>>> mojibake("jämställdhet"), html_entities("för"), pdf_accents("på"), iso646("Ärendet gäller")
('jÃ¤mstÃ¤lldhet', 'f&ouml;r', 'pa˚', '[rendet g{ller')

Paragraphs are separated by blank lines; every kind of damage keeps that separation,
so a damaged text and its gold have the same paragraphs.

The encoding damage lives in :mod:`svfix.evaluation.encoding_damage`. Nothing here is
used by the repair pipeline.
"""
from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .encoding_damage import html_entities, iso646, mojibake, pdf_accents

__all__ = [
    "ENCODING_DAMAGE",
    "OCR_CONFUSIONS",
    "GlyphDamage",
    "Noise",
    "damage_encoding",
    "html_entities",
    "iso646",
    "mojibake",
    "ocr_confusions",
    "pdf_accents",
    "rng_of",
    "strip_diacritics",
    "strip_letter",
    "wrap",
]

Seed = int | str | random.Random


def rng_of(seed: Seed) -> random.Random:
    """A private random generator for ``seed``; a :class:`random.Random` is used as is.

    Strings seed deterministically (Python hashes them with SHA-512 for this, whatever
    ``PYTHONHASHSEED`` is), so ``f"{seed}:{name}"`` gives each document its own stream.

    >>> rng_of(7).random() == rng_of(7).random() == random.Random(7).random()
    True
    """
    if isinstance(seed, random.Random):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (int, str)):
        raise TypeError(f"a seed is an int, a str or a random.Random, not {type(seed).__name__}")
    return random.Random(seed)


def _check_rate(name: str, value: float) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a probability between 0 and 1, not {value!r}")


# --- stripping -------------------------------------------------------------------


def strip_letter(char: str) -> str:
    """The letter without its diacritics (``ö`` → ``o``, ``É`` → ``E``); other characters as they are.

    >>> strip_letter("å"), strip_letter("Ö"), strip_letter("é"), strip_letter("ß"), strip_letter("½")
    ('a', 'O', 'e', 'ß', '½')
    """
    if char.isascii() or not char.isalpha():
        return char
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    if base != char and base.isascii() and all(unicodedata.combining(mark) for mark in decomposed[1:]):
        return base
    return char


# Letters that have a diacritic to lose: the precomposed Latin letters below U+0250.
_DIACRITIC = re.compile("[" + "".join(chr(c) for c in range(0x80, 0x250) if strip_letter(chr(c)) != chr(c)) + "]")


def strip_diacritics(text: str, rate: float = 1.0, seed: Seed = 0) -> str:
    """Each letter with a diacritic loses it with probability ``rate``.

    Nothing else changes: the result has the same length, and each character is the
    original or the original without its diacritic.

    >>> strip_diacritics("Förslag på åtgärder för jämställdhet")
    'Forslag pa atgarder for jamstalldhet'
    >>> strip_diacritics("Förslag på åtgärder för jämställdhet", rate=0.5, seed=3)
    'Forslag på atgärder för jamstalldhet'
    """
    _check_rate("rate", rate)
    if rate == 0.0:
        return text
    if rate == 1.0:
        return _DIACRITIC.sub(lambda match: strip_letter(match.group()), text)
    rng = rng_of(seed)
    return _DIACRITIC.sub(lambda match: strip_letter(match.group()) if rng.random() < rate else match.group(), text)


# --- OCR confusions ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GlyphDamage:
    """One OCR confusion: ``source`` read as ``target`` with probability ``rate``.

    ``where`` limits it: ``"any"`` (anywhere), ``"word"`` (``source`` is a whole word:
    the preposition ``i`` read as ``1``) or ``"initial"`` (at the start of a word: ``ö``
    read as ``O``, ``inte ska Overskrida``).
    """

    source: str
    target: str
    rate: float
    where: str = "any"

    def __post_init__(self) -> None:
        if not self.source or self.source == self.target:
            raise ValueError(f"a confusion needs a source and a different target: {self!r}")
        if self.where not in ("any", "word", "initial"):
            raise ValueError(f"where must be 'any', 'word' or 'initial', not {self.where!r}")
        _check_rate(f"the rate of {self.source!r} → {self.target!r}", self.rate)


#: Glyph confusions of OCR engines on Swedish print, with the probability that one
#: occurrence of the source is read as the target. The rates of one source add up to
#: at most 1; a letter that none of its confusions took may still be stripped
#: (:class:`Noise` ``strip``). Scale them all with ``Noise(confusion_scale=...)``.
OCR_CONFUSIONS: tuple[GlyphDamage, ...] = (
    # ö: a 6, an é (the dots read as an accent), or a plain o
    GlyphDamage("ö", "6", 0.04),
    GlyphDamage("ö", "é", 0.04),
    GlyphDamage("ö", "o", 0.06),
    # capital Ö, and ö at the start of a word, read as a capital O
    GlyphDamage("Ö", "O", 0.10),
    GlyphDamage("ö", "O", 0.04, "initial"),
    # ä: an i (the dots merge into one), or a plain a
    GlyphDamage("ä", "i", 0.04),
    GlyphDamage("ä", "a", 0.06),
    # å: a d (the ring closes the bowl), an i, or a plain a
    GlyphDamage("å", "d", 0.03),
    GlyphDamage("å", "i", 0.02),
    GlyphDamage("å", "a", 0.05),
    # l, I and 1 look alike
    GlyphDamage("l", "I", 0.015),
    GlyphDamage("l", "1", 0.005),
    GlyphDamage("I", "l", 0.05),
    # rn and m
    GlyphDamage("rn", "m", 0.03),
    GlyphDamage("m", "rn", 0.01),
    # the preposition i read as the digit 1
    GlyphDamage("i", "1", 0.05, "word"),
)


def _at_word_start(text: str, start: int) -> bool:
    return start == 0 or not text[start - 1].isalnum()


def _at_word_end(text: str, end: int) -> bool:
    return end == len(text) or not text[end].isalnum()


class _Confuser:
    """The confusion table compiled: one regex over every source, longest first, and
    per source the confusions to draw from."""

    def __init__(self, table: Iterable[GlyphDamage], scale: float):
        by_source: dict[str, list[GlyphDamage]] = {}
        for confusion in table:
            by_source.setdefault(confusion.source, []).append(confusion)
        for source, confusions in by_source.items():
            for where in ("any", "word", "initial"):
                total = scale * sum(c.rate for c in confusions if c.where in ("any", where))
                if total > 1.0 + 1e-9:
                    raise ValueError(f"the confusion rates of {source!r} add up to {total:.3f} > 1")
        self.by_source = by_source
        self.scale = scale
        sources = sorted(by_source, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, sources))) if sources else None

    def choose(self, text: str, start: int, end: int, source: str, draw: float) -> str | None:
        """The target that the draw picks for the source at ``text[start:end]``, if any."""
        initial = _at_word_start(text, start)
        whole = initial and _at_word_end(text, end)
        cumulative = 0.0
        for confusion in self.by_source[source]:
            if confusion.where == "word" and not whole or confusion.where == "initial" and not initial:
                continue
            cumulative += confusion.rate * self.scale
            if draw < cumulative:
                return confusion.target
        return None


def _damage_characters(text: str, confuser: _Confuser | None, strip: float, rng: random.Random) -> str:
    """One left-to-right pass: confusions where the table fires, else stripping."""
    patterns = []
    if confuser is not None and confuser.pattern is not None:
        patterns.append(confuser.pattern.pattern)
    if strip > 0:
        patterns.append(_DIACRITIC.pattern)
    if not patterns:
        return text
    pattern = re.compile("|".join(patterns))

    def replace(match: re.Match[str]) -> str:
        found = match.group()
        if confuser is not None and found in confuser.by_source:
            target = confuser.choose(text, match.start(), match.end(), found, rng.random())
            if target is not None:
                return target
        if strip > 0 and len(found) == 1 and strip_letter(found) != found and rng.random() < strip:
            return strip_letter(found)
        return found

    return pattern.sub(replace, text)


def ocr_confusions(
    text: str, table: Iterable[GlyphDamage] = OCR_CONFUSIONS, seed: Seed = 0, scale: float = 1.0
) -> str:
    """Replace each occurrence of a confusion's source by its target at the table's rate
    (times ``scale``).

    >>> ocr_confusions("Förslag i kommunstyrelsen", [GlyphDamage("ö", "6", 1.0), GlyphDamage("i", "1", 1.0, "word")])
    'F6rslag 1 kommunstyrelsen'
    >>> ocr_confusions("modern", [GlyphDamage("rn", "m", 1.0)])
    'modem'
    """
    if scale < 0:
        raise ValueError(f"scale must not be negative, not {scale!r}")
    return _damage_characters(text, _Confuser(table, scale), 0.0, rng_of(seed))


# --- hard wrapping -----------------------------------------------------------------

_VOWELS = set("aeiouyåäöéüAEIOUYÅÄÖÉÜ")
#: Never leave fewer than this many letters on either side of a line-end hyphen.
MIN_HYPHEN_PART = 3
_HYPHENABLE = re.compile(r"[^\W\d_]+")


def _hyphen_points(word: str) -> list[int]:
    """Where a word may be hyphenated: before a consonant followed by a vowel (the
    Swedish rule that one consonant goes to the next line), leaving ``MIN_HYPHEN_PART`` letters
    on each side; also just after a hyphen the word already has.

    >>> _hyphen_points("jämställdhetsintegrering")  # jäms-täll-dhets-in-te-gre-ring
    [4, 9, 12, 15, 18, 20]
    >>> _hyphen_points("CEMR-deklarationen")
    [5]
    """
    if "-" in word:
        return [i + 1 for i, char in enumerate(word[:-1]) if char == "-" and i >= 1]
    if not _HYPHENABLE.fullmatch(word):
        return []
    points = []
    for i in range(MIN_HYPHEN_PART, len(word) - MIN_HYPHEN_PART + 1):
        if word[i] not in _VOWELS and word[i + 1 : i + 2] and word[i + 1] in _VOWELS and word[i - 1].isalpha():
            points.append(i)
    return points


def _wrap_paragraph(paragraph: str, width: int, hyphenate: float, rng: random.Random) -> str:
    lines: list[str] = []
    line = ""
    for word in paragraph.split():
        if not line:
            line = word
            continue
        if len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
            continue
        room = width - len(line) - 1  # characters left for "part-"
        points = [p for p in _hyphen_points(word) if p + (word[p - 1] != "-") <= room]
        if points and hyphenate > 0 and rng.random() < hyphenate:
            cut = points[-1]
            head = word[:cut] if word[cut - 1] == "-" else word[:cut] + "-"
            lines.append(f"{line} {head}")
            line = word[cut:]
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return "\n".join(lines)


def wrap(text: str, width: int = 64, hyphenate: float = 1.0, seed: Seed = 0) -> str:
    """Hard-wrap each paragraph (a run of non-blank lines) at ``width`` characters, as a
    typesetter does: a word that does not fit is hyphenated at a syllable break with
    probability ``hyphenate`` (``jämställdhets-`` / ``integrering``), else moved to
    the next line. A word that already has a hyphen breaks after it, keeping it. A
    word longer than the width gets a line of its own. Blank lines are kept, runs of
    spaces become one.

    >>> print(wrap("Förslag till handlingsplan för jämställdhetsintegrering i kommunen", 40))
    Förslag till handlingsplan för jäms-
    tälldhetsintegrering i kommunen
    """
    if width < 2 * MIN_HYPHEN_PART + 2:
        raise ValueError(f"width must be at least {2 * MIN_HYPHEN_PART + 2}, not {width!r}")
    _check_rate("hyphenate", hyphenate)
    rng = rng_of(seed)
    parts = re.split(r"(\n[^\S\n]*\n\s*)", text)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)  # a paragraph break, kept as it is
        elif part.strip():
            leading = part[: len(part) - len(part.lstrip())]
            trailing = part[len(part.rstrip()) :]
            out.append(leading + _wrap_paragraph(part, width, hyphenate, rng) + trailing)
        else:
            out.append(part)
    return "".join(out)


# --- encoding damage ---------------------------------------------------------------

#: The kinds of encoding damage and the share of damaged paragraphs each gets by
#: default in :func:`damage_encoding`.
ENCODING_DAMAGE: dict[str, float] = {"mojibake": 0.4, "html": 0.2, "pdf": 0.2, "iso646": 0.2}
_ENCODERS = {"mojibake": mojibake, "html": html_entities, "pdf": pdf_accents, "iso646": iso646}


def damage_encoding(text: str, rate: float = 1.0, kinds: Mapping[str, float] | None = None, seed: Seed = 0) -> str:
    """Damage each paragraph with probability ``rate`` by one kind of encoding damage,
    drawn with the weights ``kinds`` (default :data:`ENCODING_DAMAGE`). A document
    damaged paragraph by paragraph is what concatenated exports and mixed sources give.

    >>> damage_encoding("Förslag.\\n\\nÅtgärder.", kinds={"html": 1})
    'F&ouml;rslag.\\n\\n&Aring;tg&auml;rder.'
    """
    _check_rate("rate", rate)
    kinds = dict(ENCODING_DAMAGE if kinds is None else kinds)
    unknown = set(kinds) - set(_ENCODERS)
    if unknown:
        raise ValueError(f"unknown encoding damage {sorted(unknown)}; choose from {sorted(_ENCODERS)}")
    names = [name for name, weight in kinds.items() if weight > 0]
    if not names or rate == 0:
        return text
    weights = [kinds[name] for name in names]
    rng = rng_of(seed)
    parts = re.split(r"(\n[^\S\n]*\n\s*)", text)
    for i in range(0, len(parts), 2):
        if parts[i].strip() and rng.random() < rate:
            kind = rng.choices(names, weights)[0]
            parts[i] = _ENCODERS[kind](parts[i])
    return "".join(parts)


# --- all together ------------------------------------------------------------------


@dataclass(frozen=True)
class Noise:
    """A recipe of damage, applied in the order scanning and export cause it.

    strip
        Probability that a letter with a diacritic loses it (after the confusions,
        among the letters they left alone). 1.0: an OCR model without Swedish.
    confusions
        The OCR confusion table (default :data:`OCR_CONFUSIONS`), used when
        ``confusion_scale`` > 0.
    confusion_scale
        Multiplies every confusion rate; 0 (default) turns confusions off.
    encoding
        Probability that a paragraph gets encoding damage, of a kind drawn from
        ``encoding_kinds`` (default :data:`ENCODING_DAMAGE`).
    wrap_width
        Hard-wrap paragraphs at this width (``None``: no wrapping), hyphenating words
        at line ends with probability ``hyphenate``.

    >>> noise = Noise(strip=0.5, confusion_scale=1.0, wrap_width=40)
    >>> noise.apply("Förslag till beslut", seed=9) == noise.apply("Förslag till beslut", seed=9)
    True
    """

    strip: float = 0.0
    confusions: tuple[GlyphDamage, ...] = OCR_CONFUSIONS
    confusion_scale: float = 0.0
    encoding: float = 0.0
    encoding_kinds: Mapping[str, float] = field(default_factory=lambda: dict(ENCODING_DAMAGE))
    wrap_width: int | None = None
    hyphenate: float = 1.0

    def __post_init__(self) -> None:
        _check_rate("strip", self.strip)
        _check_rate("encoding", self.encoding)
        _check_rate("hyphenate", self.hyphenate)
        if self.confusion_scale < 0:
            raise ValueError(f"confusion_scale must not be negative, not {self.confusion_scale!r}")
        _Confuser(self.confusions, self.confusion_scale)  # validates the summed rates
        if set(self.encoding_kinds) - set(_ENCODERS):
            raise ValueError(f"unknown encoding damage in {sorted(self.encoding_kinds)}; choose from {sorted(_ENCODERS)}")
        if self.wrap_width is not None and self.wrap_width < 2 * MIN_HYPHEN_PART + 2:
            raise ValueError(f"wrap_width must be at least {2 * MIN_HYPHEN_PART + 2}, not {self.wrap_width!r}")

    def describe(self) -> dict[str, object]:
        """The parameters as plain data (for manifests and documentation)."""
        described: dict[str, object] = {"strip": self.strip}
        if self.confusion_scale:
            described["confusion_scale"] = self.confusion_scale
            described["confusions"] = [
                f"{c.source}→{c.target} {c.rate * self.confusion_scale:.3g}" + ("" if c.where == "any" else f" ({c.where})")
                for c in self.confusions
            ]
        if self.encoding:
            described["encoding"] = self.encoding
            described["encoding_kinds"] = dict(self.encoding_kinds)
        if self.wrap_width:
            described["wrap_width"] = self.wrap_width
            described["hyphenate"] = self.hyphenate
        return described

    def apply(self, text: str, seed: Seed) -> str:
        """``text`` damaged: confusions and stripping, then encoding damage, then wrapping."""
        rng = rng_of(seed)
        confuser = _Confuser(self.confusions, self.confusion_scale) if self.confusion_scale else None
        if self.strip == 1.0 and confuser is None:
            text = strip_diacritics(text, 1.0)
        else:
            text = _damage_characters(text, confuser, self.strip, rng)
        if self.encoding:
            text = damage_encoding(text, self.encoding, self.encoding_kinds, rng)
        if self.wrap_width:
            text = wrap(text, self.wrap_width, self.hyphenate, rng)
        return text
