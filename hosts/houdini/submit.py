"""The shelf tool's action: make sure the scene is saved, then open the shared dialog."""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

import logging
from typing import Any, Optional

TITLE = "Submit to accsyn"
SAVE, CANCEL = 0, 1  # button indices of the save prompt

_log = logging.getLogger(__name__)


def ensure_saved() -> bool:
    """True when the .hip on disk is what the farm should render (after saving if asked)."""
    import hou

    if hou.hipFile.isNewFile():
        hou.ui.displayMessage("Save the scene first: the farm renders the file on disk.", title=TITLE)
        return False
    if not hou.hipFile.hasUnsavedChanges():
        return True
    choice = hou.ui.displayMessage(
        f"{hou.hipFile.name()} has unsaved changes; the farm renders the file on disk.\n"
        "Save before submitting?",
        buttons=("Save", "Cancel"), default_choice=SAVE, close_choice=CANCEL, title=TITLE,
    )
    if choice != SAVE:
        return False
    try:
        hou.hipFile.save()
    except hou.Error as exc:
        hou.ui.displayMessage(f"The scene was not saved: {exc}", title=TITLE)
        return False
    return True


def main() -> Optional[Any]:
    """Save if needed, then show the submit dialog; returns it (None when cancelled)."""
    import hou

    if not ensure_saved():
        return None
    try:
        from accsyn_dcc.hosts.common.launch import open_submit_dialog
        from accsyn_dcc.hosts.houdini import adapter

        return open_submit_dialog(host="houdini", collect=adapter.collect,
                                  host_version=hou.applicationVersionString(), parent=None)
    except Exception as exc:  # noqa: BLE001 - tell the artist, keep Houdini running
        from accsyn_dcc.core.errors import describe

        _log.exception("accsyn-dcc: the submit dialog failed")
        hou.ui.displayMessage(describe(exc), title=TITLE)
        return None
