"""A fixed set of character spans, asked which of them cover a position or a span.

Recognisers ask "is this quote inside a place or body name?" once per candidate; a scan of
every mention each time made that quadratic in the article's length.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable


class SpanSet:
    """Half-open ``(start, end)`` spans; queries cost O(log n + spans near the point)."""

    __slots__ = ("_ends", "_longest", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._ends = [b for _, b in ordered]
        self._longest = max((b - a for a, b in ordered), default=0)

    def _starting_in(self, lo: int, hi: int) -> range:
        """Indexes of the spans that start in ``[lo, hi]``."""
        return range(bisect_right(self._starts, lo - 1), bisect_right(self._starts, hi))

    def contains(self, start: int, end: int) -> bool:
        """Some span holds all of ``[start, end)``."""
        return any(self._ends[i] >= end for i in self._starting_in(end - self._longest, start))

    def covers(self, pos: int) -> bool:
        """Some span holds the character at ``pos``."""
        return any(self._ends[i] > pos for i in self._starting_in(pos - self._longest + 1, pos))

    def overlaps(self, start: int, end: int) -> bool:
        """Some span shares a character with ``[start, end)``."""
        return any(self._ends[i] > start
                   for i in self._starting_in(start - self._longest + 1, end - 1))

    def overlaps_outside(self, start: int, end: int) -> bool:
        """Some span shares a character with ``[start, end)`` without lying inside it."""
        return any(self._ends[i] > start and (self._starts[i] < start or self._ends[i] > end)
                   for i in self._starting_in(start - self._longest + 1, end - 1))


class GrowingSpans:
    """Spans added one by one while the text is read (a recogniser's finds so far), asked
    which of them cover a position: O(log n + spans near the point) per question."""

    __slots__ = ("_longest", "_spans")

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []
        self._longest = 0

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))
        self._longest = max(self._longest, end - start)

    def covers(self, pos: int) -> bool:
        """Some span holds the character at ``pos``."""
        lo = bisect_left(self._spans, (pos - self._longest,))  # starting no further back
        hi = bisect_right(self._spans, (pos, 1 << 62))  # than the longest span, up to pos
        return any(end > pos for _start, end in self._spans[lo:hi])

    def overlaps(self, start: int, end: int) -> bool:
        """Some span shares a character with ``[start, end)``."""
        lo = bisect_left(self._spans, (start - self._longest + 1,))
        hi = bisect_right(self._spans, (end - 1, 1 << 62))  # starting before ``end``
        return any(stop > start for _start, stop in self._spans[lo:hi])


class DisjointSpans:
    """Spans that never overlap one another (each is added only where it overlaps none),
    so an overlap test looks at one neighbour only."""

    __slots__ = ("_ends", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)  # spans starting before ``end``: the last may reach in
        return i > 0 and self._ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


__all__ = ["DisjointSpans", "GrowingSpans", "SpanSet"]
