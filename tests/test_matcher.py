"""The name automaton against a brute-force enumeration of every occurrence."""

from __future__ import annotations

import random

from kg.matcher import NameMatcher


def _every_occurrence(text: str, forms: set[str]) -> list[tuple[int, int, str]]:
    return sorted(((i, i + len(f), f) for f in forms for i in range(len(text))
                   if text.startswith(f, i)), key=lambda m: (m[1], m[0]))


def test_matcher_finds_every_overlapping_occurrence_astral_included():
    forms = {"莫𡐓村", "莫𡐓", "𡐓村", "𡐓", "和平县", "平县", "县", "和平", "\U000f0001镇"}
    matcher = NameMatcher(forms)
    rnd = random.Random(11)
    pieces = [*sorted(forms), "的", "党委", "。", "a", "\U000f0001"]
    for _ in range(300):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 25)))
        assert matcher.find(text) == _every_occurrence(text, forms), text


def test_matcher_offsets_are_code_points_after_astral_characters():
    matcher = NameMatcher(["连平县"])
    text = "𡐓𣒍莫𡐓村，连平县"
    assert matcher.find(text) == [(6, 9, "连平县")]
    assert text[6:9] == "连平县"


def test_matcher_empty_forms_or_text_find_nothing():
    assert NameMatcher([]).find("连平县") == []
    assert NameMatcher(["", "连平县"]).find("") == []
    assert len(NameMatcher(["", "连平县", "连平县"])) == 1
