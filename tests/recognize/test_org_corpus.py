"""The Party-body recogniser over its corpus of invented examples (``tests/corpus/orgs.tsv``),
table-driven: every negative case has a positive twin that fires, and every row of the
lexicon ``kg/data/lexicon/party_bodies.tsv`` is exercised by some positive example."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.constants import EntityLabel
from kg.data import table
from kg.pipeline import extract_page
from kg.types import RawText
from tests.helpers import ROOT, SEEDS

CORPUS = ROOT / "tests" / "corpus" / "orgs.tsv"


def _rows() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


ROWS = _rows()
BY_ID = {row["id"]: row for row in ROWS}
LEXICON = table("lexicon/party_bodies.tsv")


def _bodies(text: str, resources) -> set[str]:
    page = extract_page(RawText(Path("corpus.txt"), text + "\n", "utf-8"), resources)
    return {m.norm for a in page.articles for m in a.mentions if m.label is EntityLabel.ORG}


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_org_corpus(row, resources):
    found = _bodies(row["text"], resources)
    names = row["names"].split("|")
    if row["polarity"] == "+":
        assert set(names) <= found, found
    else:
        assert not set(names) & found, found
        twin = BY_ID[row["twin"]]  # the same words, written as a body, do fire
        assert twin["polarity"] == "+" and set(twin["names"].split("|")) <= _bodies(twin["text"], resources)


def test_org_corpus_exercises_every_lexicon_row():
    positives = [row for row in ROWS if row["polarity"] == "+"]
    names = [name for row in positives for name in row["names"].split("|")]
    for entry in LEXICON:
        assert any(name.endswith(entry["suffix"]) for name in names), entry["suffix"]
        if entry["short_form"]:  # some example writes the short form and resolves it
            assert any(entry["short_form"] in row["text"]
                       and not any(n in row["text"] for n in row["names"].split("|"))
                       for row in positives), entry["short_form"]


def test_org_corpus_is_invented_not_copied_from_the_seeds():
    seeds = "".join(p.read_text("utf-8") for p in SEEDS.glob("*.txt"))
    for row in ROWS:
        for sentence in filter(None, row["text"].split("。")):
            assert sentence not in seeds, row["id"]


def test_lexicon_rows_are_well_formed():
    from kg.constants import Level, OrgKind

    suffixes = [entry["suffix"] for entry in LEXICON]
    assert len(suffixes) == len(set(suffixes))  # each word written once
    for entry in LEXICON:
        OrgKind(entry["kind"])
        assert bool(entry["level"]) == bool(entry["place_suffix"]) == bool(entry["short_form"])
        if entry["level"]:
            assert entry["level"] in {lv.value for lv in Level}
            assert entry["short_form"].endswith(entry["suffix"])


def test_org_corpus_exercises_every_generic_host():
    """Each generic host word (社区, 公司 …) opens a clause of some positive example whose
    body is named in full only by resolving it."""
    positives = [row for row in ROWS if row["polarity"] == "+"]
    for entry in table("lexicon/generic_hosts.tsv"):
        assert any(f"。{entry['head']}" in row["text"] and row["id"].startswith("generic_")
                   for row in positives), entry["head"]
