"""What install.py needs from the Houdini host, in pure Python (no hou import)."""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

import os
from typing import Any, Dict, Optional, Union

ENTRY_MODULE = "accsyn_dcc.hosts.houdini.shelf"
SHELF_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "accsyn_dcc.shelf")
SHELF_DEST = "toolbar/accsyn_dcc.shelf"  # relative to the package's hpath folder

PathLike = Union[str, "os.PathLike[str]"]


def package_json(root: PathLike, vendor: Optional[PathLike] = None,
                 hpath: Optional[PathLike] = None) -> Dict[str, Any]:
    """The Houdini package (``packages/accsyn_dcc.json``): ``root`` (the folder holding the
    ``accsyn_dcc`` package) and ``vendor`` go on ``PYTHONPATH`` (appended, so Houdini's own
    requests/qtpy win); ``hpath`` (default ``<root>/houdini``, which holds :data:`SHELF_DEST`)
    joins ``HOUDINI_PATH``. Paths inside ``root`` are written as ``$ACCSYN_DCC_ROOT/...``."""
    root_s = _posix(root)
    paths = ["$ACCSYN_DCC_ROOT"] + ([_under(root_s, _posix(vendor))] if vendor is not None else [])
    return {
        "env": [
            {"ACCSYN_DCC_ROOT": root_s},
            {"PYTHONPATH": {"value": paths, "method": "append"}},
        ],
        "hpath": _under(root_s, _posix(hpath)) if hpath is not None else "$ACCSYN_DCC_ROOT/houdini",
    }


def _posix(path: PathLike) -> str:
    return os.fspath(path).replace("\\", "/")


def _under(root: str, path: str) -> str:
    if path == root or path.startswith(root.rstrip("/") + "/"):
        return "$ACCSYN_DCC_ROOT" + path[len(root.rstrip("/")):]
    return path


def shelf_text() -> str:
    """The shelf file's text (the tool imports :data:`ENTRY_MODULE` only when clicked)."""
    with open(SHELF_FILE, encoding="utf-8") as fh:
        return fh.read()
