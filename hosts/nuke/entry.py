"""What install.py needs from the Nuke host, in pure Python (no nuke import)."""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

import os
from typing import Iterable, Optional, Union

BEGIN = "# >>> accsyn-dcc >>>"
END = "# <<< accsyn-dcc <<<"
ENTRY_MODULE = "accsyn_dcc.hosts.nuke.menu"

PathLike = Union[str, "os.PathLike[str]"]


def menu_block(plugin_dir: PathLike, vendor_dir: Optional[PathLike] = None) -> str:
    """The marked block for ``~/.nuke/menu.py``: puts ``plugin_dir`` (the folder holding the
    ``accsyn_dcc`` package) first and ``vendor_dir`` last on ``sys.path``, then imports
    :data:`ENTRY_MODULE`; any failure is printed and Nuke starts normally."""
    first = [os.fspath(plugin_dir)]
    last = [os.fspath(vendor_dir)] if vendor_dir is not None else []
    return (
        f"{BEGIN}\n"
        "# Added by accsyn-dcc install.py; `python install.py --uninstall` removes it.\n"
        "try:\n"
        "    import sys as _accsyn_sys\n"
        f"    for _accsyn_p in {_literal(first)}:\n"
        "        if _accsyn_p not in _accsyn_sys.path:\n"
        "            _accsyn_sys.path.insert(0, _accsyn_p)\n"
        f"    for _accsyn_p in {_literal(last)}:\n"
        "        if _accsyn_p not in _accsyn_sys.path:\n"
        "            _accsyn_sys.path.append(_accsyn_p)\n"
        f"    import {ENTRY_MODULE}  # noqa: F401\n"
        "except Exception:\n"
        "    import traceback as _accsyn_tb\n"
        "    _accsyn_tb.print_exc()\n"
        f"{END}\n"
    )


def _literal(paths: Iterable[str]) -> str:
    return "[" + ", ".join(repr(p) for p in paths) + "]"
