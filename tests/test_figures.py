"""Figures (发展党员1405名) and the lexicons they read: every measure word ends a figure,
every word of approximation before the number is left out of what is counted, and the
big multipliers scale the value."""

from __future__ import annotations

import pytest

from kg.data import numeral_values, numerals, table
from kg.figures import extract_figures
from tests.helpers import make_article

_WORDS = table("lexicon/figure_words.tsv")


def _figures(text: str):
    return [(f.counted, f.value, f.unit) for f in extract_figures(make_article(text)).figures]


@pytest.mark.parametrize("unit", [r["word"] for r in _WORDS if r["class"] == "measure"])
def test_figures_every_measure_word_ends_a_count(unit):
    assert ("培训党员", 12.0, unit) in _figures(f"今年以来，培训党员12{unit}。")


@pytest.mark.parametrize("word", [r["word"] for r in _WORDS if r["class"] == "before-number"])
def test_figures_words_before_the_number_are_not_counted(word):
    assert _figures(f"今年以来，培训党员{word}12名。") == [("培训党员", 12.0, "名")]
    # the twin: a counted word that ends in none of these keeps all its characters
    assert _figures("今年以来，培训党员12名。") == [("培训党员", 12.0, "名")]


@pytest.mark.parametrize("mult", numerals("big"))
def test_figures_big_multipliers_scale_the_value(mult):
    (counted, value, unit), = _figures(f"今年以来，村集体经济收入1.5{mult}元。")
    assert value == 1.5 * numeral_values()[mult] and unit == "元"


def test_numerals_table_gives_every_kind_a_value():
    rows = table("lexicon/numerals.tsv")
    assert len({r["char"] for r in rows}) == len(rows)
    values = numeral_values()
    assert [values[c] for c in numerals("digit")] == list(range(1, 10))
    assert values["十"] == 10 and values["两"] == values["二"] == 2 and values["零"] == 0
    assert numerals("digit", "ten") == "一二三四五六七八九十"


def test_figures_counted_phrase_never_opens_on_a_measure_word():
    """``，12名党校教师到38家企业``: the first number has no counted words before it, and the
    second counts 党校教师, not 名党校教师 (its twin: with words before 12, both are counted)."""
    from kg.figures import extract_figures

    bare = extract_figures(make_article("县里今年，12名党校教师到38家企业宣讲。", headline="标题")).figures
    assert [(f.counted, f.value, f.unit) for f in bare] == [("党校教师", 38.0, "家")]
    twin = extract_figures(make_article("县里今年选派12名党校教师到38家企业宣讲。", headline="标题")).figures
    assert [(f.counted, f.value) for f in twin] == [("县里今年选派", 12.0), ("党校教师", 38.0)]


def test_figures_a_measure_word_counts_the_nouns_after_it(resources):
    """With the tokenizer, ``到38家企业宣讲`` counts 企业 (the nouns the measure word opens),
    and ``线上线下受教育群众23.9万人次`` the whole short clause, not a cut word; its twin, a
    number with no noun after its measure word, keeps the words before it."""
    from kg.figures import extract_figures

    def figures(text: str) -> list[tuple[str, float]]:
        article = make_article(text, headline="标题")
        return [(f.counted, f.value) for f in extract_figures(article, resources.tokenizer).figures]

    assert figures("县里今年选派12名党校教师到38家企业宣讲。") == [("党校教师", 12.0), ("企业", 38.0)]
    assert figures("举办宣讲会8场，线上线下受教育群众23.9万人次。") == [
        ("举办宣讲会", 8.0), ("线上线下受教育群众", 239000.0)]
    assert figures("今年全镇发展党员36名。") == [("今年全镇发展党员", 36.0)]


