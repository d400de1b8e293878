"""Check a payload's engine against the workspace's engines, suggesting the closest codes."""

from __future__ import annotations

import difflib
from typing import Any, Dict, Iterable, List

from accsyn_dcc.core.errors import PayloadError


def engine_codes(engines: Iterable[Dict[str, Any]]) -> List[str]:
    return sorted({str(e["code"]) for e in engines if e.get("code")})


def check_engine(engine: Any, engines: Iterable[Dict[str, Any]]) -> Dict[str, Any]:
    """The engine entity whose code or id is ``engine``; PayloadError naming close codes otherwise."""
    engines = list(engines)
    for e in engines:
        if engine and engine in (e.get("code"), e.get("id")):
            return e
    codes = engine_codes(engines)
    if not engine:
        raise PayloadError("the payload names no engine", field="engine", hint=_choose(codes))
    by_lower = {c.lower(): c for c in codes}
    matches = difflib.get_close_matches(str(engine).lower(), list(by_lower), n=3, cutoff=0.5)
    close = [by_lower[m] for m in matches]
    if close:
        hint = f"Did you mean {' or '.join(close)}?"
    else:
        hint = _choose(codes)
    raise PayloadError(f"engine {engine!r} is not one of this workspace's engines", field="engine", hint=hint)


def _choose(codes: List[str]) -> str:
    if not codes:
        return "The workspace has no engines; an admin adds them under Admin > Apps in the accsyn web app"
    return f"Choose one of: {', '.join(codes)}"
