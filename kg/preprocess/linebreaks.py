"""Repairing OCR layout: joining words and sentences broken across lines and columns.

OCR of a newspaper page breaks a paragraph wherever a column ends, often with a blank
line in between: ``…公共服务能\\n\\n力建设…`` or ``党组\\n\\n织``. A break is a real
paragraph or heading break when the line before it ends a sentence, or is short (a
headline, a section head, a byline); otherwise the two lines are one paragraph.
"""

from __future__ import annotations

import re

from kg.preprocess.layout import is_layout_line
from kg.preprocess.resources import (
    CLOSERS,
    RE_BYLINE,
    RE_DATELINE,
    RE_MD_HEADING,
    RE_PHOTO_CREDIT,
    SENTENCE_END,
)

#: Lines at least this long that do not end a sentence are cut-off body text.
#: Headlines and section heads in Chinese papers are shorter (the seeds' longest is 33).
MIN_BODY_LINE = 40
_ENDINGS = set(SENTENCE_END) | set(CLOSERS) | set("：:")
#: A paragraph never starts with a one-to-three character fragment and then a comma or a
#: closing mark (``牌，通过…``, ``分条例》…``, ``动。``): such a line continues the one before.
_RE_FRAGMENT_START = re.compile(r"^[^\s，、。；：,;:”’》）)]{1,3}[，、。；：,;:”’》）)]")
_RE_CLAUSE_MARK = re.compile(r"[，,、；;。]")
#: A run of spaces inside a line sets columns apart (a masthead's ``2025年4月16日 星期三    5``,
#: a column line's ``党建·基层     责任编辑：X``): such a line is layout, never cut-off prose.
_RE_COLUMNS = re.compile(r"\S[ 　\t\xa0]{3,}\S")
#: A web page's layout lines (navigation, ``发布时间：… 来源：…``, tools, footer:
#: kg.preprocess.layout) are never joined to the article's text, however long.
_PAIRS = (("“", "”"), ("《", "》"), ("（", "）"), ("(", ")"), ("「", "」"))


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip()
    if not stripped:
        return True
    last = stripped[-1]
    if last in CLOSERS and len(stripped) > 1:
        # a closing quote ends a sentence only after a sentence end: 。” but not 办”
        return stripped[-2] in SENTENCE_END or last in "）)"
    return last in _ENDINGS


def _is_continuation(prev: str, line: str) -> bool:
    """True when ``line`` continues ``prev`` (both non-empty, stripped)."""
    if RE_MD_HEADING.match(prev) or RE_MD_HEADING.match(line):
        return False
    if _ends_sentence(prev) or line.startswith(("——", "#")) or RE_BYLINE.match(prev):
        return False
    if RE_PHOTO_CREDIT.search(prev):
        return False  # a caption ends with its photo credit: 本报记者 X 摄
    if RE_BYLINE.match(line) or RE_DATELINE.match(line):
        return False  # a byline or a dateline always opens a paragraph
    if _RE_COLUMNS.search(prev) or is_layout_line(prev) or is_layout_line(line):
        return False
    if len(prev) >= MIN_BODY_LINE:
        return True
    if not _RE_CLAUSE_MARK.search(prev):
        return False  # a short line without a clause mark is a heading or a byline
    if "。" in prev or _RE_FRAGMENT_START.match(line):
        return True  # headlines hold no full stop; paragraphs never open on a fragment
    return any(prev.count(a) > prev.count(b) for a, b in _PAIRS)


def repair_linebreaks_with_map(text: str) -> tuple[str, list[int]]:
    """Like :func:`repair_linebreaks`, and for each output character its index in ``text``
    (a paragraph break ``\n\n`` maps to the line end it replaces)."""
    paragraphs: list[tuple[str, list[int]]] = []
    offset = 0
    for raw in text.split("\n"):
        lead = len(raw) - len(raw.lstrip())
        line = raw.strip()
        start = offset + lead
        offset += len(raw) + 1
        if not line:
            continue
        positions = list(range(start, start + len(line)))
        if paragraphs and _is_continuation(paragraphs[-1][0], line):
            prev, prev_pos = paragraphs[-1]
            paragraphs[-1] = (prev + line, prev_pos + positions)
        else:
            paragraphs.append((line, positions))
    out_text: list[str] = []
    out_pos: list[int] = []
    for i, (para, positions) in enumerate(paragraphs):
        if i:
            out_text.append("\n\n")
            out_pos += [positions[0] - 1] * 2
        out_text.append(para)
        out_pos += positions
    return "".join(out_text), out_pos


def repair_linebreaks(text: str) -> str:
    """Join lines broken inside a sentence; keep one blank line between paragraphs.

    >>> repair_linebreaks("围绕“加强边境地区公共服务能" * 3 + "\\n\\n力建设”等议题。\\n\\n下一段")
    ... # doctest: +ELLIPSIS
    '围绕...公共服务能力建设”等议题。\\n\\n下一段'
    """
    return repair_linebreaks_with_map(text)[0]
