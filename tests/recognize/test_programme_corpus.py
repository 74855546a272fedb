"""The programme recogniser over its corpus of invented examples
(``tests/corpus/programmes.tsv``), table-driven: every negative case has a positive twin
that fires, and every row of the programme lexicons is exercised by some example."""

from __future__ import annotations

import pytest

from kg.constants import EntityLabel
from kg.data import table
from tests.helpers import check_corpus_row, copied_from_seeds, corpus, found_on_page

ROWS, BY_ID = corpus("programmes.tsv")


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_programme_corpus(row, resources):
    check_corpus_row(row, BY_ID, lambda text: found_on_page(text, resources, EntityLabel.PROGRAMME))


def _exercised(word: str, rows: list[dict[str, str]]) -> bool:
    return any(word in row["text"] for row in rows)


def test_programme_corpus_exercises_every_cue():
    negatives = [row for row in ROWS if row["polarity"] == "-"]
    positives = [row for row in ROWS if row["polarity"] == "+"]
    for entry in table("lexicon/programme_cues.tsv"):
        if entry["side"] == "connective":
            continue  # decides the core flag, not the name: tests/recognize/test_programmes.py
        # a cue that makes a quote no programme is shown in a negative case; an action verb
        # before 的, which keeps one, in a positive case
        # (and a motto frame, a scope word or a word of Party work, which keep one, in a
        # positive case)
        rows = positives if entry["reads"] in ("action", "motto", "scope", "site", "party") else negatives
        assert _exercised(entry["cue"], rows), entry["cue"]


def test_programme_corpus_exercises_every_head_and_frame():
    positives = [row for row in ROWS if row["polarity"] == "+"]
    names = [name for row in positives for name in row["names"].split("|")]
    for entry in table("lexicon/programme_heads.tsv"):
        head, uses = entry["head"], entry["uses"].split()
        if "name" in uses:  # a quote ending with the head is a programme
            assert any(name.endswith(head) for name in names), head
        else:  # the head completes or closes a quote, label or list in a positive example
            assert any(f"”{head}" in row["text"] or any(n.endswith(head) for n in row["names"].split("|"))
                       for row in positives), head
    negatives = [row for row in ROWS if row["polarity"] == "-"]
    for entry in table("lexicon/programme_frames.tsv"):
        if entry["role"] in ("frame", "area"):
            test = str.startswith if entry["role"] == "frame" else str.endswith
            assert any(test(name, entry["word"]) for name in names), entry["word"]
        else:  # a verb after the frame, or a head it modifies, shown where no name is found
            wanted = f"frame-{entry['role']}-{entry['word']}"
            assert any(row["id"] == wanted for row in negatives), entry["word"]


def test_programme_lexicons_write_each_word_once():
    cues = [(row["side"], row["cue"]) for row in table("lexicon/programme_cues.tsv")]
    assert len(cues) == len(set(cues))
    heads = [row["head"] for row in table("lexicon/programme_heads.tsv")]
    assert len(heads) == len(set(heads))


def test_programme_corpus_is_invented_not_copied_from_the_seeds():
    assert copied_from_seeds(ROWS) == []


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


def test_programme_corpus_exercises_every_compound_word():
    positives = [row for row in ROWS if row["polarity"] == "+"]
    names = [name for row in positives for name in row["names"].split("|")]
    for entry in table("lexicon/programme_compounds.tsv"):
        word, role = entry["word"], entry["role"]
        if role == "actor":
            assert any(name.startswith(word) for name in names), word
        elif role == "joint":
            assert any(name.endswith(word) for name in names), word
        else:  # a verb of linking, right before the one character it links to
            assert any(len(name) >= 4 and name[-2] == word for name in names), word
