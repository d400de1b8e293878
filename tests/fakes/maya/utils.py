"""Fake ``maya.utils``: deferred execution runs at once (there is no idle loop in tests)."""

# ruff: noqa: UP045  (Optional[...] kept for Python 3.9 runtime evaluation, as in core/config.py)

from __future__ import annotations

from typing import Any, Callable, List

_deferred: List[Any] = []


def executeDeferred(*args: Any, **kwargs: Any) -> None:
    fn, args = args[0], args[1:]
    _deferred.append(fn)
    if callable(fn):
        fn(*args, **kwargs)
    else:
        exec(str(fn), {})  # noqa: S102 - what Maya does with a string


def processIdleEvents() -> None:
    return None


def _callables() -> List[Callable[..., Any]]:
    return [f for f in _deferred if callable(f)]
