"""Run one core call (gather, submit) off the UI thread, with progress and cancel.

The host's ``collect`` is *not* run here: DCC APIs must be called on the main thread. Only core
work (listing directories, reading nested files, writing the outbox, talking to the server) runs
in the worker. Results come back through queued signals, so slots run on the UI thread.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Optional

from qtpy import QtCore

from accsyn_dcc.core.errors import Cancelled


class CoreTask(QtCore.QThread):
    """``fn(progress, cancel)`` in a thread. Emits ``progressed(done, total, message)``, then exactly
    one of ``succeeded(result)``, ``failed(exception)`` or ``cancelled()``."""

    progressed = QtCore.Signal(int, int, str)
    succeeded = QtCore.Signal(object)
    failed = QtCore.Signal(object)
    cancelled = QtCore.Signal()

    def __init__(self, fn: Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any],
                 parent: Optional[QtCore.QObject] = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()

    def request_cancel(self) -> None:
        """Ask the core call to stop; it raises ``Cancelled`` at its next check."""
        self._cancel.set()

    def is_cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, message: str = "") -> None:
        self.progressed.emit(int(done), int(total), str(message))

    def run(self) -> None:
        try:
            result = self._fn(self._progress, self._cancel.is_set)
        except Cancelled:
            self.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - rendered in the dialog via errors.describe
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.failed.emit(exc)
        else:
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.succeeded.emit(result)
