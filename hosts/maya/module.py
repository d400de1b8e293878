"""What install.py needs from the Maya host, in pure Python (no maya import)."""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

import os
from typing import Optional, Sequence, Union

from accsyn_dcc.hosts.common.entry import guarded_import

ENTRY_MODULE = "accsyn_dcc.hosts.maya.startup"
MODULE_NAME = "accsyn_dcc"

PathLike = Union[str, "os.PathLike[str]"]


def mod_file_text(module_root: PathLike, python_paths: Sequence[PathLike] = (),
                  version: str = "0.1.0") -> str:
    """The ``accsyn_dcc.mod`` module description: the module lives at ``module_root`` (its
    ``scripts/userSetup.py`` runs at start-up) and each of ``python_paths`` (the folder holding
    the ``accsyn_dcc`` package, then the vendor folder) is appended to ``PYTHONPATH``."""
    lines = [f"+ {MODULE_NAME} {version} {os.fspath(module_root)}"]
    lines += [f"PYTHONPATH+={os.fspath(p)}" for p in python_paths]
    return "\n".join(lines) + "\n"


def user_setup_text(python_paths: Optional[Sequence[PathLike]] = None) -> str:
    """A ``userSetup.py`` that puts the first of ``python_paths`` (the folder holding the
    ``accsyn_dcc`` package) first and the rest (the vendor folder) last on ``sys.path``, then
    imports :data:`ENTRY_MODULE`; any failure is printed and Maya starts normally."""
    paths = [os.fspath(p) for p in python_paths or ()]
    return ('"""accsyn-dcc Maya entry, written by install.py (removed by --uninstall)."""\n'
            + guarded_import(ENTRY_MODULE, paths[:1], paths[1:]))
