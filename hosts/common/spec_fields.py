"""The glue between core's objects and the dialog (no Qt): resolving core functions lazily,
reading a JobSpec into the form's field values, and the words for a submit's outcome."""

from __future__ import annotations

from typing import Any, Callable, Dict, Tuple


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


def outcome_message(outcome: Any) -> Tuple[str, str]:
    """``(banner level, text)`` for a ``core.api.SubmitResult``."""
    entry = getattr(outcome, "entry", None)
    if entry is None:
        return "error", "Not submitted: fix the errors listed under Findings."
    if getattr(outcome, "dry_run", False):
        return "ok", f"Dry run: written to the outbox, not sent. Entry: {entry.path}"
    if getattr(outcome, "job_id", None):
        return "ok", f"Submitted: job {outcome.job_id}. Outbox entry: {entry.path}"
    reason = (getattr(outcome, "state", None) or {}).get("last_error") or "not sent"
    return "error", (f"Not sent: {reason}. The entry is kept at {entry.path}; "
                     "`accsyn-dcc outbox send` retries it without duplicates.")
