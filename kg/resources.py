"""Everything a page's extraction reads but never changes, loaded once per run.

Extraction is a pure function of (page text, :class:`Resources`); building the
resources is the only slow start-up step (gazetteer ≈0.5 s, jieba ≈1 s), so a run
builds them once and passes them explicitly -- never at import time (cpca's mistake).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.gazetteer import FULL, Gazetteer, load_gazetteer
from kg.tokenize import USER_WORD_FREQ, FrozenTokenizer

#: Party vocabulary are real words: common enough to keep 党支部 whole.
PARTY_WORD_FREQ = 2000

#: Words jieba must keep whole so that its boundaries help the recognisers. Suffixes of
#: Party bodies and units; the names themselves come from the gazetteer.
PARTY_VOCABULARY = (
    "党委", "党工委", "党组", "党总支", "党支部", "临时党支部", "党小组", "纪委监委", "纪委",
    "组织部", "宣传部", "统战部", "两新工委", "党校", "联村党委", "行业党委", "驻村工作队",
    "工作队", "派出所", "检察院", "人民法院", "政协", "人大", "合作社",
)


@dataclass
class Resources:
    """The gazetteer and the frozen tokenizer, shared read-only by every page."""

    gaz: Gazetteer
    tokenizer: FrozenTokenizer
    default_province: str | None = None

    def warm(self) -> Resources:
        """Build the parts made on first use (name automaton, tag table) now, before a run
        times pages or forks workers that would each build their own."""
        self.tokenizer.warm()
        _ = self.gaz.automaton
        return self


def load_resources(
    *, gazetteer_dir: Path | None = None, default_province: str | None = None
) -> Resources:
    """Load the gazetteer and build the tokenizer with its names and the Party vocabulary.

    ``default_province`` (a 2-digit code) is the province ``自治区``/``全区`` mean when a
    page does not make it clear.

    Raises:
        GazetteerError: the gazetteer data is missing or inconsistent.
    """
    gaz = load_gazetteer(gazetteer_dir)
    words = [(form, "ns", USER_WORD_FREQ) for form, aliases in gaz.aliases.items()
             if len(form) >= 3 and any(a.kind == FULL for a in aliases)]
    words += [(word, "n", PARTY_WORD_FREQ) for word in PARTY_VOCABULARY]
    return Resources(gaz=gaz, tokenizer=FrozenTokenizer(words), default_province=default_province)
