"""Every role of every function character (``kg/data/lexicon/function_chars.tsv``) shown
by an invented sentence where the character makes the difference, beside the twin without
it where the recogniser does find the name."""

from __future__ import annotations

import pytest

from kg.constants import EntityLabel
from kg.data import function_chars, table
from tests.helpers import found_on_page

PERSON, ORG, PLACE = EntityLabel.PERSON, EntityLabel.ORG, EntityLabel.PLACE


def _chars(role: str) -> list[str]:
    return sorted(function_chars(role))


def test_function_chars_table_is_well_formed():
    rows = table("lexicon/function_chars.tsv")
    chars = [row["char"] for row in rows]
    assert len(chars) == len(set(chars)) and all(len(c) == 1 for c in chars)  # each written once
    roles = [k for k in rows[0] if k not in ("char", "class")]
    assert all(any(row[r] == "y" for r in roles) for row in rows)  # every row acts somewhere
    with pytest.raises(KeyError):
        function_chars("no_such_role")


@pytest.mark.parametrize("char", _chars("name_stop"))
def test_function_char_opens_no_name(char, resources):
    assert found_on_page("村党支部书记邵卫东说，路修好了。", resources, PERSON) == {"邵卫东"}
    found = found_on_page(f"村党支部书记{char}村民们一起劳动。", resources, PERSON)
    assert not any(name.startswith(char) for name in found), found


@pytest.mark.parametrize("char", _chars("surname"))
def test_function_char_that_is_a_surname_opens_a_name_with_speech_after(char, resources):
    assert f"{char}文军" in found_on_page(f"村党支部书记{char}文军说，路修好了。", resources, PERSON)
    without_speech = found_on_page(f"村党支部书记{char}文军修路。", resources, PERSON)
    assert not any(n.startswith(char) for n in without_speech)


_HOSTS = ("青禾电子公司", "松溪电子公司", "禾丰电子公司")


@pytest.mark.parametrize("char", _chars("host_stop"))
def test_function_char_ends_a_bodys_host(char, resources):
    """Without the character the walk left takes 职工 into the host; with it, it stops
    there (the host after it may lose a character jieba glues to it: 以青|禾)."""
    assert found_on_page("职工青禾电子公司党支部一起开展活动。", resources, ORG) == {"职工青禾电子公司党支部"}
    assert any(found_on_page(f"职工{char}{host}党支部一起开展活动。", resources, ORG) == {host + "党支部"}
               for host in _HOSTS)


@pytest.mark.parametrize("char", _chars("class_before"))
def test_function_char_makes_a_bare_body_a_class(char, resources):
    text = "安吉县天荒坪镇青禾社区举办活动。{}社区党委组织党员开展清洁行动。"
    assert found_on_page(text.format(""), resources, ORG) == {"青禾社区党委"}
    assert found_on_page(text.format(char), resources, ORG) == set()


@pytest.mark.parametrize("char", _chars("place_stem"))
def test_function_char_is_no_part_of_an_unlisted_place(char, resources):
    assert "青禾社区" in found_on_page("安吉县天荒坪镇青禾社区党委开展活动。", resources, PLACE)
    found = found_on_page(f"安吉县天荒坪镇组织党员{char}青禾社区党委开展活动。", resources, PLACE)
    assert not any(char in name for name in found), found


@pytest.mark.parametrize("char", _chars("place_joiner"))
def test_function_char_lets_a_county_short_form_stand_alone(char, resources):
    assert "普兰县" not in found_on_page("阿里地区开展活动。党员去普兰，开展培训。", resources, PLACE)
    assert "普兰县" in found_on_page(f"阿里地区开展活动。党员{char}普兰，开展培训。", resources, PLACE)


@pytest.mark.parametrize("char", _chars("place_conjunction"))
def test_function_char_opening_a_glued_county_is_a_conjunction(char, resources):
    gaz = resources.gaz
    form, code = next((f, a.code) for f, aliases in sorted(gaz.aliases.items()) for a in aliases
                      if len(f) == 2 and f[0] == char and len(a.code) == 6)
    prefecture = gaz.parent(code).name
    assert form in _texts_of(f"{prefecture}{form}组织党员开展培训。", resources)
    assert not _texts_of(f"各乡镇{form}直单位参加培训。", resources) & {form}


def _texts_of(text: str, resources) -> set[str]:
    """The place mentions as written (和县, 同心)."""
    from pathlib import Path

    from kg.pipeline import extract_page
    from kg.types import RawText

    page = extract_page(RawText(Path("c.txt"), text + "\n", "utf-8"), resources)
    return {m.text for a in page.articles for m in a.mentions if m.label is PLACE}
