"""Cleaning decoded text: NFC, line ends, invisible and control characters.

ZWSP, NUL or NBSP inside 拉萨市 silently defeat both jieba and the name automaton
(RELIABILITY.md §3), so they are removed or turned into spaces before anything else runs.
"""

from __future__ import annotations

import unicodedata
from array import array

from kg.preprocess.resources import INVISIBLE, SPACES

_KEEP_CONTROLS = {"\n", "\t"}


def _is_noncharacter(ch: str) -> bool:
    """U+FDD0..U+FDEF and every U+xxFFFE/U+xxFFFF: never text, and not allowed in XML
    (graph.graphml), so a page holding one would yield an unreadable file."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _is_dropped(ch: str) -> bool:
    if ch in INVISIBLE:
        return True
    if ch in _KEEP_CONTROLS:
        return False
    category = unicodedata.category(ch)
    # Cc: C0/C1 controls; Cs: lone surrogates (from surrogateescape); Cf: format controls
    # (bidi overrides U+202A..U+202E and isolates U+2066..U+2069 that reorder what a reader
    # sees, and other zero-width marks); noncharacters
    return category in ("Cc", "Cs", "Cf") or _is_noncharacter(ch)


def clean_text_with_map(text: str) -> tuple[str, int, array]:
    """Like :func:`clean_text`, and for each output character its index in ``text``; an
    empty map where every character stayed (the map is then the identity).

    The map lets evidence point at the raw file even after invisible characters were
    removed. (NFC is applied per character: Chinese news text is already NFC, and a
    composed pair maps to its first source character.) It is a machine-integer array,
    8 bytes a character: as a list of Python ints it was 36, the largest part of a page
    held in memory.

    >>> clean_text_with_map("拉\\u200b萨\\r\\n")
    ('拉萨\\n', 1, array('q', [0, 2, 4]))
    >>> clean_text_with_map("拉萨\\n")
    ('拉萨\\n', 0, array('q'))
    """
    out: list[str] = []
    positions = array("q")
    removed = 0
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        line = text[start:end]
        if line.rstrip("\n").isprintable():
            # no control, format, separator (but the ASCII space) or unassigned character,
            # as nearly every line of a page: each character stays as it is
            out.append(line)
            positions.extend(range(start, end))
        else:
            removed += _clean_span(text, start, end, out, positions)
        start = end
    cleaned = "".join(out)
    normalised = unicodedata.normalize("NFC", cleaned)
    if normalised != cleaned:  # rare: keep the map aligned, one source index per character
        normalised = "".join(unicodedata.normalize("NFC", c) for c in cleaned)
        if len(normalised) != len(cleaned):
            normalised = cleaned
    if len(positions) == len(text):  # an increasing map of every index: the identity
        positions = array("q")
    return normalised, removed, positions


def _clean_span(text: str, i: int, end: int, out: list[str], positions: array) -> int:
    """The characters of ``text[i:end]`` one by one (see :func:`clean_text_with_map`);
    return how many were removed."""
    removed = 0
    while i < end:
        ch = text[i]
        if ch == "\r":
            out.append("\n")
            positions.append(i + 1 if text[i + 1:i + 2] == "\n" else i)
            i += 2 if text[i + 1:i + 2] == "\n" else 1
            continue
        if ch in "\u2028\u2029":
            out.append("\n")
        elif ch in SPACES:
            out.append(" ")
        elif _is_dropped(ch):
            removed += 1
            i += 1
            continue
        else:
            out.append(ch)
        positions.append(i)
        i += 1
    return removed


def clean_text(text: str) -> tuple[str, int]:
    """Return ``(cleaned, removed)``: NFC text with uniform line ends and no invisibles.

    ``\\r\\n``, ``\\r``, U+2028 and U+2029 become ``\\n``; NBSP, ideographic and other
    fixed-width spaces become a plain space; zero-width characters, BOMs and control
    characters other than newline and tab are removed and counted.

    >>> clean_text("拉\\u200b萨\\x00市\\r\\n")
    ('拉萨市\\n', 2)
    """
    cleaned, removed, _positions = clean_text_with_map(text)
    return cleaned, removed
