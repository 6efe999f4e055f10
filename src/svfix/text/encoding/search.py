"""Finding the stretches a fixer must look at, at a cost proportional to what it finds."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

#: A letter in any script (a word character that is neither a digit nor ``_``).
LETTER = r"[^\W\d_]"

#: A token votes on a decoding (ISO 646, code page) only when it has at least this
#: many characters: ``{n`` decodes to the word ``än`` too easily to count.
MIN_VOTING_LENGTH = 3

#: A text whose only candidate token has at least this many letters and decodes to a
#: listed word that it is not as written is decoded on that one vote (``j{mst{lldhet``,
#: ``F”rslaget`` alone): a word this long turns into a Swedish word by accident next to
#: never, while the text gives no second token to vote.
LONE_VOTE_LENGTH = 7

#: Share of voting tokens the lexicon must confirm before a decoding is applied.
MIN_CONFIRMED_SHARE = 0.6


def positions(text: str, chars: Iterable[str]) -> list[int]:
    """Sorted positions of ``chars`` in ``text``. Uses ``str.find``, which is much
    faster than a regex when the characters are rare, as they are in clean text.

    >>> positions("a|b}c|", "|}")
    [1, 3, 5]
    """
    found = []
    for char in chars:
        i = text.find(char)
        while i >= 0:
            found.append(i)
            i = text.find(char, i + 1)
    return sorted(found)


def runs_around(text: str, hits: Iterable[int], run: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of the maximal run of ``run`` around each hit position, once each.

    The cost is proportional to the hits, not to the text: clean text pays nothing.

    >>> list(runs_around("ab c|d e", [4], re.compile(r"[^ ]+")))
    [(3, 6)]
    """
    end = 0
    for hit in hits:
        if hit < end:
            continue
        start = hit
        while start > end and run.match(text, start - 1, start):
            start -= 1
        found = run.match(text, hit)
        end = found.end() if found is not None else hit + 1
        yield start, end
