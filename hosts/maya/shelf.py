"""The *accsyn* shelf with one *Submit* button, created at Maya start-up (idempotent).

:func:`schedule` defers :func:`install_shelf` with ``cmds.evalDeferred`` (the shelf UI exists only
once Maya's UI is up); :func:`install_shelf` removes any button it made before (Maya saves shelves
between sessions) and adds one, so running it twice leaves one button. Nothing here may break
Maya's start-up: failures are logged (Maya's Script Editor shows this module's logger).
"""

from __future__ import annotations

import logging

SHELF = "accsyn"
DOC_TAG = "accsyn_dcc_submit"  # marks our button, so a re-run finds and replaces it
LABEL = "Submit"
ANNOTATION = "Submit to accsyn..."
IMAGE = "pythonFamily.png"
COMMAND = "import accsyn_dcc.hosts.maya.submit as _accsyn_submit\n_accsyn_submit.main()\n"

_log = logging.getLogger(__name__)


def schedule() -> None:
    """Create the shelf once Maya is idle (no-op in batch mode)."""
    from maya import cmds

    if cmds.about(batch=True):
        return
    cmds.evalDeferred(install_safely, lowestPriority=True)


def install_safely() -> None:
    try:
        install_shelf()
    except Exception:  # noqa: BLE001 - never break Maya's start-up
        _log.exception("accsyn-dcc: could not create the %s shelf", SHELF)


def install_shelf() -> str:
    """Create (or refresh) the shelf and its button; returns the button's name."""
    from maya import cmds, mel

    from accsyn_dcc.core.hostdata import str_list

    top = mel.eval("global string $gShelfTopLevel; $accsyn_dcc_tmp = $gShelfTopLevel;")
    if not cmds.shelfLayout(SHELF, exists=True):
        cmds.shelfLayout(SHELF, parent=top)
    for child in str_list(cmds.shelfLayout(SHELF, q=True, childArray=True)):
        if cmds.shelfButton(child, exists=True) and cmds.shelfButton(child, q=True, docTag=True) == DOC_TAG:
            cmds.deleteUI(child)
    return cmds.shelfButton(parent=SHELF, label=LABEL, annotation=ANNOTATION, image=IMAGE,
                            command=COMMAND, sourceType="python", docTag=DOC_TAG)
