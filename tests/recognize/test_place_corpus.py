"""The place recogniser and linker over its corpus of invented examples
(``tests/corpus/places.tsv``), table-driven as the other corpora: a positive row names the
code each place must get (or none, for a place the gazetteer lacks or cannot decide), and
every negative row has a positive twin where the same name is a place."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.constants import EntityLabel
from kg.data import table
from kg.pipeline import extract_page
from kg.types import RawText
from tests.helpers import check_corpus_row, copied_from_seeds, corpus

ROWS, BY_ID = corpus("places.tsv")


def _page(text: str, resources):
    return extract_page(RawText(Path("corpus.txt"), text.replace("\\n", "\n") + "\n", "utf-8"), resources)


def _places(text: str, resources) -> set[str]:
    """``name=code`` (``name=`` when unlinked) and the bare name of every place found."""
    page = _page(text, resources)
    linked = {f"{m.norm}={m.kb_id or ''}" for a in page.articles for m in a.mentions
              if m.label is EntityLabel.PLACE}
    return linked | {item.partition("=")[0] for item in linked}


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_place_corpus(row, resources):
    check_corpus_row(row, BY_ID, lambda text: _places(text, resources))


def test_place_corpus_exercises_every_way_a_code_is_decided(resources):
    """Unique name, chain, context, page province: each decides some positive example."""
    rules = {m.rule for row in ROWS if row["polarity"] == "+"
             for a in _page(row["text"], resources).articles for m in a.mentions
             if m.label is EntityLabel.PLACE}
    assert {"gazetteer", "chain", "context", "province"} <= rules, rules


def test_place_corpus_is_invented_not_copied_from_the_seeds():
    assert copied_from_seeds(ROWS) == []


@pytest.mark.parametrize("row", table("mastheads.tsv"), ids=lambda row: row["masthead"])
def test_every_masthead_gives_its_province(row, resources):
    """``kg/data/mastheads.tsv``: a page under the masthead, naming no place, is in its province."""
    page = _page(f"{row['masthead']}\n社区党员开展志愿服务活动。", resources)
    assert page.province == row["code"]
