"""Labels shared by every stage, the scorer and the exporters.

They follow ``tests/gold/GUIDELINES.md`` so predictions and gold compare as plain sets,
and they are mirrored one-to-one by classes and properties in ``ontology.ttl``.
"""

from __future__ import annotations

from enum import StrEnum


class EntityLabel(StrEnum):
    PLACE = "place"
    ORG = "org"
    UNIT = "unit"
    PROGRAMME = "programme"
    DOCUMENT = "document"
    PERSON = "person"


class RelationLabel(StrEnum):
    LOCATED_IN = "located_in"
    ORG_OF = "org_of"
    SUB_ORG_OF = "sub_org_of"
    IMPLEMENTS = "implements"
    LEADS = "leads"




class Level(StrEnum):
    """Administrative level; the value is the gold ``level`` string."""

    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"


#: Length of the 统计用区划代码 at each level (2, 4, 6, 9, 12 digits).
CODE_LENGTH: dict[Level, int] = {
    Level.PROVINCE: 2,
    Level.PREFECTURE: 4,
    Level.COUNTY: 6,
    Level.TOWNSHIP: 9,
    Level.VILLAGE: 12,
}
LEVEL_OF_LENGTH: dict[int, Level] = {n: level for level, n in CODE_LENGTH.items()}


class OrgKind(StrEnum):
    """Kinds of Party body, as in GUIDELINES.md."""

    CENTRAL = "central"
    COMMITTEE = "committee"
    LEADING_GROUP = "leading_group"
    GENERAL_BRANCH = "general_branch"
    BRANCH = "branch"
    GROUP = "group"
    DISCIPLINE = "discipline"
    DEPARTMENT = "department"
    SCHOOL = "school"


class PartKind(StrEnum):
    """What a stretch of an article's text is."""

    HEADLINE = "headline"
    SUBHEADLINE = "subheadline"
    SECTION = "section"
    BYLINE = "byline"
    DATELINE = "dateline"
    BODY = "body"
    CAPTION = "caption"
    LAYOUT = "layout"  # a web page's chrome: masthead, navigation, breadcrumb, tools, footer
