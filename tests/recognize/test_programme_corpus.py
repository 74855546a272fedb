"""The programme recogniser over its corpus of invented examples
(``tests/corpus/programmes.tsv``), table-driven: every negative case has a positive twin
that fires, and every row of the programme lexicons is exercised by some example."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.constants import EntityLabel
from kg.data import table
from kg.pipeline import extract_page
from kg.types import RawText
from tests.helpers import ROOT, SEEDS

CORPUS = ROOT / "tests" / "corpus" / "programmes.tsv"


def _rows() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


ROWS = _rows()
BY_ID = {row["id"]: row for row in ROWS}


def _programmes(text: str, resources) -> set[str]:
    page = extract_page(RawText(Path("corpus.txt"), text + "\n", "utf-8"), resources)
    return {m.norm for a in page.articles for m in a.mentions if m.label is EntityLabel.PROGRAMME}


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_programme_corpus(row, resources):
    found = _programmes(row["text"], resources)
    names = set(row["names"].split("|"))
    if row["polarity"] == "+":
        assert names <= found, found
    else:
        assert not names & found, found
        twin = BY_ID[row["twin"]]  # the same words, where the text makes them a programme, fire
        assert twin["polarity"] == "+"
        assert set(twin["names"].split("|")) <= _programmes(twin["text"], resources)


def _exercised(word: str, rows: list[dict[str, str]]) -> bool:
    return any(word in row["text"] for row in rows)


def test_programme_corpus_exercises_every_cue():
    negatives = [row for row in ROWS if row["polarity"] == "-"]
    positives = [row for row in ROWS if row["polarity"] == "+"]
    for entry in table("lexicon/programme_cues.tsv"):
        # a cue that makes a quote no programme is shown in a negative case; an action verb
        # before 的, which keeps one, in a positive case
        rows = positives if entry["reads"] == "action" else negatives
        assert _exercised(entry["cue"], rows), entry["cue"]


def test_programme_corpus_exercises_every_head_and_frame():
    positives = [row for row in ROWS if row["polarity"] == "+"]
    names = [name for row in positives for name in row["names"].split("|")]
    for entry in table("lexicon/programme_heads.tsv"):
        assert any(name.endswith(entry["head"]) for name in names), entry["head"]
    for entry in table("lexicon/programme_frames.tsv"):
        test = str.startswith if entry["role"] == "frame" else str.endswith
        assert any(test(name, entry["word"]) for name in names), entry["word"]


def test_programme_lexicons_write_each_word_once():
    cues = [(row["side"], row["cue"]) for row in table("lexicon/programme_cues.tsv")]
    assert len(cues) == len(set(cues))
    heads = [row["head"] for row in table("lexicon/programme_heads.tsv")]
    assert len(heads) == len(set(heads))


def test_programme_corpus_is_invented_not_copied_from_the_seeds():
    seeds = "".join(p.read_text("utf-8") for p in SEEDS.glob("*.txt"))
    for row in ROWS:
        for sentence in filter(None, row["text"].split("。")):
            assert sentence not in seeds, row["id"]


def test_programme_vocabulary_is_skos_with_a_source_for_every_concept():
    from importlib import resources as files

    import rdflib
    from rdflib.namespace import DCTERMS, RDF, SKOS

    graph = rdflib.Graph()
    graph.parse(data=files.files("kg.data").joinpath("programmes.ttl").read_text("utf-8"), format="turtle")
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 30
    for concept in concepts:
        assert len(list(graph.objects(concept, SKOS.prefLabel))) == 1, concept
        assert list(graph.objects(concept, DCTERMS.source)), concept
        for broader in graph.objects(concept, SKOS.broader):
            assert broader in concepts  # a family is a concept of the scheme


def test_programme_corpus_finds_every_label_of_the_vocabulary():
    from kg.recognize.programmes import national_programmes

    positives = [row for row in ROWS if row["polarity"] == "+"]
    names = {name for row in positives for name in row["names"].split("|")}
    labels = national_programmes()
    assert labels and set(labels) <= names
    assert labels["闽宁协作"] == "东西部协作"  # the family through skos:broader
