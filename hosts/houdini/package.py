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
    ``accsyn_dcc`` package) and ``vendor`` go on ``PYTHONPATH``; ``hpath`` (default
    ``<root>/houdini``, which holds :data:`SHELF_DEST`) joins ``HOUDINI_PATH``."""
    root_s = os.fspath(root).replace("\\", "/")
    paths = ["$ACCSYN_DCC_ROOT"]
    if vendor is not None:
        paths.append(os.fspath(vendor).replace("\\", "/"))
    return {
        "env": [
            {"ACCSYN_DCC_ROOT": root_s},
            {"PYTHONPATH": {"value": paths, "method": "append"}},
        ],
        "hpath": os.fspath(hpath).replace("\\", "/") if hpath is not None else "$ACCSYN_DCC_ROOT/houdini",
    }


def shelf_text() -> str:
    """The shelf file's text (the tool imports :data:`ENTRY_MODULE` only when clicked)."""
    with open(SHELF_FILE, encoding="utf-8") as fh:
        return fh.read()
