"""Contract: the official accsyn-python-api 3.4.0 and our client send the same envelopes.

The official client runs in a subprocess (it configures root logging at import, D4), pointed at
the stand-in (ACCSYN_API.md section 9, mode A, and mode B' for the lookup). Ours runs the same
operations (tests/client/contract_ops.py). The server-side records must agree field by field,
ignoring the values of eid, created and hostname, and with each run's own ids and session.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.client.conftest import API_KEY, USER, WORKSPACE
from tests.client.contract_ops import run_ops

HERE = Path(__file__).parent
CREATED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
VOLATILE = ("eid", "created", "hostname")


def _official_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCSYN_", "AS_DEV"))}
    env.update({"NO_PROXY": "127.0.0.1,localhost", "PYTHONPATH": str(HERE)})
    for var in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"):
        env.pop(var, None)
    return env


def _run_official(tmp_path, standin, lookup_proxy=None):
    pytest.importorskip("accsyn_api")
    cfg = {
        "workspace": WORKSPACE,
        "user": USER,
        "key": API_KEY,
        "port": standin.port,
        "lookup_proxy": lookup_proxy,
    }
    proc = subprocess.run(
        [sys.executable, str(HERE / "contract_official.py"), json.dumps(cfg)],
        cwd=str(tmp_path),
        env=_official_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _normalise(rec, ids):
    """One recorded request as comparable data: own ids/session replaced by placeholders."""
    event = dict(rec.event)
    for key in VOLATILE:
        assert key in event, key
    assert CREATED.match(event["created"]), event["created"]
    uuid.UUID(event["eid"])
    for key in VOLATILE:
        event[key] = "<volatile>"
    event["session"] = "<session>"
    text = json.dumps(event, sort_keys=True)
    for i, job_id in enumerate(ids["jobs"]):
        text = text.replace(job_id, f"<job{i}>")
    for i, task_id in enumerate(ids["tasks"]):
        text = text.replace(task_id, f"<task{i}>")
    headers = rec.headers
    return {
        "method": rec.method,
        "path": rec.path,
        "raw_keys": sorted(rec.raw_keys),
        "event": json.loads(text),
        "content_type": headers.get("content-type"),
        "auth": (headers.get("authorization"), headers.get("x-accsyn-workspace")),
        "device": bool(headers.get("x-accsyn-device")),
    }


def test_event_envelopes_match_the_official_client(standin, session_factory, tmp_path):
    official_ids = _run_official(tmp_path, standin)
    official = list(standin.requests)
    standin.requests.clear()
    ours_ids = run_ops(session_factory())
    ours = list(standin.requests)

    assert [r.uri for r in official] == [r.uri for r in ours]
    assert official[0].uri == "login" and ours[0].uri == "login"
    assert official[0].body == ours[0].body == b"{}"
    assert official[0].headers["authorization"] == ours[0].headers["authorization"]
    events_official = [_normalise(r, official_ids) for r in official[1:]]
    events_ours = [_normalise(r, ours_ids) for r in ours[1:]]
    assert len(events_ours) == 12
    for theirs, mine in zip(events_official, events_ours):
        assert mine == theirs, mine["event"]["uri"]
    big = [e for e in events_ours if e["event"]["uri"] == "compute/create"][1]
    assert "gz_data" in big["raw_keys"] and "data" not in big["raw_keys"]


def test_queries_keep_their_case_unlike_the_official_client(session, standin):
    """D9, a deliberate difference: the expression is sent as written."""
    session.find("Compute WHERE name='Shot010 Comp'")
    assert standin.events("compute/find")[-1].event["query"] == "name='Shot010 Comp'"


def test_workspace_lookup_matches_the_official_client(standin, server_cert, session_factory, tmp_path):
    from tests.client.standin import StandIn

    plain = StandIn(None, workspace=WORKSPACE, username=USER, api_key=API_KEY).start()
    try:
        _run_official(tmp_path, plain, lookup_proxy=f"127.0.0.1:{plain.port}")
        theirs = [r for r in plain.requests if r.uri == "lookup"]
    finally:
        plain.stop()
    ours_session = session_factory(hostname=None, master=f"127.0.0.1:{standin.port}")
    ours_session.login()
    mine = [r for r in standin.requests if r.uri == "lookup"]
    assert len(theirs) == len(mine) == 1
    assert mine[0].path == theirs[0].path
    assert mine[0].raw_query == theirs[0].raw_query == "%7B%22ident%22%3A%20%22studio-ws%22%7D"
    assert "authorization" not in mine[0].headers and "authorization" not in theirs[0].headers
    assert ours_session.hostname == "127.0.0.1" and ours_session.port == standin.port
