"""Packaged data files (see SOURCE.md for each file's source and licence)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources


def alternation(words: Iterable[str]) -> str:
    r"""A regex alternation of ``words``, escaped, longest first (so 党支部书记 is tried
    before 书记); words of one length keep their order.

    >>> alternation(["书记", "党支部书记", "a.b"])
    '党支部书记|a\\.b|书记'
    """
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def words_of(text: str) -> list[str]:
    """The whitespace-separated words of a word list's text, ``#`` comment lines skipped."""
    return [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]


def word_list(name: str) -> list[str]:
    """The words of a packaged list (:func:`words_of`)."""
    return words_of(resources.files(__name__).joinpath(name).read_text("utf-8"))


def table(name: str) -> list[dict[str, str]]:
    """The rows of a packaged TSV table as dicts by its header (the first line that is not
    a ``#`` comment); missing trailing cells are empty strings.

    >>> table("lexicon/party_bodies.tsv")[0]["suffix"]
    '临时党支部'
    """
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    lines = [line.rstrip("\n").split("\t") for line in text.splitlines()
             if line.strip() and not line.startswith("#")]
    header, rows = lines[0], lines[1:]
    return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=True)) for row in rows]


def function_chars(role: str) -> frozenset[str]:
    """The function characters that act as ``role`` (a column of
    ``lexicon/function_chars.tsv``: place_stem, name_stop, host_stop …).

    >>> sorted(function_chars("surname"))
    ['于', '向', '和']
    """
    rows = table("lexicon/function_chars.tsv")
    if rows and role not in rows[0]:
        raise KeyError(role)
    return frozenset(row["char"] for row in rows if row[role] == "y")


def level_words(use: str) -> dict[str, str]:
    """The level words with ``use`` in ``lexicon/level_words.tsv`` (ends, two-character,
    level-word, region, zone, zone-short), each with its level's value.

    >>> level_words("level-word")["地区"]
    'prefecture'
    """
    return {row["word"]: row["level"] for row in table("lexicon/level_words.tsv")
            if use in row["uses"].split()}


def numerals(*kinds: str) -> str:
    """The Chinese numerals of ``kinds`` (``lexicon/numerals.tsv``), in table order, as
    one string for a regex character class.

    >>> numerals("digit", "ten")
    '一二三四五六七八九十'
    """
    return "".join(row["char"] for row in table("lexicon/numerals.tsv") if row["kind"] in kinds)


def numeral_values() -> dict[str, int]:
    """Each Chinese numeral's value: ``numeral_values()["两"]`` is 2."""
    return {row["char"]: int(row["value"]) for row in table("lexicon/numerals.tsv")}
