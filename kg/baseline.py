"""The obvious approach, scored by the same harness: jieba.posseg's ``ns`` words as
places and ``nt`` words as organisations, and, for relations, every pair of entities in
one sentence (co-occurrence). Every gain of the builder is measured against it.
"""

from __future__ import annotations

from itertools import permutations

import jieba.posseg

from kg.constants import RelationLabel
from kg.evaluate import CATEGORIES, DocSets, norm
from kg.tokenize import FrozenTokenizer
from kg.types import Page

#: Which entity categories may stand at each end of each relation, for co-occurrence.
_REL_ENDS = {
    RelationLabel.LOCATED_IN.value: ("places", "places"),
    RelationLabel.ORG_OF.value: ("orgs", "places"),
    RelationLabel.SUB_ORG_OF.value: ("orgs", "orgs"),
    RelationLabel.IMPLEMENTS.value: ("orgs", "places"),
    RelationLabel.LEADS.value: ("orgs", "orgs"),
}


def posseg_sets(page: Page, tagger: jieba.posseg.POSTokenizer) -> DocSets:
    """Entity sets of one page from jieba.posseg, relations by sentence co-occurrence."""
    sets: DocSets = {cat: set() for cat in CATEGORIES}
    for article in page.articles:
        for start, end in article.sentences:
            found: dict[str, set[str]] = {"places": set(), "orgs": set()}
            for pair in tagger.cut(article.text[start:end]):
                if pair.flag == "ns" and len(pair.word) >= 2:
                    found["places"].add(norm(pair.word))
                elif pair.flag == "nt" and len(pair.word) >= 2:
                    found["orgs"].add(norm(pair.word))
            sets["places"] |= found["places"]
            sets["orgs"] |= found["orgs"]
            for rel, (left, right) in _REL_ENDS.items():
                for a, b in permutations(found[left] | found[right], 2):
                    if a in found[left] and b in found[right]:
                        sets[rel].add((a, b))
    return sets


def baseline_sets(pages: list[Page]) -> dict[str, DocSets]:
    """Baseline predictions per page, from a plain private jieba (no project dictionary:
    the baseline is what jieba knows on its own)."""
    tagger = jieba.posseg.POSTokenizer(FrozenTokenizer().jieba)
    return {page.name: posseg_sets(page, tagger) for page in pages}
