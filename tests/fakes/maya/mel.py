"""Fake ``maya.mel``: only the global the shelf code reads."""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

from typing import Any

_globals = {"$gShelfTopLevel": "ShelfLayout"}


def eval(string: str, /) -> Any:  # noqa: A001 - the real name
    for name, value in _globals.items():
        if name in string:
            return value
    raise RuntimeError(f"mel: cannot evaluate {string!r} in the fake")
