"""Scratch folders named by the process that owns them, swept when that process is gone.

A build keeps work in progress on disk (jieba's cache while it initialises, extracted pages
waiting for the merge). The folder is removed when the work ends; a build killed outright
(SIGKILL, a power cut) cannot, so the next one removes the folders whose owner no longer
runs -- never one of a live build, nor one of another user.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path


def owned_scratch(parent: Path, prefix: str) -> Path:
    """A new empty folder ``parent/<prefix><pid>-<random>``, after sweeping the orphaned
    ones of the same prefix (:func:`sweep_orphans`)."""
    sweep_orphans(parent, prefix)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))


def sweep_orphans(parent: Path, prefix: str) -> None:
    """Remove the ``<prefix><pid>-…`` folders under ``parent`` whose process is gone. A
    folder of another user, or one whose process still runs, is left alone."""
    owner_of = re.compile(rf"{re.escape(prefix)}(\d+)-")
    for folder in parent.glob(f"{glob_escape(prefix)}*"):
        owner = owner_of.match(folder.name)
        try:
            if not folder.is_dir() or folder.stat().st_uid != os.getuid() or owner is None:
                continue
            os.kill(int(owner.group(1)), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, AttributeError):  # no permission, or no getuid (not POSIX)
            continue


def glob_escape(text: str) -> str:
    """``text`` matched literally by :meth:`Path.glob`."""
    return re.sub(r"([*?\[])", r"[\1]", text)
