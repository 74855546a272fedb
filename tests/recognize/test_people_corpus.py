"""The people recogniser over its corpus of invented examples (``tests/corpus/people.tsv``):
every row of ``kg/data/lexicon/person_roles.tsv`` gives a person in a sentence of its
class, every negative has a positive twin, and credit lines in their common web and paper
forms (padded names, label blocks, photo credits) give their names."""

from __future__ import annotations

import pytest

from kg.constants import EntityLabel
from kg.data import table
from tests.helpers import check_corpus_row, copied_from_seeds, corpus, found_on_page

ROWS, BY_ID = corpus("people.tsv")


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_people_corpus(row, resources):
    check_corpus_row(row, BY_ID, lambda text: found_on_page(text, resources, EntityLabel.PERSON))


def test_people_corpus_exercises_every_role_word():
    roles = [row["role"] for row in table("lexicon/person_roles.tsv")]
    assert len(roles) == len(set(roles))  # each word written once
    positives = [row for row in ROWS if row["polarity"] == "+"]
    for role in roles:
        assert any(role + name in row["text"] or f"{role}：{name}" in row["text"]
                   for row in positives for name in row["names"].split("|")), role


def test_people_corpus_exercises_every_context_word():
    """``kg/data/lexicon/person_context.tsv``: a word that ends a name follows a found name
    in a positive example; a form of address follows a surname in a negative one (刘女士 is
    no person); a no-name word follows a role in a negative one."""
    entries = [(row["word"], row["class"]) for row in table("lexicon/person_context.tsv")]
    assert len(entries) == len(set(entries))  # each word written once per class
    positives = [row for row in ROWS if row["polarity"] == "+"]
    negatives = [row for row in ROWS if row["polarity"] == "-"]
    for word, kind in entries:
        if kind in ("speech", "end", "clause"):
            assert any(name + word in row["text"] for row in positives
                       for name in row["names"].split("|")), (word, kind)
        else:
            assert any(word in row["text"] and any(n.endswith(word) for n in row["names"].split("|"))
                       for row in negatives), (word, kind)


def test_people_corpus_is_invented_not_copied_from_the_seeds():
    assert copied_from_seeds(ROWS) == []
