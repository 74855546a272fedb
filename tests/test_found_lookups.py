"""The lookups recognize_orgs asks once per candidate answer as a scan of the list would
(they replaced scans that made one long article quadratic)."""

from __future__ import annotations

import random

import pytest

from kg.constants import EntityLabel, OrgKind
from kg.recognize.orgs import _Found, _last_ending_by
from kg.types import BodyInfo, Mention

_NAMES = ("东坝镇党委", "镇党委", "联合党支部", "红毛镇乡村旅游联合党支部", "党支部", "公司", "县委组织部")


def _random_mentions(rng: random.Random, n: int) -> list[Mention]:
    out = []
    for _ in range(n):
        start = rng.randrange(0, 200)
        name = rng.choice(_NAMES)
        label = rng.choice((EntityLabel.ORG, EntityLabel.ORG, EntityLabel.UNIT, EntityLabel.PLACE))
        of = rng.choice((None, "place:1", "place:2"))
        kind = rng.choice((OrgKind.COMMITTEE, OrgKind.BRANCH, None))
        out.append(Mention(start, start + rng.randrange(1, 12), name, label, name, f"{label.value}:{name}",
                           info=BodyInfo(kind=kind, of=of)))
    return out


def test_the_found_lists_lookups_answer_like_scans_of_what_was_added_so_far():
    rng = random.Random(7)
    for _ in range(30):
        mentions = _random_mentions(rng, 40)
        found = _Found()
        for i, m in enumerate(mentions):
            found.append(m) if i % 2 else found.extend([m])
            so_far = mentions[:i + 1]
            orgs = [f for f in so_far if f.label is EntityLabel.ORG]
            pos, tail = rng.randrange(0, 210), rng.choice(_NAMES)[-rng.randrange(2, 5):]
            assert list(found) == so_far and found.orgs == orgs
            assert found.orgs_ending.get(pos, []) == [f for f in orgs if f.end == pos]
            assert found.orgs_starting.get(pos, []) == [f for f in orgs if f.start == pos]
            assert found.orgs_by_ending.get(tail, []) == [f for f in orgs if f.norm.endswith(tail)
                                                          and len(f.norm) >= len(tail)]
            assert found.orgs_of.get("place:1", []) == [f for f in orgs if f.body_info.of == "place:1"]
            span = (m.start, m.end)
            assert found.by_span.get(span) == [f for f in so_far if (f.start, f.end) == span]
            assert found.covered.covers(pos) == any(f.start <= pos < f.end for f in so_far)


def test_the_found_list_only_grows():
    found = _Found()
    found += _random_mentions(random.Random(1), 3)
    assert len(found) == 3
    for change in (lambda: found.insert(0, found[0]), lambda: found.pop(), lambda: found.remove(found[0]),
                   lambda: found.__setitem__(0, found[1]), lambda: found.__delitem__(0), found.clear):
        with pytest.raises(TypeError, match="only grow"):
            change()
    assert len(found) == 3 and len(found.orgs) == sum(f.label is EntityLabel.ORG for f in found)


def test_the_last_mentions_ending_by_a_position_are_those_a_scan_finds():
    rng = random.Random(3)
    for _ in range(200):
        mentions = sorted(_random_mentions(rng, rng.randrange(0, 30)), key=lambda m: m.start)
        pos, n = rng.randrange(0, 220), rng.randrange(1, 4)
        scan = [m for m in mentions if m.end <= pos][-n:]
        assert _last_ending_by(mentions, [m.start for m in mentions], pos, n) == scan
