"""Scoring a build against gold annotations (``tests/gold/GUIDELINES.md``).

Gold is document-level: each entity once, relations as name triples, compared as sets.
Names on both sides pass through one normalisation (NFKC, no spaces, no quotation marks),
so ``“党建+三农”`` and ``党建+三农`` are the same programme and ``（`` equals ``(``.

Categories: places, places with their code, orgs, units, programmes (with recall on the
``core`` ones apart), documents, people, and each relation type; per document and
micro-averaged (true/false positives and misses summed over documents).

A gold file may annotate only some kinds: a category whose key (``places``, ``orgs``,
``programmes``, ``relations`` …) it lacks is not scored for that document, so partial gold
(places only, say) measures what it annotates without counting the rest as errors.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.constants import EntityLabel, RelationLabel
from kg.errors import Errors, KGError
from kg.types import KnowledgeGraph, Page, PageMeta

_DROP = str.maketrans("", "", " \u3000“”‘’\"'「」『』")

ENTITY_CATEGORIES = ("places", "places_code", "orgs", "units", "programmes", "programmes_core",
                     "core_flag", "documents", "people")
RELATION_CATEGORIES = tuple(r.value for r in RelationLabel)
CATEGORIES = ENTITY_CATEGORIES + RELATION_CATEGORIES
#: The category each kind of entity is scored under.
_CATEGORY_OF = {EntityLabel.PLACE: "places", EntityLabel.ORG: "orgs", EntityLabel.UNIT: "units",
                EntityLabel.PROGRAMME: "programmes", EntityLabel.DOCUMENT: "documents",
                EntityLabel.PERSON: "people"}


def norm(name: str) -> str:
    """The comparison form of a name.

    >>> norm("“党建+三农” "), norm("党委（党组）议事规则")
    ('党建+三农', '党委(党组)议事规则')
    """
    return unicodedata.normalize("NFKC", name).translate(_DROP)


DocSets = dict[str, set]
#: The gold key each category is annotated under.
_GOLD_KEY = {"places": "places", "places_code": "places", "orgs": "orgs", "units": "units",
             "programmes": "programmes", "programmes_core": "programmes", "core_flag": "programmes",
             "documents": "documents", "people": "people",
             **{cat: "relations" for cat in RELATION_CATEGORIES}}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp); with no predictions, 1.0 only if there was nothing to find."""
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        """tp / (tp + fn); with nothing to find, 1.0 only if nothing was predicted."""
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


def score_sets(gold: set, pred: set) -> Score:
    """True positives, false positives and misses of two sets.

    >>> s = score_sets({"a", "b", "c"}, {"b", "c", "d", "e"})
    >>> (s.tp, s.fp, s.fn, round(s.precision, 2), round(s.recall, 2))
    (2, 2, 1, 0.5, 0.67)
    """
    return Score(tp=len(gold & pred), fp=len(pred - gold), fn=len(gold - pred))


def gold_sets(doc: Mapping) -> DocSets:
    """The comparison sets of one gold file."""
    sets: DocSets = {cat: set() for cat in CATEGORIES}
    for place in doc.get("places", []):
        sets["places"].add(norm(place["name"]))
        if place.get("code"):
            sets["places_code"].add((norm(place["name"]), place["code"]))
    for cat in ("orgs", "units", "people"):
        sets[cat] = {norm(item["name"]) for item in doc.get(cat, [])}
    sets["programmes"] = {norm(p["name"]) for p in doc.get("programmes", [])}
    sets["programmes_core"] = {norm(p["name"]) for p in doc.get("programmes", []) if p.get("core")}
    sets["documents"] = {norm(d) for d in doc.get("documents", [])}
    for head, label, tail in doc.get("relations", []):
        if label in sets:
            sets[label].add((norm(head), norm(tail)))
    return sets


def _found_items(G: KnowledgeGraph) -> Iterator[tuple[str, str, object, set[str]]]:
    """``(category, page, item, rules)``: each entity and relation the build found, on
    each page it was found on, in the form gold compares it, with the rules that said so
    there. The one reading of a build that :func:`predicted_sets` and
    :func:`rule_precision` share."""
    for entity in G.entities.values():
        cat = _CATEGORY_OF.get(entity.label)
        if cat is not None:
            for page, rules in _rules_by_page(entity.mentions).items():
                yield cat, page, norm(entity.name), rules
    for (head, label, tail), evidence in G.relations.items():
        h, t = G.entities[head], G.entities[tail]
        for page, rules in _rules_by_page(evidence).items():
            if label is RelationLabel.LOCATED_IN and page not in h.pages:
                continue  # gold lists located_in only for the places a page names
            yield label.value, page, (norm(h.name), norm(t.name)), rules


def _rules_by_page(evidence: Iterable) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for ev in evidence:
        out.setdefault(ev.page, set()).add(ev.rule)
    return out


def predicted_sets(G: KnowledgeGraph) -> dict[str, DocSets]:
    """Per page, the comparison sets of what the build found there."""
    out: dict[str, DocSets] = {p.name: {cat: set() for cat in CATEGORIES} for p in G.pages}
    for cat, page, item, _rules in _found_items(G):
        out[page][cat].add(item)
    for entity in G.entities.values():
        for page in entity.pages:
            if entity.label is EntityLabel.PLACE and entity.code:
                out[page]["places_code"].add((norm(entity.name), entity.code))
            if entity.label is EntityLabel.PROGRAMME and page in entity.core_in:
                out[page]["programmes_core"].add(norm(entity.name))
    return out


@dataclass
class Report:
    """Scores per document and micro-averaged, per category."""

    per_doc: dict[str, dict[str, Score]] = field(default_factory=dict)
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def micro(self) -> dict[str, Score]:
        total = {cat: Score() for cat in CATEGORIES}
        for scores in self.per_doc.values():
            for cat, score in scores.items():
                total[cat].add(score)
        return total

    @property
    def scored(self) -> set[str]:
        """The categories some gold document annotates."""
        return {cat for scores in self.per_doc.values() for cat in scores}

    def as_dict(self) -> dict:
        return {
            "micro": {cat: s.as_dict() for cat, s in self.micro.items() if cat in self.scored},
            "per_doc": {doc: {cat: s.as_dict() for cat, s in scores.items()}
                        for doc, scores in sorted(self.per_doc.items())},
            **self.extra,
        }


def load_gold(gold_dir: Path) -> dict[str, dict]:
    """Gold files by the page file name they annotate.

    Raises:
        KGError: the folder holds no gold files.
    """
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise KGError(Errors.E020.format(path=gold_dir))
    docs = {}
    for path in files:
        doc = json.loads(path.read_text("utf-8"))
        docs[doc.get("doc") or path.stem + ".txt"] = doc
    return docs


def score(gold: Mapping[str, Mapping], predicted: Mapping[str, DocSets]) -> Report:
    """Score predicted sets against gold documents (pages missing a prediction count as
    empty, so every gold item is a miss)."""
    report = Report()
    empty: DocSets = {cat: set() for cat in CATEGORIES}
    accurate = linked = 0
    for doc, gold_doc in sorted(gold.items()):
        g = gold_sets(gold_doc)
        p = predicted.get(doc, empty)
        scores = {cat: score_sets(g[cat], p[cat]) for cat in CATEGORIES}
        # core programmes: recall of gold core programmes among all predicted programmes
        scores["programmes_core"] = Score(
            tp=len(g["programmes_core"] & p["programmes"]),
            fp=len(p["programmes_core"] - g["programmes_core"]),
            fn=len(g["programmes_core"] - p["programmes"]),
        )
        # the stricter reading: gold core programmes found *and* marked core
        scores["core_flag"] = score_sets(g["programmes_core"], p["programmes_core"])
        report.per_doc[doc] = {cat: s for cat, s in scores.items() if _GOLD_KEY[cat] in gold_doc}
        if "places" not in gold_doc:
            continue
        # by (name, code) pair: two namesake places of one page (巴夏克其村 in two counties)
        # are two linked places, and a dict by name would keep one of them at random
        for name, code in sorted(g["places_code"]):
            if name in p["places"]:
                linked += 1
                accurate += (name, code) in p["places_code"]
    report.extra["code_accuracy"] = round(accurate / linked, 4) if linked else 1.0
    return report


_OUTLET_SUFFIX = re.compile(r"(?:微信公众号|门户网站|网站|主办)$")


def _outlet_norm(name: str) -> str:
    return _OUTLET_SUFFIX.sub("", re.sub(r"[\s·•|｜—\-]", "", unicodedata.normalize("NFKC", name)))


def outlet_matches(found: str | None, gold: str) -> bool:
    """Whether an outlet found names the gold one. Gold writes an outlet as a reader finds
    it, often with a second name in brackets (``东乌组工（东乌珠穆沁旗委组织部微信公众号）``,
    ``兰考县融媒体中心（兰考网）``): either name counts, and ``网站``/``门户网站``/``微信公众号``
    endings are ignored (阜平县人民政府 names 阜平县人民政府网站).

    >>> outlet_matches("东乌组工", "东乌组工（东乌珠穆沁旗委组织部微信公众号）")
    True
    >>> outlet_matches("阜平县委组织部", "阜平县人民政府网站")
    False
    """
    if not found:
        return False
    names = [p for p in re.split(r"[（）()]", unicodedata.normalize("NFKC", gold)) if p.strip()]
    return _outlet_norm(found) in {_outlet_norm(n) for n in [*names, gold]}


def metadata_accuracy(gold: Mapping[str, Mapping], pages: Iterable[Page]) -> dict[str, float]:
    """Accuracy of each page's publication date and outlet against gold ``meta``
    (``date``, ``outlet``): ``{"date_accuracy", "outlet_accuracy", "meta_pages"}``, empty
    when no gold page states them. A page gold has but the build lacks counts as wrong."""
    by_name = {page.name: page.meta for page in pages}
    dated = [(doc, g["meta"]) for doc, g in sorted(gold.items()) if isinstance(g.get("meta"), dict)]
    if not dated:
        return {}
    dates = [(by_name.get(doc, PageMeta()).date, m["date"]) for doc, m in dated if m.get("date")]
    outlets = [(by_name.get(doc, PageMeta()).outlet, m["outlet"]) for doc, m in dated if m.get("outlet")]
    out: dict[str, float] = {"meta_pages": len(dated)}
    if dates:
        out["date_accuracy"] = round(sum(f == g for f, g in dates) / len(dates), 4)
    if outlets:
        out["outlet_accuracy"] = round(sum(outlet_matches(f, g) for f, g in outlets) / len(outlets), 4)
    return out


def meta_errors(gold: Mapping[str, Mapping], pages: Iterable[Page]) -> list[str]:
    """``kg eval --errors meta``: the pages whose date or outlet was not found as gold says."""
    by_name = {page.name: page.meta for page in pages}
    lines = []
    for doc, g in sorted(gold.items()):
        m = g.get("meta")
        if not isinstance(m, dict):
            continue
        found = by_name.get(doc, PageMeta())
        if m.get("date") and found.date != m["date"]:
            lines.append(f"{doc}\n  date    gold {m['date']}, found {found.date}")
        if m.get("outlet") and not outlet_matches(found.outlet, m["outlet"]):
            lines.append(f"{doc}\n  outlet  gold {m['outlet']}, found {found.outlet}")
    return lines


def rule_precision(gold: Mapping[str, Mapping], G: KnowledgeGraph) -> dict[tuple[str, str], Score]:
    """Precision of each rule that proposes entities or relations, over the pages that have
    gold for the category: ``(category, rule) -> Score`` (tp and fp only; a miss has no
    rule). An item several rules propose on a page counts for each of them, so a rule is
    judged by everything it says, not only by what no other rule said.
    """
    gold_by_doc = {doc: (gold_sets(g), g) for doc, g in gold.items()}
    out: dict[tuple[str, str], Score] = {}
    for cat, page, item, rules in _found_items(G):
        known = gold_by_doc.get(page)
        if known is None or _GOLD_KEY[cat] not in known[1]:
            continue
        for rule in rules:
            score_ = out.setdefault((cat, rule or "(none)"), Score())
            if item in known[0][cat]:
                score_.tp += 1
            else:
                score_.fp += 1
    return out


def format_rules(scores: Mapping[tuple[str, str], Score]) -> str:
    """``kg eval --by-rule``: one line per category and rule, most wrong first."""
    lines = [f"{'category':<16}{'rule':<34}{'n':>6}{'tp':>6}{'fp':>6}{'P':>8}", "-" * 76]
    for (cat, rule), sc in sorted(scores.items(), key=lambda kv: (CATEGORIES.index(kv[0][0]),
                                                                  -kv[1].fp, kv[0][1])):
        lines.append(f"{cat:<16}{rule:<34}{sc.tp + sc.fp:>6}{sc.tp:>6}{sc.fp:>6}{sc.precision:>8.3f}")
    return "\n".join(lines)


def check_category(category: str) -> None:
    """Raises KGError (E022) for a name that is no scored category."""
    if category not in CATEGORIES:
        raise KGError(Errors.E022.format(value=category, opts=", ".join(CATEGORIES)))


def item_errors(gold: Mapping[str, Mapping], predicted: Mapping[str, DocSets], category: str
                ) -> dict[str, tuple[list, list]]:
    """Per gold page, the items of ``category`` that were missed and those found wrongly
    (``kg eval --errors CATEGORY``): where to look before changing a rule."""
    check_category(category)
    empty: DocSets = {cat: set() for cat in CATEGORIES}
    out = {}
    for doc, gold_doc in sorted(gold.items()):
        if _GOLD_KEY[category] not in gold_doc:
            continue
        g, p = gold_sets(gold_doc)[category], predicted.get(doc, empty)[category]
        if g != p:
            out[doc] = (sorted(g - p, key=str), sorted(p - g, key=str))
    return out


def format_errors(errors: Mapping[str, tuple[list, list]]) -> str:
    def show(item: object) -> str:
        return " → ".join(item) if isinstance(item, tuple) else str(item)

    lines = []
    for doc, (missed, wrong) in errors.items():
        lines.append(doc)
        lines += [f"  - missed  {show(item)}" for item in missed]
        lines += [f"  + wrong   {show(item)}" for item in wrong]
    return "\n".join(lines) if lines else "no errors"


def unmatched(gold: Mapping[str, Mapping], pages: list[str]) -> tuple[list[str], list[str]]:
    """Pages built that no gold file annotates (not scored), and gold files whose page was
    not built (every item of theirs counts as a miss)."""
    built = set(pages)
    return sorted(built - set(gold)), sorted(set(gold) - built)


def format_table(reports: Mapping[str, Report]) -> str:
    """A plain-text table: one row per category, P/R/F1 per system side by side."""
    names = list(reports)
    header = f"{'category':<16}" + "".join(f"{n + ' P':>14}{'R':>7}{'F1':>7}" for n in names)
    lines = [header, "-" * len(header)]
    micro = {n: r.micro for n, r in reports.items()}
    for cat in CATEGORIES:
        if not any(cat in r.scored for r in reports.values()):
            continue  # no gold document annotates it
        row = f"{cat:<16}"
        for n in names:
            s = micro[n][cat]
            row += f"{s.precision:>14.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
        lines.append(row)
    acc = "".join(f"{n}={r.extra.get('code_accuracy', 0):.3f} " for n, r in reports.items())
    lines.append(f"code accuracy among gold-linked places found: {acc.strip()}")
    lines += _meta_lines(reports)
    return "\n".join(lines)


def _meta_lines(reports: Mapping[str, Report]) -> list[str]:
    """The publication date and outlet accuracy lines, for the systems that read them."""
    out = []
    for name, r in reports.items():
        for key, what in (("date_accuracy", "publication date"), ("outlet_accuracy", "outlet")):
            if key in r.extra:
                out.append(f"{what} accuracy ({int(r.extra['meta_pages'])} pages with gold meta): "
                           f"{name}={r.extra[key]:.3f}")
    return out


def format_markdown(reports: Mapping[str, Report]) -> str:
    """A Markdown table: F1, P and R of the first system, then F1 of the others."""
    names = list(reports)
    first, others = names[0], names[1:]
    micro = {n: r.micro for n, r in reports.items()}
    head = "| category | F1 | P | R |" + "".join(f" {n} F1 |" for n in others)
    lines = [head, "|---" * (4 + len(others)) + "|"]
    for cat in CATEGORIES:
        if cat not in reports[first].scored:
            continue  # no gold document annotates it
        s = micro[first][cat]
        row = f"| {cat} | {s.f1:.3f} | {s.precision:.3f} | {s.recall:.3f} |"
        row += "".join(f" {micro[n][cat].f1:.3f} |" for n in others)
        lines.append(row)
    acc = reports[first].extra.get("code_accuracy", 0.0)
    lines.append(f"| code accuracy | {acc:.3f} | | |" + " |" * len(others))
    for key, what in (("date_accuracy", "publication date accuracy"), ("outlet_accuracy", "outlet accuracy")):
        if key in reports[first].extra:
            lines.append(f"| {what} | {reports[first].extra[key]:.3f} | | |" + " |" * len(others))
    return "\n".join(lines)
