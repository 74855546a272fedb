"""The unit recogniser over its corpus of invented examples (``tests/corpus/units.tsv``):
every head of ``kg/data/lexicon/unit_heads.tsv`` ends a unit some positive example finds,
and every negative has a positive twin."""

from __future__ import annotations

import pytest

from kg.constants import EntityLabel
from kg.data import table
from tests.helpers import check_corpus_row, copied_from_seeds, corpus, found_on_page

ROWS, BY_ID = corpus("units.tsv")


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_unit_corpus(row, resources):
    check_corpus_row(row, BY_ID, lambda text: found_on_page(text, resources, EntityLabel.UNIT))


def test_unit_corpus_exercises_every_head():
    heads = [row["head"] for row in table("lexicon/unit_heads.tsv")]
    assert len(heads) == len(set(heads))  # each written once
    names = [n for row in ROWS if row["polarity"] == "+" for n in row["names"].split("|")]
    for head in heads:
        assert any(name.endswith(head) for name in names), head


def test_unit_corpus_is_invented_not_copied_from_the_seeds():
    assert copied_from_seeds(ROWS) == []
