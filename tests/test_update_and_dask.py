"""``kg build --update`` and ``kg build --dask``: the same outputs as a full build in one
process, byte for byte, with fewer pages extracted (update) or extracted elsewhere (dask)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import OUTPUT_FILES, build
from kg.cache import CACHE_FOLDER
from kg.distributed import parse_address
from kg.errors import InputError
from tests.helpers import SEEDS

SEED_PAGES = sorted(SEEDS.glob("*.txt"))


def _same_outputs(a, b) -> None:
    for name in OUTPUT_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _copy(pages, folder):
    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        shutil.copy(page, folder / page.name)
    return folder


@pytest.mark.slow
def test_update_after_adding_changing_and_deleting_pages_equals_a_full_build(tmp_path, resources):
    inputs = _copy(SEED_PAGES[:3], tmp_path / "in")
    out = tmp_path / "out"
    build([inputs], out, resources, update=True)  # the first update extracts everything
    cache = out / CACHE_FOLDER / "pages"
    assert len(list(cache.glob("*.pickle"))) == 3

    shutil.copy(SEED_PAGES[3], inputs / SEED_PAGES[3].name)  # a new page
    changed = inputs / SEED_PAGES[0].name
    changed.write_text(changed.read_text("utf-8") + "\n今年以来，安吉县天荒坪镇余村党支部推行“白茶认养”。\n",
                       encoding="utf-8")
    (inputs / SEED_PAGES[1].name).unlink()  # a deleted page
    result = build([inputs], out, resources, update=True)
    full = build([inputs], tmp_path / "full", resources)
    _same_outputs(out, tmp_path / "full")
    assert len(result.graph.pages) == len(full.graph.pages) == 3
    # the deleted page's and the changed page's old extractions are gone from the cache
    assert len(list(cache.glob("*.pickle"))) == 3
    assert any(e.name == "白茶认养" for e in result.graph.entities.values())


def test_update_reads_back_a_corpus_given_by_another_path_or_moved(tmp_path, resources, monkeypatch):
    """The cache key is the page, not the folder it was read from: the same pages named by a
    relative path, then moved, are all read back (the pages keep the path of this run); a
    changed page is not."""
    inputs = _copy(SEED_PAGES[:2], tmp_path / "in")
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    build([Path("in")], out, resources, update=True)
    moved = tmp_path / "elsewhere" / "in"
    moved.parent.mkdir()
    inputs.rename(moved)
    again = build([moved], out, resources, update=True)
    assert {page.path for page in again.graph.pages} == {moved / p.name for p in SEED_PAGES[:2]}
    assert sorted(page.name for page in again.graph.pages) == [p.name for p in SEED_PAGES[:2]]
    from kg.cache import PageCache, run_fingerprint
    from kg.pipeline import default_pipeline
    from kg.sources import read_sources

    cache = PageCache(out, run_fingerprint(default_pipeline(), resources.default_province))
    raws = list(read_sources([moved]))
    assert all(cache.get(cache.key(raw), raw.path) is not None for raw in raws)
    (moved / SEED_PAGES[0].name).write_text("安吉县天荒坪镇余村党支部推行“白茶认养”。\n", encoding="utf-8")
    changed = next(raw for raw in read_sources([moved]) if raw.name == SEED_PAGES[0].name)
    assert cache.get(cache.key(changed), changed.path) is None


@pytest.mark.slow
def test_update_re_extracts_a_torn_cache_file(tmp_path, resources):
    inputs = _copy(SEED_PAGES[:2], tmp_path / "in")
    out = tmp_path / "out"
    build([inputs], out, resources, update=True)
    for path in (out / CACHE_FOLDER / "pages").glob("*.pickle"):
        path.write_bytes(path.read_bytes()[:100])  # torn by a crash or a full disk
    build([inputs], out, resources, update=True)
    build([inputs], tmp_path / "full", resources)
    _same_outputs(out, tmp_path / "full")


@pytest.mark.slow
def test_dask_local_cluster_gives_the_one_process_outputs(tmp_path, resources):
    inputs = _copy(SEED_PAGES[:3], tmp_path / "in")
    build([inputs], tmp_path / "dask", resources, dask="local:2")
    build([inputs], tmp_path / "one", resources)
    _same_outputs(tmp_path / "dask", tmp_path / "one")


@pytest.mark.parametrize("value, expected", [("local:2", ("local", 2)),
                                             ("tcp://10.0.0.5:8786", ("tcp://10.0.0.5:8786", None))])
def test_dask_addresses(value, expected):
    assert parse_address(value) == expected


@pytest.mark.parametrize("value", ["local:0", "local:x", "local:", " "])
def test_dask_malformed_addresses_are_refused_with_a_message(value):
    with pytest.raises(InputError, match="E093"):
        parse_address(value)


def test_dask_and_jobs_together_are_refused(tmp_path, resources):
    with pytest.raises(InputError, match="E096"):
        build([SEED_PAGES[0]], tmp_path / "out", resources, dask="local:2", jobs=2)
    assert not (tmp_path / "out").exists()
