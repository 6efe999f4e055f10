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
>>> [c[2].text for c in section_signs("Det framgår av 2 $ i lagen och av\\n5 8 lagen (1998:189).")]
['§', '§']
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
_GAP = r"[ \u00a0]|\n(?![^\S\n]*\n)"  # a space, or one line break (not a blank line)
_AFTER = regex.compile(
    rf"(?<=(?:(?:^|\s){_OPENS}(?:{_GAP})|\(|(?P<line>^|\n)){_NUMBER}(?:,[ \u00a0]{_NUMBER})*"
    rf"(?:[ \u00a0](?:och|eller)[ \u00a0]{_NUMBER})?(?:{_GAP}))"
    rf"([$&5]{{1,2}}|8[58]?|S{{1,2}})(?=(?:{_GAP})\p{{Ll}}|[;,)])"
)
#: After a misread sign, words that only a section reference is followed by.
_SECTION_WORDS = regex.compile(
    r"\s(?:första|andra|tredje|fjärde|femte|sjätte|sista|stycket|punkt|\p{Ll}*(?:lagen|balken|förordningen))\b")
#: A word of one letter after the sign: only ``i`` (``2 $ i lagen``), and not after a digit.
_ONE_LETTER = regex.compile(r"\s\p{Ll}\b")
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
        glyph, after = m.group(2), m.end()
        sure = _SECTION_WORDS.match(text, after) is not None
        if m.group("line") is not None and glyph[0] in "58" and not sure:
            continue  # a number first on a line, then a digit: only before a section's words or a law
        if _ONE_LETTER.match(text, after) and (glyph[0] in "58" or not text.startswith(" i ", after)):
            continue
        if glyph[0] in "58" and not sure:
            if _UNITS.match(text, after):
                continue
            if cites is None:
                cites = _CITES.search(text) is not None
            if not cites:
                continue
        found.append((m.start(2), m.end(2), _sign(glyph, len(glyph)), CONFIDENCE))
    found.sort(key=lambda choice: choice[0])
    return found


def _sign(glyph: str, signs: int) -> Candidate:
    return Candidate("§" * signs, "§", 0.0, OCR, REASON.format(glyph))
