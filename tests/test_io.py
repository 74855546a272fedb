"""Reading pages: every bad-input case gets a clear, named error or warning."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.io import AtomicBatch, read_text, write_atomic
from kg.sources import read_sources

ARTICLE = "本报拉萨讯（记者 扎西）近日，拉萨市尼木县卡如乡党委开展“三个一批”活动。\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding, bom, warns", [
    ("utf-8", b"", False),
    ("utf-8", b"\xef\xbb\xbf", False),
    ("gbk", b"", True),
    ("gb18030", b"", True),
    ("utf-16", b"", True),
], ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16"])
def test_io_encodings_decode_to_the_same_text(tmp_path, encoding, bom, warns):
    path = _write(tmp_path, "p.txt", bom + ARTICLE.encode(encoding))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        raw = read_text(path)
    assert raw.text == ARTICLE
    assert any("p.txt" in str(w.message) and "not UTF-8" in str(w.message) for w in caught) is warns


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (bytes(range(256)) * 40, "binary"),
    (b"\x00" * 500 + "拉萨".encode(), "binary"),
    (b"\xff\xfe\xfe\xff\x00\xd8\x41", "cannot decode"),
    (b"This page is all English, no Chinese at all.", "Chinese"),
], ids=["empty", "blank", "binary", "nul-heavy", "bad-utf16", "not-chinese"])
def test_io_bad_input_named_error(tmp_path, data, message):
    path = _write(tmp_path, "bad.txt", data)
    with pytest.raises(InputError, match=message) as err:
        read_text(path)
    assert "bad.txt" in str(err.value)


def test_io_huge_file_refused(tmp_path):
    path = _write(tmp_path, "huge.txt", ARTICLE.encode() * 100)
    with pytest.raises(InputError, match="size limit"):
        read_text(path, max_bytes=1000)


def test_io_control_characters_removed_with_warning(tmp_path):
    path = _write(tmp_path, "ctl.txt", "拉\u200b萨\x00市\x07党委\r\n".encode())
    with pytest.warns(UserWarning, match="ctl.txt: removed 3"):
        raw = read_text(path)
    assert raw.text == "拉萨市党委\n"


def test_io_read_sources_skips_bad_files_and_goes_on(tmp_path):
    _write(tmp_path, "a.txt", ARTICLE.encode())
    _write(tmp_path, "b.txt", b"")
    _write(tmp_path, "c.md", ARTICLE.encode())
    items = list(read_sources([tmp_path]))
    assert [type(i).__name__ for i in items] == ["RawText", "InputError", "RawText"]


def test_io_missing_path_is_an_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_sources([tmp_path / "nope"]))


def test_io_write_atomic_keeps_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    write_atomic(target, "old")

    def boom(*_args):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(InputError, match="disk full"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_io_atomic_batch_replaces_all_files_or_none(tmp_path):
    old = {name: f"old {name}" for name in ("a.ttl", "b.nt", "c.html")}
    for name, text in old.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(RuntimeError), AtomicBatch() as batch:
        batch.write(tmp_path / "a.ttl", "new a")
        batch.write(tmp_path / "b.nt", b"new b")
        raise RuntimeError("the third output failed")
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == old
    with AtomicBatch() as batch:
        for name in old:
            batch.write(tmp_path / name, f"new {name}")
        assert (tmp_path / "a.ttl").read_text() == "old a.ttl"  # nothing replaced before the end
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {n: f"new {n}" for n in old}


def test_io_atomic_batch_streams_a_file_and_removes_an_old_output_with_the_rest(tmp_path):
    """``stream`` writes through a function into the staged file; ``remove`` takes an output
    of the earlier generation away at the switch, and not before, and not on a failure."""
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "db").write_text("old")
    (tmp_path / "a.nt").write_text("old a")
    with pytest.raises(RuntimeError), AtomicBatch() as batch:
        batch.remove(tmp_path / "store")
        batch.stream(tmp_path / "a.nt", lambda fh: fh.write(b"new a"))
        raise RuntimeError("a later output failed")
    assert _outputs(tmp_path) == {"a.nt": b"old a", "store": "dir"}
    with AtomicBatch() as batch:
        batch.remove(tmp_path / "store")
        batch.remove(tmp_path / "never-made")  # nothing there: nothing to do
        batch.stream(tmp_path / "a.nt", lambda fh: (fh.write(b"new "), fh.write(b"a")))
        assert (tmp_path / "store" / "db").exists()  # removed with the switch, not before
    assert _outputs(tmp_path) == {"a.nt": b"new a"}


def _outputs(folder):
    return {p.name: (p.read_bytes() if p.is_file() else "dir") for p in sorted(folder.iterdir())}


def test_io_atomic_batch_refuses_a_folder_where_a_file_goes(tmp_path):
    (tmp_path / "a.ttl").write_text("old a")
    (tmp_path / "b.html").mkdir()
    before = _outputs(tmp_path)
    with pytest.raises(InputError, match=r"b\.html is a folder"), AtomicBatch() as batch:
        batch.write(tmp_path / "a.ttl", "new a")
        batch.write(tmp_path / "b.html", "new b")
    assert _outputs(tmp_path) == before  # nothing replaced, no temporary left


def test_io_atomic_batch_puts_every_old_file_back_when_a_rename_fails(tmp_path, monkeypatch):
    names = ("a.ttl", "b.nt", "c.html", "d.csv")
    for name in names[:3]:  # d.csv is new in this generation
        (tmp_path / name).write_text(f"old {name}")
    before = _outputs(tmp_path)
    real, calls = os.replace, []

    def flaky(src, dst):
        calls.append(dst)
        if str(dst).endswith("c.html") and not str(src).endswith(".old/c.html"):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr("os.replace", flaky)
    with pytest.raises(InputError, match="previous outputs are kept"), AtomicBatch() as batch:
        for name in names:
            batch.write(tmp_path / name, f"new {name}")
    assert _outputs(tmp_path) == before
    assert any(str(c).endswith("a.ttl") for c in calls)  # a.ttl was replaced, then put back


def test_io_atomic_batch_defers_a_termination_signal_to_the_end_of_the_switch(tmp_path, monkeypatch):
    import signal

    for name in ("a.ttl", "b.nt"):
        (tmp_path / name).write_text(f"old {name}")
    real = os.replace

    def interrupted(src, dst):
        os.kill(os.getpid(), signal.SIGTERM)  # arrives in the middle of the switch
        return real(src, dst)

    class StoppedError(Exception):
        pass

    def stop(*_):
        raise StoppedError

    import threading

    idle = threading.Event()  # another thread, which a process-directed signal may reach
    threading.Thread(target=idle.wait, daemon=True).start()
    old_handler = signal.signal(signal.SIGTERM, stop)
    try:
        monkeypatch.setattr("os.replace", interrupted)
        with pytest.raises(StoppedError), AtomicBatch() as batch:
            batch.write(tmp_path / "a.ttl", "new a.ttl")
            batch.write(tmp_path / "b.nt", "new b.nt")
    finally:
        signal.signal(signal.SIGTERM, old_handler)
        idle.set()
    assert _outputs(tmp_path) == {"a.ttl": b"new a.ttl", "b.nt": b"new b.nt"}
