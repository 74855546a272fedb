"""Helpers shared by the tests (paths, hand-built articles)."""

from __future__ import annotations

from pathlib import Path

from kg.constants import PartKind
from kg.segment import split_sentences
from kg.types import Article, Part

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"
def make_article(text: str, *, headline: str | None = None,
                 dateline: str | None = None) -> Article:
    """An article built by hand: optional headline line, then an optional dateline
    (``本报成都讯``) opening the body paragraph."""
    parts = []
    full = ""
    if headline:
        full = headline + "\n"
        parts.append(Part(PartKind.HEADLINE, 0, len(headline)))
    if dateline:
        parts.append(Part(PartKind.DATELINE, len(full), len(full) + len(dateline)))
        full += dateline
    parts.append(Part(PartKind.BODY, len(full), len(full) + len(text)))
    full += text
    article = Article(doc_id="t#0", page="t", index=0, text=full, parts=parts)
    article.sentences = split_sentences(full, parts)
    return article


# -- table-driven corpora (tests/corpus/*.tsv) --------------------------------------
CORPORA = ROOT / "tests" / "corpus"


def corpus(name: str) -> tuple[list[dict[str, str]], dict[str, dict[str, str]]]:
    """The rows of ``tests/corpus/NAME.tsv`` (``#`` comment lines skipped) and the rows by id."""
    import csv

    with (CORPORA / name).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))
    return rows, {row["id"]: row for row in rows}


def found_on_page(text: str, resources, label) -> set[str]:
    """The names of ``label`` the whole pipeline finds on a page of ``text`` (``\\n`` in a
    corpus cell stands for a line break)."""
    from kg.pipeline import extract_page
    from kg.types import RawText

    page = extract_page(RawText(Path("corpus.txt"), text.replace("\\n", "\n") + "\n", "utf-8"), resources)
    return {m.norm for a in page.articles for m in a.mentions if m.label is label}


def check_corpus_row(row: dict[str, str], by_id: dict[str, dict[str, str]], find,
                     column: str = "names") -> None:
    """``+``: every item listed in ``column`` is found; ``-``: none is, and the row's
    positive ``twin`` (the same words where the text makes them one) is found, so a
    recogniser that finds nothing fails."""
    items = set(row[column].split("|"))
    found = find(row["text"])
    if row["polarity"] == "+":
        assert items <= found, found
    else:
        assert not items & found, found
        twin = by_id[row["twin"]]
        assert twin["polarity"] == "+"
        assert set(twin[column].split("|")) <= find(twin["text"])


def copied_from_seeds(rows: list[dict[str, str]]) -> list[str]:
    """The ids of rows with a sentence that is a sentence of the seeds (there must be none)."""
    seeds = "".join(p.read_text("utf-8") for p in SEEDS.glob("*.txt"))
    return [row["id"] for row in rows
            if any(s and s in seeds for s in row["text"].replace("\\n", "。").split("。"))]


def output_bytes(out: Path) -> dict[str, object]:
    """The outputs of a build folder (not its lock file or cache, which start with a dot):
    each file's bytes, and for a folder (the store) the bytes of each of its files."""
    return {p.name: ({f.name: f.read_bytes() for f in p.iterdir()} if p.is_dir() else p.read_bytes())
            for p in out.iterdir() if not p.name.startswith(".")}
