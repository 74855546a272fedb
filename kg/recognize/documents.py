"""《Policy documents》: titles in book-title marks, nested ones too.

``关于印发《2024年全市党员教育培训计划》的通知`` names two documents: the notice and the
plan it issues. Newspapers and magazines in 《》 (``《非公有制企业党建》杂志``) are not
documents.
"""

from __future__ import annotations

import re

from kg.constants import EntityLabel
from kg.data import alternation, table
from kg.keys import entity_key
from kg.types import Article, Mention

#: a title in 《》: a document, a book, a song … (other recognisers leave its words alone)
RE_TITLE = re.compile(r"《([^《》\n]{2,80})》")
#: 关于印发（…）的通知: OCR or typesetting may write the inner marks as round brackets.
_RE_ISSUING = re.compile(r"(关于[^《》\n]{0,40}?[（(]([^（）()\n]{4,60})[）)][^《》\n]{0,20})》")
#: a newspaper or magazine (通报, 公报, 简报 are documents)
_RE_PERIODICAL = re.compile(r"(?:(?<![通公简])报|日报|杂志|周刊|期刊|晚报)$")
_RE_NOT_AFTER = re.compile(r"(?:杂志|报|周刊|期刊|节目|栏目)")


_CUES = table("lexicon/document_cues.tsv")
#: the head a document's title ends with, before an optional (试行)/(2025—2027年)/(修订)
_RE_HEAD = re.compile(f"(?:{alternation(r['word'] for r in _CUES if r['role'] == 'head')})"
                      r"(?:[（(][^（）()]{1,16}[）)])?$")
_RE_VERB = re.compile(f"(?:{alternation(r['word'] for r in _CUES if r['role'] == 'verb')})(?:了|好|的)?$")


def is_document_title(name: str, before: str) -> bool:
    """A title names a policy document by its head (…条例, …实施方案（2025—2027年）) or a
    verb before it that only documents take (印发《…》).

    >>> is_document_title("中国共产党农村基层组织工作条例", "学习")
    True
    >>> is_document_title("平凡的世界", "他最爱读")
    False
    """
    return bool(_RE_HEAD.search(name) or _RE_VERB.search(before))


def _doc(text: str, start: int, end: int, name: str, rule: str) -> Mention:
    return Mention(start=start, end=end, text=text[start:end], label=EntityLabel.DOCUMENT,
                   norm=name, key=entity_key(EntityLabel.DOCUMENT, name), rule=rule)


def recognize_documents(article: Article) -> Article:
    """Add a document mention for each title in 《》 (and an inner title it issues)."""
    text = article.text
    found: list[Mention] = []
    for m in RE_TITLE.finditer(text):
        name = m.group(1).strip()
        if _RE_PERIODICAL.search(name) or _RE_NOT_AFTER.match(text, m.end()):
            continue
        if not is_document_title(name, text[max(0, m.start() - 6):m.start()]):
            continue  # a book, a song, a series, a game
        found.append(_doc(text, m.start(1), m.end(1), name, "book-title"))
    # an outer title whose inner marks were lost: 《关于…（2024年…计划）的通知》
    for m in re.finditer(r"《(关于[^《》\n]*?)《([^《》\n]+)》([^《》\n]{0,20})》", text):
        outer = f"{m.group(1)}《{m.group(2)}》{m.group(3)}"
        found.append(_doc(text, m.start(1), m.end(3), outer, "book-title-nested"))
    for m in _RE_ISSUING.finditer(text):
        found.append(_doc(text, m.start(2), m.end(2), m.group(2).strip(), "issued"))
    article.mentions = sorted([*article.mentions, *found], key=lambda x: (x.start, x.end))
    return article
