"""Binary USD layers (crate ``.usdc``/``.usd``, ``.usdz``) through ``pxr``, when it is importable.

The ASCII reader cannot parse a crate file; USD's own ``UsdUtils.ExtractExternalReferences``
can. Without ``pxr`` :func:`read` returns None and the caller reports a finding.
"""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)
from __future__ import annotations

import os
from typing import Optional

from accsyn_dcc.core.refs import Reference, SceneInfo


def read(path: str) -> Optional[SceneInfo]:
    try:
        from pxr import UsdUtils  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        sublayers, references, payloads = UsdUtils.ExtractExternalReferences(path)
    except Exception:  # pxr raises Tf errors of its own types  # noqa: BLE001
        return None
    base = os.path.dirname(os.path.abspath(path)).replace("\\", "/")
    info = SceneInfo(path=path, format="usd")
    for attr, items, hint in (("subLayers", sublayers, "scene"), ("references", references, None),
                              ("payload", payloads, "scene")):
        for raw in items:
            kind = hint or ("scene" if str(raw).lower().endswith((".usd", ".usda", ".usdc")) else None)
            info.references.append(Reference(raw=str(raw), node="", attr=attr, via=path, base=base,
                                             kind_hint=kind))
    return info
