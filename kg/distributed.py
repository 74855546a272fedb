"""Page extraction on a Dask cluster (``kg build --dask ADDRESS`` or ``--dask local:N``).

Extraction is a pure function per page, so it maps over a cluster as it maps over forked
workers: each Dask worker loads the gazetteer and tokenizer once (a worker plugin, when it
joins), the pages are sent as decoded texts, and the extracted pages come back in input
order; the merge and the outputs are made by the process that asked, as in a one-process
build, so the outputs are byte-identical to one. The workers need the same version of
``dangjian-kg`` installed (``pip install 'dangjian-kg[dask]'``); nothing else is shipped to them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from kg.errors import Errors, InputError
from kg.pipeline import Pipeline
from kg.progress import Progress, silent
from kg.types import Page, RawText

#: the name the worker plugin is registered under
PLUGIN = "dangjian-kg-resources"
_LOCAL = "local:"


def parse_address(value: str) -> tuple[str, int | None]:
    """``local:N`` -> ("local", N); any other value is a scheduler address (tcp://host:8786)."""
    if value.startswith(_LOCAL):
        count = value.removeprefix(_LOCAL)
        if not count.isdigit() or int(count) < 1:
            raise InputError(Errors.E093.format(value=value))
        return "local", int(count)
    if not value.strip():
        raise InputError(Errors.E093.format(value=value))
    return value, None


def _worker_plugin(default_province: str | None, pipeline: Pipeline):
    from distributed import WorkerPlugin

    class KgResources(WorkerPlugin):
        """Loads the resources once per worker; tasks read them from the plugin."""

        name = PLUGIN

        def __init__(self) -> None:
            self.default_province = default_province
            self.pipeline = pipeline
            self.resources = None

        def setup(self, worker) -> None:
            from kg.resources import load_resources

            self.resources = load_resources(default_province=self.default_province).warm()

    return KgResources()


def _extract_on_worker(raw: RawText) -> Page | str:
    from distributed import get_worker

    from kg.build import extract_or_skip

    plugin = get_worker().plugins[PLUGIN]
    return extract_or_skip(raw, plugin.resources, plugin.pipeline)


@contextmanager
def dask_client(address: str) -> Iterator[object]:
    """A client of the cluster at ``address``, or of a LocalCluster of N worker processes
    (``local:N``, one thread each, no dashboard), closed on the way out."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise InputError(Errors.E094.format(value=address)) from e
    where, workers = parse_address(address)
    logging.getLogger("distributed").setLevel(logging.WARNING)
    if where == "local":
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(where, timeout="30s")
    except (OSError, TimeoutError) as e:
        raise InputError(Errors.E095.format(value=address, detail=e)) from e
    with client:
        yield client


def map_on_dask(raws: Sequence[RawText], address: str, default_province: str | None,
                pipeline: Pipeline,
                progress: Progress | None = None) -> Iterator[Page | str]:
    """Extract ``raws`` on the cluster; the pages (or skip messages) in input order, each
    let go on the cluster once it is here (the caller decides what stays in memory)."""
    if not raws:
        return
    with dask_client(address) as client:
        client.register_plugin(_worker_plugin(default_province, pipeline))
        futures = list(client.map(_extract_on_worker, list(raws), pure=False))
        for i in (progress or silent)(range(len(futures)), stage="extracting", unit="page"):
            future, futures[i] = futures[i], None  # the cluster forgets a page no one holds
            yield future.result()
