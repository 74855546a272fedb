"""Build throughput against plain jieba, measured in one process.

    python benchmarks/bench_build.py [--mb 2.0] [--json out.json]

Corpus: the seed pages replicated until it holds at least ``--mb`` MB of UTF-8. In the
same run we time ``jieba.cut`` and ``jieba.posseg.cut`` (a plain private tokenizer, no
project dictionary) over the same text, the gazetteer start-up, and the extraction of
every page (``extract_page``: repair, segmentation, all recognisers, relations, figures)
plus the merge; then, once, the writing of the seven output files. ``jieba.cut`` and
``extract_page`` alternate page by page, so a slow spell of a shared machine slows both
alike. Figures are characters per second; the ratios compare like with like on whatever
machine runs it. Peak memory is the process's maximum RSS.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jieba.posseg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.build import (  # noqa: E402
    _extract_in_worker,
    _init_worker,
    resources_frozen,
    write_outputs,
)
from kg.gazetteer import load_gazetteer  # noqa: E402
from kg.io import read_text  # noqa: E402
from kg.merge import merge_pages  # noqa: E402
from kg.pipeline import default_pipeline, extract_page  # noqa: E402
from kg.resources import load_resources  # noqa: E402
from kg.tokenize import FrozenTokenizer  # noqa: E402
from kg.types import RawText  # noqa: E402


def _timed(func):
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start


def corpus(min_mb: float) -> list[RawText]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seeds = [read_text(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    pages: list[RawText] = []
    size = 0
    copy = 0
    while size < min_mb * 1e6:
        for raw in seeds:
            pages.append(RawText(Path(f"{copy:03d}_{raw.name}"), raw.text, raw.encoding))
            size += len(raw.text.encode("utf-8"))
        copy += 1
    return pages


def kg_build_subprocess(pages: list[RawText]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of the real command, ``python -m kg build``, on the
    corpus written out as files: start-up, extraction, merge and all seven outputs."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus_dir, out_dir = Path(tmp, "pages"), Path(tmp, "out")
        corpus_dir.mkdir()
        for page in pages:
            (corpus_dir / page.name).write_text(page.text, encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "build", str(corpus_dir), "--out", str(out_dir)],
                       cwd=ROOT, check=True, capture_output=True)
        wall = time.perf_counter() - start
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--posseg-fraction", type=float, default=0.25,
                        help="posseg is slow: time it on this share of the corpus")
    parser.add_argument("--repeat", type=int, default=3,
                        help="repeats of the interleaved jieba.cut/kg pass; medians reported")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    pages = corpus(args.mb)
    command_s, command_peak_mb = kg_build_subprocess(pages)  # first: no forked child before it
    text = "\n".join(p.text for p in pages)
    chars = sum(len(p.text) for p in pages)

    _, gaz_s = _timed(lambda: load_gazetteer().automaton)  # rows + aliases + automaton
    resources, res_s = _timed(load_resources)
    plain = FrozenTokenizer()
    sample = text[: int(chars * args.posseg_fraction)]
    tagger = jieba.posseg.POSTokenizer(plain.jieba)
    _, pos_s = _timed(lambda: sum(1 for _ in tagger.cut(sample)))
    pipeline = default_pipeline()
    cut_rates, kg_rates = [], []
    with resources_frozen(resources):  # as `kg build` runs
        for _ in range(args.repeat):
            cut_s = build_s = 0.0
            extracted = []
            for page in pages:  # interleaved page by page, so machine noise hits both alike
                _, seconds = _timed(lambda page_=page: sum(1 for _ in plain.jieba.cut(page_.text)))
                cut_s += seconds
                done, seconds = _timed(lambda page_=page: extract_page(page_, resources, pipeline))
                build_s += seconds
                extracted.append(done)
            graph, merge_s = _timed(lambda pages_=extracted: merge_pages(pages_, resources.gaz))
            cut_rates.append(chars / cut_s)
            kg_rates.append(chars / (build_s + merge_s))
        # this process also holds a second gazetteer, the plain tokenizer and posseg's model
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # the seven output files of `kg build` (RDF x3, GraphML, HTML, CSV x2), once
        with tempfile.TemporaryDirectory() as out_dir:
            _, write_s = _timed(lambda: write_outputs(graph, Path(out_dir)))
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_init_worker, initargs=(resources,)) as pool:
            _, jobs2_s = _timed(lambda: list(pool.map(_extract_in_worker, pages, chunksize=8)))
    ratios = sorted(k / c for k, c in zip(kg_rates, cut_rates, strict=True))
    posseg_rate = len(sample) / pos_s
    kg_rate = statistics.median(kg_rates)
    cut_rate = statistics.median(cut_rates)
    end_to_end = chars / (chars / kg_rate + write_s)
    figures = {
        "corpus_chars": chars,
        "corpus_mb": round(len(text.encode("utf-8")) / 1e6, 2),
        "pages": len(pages),
        "repeats": args.repeat,
        "gazetteer_startup_s": round(gaz_s, 3),
        "resources_startup_s": round(res_s, 3),
        "jieba_cut_chars_per_s": round(cut_rate),
        "jieba_posseg_chars_per_s": round(posseg_rate),
        "kg_extract_merge_chars_per_s": round(kg_rate),
        "ratio_kg_to_jieba_cut": round(statistics.median(ratios), 3),
        "ratio_kg_to_jieba_cut_range": [round(ratios[0], 3), round(ratios[-1], 3)],
        "ratio_kg_to_jieba_posseg": round(kg_rate / posseg_rate, 3),
        "kg_extract_2_workers_chars_per_s": round(chars / jobs2_s),
        "write_outputs_s": round(write_s, 3),
        "kg_build_with_outputs_chars_per_s": round(end_to_end),
        "ratio_kg_build_with_outputs_to_jieba_cut": round(end_to_end / cut_rate, 3),
        "extraction_peak_rss_mb": round(peak_mb),
        "kg_build_command_s": round(command_s, 2),
        "kg_build_command_peak_rss_mb": round(command_peak_mb),
    }
    out = json.dumps(figures, indent=1)
    print(out)
    if args.json:
        args.json.write_text(out + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
