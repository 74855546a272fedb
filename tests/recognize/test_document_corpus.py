"""The document recogniser over its corpus of invented examples (``tests/corpus/documents.tsv``):
every negative has a positive twin, every lexicon row is exercised."""

from __future__ import annotations

import csv

import pytest

from kg.constants import EntityLabel
from kg.data import table
from kg.recognize.documents import recognize_documents
from tests.helpers import ROOT, SEEDS, make_article

CORPUS = ROOT / "tests" / "corpus" / "documents.tsv"
with CORPUS.open(encoding="utf-8") as _handle:
    ROWS = list(csv.DictReader((line for line in _handle if not line.startswith("#")), delimiter="\t"))
BY_ID = {row["id"]: row for row in ROWS}


def _documents(text: str) -> set[str]:
    article = recognize_documents(make_article(text))
    return {m.norm for m in article.mentions if m.label is EntityLabel.DOCUMENT}


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_document_corpus(row):
    names = set(row["names"].split("|"))
    if row["polarity"] == "+":
        assert names <= _documents(row["text"])
    else:
        assert not names & _documents(row["text"])
        twin = BY_ID[row["twin"]]
        assert twin["polarity"] == "+" and set(twin["names"].split("|")) <= _documents(twin["text"])


def test_document_corpus_exercises_every_cue():
    positives = [row for row in ROWS if row["polarity"] == "+"]
    for entry in table("lexicon/document_cues.tsv"):
        if entry["role"] == "head":
            assert any(n.endswith(entry["word"]) for row in positives for n in row["names"].split("|")), entry
        else:
            assert any(f"{entry['word']}《" in row["text"] for row in positives), entry


def test_document_corpus_is_invented_not_copied_from_the_seeds():
    seeds = "".join(p.read_text("utf-8") for p in SEEDS.glob("*.txt"))
    assert not [row["id"] for row in ROWS if any(s and s in seeds for s in row["text"].split("。"))]
