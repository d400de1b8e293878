"""The glue between core's objects and the dialog's fields (no Qt): resolving core functions
lazily, and reading a JobSpec into the form's field values."""

from __future__ import annotations

from typing import Any, Callable, Dict


def core_function(module: str, name: str) -> Callable[..., Any]:
    """``accsyn_dcc.core.<module>.<name>``, imported when first needed (no requests at import time)."""
    import importlib

    return getattr(importlib.import_module(f"accsyn_dcc.core.{module}"), name)


def spec_fields(spec: Any) -> Dict[str, Any]:
    """The form's fields from a core JobSpec."""
    settings = getattr(spec, "settings", None) or {}
    bucket = getattr(spec, "bucket_size", None) or settings.get("task_bucketsize")
    return {
        "name": getattr(spec, "name", "") or "",
        "engine": getattr(spec, "engine", "") or "",
        "range": getattr(spec, "range", "") or "",
        "bucket_size": int(bucket) if str(bucket or "").isdigit() else None,
        "filters": getattr(spec, "filters", "") or "",
        "output": getattr(spec, "output", "") or "",
        "arguments": getattr(spec, "arguments", "") or "",
        "input_conversion": getattr(spec, "input_conversion", "always") or "always",
        "envs": getattr(spec, "envs", None) or {},
        "sites": getattr(spec, "sites", None) or {},
    }


def changed_fields(values: Dict[str, Any], defaults: Dict[str, Any]) -> Dict[str, Any]:
    """The fields the user changed from the scene's defaults: only these are sticky, so a new
    frame range or output in the scene still shows next time unless the user had overridden it."""
    def norm(v: Any) -> Any:
        return None if v in ("", None, {}, []) else v

    return {k: v for k, v in values.items() if norm(v) != norm(defaults.get(k))}
