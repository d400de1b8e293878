"""The few PySide2/PySide6 differences the dialog meets, in one place.

Everything else in ``hosts/common`` uses qtpy with idioms both bindings accept: unscoped enum
names (``QtCore.Qt.AlignLeft``, which PySide2 has and PySide6 still accepts), ``QtCore.Signal``,
``QtWidgets.QAction``-free code, ``horizontalAdvance`` rather than the removed ``width``,
``QPalette.Window`` rather than the removed ``Background``. This module is imported only once Qt is
wanted (never at a host's menu-module import time).
"""

from __future__ import annotations

from typing import Any

from qtpy import QtWidgets


def exec_dialog(dialog: Any) -> int:
    """Run a modal dialog: ``exec_`` on PySide2, ``exec`` on PySide6 (whose ``exec_`` is deprecated)."""
    run = getattr(dialog, "exec", None) or dialog.exec_
    return run()


def app_instance() -> Any:
    """The running QApplication; a new one only outside a host (tests, a standalone run)."""
    app = QtWidgets.QApplication.instance()
    if app is None:
        app = QtWidgets.QApplication([])
        app._accsyn_dcc_own_app = True  # no host: the dialog brings its own look (theme.py)
    return app


def host_main_window() -> Any:
    """The host's main window to parent the dialog to: the active window, else a top-level
    QMainWindow (Maya and Houdini have one; Nuke's active window is its main window)."""
    app = QtWidgets.QApplication.instance()
    if app is None:
        return None
    win = QtWidgets.QApplication.activeWindow()
    if win is not None:
        return win
    for w in QtWidgets.QApplication.topLevelWidgets():
        if isinstance(w, QtWidgets.QMainWindow) and w.isVisible():
            return w
    return None
