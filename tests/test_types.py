"""The typed hand-offs between components: payloads per kind of entity, and the one
rewrite of every key a mention holds (coreference and renames rely on it)."""

from __future__ import annotations

from kg.constants import EntityLabel, Level, OrgKind
from kg.keys import entity_key, place_key
from kg.types import BodyInfo, Mention, PersonInfo, PlaceInfo, ProgrammeInfo


def _mention(label: EntityLabel, name: str, info=None) -> Mention:
    return Mention(0, len(name), name, label, name, entity_key(label, name), info=info)


def test_types_each_view_reads_its_own_payload_and_is_empty_for_another_kind():
    village = _mention(EntityLabel.PLACE, "新华村", PlaceInfo(level=Level.VILLAGE, candidates=("1", "2")))
    body = _mention(EntityLabel.ORG, "新华村党支部", BodyInfo(kind=OrgKind.BRANCH, of=village.key))
    assert village.place_info.level is Level.VILLAGE and village.place_info.candidates == ("1", "2")
    assert body.body_info.kind is OrgKind.BRANCH and body.body_info.of == village.key
    # asked of the wrong kind, a view is the empty payload, never another kind's fields
    assert body.place_info == PlaceInfo() and village.body_info == BodyInfo()
    assert village.person_info == PersonInfo() and village.programme_info == ProgrammeInfo()


def test_types_rekeyed_maps_the_key_and_every_key_the_payload_holds():
    short = entity_key(EntityLabel.UNIT, "大唐怒江公司")
    full = entity_key(EntityLabel.UNIT, "大唐怒江上游公司")
    parent = entity_key(EntityLabel.ORG, "公司党委")
    body = _mention(EntityLabel.ORG, "公司党支部", BodyInfo(kind=OrgKind.BRANCH, of=short, parent=parent))
    person = _mention(EntityLabel.PERSON, "王芳", PersonInfo(role="书记", org=short, also=parent))
    mapping = {short: full, parent: entity_key(EntityLabel.ORG, "大唐公司党委")}
    assert body.rekeyed(mapping).body_info == BodyInfo(kind=OrgKind.BRANCH, of=full,
                                                        parent=mapping[parent])
    assert person.rekeyed(mapping).person_info == PersonInfo(role="书记", org=full, also=mapping[parent])
    unit = _mention(EntityLabel.UNIT, "大唐怒江公司", BodyInfo())
    assert unit.rekeyed(mapping).key == full


def test_types_rekeyed_returns_the_same_mention_when_nothing_maps():
    """Coreference skips an article whose mentions all come back unchanged (identity)."""
    place = _mention(EntityLabel.PLACE, "新华村", PlaceInfo(level=Level.VILLAGE))
    body = _mention(EntityLabel.ORG, "新华村党支部", BodyInfo(of=place_key("510000")))
    mapping = {entity_key(EntityLabel.UNIT, "别的公司"): entity_key(EntityLabel.UNIT, "别的有限公司")}
    assert place.rekeyed(mapping) is place and body.rekeyed(mapping) is body
    moved = body.rekeyed({place_key("510000"): place_key("510100")})
    assert moved is not body and moved.body_info.of == place_key("510100")


def test_types_article_lookups_follow_its_mentions():
    """mentions_of / mentions_starting / cached answer for the mentions the article holds
    now: a new list or a list that grew is indexed again."""
    from kg.constants import EntityLabel
    from kg.types import Article, Mention

    def m(start: int, end: int, label: EntityLabel) -> Mention:
        return Mention(start=start, end=end, text="x" * (end - start), label=label, norm=f"n{start}",
                       key=f"k{start}", rule="r")

    article = Article("d", "p", 0, "x" * 40)
    article.mentions = [m(0, 3, EntityLabel.PLACE), m(5, 9, EntityLabel.ORG), m(12, 15, EntityLabel.PLACE)]
    calls = []
    assert [x.start for x in article.mentions_of(EntityLabel.PLACE)] == [0, 12]
    assert [x.start for x in article.mentions_starting(4, 13)] == [5, 12]
    assert [x.start for x in article.mentions_ending(9)] == [5] and article.mentions_ending(8) == []
    assert article.cached(("q",), lambda: calls.append(1) or len(calls)) == 1
    assert article.cached(("q",), lambda: calls.append(1) or len(calls)) == 1  # kept
    article.mentions.append(m(20, 22, EntityLabel.PLACE))  # grew in place
    assert [x.start for x in article.mentions_of(EntityLabel.PLACE)] == [0, 12, 20]
    assert article.cached(("q",), lambda: calls.append(1) or len(calls)) == 2  # asked again
    article.mentions = [m(30, 31, EntityLabel.ORG)]  # another list
    assert article.mentions_of(EntityLabel.PLACE) == [] and article.mentions_starting(0, 40)[0].start == 30
    assert article.mentions_ending(9) == [] and article.mentions_ending(31)[0].start == 30
