"""The start-up snippet every host's entry file holds, in pure Python (no host, Qt or requests import).

install.py writes it into ``~/.nuke/menu.py`` (via :func:`accsyn_dcc.hosts.nuke.entry.menu_block`)
and Maya's ``userSetup.py`` (via :func:`accsyn_dcc.hosts.maya.module.user_setup_text`).
"""

from __future__ import annotations

from typing import List

__all__ = ["guarded_import"]


def guarded_import(module: str, first: List[str], last: List[str]) -> str:
    """Python that puts ``first`` at the front and ``last`` at the end of ``sys.path`` (each path
    once), then imports ``module``; any failure is printed and the host starts normally."""
    return (
        "try:\n"
        "    import sys as _accsyn_sys\n"
        f"    for _accsyn_p in {first!r}:\n"
        "        if _accsyn_p not in _accsyn_sys.path:\n"
        "            _accsyn_sys.path.insert(0, _accsyn_p)\n"
        f"    for _accsyn_p in {last!r}:\n"
        "        if _accsyn_p not in _accsyn_sys.path:\n"
        "            _accsyn_sys.path.append(_accsyn_p)\n"
        f"    import {module}  # noqa: F401\n"
        "except Exception:\n"
        "    import traceback as _accsyn_tb\n"
        "    _accsyn_tb.print_exc()\n"
    )
