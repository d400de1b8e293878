"""The shelf button's action: make sure the scene is saved, then open the shared dialog."""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

import logging
import os
from typing import Any, Optional

TITLE = "Submit to accsyn"
SAVE, CANCEL = "Save", "Cancel"

_log = logging.getLogger(__name__)


def ensure_saved() -> bool:
    """True when the scene on disk is what the farm should render (after saving if asked)."""
    from maya import cmds

    scene = str(cmds.file(q=True, sceneName=True) or "")
    if not scene:
        cmds.confirmDialog(title=TITLE, message="Save the scene first: the farm renders the file on disk.",
                           button=["OK"], defaultButton="OK", cancelButton="OK", dismissString="OK")
        return False
    if not cmds.file(q=True, modified=True):
        return True
    answer = cmds.confirmDialog(
        title=TITLE,
        message=f"{os.path.basename(scene)} has unsaved changes; the farm renders the file on disk.\n"
        "Save before submitting?",
        button=[SAVE, CANCEL], defaultButton=SAVE, cancelButton=CANCEL, dismissString=CANCEL,
    )
    if answer != SAVE:
        return False
    try:
        cmds.file(save=True)
    except RuntimeError as exc:
        cmds.confirmDialog(title=TITLE, message=f"The scene was not saved: {exc}", button=["OK"],
                           defaultButton="OK", cancelButton="OK", dismissString="OK")
        return False
    return True


def main() -> Optional[Any]:
    """Save if needed, then show the submit dialog; returns it (None when cancelled)."""
    from maya import cmds

    if not ensure_saved():
        return None
    try:
        from accsyn_dcc.hosts.common.launch import open_submit_dialog
        from accsyn_dcc.hosts.maya import adapter

        return open_submit_dialog(host="maya", collect=adapter.collect,
                                  host_version=str(cmds.about(version=True)), parent=None)
    except Exception as exc:  # noqa: BLE001 - tell the artist, keep Maya running
        from accsyn_dcc.core.errors import describe

        _log.exception("accsyn-dcc: the submit dialog failed")
        cmds.confirmDialog(title=TITLE, message=describe(exc), button=["OK"], defaultButton="OK",
                           cancelButton="OK", dismissString="OK")
        return None
