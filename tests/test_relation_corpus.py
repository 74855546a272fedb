"""The relation extractor over its corpus of invented examples (``tests/corpus/relations.tsv``):
every cue of ``kg/data/lexicon/relation_cues.tsv`` decides some example, and every negative
has a positive twin, so an extractor that finds nothing fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.data import table
from kg.merge import merge_pages
from kg.pipeline import extract_page
from kg.types import RawText
from tests.helpers import check_corpus_row, copied_from_seeds, corpus

ROWS, BY_ID = corpus("relations.tsv")


def _relations(text: str, resources) -> set[str]:
    """The relations of a page of ``text`` (``\\n`` in a corpus cell is a line break)."""
    body = text.replace("\\n", "\n")
    page = extract_page(RawText(Path("t.txt"), f"基层党建观察\n\n{body}\n", "utf-8"), resources)
    G = merge_pages([page], resources.gaz)
    name = {k: e.name for k, e in G.entities.items()}
    return {f"{name[h]}>{label.value}>{name[t]}" for (h, label, t) in G.relations}


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_relation_corpus(row, resources):
    check_corpus_row(row, BY_ID, lambda text: _relations(text, resources), column="relations")


def test_relation_corpus_exercises_every_cue():
    entries = [(row["word"], row["class"]) for row in table("lexicon/relation_cues.tsv")]
    assert len(entries) == len(set(entries))
    for word, kind in entries:
        assert any(row["id"] == f"{kind}-{word}" for row in ROWS), (word, kind)


def test_relation_corpus_is_invented_not_copied_from_the_seeds():
    assert copied_from_seeds(ROWS) == []
