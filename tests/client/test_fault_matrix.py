"""Fault matrix: submit through the CLI against the stand-in with one fault injected, then resend.

For every fault: afterwards exactly one job exists on the server (or none, with the outbox entry
marked failed and a reason naming the cause), and the outbox entry is intact: its payload is the
one written at submit time and its files are valid JSON. A resend never makes a second job.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from accsyn_dcc.core.cli.main import main
from accsyn_dcc.core.outbox import Outbox


def _cli(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _only_entry():
    entries = Outbox().list()
    assert len(entries) == 1, entries
    return entries[0]


def _assert_intact(entry, payload_at_submit):
    for name in ("payload.json", "manifest.json", "state.json"):
        with open(entry.path / name, encoding="utf-8") as fh:
            json.load(fh)
    assert entry.payload == payload_at_submit
    assert not [p for p in os.listdir(entry.path) if p.endswith(".tmp")]


def _jobs_with_marker(standin, entry_id):
    return [j for j in standin.jobs.values() if j.get("parameters", {}).get("accsyn_dcc_submission") == entry_id]


# fault kind, uri it hits, its parameters, does the create reach the server's state, words in the reason
FAULTS = [
    ("delay", "compute/create", {"seconds": 1.5}, True, "did not answer within 0.5 s"),
    ("drop_before", "compute/create", {}, False, "dropped before the server answered"),
    ("drop_after", "compute/create", {}, True, "dropped before the server answered"),
    (
        "status",
        "compute/create",
        {"status": 500, "message": "database unavailable"},
        False,
        "the server said: database unavailable",
    ),
    (
        "status",
        "compute/create",
        {"status": 503, "message": "maintenance"},
        False,
        "the server said: maintenance",
    ),
    ("bad_json", "compute/create", {"status": 502}, False, "not JSON"),
    ("status", "login", {"status": 401, "message": "Invalid credentials"}, False, "rejected the credentials"),
    ("rate_limit", "compute/create", {"retry_after": "1"}, False, "rate-limiting"),
]


@pytest.mark.parametrize(
    "kind,uri,params,committed,reason",
    FAULTS,
    ids=[f"{f[0]}-{f[1]}-{f[2].get('status', '')}" for f in FAULTS],
)
def test_submit_with_fault_then_resend_makes_exactly_one_job(
    kind, uri, params, committed, reason, standin, client_env, scene, capsys
):
    standin.inject(kind, uri, **params)
    code, out, err = _cli(capsys, "submit", scene, "--json", "--yes")
    entry = _only_entry()
    payload = entry.payload
    state = entry.state
    assert code == 1, (out, err)
    assert state["status"] == "failed"
    assert reason in state["last_error"], state["last_error"]
    assert reason in (out + err)
    assert len(standin.jobs) == (1 if committed else 0)
    assert len(standin.events("compute/create")) == (0 if uri == "login" else 1)  # never retried
    _assert_intact(entry, payload)

    code, out, err = _cli(capsys, "outbox", "send", "--json")
    assert code == 0, (out, err)
    state = entry.state
    assert state["status"] == "sent" and state["last_error"] is None
    jobs = _jobs_with_marker(standin, entry.id)
    assert len(standin.jobs) == len(jobs) == 1
    assert state["job_id"] == jobs[0]["id"]
    assert state.get("adopted") is committed  # a job that reached the server is adopted, not re-created
    assert len(standin.events("compute/create")) == (0 if uri == "login" else 1) + (0 if committed else 1)
    _assert_intact(entry, payload)

    # a further send is a no-op
    assert _cli(capsys, "outbox", "send")[0] == 0
    assert len(standin.jobs) == 1


@pytest.mark.parametrize(
    "kind,params",
    [
        ("rate_limit", {"retry_after": "0.2"}),
        ("status", {"status": 503}),
        ("delay", {"seconds": 1.0}),
        ("drop_before", {}),
    ],
)
def test_faults_on_idempotent_calls_are_retried_and_the_submit_succeeds(
    kind, params, standin, client_env, scene, capsys
):
    standin.inject(kind, "engine/find", **params)
    code, out, err = _cli(capsys, "submit", scene, "--json", "--yes")
    assert code == 0, (out, err)
    assert json.loads(out)["status"] == "sent"
    assert len(standin.jobs) == 1
    assert len(standin.events("engine/find")) == 2


def test_killed_after_the_entry_was_written_and_before_send(standin, client_env, scene, capsys):
    """`submit --dry-run` leaves exactly what a kill right after the write leaves: a queued entry."""
    entry = Outbox().create({"engine": "nuke-14", "name": "killed", "input": "share=x/a.nk", "range": "1-2"}, {})
    assert entry.state["status"] == "queued"
    code, out, err = _cli(capsys, "outbox", "send")
    assert code == 0, err
    assert entry.state["status"] == "sent"
    assert len(_jobs_with_marker(standin, entry.id)) == len(standin.jobs) == 1


@pytest.mark.parametrize("on_server", [True, False])
def test_killed_while_sending_is_adopted_or_created_once(on_server, standin, client_env, capsys):
    """State "sending" (killed during create): adopt the job if the create got through, else create."""
    entry = Outbox().create({"engine": "nuke-14", "name": "sh010", "input": "share=x/a.nk", "range": "1-2"}, {})
    entry.set_state(status="sending", attempts=1)
    other = standin.add_job(engine="nuke-14", name="sh010", parameters={"accsyn_dcc_submission": "someone-else"})
    if on_server:
        mine = standin.add_job(**entry.payload)
        standin.jobs[mine["id"]]["status"] = "done"  # finished jobs are found too
    code, out, err = _cli(capsys, "outbox", "send", entry.id)
    assert code == 0, err
    jobs = _jobs_with_marker(standin, entry.id)
    assert len(jobs) == 1 and entry.state["job_id"] == jobs[0]["id"] != other["id"]
    assert len(standin.events("compute/create")) == (0 if on_server else 1)
    assert entry.state["adopted"] is on_server


def test_process_killed_during_create_then_resend_adopts(standin, client_env, tmp_path, capsys):
    """A real kill -9 of `accsyn-dcc outbox send` while the server holds the create's answer."""
    entry = Outbox().create({"engine": "nuke-14", "name": "kill9", "input": "share=x/a.nk", "range": "1-3"}, {})
    payload = entry.payload
    standin.inject("delay", "compute/create", seconds=30)
    env = dict(os.environ, ACCSYN_DCC_TIMEOUT="60")
    proc = subprocess.Popen(
        [sys.executable, "-m", "accsyn_dcc", "outbox", "send"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(300):  # bounded: at most ~30 s
            if standin.events("compute/create") or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert standin.events("compute/create"), proc.communicate(timeout=5)
    finally:
        proc.kill()
        proc.communicate(timeout=10)
    assert entry.state["status"] == "sending" and entry.state["attempts"] == 1
    _assert_intact(entry, payload)
    assert len(standin.jobs) == 1  # committed; its answer never arrived
    code, out, err = _cli(capsys, "outbox", "send")
    assert code == 0, err
    assert entry.state["status"] == "sent" and entry.state["adopted"] is True
    assert len(standin.jobs) == 1 and len(standin.events("compute/create")) == 1
    _assert_intact(entry, payload)


def test_unknown_engine_fails_before_create_and_names_close_engines(standin, client_env, scene, capsys):
    code, out, err = _cli(capsys, "submit", scene, "--engine", "nuke-61", "--json", "--yes")
    assert code == 1
    state = _only_entry().state
    assert "engine 'nuke-61' is not one of this workspace's engines" in state["last_error"]
    assert "nuke-16" in state["last_error"]  # the closest names are suggested
    assert standin.events("compute/create") == [] and standin.jobs == {}


def test_an_entry_being_sent_by_another_live_process_is_left_alone(standin, client_env, session):
    from accsyn_dcc.core.delivery import send_entry

    entry = Outbox().create({"engine": "nuke-14", "name": "busy", "input": "share=x/a.nk"}, {})
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (entry.path / ".send.lock").write_text(str(other.pid))
        state = send_entry(entry, session)
        assert state["status"] == "queued" and f"pid {other.pid}" in state["last_error"]
        assert entry.state["last_error"] is None and standin.jobs == {}
    finally:
        other.kill()
        other.wait(timeout=10)
    assert send_entry(entry, session)["status"] == "sent"  # the dead owner's lock is taken over
    assert len(standin.jobs) == 1 and not (entry.path / ".send.lock").exists()


def test_engine_list_refused_by_the_server_does_not_block_the_submit(standin, client_env, session):
    """A role that may not list engines still submits; the server itself refuses unknown engines."""
    from accsyn_dcc.core.delivery import send_entry

    standin.inject("status", "engine/find", status=403, message="not permitted for your role")
    entry = Outbox().create({"engine": "nuke-14", "name": "role", "input": "share=x/a.nk"}, {})
    assert send_entry(entry, session)["status"] == "sent"
    assert len(standin.events("engine/find")) == 1 and len(standin.jobs) == 1
