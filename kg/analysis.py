"""Tables and graphs for analysis (the notebooks use these; they hold no logic themselves).

Every function takes the built :class:`~kg.types.KnowledgeGraph` (or its networkx form)
and returns plain rows (lists of dicts, ready for ``pandas.DataFrame``) or networkx graphs.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from kg.constants import EntityLabel, Level, RelationLabel
from kg.types import Entity, KnowledgeGraph

Row = dict[str, object]


def _up(G: KnowledgeGraph, entity: Entity, level: Level) -> Entity | None:
    """The place of ``level`` above (or equal to) ``entity``, following parents."""
    for key in (entity.key, *G.ancestors(entity.key)):
        if G.entities[key].kind == level.value:
            return G.entities[key]
    return None


def _name(entity: Entity | None) -> str | None:
    return entity.name if entity else None


def counts_by_type(G: KnowledgeGraph) -> list[Row]:
    """Entities mentioned in the pages, by type and kind (place level, body kind)."""
    counts = Counter((e.label.value, e.kind or "") for e in G.entities.values() if e.mentions)
    return [{"type": t, "kind": k, "count": n} for (t, k), n in sorted(counts.items())]


def village_table(G: KnowledgeGraph) -> list[Row]:
    """Every village and community with its township, county, prefecture and code."""
    rows = []
    for e in G.entities.values():
        if e.label is EntityLabel.PLACE and e.kind == Level.VILLAGE.value and e.mentions:
            rows.append({"village": e.name, "code": e.code,
                         "township": _name(_up(G, e, Level.TOWNSHIP)),
                         "county": _name(_up(G, e, Level.COUNTY)),
                         "prefecture": _name(_up(G, e, Level.PREFECTURE)),
                         "pages": " ".join(sorted(e.pages))})
    return sorted(rows, key=lambda r: tuple(str(r[k] or "") for k in ("prefecture", "county", "village")))


def _org_places(G: KnowledgeGraph) -> dict[str, str]:
    """Party body -> the place it is of (first such relation), built once per table."""
    index: dict[str, str] = {}
    for (head, label, tail) in G.relations:
        if label is RelationLabel.ORG_OF and G.entities[tail].label is EntityLabel.PLACE:
            index.setdefault(head, tail)
    return index


def _place_of(G: KnowledgeGraph, key: str, org_places: dict[str, str]) -> Entity | None:
    """The place an entity sits in: itself, or the place a Party body is of."""
    entity = G.entities[key]
    if entity.label is EntityLabel.PLACE:
        return entity
    return G.entities[org_places[key]] if key in org_places else None


def bodies_by_prefecture(G: KnowledgeGraph) -> list[Row]:
    """Party bodies with the prefecture of the place they belong to."""
    rows = []
    org_places = _org_places(G)
    for key, e in G.entities.items():
        if e.label is EntityLabel.ORG and e.mentions:
            place = _place_of(G, key, org_places)
            rows.append({"body": e.name, "kind": e.kind,
                         "prefecture": _name(_up(G, place, Level.PREFECTURE)) if place else None})
    return sorted(rows, key=lambda r: (str(r["prefecture"] or "~"), str(r["body"])))


def figure_table(G: KnowledgeGraph) -> list[Row]:
    """The extracted figures with the prefecture of their subject (tidy: one per row)."""
    rows = []
    org_places = _org_places(G)
    for page, _doc_id, fig, sentence in G.figures:
        subject = G.entities.get(fig.subject) if fig.subject else None
        place = _place_of(G, subject.key, org_places) if subject else None
        rows.append({"prefecture": _name(_up(G, place, Level.PREFECTURE)) if place else None,
                     "subject": subject.name if subject else None, "counted": fig.counted,
                     "value": fig.value, "unit": fig.unit, "year": fig.year, "page": page,
                     "sentence": sentence})
    return rows


def programme_prefecture_graph(G: KnowledgeGraph) -> nx.Graph:
    """Bipartite graph programme -- prefecture: an edge where a place or body of the
    prefecture implements the programme (node attribute ``bipartite``: 0 programme,
    1 prefecture; edge attribute ``weight``: number of implementers)."""
    graph = nx.Graph()
    weights: dict[tuple[str, str], int] = defaultdict(int)
    org_places = _org_places(G)
    for (head, label, tail) in G.relations:
        if label is not RelationLabel.IMPLEMENTS:
            continue
        place = _place_of(G, head, org_places)
        prefecture = _up(G, place, Level.PREFECTURE) if place else None
        if prefecture:
            weights[(G.entities[tail].name, prefecture.name)] += 1
    for (programme, prefecture), weight in sorted(weights.items()):
        graph.add_node(programme, bipartite=0)
        graph.add_node(prefecture, bipartite=1)
        graph.add_edge(programme, prefecture, weight=weight)
    return graph


def _page_dates(G: KnowledgeGraph) -> dict[str, str]:
    """Page id -> its publication date (ISO), for the pages whose date is known."""
    return {page.name: page.meta.date for page in G.pages if page.meta.date}


def _family(G: KnowledgeGraph, entity: Entity) -> str:
    """A programme's family label (itself when it has none): variants count together."""
    return entity.family or entity.name


def programme_timeline(G: KnowledgeGraph) -> list[Row]:
    """Each programme's first and last publication date and articles per month
    (``month`` ``YYYY-MM``), from the dated pages that mention it; as
    ``queries/programmes_over_time.rq``."""
    dates = _page_dates(G)
    rows = []
    for e in G.entities.values():
        if e.label is not EntityLabel.PROGRAMME:
            continue
        by_month: dict[str, set[str]] = defaultdict(set)
        seen = []
        for ev in e.mentions:
            if ev.page in dates:
                seen.append(dates[ev.page])
                by_month[dates[ev.page][:7]].add(ev.article)
        for month in sorted(by_month):
            rows.append({"programme": e.name, "family": _family(G, e), "first": min(seen), "last": max(seen),
                         "month": month, "articles": len(by_month[month])})
    return sorted(rows, key=lambda r: (str(r["first"]), str(r["programme"]), str(r["month"])))


def diffusion(G: KnowledgeGraph, family: str | None = None) -> list[Row]:
    """The first date each prefecture is said to carry a programme out (its actor a place
    of the prefecture or a Party body of one), with the articles saying so; only the
    programmes of ``family`` when given. As ``queries/diffusion.rq``, by family."""
    dates = _page_dates(G)
    org_places = _org_places(G)
    first: dict[tuple[str, str], str] = {}
    articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (head, label, tail), evidence in G.relations.items():
        if label is not RelationLabel.IMPLEMENTS:
            continue
        programme = G.entities[tail]
        fam = _family(G, programme)
        if family is not None and fam != family:
            continue
        place = _place_of(G, head, org_places)
        prefecture = _up(G, place, Level.PREFECTURE) if place else None
        if prefecture is None:
            continue
        for ev in evidence:
            if ev.page in dates:
                key = (fam, prefecture.name)
                first[key] = min(first.get(key, dates[ev.page]), dates[ev.page])
                articles[key].add(ev.article)
    rows = [{"family": fam, "prefecture": pref, "first": day, "articles": len(articles[(fam, pref)])}
            for (fam, pref), day in first.items()]
    return sorted(rows, key=lambda r: (str(r["family"]), str(r["first"]), str(r["prefecture"])))


#: where Linux distributions put the CJK fonts matplotlib may not have indexed yet
_FONT_GLOBS = ("/usr/share/fonts/**/*CJK*.tt[cf]", "/usr/share/fonts/**/*CJK*.otf",
               "/usr/share/fonts/**/wqy*.tt[cf]", "/usr/local/share/fonts/**/*CJK*.tt[cf]")


def cjk_font() -> str | None:
    """The name of a font that draws Chinese, made matplotlib's first sans-serif, or None
    where the machine has none (charts then show boxes for Chinese labels).

    matplotlib indexes fonts once and caches the index: a CJK font installed after that
    (``apt install fonts-noto-cjk``) is unknown to it, so the system font folders are
    searched too and the font is added by path.
    """
    import glob

    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    def known() -> list[str]:
        return sorted({f.name for f in font_manager.fontManager.ttflist
                       if "CJK SC" in f.name or "WenQuanYi" in f.name or "CJK" in f.name})

    names = known()
    if not names:
        for pattern in _FONT_GLOBS:
            for path in sorted(glob.glob(pattern, recursive=True)):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        names = known()
    if not names:
        return None
    name = next((n for n in names if "CJK SC" in n), names[0])
    plt.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    return name
