"""The same pages given as .txt, .html and .jsonl must give the same extraction figures.

Writes each page of FOLDER as an HTML page (its lines as paragraphs inside an ``<article>``,
with navigation, a script and a comment around it, as scraped pages come) and all of them
as one JSONL file, builds each, and scores each against GOLD with ``kg eval``'s scorer.

    python3 benchmarks/input_kinds.py seeds tests/gold
    python3 benchmarks/input_kinds.py ../shared/devset/pages ../shared/devset/gold
"""

from __future__ import annotations

import html
import json
import sys
import tempfile
import warnings
from pathlib import Path

from kg.build import extract_pages
from kg.evaluate import CATEGORIES, load_gold, metadata_accuracy, predicted_sets, score
from kg.merge import merge_pages
from kg.resources import load_resources


def as_html(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    title = html.escape(lines[0].strip().lstrip("# ") if lines else "")  # as sites title a page: its top line
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            f"<title>{title}_某某网</title>"
            "<script>var menu = ['首页'];</script></head><body>"
            "<nav><a href=\"/\">首页</a> | <a href=\"/news\">新闻</a></nav><!-- 导航结束 -->"
            f"<article>\n{body}\n</article><footer>版权所有</footer></body></html>")


def convert(folder: Path, out: Path) -> dict[str, Path]:
    """The folder's pages as .txt (copied), .html pages and one .jsonl file."""
    kinds = {kind: out / kind for kind in ("txt", "html", "jsonl")}
    for path in kinds.values():
        path.mkdir(parents=True)
    with (kinds["jsonl"] / "pages.jsonl").open("w", encoding="utf-8") as jsonl:
        for page in sorted(folder.glob("*.txt")):
            text = page.read_text("utf-8")
            (kinds["txt"] / page.name).write_text(text, "utf-8")
            (kinds["html"] / page.with_suffix(".html").name).write_text(as_html(text), "utf-8")
            jsonl.write(json.dumps({"id": page.stem, "text": text}, ensure_ascii=False) + "\n")
    return kinds


def scores(kinds: dict[str, Path], gold_dir: Path) -> dict[str, dict[str, float]]:
    """Micro F1 per category (and date/outlet accuracy) for each kind, gold keyed by the
    page ids of that kind (000_x.html, pages.jsonl/000_x)."""
    resources = load_resources()
    gold = load_gold(gold_dir)
    out = {}
    for kind, folder in kinds.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pages, _ = extract_pages([folder], resources)
        rename = {"txt": "{}.txt", "html": "{}.html", "jsonl": "pages.jsonl/{}"}[kind]
        kind_gold = {rename.format(Path(doc).stem): g for doc, g in gold.items()}
        sets = predicted_sets(merge_pages(pages, resources.gaz))
        report = score(kind_gold, sets)
        micro = report.micro
        out[kind] = {cat: round(micro[cat].f1, 3) for cat in CATEGORIES if cat in report.scored}
        out[kind].update(metadata_accuracy(kind_gold, pages))
    return out


def main(argv: list[str]) -> int:
    folder, gold_dir = Path(argv[0]), Path(argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        result = scores(convert(folder, Path(tmp)), gold_dir)
    cats = list(result["txt"])
    print(f"{'category':<18}" + "".join(f"{k:>8}" for k in result))
    for cat in cats:
        print(f"{cat:<18}" + "".join(f"{result[k].get(cat, 0):>8.3f}" for k in result))
    same = all(result[k] == result["txt"] for k in result)
    print("same figures for every kind" if same else "FIGURES DIFFER between kinds")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
