"""accsyn-dcc Maya entry for a hand-made module (install.py writes its own copy of this).

Maya runs every ``userSetup.py`` in a module's ``scripts`` folder at start-up.
"""

try:
    import accsyn_dcc.hosts.maya.startup  # noqa: F401
except Exception:  # noqa: BLE001 - never break Maya's start-up
    import logging

    logging.getLogger("accsyn_dcc").exception("accsyn-dcc: could not load the Maya entry")
