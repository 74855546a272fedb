"""The page metadata reader and the layout-line finder over their corpus of invented page heads
(``tests/corpus/metadata.tsv``): every entry of ``kg/data/lexicon/page_metadata.tsv``
decides some example, and every negative has a positive twin."""

from __future__ import annotations

import pytest

from kg.data import table
from kg.metadata import page_date, page_metadata, parse_date
from kg.preprocess.layout import layout_indices
from kg.types import PageMeta
from tests.helpers import check_corpus_row, copied_from_seeds, corpus

ROWS, BY_ID = corpus("metadata.tsv")


def _found(field: str):
    if field == "layout":
        def lines(text: str) -> set[str]:
            page = [line.strip() for line in text.split("\\n") if line.strip()]
            return {page[i] for i in layout_indices(page)}
        return lines
    return lambda text: {getattr(page_metadata(text.replace("\\n", "\n")), field) or ""}


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_metadata_corpus(row):
    check_corpus_row(row, BY_ID, _found(row["field"]), column="value")


def test_metadata_corpus_exercises_every_lexicon_entry():
    entries = [(row["word"], row["class"]) for row in table("lexicon/page_metadata.tsv")]
    assert len(entries) == len(set(entries))
    for word, kind in entries:
        assert any(row["id"] == f"{kind}-{word}" for row in ROWS), (word, kind)


def test_metadata_corpus_is_invented_not_copied_from_the_seeds():
    assert copied_from_seeds(ROWS) == []


def test_a_page_without_layout_states_nothing():
    text = "党建强 发展强\n\n2023年以来，县委组织部把党支部建在产业链上，全县新建产业党支部12个。\n"
    assert page_metadata(text) == PageMeta()
    assert page_date(text.replace("2023年以来", "2023年5月4日")) is None  # a date in a sentence
    assert page_date("党建强 发展强\n2023年5月4日 星期四\n") == "2023-05-04"


def test_the_container_wins_over_the_text():
    container = PageMeta(date="2024-01-02", outlet=None)
    text_meta = PageMeta(date="2023-05-04", outlet="南岭日报", section="党建")
    assert container.filled_from(text_meta) == PageMeta(date="2024-01-02", outlet="南岭日报", section="党建")


@pytest.mark.parametrize("text, iso", [("2025年4月16日", "2025-04-16"), ("2025 年 04 月 06 日", "2025-04-06"),
                                       ("2025/4/6 8:00", "2025-04-06"), ("20250406", None),
                                       ("2025年13月1日", None), ("第2025-04-06期", "2025-04-06")])
def test_parse_date_forms(text, iso):
    assert parse_date(text) == iso
