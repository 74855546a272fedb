"""The scorer, on a hand-made gold and prediction with known figures."""

from __future__ import annotations

import pytest

from kg.evaluate import CATEGORIES, Score, format_table, gold_sets, norm, score, score_sets

GOLD = {
    "doc": "a.txt",
    "places": [{"name": "尼木县", "level": "county", "code": "540123", "parent": "拉萨市"},
               {"name": "卡如乡", "level": "township", "code": "540123202", "parent": "尼木县"},
               {"name": "赤朗村", "level": "village", "code": None, "parent": "卡如乡"}],
    "orgs": [{"name": "卡如乡党委", "kind": "committee", "of": "卡如乡", "parent": None}],
    "units": [], "documents": ["条例"], "people": [],
    "programmes": [{"name": "三个一批", "core": True, "by": ["尼木县"]},
                   {"name": "党建+", "core": False, "by": []}],
    "relations": [["卡如乡", "located_in", "尼木县"], ["卡如乡党委", "org_of", "卡如乡"]],
}


def _pred(**sets):
    base = {cat: set() for cat in gold_sets(GOLD)}
    base.update(sets)
    return {"a.txt": base}


def test_evaluate_score_sets_known_values():
    s = score_sets({1, 2, 3, 4}, {3, 4, 5})
    assert (s.tp, s.fp, s.fn) == (2, 1, 2)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_evaluate_empty_prediction_is_zero_not_perfect():
    assert Score(tp=0, fp=0, fn=3).precision == 0.0
    assert Score(tp=0, fp=0, fn=0).f1 == 1.0


def test_evaluate_report_per_category():
    pred = _pred(places={"尼木县", "卡如乡", "拉萨市"},
                 places_code={("尼木县", "540123"), ("卡如乡", "540123999")},
                 orgs={"卡如乡党委"}, programmes={"三个一批", "四色工作法"},
                 programmes_core={"三个一批"},
                 located_in={("卡如乡", "尼木县")})
    report = score({"a.txt": GOLD}, pred)
    micro = report.micro
    assert (micro["places"].tp, micro["places"].fp, micro["places"].fn) == (2, 1, 1)
    assert (micro["places_code"].tp, micro["places_code"].fp, micro["places_code"].fn) == (1, 1, 1)
    assert report.extra["code_accuracy"] == 0.5  # two gold-linked places found, one code right
    assert micro["programmes"].precision == 0.5
    assert micro["programmes_core"].recall == 1.0
    assert micro["located_in"].f1 == 1.0
    assert micro["org_of"].recall == 0.0


def test_evaluate_norm_ignores_quotes_spaces_and_width():
    assert norm("“党建+三农”") == norm("党建+三农 ")
    assert norm("党委（党组）议事规则") == "党委(党组)议事规则"


def test_evaluate_partial_gold_scores_only_what_it_annotates():
    gold = {"p.txt": {"places": [{"name": "甲村", "code": "1"}], "people": []}}
    predicted = {"p.txt": {cat: set() for cat in CATEGORIES}}
    predicted["p.txt"]["places"] = {"甲村"}
    predicted["p.txt"]["places_code"] = {("甲村", "1")}
    predicted["p.txt"]["orgs"] = {"某党支部"}  # not annotated: no false positive
    report = score(gold, predicted)
    assert report.scored == {"places", "places_code", "people"}
    assert report.micro["places"].f1 == 1.0 and report.micro["orgs"].fp == 0
    assert "orgs" not in format_table({"kg": report})
