"""How `kg build` scales with the corpus: time and peak memory against plain `jieba.cut`.

    python benchmarks/bench_scale.py --mb 1 4 16 48 [--pages ../shared/devset/pages seeds]
                                     [--workers] [--update] [--queries]

For each size, a corpus is made from the given pages (default: the seeds and, when it is
there, the development set): distinct copies with their paragraphs shuffled, in date
folders (``2024-01-01/…``), until the size is reached. Each measure runs in a fresh child
process, and the child's peak RSS comes from ``os.wait4`` (the build's, with its helper
processes summed beside it, by sampling /proc):

* ``jieba.cut`` of the same files (the yardstick: tokenising the text once);
* ``kg build`` of the corpus, one process;
* with ``--workers``: ``kg build --dask local:1`` and ``--dask local:2`` (the speed-up of two
  workers over one, start-up of the cluster included);
* with ``--update``: ``kg build --update`` (which fills the extraction cache), then one page
  added and ``kg build --update`` again, against the full build's time;
* with ``--queries``: each shipped query (``queries/*.rq``) by ``kg query OUT/`` on the
  build's store, as a user runs it (a fresh process each); the slowest is reported, and a
  trivial ``ASK {}`` as the floor of a process start.

Prints a Markdown table. Needs ``pip install -e '.[dask]'`` for ``--workers``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "devset" / "pages"

_JIEBA = """
import sys, jieba
from pathlib import Path
jieba.initialize()
for path in sorted(Path(sys.argv[1]).rglob("*.txt")):
    for _ in jieba.cut(path.read_text("utf-8")):
        pass
"""


def make_corpus(sources: list[Path], folder: Path, megabytes: float) -> tuple[int, int]:
    """Shuffled copies of ``sources`` in date folders up to ``megabytes``; (pages, bytes)."""
    texts = [p.read_text("utf-8") for p in sources]
    target, size, n = int(megabytes * 1024 * 1024), 0, 0
    rng = random.Random(0)
    while size < target:
        text = texts[n % len(texts)]
        paragraphs = [p for p in text.split("\n") if p.strip()]
        head, rest = paragraphs[:3], paragraphs[3:]
        rng.shuffle(rest)
        day = folder / f"2024-{1 + (n // 28) % 12:02d}-{1 + n % 28:02d}"
        day.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join([*head, *rest]) + "\n"
        (day / f"page_{n:05d}.txt").write_text(body, encoding="utf-8")
        size += len(body.encode("utf-8"))
        n += 1
    return n, size


def run(args: list[str], tree: list[float] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a child process. With ``tree``, the peak of the
    RSS of the child and all its descendants together (the build's helper processes: the
    store, Turtle, JSON-LD), sampled every 0.2 s, is appended to it: ``wait4`` gives the
    largest single process only."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=dict(os.environ, PYTHONWARNINGS="ignore"))
    peak = [0]
    sampler = None
    if tree is not None:
        sampler = threading.Thread(target=_sample_tree, args=(proc, peak), daemon=True)
        sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if sampler is not None:
        sampler.join()
        tree.append(peak[0] / 2**20)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def _sample_tree(proc: subprocess.Popen, peak: list[int]) -> None:
    """The largest sum of resident bytes of ``proc`` and its descendants, from /proc."""
    page = os.sysconf("SC_PAGE_SIZE")
    while proc.returncode is None and Path(f"/proc/{proc.pid}").exists():
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(stat.parent.name)] = int(fields[1])
        members, grew = {proc.pid}, True
        while grew:
            more = {pid for pid, parent in parents.items() if parent in members} - members
            members |= more
            grew = bool(more)
        total = 0
        for pid in members:
            try:
                total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
            except (OSError, IndexError):
                continue
        peak[0] = max(peak[0], total)
        time.sleep(0.2)


def kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", "build", *args, "-q"]


def _query_times(out: Path) -> dict[str, str]:
    """The slowest shipped query on the build's store and a trivial one, by ``kg query``."""
    query = [sys.executable, "-m", "kg", "query", str(out)]
    floor, _ = run([*query, "ASK {}"])
    times = {q.stem: run([*query, "--file", str(q), "--format", "csv", "-q"])[0]
             for q in sorted((ROOT / "queries").glob("*.rq"))}
    slowest = max(times, key=times.__getitem__)
    return {"slowest query s": f"{times[slowest]:.2f} ({slowest})",
            "queries under 1 s": f"{sum(t < 1 for t in times.values())}/{len(times)}",
            "ASK {} s": f"{floor:.2f}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, nargs="+", default=[1, 4])
    parser.add_argument("--pages", type=Path, nargs="+", default=None)
    parser.add_argument("--workers", action="store_true", help="also time --dask local:1 and local:2")
    parser.add_argument("--update", action="store_true", help="also time --update after one page more")
    parser.add_argument("--queries", action="store_true", help="also time the shipped queries on the store")
    args = parser.parse_args()
    folders = args.pages or [ROOT / "seeds", *([DEVSET] if DEVSET.is_dir() else [])]
    sources = sorted(p for f in folders for p in f.rglob("*.txt"))
    rows = []
    for mb in args.mb:
        with tempfile.TemporaryDirectory(prefix="kg-scale-") as tmp:
            corpus = Path(tmp) / "corpus"
            pages, size = make_corpus(sources, corpus, mb)
            row = {"MB": f"{size / 2**20:.1f}", "pages": pages}
            jieba_s, jieba_mb = run([sys.executable, "-c", _JIEBA, str(corpus)])
            tree: list[float] = []
            build_s, build_mb = run(kg(str(corpus), "--out", f"{tmp}/out"), tree)
            row |= {"jieba.cut s": f"{jieba_s:.1f}", "kg build s": f"{build_s:.1f}",
                    "ratio": f"{build_s / jieba_s:.2f}", "s per MB": f"{build_s / (size / 2**20):.1f}",
                    "peak RSS MB": f"{build_mb:.0f}", "with helpers MB": f"{tree[0]:.0f}",
                    "jieba RSS MB": f"{jieba_mb:.0f}"}
            if args.queries:
                row |= _query_times(Path(tmp) / "out")
            if args.workers:
                one, _ = run(kg(str(corpus), "--out", f"{tmp}/d1", "--dask", "local:1"))
                two, _ = run(kg(str(corpus), "--out", f"{tmp}/d2", "--dask", "local:2"))
                row |= {"dask 1 worker s": f"{one:.1f}", "dask 2 workers s": f"{two:.1f}",
                        "speed-up": f"{one / two:.2f}"}
            if args.update:
                run(kg(str(corpus), "--out", f"{tmp}/u", "--update"))
                extra = corpus / "2025-01-01"
                extra.mkdir()
                shutil.copy(sources[0], extra / "new_page.txt")
                again, _ = run(kg(str(corpus), "--out", f"{tmp}/u", "--update"))
                row |= {"--update, one page more s": f"{again:.1f}",
                        "of full build": f"{again / build_s:.0%}"}
            rows.append(row)
            print(row, file=sys.stderr, flush=True)
    keys = list(dict.fromkeys(k for row in rows for k in row))
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row.get(k, "")) for k in keys) + " |")


if __name__ == "__main__":
    main()
