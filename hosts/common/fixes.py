"""What "fix" offers for a finding, and the relink fix applied to a gather result.

No Qt here: the dialog asks :func:`actions_for` which buttons to show and applies them.
"""

from __future__ import annotations

import dataclasses
import os
from typing import List, Optional, Tuple

from accsyn_dcc.core.findings import Finding, warning
from accsyn_dcc.core.refs import FILE, GatherResult

SHOW = "show"            # select the dependency row
LOCATE = "locate"        # browse for a missing file's new location
BUCKET_ONE = "bucket-1"  # set 1 frame per task (stepped ranges, max-bucket engines)
EDIT = "edit"            # focus the payload field the finding names
_BUCKET_HINTS = ("step", "bucket")
_FIELDS = ("range", "filters", "engine", "output", "envs", "name", "arguments", "input_conversion")


def actions_for(finding: Finding, result: Optional[GatherResult]) -> List[Tuple[str, str]]:
    """``[(action, button label)]`` for one finding, most useful first."""
    out: List[Tuple[str, str]] = []
    field = (finding.field or "").split(".")[0]
    code = finding.code.lower()
    if field in ("task_bucketsize", "bucket_size") or any(h in code for h in _BUCKET_HINTS):
        out.append((BUCKET_ONE, "Use 1 frame per task"))
    elif field in _FIELDS:
        out.append((EDIT, "Edit"))
    dep = _dependency(finding, result)
    if dep is not None:
        if not dep.exists and dep.kind == FILE:
            out.append((LOCATE, "Locate\u2026"))
        out.append((SHOW, "Show"))
    return out


def finding_key(finding: Finding, result: Optional[GatherResult]) -> str:
    """A key that survives a rescan (the ``ref`` index may not): code + dependency path or field."""
    dep = _dependency(finding, result)
    where = dep.path if dep is not None else (finding.field or finding.message)
    return f"{finding.code}:{where}"


def relink(result: GatherResult, index: int, new_path: str, share: Optional[str] = None) -> GatherResult:
    """A copy of ``result`` where dependency ``index`` is the file at ``new_path``.

    The scene still references the old path, so the dependency's findings become one warning
    that says so: the user decides whether the farm can still find the file.
    """
    deps = list(result.dependencies)
    old = deps[index]
    try:
        st = os.stat(new_path)
        size, mtime = st.st_size, st.st_mtime
    except OSError:
        size, mtime = 0, 0.0
    deps[index] = dataclasses.replace(old, path=new_path, exists=True, missing=None, files=[new_path],
                                      share=share, size=size, mtime=mtime)
    label = f"{old.node}.{old.attr}" if old.node and old.attr else (old.node or old.raw)
    note = warning(
        "relinked",
        f"{label} points at {old.path} in the scene; this submission sends {new_path} instead. "
        "Fix the path in the scene as well, or the farm render will look for the old file.",
        ref=index,
    )
    findings = [f for f in result.findings if f.ref != index] + [note]
    return dataclasses.replace(result, dependencies=deps, findings=findings)


def _dependency(finding: Finding, result: Optional[GatherResult]):
    if result is None or finding.ref is None or not 0 <= finding.ref < len(result.dependencies):
        return None
    return result.dependencies[finding.ref]
