"""When and where a page was published, read from the page itself.

Scraped pages carry their metadata as text: a newspaper's masthead (``新疆日报`` over
``2025年4月16日 星期三``), the dateline of a national paper's web article
(``《人民日报》（2025年07月08日 第 19 版）``), a government site's ``发布时间：… 来源：…``
line, a WeChat post's ``原创 凤凰组工 2025年08月15日 18:06 湖南``. These rules read those
layouts from the page's first and last lines, where layout puts them; a date that is only
in a sentence (``2021年，村党支部……``) is never the publication date, because a sentence
is not a metadata line. The words live in ``kg/data/lexicon/page_metadata.tsv``; the
container's own metadata (HTML head, JSONL fields, front matter) always wins over these
(:meth:`kg.types.PageMeta.filled_from`).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

from kg.data import alternation, numeral_values, numerals, table
from kg.types import PageMeta

#: how many non-empty lines at each end of a page are read for its metadata
HEAD_LINES, TAIL_LINES = 14, 20
_MAX_META_LINE = 90  # a line longer than this is body text, not layout

_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
                           r"|[-/.](\d{1,2})[-/.](\d{1,2})(?!\d))")
_TIME = re.compile(r"\s*\d{1,2}[:：]\d{2}")
_WEEKDAY = re.compile(r"\s*(?:星期|周|礼拜)[一二三四五六日天]")
_EDITION = re.compile(rf"第\s*(\d{{1,3}}|[{numerals('digit', 'ten')}]{{1,3}})\s*版")
_URL = re.compile(r"https?://[^\s，。；、）)》」\"'<>]+")
_SENTENCE = re.compile(r"[，。；！？]")


@cache
def page_words(*kinds: str) -> tuple[str, ...]:
    """The words of ``kinds`` in kg/data/lexicon/page_metadata.tsv (also read by
    kg.preprocess.layout), in table order."""
    return tuple(row["word"] for row in table("lexicon/page_metadata.tsv") if row["class"] in kinds)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The lexicon's regexes, compiled once."""
    ends = alternation(page_words("outlet-end"))
    return {
        "date_label": re.compile(rf"(?:{alternation(page_words('date-label'))})\s*[:：]\s*$"),
        "source": re.compile(rf"(?:{alternation(page_words('source-label'))})"
                             r"\s*[:：]\s*([^\s:：|｜]{2,30})"),
        "outlet_end": re.compile(rf"(?:{ends})$"),
        "dateline_paper": re.compile(r"《\s*([^《》\s]{2,15}?)\s*》\s*[（(]?\s*\d{4}\s*[年-]"),
        "byline_paper": re.compile(rf"^([^\s：:]{{2,12}}?(?:{ends}))(?:全媒)?记者"),
        "breadcrumb": re.compile(rf"^(?:(?:{alternation(page_words('breadcrumb'))})\s*[:：]\s*)?"
                                 r"(.+?[>›»].+)$"),
        "editor": re.compile(rf"\s*(?:{alternation(page_words('editor'))})\s*[:：]?\s*\S.*$"),
        "nav": re.compile(r"[|｜]|首页|[>›»]"),
    }


_DIGITS = numerals("zero", "digit")
#: a date in Chinese numerals, as a masthead may print it: 二〇二五年四月十六日
_NUMERAL_DATE = re.compile(rf"([{_DIGITS}]{{4}})年([{_DIGITS}十]{{1,2}})月([{_DIGITS}十]{{1,3}})日")


def _numeral(text: str) -> int:
    """十六 -> 16, 二十 -> 20, 三十一 -> 31, 四 -> 4 (month and day numerals)."""
    values = numeral_values()
    if "十" not in text:
        return values[text]
    tens, _, units = text.partition("十")
    return (values[tens] if tens else 1) * 10 + (values[units] if units else 0)


def _numeral_iso(match: re.Match[str]) -> str | None:
    values = numeral_values()
    year = int("".join(str(values[c]) for c in match.group(1)))
    try:
        return dt.date(year, _numeral(match.group(2)), _numeral(match.group(3))).isoformat()
    except (ValueError, KeyError):
        return None


def _dates(text: str) -> list[tuple[re.Match[str], str]]:
    """Every valid full date of ``text`` with its match, in Arabic or Chinese numerals."""
    found = [(m, iso) for m in _NUMERIC_DATE.finditer(text) if (iso := _valid(m))]
    found += [(m, iso) for m in _NUMERAL_DATE.finditer(text) if (iso := _numeral_iso(m))]
    return sorted(found, key=lambda pair: pair[0].start())


def parse_date(text: str) -> str | None:
    """The first full date written in ``text`` as ISO ``YYYY-MM-DD``, or None.

    >>> parse_date("发布时间：2025-06-17 10:05")
    '2025-06-17'
    >>> parse_date("2025年4月16日 星期三"), parse_date("2021年，村里"), parse_date("2025-13-40")
    ('2025-04-16', None, None)
    >>> parse_date("二〇二五年四月十六日 星期三")
    '2025-04-16'
    """
    found = _dates(text)
    return found[0][1] if found else None


def _valid(match: re.Match[str]) -> str | None:
    year, month, day = match.group(1), match.group(2) or match.group(4), match.group(3) or match.group(5)
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=2)  # page_metadata reads one page's lines four times over
def _meta_lines(text: str) -> tuple[tuple[int, str], ...]:
    """``(rank, line)`` for the page's first and last non-empty lines (rank: position,
    head before tail), stripped."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    head = lines[:HEAD_LINES]
    tail = lines[max(HEAD_LINES, len(lines) - TAIL_LINES):]
    return tuple(enumerate(head + tail))


def _date_rank(line: str, match: re.Match[str]) -> int | None:
    """How surely a date in ``line`` is the page's publication date (0 surest), or None
    where the line is a sentence that only mentions a date."""
    before, after = line[: match.start()], line[match.end():]
    if _EDITION.search(line):
        return 0  # a dateline with the edition: （2025年07月08日 第 19 版）
    if _patterns()["date_label"].search(before):
        return 1  # 发布时间：2025-06-17
    if _SENTENCE.search(line) or len(line) > _MAX_META_LINE:
        return None
    if _WEEKDAY.match(after):
        return 2  # a masthead: 2025年4月16日 星期三
    if _TIME.match(after):
        return 3  # a web page's or WeChat post's time stamp
    return 4


def page_date(text: str) -> str | None:
    """The publication date a page's layout states (see the module docstring)."""
    best: tuple[int, int, str] | None = None
    for position, line in _meta_lines(text):
        for match, iso in _dates(line):
            rank = _date_rank(line, match)
            if rank is None:
                continue
            if best is None or (rank, position) < best[:2]:
                best = (rank, position, iso)
    return best[2] if best else None


def _outlet_name(segment: str) -> str:
    """An outlet's name as a masthead writes it, without 主办/承办 (今日雷山 —— 雷山县融媒体中心主办)."""
    return re.sub(r"(?:主办|承办|出品)$", "", segment.strip()).strip()


def _segments(line: str) -> list[str]:
    return [s for s in (_outlet_name(p) for p in re.split(r"\s*(?:[·•|｜]|—{1,2}|-{2,})\s*", line)) if s]


def _masthead(lines: list[str]) -> str | None:
    """The outlet a page's first line names, where the next lines are the navigation,
    breadcrumb or date that follow a masthead (a headline is followed by text)."""
    if len(lines) < 2:
        return None
    first = lines[0]
    if len(first) > 40 or _SENTENCE.search(first) or re.search(r"[:：“”\"]", first):
        return None
    nav = _patterns()["nav"]
    if not any(nav.search(line) or parse_date(line) for line in lines[1:3]):
        return None
    if nav.search(first) and not _segments(first)[1:]:
        return None
    segments = _segments(first)
    ends = _patterns()["outlet_end"]
    if segments and any(ends.search(s) for s in segments):
        return segments[0]
    return None


def _wechat_or_dated_masthead(line: str) -> str | None:
    """The account or paper named before a date on its own line: ``原创 凤凰组工 凤凰组工
    2025年08月15日 18:06 湖南``, ``东乌组工　2025年03月12日 18:30　内蒙古``, ``湖北日报  2025年6月26日
    星期四  第07版`` (the last name before the date: WeChat writes an author before the account)."""
    match = _NUMERIC_DATE.search(line)
    if match is None or match.start() == 0:
        return None
    before = line[: match.start()].split()
    before = [t for t in before if t not in page_words("wechat")]
    if not before or len(before) > 3 or any(re.search(r"[:：，。“”\">|]", t) for t in before):
        return None
    rest = line[match.end():]
    rest = _EDITION.sub("", _WEEKDAY.sub("", _TIME.sub("", rest, count=1), count=1)).split()
    if len(rest) > 1 or any(len(t) > 4 for t in rest):  # at most a province: 湖南, 内蒙古
        return None
    name = before[-1]
    return name if 2 <= len(name) <= 20 else None


def page_outlet(text: str) -> str | None:
    """The outlet that published a page: the paper of a dateline (《人民日报》（2025年…）),
    the account or paper before a date line, the masthead, the paper of a breadcrumb, the
    ``来源：`` label, the paper of a byline (经济日报记者), in that order of trust."""
    lines = [line for _pos, line in _meta_lines(text)]
    head = lines[:HEAD_LINES]
    pats = _patterns()
    for line in lines:
        if (m := pats["dateline_paper"].search(line)) and pats["outlet_end"].search(m.group(1)):
            return m.group(1)
    for line in head[:4]:
        if not _SENTENCE.search(line) and (name := _wechat_or_dated_masthead(line)):
            return name
    if name := _masthead(head):
        return name
    for line in head[:4]:
        if m := pats["breadcrumb"].match(line):
            papers = [s for s in re.split(r"\s*[>›»]\s*", m.group(1)) if re.search(r"报$", s)]
            if papers:
                return papers[-1]
    for line in lines:
        if m := pats["source"].search(line):
            return m.group(1)
    for line in head:
        if m := pats["byline_paper"].match(line):
            return m.group(1)
    return None


def page_section(text: str) -> str | None:
    """The page's section or column: the name before 责任编辑 on a newspaper's column
    line (党建·基层), else the last item of a breadcrumb that is no outlet or 正文, else the
    edition (第19版)."""
    head = [line for _pos, line in _meta_lines(text)][:HEAD_LINES]
    pats = _patterns()
    for line in head[:5]:
        if (m := pats["editor"].search(line)) and m.start() > 0:
            name = line[: m.start()].strip()
            if 2 <= len(name) <= 12 and not _SENTENCE.search(name) and not parse_date(name):
                return name
    skip = set(page_words("not-section"))
    for line in head[:5]:
        if m := pats["breadcrumb"].match(line):
            items = [s.strip() for s in re.split(r"\s*[>›»]\s*", m.group(1)) if s.strip()]
            items = [s for s in items if s not in skip and not s.endswith(("报", "网", "首页"))]
            if items:
                return items[-1]
    for line in head + [line for _pos, line in _meta_lines(text)][HEAD_LINES:]:
        if m := _EDITION.search(line):
            return f"第{m.group(1)}版"
    return None


def page_url(text: str) -> str | None:
    """The first web address on the page's layout lines."""
    for _pos, line in _meta_lines(text):
        if m := _URL.search(line):
            return m.group(0)
    return None


def page_metadata(text: str) -> PageMeta:
    """Everything the page's layout states about its publication."""
    return PageMeta(date=page_date(text), outlet=page_outlet(text), url=page_url(text),
                    section=page_section(text))
