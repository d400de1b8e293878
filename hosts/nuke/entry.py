"""What install.py needs from the Nuke host, in pure Python (no nuke import)."""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

import os
from typing import Optional, Union

from accsyn_dcc.hosts.common.entry import guarded_import

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
    return (f"{BEGIN}\n"
            "# Added by accsyn-dcc install.py; `python install.py --uninstall` removes it.\n"
            + guarded_import(ENTRY_MODULE, first, last)
            + f"{END}\n")
