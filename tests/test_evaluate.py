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


def _graph_of(text: str, resources):
    from pathlib import Path

    from kg.merge import merge_pages
    from kg.pipeline import extract_page
    from kg.types import RawText

    page = extract_page(RawText(Path("r.txt"), text, "utf-8"), resources)
    return merge_pages([page], resources.gaz)


def test_evaluate_by_rule_counts_right_and_wrong_per_rule(resources):
    from kg.evaluate import rule_precision

    G = _graph_of("安吉县天荒坪镇党委召开会议。\n", resources)
    right = rule_precision({"r.txt": {"orgs": [{"name": "天荒坪镇党委"}]}}, G)
    assert (right[("orgs", "suffix")].tp, right[("orgs", "suffix")].fp) == (1, 0)
    wrong = rule_precision({"r.txt": {"orgs": []}}, G)
    assert (wrong[("orgs", "suffix")].tp, wrong[("orgs", "suffix")].fp) == (0, 1)
    # a category the gold file does not annotate is not judged at all
    assert not any(cat == "places" for cat, _ in right)
    with_places = rule_precision({"r.txt": {"places": [{"name": "安吉县"}]}}, G)
    assert sum(s.tp for (cat, _), s in with_places.items() if cat == "places") == 1


@pytest.mark.slow
def test_evaluate_cli_warns_about_pages_without_gold(tmp_path):
    import json
    import subprocess
    import sys

    from tests.helpers import ROOT

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("安吉县天荒坪镇党委召开会议。\n", encoding="utf-8")
    (pages / "b.txt").write_text("银川市委组织部印发通知。\n", encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text(json.dumps({"doc": "a.txt", "orgs": [{"name": "天荒坪镇党委"}]}),
                                 encoding="utf-8")
    (gold / "c.json").write_text(json.dumps({"doc": "c.txt", "orgs": [{"name": "x"}]}), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "eval", "--gold", str(gold), str(pages), "--by-rule"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "1 page(s) have no gold file and are not scored: b.txt" in done.stderr
    assert "1 gold file(s) name pages that were not built" in done.stderr and "c.txt" in done.stderr
    assert any(line.split()[:5] == ["orgs", "suffix", "1", "1", "0"] for line in done.stdout.splitlines())


def test_evaluate_item_errors_lists_misses_and_wrong_items_per_page():
    from kg.errors import KGError
    from kg.evaluate import CATEGORIES, format_errors, item_errors

    gold = {"a.txt": {"people": [{"name": "柯晓岚"}, {"name": "伍定川"}]},
            "b.txt": {"people": [{"name": "林小雨"}]},
            "c.txt": {"places": []}}  # no people annotated: not listed
    predicted = {"a.txt": {cat: set() for cat in CATEGORIES} | {"people": {"柯晓岚", "安吉县"}},
                 "b.txt": {cat: set() for cat in CATEGORIES} | {"people": {"林小雨"}}}
    errors = item_errors(gold, predicted, "people")
    assert errors == {"a.txt": (["伍定川"], ["安吉县"])}
    assert format_errors(errors).splitlines() == ["a.txt", "  - missed  伍定川", "  + wrong   安吉县"]
    with pytest.raises(KGError, match="E022.*nosuch"):
        item_errors(gold, predicted, "nosuch")


def test_evaluate_code_accuracy_counts_namesake_places_each():
    """Two villages of one name on a page (in two counties) are two linked places: code
    accuracy counts each by its code, whatever order the sets iterate in (a dict by name
    kept one of them at random, so the figure changed from run to run)."""
    gold = {"a.txt": {"places": [{"name": "新华村", "code": "110101001001"},
                                 {"name": "新华村", "code": "120101001001"}]}}
    both = {cat: set() for cat in CATEGORIES}
    both["places"] = {"新华村"}
    both["places_code"] = {("新华村", "110101001001"), ("新华村", "120101001001")}
    assert score(gold, {"a.txt": both}).extra["code_accuracy"] == 1.0
    one = {**both, "places_code": {("新华村", "110101001001")}}
    assert score(gold, {"a.txt": one}).extra["code_accuracy"] == 0.5
