"""Entity keys, minted and read here only.

A key is ``label:name`` (``org:安吉县委组织部``, ``person:柯晓岚``); a place linked to the
gazetteer is ``place:CODE``, one the gazetteer lacks ``place:PARENT_CODE/NAME`` under the
place the text gives it, or ``place:?/PAGE/NAME`` (an *orphan*) where the text gives none
(merge joins an orphan to a namesake with a parent). Keys are what merge, coreference and
the exporters join on, so one spelling of them, in one module, keeps those joins honest.
"""

from __future__ import annotations

from kg.constants import EntityLabel

#: Key prefix of an unlinked place the text gives no parent
ORPHAN_PLACE = "place:?/"


def entity_key(label: EntityLabel, name: str) -> str:
    """The key of a named entity: ``entity_key(EntityLabel.ORG, "安吉县委")`` -> ``org:安吉县委``."""
    return f"{label.value}:{name}"


def place_key(code: str) -> str:
    """The key of a place the gazetteer has."""
    return f"place:{code}"


def unlinked_place_key(name: str, parent_code: str | None, page: str) -> str:
    """The key of a place the gazetteer lacks: under its parent, else an orphan of its page."""
    return f"place:{parent_code}/{name}" if parent_code else f"{ORPHAN_PLACE}{page}/{name}"


def is_orphan(key: str) -> bool:
    return key.startswith(ORPHAN_PLACE)


def split_key(key: str) -> tuple[str, str]:
    """``org:安吉县委`` -> ``("org", "安吉县委")``."""
    label, _, name = key.partition(":")
    return label, name


def key_name(key: str, label: EntityLabel) -> str | None:
    """The name in ``key`` when it is a key of ``label``, else None."""
    kind, name = split_key(key)
    return name if kind == label.value else None
