"""accsyn-dcc: submit DCC scenes to an accsyn render farm.

Stable façade for pipeline scripts::

    import accsyn_dcc
    result = accsyn_dcc.check("shot010_comp_v003.nk")
    spec = accsyn_dcc.spec_from_result(result, overrides={"range": "1001-1100"})
    outcome = accsyn_dcc.submit(spec, result=result, dry_run=True)

Names resolve lazily (PEP 562), so ``import accsyn_dcc`` stays cheap inside a DCC: nothing heavy is
imported until used, and no logging is configured (the DCC owns it).
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "check": "accsyn_dcc.core.api",
    "spec_from_result": "accsyn_dcc.core.api",
    "build": "accsyn_dcc.core.api",
    "submit": "accsyn_dcc.core.api",
    "SubmitResult": "accsyn_dcc.core.api",
    "JobSpec": "accsyn_dcc.core.payload",
    "FrameSet": "accsyn_dcc.core.frames",
    "load_config": "accsyn_dcc.core.config",
    "Session": "accsyn_dcc.core.client.session",
    "AccsynDccError": "accsyn_dcc.core.errors",
}

__all__ = ["__version__", *_EXPORTS]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'accsyn_dcc' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list:
    return sorted(__all__)
