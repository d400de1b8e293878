"""What a host's menu / shelf calls: :func:`submit_scene` (save prompt, then the dialog), or
``open_submit_dialog("nuke", adapter.collect)`` directly.

This module imports no Qt and no requests at import time (host menu modules import it at
startup); Qt and the dialog are imported when the menu item is used.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any, Callable, Dict, Optional

if TYPE_CHECKING:  # pragma: no cover
    from accsyn_dcc.core.refs import SceneInfo
    from accsyn_dcc.hosts.common.dialog import SubmitDialog

__all__ = ["open_submit_dialog", "submit_scene"]

_OPEN: Dict[str, Any] = {}  # host -> its one dialog, reused while it is alive

_log = logging.getLogger(__name__)


def submit_scene(host: str, *, ensure_saved: Callable[[], bool], host_version: Callable[[], str],
                 tell: Callable[[str], object]) -> Optional[SubmitDialog]:
    """A host's *Submit to accsyn* action: ``ensure_saved()``, then the dialog on the host's
    ``accsyn_dcc.hosts.<host>.adapter.collect``; returns it (``None`` when not saved).

    Whatever fails while the dialog opens (importing the adapter or Qt included) is logged and
    ``tell``-ed to the artist as one line, and ``None`` is returned: the host keeps running.
    """
    if not ensure_saved():
        return None
    try:
        adapter = importlib.import_module(f"accsyn_dcc.hosts.{host}.adapter")
        return open_submit_dialog(host=host, collect=adapter.collect, host_version=host_version(), parent=None)
    except Exception as exc:  # noqa: BLE001 - tell the artist, keep the host running
        from accsyn_dcc.core.errors import describe

        _log.exception("accsyn-dcc: the submit dialog failed")
        tell(describe(exc))
        return None


def open_submit_dialog(host: str, collect: Callable[[], SceneInfo], *, host_version: Optional[str] = None,
                       parent: Any = None, **inject: Any) -> SubmitDialog:
    """Show the host's submit dialog (one per host: raised and rescanned if already open).

    ``parent`` defaults to the host's main window. ``inject`` passes core stand-ins through to
    :class:`SubmitDialog` (``resolve=``, ``submit=``, ``spec_from_result=``, ``config=``).
    """
    from accsyn_dcc.hosts.common import qtcompat

    app = qtcompat.app_instance()
    dialog = _alive(_OPEN.get(host))
    if dialog is None:
        from accsyn_dcc.hosts.common.dialog import SubmitDialog

        if getattr(app, "_accsyn_dcc_own_app", False):
            from accsyn_dcc.hosts.common.theme import apply_standalone_look

            apply_standalone_look(app)
        owner = parent if parent is not None else qtcompat.host_main_window()
        dialog = SubmitDialog(collect=collect, host=host, host_version=host_version, parent=owner, **inject)
        _OPEN[host] = dialog
    else:
        dialog.set_collect(collect, host_version=host_version)
        dialog.rescan()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def _alive(dialog: Any) -> Any:
    """The cached dialog unless Qt deleted it (its parent window closed)."""
    if dialog is None:
        return None
    try:
        dialog.objectName()
    except RuntimeError:  # "Internal C++ object already deleted"
        return None
    return dialog
