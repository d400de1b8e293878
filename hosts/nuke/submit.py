"""*Render > Submit to accsyn...*: make sure the script is saved, then open the shared dialog."""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

import logging
import os
from typing import Any, Optional

TITLE = "Submit to accsyn"

_log = logging.getLogger(__name__)


def _script_name() -> str:
    import nuke

    try:
        return nuke.scriptName()
    except RuntimeError:  # untitled
        return ""


def ensure_saved() -> bool:
    """True when the script on disk is what the farm should render (after saving if asked)."""
    import nuke

    try:
        if not _script_name():
            if not nuke.ask("This script has never been saved; the farm renders the file on disk.\n"
                            "Save it now? (No cancels the submit.)"):
                return False
            nuke.scriptSaveAs()
            return bool(_script_name())
        if nuke.root().modified():
            name = os.path.basename(_script_name())
            if not nuke.ask(f"{name} has unsaved changes; the farm renders the file on disk.\n"
                            "Save before submitting? (No cancels the submit.)"):
                return False
            return bool(nuke.scriptSave())
    except RuntimeError as exc:  # Nuke raises when the save dialog is cancelled or the save fails
        nuke.message(f"{TITLE}: the script was not saved ({exc}).")
        return False
    return True


def main() -> Optional[Any]:
    """Save if needed, then show the submit dialog; returns it (None when cancelled)."""
    import nuke

    if not ensure_saved():
        return None
    try:
        from accsyn_dcc.hosts.common.launch import open_submit_dialog
        from accsyn_dcc.hosts.nuke import adapter

        return open_submit_dialog(host="nuke", collect=adapter.collect,
                                  host_version=nuke.NUKE_VERSION_STRING, parent=None)
    except Exception as exc:  # noqa: BLE001 - tell the artist, keep Nuke running
        from accsyn_dcc.core.errors import describe

        _log.exception("accsyn-dcc: the submit dialog failed")
        nuke.message(f"{TITLE}: {describe(exc)}")
        return None
