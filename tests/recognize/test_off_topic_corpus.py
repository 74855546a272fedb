"""Pages not about Party building (``tests/corpus/off_topic.tsv``): no Party body and no
person fragment in any of them, while each twin, the same paragraph with one sentence of
Party-building news, gives its body -- so a recogniser that finds nothing fails."""

from __future__ import annotations

import pytest

from kg.constants import EntityLabel
from tests.helpers import copied_from_seeds, corpus, found_on_page

ROWS, _BY_ID = corpus("off_topic.tsv")


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_off_topic_page_has_no_party_body_and_no_person_fragment(row, resources):
    assert found_on_page(row["text"], resources, EntityLabel.ORG) == set()
    people = found_on_page(row["text"], resources, EntityLabel.PERSON)
    assert people <= {name for name in row["people"].split("|") if name}, people  # no fragment


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_off_topic_twin_with_party_news_gives_its_body(row, resources):
    assert row["body"] in found_on_page(row["twin"], resources, EntityLabel.ORG)


def test_off_topic_corpus_covers_the_kinds_of_news_and_is_invented():
    assert {"economy", "sport", "culture", "science", "weather", "world"} <= {row["kind"] for row in ROWS}
    assert copied_from_seeds(ROWS) == []
