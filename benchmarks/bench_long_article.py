"""How extraction time grows with the length of one article.

    python benchmarks/bench_long_article.py [--kb 64 128 256] [--json out.json]

A page that is one long article (OCR that lost its line breaks, a JSONL record holding a
whole newspaper page) must cost what the same text costs split into articles: extraction
should be linear in the article's length. The seed pages' text, stripped of its line
breaks, is repeated to each size and extracted as one page (``extract_page``); the same
text with its breaks kept is the baseline in the same run. Reported: seconds per size,
the ratio long / with breaks, and the growth exponent between the smallest and the largest
size (1.0 is linear, 2.0 quadratic).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.io import read_text  # noqa: E402
from kg.pipeline import extract_page  # noqa: E402
from kg.resources import load_resources  # noqa: E402
from kg.types import RawText  # noqa: E402


def _seed_text() -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return "\n\n".join(read_text(p).text for p in sorted((ROOT / "seeds").glob("*.txt")))


def _sized(text: str, kb: int) -> str:
    size = kb * 1024 // 3  # CJK characters are three bytes of UTF-8
    return (text * (size // len(text) + 1))[:size]


def _time(resources, text: str) -> float:
    raw = RawText(Path("long.txt"), text + "\n", "utf-8")
    start = time.perf_counter()
    extract_page(raw, resources)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, nargs="+", default=[64, 128, 256])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    resources = load_resources()
    seeds = _seed_text()
    _time(resources, seeds[:2000])  # warm the caches
    rows = []
    for kb in sorted(args.kb):
        broken = _sized(seeds, kb)
        one_article = broken.replace("\n", "")
        rows.append({"kb": kb, "chars": len(one_article),
                     "one_article_s": round(_time(resources, one_article), 2),
                     "with_breaks_s": round(_time(resources, broken), 2)})
        rows[-1]["ratio"] = round(rows[-1]["one_article_s"] / max(rows[-1]["with_breaks_s"], 1e-9), 2)
    first, last = rows[0], rows[-1]
    growth = None
    if len(rows) > 1:
        slower = last["one_article_s"] / first["one_article_s"]
        growth = math.log(slower) / math.log(last["chars"] / first["chars"])
    result = {"sizes": rows, "growth_exponent_one_article": round(growth, 2) if growth else None}
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
