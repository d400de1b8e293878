"""*Render > Submit to accsyn...*: make sure the script is saved, then open the shared dialog."""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

import os
from typing import Any, Optional

from accsyn_dcc.core.hostdata import SavePrompts

TITLE = "Submit to accsyn"
PROMPTS = SavePrompts(
    untitled="This script has never been saved; the farm renders the file on disk.\n"
    "Save it now? (No cancels the submit.)",
    unsaved="{name} has unsaved changes; the farm renders the file on disk.\n"
    "Save before submitting? (No cancels the submit.)",
    not_saved="the script was not saved ({exc}).",
)


def _script_name() -> str:
    import nuke

    try:
        return nuke.scriptName()
    except RuntimeError:  # untitled
        return ""


def _tell(text: str) -> None:
    import nuke

    nuke.message(f"{TITLE}: {text}")


def ensure_saved() -> bool:
    """True when the script on disk is what the farm should render (after saving if asked)."""
    import nuke

    from accsyn_dcc.core.hostdata import ensure_saved as _ensure_saved

    # Nuke raises RuntimeError when the save dialog is cancelled or the save fails.
    return _ensure_saved(is_untitled=lambda: not _script_name(), is_modified=lambda: bool(nuke.root().modified()),
                         name=lambda: os.path.basename(_script_name()), ask=nuke.ask, tell=_tell,
                         save=nuke.scriptSave, save_as=nuke.scriptSaveAs, save_errors=RuntimeError,
                         prompts=PROMPTS)


def main() -> Optional[Any]:
    """Save if needed, then show the submit dialog; returns it (None when cancelled)."""
    import nuke

    from accsyn_dcc.hosts.common.launch import submit_scene

    return submit_scene("nuke", ensure_saved=ensure_saved, host_version=lambda: nuke.NUKE_VERSION_STRING,
                        tell=_tell)
