"""The shelf tool's action: make sure the scene is saved, then open the shared dialog."""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

from typing import Any, Optional

TITLE = "Submit to accsyn"
SAVE, CANCEL = 0, 1  # button indices of the save prompt


def _tell(text: str) -> None:
    import hou

    hou.ui.displayMessage(text, title=TITLE)


def _ask(text: str) -> bool:
    import hou

    choice = hou.ui.displayMessage(text, buttons=("Save", "Cancel"), default_choice=SAVE,
                                   close_choice=CANCEL, title=TITLE)
    return choice == SAVE


def ensure_saved() -> bool:
    """True when the .hip on disk is what the farm should render (after saving if asked)."""
    import hou

    from accsyn_dcc.core.hostdata import ensure_saved as _ensure_saved

    return _ensure_saved(is_untitled=hou.hipFile.isNewFile, is_modified=hou.hipFile.hasUnsavedChanges,
                         name=hou.hipFile.name, ask=_ask, tell=_tell, save=hou.hipFile.save,
                         save_errors=hou.Error)


def main() -> Optional[Any]:
    """Save if needed, then show the submit dialog; returns it (None when cancelled)."""
    import hou

    from accsyn_dcc.hosts.common.launch import submit_scene

    return submit_scene("houdini", ensure_saved=ensure_saved, host_version=hou.applicationVersionString,
                        tell=_tell)
