"""The Party-body recogniser over its corpus of invented examples (``tests/corpus/orgs.tsv``),
table-driven: every negative case has a positive twin that fires, and every row of the
lexicon ``kg/data/lexicon/party_bodies.tsv`` is exercised by some positive example."""

from __future__ import annotations

import pytest

from kg.constants import EntityLabel
from kg.data import table
from tests.helpers import check_corpus_row, copied_from_seeds, corpus, found_on_page

ROWS, BY_ID = corpus("orgs.tsv")
LEXICON = table("lexicon/party_bodies.tsv")


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_org_corpus(row, resources):
    check_corpus_row(row, BY_ID, lambda text: found_on_page(text, resources, EntityLabel.ORG))


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
    assert copied_from_seeds(ROWS) == []


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


@pytest.mark.parametrize("word", sorted(r["suffix"] for r in LEXICON if "bare" in r["uses"].split()))
def test_bare_body_word_never_stands_for_an_earlier_body(word, resources):
    """``uses=bare``: 党委 after 青禾合作社党委 is not resolved to it (any 党委 may be
    meant), while a tail that says more is (joint_definite: 联合党支部)."""
    from pathlib import Path

    from kg.pipeline import extract_page
    from kg.types import RawText

    def rules(text: str) -> set[str]:
        page = extract_page(RawText(Path("c.txt"), text + "\n", "utf-8"), resources)
        return {m.rule for a in page.articles for m in a.mentions if m.label is EntityLabel.ORG}

    assert "definite" in rules(BY_ID["joint_definite"]["text"])
    assert "definite" not in rules(f"青禾合作社{word}成立后，{word}组织党员学习。")


def test_org_corpus_exercises_every_host_word():
    """``kg/data/lexicon/host_words.tsv``: a name token opens a body a positive example
    finds; a class host opens the bare body of a negative one."""
    for entry in table("lexicon/host_words.tsv"):
        polarity = "+" if entry["class"] == "name-token" else "-"
        assert any(entry["word"] in row["names"] and row["polarity"] == polarity
                   for row in ROWS), entry["word"]
