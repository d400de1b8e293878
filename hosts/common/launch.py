"""What a host's menu / shelf calls: ``open_submit_dialog("nuke", adapter.collect)``.

This module imports no Qt and no requests at import time (host menu modules import it at
startup); Qt and the dialog are imported when the menu item is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, Optional

if TYPE_CHECKING:  # pragma: no cover
    from accsyn_dcc.core.refs import SceneInfo
    from accsyn_dcc.hosts.common.dialog import SubmitDialog

__all__ = ["open_submit_dialog"]

_OPEN: Dict[str, Any] = {}  # host -> its one dialog, reused while it is alive


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
