"""Nuke start-up entry: adds *Render > Submit to accsyn...* to Nuke's menu bar.

Imported by the marked block install.py writes into ``~/.nuke/menu.py`` (see
:func:`accsyn_dcc.hosts.nuke.entry.menu_block`), or copied onto ``NUKE_PATH`` as ``menu.py``.
Crash-proof like deadline-cloud-for-nuke's ``menu.py``: whatever fails is reported through
``nuke.tprint`` (or this module's logger) and Nuke starts normally. Nothing heavy is imported here:
the submit action, the adapter and the Qt dialog load when the item is used.
"""

from __future__ import annotations

import logging

MENU = "Nuke"
ITEM = "Render/Submit to accsyn..."

_log = logging.getLogger(__name__)


def submit() -> None:
    """The menu item's action (imported lazily so start-up stays cheap)."""
    from accsyn_dcc.hosts.nuke import submit as _submit

    _submit.main()


def add_menu() -> None:
    """Add (or replace: Nuke keeps one item per path) the menu item."""
    import nuke

    nuke.menu(MENU).addCommand(ITEM, submit)


def _install() -> None:
    try:
        add_menu()
    except Exception as exc:  # noqa: BLE001 - never break Nuke's start-up
        _report(f"accsyn-dcc: could not add {ITEM!r} to the {MENU} menu: {exc}")


def _report(text: str) -> None:
    try:
        import nuke

        nuke.tprint(text)
    except Exception:  # noqa: BLE001 - no nuke at all: the logger is all there is
        _log.exception(text)


_install()
