"""Pipelines as data: the default one is the packaged TOML, a file can swap a component
for one registered elsewhere, and the same scorer judges it (``kg eval --pipeline``)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest

from kg.errors import PipelineError
from kg.pipeline import COMPONENTS, DEFAULT_PIPELINE, default_pipeline, load_pipeline
from tests.helpers import ROOT

PAGE = "安吉县天荒坪镇党委召开会议。党委书记柯晓岚说，今年要把路修好。伍定川参加会议。\n"


def _toml(tmp_path, components, imports=()):
    path = tmp_path / "pipeline.toml"
    text = f"[pipeline]\ncomponents = {json.dumps(components)}\nimport = {json.dumps(list(imports))}\n"
    path.write_text(text, encoding="utf-8")
    return path


def test_pipeline_default_is_the_packaged_file():
    names = tomllib.loads(DEFAULT_PIPELINE.read_text("utf-8"))["pipeline"]["components"]
    assert default_pipeline().names == names
    assert set(names) <= set(COMPONENTS.names)


def test_pipeline_swaps_in_a_component_registered_elsewhere(tmp_path, resources):
    from pathlib import Path

    from kg.pipeline import extract_page
    from kg.types import RawText

    names = default_pipeline().names
    swapped = [("toy_people" if n == "people" else n) for n in names]
    pipeline = load_pipeline(_toml(tmp_path, swapped, ["tests.fixtures.toy_components"]))
    assert pipeline.names == swapped
    raw = RawText(Path("t.txt"), PAGE, "utf-8")
    toy = {m.norm for a in extract_page(raw, resources, pipeline).articles for m in a.mentions
           if m.label.value == "person"}
    standard = {m.norm for a in extract_page(raw, resources).articles for m in a.mentions
                if m.label.value == "person"}
    assert toy == {"柯晓岚", "伍定川"}  # the toy's list, the bare name included
    assert standard == {"柯晓岚"}  # the rule recogniser needs a role before a name


def test_pipeline_refuses_an_order_that_breaks_what_a_component_requires(tmp_path):
    names = [n for n in default_pipeline().names if n != "people"]
    with pytest.raises(PipelineError, match="relations.*requires.*mentions.person"):
        load_pipeline(_toml(tmp_path, names))


@pytest.mark.parametrize("text, message", [
    ('[pipeline]\ncomponents = ["places", "nosuch"]\n', "Unknown pipeline component 'nosuch'"),
    ("[pipeline]\ncomponents = 3\n", "must be a list"),
    ("[pipeline\n", "not a usable pipeline file"),
    ('[pipeline]\ncomponents = ["places"]\nimport = ["no.such.module"]\n', "cannot import no.such.module"),
])
def test_pipeline_bad_files_are_named(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError, match=message):
        load_pipeline(path)


@pytest.mark.slow
def test_pipeline_cli_scores_a_swapped_recogniser_with_the_same_scorer(tmp_path):
    pages, gold = tmp_path / "pages", tmp_path / "gold"
    pages.mkdir()
    gold.mkdir()
    (pages / "t.txt").write_text(PAGE, encoding="utf-8")
    people_gold = {"doc": "t.txt", "people": [{"name": "柯晓岚"}, {"name": "伍定川"}]}
    (gold / "t.json").write_text(json.dumps(people_gold), encoding="utf-8")
    swapped = [("toy_people" if n == "people" else n) for n in default_pipeline().names]
    config = _toml(tmp_path, swapped, ["tests.fixtures.toy_components"])

    def people(*extra: str) -> dict:
        done = subprocess.run([sys.executable, "-m", "kg", "eval", "--gold", str(gold), str(pages), "--json",
                               *extra], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["kg"]["micro"]["people"]

    assert (people("--pipeline", str(config))["tp"], people()["tp"]) == (2, 1)
    bad = subprocess.run([sys.executable, "-m", "kg", "build", str(pages), "--out", str(tmp_path / "o"),
                          "--pipeline", str(tmp_path / "none.toml")], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert bad.returncode == 1 and "none.toml" in bad.stderr and "Traceback" not in bad.stderr


def test_pipeline_two_components_may_not_share_a_name():
    from kg.pipeline import Registry

    def mine(article, resources, ctx):
        return article

    def theirs(article, resources, ctx):
        return article

    registry = Registry()
    registry.register("x")(mine)
    registry.register("x")(mine)  # the same code again (a module imported twice) is fine
    with pytest.raises(PipelineError, match="registered already"):
        registry.register("x")(theirs)


def test_pipeline_failing_page_is_skipped_with_its_name_and_the_build_goes_on(tmp_path, resources):
    from kg.build import extract_pages

    names = ["toy_fragile", *default_pipeline().names]
    pipeline = load_pipeline(_toml(tmp_path, names, ["tests.fixtures.toy_components"]))
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(PAGE, encoding="utf-8")
    (pages / "b.txt").write_text("安吉县发生一次故障，党委书记柯晓岚到场。\n", encoding="utf-8")
    (pages / "c.txt").write_text(PAGE.replace("天荒坪镇", "孝丰镇"), encoding="utf-8")
    with pytest.warns(UserWarning, match=r"b\.txt: page skipped.*ValueError: toy failure"):
        built, skipped = extract_pages([pages], resources, pipeline=pipeline)
    assert [p.name for p in built] == ["a.txt", "c.txt"]
    assert len(skipped) == 1 and "b.txt" in skipped[0]


def test_pipeline_page_component_replaces_the_page_province(tmp_path, resources):
    from pathlib import Path

    from kg.pipeline import extract_page
    from kg.types import RawText

    swapped = [("toy_province" if n == "page_province" else n) for n in default_pipeline().names]
    pipeline = load_pipeline(_toml(tmp_path, swapped, ["tests.fixtures.toy_components"]))
    raw = RawText(Path("t.txt"), PAGE, "utf-8")
    assert extract_page(raw, resources).province == "33"  # 安吉县 is in 浙江
    assert extract_page(raw, resources, pipeline).province == "54"


def test_pipeline_page_component_must_return_a_page_context(tmp_path, resources):
    from pathlib import Path

    from kg.pipeline import extract_page
    from kg.types import RawText

    names = [*default_pipeline().names, "toy_broken_page"]
    pipeline = load_pipeline(_toml(tmp_path, names, ["tests.fixtures.toy_components"]))
    with pytest.raises(PipelineError, match="toy_broken_page.*not PageContext"):
        extract_page(RawText(Path("t.txt"), PAGE, "utf-8"), resources, pipeline)


def test_pipeline_places_need_the_page_province_before_them(tmp_path):
    names = [n for n in default_pipeline().names if n != "page_province"]
    with pytest.raises(PipelineError, match="places.*requires.*page.province"):
        load_pipeline(_toml(tmp_path, names))
