"""``accsyn-dcc outbox list | show ID | send [ID]``."""

from __future__ import annotations

import sys
from typing import Any

from accsyn_dcc.core.cli.common import print_json


def register(sub: Any) -> None:
    p = sub.add_parser("outbox", help="list, show and send stored submissions",
                       description="Every submission is stored in the outbox before it is sent.")
    osub = p.add_subparsers(dest="outbox_verb", metavar="ACTION")
    p.set_defaults(func=lambda args: _usage(p))
    lp = osub.add_parser("list", help="list entries, oldest first")
    lp.add_argument("--json", action="store_true")
    lp.set_defaults(func=run_list)
    sp = osub.add_parser("show", help="show one entry (payload, state, manifest summary)")
    sp.add_argument("id", metavar="ID")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=run_show)
    np = osub.add_parser("send", help="send one entry, or every entry not yet sent (oldest first)",
                         description="Send outbox entries. Before resending an entry whose create may have "
                         "reached the server, the job is looked up by the entry's marker and adopted, so a "
                         "resend never creates a duplicate job. Dry-run entries are only sent when named.")
    np.add_argument("id", metavar="ID", nargs="?")
    np.add_argument("--json", action="store_true")
    np.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    np.set_defaults(func=run_send)


def _usage(p: Any) -> int:
    p.print_help(sys.stderr)
    return 2


def run_list(args: Any) -> int:
    from accsyn_dcc.core.outbox import Outbox

    box = Outbox()
    rows = [e.summary() for e in box.list()]
    if args.json:
        print_json({"outbox": str(box.root), "entries": rows})
        return 0
    if not rows:
        print(f"outbox is empty ({box.root})")
        return 0
    for r in rows:
        dry = ""
        job = r["job_id"] or "-"
        print(f"{r['id']}  {r['status']:<8} job {job:<24} {r['engine'] or '-':<20} {r['name'] or ''}{dry}")
        if r["status"] == "failed" and r["last_error"]:
            print(f"    last error: {r['last_error']}")
    return 0


def run_show(args: Any) -> int:
    from accsyn_dcc.core.outbox import Outbox

    entry = Outbox().get(args.id)
    manifest = entry.manifest
    obj = {"id": entry.id, "path": str(entry.path), "state": entry.state, "payload": entry.payload,
           "manifest": {"scene": manifest.get("scene"), "dependencies": len(manifest.get("dependencies", [])),
                        "stats": manifest.get("stats", {})}}
    if args.json:
        print_json(obj)
        return 0
    st = obj["state"]
    print(f"entry    {entry.id}\npath     {entry.path}\nstatus   {st.get('status')}  attempts {st.get('attempts', 0)}")
    if st.get("job_id"):
        print(f"job      {st['job_id']}")
    if st.get("last_error"):
        print(f"error    {st['last_error']}")
    print("payload:")
    print_json(obj["payload"])
    return 0


def run_send(args: Any) -> int:
    from accsyn_dcc.core import delivery
    from accsyn_dcc.core.outbox import Outbox

    box = Outbox()
    entries = [box.get(args.id)] if args.id else box.pending()
    if not entries:
        print("nothing to send")
        return 0
    session = delivery.session_from_env()
    results = []
    worst = 0
    for entry in entries:
        state = delivery.send_entry(entry, session)
        results.append({"id": entry.id, "status": state.get("status"), "job_id": state.get("job_id"),
                        "error": state.get("last_error")})
        if state.get("status") != "sent":
            worst = 1
    if args.json:
        print_json({"results": results})
    else:
        for r in results:
            if r["status"] == "sent":
                print(f"{r['id']}  sent  job {r['job_id']}")
            else:
                print(f"{r['id']}  {r['status']}  {r['error']}")
    return worst
