"""Progress of a build: a bar per stage on a terminal, nothing elsewhere."""

from __future__ import annotations

import io

from kg.build import OUTPUT_FILES, STORE_FOLDER, build
from kg.progress import silent, terminal_progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_a_bar_with_count_rate_and_time_left_on_a_terminal():
    screen = _Terminal()
    bar = terminal_progress(screen, delay=0)
    assert list(bar(["a", "b", "c"], stage="extracting", unit="page")) == ["a", "b", "c"]
    drawn = screen.getvalue()
    assert "extracting" in drawn and "3/3" in drawn and "page/s" in drawn
    assert "<00:00" in drawn  # the estimate of the time left (none left at the end)


def test_progress_of_a_generator_counts_without_an_estimate():
    screen = _Terminal()
    bar = terminal_progress(screen, delay=0)
    assert list(bar((n for n in range(4)), stage="reading", unit="page")) == [0, 1, 2, 3]
    drawn = screen.getvalue()
    assert "reading: 4page" in drawn and "/4" not in drawn and "<" not in drawn


def test_progress_is_silent_off_a_terminal_and_for_a_short_stage():
    piped = io.StringIO()
    assert terminal_progress(piped) is silent
    items = [1, 2]
    assert silent(items, stage="merging", unit="page") is items
    screen = _Terminal()
    quick = terminal_progress(screen)  # the default delay: a stage this short draws nothing
    assert list(quick(items, stage="merging", unit="page")) == items
    assert screen.getvalue() == ""


def test_a_build_shows_every_stage_in_order_with_its_items(resources, tmp_path):
    """Reading, extracting, merging and writing each go through the progress display with
    their totals; the writing steps are the outputs (and the store), so the bar's estimate
    covers the whole end of the build."""
    (tmp_path / "in").mkdir()
    for name, town in (("a.txt", "东坝镇"), ("b.txt", "西坝镇")):
        page = f"{town}：冬训开班\n\n白河县{town}党委组织党员开展冬训。\n"
        (tmp_path / "in" / name).write_text(page, "utf-8")
    seen: list[tuple[str, str, int]] = []

    def record(items, *, stage, unit, total=None):
        items = list(items)
        seen.append((stage, unit, total if total is not None else len(items)))
        return items

    result = build([tmp_path / "in"], tmp_path / "out", resources, progress=record)
    assert [s[:2] for s in seen] == [("reading", "page"), ("extracting", "page"), ("merging", "page"),
                                     ("writing", "step")]
    assert [s[2] for s in seen[:3]] == [2, 2, 2]
    # and the network graph, the store (started, awaited), graph.ttl and graph.jsonld awaited
    assert seen[3][2] == len(OUTPUT_FILES) + 5
    assert set(result.outputs) == {*OUTPUT_FILES, STORE_FOLDER}
    assert "西坝镇" in (tmp_path / "out" / "graph.ttl").read_text("utf-8")
