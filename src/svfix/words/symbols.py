"""Symbols OCR misreads outside words: the section sign read as a dollar sign.

Tesseract reads ``§`` as ``$`` (also ``8``, ``5``, ``&``; those are digits or words and
need context). In Swedish prose a dollar sign before a space and a number (``$ 62``,
``$$ 3-5``) is a section sign: amounts in dollars are written ``62 dollar``, ``USD 62``
or ``$62``, never with the space.

>>> [(c[0], c[1], c[2].text) for c in section_signs("Enligt $ 62 och $$ 3-5 men inte $62 eller US$ 5.")]
[(7, 8, '§'), (16, 18, '§§')]
"""
from __future__ import annotations

import re

from .candidates import OCR, Candidate
from .joins import Choice

#: A dollar sign (or two) before a space and a section number, not glued to a word.
_SECTION = re.compile(r"(?<![\w$])(\$\$?)(?=[ \u00a0]\d{1,4}(?:[ \u00a0]?[a-z])?\b(?![.,]\d))")
CONFIDENCE = 0.97
REASON = "OCR confusion $→§ (a dollar sign before a space and a section number)"


def section_signs(text: str) -> list[Choice]:
    """The ``$`` that stand for ``§`` in ``text``, as the word stage's choices."""
    if "$" not in text:
        return []
    return [(m.start(), m.end(), Candidate("§" * len(m.group(1)), "§", 0.0, OCR, REASON), CONFIDENCE)
            for m in _SECTION.finditer(text)]
