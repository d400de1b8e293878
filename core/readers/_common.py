"""Helpers shared by the ASCII readers: opening a scene for streaming, sniffing, findings.

Every reader streams: it reads the file line by line or in chunks of whole lines of a bounded size
(:mod:`_chunks`), never ``read()``\\ s the whole file. Bytes that are not valid in the
file's encoding are kept as lone surrogates (``surrogateescape``) so a path still round-trips to
the same bytes through ``os.fsencode``.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
from __future__ import annotations

import os
from typing import IO, Iterator, Optional

from accsyn_dcc.core.errors import RangeError, SceneError
from accsyn_dcc.core.frames import FrameSet

SNIFF_BYTES = 4096


def head(path: str, size: int = SNIFF_BYTES) -> bytes:
    """The first ``size`` bytes of ``path``; a missing/unreadable file is a :class:`SceneError`."""
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except FileNotFoundError:
        raise SceneError("scene file not found", scene=path, hint="Check the path.") from None
    except IsADirectoryError:
        raise SceneError("scene path is a folder, not a file", scene=path) from None
    except OSError as exc:
        raise SceneError(f"scene file cannot be read: {exc.strerror or exc}", scene=path) from exc


def looks_binary(data: bytes) -> bool:
    """True when ``data`` (a file's head) holds a NUL byte: no ASCII scene does."""
    return b"\x00" in data


def open_text(path: str, encoding: str = "utf-8") -> IO[str]:
    """Open ``path`` for line-by-line reading (universal newlines, surrogateescape)."""
    try:
        return open(path, encoding=encoding, errors="surrogateescape", newline=None)
    except OSError as exc:
        raise SceneError(f"scene file cannot be read: {exc.strerror or exc}", scene=path) from exc


def lines(path: str, encoding: str = "utf-8") -> Iterator[str]:
    """Yield the lines of ``path`` without their line ending; read errors become SceneError."""
    fh = open_text(path, encoding)
    with fh:
        try:
            for line in fh:
                yield line[:-1] if line[-1:] == "\n" else line
        except OSError as exc:  # e.g. the file vanished or a network share dropped mid-read
            raise SceneError(f"scene file read failed: {exc.strerror or exc}", scene=path) from exc


def scene_dir(path: str) -> str:
    return os.path.dirname(os.path.abspath(path))


def dedupe_key(raw: str, base: Optional[str]) -> str:
    return f"{base or ''}\x00{raw}"


def frame_range(first: int, last: int, step: int = 1) -> Optional[FrameSet]:
    """``FrameSet`` of ``first..last``, or None when the scene's numbers make no usable range
    (backwards, step < 1, more frames than :data:`frames.MAX_FRAMES`)."""
    if last < first or step < 1:
        return None
    try:
        return FrameSet.from_range(first, last, step)
    except RangeError:
        return None
