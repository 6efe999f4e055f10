"""Symbols OCR misreads outside words: the section sign.

Tesseract reads ``§`` as ``$`` (also ``&``, ``S``, ``5`` and ``8``), and a scan of a
statute or a bill is full of section signs. Two places make the sign certain:

* before a space and a section number (``$ 62``, ``$$ 3-5``): in Swedish prose a dollar
  sign there is a section sign, since amounts in dollars are written ``62 dollar``,
  ``USD 62`` or ``$62``, never with the space;
* after a section number that a reference opens (``enligt 7 $ ska``, ``i 2 kap. 4 & första
  meningen``, ``avses i 10 S inte``, ``i 17 och 18 $$ lagen``, ``(31 d 8 första stycket)``): a number of at most three
  digits after ``i``, ``enligt``, ``kap.`` and the like, then the glyph, then a word in
  lowercase (or ``;``, ``,``, ``)``). Correct Swedish writes nothing else there (none in 13 million words of clean
  corpus prose; 304 in the really scanned government bills of the corpora, 40 on
  Tesseract's pages). ``5`` and ``8`` are digits too: they count as the sign only in a
  text that cites statutes (``kap.``, a ``§`` or a law's name elsewhere) or before
  ``stycket``, ``första`` and the like, and never before a unit (``7 5 kr 7 öre``).

>>> [(c[0], c[1], c[2].text) for c in section_signs("Enligt $ 62 och $$ 3-5 men inte $62 eller US$ 5.")]
[(7, 8, '§'), (16, 18, '§§')]
>>> fixed = section_signs("Detta följer av 4 kap. 2 & och enligt 10 S datalagen, enligt 7 5 får, i 1 8 andra stycket.")
>>> [c[2].text for c in fixed]
['§', '§', '§', '§']
>>> section_signs("Vi köpte 12 S och 10 M enligt 1 5 kilo.")
[]
>>> section_signs("Bensin som avses i 4 kap. under 1 eller 7 5 kr 7 öre per liter")
[]
"""
from __future__ import annotations

import regex

from .candidates import OCR, Candidate
from .joins import Choice

#: A dollar sign (or two) before a space and a section number, not glued to a word.
_BEFORE = regex.compile(r"(?<![\w$])(\$\$?)(?=[ \u00a0]\d{1,4}(?:[ \u00a0]?[a-z])?\b(?![.,]\d))")
#: What opens a reference to a section: a preposition or conjunction, or a chapter.
_OPENS = r"(?:[Ii]|enligt|av|och|samt|till|med|från|jfr|se|om|eller|under|vid|mot|kap\.)"
#: A section number after what opens a reference, then the misread sign, then a word in
#: lowercase (the sign doubled: ``18 $$ lagen``, ``SS``, ``88``).
_NUMBER = r"\d{1,3}(?:[-–]\d{1,3})?(?:[ \u00a0][a-z])?"  # 7, 8-11, 19 a
_AFTER = regex.compile(
    rf"(?<=(?:(?:^|\s){_OPENS}[ \u00a0]|\(){_NUMBER}(?:,[ \u00a0]{_NUMBER})*"
    rf"(?:[ \u00a0](?:och|eller)[ \u00a0]{_NUMBER})?[ \u00a0])"
    r"([$&5]{1,2}|8[58]?|S{1,2})(?=[ \u00a0]\p{Ll}{2,}|[;,)])"
)
#: After a misread sign, words that only a section reference is followed by.
_SECTION_WORDS = regex.compile(r"[ \u00a0](?:första|andra|tredje|fjärde|femte|sjätte|sista|stycket|punkt)\b")
#: Words that follow an amount, not a section (``7 5 kr 7 öre`` in a table of a statute).
_UNITS = regex.compile(
    r"[ \u00a0](?:kr|kronor|öre|st|tkr|mkr|mdr|md|kg|g|km|m|cm|mm|ton|liter|l|procent|dagar|dag|år|"
    r"månader|veckor|timmar|minuter|miljoner|miljarder|gånger)\b")
#: A text that cites statutes: a section sign, a chapter, or a law's name.
_CITES = regex.compile(r"§|\bkap\.|\p{Ll}(?:lagen|balken|förordningen)\b")
CONFIDENCE = 0.97
REASON = "OCR confusion {}→§ (a section number's sign)"


def section_signs(text: str) -> list[Choice]:
    """The misread signs that stand for ``§`` in ``text``, as the word stage's choices."""
    found: list[Choice] = []
    if "$" in text:
        found.extend((m.start(), m.end(), _sign(m.group(1), 2 if m.group(1) == "$$" else 1), CONFIDENCE)
                     for m in _BEFORE.finditer(text))
    cites: bool | None = None
    for m in _AFTER.finditer(text):
        glyph = m.group(1)
        if glyph[0] in "58" and not _SECTION_WORDS.match(text, m.end()):
            if _UNITS.match(text, m.end()):
                continue
            if cites is None:
                cites = _CITES.search(text) is not None
            if not cites:
                continue
        found.append((m.start(), m.end(), _sign(glyph, len(glyph)), CONFIDENCE))
    found.sort(key=lambda choice: choice[0])
    return found


def _sign(glyph: str, signs: int) -> Candidate:
    return Candidate("§" * signs, "§", 0.0, OCR, REASON.format(glyph))
