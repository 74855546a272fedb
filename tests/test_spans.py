"""SpanSet against the plain scan it replaces."""

from __future__ import annotations

import random

from kg.spans import DisjointSpans, GrowingSpans, SpanSet


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
                assert index.overlaps_outside(start, end) == any(
                    a < end and start < b and not (start <= a and b <= end) for a, b in spans)


def test_growing_spans_answer_like_a_scan_of_what_was_added_so_far():
    rnd = random.Random(7)
    for _ in range(100):
        grown, added = GrowingSpans(), []
        for _step in range(rnd.randint(0, 10)):
            a = rnd.randint(0, 40)
            span = (a, a + rnd.randint(0, 12))
            grown.add(*span)
            added.append(span)
            for pos in range(-2, 55):
                assert grown.covers(pos) == any(a <= pos < b for a, b in added)
                for end in range(pos, pos + 14):
                    assert grown.overlaps(pos, end) == any(a < end and pos < b for a, b in added)


def test_disjoint_spans_answer_like_a_scan():
    rnd = random.Random(9)
    for _ in range(100):
        spans, added = DisjointSpans(), []
        for _step in range(20):
            a = rnd.randint(0, 60)
            b = a + rnd.randint(1, 8)
            overlapping = any(x < b and a < y for x, y in added)
            assert spans.overlaps(a, b) == overlapping
            if not overlapping:
                spans.add(a, b)
                added.append((a, b))
