"""Tables used by the layout stage (:mod:`svfix.text.layout`). Tables only, no logic.

Each table is written out so that it can be read and reviewed on its own; the
algorithm that uses it is described in :mod:`svfix.text.layout`.
"""
from __future__ import annotations

#: Page furniture of Swedish protocols and official print: whole lines that belong to
#: the page, not to the text. Each entry is ``(reason, pattern, example)``; a line is
#: furniture when its content, stripped of surrounding spaces, matches ``pattern`` in
#: full (regex, case-insensitive, ``re.VERBOSE``). Such lines are removed wherever they
#: stand (unless ``Config.keep_furniture``), except in a text that holds nothing else.
#:
#: | reason          | what                                      | example                           |
#: |-----------------|-------------------------------------------|-----------------------------------|
#: | page-furniture  | signature boxes at the foot of a protocol | ``Justerandes sign``              |
#: | page-furniture  | certification box of an extract           | ``Utdragsbestyrkande``            |
#: | page-furniture  | both boxes on one line                    | ``Justerandes sign  Utdragsbestyrkande`` |
#: | page-number     | page of pages                             | ``Sida 3 av 12``, ``Sid. 3 (12)`` |
#: | page-number     | page with the page count in parentheses   | ``3 (12)``                        |
#: | page-number     | page number between dashes                | ``- 3 -``, ``– 3 –``              |
#: | page-number     | English page of pages                     | ``Page 3 of 12``                  |
FURNITURE_PATTERNS: tuple[tuple[str, str, str], ...] = (
    (
        "page-furniture",
        r"""(?: (?: justerandes? | justerares? | justerarnas | ordförandes? | sekreterarens?
                  | protokollförarens? | mötesordförandes? ) \s+ sign(?:atur|\.)?
              | utdragsbestyrkande )
            (?: [\s|/]+
                (?: (?: justerandes? | justerares? | justerarnas | ordförandes? | sekreterarens?
                      | protokollförarens? | mötesordförandes? ) \s+ sign(?:atur|\.)?
                  | utdragsbestyrkande ) )*""",
        "Justerandes sign",
    ),
    ("page-number", r"sid(?:a|\.)? \s* \d{1,4} \s* (?: av \s* \d{1,4} | \( \s* \d{1,4} \s* \) )?", "Sida 3 av 12"),
    ("page-number", r"\d{1,4} \s* \( \s* \d{1,4} \s* \)", "3 (12)"),
    ("page-number", r"[-–—] \s* \d{1,4} \s* [-–—]", "- 3 -"),
    ("page-number", r"page \s* \d{1,4} \s* (?: of \s* \d{1,4} )?", "Page 3 of 12"),
)

#: A bare page number: a line holding only a number of one to four digits. Removed only
#: near the top or bottom of a page (see :data:`PAGE_EDGE_LINES`) in text with form feeds.
PAGE_NUMBER = r"\d{1,4}"

#: How many non-blank lines at the top and at the bottom of a page may hold running
#: headers, footers and page numbers.
PAGE_EDGE_LINES = 4

#: A line is a running header or footer when it stands near the edge of at least this
#: many pages, equal to the others modulo digits and spacing (OCR variants allowed:
#: see :data:`HEADER_SIMILARITY`).
MIN_HEADER_PAGES = 3
#: ... and on at least this share of the pages that hold text (section headings that
#: happen to open a few pages, ``2 Förslag till``, are not running headers).
MIN_HEADER_SHARE = 0.3

#: Titles that print repeats at the top of each page of a part (``Bilaga 2`` on every
#: page of the second annex): their first appearance is the title and stays, like that
#: of any running header without digits (a table's column names, ``SOSFS``).
TITLE_PATTERN = r"(?: bilaga | bilagor | kapitel | avsnitt | del | appendix ) \s* (?: \d{1,3} | [a-z] )? \.?"

#: Longest line, in characters, that may be taken for a running header or footer.
MAX_HEADER_LENGTH = 100

#: Two header keys (lowercase, digit runs as ``#``, spaces removed) of at least
#: :data:`MIN_FUZZY_KEY` characters are the same header when their similarity
#: (``rapidfuzz`` normalised Indel similarity, 0-1) reaches this value, so that OCR
#: variants such as ``Prop. 1987/88:155`` and ``Prop. 1987/882155`` count together.
HEADER_SIMILARITY = 0.8
MIN_FUZZY_KEY = 6

#: Words after a line-end hyphen that mark a suspended compound (``kommun- och
#: regionförbund``, ``1990- till 2000-talet``): the hyphen stays and the line break
#: becomes a space.
SUSPENDED_COMPOUND_JOINERS = frozenset({"och", "eller", "samt", "respektive", "resp", "till", "som", "men", "än"})

#: Lowercase first parts that are written with a hyphen (``icke-professionella``,
#: ``e-post``): a line-end hyphen after them is kept.
HYPHENATED_PREFIXES = frozenset({"icke", "tv", "it", "vd", "pr", "sms", "gps", "cd", "dvd", "pc", "ex", "non"})

#: Characters that end a line in hyphenated text and are kept or dropped by the
#: lexicon: the hyphen-minus and the Unicode hyphen.
LINE_END_HYPHENS = "-\u2010"

#: Characters that mark a discretionary hyphen at a line end and are always dropped:
#: the soft hyphen (U+00AD, kept at line ends by the encoding stage for this stage)
#: and the not sign some OCR engines write for it.
LINE_END_SOFT_HYPHENS = "\u00ad\u00ac"

#: Dashes that OCR engines put at a line end for a hyphen (``sjukpenningför—``): the
#: word is joined only when the lexicon knows the joined word, else left as it is.
LINE_END_DASHES = "\u2013\u2014"

#: Words that, ending a line, introduce a list of ``att`` clauses in a protocol
#: (``Kommunstyrelsen föreslår kommunfullmäktige besluta`` / ``att anta ...``): a
#: following line that starts with ``att`` is a list item, not a continuation.
ATT_LIST_LEADS = frozenset({
    "besluta", "beslutar", "beslutat", "beslutade", "beslöt", "föreslå", "föreslår", "föreslås",
    "föreslog", "yrka", "yrkar", "yrkade", "uppdra", "uppdrar", "uppdrog",
})

#: Abbreviations that end with a full stop without ending a sentence (``i 4 kap.`` /
#: ``8 § RB``), lowercase, without the final stop.
ABBREVIATIONS = frozenset({
    "kap", "st", "p", "s", "sid", "prop", "bet", "jfr", "resp", "t.ex", "bl.a", "m.m", "m.fl", "dvs", "d.v.s",
    "etc", "nr", "f", "ff", "art", "ca", "kl", "mom", "dir", "ds", "sou", "skr", "rskr", "o.d", "fr.o.m",
    "t.o.m", "ang", "avd", "bil", "ex", "anm", "ordf", "doss", "reg", "tel", "jur", "stud", "leg", "fd",
})

#: No-break and fixed-width spaces. Between a number and what follows it (``10 %``,
#: ``5 kap.``, ``112 79``) they are kept; elsewhere in prose they become spaces.
NO_BREAK_SPACES = "\u00a0\u2007\u202f"
#: Other typographic spaces (em quad, en, em, thin, hair, ...), treated like no-break
#: spaces. (The en quad U+2000 and the ideographic space U+3000 are left out: they never
#: occur in Swedish text, and looking for them costs a scan of the whole text.)
WIDE_SPACES = "\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f"

#: Hard-wrapped lines are at most this long; a longer line is a paragraph written on
#: one line, and the break after it is kept.
MAX_WRAP_WIDTH = 150
#: Lines of blocks narrower than this are never joined (addresses, signatures, narrow
#: table columns).
MIN_WRAP_WIDTH = 40
#: A line counts as full when the first word of the next line would not have fitted
#: within this share of the wrap width (proportional fonts make OCR lines uneven).
WRAP_TOLERANCE = 0.1
