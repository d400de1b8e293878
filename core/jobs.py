"""Job control helpers returning data: status, pause/resume/abort, the desktop-app check.

The CLI (``core/cli/jobs.py``) and the dialog format what these return; nothing here prints.
"""

from __future__ import annotations

import re
import socket
from collections import Counter
from typing import Any, Dict, List, Optional

from accsyn_dcc.core.errors import ClientError, InputError
from accsyn_dcc.core.sites import LOCAL_SITE_RULE

JOB_ID = re.compile(r"^[a-f0-9]{24}$")
#: CLI action -> the status written (ACCSYN_API.md section 6: resume is "waiting", not "running").
ACTIONS = {"pause": "paused", "resume": "waiting", "abort": "aborted"}
FINISHED = ("done", "aborted")


class AppNotRunning(ClientError):
    """A roaming submit needs the accsyn desktop app on this computer to move the files."""


def find_job(session: Any, ref: str, outbox: Any = None) -> Dict[str, Any]:
    """A job by id, by outbox entry id (or unique prefix) or by name; InputError if none."""
    ref = (ref or "").strip()
    if not ref:
        raise InputError("no job given", hint="Pass a job id, an outbox entry id or a job name")
    job_id = ref if JOB_ID.match(ref) else _job_id_from_outbox(ref, outbox)
    if job_id:
        job = session.get_entity("Compute", job_id)
        if job:
            return job
        raise InputError(f"no job {job_id} on workspace {session.workspace}")
    if "'" not in ref:
        job = session.find_one(f"Compute WHERE name='{ref}'", finished=None)
        if job:
            return job
    raise InputError(
        f"no job, outbox entry or job name {ref!r} found",
        hint="Run `accsyn-dcc status` to list the jobs sent from this computer",
    )


def _job_id_from_outbox(ref: str, outbox: Any) -> Optional[str]:
    from accsyn_dcc.core.errors import OutboxError

    if outbox is None:
        from accsyn_dcc.core.outbox import Outbox

        outbox = Outbox()
    try:
        entry = outbox.get(ref)
    except OutboxError:
        return None
    job_id = entry.state.get("job_id")
    if not job_id:
        raise InputError(
            f"outbox entry {entry.id} has no job yet (status {entry.state.get('status')})",
            hint=f"Send it with `accsyn-dcc outbox send {entry.id}`",
        )
    return str(job_id)


def task_counts(tasks: List[Dict[str, Any]]) -> Dict[str, int]:
    counts = Counter(str(t.get("status") or "unknown") for t in tasks if isinstance(t, dict))
    return dict(sorted(counts.items()))


def job_status(session: Any, job: Dict[str, Any]) -> Dict[str, Any]:
    """Status, progress and task counts by status of one job (a dict from :func:`find_job`)."""
    tasks = session.find("Task", entityid=job["id"]) or []
    return {
        "id": job["id"],
        "name": job.get("name"),
        "engine": job.get("engine"),
        "status": job.get("status"),
        "progress": job.get("progress"),
        "etr": job.get("etr"),
        "tasks": task_counts(tasks),
        "task_total": len(tasks),
    }


def set_status(session: Any, job: Dict[str, Any], action: str) -> Dict[str, Any]:
    """``pause``/``resume``/``abort`` a job. Returns the updated job. Finished jobs stay as they are."""
    if action not in ACTIONS:
        raise InputError(f"unknown job action {action!r}", hint=f"Use one of {', '.join(ACTIONS)}")
    if job.get("status") in FINISHED:
        raise InputError(f"job {job['id']} is already {job['status']}; it cannot be {action}d")
    target = ACTIONS[action]
    if job.get("status") == target:
        return job
    return session.update("Compute", job["id"], {"status": target}) or {**job, "status": target}


def is_roaming(payload: Dict[str, Any]) -> bool:
    """A payload with ``parameters.site.local`` settings expects to be submitted from a roaming site."""
    site = (payload.get("parameters") or {}).get("site") or {}
    return isinstance(site, dict) and "local" in site


def check_roaming(session: Any, payload: Dict[str, Any]) -> None:
    """Raise AppNotRunning when a roaming submit would have no desktop app to upload its files."""
    if is_roaming(payload) and not session.app_is_running():
        raise AppNotRunning(
            f"the accsyn desktop app is not running on this computer ({socket.gethostname()}) for "
            f"{session.username}, and this roaming submit needs it to upload the scene and dependencies",
            hint=f"Start the accsyn app, log in, then run `accsyn-dcc outbox send`. Note: {LOCAL_SITE_RULE}",
        )


def local_site_note(payload: Dict[str, Any]) -> Optional[str]:
    """The local-site swap rule, when the payload uses it."""
    return LOCAL_SITE_RULE if is_roaming(payload) else None
