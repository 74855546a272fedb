"""Extracted pages wait for the merge in memory up to a bound, on disk beyond it; the graph
keeps a record of each page, not the page (kg.spool, kg.types.PageRecord)."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kg.spool
from kg.build import OUTPUT_FILES, build
from kg.errors import InputError
from kg.scratch import owned_scratch, sweep_orphans
from kg.spool import SPOOL_PREFIX, PageSpool
from kg.tokenize import CACHE_PREFIX, sweep_stale_caches
from kg.types import Article, Page, PageRecord
from tests.helpers import SEEDS


def _page(name: str, text: str) -> Page:
    return Page(name=name, path=Path("in") / name, encoding="utf-8",
                articles=[Article(doc_id=f"{name}#0", page=name, index=0, text=text)])


def _spooled(tmp_path: Path, memory_chars: int, pages: list[Page]) -> tuple[list[Page], int, list[str]]:
    """(pages drained, how many went to disk, the scratch files while they waited)."""
    with PageSpool(tmp_path, memory_chars=memory_chars) as spool:
        for page in pages:
            spool.add(page)
        on_disk = spool.on_disk
        files = sorted(p.name for p in tmp_path.glob(f"{SPOOL_PREFIX}*/*"))
        drained = list(spool.drain())
    return drained, on_disk, files


def test_pages_within_the_bound_stay_in_memory_and_the_rest_wait_on_disk(tmp_path):
    pages = [_page(f"{i}.txt", "东坝镇党委组织党员冬训。" * (i + 1)) for i in range(4)]
    bound = len(pages[0].articles[0].text) + len(pages[1].articles[0].text)
    drained, on_disk, files = _spooled(tmp_path, bound, pages)
    assert drained == pages  # the same pages, in the order they came
    assert drained[0] is pages[0] and drained[1] is pages[1]  # kept as they were
    assert on_disk == 2 and files == ["2.pickle", "3.pickle"]
    assert not list(tmp_path.glob(f"{SPOOL_PREFIX}*"))  # the scratch folder is gone


def test_a_corpus_within_the_bound_never_touches_the_disk(tmp_path):
    pages = [_page(f"{i}.txt", "东坝镇党委组织党员冬训。") for i in range(3)]
    drained, on_disk, files = _spooled(tmp_path, 10_000, pages)
    assert drained == pages and on_disk == 0 and files == []


def test_a_page_the_cache_holds_is_read_back_from_its_file_not_written_again(tmp_path):
    page = _page("a.txt", "东坝镇党委组织党员冬训。")
    kept = tmp_path / "cached.pickle"
    kept.write_bytes(pickle.dumps(page))
    moved = Page(page.name, Path("elsewhere/a.txt"), page.encoding, page.articles)
    with PageSpool(tmp_path, memory_chars=0) as spool:
        spool.add(moved, kept)
        assert spool.on_disk == 1 and not list(tmp_path.glob(f"{SPOOL_PREFIX}*"))
        (back,) = spool.drain()
    assert back.path == Path("elsewhere/a.txt")  # this run's path, not the cached one
    assert back.articles == page.articles
    assert kept.exists()  # the cache's file is the cache's


@pytest.mark.parametrize("prefix, sweep", [
    (SPOOL_PREFIX, lambda folder: owned_scratch(folder, SPOOL_PREFIX)),  # a build's pages
    (CACHE_PREFIX, sweep_stale_caches),  # jieba's cache while it initialises
], ids=["pages", "jieba"])
def test_the_scratch_folder_of_a_killed_build_is_swept_and_a_live_ones_kept(tmp_path, prefix, sweep):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    dead = tmp_path / f"{prefix}{gone}-abc"
    live = tmp_path / f"{prefix}{os.getpid()}-def"
    unrelated = tmp_path / "pages"
    for folder in (dead, live, unrelated):
        folder.mkdir()
        (folder / "0.pickle").write_bytes(b"x")
    sweep(tmp_path)
    left = {p.name for p in tmp_path.iterdir()} - {live.name, unrelated.name}
    assert all(name.startswith(f"{prefix}{os.getpid()}-") for name in left)  # a new one of ours
    assert not dead.exists() and live.exists() and unrelated.exists()
    sweep_orphans(tmp_path, prefix)  # this process is alive: its folders stay
    assert live.exists()


def test_a_record_keeps_what_the_outputs_read_of_a_page(resources):
    from kg.pipeline import extract_page
    from kg.types import RawText

    text = ("东坝镇党员冬训开班\n\n本报记者 周文 通讯员 李娜\n\n"
            "12月3日，白河县东坝镇党委组织全镇党员开展冬训。\n")
    page = extract_page(RawText(Path("a.txt"), text, "utf-8"), resources)
    record = PageRecord.of(page)
    assert (record.name, record.path, record.encoding, record.meta) == (
        page.name, page.path, page.encoding, page.meta)
    (article,) = record.articles
    assert article.doc_id == page.articles[0].doc_id and article.title == "东坝镇党员冬训开班"
    assert article.creators == ("周文", "李娜")  # the bylines; the town's body is no creator


def _copy_seeds(folder: Path) -> Path:
    folder.mkdir()
    for page in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(page, folder / page.name)
    return folder


def test_a_build_whose_pages_wait_on_disk_writes_the_same_bytes(tmp_path, resources, monkeypatch):
    inputs = _copy_seeds(tmp_path / "in")
    in_memory = build([inputs], tmp_path / "memory", resources)
    monkeypatch.setattr(kg.spool, "MEMORY_CHARS", 0)
    on_disk = build([inputs], tmp_path / "disk", resources)
    for name in OUTPUT_FILES:
        assert (tmp_path / "memory" / name).read_bytes() == (tmp_path / "disk" / name).read_bytes(), name
    assert [p.name for p in on_disk.graph.pages] == [p.name for p in in_memory.graph.pages]
    assert all(isinstance(p, PageRecord) for p in on_disk.graph.pages)
    assert not list((tmp_path / "disk").glob(f"{SPOOL_PREFIX}*"))


def test_no_room_to_keep_the_pages_is_one_message_and_the_previous_outputs_stay(
        tmp_path, resources, monkeypatch):
    inputs = _copy_seeds(tmp_path / "in")
    out = tmp_path / "out"
    build([inputs], out, resources)
    before = (out / "graph.ttl").read_bytes()

    def full(*_args: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.spool, "MEMORY_CHARS", 0)
    monkeypatch.setattr(kg.spool, "owned_scratch", full)
    with pytest.raises(InputError, match=r"E097.*No space left on device.*nothing was replaced"):
        build([inputs], out, resources)
    assert (out / "graph.ttl").read_bytes() == before
