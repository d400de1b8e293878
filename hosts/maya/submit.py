"""The shelf button's action: make sure the scene is saved, then open the shared dialog."""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

import os
from typing import Any, Optional

TITLE = "Submit to accsyn"
SAVE, CANCEL = "Save", "Cancel"


def _scene() -> str:
    from maya import cmds

    return str(cmds.file(q=True, sceneName=True) or "")


def _tell(text: str) -> None:
    from maya import cmds

    cmds.confirmDialog(title=TITLE, message=text, button=["OK"], defaultButton="OK", cancelButton="OK",
                       dismissString="OK")


def _ask(text: str) -> bool:
    from maya import cmds

    answer = cmds.confirmDialog(title=TITLE, message=text, button=[SAVE, CANCEL], defaultButton=SAVE,
                                cancelButton=CANCEL, dismissString=CANCEL)
    return answer == SAVE


def ensure_saved() -> bool:
    """True when the scene on disk is what the farm should render (after saving if asked)."""
    from maya import cmds

    from accsyn_dcc.core.hostdata import ensure_saved as _ensure_saved

    return _ensure_saved(is_untitled=lambda: not _scene(), is_modified=lambda: bool(cmds.file(q=True, modified=True)),
                         name=lambda: os.path.basename(_scene()), ask=_ask, tell=_tell,
                         save=lambda: cmds.file(save=True), save_errors=RuntimeError)


def main() -> Optional[Any]:
    """Save if needed, then show the submit dialog; returns it (None when cancelled)."""
    from maya import cmds

    from accsyn_dcc.hosts.common.launch import submit_scene

    return submit_scene("maya", ensure_saved=ensure_saved, host_version=lambda: str(cmds.about(version=True)),
                        tell=_tell)
