"""Shared helpers for the reader tests: expand a reference like the engine would (frames only)."""

from __future__ import annotations

import os
import posixpath
import re
from typing import List, Optional

from accsyn_dcc.core.refs import Reference

_HASHES = re.compile(r"#+")
_PRINTF = re.compile(r"%0?(\d*)d")


def abs_path(ref: Reference) -> str:
    raw = ref.raw.replace("\\", "/")
    if raw.startswith("/") or re.match(r"^[A-Za-z]:/", raw):
        return posixpath.normpath(raw) if raw.startswith("/") else raw[:2] + posixpath.normpath(raw[2:])
    return posixpath.normpath(posixpath.join((ref.base or "").replace("\\", "/"), raw))


def expand(ref: Reference) -> List[str]:
    """One path per frame for ``#``/``%0Nd`` patterns with frames, else the path itself."""
    path = abs_path(ref)
    if not ref.frames:
        return [path]
    out = []
    for f in ref.frames:
        p = _HASHES.sub(lambda m, f=f: str(f).zfill(len(m.group())), path)
        p = _PRINTF.sub(lambda m, f=f: str(f).zfill(int(m.group(1) or 0)), p)
        out.append(p)
    return out


def remap(path: str, old: str, new: str) -> str:
    old = old.replace("\\", "/").rstrip("/")
    return new + path[len(old):] if path == old or path.startswith(old + "/") else path


def write(folder: str, name: str, text: str, encoding: str = "utf-8") -> str:
    path = os.path.join(folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding=encoding, newline="\n") as fh:
        fh.write(text)
    return path


def by_attr(refs: List[Reference], attr: str, node: Optional[str] = None) -> List[Reference]:
    return [r for r in refs if r.attr == attr and (node is None or r.node == node)]
