"""Progress of a long build, stage by stage.

A build of a year of newspapers runs for minutes: reading the files, extracting the pages,
merging them, and writing each output. Each stage that loops over something is wrapped in
a :class:`Progress` — a function from the items to the same items, told the stage's name
and unit — so the build code stays free of any display. On a terminal
:func:`terminal_progress` draws a tqdm bar per stage with its count, its rate and, where
the total is known, an estimate of the time left; a stage that ends within half a second
draws nothing (``delay``), so a small build stays quiet. Elsewhere (a pipe, a log file, a
test) :func:`silent` passes the items through untouched.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sized
from typing import Protocol, TextIO, TypeVar

T = TypeVar("T")

#: seconds a stage must run before its bar is drawn
BAR_DELAY_S = 0.5


class Progress(Protocol):
    """Wraps the items of one stage; yields exactly those items, in their order."""

    def __call__(self, items: Iterable[T], *, stage: str, unit: str,
                 total: int | None = None) -> Iterable[T]: ...


def silent(items: Iterable[T], *, stage: str, unit: str, total: int | None = None) -> Iterable[T]:
    """No display: the items as they are."""
    del stage, unit, total
    return items


def terminal_progress(stream: TextIO | None = None, *, force: bool = False,
                      delay: float = BAR_DELAY_S) -> Progress:
    """A tqdm bar per stage on ``stream`` (stderr) when it is a terminal (or ``force``),
    else :func:`silent`.

    The total is the one given, else the items' length when they have one; a stage over
    a generator (the files of a folder being read) shows its count and rate without an
    estimate.
    """
    out = stream if stream is not None else sys.stderr
    if not (force or out.isatty()):
        return silent
    from tqdm import tqdm

    def bar(items: Iterable[T], *, stage: str, unit: str, total: int | None = None) -> Iterable[T]:
        if total is None and isinstance(items, Sized):
            total = len(items)
        return tqdm(items, desc=stage, unit=unit, total=total, file=out, delay=delay,
                    dynamic_ncols=True, leave=True)

    return bar


def say(message: str, stream: TextIO | None = None) -> None:
    """One line above any bar being drawn (``tqdm.write`` keeps the bar whole)."""
    from tqdm import tqdm

    tqdm.write(message, file=stream if stream is not None else sys.stderr)
