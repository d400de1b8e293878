"""Default engine codes when the studio config names none.

accsyn engine codes follow ``<renderer>-<version>`` or ``<renderer>-<version>-<host>-<version>``
(ACCSYN_API.md §7.3). A guess is only a default: on a real submit the engine is checked against the
workspace's engine list, and the config's ``engines`` table always wins.
"""

from __future__ import annotations

import re
from typing import Optional

_MAJOR = re.compile(r"(\d+)(?:\.(\d+))?")


def guess_engine(host: str, version: Optional[str] = None, renderer: Optional[str] = None) -> Optional[str]:
    """``nuke`` 14.0v5 → ``nuke-14``; ``maya`` 2023 + arnold → ``arnold-7-maya-2023``;
    ``houdini`` 20.5.x → ``mantra-20.5``. ``None`` when nothing sensible can be said."""
    m = _MAJOR.search(version or "")
    if host == "nuke":
        return f"nuke-{m.group(1)}" if m else None
    if host == "maya":
        if not m:
            return None
        r = (renderer or "").lower()
        if r in ("", "arnold", "mtoa"):
            return f"arnold-7-maya-{m.group(1)}"
        return None
    if host == "houdini":
        if not m:
            return None
        return f"mantra-{m.group(1)}.{m.group(2) or '0'}"
    return None
