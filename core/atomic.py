"""Atomic file writes: temp file in the same folder, fsync, rename."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, BinaryIO, Iterator, Optional, Union


@contextlib.contextmanager
def atomic_writer(
    path: Union[str, Path], mode: Optional[int] = None, *, make_parents: bool = True
) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces ``path`` in one rename when the block ends without an
    error (flushed and fsynced first); on an error the temp file is removed and ``path`` is
    untouched. ``make_parents`` creates the missing folders of ``path``."""
    path = Path(path)
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    try:
        if mode is not None:
            os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_bytes(path: Union[str, Path], data: bytes, mode: Optional[int] = None) -> None:
    with atomic_writer(path, mode) as fh:
        fh.write(data)


def write_json(path: Union[str, Path], obj: Any, mode: Optional[int] = None) -> None:
    write_bytes(path, (json.dumps(obj, indent=2, sort_keys=False) + "\n").encode("utf-8"), mode=mode)
