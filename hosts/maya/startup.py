"""Maya start-up entry (imported by the ``userSetup.py`` install.py writes into the module).

Schedules the accsyn shelf (:mod:`accsyn_dcc.hosts.maya.shelf`); imports neither Qt nor
requests nor the adapter. Crash-proof: a failure is logged and Maya starts normally.
"""

from __future__ import annotations

import logging


def _start() -> None:
    try:
        from accsyn_dcc.hosts.maya import shelf

        shelf.schedule()
    except Exception:  # noqa: BLE001 - never break Maya's start-up
        logging.getLogger(__name__).exception("accsyn-dcc: could not schedule the accsyn shelf")


_start()
