"""Bounded caches: memos of pure functions, each with one owner, a type and a limit.

A cache here only ever remembers the answer of a pure function of its key (and of the
lexicon its owner belongs to), so clearing it never changes a result, only the time
the next question takes. When a cache reaches its limit it is cleared at once (cheaper
than tracking recency, and a document's working set is soon learnt again).

>>> squares: BoundedCache[int, int] = BoundedCache("squares", limit=2)
>>> squares[1] = 1; squares[2] = 4; squares[3] = 9
>>> sorted(squares.items()), squares.clears
([(3, 9)], 1)
"""
from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(dict[K, V]):
    """A dict that empties itself when a new key would take it past ``limit`` entries.

    Reads are plain ``dict`` reads (``get``, ``in``, ``[]``), as fast as a dict's; only
    storing goes through this class.
    """

    __slots__ = ("name", "limit", "clears")

    def __init__(self, name: str, limit: int):
        super().__init__()
        self.name = name
        self.limit = limit
        self.clears = 0

    def __setitem__(self, key: K, value: V) -> None:
        if len(self) >= self.limit and key not in self:
            self.clear()
            self.clears += 1
        super().__setitem__(key, value)

    def __repr__(self) -> str:
        return f"BoundedCache({self.name!r}, {len(self)}/{self.limit})"
