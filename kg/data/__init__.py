"""Packaged data files (see SOURCE.md for each file's source and licence)."""

from __future__ import annotations

from importlib import resources


def word_list(name: str) -> list[str]:
    """The whitespace-separated words of a packaged list, ``#`` comment lines skipped."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    return [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
