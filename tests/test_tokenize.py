"""The tokenizer's shortcuts give exactly what the slow way gives."""

from __future__ import annotations

import random

import jieba

from kg.tokenize import _MAX_SIDE, MIN_COMMON_FREQ, RE_BLOCK_EDGE

_PIECES = ["探索", "县域", "索县", "连平县", "平县", "文明", "村镇", "党委", "开展", "工作",
           "，", "。", "·", "、", " ", "\n", "（", "）", "A", "3", "的", "和", "乡", "村"]


def _random_texts(seed: int, count: int = 300) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 14))) for _ in range(count)]


def test_block_edges_are_exactly_what_jieba_splits_blocks_on():
    for code in range(0x20, 0x10000):
        ch = chr(code)
        assert (RE_BLOCK_EDGE.match(ch) is None) == bool(jieba.re_han_default.fullmatch(ch)), hex(code)


def _aligned_unclipped(tok, text: str, start: int, end: int, window: int = 8) -> bool:
    """``aligned`` as it was first written: one jieba cut of the whole ±8 window."""
    lo, hi = max(0, start - window), min(len(text), end + window)
    offset = lo
    for token in tok.jieba.cut(text[lo:hi], HMM=False):
        t_start, t_end = offset, offset + len(token)
        offset = t_end
        if (t_start < start < t_end or t_start < end < t_end) and tok.is_common(token):
            return False
    return True


def test_aligned_clipped_at_block_edges_equals_the_whole_window(resources):
    tok = resources.tokenizer
    for text in _random_texts(5):
        for start in range(len(text)):
            for end in range(start + 1, min(len(text), start + 5) + 1):
                assert tok.aligned(text, start, end) == _aligned_unclipped(tok, text, start, end), \
                    (text, start, end)


def test_common_crosses_with_prefix_pruning_equals_every_slice(resources):
    tok = resources.tokenizer
    freq = tok.jieba.FREQ

    def every_slice(text: str, pos: int) -> bool:
        return any(freq.get(text[pos - left:pos + right], 0) >= MIN_COMMON_FREQ
                   for left in range(1, min(pos, _MAX_SIDE) + 1)
                   for right in range(1, min(len(text) - pos, _MAX_SIDE) + 1))

    for text in _random_texts(9):
        for pos in range(len(text) + 1):
            assert tok._common_crosses(text, pos) == every_slice(text, pos), (text, pos)
