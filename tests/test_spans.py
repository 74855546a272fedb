"""SpanSet against the plain scan it replaces."""

from __future__ import annotations

import random

from kg.spans import SpanSet


def test_span_set_answers_like_a_scan_of_every_span():
    rnd = random.Random(4)
    for _ in range(200):
        spans = [(a, a + rnd.randint(0, 9)) for a in (rnd.randint(0, 40) for _ in range(rnd.randint(0, 8)))]
        index = SpanSet(spans)
        for start in range(-2, 52):
            assert index.covers(start) == any(a <= start < b for a, b in spans)
            for end in range(start, start + 12):
                assert index.contains(start, end) == any(a <= start and end <= b for a, b in spans)
                assert index.overlaps(start, end) == any(a < end and start < b for a, b in spans)
