"""``accsyn-dcc status [JOB]`` and ``pause JOB`` / ``resume JOB`` / ``abort JOB``.

JOB is a job id, an outbox entry id (or unique prefix) or a job name.
"""

from __future__ import annotations

import sys
from typing import Any, Dict, List

from accsyn_dcc.core.cli.common import print_json

JOB_HELP = "job id, outbox entry id (or a unique prefix of it) or job name"


def register(sub: Any) -> None:
    p = sub.add_parser(
        "status",
        help="show a job's status, progress and task counts (no JOB: the jobs sent from this computer)",
        description="Show status, progress and task counts by status. Without JOB, every job sent from "
        "this computer's outbox is shown, newest first.",
    )
    p.add_argument("job", metavar="JOB", nargs="?", help=JOB_HELP)
    p.add_argument("--limit", type=int, default=20, help="at most this many jobs without JOB (default 20)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_status)
    actions = (("pause", "pause a job"), ("resume", "resume a paused job"), ("abort", "abort a job"))
    for action, text in actions:
        ap = sub.add_parser(action, help=text, description=f"{text[0].upper()}{text[1:]} ({JOB_HELP}).")
        ap.add_argument("job", metavar="JOB", help=JOB_HELP)
        ap.add_argument("--json", action="store_true", help="print the updated job as JSON")
        if action == "abort":
            ap.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        ap.set_defaults(func=run_control, action=action)


def _session() -> Any:
    from accsyn_dcc.core.delivery import session_from_env

    return session_from_env()


def _line(st: Dict[str, Any]) -> str:
    progress = st.get("progress")
    pct = f"{progress:>3}%" if isinstance(progress, (int, float)) else "   -"
    tasks = ", ".join(f"{k} {v}" for k, v in st["tasks"].items()) or "no tasks"
    return f"{st['id']}  {str(st.get('status') or '-'):<8} {pct}  {st.get('name') or ''}  [{tasks}]"


def _sent_job_ids(limit: int) -> List[str]:
    from accsyn_dcc.core.outbox import Outbox

    ids: List[str] = []
    for entry in reversed(Outbox().list()):
        job_id = entry.state.get("job_id")
        if job_id and job_id not in ids:
            ids.append(str(job_id))
        if len(ids) >= limit:
            break
    return ids


def run_status(args: Any) -> int:
    from accsyn_dcc.core import jobs

    session = _session()
    if args.job:
        st = jobs.job_status(session, jobs.find_job(session, args.job))
        if args.json:
            print_json(st)
        else:
            print(_line(st))
        return 0
    rows = []
    for job_id in _sent_job_ids(max(1, args.limit)):
        job = session.get_entity("Compute", job_id)
        if job:
            rows.append(jobs.job_status(session, job))
        else:
            rows.append({"id": job_id, "status": "not found", "tasks": {}, "task_total": 0})
    if args.json:
        print_json({"jobs": rows})
    elif not rows:
        print("no jobs sent from this computer yet (accsyn-dcc status JOB shows any job)")
    else:
        for st in rows:
            print(_line(st))
    return 0


def run_control(args: Any) -> int:
    from accsyn_dcc.core import jobs

    session = _session()
    job = jobs.find_job(session, args.job)
    if args.action == "abort" and not args.yes and sys.stdin.isatty():
        answer = input(f"abort job {job['id']} ({job.get('name') or ''})? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("not aborted")
            return 1
    updated = jobs.set_status(session, job, args.action)
    if args.json:
        print_json(updated)
    else:
        print(f"{updated['id']}  {updated.get('status')}  {updated.get('name') or ''}")
    return 0
