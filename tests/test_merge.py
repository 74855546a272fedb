"""Merging pages: an unlinked place seen without its parent joins its one named twin."""

from __future__ import annotations

from pathlib import Path

from kg.constants import EntityLabel, Level, RelationLabel
from kg.merge import merge_pages
from kg.types import Figure, Mention, Page, PlaceInfo, Relation
from tests.helpers import make_article


def _page(name: str, text: str, places: list[tuple[str, str]], org: str | None = None) -> Page:
    """A page of one article; ``places`` are (surface, key); ``org`` is located in the last."""
    article = make_article(text)
    article.doc_id, article.page = f"{name}#0", name
    for surface, key in places:
        start = text.index(surface)
        article.mentions.append(Mention(start, start + len(surface), surface, EntityLabel.PLACE,
                                        surface, key, info=PlaceInfo(level=Level.VILLAGE)))
    if org:
        start = text.index(org)
        article.mentions.append(Mention(start, start + len(org), org, EntityLabel.ORG, org,
                                        f"org:{org}"))
        article.relations.append(Relation(f"org:{org}", RelationLabel.LOCATED_IN,
                                          places[-1][1], article.sentences[0]))
    article.figures.append(Figure(places[-1][1], "党员", 12.0, "名", None,
                                  article.sentences[0], "党员12名"))
    return Page(name=name, path=Path(name), encoding="utf-8", articles=[article])


def test_orphan_place_joins_its_only_twin_with_relations_and_figures(resources):
    pages = [_page("p1", "城北乡新华村有党员12名。", [("新华村", "place:130102001/新华村")]),
             _page("p2", "新华村党支部有党员12名。", [("新华村", "place:?/新华村")], org="新华村党支部")]
    G = merge_pages(pages, resources.gaz)
    assert "place:?/新华村" not in G.entities
    twin = G.entities["place:130102001/新华村"]
    assert [m.page for m in twin.mentions] == ["p1", "p2"]
    assert ("org:新华村党支部", RelationLabel.LOCATED_IN, twin.key) in G.relations
    assert not any("place:?/新华村" in (h, t) for h, _, t in G.relations)
    assert [(fig.subject, text) for _, _, fig, text in G.figures] == [
        (twin.key, "城北乡新华村有党员12名。"), (twin.key, "新华村党支部有党员12名。")]


def test_orphan_place_with_two_twins_stays_unknown(resources):
    pages = [_page("p1", "城北乡新华村有党员12名。", [("新华村", "place:130102001/新华村")]),
             _page("p2", "城南镇新华村有党员12名。", [("新华村", "place:130102002/新华村")]),
             _page("p3", "新华村党支部有党员12名。", [("新华村", "place:?/新华村")], org="新华村党支部")]
    G = merge_pages(pages, resources.gaz)
    assert "place:?/新华村" in G.entities
    assert ("org:新华村党支部", RelationLabel.LOCATED_IN, "place:?/新华村") in G.relations


def test_parentless_namesakes_on_two_pages_stay_two_places(resources):
    pages = [_page("p1", "新华村党支部有党员12名。", [("新华村", "place:?/p1/新华村")]),
             _page("p2", "新华村党支部有党员12名。", [("新华村", "place:?/p2/新华村")])]
    G = merge_pages(pages, resources.gaz)
    assert {"place:?/p1/新华村", "place:?/p2/新华村"} <= G.entities.keys()


def test_orphan_joins_no_twin_of_another_province(resources):
    pages = [_page("p1", "城北乡新华村有党员12名。", [("新华村", "place:130102001/新华村")]),
             _page("p2", "新华村党支部有党员12名。", [("新华村", "place:?/p2/新华村")])]
    pages[1].province = "54"
    G = merge_pages(pages, resources.gaz)
    assert "place:?/p2/新华村" in G.entities
