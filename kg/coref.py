"""Page-level coreference of units and Party bodies: one name per thing on a page.

Two cases the press makes common:

* an alias declared once, ``西藏大唐国际怒江上游水电开发有限公司(以下简称“大唐怒江公司”)``:
  every later ``大唐怒江公司`` on the page is that company, in any article;
* a name the OCR cut at a column edge, ``扎乡派出所党支部`` beside ``阿扎乡派出所党支部`` in
  the same article: a name that is the tail of a longer one, short of one or two
  characters, is the longer one; so is a repeat that drops the sender of a dispatched
  body (``派驻那曲分行纪检组``).

The rewrite is a pure function of the page's articles: keys of mentions, the keys their
payloads hold (a body's ``of`` and ``parent``, a person's ``org``), relations and figures all follow.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.constants import EntityLabel
from kg.keys import entity_key
from kg.types import Article, Mention

_RE_ALIAS = re.compile(r"^[(（]以下简称[“\"]([^”\"]{2,16})[”\"][)）]")
_LABELS = (EntityLabel.UNIT, EntityLabel.ORG)
#: at most this many characters lost at a column edge
_MAX_CUT = 2
#: ``派驻那曲分行纪检组`` after ``建行西藏分行派驻那曲分行纪检组``: a repeat without its sender
_SENT = "派驻"


def declared_aliases(articles: list[Article]) -> dict[str, tuple[str, str]]:
    """``unit:大唐怒江公司`` -> (``unit:西藏大唐…有限公司``, full name), from ``以下简称``."""
    aliases: dict[str, tuple[str, str]] = {}
    for article in articles:
        for m in article.mentions:
            if m.label in _LABELS and (alias := _RE_ALIAS.match(article.text[m.end:m.end + 24])):
                short = alias.group(1)
                aliases.setdefault(entity_key(m.label, short), (m.key, m.norm))
    return aliases


def _own_part(article: Article, m: Mention) -> str:
    """A unit's or body's name from the last of the places that open it (兴国县长冈乡中心小学
    -> 长冈乡中心小学): a column edge cuts into what the name says after its chain."""
    places = [p for p in article.mentions_starting(m.start, m.end)
              if p.label is EntityLabel.PLACE and p.end <= m.end]
    start, pos = m.start, m.start
    for p in places:
        if p.start == pos:
            start, pos = p.start, p.end
    return m.norm[start - m.start:] if m.text == m.norm else m.norm


def _truncations(article: Article) -> dict[str, tuple[str, str]]:
    names = {(m.label, m.norm): m.key for m in article.mentions if m.label in _LABELS}
    own = {(m.label, m.norm): _own_part(article, m) for m in article.mentions if m.label in _LABELS}
    out: dict[str, tuple[str, str]] = {}
    for (label, short), key in names.items():
        longer = [(n, k) for (lab, n), k in names.items()
                  if lab is label and n != short and n.endswith(short)
                  and (len(own[lab, n]) - len(short) <= _MAX_CUT or short.startswith(_SENT))]
        if len(longer) == 1 and len(short) >= 5 and not short.startswith("第"):
            out[key] = (longer[0][1], longer[0][0])
    return out


def _rekey(m: Mention, mapping: dict[str, tuple[str, str]], keys: dict[str, str]) -> Mention:
    out = m.rekeyed(keys)
    return replace(out, norm=mapping[m.key][1]) if m.key in mapping else out


def resolve_coreference(articles: list[Article]) -> list[Article]:
    """Rewrite alias and truncated names to their full form, in place and returned."""
    aliases = declared_aliases(articles)
    for article in articles:
        mapping = {**aliases, **_truncations(article)}
        keys = {short: full for short, (full, _) in mapping.items()}
        rekeyed = [_rekey(m, mapping, keys) for m in article.mentions]
        if all(new is old for new, old in zip(rekeyed, article.mentions, strict=True)):
            continue
        article.mentions = rekeyed
        if article.subject is not None:
            article.subject = _rekey(article.subject, mapping, keys)
        article.co_subjects = tuple(_rekey(m, mapping, keys) for m in article.co_subjects)
        article.relations = [replace(r, head=keys.get(r.head, r.head), tail=keys.get(r.tail, r.tail))
                             for r in article.relations]
        article.figures = [replace(f, subject=keys[f.subject]) if f.subject in keys else f
                           for f in article.figures]
    return articles
