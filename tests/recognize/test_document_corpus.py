"""The document recogniser over its corpus of invented examples (``tests/corpus/documents.tsv``):
every negative has a positive twin, every lexicon row is exercised."""

from __future__ import annotations

import pytest

from kg.constants import EntityLabel
from kg.data import table
from kg.recognize.documents import recognize_documents
from tests.helpers import check_corpus_row, copied_from_seeds, corpus, make_article

ROWS, BY_ID = corpus("documents.tsv")


def _documents(text: str) -> set[str]:
    article = recognize_documents(make_article(text))
    return {m.norm for m in article.mentions if m.label is EntityLabel.DOCUMENT}


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_document_corpus(row):
    check_corpus_row(row, BY_ID, _documents)


def test_document_corpus_exercises_every_cue():
    positives = [row for row in ROWS if row["polarity"] == "+"]
    for entry in table("lexicon/document_cues.tsv"):
        if entry["role"] == "head":
            assert any(n.endswith(entry["word"]) for row in positives for n in row["names"].split("|")), entry
        else:
            assert any(f"{entry['word']}《" in row["text"] for row in positives), entry


def test_document_corpus_is_invented_not_copied_from_the_seeds():
    assert copied_from_seeds(ROWS) == []
