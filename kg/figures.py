"""Figures: numeric facts about a place or body (``发展党员1405名``, ``投入资金3亿元``).

Each figure keeps its value (Chinese multipliers 万/亿 applied, so ``77.21亿元`` is
7,721,000,000 with unit 元), unit, what is counted
(the words before the number), the subject (nearest place or body before it in the
sentence), the year the sentence gives, and the sentence itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal

from kg.constants import EntityLabel, PartKind
from kg.data import alternation, numeral_values, numerals, table
from kg.tokenize import FrozenTokenizer
from kg.types import Article, Figure

_WORDS = table("lexicon/figure_words.tsv")
_UNITS = alternation(row["word"] for row in _WORDS if row["class"] == "measure")
#: what is counted never opens on the measure word of a number before it (12名|党校教师到38家
#: counts 党校教师到, not 名党校教师到)
_RE_FIGURE = re.compile(
    rf"(?<![\d.])(?P<counted>[\u4e00-\u9fff]{{2,8}}?)(?P<num>\d+(?:\.\d+)?)(?P<mult>[{numerals('big')}])?"
    rf"(?P<unit>{_UNITS})(?:(?P<num2>\d+)(?P<unit2>人))?"
)
_RE_DIGIT = re.compile(r"\d")
_SUBJECT_LABELS = (EntityLabel.PLACE, EntityLabel.ORG, EntityLabel.UNIT)
_RE_YEAR = re.compile(r"((?:19|20)\d{2})年")
_MULT = {c: Decimal(v) for c, v in numeral_values().items() if c in numerals("big")}
_NOT_COUNTED = re.compile(
    f"(?:{alternation(row['word'] for row in _WORDS if row['class'] == 'before-number')})$")


def _head_year(article: Article) -> int | None:
    for kind in (PartKind.HEADLINE, PartKind.SUBHEADLINE):
        for head in article.part_text(kind):
            if m := _RE_YEAR.search(head):
                return int(m.group(1))
    return None


#: a clause mark: what is counted never reaches back across one
_RE_CLAUSE_MARK = re.compile(r"[，,。；;：:、！？!?\s“”（）()]")
#: the longest clause counted whole when the eight characters before a number cut a word
_WHOLE_CLAUSE_MAX = 12
#: jieba tags of the nouns a measure word counts when they follow it (38家|单位)
_NOUN_TAGS = frozenset({"n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "ng"})
_COUNTED_MAX = 8


def _nouns_at(text: str, pos: int, tags: dict[str, str]) -> str:
    """The run of dictionary nouns starting at ``pos`` (longest word first, as jieba's
    dictionary has it: 单位|开展 gives 单位), at most eight characters; "" when fewer than two.
    A dictionary lookup per word, not a jieba cut per figure: there is a figure in most
    sentences."""
    nouns, i = "", pos
    while i < len(text):
        word = next((text[i:i + n] for n in (4, 3, 2, 1) if text[i:i + n] in tags), None)
        if word is None or tags[word] not in _NOUN_TAGS or len(nouns + word) > _COUNTED_MAX:
            break
        nouns, i = nouns + word, i + len(word)
    return nouns if len(nouns) >= 2 else ""


def _counted(sentence: str, m: re.Match[str], tokenizer: FrozenTokenizer | None) -> str:
    """What a figure counts, as a whole phrase: the nouns a measure word opens (``到38家单位
    开展授课``: 单位, not the 党校教师到 before the number), else the words before the number
    -- a short clause whole when the eight characters the pattern allows would cut a word
    (``线上线下受教育群众``, not ``上线下受教育群众``); approximation words left out."""
    if tokenizer is not None and (nouns := _nouns_at(sentence, m.end(), tokenizer.tags)):
        return nouns
    counted = m.group("counted")
    opening = m.start("counted")
    if opening > 0 and not _RE_CLAUSE_MARK.match(sentence, opening - 1):
        clause = max((c.end() for c in _RE_CLAUSE_MARK.finditer(sentence, 0, opening)), default=0)
        if m.start("num") - clause <= _WHOLE_CLAUSE_MAX and not _RE_DIGIT.search(sentence, clause, opening):
            counted = sentence[clause:m.start("num")]
    return _NOT_COUNTED.sub("", counted) or counted


def extract_figures(article: Article, tokenizer: FrozenTokenizer | None = None) -> Article:
    """Fill ``article.figures`` from the body sentences. The subject is the nearest place or
    body before the number in its sentence, else the article's subject; the year is the
    sentence's, else the one its headline gives (``2023年拉萨市党建工作综述``). With a
    ``tokenizer``, a measure word followed by a noun counts that noun (see :func:`_counted`)."""
    text = article.text
    figures = []
    fallback = article.subject
    head_year = _head_year(article)
    # places and bodies by start (stable: of two at one start the later, longer one wins)
    subjects = sorted((x for x in article.mentions if x.label in _SUBJECT_LABELS),
                      key=lambda x: x.start)
    subject_starts = [x.start for x in subjects]
    for start, end in article.sentences:
        sentence = text[start:end]
        if not _RE_DIGIT.search(sentence):
            continue  # every figure has a number
        year_match = _RE_YEAR.search(sentence)
        year = int(year_match.group(1)) if year_match else head_year
        for m in _RE_FIGURE.finditer(sentence):
            counted = _counted(sentence, m, tokenizer)
            # decimal arithmetic: 77.21亿 is 7721000000, not 7720999999.999999
            value = float(Decimal(m.group("num")) * _MULT.get(m.group("mult") or "", Decimal(1)))
            pos = start + m.start()
            before = bisect_left(subject_starts, pos) - 1  # the nearest one before pos
            if before >= 0 and subject_starts[before] >= start:
                subject = subjects[before].key
            else:
                subject = fallback.key if fallback else None
            figures.append(Figure(subject=subject, counted=counted, value=value,
                                  unit=m.group("unit"), year=year,
                                  sentence=(start, end), text=m.group(0)))
    article.figures = figures
    return article
