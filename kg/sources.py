"""A corpus in: page files and records of every common kind, each with its identity and
the metadata its container states.

A researcher's corpus is scraped HTML, JSONL dumps, markdown clips and plain pages in date
folders, not five .txt files. Each kind has one reader, chosen by the file's suffix:

- ``.txt``: the page as written.
- ``.md`` / ``.markdown``: YAML front matter (between ``---`` lines at the top) is read as
  metadata; the rest is the page, its offsets still counted in the file.
- ``.html`` / ``.htm``: the main text and metadata through trafilatura (a maintained
  extractor: navigation, scripts and comments stay out), never a hand-written tag
  stripper. Offsets then index the extracted text, not the markup.
- ``.jsonl`` (one record per line) and ``.json`` (a record or a list of them): each record
  is a page; field names are configurable (:class:`RecordFields`). A record whose text is
  markup goes through the HTML reader.

A page is identified by its path under the input folder (``2024/page1.txt``), a record by
``file/id`` (its ``id`` field, else its line or position), so two same-named files in two
folders stay two pages. Decoding follows :mod:`kg.io` (no guessing).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import os
import re
import warnings
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from kg.errors import Errors, InputError, Warnings
from kg.io import DEFAULT_MAX_BYTES, decode_bytes, read_bytes, read_text, text_page
from kg.types import PageMeta, RawText

logger = logging.getLogger("kg")

#: suffix -> reader kind
KINDS: dict[str, str] = {".txt": "text", ".md": "markdown", ".markdown": "markdown",
                         ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".json": "json"}


@dataclass(frozen=True)
class RecordFields:
    """The field names a JSONL/JSON record (or front matter, or the sidecar CSV) may use
    for each piece, tried in order; ``kg build --field date=pubtime`` puts a name first."""

    text: tuple[str, ...] = ("text", "content", "body", "article", "正文", "内容")
    title: tuple[str, ...] = ("title", "headline", "标题")
    date: tuple[str, ...] = ("date", "published", "pubdate", "publish_date", "publish_time",
                             "pub_date", "datetime", "time", "日期", "发布时间")
    url: tuple[str, ...] = ("url", "link", "source_url", "网址")
    outlet: tuple[str, ...] = ("source", "outlet", "publisher", "site", "sitename", "media",
                               "来源", "媒体")
    section: tuple[str, ...] = ("section", "column", "page", "channel", "category", "版面", "栏目")
    id: tuple[str, ...] = ("id", "_id", "uid", "doc_id", "guid")

    def with_names(self, overrides: Mapping[str, str]) -> RecordFields:
        """These fields with ``overrides`` (piece -> field name) tried first.

        Raises:
            InputError: a piece that is no field (E080).
        """
        known = {f.name for f in fields(self)}
        changes: dict[str, tuple[str, ...]] = {}
        for piece, name in overrides.items():
            if piece not in known:
                raise InputError(Errors.E080.format(piece=piece, opts=", ".join(sorted(known))))
            changes[piece] = (name, *getattr(self, piece))
        return replace(self, **changes)

    def first(self, record: Mapping[str, Any], piece: str) -> Any:
        """The value of the first of ``piece``'s field names that ``record`` has (not empty)."""
        for name in getattr(self, piece):
            value = record.get(name)
            if value not in (None, ""):
                return value
        return None


def parse_field_options(options: Iterable[str]) -> dict[str, str]:
    """``["text=content", "date=pub"]`` -> ``{"text": "content", "date": "pub"}``.

    Raises:
        InputError: an option without ``=`` (E080).
    """
    out: dict[str, str] = {}
    for option in options:
        piece, sep, name = option.partition("=")
        if not sep or not piece.strip() or not name.strip():
            pieces = ", ".join(f.name for f in fields(RecordFields))
            raise InputError(Errors.E080.format(piece=option, opts=pieces))
        out[piece.strip()] = name.strip()
    return out


def _iso_date(value: Any) -> str | None:
    """A container's date as ISO ``YYYY-MM-DD`` (None when it holds no full date)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float) and 10**8 < value < 10**11:  # a Unix timestamp
        return dt.datetime.fromtimestamp(value, dt.UTC).strftime("%Y-%m-%d")
    if isinstance(value, str):
        from kg.metadata import parse_date  # one parser for every written date
        return parse_date(value)
    return None


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value not in (None, "") else None


def meta_of_record(record: Mapping[str, Any], names: RecordFields) -> PageMeta:
    """The metadata a record's (or front matter's, or CSV row's) fields state."""
    return PageMeta(date=_iso_date(names.first(record, "date")), outlet=_text(names.first(record, "outlet")),
                    url=_text(names.first(record, "url")), section=_text(names.first(record, "section")),
                    title=_text(names.first(record, "title")))


def page_files(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """Files and folders -> sorted ``(file, page id)`` pairs.

    A folder contributes the files of every known kind below it, each identified by its
    path under that folder (``2024/page1.txt``); a file given by name is identified by its
    name (and read as text when its kind is unknown: the user asked for it). Files of
    unknown kinds inside a folder are reported once per folder and skipped. Where two
    roots would give one id twice, the ids are taken under the roots' common folder.

    Raises:
        InputError: a path does not exist.
    """
    found: dict[Path, Path | None] = {}
    for path in paths:
        if path.is_dir():
            unknown: Counter[str] = Counter()
            for p in path.rglob("*"):
                if not p.is_file() or any(part.startswith(".") for part in p.relative_to(path).parts):
                    continue
                if p.suffix.lower() in KINDS:
                    found.setdefault(p, path)
                else:
                    unknown[p.suffix.lower() or "(no suffix)"] += 1
            if unknown:
                kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(unknown.items()))
                warnings.warn(Warnings.W006.format(path=path, kinds=kinds), stacklevel=2)
        elif path.is_file():
            found[path] = None
        elif path.exists() or path.is_symlink():
            raise InputError(Errors.E081.format(path=path))
        else:
            raise InputError(Errors.E001.format(path=path))
    ids = {p: (p.relative_to(root).as_posix() if root else p.name) for p, root in found.items()}
    clashes = {i for i, n in Counter(ids.values()).items() if n > 1}
    if clashes:
        common = Path(os.path.commonpath([str(p.resolve().parent) for p in found]))
        for p in found:
            if ids[p] in clashes:
                ids[p] = p.resolve().relative_to(common).as_posix()
    return sorted(((p, ids[p]) for p in found), key=lambda pair: pair[1])


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def _read_markdown(path: Path, page_id: str, names: RecordFields, max_bytes: int) -> RawText:
    """A markdown clip: front matter as metadata, the rest as the page."""
    raw = read_text(path, max_bytes=max_bytes, page_id=page_id)
    match = _FRONT_MATTER.match(raw.text)
    if not match:
        return raw
    import yaml  # PyYAML: front matter is YAML

    try:
        header = yaml.safe_load(match.group(1))
    except yaml.YAMLError as e:
        warnings.warn(Warnings.W007.format(path=path, detail=str(e).splitlines()[0]), stacklevel=2)
        return raw
    meta = meta_of_record(header, names) if isinstance(header, dict) else PageMeta()
    body_start = match.end()
    offsets = raw.offsets or array("q", range(len(raw.text)))
    text = raw.text[body_start:]
    if not text.strip():
        raise InputError(Errors.E002.format(path=path))
    return replace(raw, text=text, offsets=offsets[body_start:], meta=meta)


def _html_text(markup: str, where: str) -> tuple[str, PageMeta]:
    """The main text of an HTML page and the metadata its head states (trafilatura).

    ``favor_recall`` keeps the short lines a news page is made of (bylines, datelines,
    photo credits) that precision-first extraction drops; the title is put first when the
    extracted text does not open with it, so the segmenter finds the headline.
    """
    import trafilatura  # heavy import (lxml, htmldate): only when an HTML page is read

    doc = trafilatura.bare_extraction(
        markup, with_metadata=True, favor_recall=False, deduplicate=False, include_comments=False,
        include_tables=True, include_images=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    text = (doc.text or "") if doc is not None else ""
    if not text.strip():
        raise InputError(Errors.E082.format(path=where))
    title = (doc.title or "").strip()
    if title and not _opens_with_title(text, title):
        text = f"{title}\n\n{text}"
    meta = PageMeta(date=_iso_date(doc.date), outlet=_text(doc.sitename), url=_text(doc.url),
                    section=_text(", ".join(doc.categories or ())), title=title or None)
    return text, meta


def _opens_with_title(text: str, title: str) -> bool:
    """Whether the text already shows its title near the top: the whole title, or its
    headline part before a site name (``白河县：党员冬训开班_白河新闻网``)."""
    top = "\n".join(text.lstrip().splitlines()[:12])
    headline = re.split(r"\s*(?:_|\||｜|——|-\s)\s*", title)[0].strip()
    return title in top or (len(headline) >= 4 and headline in top)


def _read_html(path: Path, page_id: str, max_bytes: int) -> RawText:
    data = read_bytes(path, max_bytes=max_bytes)
    markup, encoding = decode_bytes(data, path)
    text, meta = _html_text(markup, str(path))
    return text_page(path, text, encoding, page_id=page_id, meta=meta)


_MARKUP = re.compile(r"</?(?:p|div|br|span|section|article|img|a|h[1-6])\b[^>]*>", re.I)


def _record_page(record: Any, where: str, path: Path, page_id: str, names: RecordFields,
                 max_bytes: int) -> RawText:
    """One JSONL/JSON record as a page (its title first when its text does not open with it)."""
    if not isinstance(record, dict):
        raise InputError(Errors.E084.format(path=where, got=type(record).__name__))
    body = names.first(record, "text")
    if not isinstance(body, str) or not body.strip():
        raise InputError(Errors.E085.format(path=where, names=", ".join(names.text)))
    if len(body.encode("utf-8")) > max_bytes:
        raise InputError(Errors.E005.format(path=where, size=len(body.encode("utf-8")), limit=max_bytes))
    meta = meta_of_record(record, names)
    if _MARKUP.search(body):
        body, html_meta = _html_text(body, where)
        meta = meta.filled_from(html_meta)
    if meta.title and not _opens_with_title(body, meta.title):
        body = f"{meta.title}\n\n{body}"
    return text_page(path, body, "utf-8", page_id=page_id, meta=meta, where=where)


def _record_id(record: Any, names: RecordFields, position: int) -> str:
    value = names.first(record, "id") if isinstance(record, dict) else None
    rid = str(value).strip() if value not in (None, "") else str(position)
    return rid.replace("#", "%23")  # '#' separates a page id from its article number


def _read_records(path: Path, page_id: str, names: RecordFields,
                  max_bytes: int) -> Iterator[RawText | InputError]:
    """Every record of a JSONL or JSON file, or the error naming the one that is unusable."""
    if path.suffix.lower() == ".jsonl":
        try:
            lines = path.open(encoding="utf-8-sig")
        except OSError as e:
            yield InputError(Errors.E083.format(path=path, detail=e.strerror or e))
            return
        seen = 0
        with lines:
            try:
                for number, line in enumerate(lines, 1):
                    if not line.strip():
                        continue
                    seen += 1
                    where = f"{path} line {number}"
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as e:
                        yield InputError(Errors.E086.format(path=where, detail=e.msg))
                        continue
                    rid = _record_id(record, names, number)
                    try:
                        yield _record_page(record, where, path, f"{page_id}/{rid}", names, max_bytes)
                    except InputError as e:
                        yield e
            except UnicodeDecodeError:
                yield InputError(Errors.E087.format(path=path))
                return
        if not seen:
            yield InputError(Errors.E002.format(path=path))
        return
    try:
        data = read_bytes(path, max_bytes=max_bytes)
        text = data.decode("utf-8-sig")
        loaded = json.loads(text)
    except InputError as e:
        yield e
        return
    except UnicodeDecodeError:
        yield InputError(Errors.E087.format(path=path))
        return
    except json.JSONDecodeError as e:
        yield InputError(Errors.E086.format(path=f"{path} line {e.lineno}", detail=e.msg))
        return
    records = loaded if isinstance(loaded, list) else [loaded]
    for position, record in enumerate(records, 1):
        where = f"{path} record {position}"
        rid = _record_id(record, names, position)
        try:
            yield _record_page(record, where, path, f"{page_id}/{rid}", names, max_bytes)
        except InputError as e:
            yield e


def read_sidecar(path: Path, names: RecordFields) -> dict[str, PageMeta]:
    """Metadata by page from a CSV (``--metadata FILE``): a ``page`` (or ``file``/``path``)
    column naming the page id or file name, and any of the metadata fields.

    Raises:
        InputError: the file cannot be read or has no page column (E088).
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise InputError(Errors.E088.format(path=path, detail=e)) from e
    out: dict[str, PageMeta] = {}
    for row in rows:
        page = next((row[c] for c in ("page", "file", "path") if row.get(c)), None)
        if page is None:
            raise InputError(Errors.E088.format(path=path, detail="no page, file or path column"))
        out[page.strip()] = meta_of_record(row, names)
    return out


def read_sources(paths: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                 names: RecordFields | None = None,
                 sidecar: Mapping[str, PageMeta] | None = None) -> Iterator[RawText | InputError]:
    """Yield each readable page (a file, or a record of a JSONL/JSON file) with its id and
    container metadata, or the :class:`InputError` that names an unreadable one, so a run
    can skip it and go on. ``sidecar`` metadata (by page id or file name) fills what the
    container leaves unknown.
    """
    names = names or RecordFields()
    sidecar = sidecar or {}
    for path, page_id in page_files(paths):
        kind = KINDS.get(path.suffix.lower(), "text")
        try:
            if kind in ("jsonl", "json"):
                items: Iterable[RawText | InputError] = _read_records(path, page_id, names, max_bytes)
            elif kind == "html":
                items = [_read_html(path, page_id, max_bytes)]
            elif kind == "markdown":
                items = [_read_markdown(path, page_id, names, max_bytes)]
            else:
                items = [read_text(path, max_bytes=max_bytes, page_id=page_id)]
            for item in items:
                if isinstance(item, RawText):
                    extra = sidecar.get(item.name) or sidecar.get(path.name)
                    if extra is not None:
                        item = replace(item, meta=item.meta.filled_from(extra))
                yield item
        except InputError as e:
            yield e
        except OSError as e:  # EIO, a vanished file: that page is skipped, the build goes on
            yield InputError(Errors.E083.format(path=path, detail=e.strerror or e))
