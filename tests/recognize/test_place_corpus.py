"""The place recogniser and linker over its corpus of invented examples
(``tests/corpus/places.tsv``), table-driven as the other corpora: a positive row names the
code each place must get (or none, for a place the gazetteer lacks or cannot decide), and
every negative row has a positive twin where the same name is a place."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.constants import EntityLabel
from kg.data import level_words, table
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


def _level_word_rows(use: str) -> list[str]:
    return sorted(level_words(use))


def test_place_corpus_exercises_every_level_word():
    """``kg/data/lexicon/level_words.tsv``: a name of the corpus ends with each level word
    that ends names; each region word gives the region; each level word written alone
    gives a unit or body of the article's place (tests/corpus/units.tsv, orgs.tsv)."""
    positives = [row for row in ROWS if row["polarity"] == "+"]
    names = [n.partition("=")[0] for row in positives for n in row["names"].split("|")]
    for word in _level_word_rows("ends") + _level_word_rows("two-character"):
        assert any(name.endswith(word) for name in names), word
    for word in _level_word_rows("region") + _level_word_rows("zone-short"):
        assert any(word in row["text"] for row in positives), word
    bodies = corpus("units.tsv")[0] + corpus("orgs.tsv")[0]
    for word in _level_word_rows("level-word"):
        assert any(f"。{word}" in row["text"] for row in bodies if row["polarity"] == "+"), word


@pytest.mark.parametrize("word", _level_word_rows("zone"))
def test_a_zone_is_no_district_for_the_region_words_after_it(word, resources):
    """全区 right after a district is the district (田阳区…全区152个村); after a zone named
    with ``word`` (开发区, 园区 …) it is not: the zone is no district."""
    gaz = resources.gaz
    zone = next(d for d in gaz.divisions.values() if d.level.value == "county" and d.name.endswith(word))
    district = next(d for d in gaz.divisions.values() if d.level.value == "county" and d.name.endswith("区")
                    and not d.name.endswith(tuple(level_words("zone"))) and d.code[:2] == zone.code[:2])

    def code_of_region_word(division) -> str | None:
        name = gaz.parent(division.code).name + division.name  # in its chain: linked
        page = _page(f"{name}负责人介绍，全区党员积极参与。", resources)
        article = page.articles[0]
        return next((m.kb_id for m in article.mentions if m.text == "全区"), None)

    assert code_of_region_word(district) == district.code  # the twin: a district
    assert code_of_region_word(zone) != zone.code


def test_place_corpus_exercises_every_village_stem():
    """``kg/data/lexicon/village_stems.tsv``: each stem makes a negative example's 村 a
    common noun (行政村, 青禾示范村), beside a twin where an unlisted village is found."""
    negatives = [row for row in ROWS if row["polarity"] == "-"]
    for entry in table("lexicon/village_stems.tsv"):
        word = entry["stem"] + "村"
        assert any(n == word or (entry["match"] == "end" and n.endswith(word))
                   for row in negatives for n in row["names"].split("|")), entry["stem"]


@pytest.mark.parametrize("row", table("abbreviations.tsv"), ids=lambda row: row["short"])
def test_every_abbreviation_is_exercised_by_the_corpus(row):
    """``kg/data/abbreviations.tsv``: each conventional short name is linked to its code by
    some positive example of ``tests/corpus/places.tsv``."""
    wanted = f"{row['official']}={row['code']}"
    assert any(row["short"] in r["text"] and wanted in r["names"].split("|")
               for r in ROWS if r["polarity"] == "+"), wanted
