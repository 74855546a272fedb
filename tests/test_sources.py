"""Reading a corpus: every input kind, page identity by path, container metadata."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.sources import RecordFields, page_files, parse_field_options, read_sidecar, read_sources
from kg.types import RawText

ARTICLE = ("白河县：党员冬训开班\n\n本报记者 周文\n\n"
           "12月3日，白河县东坝镇党委组织全镇党员开展冬训，邀请县委党校教师讲授党课。\n")

HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>白河县：党员冬训开班_白河新闻网</title>
<meta property="og:site_name" content="白河新闻网">
<meta property="article:published_time" content="2024-12-04T09:30:00+08:00">
<script>var nav = "脚本里的文字不是正文";</script>
<style>.x { color: red }</style>
</head><body>
<nav><a href="/">首页</a> | <a href="/yw">要闻</a> | <a href="/xz">乡镇</a></nav>
<!-- 注释里的文字也不是正文 -->
<article>
<h1>白河县：党员冬训开班</h1>
<p>本报记者 周文</p>
<p>12月3日，白河县东坝镇党委组织全镇党员开展冬训，邀请县委党校教师讲授党课。</p>
<p>冬训为期五天，内容包括理论学习、政策解读和实用技术培训，参训党员三百余人。</p>
<p>镇党委负责人介绍，今年冬训把课堂搬到村里，党员在家门口就能听课，还能现场提问。</p>
<p>冬训结束后，每名党员都要认领一件为群众办的实事，年底由群众评议完成情况。</p>
</article>
<footer>版权所有 白河新闻网</footer>
</body></html>
"""


def _read(*paths: Path, **kw) -> list[RawText | InputError]:
    return list(read_sources(list(paths), **kw))


def test_html_page_keeps_the_article_and_drops_scripts_comments_and_styles(tmp_path):
    (tmp_path / "a.html").write_text(HTML, "utf-8")
    [page] = _read(tmp_path / "a.html")
    assert isinstance(page, RawText)
    assert "东坝镇党委组织全镇党员开展冬训" in page.text and "本报记者 周文" in page.text
    for junk in ("脚本里的文字", "注释里的文字", "color: red", "<p>", "</"):
        assert junk not in page.text
    assert page.meta.date == "2024-12-04" and page.meta.outlet == "白河新闻网"
    assert page.text.lstrip().startswith("白河县：党员冬训开班")  # the headline comes first
    assert "要闻" not in page.text and "版权所有" not in page.text  # navigation and footer


def test_html_page_without_article_text_is_refused_by_name(tmp_path):
    markup = "<html><head><script>x=1</script></head><body></body></html>"
    (tmp_path / "empty.html").write_text(markup, "utf-8")
    [err] = _read(tmp_path / "empty.html")
    assert isinstance(err, InputError) and "E082" in str(err) and "empty.html" in str(err)


def test_jsonl_records_are_pages_with_their_fields(tmp_path):
    records = [
        {"id": "a1", "title": "白河县：党员冬训开班", "date": "2024-12-04", "source": "白河新闻网",
         "url": "https://news.example.cn/a1.html", "content": ARTICLE.split("\n\n", 1)[1]},
        {"title": "东坝镇：微心愿认领", "text": "东坝镇\n2024年12月5日 星期四\n\n东坝镇：微心愿认领\n\n"
                                             "镇里的党员认领了一百多个微心愿。\n"},
        {"title": "无日期", "text": "西岭村党支部组织党员为村民修缮房屋，解决了五户村民的住房难题。"},
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8")
    pages = _read(path)
    assert [p.name for p in pages] == ["dump.jsonl/a1", "dump.jsonl/2", "dump.jsonl/3"]
    first, second, third = pages
    assert first.meta.date == "2024-12-04" and first.meta.outlet == "白河新闻网"
    assert first.meta.url == "https://news.example.cn/a1.html"
    assert first.text.startswith("白河县：党员冬训开班\n\n")  # the title put before the body
    assert second.meta.date is None  # the record states none: the pipeline reads the text
    assert third.meta.date is None and "西岭村党支部" in third.text


def test_jsonl_bad_lines_are_named_and_the_rest_is_read(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text('{"text": "西岭村党支部组织党员为村民修缮房屋。"}\n{not json\n["a list"]\n'
                    '{"title": "只有标题"}\n{"text": "东坝镇党委组织全镇党员开展冬训。"}\n', "utf-8")
    items = _read(path)
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert [p.name for p in items if isinstance(p, RawText)] == ["dump.jsonl/1", "dump.jsonl/5"]
    assert any("line 2" in e and "E086" in e for e in errors)
    assert any("line 3" in e and "E084" in e for e in errors)
    assert any("line 4" in e and "E085" in e and "--field text=NAME" in e for e in errors)


def test_json_list_and_field_names_given_by_the_user(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([{"正文内容": "西岭村党支部组织党员为村民修缮房屋。", "发布": "2024年5月6日"}],
                               ensure_ascii=False), "utf-8")
    [err] = _read(path)
    assert isinstance(err, InputError) and "E085" in str(err)
    names = RecordFields().with_names(parse_field_options(["text=正文内容", "date=发布"]))
    [page] = _read(path, names=names)
    assert page.name == "export.json/1" and page.meta.date == "2024-05-06"
    with pytest.raises(InputError, match="E080"):
        RecordFields().with_names({"body": "x"})
    with pytest.raises(InputError, match="E080"):
        parse_field_options(["text"])


def test_jsonl_record_of_markup_goes_through_the_html_reader(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"id": 7, "content": HTML}, ensure_ascii=False) + "\n", "utf-8")
    [page] = _read(path)
    assert page.name == "dump.jsonl/7" and "<p>" not in page.text and "脚本里的文字" not in page.text
    assert page.meta.date == "2024-12-04"


def test_markdown_front_matter_is_metadata_and_offsets_still_index_the_file(tmp_path):
    front = "---\ntitle: 白河县：党员冬训开班\ndate: 2024-12-04\nsource: 白河组工\nsection: 工作动态\n---\n"
    path = tmp_path / "clip.md"
    path.write_text(front + ARTICLE, "utf-8")
    [page] = _read(path)
    assert (page.meta.date, page.meta.outlet, page.meta.section) == ("2024-12-04", "白河组工", "工作动态")
    assert page.text == ARTICLE and "---" not in page.text
    i = page.text.index("东坝镇")
    assert path.read_text("utf-8")[page.offsets[i]:page.offsets[i] + 3] == "东坝镇"


def test_markdown_with_broken_front_matter_warns_and_keeps_the_text(tmp_path):
    path = tmp_path / "clip.md"
    path.write_text("---\ntitle: [unclosed\n---\n" + ARTICLE, "utf-8")
    with pytest.warns(UserWarning, match="W007"):
        [page] = _read(path)
    assert "东坝镇党委" in page.text


def test_same_named_files_in_two_folders_are_two_pages(tmp_path):
    for year in ("2023", "2024"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "page1.txt").write_text(ARTICLE, "utf-8")
    assert [pid for _p, pid in page_files([tmp_path])] == ["2023/page1.txt", "2024/page1.txt"]
    # given as two roots, the ids are taken under their common folder
    assert [pid for _p, pid in page_files([tmp_path / "2023", tmp_path / "2024"])] == \
        ["2023/page1.txt", "2024/page1.txt"]
    # a file given by name is its name
    assert page_files([tmp_path / "2023" / "page1.txt"]) == [(tmp_path / "2023" / "page1.txt", "page1.txt")]


def test_unknown_kinds_in_a_folder_are_reported_and_skipped(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".DS_Store").write_bytes(b"\0\0")
    with pytest.warns(UserWarning, match=r"W006.*1 \.pdf"):
        files = page_files([tmp_path])
    assert [pid for _p, pid in files] == ["a.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_given_by_name_gets_a_precise_message(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="E081.*pipe.txt"):
        page_files([fifo])
    assert (tmp_path / "pipe.txt").exists()


def test_sidecar_csv_fills_what_the_page_leaves_unknown(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_text(ARTICLE, "utf-8")
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text("page,date,outlet\na.txt,2024/12/04,白河新闻网\n", "utf-8")
    [page] = _read(tmp_path / "pages", sidecar=read_sidecar(sidecar, RecordFields()))
    assert page.meta.date == "2024-12-04" and page.meta.outlet == "白河新闻网"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,date\na.txt,2024-01-01\n", "utf-8")
    with pytest.raises(InputError, match="E088"):
        read_sidecar(bad, RecordFields())
