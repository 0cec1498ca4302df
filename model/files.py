"""Atomic file writes: a crash or a kill never leaves a half-written file behind.

The data goes to a temporary file in the same folder, is flushed to disk, given ordinary
permissions (``mkstemp`` makes 0600) and renamed over the target in one step.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def _read_umask() -> int:
    """The process's umask. ``os.umask`` can only read it by setting it, so this runs once, at
    import: setting it later, for a moment, would give files another thread creates then mode 0666."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_read_umask()  # what open() would give a new file here


@contextmanager
def atomic_open(path: str | Path, mode: str = "wb", encoding: str | None = None, newline: str | None = None
                ) -> Iterator[IO]:  # fmt: skip
    """Open a temporary file beside ``path``; on success it replaces ``path``, on error it is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    with atomic_open(path, "w", encoding=encoding, newline="") as f:
        f.write(text)
