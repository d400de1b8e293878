"""Streaming ASCII scene readers (.nk/.gizmo, .ma, .usda, .ocio, text .hip).

:func:`read_scene` picks a reader from the file's extension, confirmed (or, for an unknown
extension, decided) by sniffing the first bytes, and returns the :class:`SceneInfo` the reader
collects. Readers are plain modules with ``read(path, *, via=None) -> SceneInfo``; the registry
below is data (module names), imported on first use.

Binary files: a top-level binary Maya/Houdini scene, or a binary file where a text format was
expected, raises :class:`SceneError` with what to do. When ``via`` is given (the file was
referenced from another scene, e.g. a ``.mb`` Maya reference), binary files give a
``binary-scene`` warning finding and no references instead, so the referencing scene still reads.
A binary USD crate is read with ``pxr`` when that is importable, else it gives that finding.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
from __future__ import annotations

import importlib
import os
from typing import Dict, Optional

from accsyn_dcc.core import findings as fnd
from accsyn_dcc.core.errors import SceneError
from accsyn_dcc.core.readers import _common
from accsyn_dcc.core.refs import SceneInfo

__all__ = ["read_scene", "EXTENSIONS", "READERS", "detect_format"]

EXTENSIONS: Dict[str, str] = {
    ".nk": "nuke", ".gizmo": "nuke", ".ma": "maya", ".mb": "maya",
    ".usda": "usd", ".usd": "usd", ".usdc": "usd", ".usdz": "usd",
    ".ocio": "ocio", ".hip": "houdini", ".hiplc": "houdini", ".hipnc": "houdini",
}

READERS: Dict[str, str] = {
    "nuke": "accsyn_dcc.core.readers.nuke",
    "maya": "accsyn_dcc.core.readers.maya",
    "usd": "accsyn_dcc.core.readers.usd",
    "ocio": "accsyn_dcc.core.readers.ocio",
    "houdini": "accsyn_dcc.core.readers.houdini",
}

_ADVICE = {
    "maya": ("binary Maya file: gather it inside Maya",
             "Open it in Maya and use Submit to accsyn there, or save it as Maya ASCII (.ma)."),
    "houdini": ("binary Houdini file: gather it inside Houdini",
                "Open it in Houdini and use the accsyn shelf tool there."),
    "usd": ("binary USD file (crate/usdz) and the USD Python module (pxr) is not available",
            "Install usd-core, or save the layer as .usda."),
}


def _sniff(data: bytes) -> Optional[str]:
    """Format by content: the first bytes of each text format (and the binary magics)."""
    s = data.lstrip(b"\xef\xbb\xbf")
    if s.startswith(b"#usda"):
        return "usd"
    if s.startswith((b"PXR-USDC", b"PK\x03\x04")):
        return "usd-binary"
    if s.startswith(b"//Maya ASCII"):
        return "maya"
    if s.startswith((b"FOR4", b"FOR8")):
        return "maya-binary"
    if s.startswith(b"070707"):
        return "houdini"
    if s.startswith(b"#!") or b"\nRoot {" in s or b"\nversion " in s[:200] or s.startswith(b"Gizmo {"):
        return "nuke"
    if b"ocio_profile_version" in s:
        return "ocio"
    return None


def detect_format(path: str) -> str:
    """The reader format for ``path`` (``nuke``, ``maya``...), or ``<format>-binary``."""
    data = _common.head(path)
    ext = os.path.splitext(path)[1].lower()
    by_ext = EXTENSIONS.get(ext)
    sniffed = _sniff(data)
    if by_ext is None:
        if sniffed is None:
            raise SceneError(
                f"unknown scene type {ext or '(no extension)'}", scene=path,
                hint="accsyn-dcc reads .nk, .gizmo, .ma, .usda/.usd, .ocio and text .hip files.")
        return sniffed
    if sniffed and sniffed.startswith(by_ext):
        return sniffed
    if ext == ".mb":
        return "maya-binary"
    if by_ext == "usd" and ext in (".usdc", ".usdz"):
        return "usd-binary"
    if by_ext in ("houdini",) and not data.startswith(b"070707"):
        return "houdini-binary"
    if _common.looks_binary(data):
        return f"{by_ext}-binary"
    return by_ext


def _binary(path: str, fmt: str, via: Optional[str]) -> SceneInfo:
    host = fmt[: -len("-binary")]
    message, hint = _ADVICE.get(host, (f"binary file where a text {host} file was expected",
                                       "Check the file; it may be damaged or of another type."))
    if via is None and host != "usd":
        raise SceneError(message, scene=path, hint=hint)
    where = f" (referenced from {via})" if via else ""
    info = SceneInfo(path=path, format=host)
    info.findings.append(fnd.warning("binary-scene", f"{path}{where}: {message}; its own references are "
                                                     f"not listed. {hint}"))
    return info


def read_scene(path: str, *, via: Optional[str] = None) -> SceneInfo:
    """Read one scene file and return what it references.

    ``via`` names the file that referenced ``path`` (for nested reads by the engine); it only
    changes how binary files are reported (see the module docstring). Every reference's
    ``Reference.via`` is ``path``. Raises :class:`SceneError` for a missing, unreadable or
    unsupported file.
    """
    path = os.fspath(path)
    fmt = detect_format(path)
    if fmt == "usd-binary":
        from accsyn_dcc.core.readers import usd_binary

        got = usd_binary.read(path)
        if got is not None:
            return got
        return _binary(path, fmt, via)
    if fmt.endswith("-binary"):
        return _binary(path, fmt, via)
    module = importlib.import_module(READERS[fmt])
    try:
        return module.read(path, via=via)
    except UnicodeError as exc:  # encodings are read with surrogateescape; belt and braces
        raise SceneError(f"scene file is not text: {exc}", scene=path) from exc
