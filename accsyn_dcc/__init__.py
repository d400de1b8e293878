"""accsyn-dcc: submit DCC scenes to an accsyn render farm.

Stable façade: pipeline scripts import from here (or from :mod:`accsyn_dcc.core.api`).
Nothing heavy is imported at import time; no logging is configured (the DCC owns it).
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"
__all__ = ["__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
