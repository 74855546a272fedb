"""Cleaning decoded text: NFC, line ends, invisible and control characters.

ZWSP, NUL or NBSP inside 拉萨市 silently defeat both jieba and the name automaton
(RELIABILITY.md §3), so they are removed or turned into spaces before anything else runs.
"""

from __future__ import annotations

import unicodedata

from kg.preprocess.resources import INVISIBLE, SPACES

_KEEP_CONTROLS = {"\n", "\t"}


def _is_dropped(ch: str) -> bool:
    if ch in INVISIBLE:
        return True
    if ch in _KEEP_CONTROLS:
        return False
    category = unicodedata.category(ch)
    # Cc: C0/C1 controls; Cs: lone surrogates (from surrogateescape); Co: private use
    return category in ("Cc", "Cs")


def clean_text(text: str) -> tuple[str, int]:
    """Return ``(cleaned, removed)``: NFC text with uniform line ends and no invisibles.

    ``\\r\\n``, ``\\r``, U+2028 and U+2029 become ``\\n``; NBSP, ideographic and other
    fixed-width spaces become a plain space; zero-width characters, BOMs and control
    characters other than newline and tab are removed and counted.

    >>> clean_text("拉\\u200b萨\\x00市\\r\\n")
    ('拉萨市\\n', 2)
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    out: list[str] = []
    removed = 0
    for ch in text:
        if ch in SPACES:
            out.append(" ")
        elif _is_dropped(ch):
            removed += 1
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)), removed
