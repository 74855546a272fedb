"""Reading pages safely and writing outputs atomically.

Decoding policy (see RELIABILITY.md §3): encoding detectors misread short Chinese, so we do
not guess. A page is tried as strict UTF-8 (a BOM is dropped), then UTF-16 when it carries a
UTF-16 BOM, then strict GB18030 (a superset of GBK and GB2312); anything else is refused.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import unicodedata
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kg.errors import Errors, InputError, Warnings
from kg.preprocess.normalize import clean_text_with_map
from kg.types import PageMeta, RawText

logger = logging.getLogger("kg")

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_MIN_CJK_FRACTION = 0.2


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


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, page_id: str = "") -> RawText:
    """Read and clean one page file (see :func:`text_page`).

    Raises:
        InputError: the file is missing, unreadable, empty, too large, binary, undecodable
            or not Chinese.
    """
    text, encoding = decode_bytes(read_bytes(path, max_bytes=max_bytes), path)
    return text_page(path, text, encoding, page_id=page_id)


def read_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one input file, whatever its kind.

    Raises:
        InputError: the file is missing, too large, unreadable or empty.
    """
    if not path.is_file():
        raise InputError(Errors.E001.format(path=path))
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(Errors.E005.format(path=path, size=size, limit=max_bytes))
    try:
        data = path.read_bytes()
    except OSError as e:  # EIO on a failing disk, a file that vanished
        raise InputError(Errors.E083.format(path=path, detail=e.strerror or e)) from e
    if not data.strip():
        raise InputError(Errors.E002.format(path=path))
    return data


def text_page(path: Path, text: str, encoding: str, *, page_id: str = "",
              meta: PageMeta | None = None, where: str | None = None) -> RawText:
    """A decoded page, cleaned: control and invisible characters removed (their
    positions kept in ``offsets``), and refused when nothing Chinese is left.

    Warns (``UserWarning``, naming ``where``, the file by default) when the encoding is
    not UTF-8, when characters were removed, and when replacement characters remain.

    Raises:
        InputError: the text is empty or not Chinese.
    """
    where = where or str(path)
    cleaned, removed, offsets = clean_text_with_map(text)
    if not cleaned.strip():
        raise InputError(Errors.E002.format(path=where))
    fraction = _cjk_fraction(cleaned)
    if fraction < _MIN_CJK_FRACTION:
        raise InputError(Errors.E006.format(path=where, fraction=fraction))
    if encoding != "utf-8":
        warnings.warn(Warnings.W002.format(path=where, encoding=encoding), stacklevel=3)
    if removed:
        warnings.warn(Warnings.W001.format(path=where, count=removed), stacklevel=3)
    if (bad := cleaned.count("\ufffd")) > 0:
        warnings.warn(Warnings.W004.format(path=where, count=bad), stacklevel=3)
    return RawText(path=path, text=cleaned, encoding=encoding, removed_chars=removed,
                   offsets=offsets, page_id=page_id, meta=meta or PageMeta())


def _write_temporary(path: Path, payload: bytes | Callable[[BinaryIO], object]) -> Path:
    """``payload`` in a flushed temporary file beside ``path``, ready to be renamed over it;
    ``payload`` is the bytes, or a function that writes them to the open file (so a large
    serialisation goes to disk as it is made instead of into one buffer first)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as fh:
            if callable(payload):
                payload(fh)
            else:
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
        self._folders: list[tuple[Path, Path]] = []
        self._removed: list[Path] = []

    def write(self, path: Path, data: bytes | str) -> None:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        self._staged.append((_write_temporary(path, payload), path))

    def stream(self, path: Path, fill: Callable[[BinaryIO], object]) -> Path:
        """As :meth:`write`, with ``fill`` writing the bytes to the open temporary file;
        returns that file, which later steps of the batch may read."""
        staged = _write_temporary(path, fill)
        self._staged.append((staged, path))
        return staged

    def reserve(self, path: Path) -> Path:
        """An empty temporary file beside ``path``, staged as :meth:`stream` stages one, for
        another process to fill (the build's Turtle and JSON-LD): it must be complete and synced
        before the batch ends."""
        staged = _write_temporary(path, b"")
        self._staged.append((staged, path))
        return staged

    def remove(self, path: Path) -> None:
        """``path`` (a file or folder of an earlier generation) goes with the rest of the
        batch: a build that no longer makes an output must not leave the old one to be read
        as if it were this build's."""
        self._removed.append(path)

    def folder(self, path: Path) -> Path:
        """A new, empty temporary folder beside ``path`` to fill; it replaces ``path`` (a
        folder) with the rest of the batch: the old one is renamed aside, the new one into
        place, the old one removed."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
        self._folders.append((tmp, path))
        return tmp

    def __enter__(self) -> AtomicBatch:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        try:
            if exc_type is None:
                self._commit()
        finally:
            for tmp, _path in self._staged:  # what was not renamed is removed
                tmp.unlink(missing_ok=True)
            for tmp, _path in self._folders:
                shutil.rmtree(tmp, ignore_errors=True)
            self._staged.clear()
            self._folders.clear()
            self._removed.clear()

    def _commit(self) -> None:
        """Every target replaced, or none: the old ones are first renamed aside, and any
        failure (a rename refused, a full disk) puts them back. Interrupting signals wait
        until the switch is over, so Ctrl-C or a SIGTERM cannot leave half a generation."""
        for _tmp, path in self._staged:
            if path.is_dir() and not path.is_symlink():
                raise InputError(Errors.E090.format(path=path))
        moves: list[tuple[Path | None, Path]] = [*self._staged, *self._folders,
                                                 *((None, path) for path in self._removed)]
        done: list[tuple[Path, Path | None]] = []
        with _SignalsDeferred():
            try:
                for tmp, path in moves:
                    aside = None
                    if path.exists() or path.is_symlink():
                        holder = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old",
                                                       dir=path.parent))
                        try:
                            os.replace(path, holder / path.name)
                        except OSError:
                            holder.rmdir()
                            raise
                        aside = holder / path.name
                    done.append((path, aside))
                    if tmp is not None:
                        os.replace(tmp, path)  # atomic on POSIX and Windows
            except OSError as e:
                for path, aside in reversed(done):  # the new one out, the old one back
                    if path.is_dir() and not path.is_symlink():
                        shutil.rmtree(path, ignore_errors=True)
                    elif path.exists() or path.is_symlink():
                        path.unlink()
                    if aside is not None:
                        os.replace(aside, path)
                        aside.parent.rmdir()
                raise InputError(Errors.E091.format(out=moves[0][1].parent, detail=e.strerror or e)) from e
            for _path, aside in done:
                if aside is not None:
                    shutil.rmtree(aside.parent, ignore_errors=True)


class _SignalsDeferred:
    """SIGINT, SIGTERM and SIGHUP held for the duration and raised again at its end.

    Python runs signal handlers in the main thread whichever thread the signal reached, so
    replacing the handlers there (not masking the signal, which a process-directed signal
    would bypass through any other thread) defers them all. Elsewhere than the main thread
    handlers cannot be set, and nothing is deferred."""

    _SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")

    def __enter__(self) -> None:
        import signal
        import threading

        self._caught: list[int] = []
        self._old: dict[int, object] = {}
        if threading.current_thread() is not threading.main_thread():
            return
        for name in self._SIGNALS:
            if (sig := getattr(signal, name, None)) is not None:
                self._old[sig] = signal.signal(sig, lambda num, _frame: self._caught.append(num))

    def __exit__(self, *_: object) -> None:
        import signal

        for sig, old in self._old.items():
            signal.signal(sig, old if old is not None else signal.SIG_DFL)
        for sig in dict.fromkeys(self._caught):
            signal.raise_signal(sig)  # now handled as it would have been


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk, then renamed
    over the target.
    """
    with AtomicBatch() as batch:
        batch.write(path, data)
