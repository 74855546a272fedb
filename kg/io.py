"""Reading pages safely and writing outputs atomically.

Decoding policy (see RELIABILITY.md §3): encoding detectors misread short Chinese, so we do
not guess. A page is tried as strict UTF-8 (a BOM is dropped), then UTF-16 when it carries a
UTF-16 BOM, then strict GB18030 (a superset of GBK and GB2312); anything else is refused.
"""

from __future__ import annotations

import logging
import os
import tempfile
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import Errors, InputError, Warnings
from kg.preprocess.normalize import clean_text_with_map
from kg.types import RawText

logger = logging.getLogger("kg")

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
PAGE_SUFFIXES = (".txt", ".md")
_MIN_CJK_FRACTION = 0.2


def iter_page_paths(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders into a sorted, de-duplicated list of page files.

    Raises:
        InputError: a path does not exist.
    """
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.is_file() and p.suffix in PAGE_SUFFIXES)
        elif path.is_file():
            found.add(path)
        else:
            raise InputError(Errors.E001.format(path=path))
    return sorted(found)


_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}


def _binary_reason(sample: bytes) -> str | None:
    """Why a sample looks like a binary file, or None: text has (almost) no control bytes."""
    if not sample:
        return None
    nul = sample.count(0)
    if nul > len(sample) // 100 + 2:  # a stray NUL or two is cleaned, not fatal
        return f"{nul} NUL bytes in the first {len(sample)}"
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    if controls > len(sample) // 20 + 2:
        return f"{controls} control bytes in the first {len(sample)}"
    return None


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Decode a page's bytes by the policy above; return ``(text, encoding)``.

    Raises:
        InputError: the bytes are binary or in no supported encoding.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise InputError(Errors.E004.format(path=path)) from e
    if reason := _binary_reason(data[:8192]):
        raise InputError(Errors.E003.format(path=path, reason=reason))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise InputError(Errors.E004.format(path=path))


def _cjk_fraction(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    cjk = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("CJK"))
    return cjk / len(letters)


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawText:
    """Read and clean one page.

    Warns (``UserWarning``, naming the file) when the encoding is not UTF-8, when control
    or invisible characters were removed, and when replacement characters remain.

    Raises:
        InputError: the file is missing, empty, too large, binary, undecodable or not Chinese.
    """
    if not path.is_file():
        raise InputError(Errors.E001.format(path=path))
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(Errors.E005.format(path=path, size=size, limit=max_bytes))
    data = path.read_bytes()
    if not data.strip():
        raise InputError(Errors.E002.format(path=path))
    text, encoding = decode_bytes(data, path)
    if encoding != "utf-8":
        warnings.warn(Warnings.W002.format(path=path, encoding=encoding), stacklevel=2)
    cleaned, removed, offsets = clean_text_with_map(text)
    if not cleaned.strip():
        raise InputError(Errors.E002.format(path=path))
    fraction = _cjk_fraction(cleaned)
    if fraction < _MIN_CJK_FRACTION:
        raise InputError(Errors.E006.format(path=path, fraction=fraction))
    if removed:
        warnings.warn(Warnings.W001.format(path=path, count=removed), stacklevel=2)
    if (bad := cleaned.count("\ufffd")) > 0:
        warnings.warn(Warnings.W004.format(path=path, count=bad), stacklevel=2)
    return RawText(path=path, text=cleaned, encoding=encoding, removed_chars=removed,
                   offsets=tuple(offsets))


def read_texts(
    paths: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawText | InputError]:
    """Yield each readable page, or the :class:`InputError` that names an unreadable one.

    Yielding the error instead of raising lets a run skip a bad file and go on.
    """
    for path in iter_page_paths(paths):
        try:
            yield read_text(path, max_bytes=max_bytes)
        except InputError as e:
            yield e


def _write_temporary(path: Path, payload: bytes) -> Path:
    """``payload`` in a flushed temporary file beside ``path``, ready to be renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


class AtomicBatch:
    """Files written one by one, replaced together: each goes to a temporary file as soon
    as it is made (so its bytes need not stay in memory), and only when the whole batch
    succeeds are they renamed over their targets. On any error no target is touched.
    Used as ``with AtomicBatch() as batch: batch.write(out / "graph.ttl", turtle)``.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []

    def write(self, path: Path, data: bytes | str) -> None:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        self._staged.append((_write_temporary(path, payload), path))

    def __enter__(self) -> AtomicBatch:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        try:
            if exc_type is None:
                for tmp, path in self._staged:  # os.replace is atomic on POSIX and Windows
                    os.replace(tmp, path)
        finally:
            for tmp, _path in self._staged:  # what was not renamed is removed
                tmp.unlink(missing_ok=True)
            self._staged.clear()


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk, then renamed
    over the target.
    """
    with AtomicBatch() as batch:
        batch.write(path, data)
