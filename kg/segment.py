"""Segmenting a repaired page into articles, and articles into sentences.

A newspaper page holds several articles. Each starts with a *head block* -- short lines
(kicker, headline, ``——`` sub-headline, Markdown ``#`` headings) -- followed by a byline
(``本报记者 索朗琼珠``), a dateline paragraph (``本报昌都电（记者 万慧）…``) or a photo
caption. A head block followed by body text is a section head of the current article.

OCR of multi-column pages sometimes puts an article's headline *after* its body. A head
block with a byline but no body before the next article is such a trailing headline: it
takes over the preceding paragraphs that name a place or body from the headline.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

from kg.constants import PartKind
from kg.preprocess.layout import layout_indices
from kg.preprocess.linebreaks import MIN_BODY_LINE
from kg.preprocess.resources import (
    CLOSERS,
    RE_BYLINE,
    RE_CAPTION_START,
    RE_DATELINE,
    RE_MD_HEADING,
    RE_PHOTO_CREDIT,
    RE_SUBHEADLINE,
    SENTENCE_END,
)
from kg.types import Article, Part

_HEAD, _SUB, _BYLINE, _CAPTION, _DATELINE, _BODY, _LAYOUT = (
    "head", "sub", "byline", "caption", "dateline", "body", "layout",
)
_OPEN_QUOTES = "“‘「『"
_CLOSE_QUOTES = "”’」』"
#: 3-6 character names ending in a place or Party-body suffix, used to tie a trailing
#: headline to the body paragraphs it belongs to.
_RE_NAMEISH = re.compile(r"[\u4e00-\u9fff]{1,5}(?:社区|街道|县|乡|镇|村|市|区|州|党委|支部|公司)")
_MAX_SENTENCE = 400
_RE_SPLIT_CHAR = re.compile(f"[{re.escape(_OPEN_QUOTES + _CLOSE_QUOTES + SENTENCE_END)}]")
#: How a news item opens: 近日，/ 日前，/ 5月17日，-- a photo-news paragraph starts so.
_RE_LEAD_OPENER = re.compile(
    r"^(?:近日|日前|近期|(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|上旬|中旬|下旬|初|底))[，,]")
#: A photo-news item is one short paragraph; a longer one is an article's own paragraph.
_MAX_PHOTO_NEWS = 300
#: Lines of a head block that are not the next article's headline: a clause with a comma
#: (``放眼昌都市各乡村，一条条…``, a body line cut by the column) or a section label
#: (``宜居—— 绘就…``) still belong to the article before.
_RE_NOT_A_HEADLINE = re.compile(r"[，,]|^\S{1,6}——")


@dataclass
class _Para:
    kind: str
    text: str
    heading_level: int = 0
    start: int = 0  # offset of ``text`` in the page text


def _classify(line: str) -> _Para:
    if m := RE_MD_HEADING.match(line):
        body = m.group(2)
        kind = _SUB if RE_SUBHEADLINE.match(body) else _HEAD
        return _Para(kind, body, heading_level=len(m.group(1)))
    if RE_SUBHEADLINE.match(line) and len(line) <= MIN_BODY_LINE * 2:
        return _Para(_SUB, line)
    if RE_BYLINE.match(line):
        return _Para(_BYLINE, line)
    if RE_CAPTION_START.match(line) or RE_PHOTO_CREDIT.search(line):
        return _Para(_CAPTION, line)
    if RE_DATELINE.match(line):
        return _Para(_DATELINE, line)
    if len(line) < MIN_BODY_LINE and line[-1] not in SENTENCE_END:
        return _Para(_HEAD, line)
    return _Para(_BODY, line)


def _head_blocks(paras: list[_Para]) -> list[tuple[int, int]]:
    """Spans ``[i, j)`` of consecutive head/sub-head paragraphs."""
    blocks: list[tuple[int, int]] = []
    i = 0
    while i < len(paras):
        if paras[i].kind in (_HEAD, _SUB):
            j = i
            while j < len(paras) and paras[j].kind in (_HEAD, _SUB):
                j += 1
            blocks.append((i, j))
            i = j
        else:
            i += 1
    return blocks


def _starts_article(paras: list[_Para], start: int, end: int) -> bool:
    nxt = paras[end].kind if end < len(paras) else None
    has_sub = any(p.kind == _SUB for p in paras[start:end])
    return nxt in (_BYLINE, _DATELINE, _CAPTION) or (has_sub and nxt is not None)


def _headline_start(paras: list[_Para], start: int, end: int) -> int:
    """Where the headline of a head block that opens an article begins: lines before the
    last comma clause or section label stay with the article before (see
    _RE_NOT_A_HEADLINE); a block at the top of the page, or made only of such lines, is
    kept whole."""
    if start == 0 or not any(p.kind in (_BODY, _DATELINE) for p in paras[:start]):
        return start
    cut = max((i + 1 for i in range(start, end)
               if paras[i].kind == _HEAD and _RE_NOT_A_HEADLINE.search(paras[i].text)),
              default=start)
    return cut if cut < end else start


def _is_credit(para: _Para) -> bool:
    return para.kind in (_CAPTION, _BYLINE) and bool(RE_PHOTO_CREDIT.search(para.text))


def _markdown_starts(paras: list[_Para], starts: list[int]) -> list[int]:
    """In Markdown pages, a heading as high as the current article's headline, after its
    body, opens the next article (``## 红色健康服务`` after ``## 建行那曲分行…``), while
    lower ones (``###``) are its sections."""
    out = []
    opened = set(starts)
    level = 0  # the current article's highest heading level (1 = #), 0 if none
    seen_body = False
    for i, para in enumerate(paras):
        if i in opened:
            level, seen_body = 0, False
        if para.kind in (_HEAD, _SUB) and para.heading_level:
            if seen_body and level and para.heading_level <= level:
                out.append(i)
                level, seen_body = para.heading_level, False
            elif not seen_body:
                level = min(level or para.heading_level, para.heading_level)
        elif para.kind in (_BODY, _DATELINE):
            seen_body = True
    return out


def _article_starts(paras: list[_Para]) -> list[int]:
    starts = []
    for start, end in _head_blocks(paras):
        if _starts_article(paras, start, end):
            starts.append(_headline_start(paras, start, end))
        elif start > 0 and paras[start - 1].kind == _BYLINE and end - start >= 2 \
                and end < len(paras) and paras[end].kind == _BODY:
            # 标题 / 本报记者 X / 主标题 / 下一篇标题 / 正文: the heads after a byline finish
            # its (trailing) headline, and the last one heads the body that follows
            starts.append(end - 1)
    starts.extend(_markdown_starts(paras, starts))
    for i, para in enumerate(paras):
        # a dateline not preceded by a head block still opens an article
        if para.kind == _DATELINE and (i == 0 or paras[i - 1].kind not in (_HEAD, _SUB, _BYLINE)):
            starts.append(i)
        if para.kind != _BODY or i == 0:
            continue
        if _is_credit(paras[i - 1]) and _RE_LEAD_OPENER.match(para.text):
            # a news lead (5月17日，…) after a photo credit: the photo closed the article
            # before; any other body there is that article going on around its photo
            starts.append(i)
        elif paras[i - 1].kind == _BODY and i + 1 < len(paras) \
                and paras[i + 1].kind == _CAPTION and _RE_LEAD_OPENER.match(para.text) \
                and len(para.text) <= _MAX_PHOTO_NEWS:
            starts.append(i)  # photo news: 近日，……。 + 图为……。本报记者 X 摄
    return sorted(set(starts))


def _has_body(paras: list[_Para]) -> bool:
    return any(p.kind in (_BODY, _DATELINE) for p in paras)


def _steal_body(prev: list[_Para], head: list[_Para]) -> int:
    """Index in ``prev`` where a trailing headline's own body begins (len(prev) if none)."""
    names = {m.group(0) for p in head for m in _RE_NAMEISH.finditer(p.text)}
    names = {n for n in names if len(n) >= 3}
    first_body = next((i for i, p in enumerate(prev) if p.kind == _BODY), len(prev))
    for i in range(first_body + 1, len(prev)):
        if prev[i].kind == _BODY and any(name in prev[i].text for name in names):
            # include a short lead paragraph or a section head just before, when there is one
            if i - 1 > first_body and ((prev[i - 1].kind == _BODY and len(prev[i - 1].text) < 80)
                                       or prev[i - 1].kind == _HEAD):
                return i - 1
            return i
    return len(prev)


def _group(paras: list[_Para]) -> list[list[_Para]]:
    starts = _article_starts(paras)
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    groups = [paras[a:b] for a, b in zip(starts, [*starts[1:], len(paras)], strict=True)]
    merged: list[list[_Para]] = []
    for group in groups:
        if merged and not _has_body(group) and not any(p.kind == _CAPTION for p in group):
            cut = _steal_body(merged[-1], group)
            stolen = merged[-1][cut:]
            del merged[-1][cut:]
            group = [*group, *stolen]
        merged.append(group)
    merged = [g for g in merged if g]
    # a run of the site's chrome alone (masthead, navigation before the headline) is no
    # article: it opens the article after it
    out: list[list[_Para]] = []
    carry: list[_Para] = []
    for group in merged:
        if all(p.kind == _LAYOUT for p in group):
            carry += group
            continue
        out.append([*carry, *group])
        carry = []
    if carry:
        if out:
            out[-1] += carry
        else:
            out.append(carry)
    return out


def _part_kind(para: _Para, seen_body: bool) -> PartKind:
    if para.kind == _SUB:
        return PartKind.SUBHEADLINE
    if para.kind == _HEAD:
        return PartKind.SECTION if seen_body else PartKind.HEADLINE
    return {
        _BYLINE: PartKind.BYLINE,
        _CAPTION: PartKind.CAPTION,
        _LAYOUT: PartKind.LAYOUT,
    }.get(para.kind, PartKind.BODY)


def _build_article(page: str, index: int, paras: list[_Para]) -> Article:
    chunks: list[str] = []
    parts: list[Part] = []
    offsets = array("q")
    offset = 0
    seen_body = False
    for para in paras:
        if offsets:  # the joining newline: the page's own newline after the previous
            # paragraph, or that paragraph's last character where paragraphs were reordered
            # (a headline group that ends the page takes its body from before it)
            offsets.append(offsets[-1] + 1 if para.start > offsets[-1] + 1 else offsets[-1])
        offsets.extend(range(para.start, para.start + len(para.text)))
        kind = _part_kind(para, seen_body)
        if para.kind == _DATELINE and (m := RE_DATELINE.match(para.text)):
            parts.append(Part(PartKind.DATELINE, offset, offset + m.end()))
            parts.append(Part(PartKind.BODY, offset + m.end(), offset + len(para.text)))
        else:
            parts.append(Part(kind, offset, offset + len(para.text)))
        seen_body = seen_body or para.kind in (_BODY, _DATELINE)
        chunks.append(para.text)
        offset += len(para.text) + 1
    text = "\n".join(chunks)
    article = Article(doc_id=f"{page}#{index}", page=page, index=index, text=text, parts=parts,
                      offsets=offsets)
    article.sentences = split_sentences(text, parts)
    return article


def split_articles(page: str, text: str) -> list[Article]:
    """Split the repaired text of one page into articles with typed parts and sentences.

    ``page`` is the page's file name; article ids are ``<page>#<n>``. Each article's
    ``offsets`` give, for each of its characters, the index in ``text``.
    """
    paras: list[_Para] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            para = _classify(line.strip())
            para.start = offset + line.index(para.text) if para.text in line else offset
            paras.append(para)
        offset += len(line) + 1
    if not paras:
        return []
    for i in layout_indices([p.text for p in paras]):  # the site's chrome: no headline, no body
        paras[i].kind = _LAYOUT
    return [_build_article(page, i, group) for i, group in enumerate(_group(paras))]


def _split_span(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    depth = 0
    begin = start
    i = start
    while (found := _RE_SPLIT_CHAR.search(text, i, end)) is not None:
        i = found.start()  # only quotes and stops matter: jump from one to the next
        ch = text[i]
        if ch in _OPEN_QUOTES:
            depth += 1
        elif ch in _CLOSE_QUOTES:
            depth = max(0, depth - 1)
        too_long = i - begin > _MAX_SENTENCE
        if ch in SENTENCE_END:
            j, closed = i + 1, depth
            while j < end and (text[j] in CLOSERS or text[j] in SENTENCE_END):
                if text[j] in _CLOSE_QUOTES:
                    closed = max(0, closed - 1)
                j += 1
            # split outside quotes, or where the quote closes right after the stop: 。”
            if closed == 0 or too_long:
                spans.append((begin, j))
                begin, i, depth = j, j, 0
                continue
        i += 1
    if begin < end and text[begin:end].strip():
        spans.append((begin, end))
    return spans


def split_sentences(text: str, parts: list[Part]) -> list[tuple[int, int]]:
    """Sentence spans over ``text``: each part is split on Chinese sentence ends with
    quotes balanced (``他说：“好。走吧。”`` stays one sentence); parts never merge.

    >>> split_sentences("甲。乙“丙。丁”。", [Part(PartKind.BODY, 0, 9)])
    [(0, 2), (2, 9)]
    """
    spans: list[tuple[int, int]] = []
    for part in parts:
        spans.extend(_split_span(text, part.start, part.end))
    return spans
