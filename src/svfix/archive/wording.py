"""How the archive layer and the command words what they report."""
from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` and its noun, in agreement.

    >>> plural(1, "file"), plural(2, "file"), plural(1_000, "change"), plural(0, "pair")
    ('1 file', '2 files', '1,000 changes', '0 pairs')
    """
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"
