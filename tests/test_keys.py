"""Entity keys are minted and read by kg.keys only, and round-trip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kg
from kg.constants import EntityLabel
from kg.keys import entity_key, is_orphan, key_name, place_key, split_key, unlinked_place_key


@pytest.mark.parametrize("label", list(EntityLabel))
def test_keys_round_trip(label):
    key = entity_key(label, "安吉县:天荒坪镇")  # a colon inside the name survives
    assert split_key(key) == (label.value, "安吉县:天荒坪镇")
    assert key_name(key, label) == "安吉县:天荒坪镇"
    other = next(o for o in EntityLabel if o is not label)
    assert key_name(key, other) is None


def test_keys_places_linked_unlinked_and_orphan():
    assert place_key("330523") == "place:330523" and not is_orphan(place_key("330523"))
    under = unlinked_place_key("新村", "330523", "p.txt")
    assert split_key(under) == ("place", "330523/新村") and not is_orphan(under)
    orphan = unlinked_place_key("新村", None, "p.txt")
    assert is_orphan(orphan) and orphan.endswith("p.txt/新村")


def test_keys_no_other_module_spells_a_key():
    package = Path(kg.__file__).parent
    pattern = re.compile(r'f?"(?:place|org|unit|person|programme|document):')
    spelt = [f"{p.relative_to(package)}:{i}" for p in package.rglob("*.py") if p.name != "keys.py"
             for i, line in enumerate(p.read_text("utf-8").splitlines(), 1) if pattern.search(line)]
    assert spelt == []
