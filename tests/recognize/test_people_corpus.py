"""The people recogniser over its corpus of invented examples (``tests/corpus/people.tsv``):
every row of ``kg/data/lexicon/person_roles.tsv`` gives a person in a sentence of its
class, every negative has a positive twin, and credit lines in their common web and paper
forms (padded names, label blocks, photo credits) give their names."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.constants import EntityLabel
from kg.data import table
from kg.pipeline import extract_page
from kg.types import RawText
from tests.helpers import ROOT, SEEDS

CORPUS = ROOT / "tests" / "corpus" / "people.tsv"
with CORPUS.open(encoding="utf-8") as _handle:
    ROWS = list(csv.DictReader((line for line in _handle if not line.startswith("#")), delimiter="\t"))
BY_ID = {row["id"]: row for row in ROWS}


def _people(text: str, resources) -> set[str]:
    page = extract_page(RawText(Path("corpus.txt"), text.replace("\\n", "\n") + "\n", "utf-8"), resources)
    return {m.norm for a in page.articles for m in a.mentions if m.label is EntityLabel.PERSON}


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_people_corpus(row, resources):
    found = _people(row["text"], resources)
    names = set(row["names"].split("|"))
    if row["polarity"] == "+":
        assert names <= found, found
    else:
        assert not names & found, found
        twin = BY_ID[row["twin"]]
        assert twin["polarity"] == "+" and set(twin["names"].split("|")) <= _people(twin["text"], resources)


def test_people_corpus_exercises_every_role_word():
    roles = [row["role"] for row in table("lexicon/person_roles.tsv")]
    assert len(roles) == len(set(roles))  # each word written once
    positives = [row for row in ROWS if row["polarity"] == "+"]
    for role in roles:
        assert any(role + name in row["text"] or f"{role}：{name}" in row["text"]
                   for row in positives for name in row["names"].split("|")), role


def test_people_corpus_is_invented_not_copied_from_the_seeds():
    seeds = "".join(p.read_text("utf-8") for p in SEEDS.glob("*.txt"))
    for row in ROWS:
        for sentence in filter(None, row["text"].replace("\\n", "。").split("。")):
            assert sentence not in seeds, row["id"]
