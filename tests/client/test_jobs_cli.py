"""`status`, `pause`, `resume`, `abort`, `doctor` against the stand-in; the roaming (local site) check."""

from __future__ import annotations

import json
import socket

import pytest

from accsyn_dcc.core import jobs
from accsyn_dcc.core.cli.main import main
from accsyn_dcc.core.delivery import send_entry
from accsyn_dcc.core.outbox import Outbox

JOB = {"engine": "nuke-16", "name": "sh020 comp", "input": "share=x/a.nk", "range": "1-6"}


def _cli(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def sent(standin, client_env, session):
    entry = Outbox().create(dict(JOB), {})
    state = send_entry(entry, session)
    assert state["status"] == "sent"
    job_id = state["job_id"]
    for task in standin.tasks[job_id][:2]:
        task["status"] = "done"
    standin.tasks[job_id][2]["status"] = "failed"
    standin.jobs[job_id].update(status="running", progress=33)
    return entry, job_id


def test_status_of_one_job_as_json(sent, capsys):
    entry, job_id = sent
    code, out, err = _cli(capsys, "status", job_id, "--json")
    assert code == 0, err
    st = json.loads(out)
    assert st["status"] == "running" and st["progress"] == 33
    assert st["tasks"] == {"done": 2, "failed": 1, "queued": 3} and st["task_total"] == 6


def test_status_by_outbox_entry_prefix_and_by_name(sent, capsys):
    entry, job_id = sent
    assert json.loads(_cli(capsys, "status", entry.id[:17], "--json")[1])["id"] == job_id
    assert json.loads(_cli(capsys, "status", "sh020 comp", "--json")[1])["id"] == job_id


def test_status_without_job_lists_what_this_computer_sent(sent, capsys):
    entry, job_id = sent
    code, out, err = _cli(capsys, "status")
    assert code == 0, err
    assert job_id in out and "running" in out and "done 2, failed 1, queued 3" in out


def test_status_of_an_unknown_job_is_an_input_error(standin, client_env, capsys):
    code, out, err = _cli(capsys, "status", "ffffffffffffffffffffffff")
    assert code == 2 and "no job ffffffffffffffffffffffff" in err


def test_pause_resume_abort(sent, standin, capsys):
    entry, job_id = sent
    assert _cli(capsys, "pause", job_id)[0] == 0
    assert standin.jobs[job_id]["status"] == "paused"
    assert _cli(capsys, "resume", job_id)[0] == 0
    assert standin.jobs[job_id]["status"] == "waiting"  # resume writes "waiting", never "running"
    code, out, err = _cli(capsys, "abort", job_id, "--yes", "--json")
    assert code == 0 and json.loads(out)["status"] == "aborted"
    code, out, err = _cli(capsys, "pause", job_id)
    assert code == 2 and "already aborted" in err
    edits = [r.event for r in standin.events("compute/edit")]
    assert [(e["id"], e["data"]) for e in edits] == [
        (job_id, {"status": "paused"}),
        (job_id, {"status": "waiting"}),
        (job_id, {"status": "aborted"}),
    ]


def test_doctor_reports_each_step(standin, client_env, capsys):
    code, out, err = _cli(capsys, "doctor", "--json")
    assert code == 0, out + err
    report = json.loads(out)
    assert [c["check"] for c in report["checks"]] == [
        "credentials",
        "server",
        "login",
        "engines",
        "desktop app",
    ]
    assert "5 engines: arnold-7-maya-2024" in report["checks"][3]["detail"]
    assert report["checks"][4]["ok"] is True and "not running" in report["checks"][4]["detail"]


def test_doctor_names_the_failing_step(standin, client_env, capsys, monkeypatch):
    monkeypatch.setenv("ACCSYN_API_KEY", "wrong")
    code, out, err = _cli(capsys, "doctor")
    assert code == 1
    assert "FAIL  login" in out and "rejected the credentials" in out and "fix the first FAIL" in out


def test_doctor_without_credentials(client_env, capsys, monkeypatch):
    monkeypatch.delenv("ACCSYN_API_USER")
    code, out, err = _cli(capsys, "doctor")
    assert code == 1 and "FAIL  credentials" in out and "ACCSYN_API_USER" in out


ROAMING = dict(JOB, parameters={"site": {"local": {"settings": {"upload": {"task_bucketsize": "1"}}}}})


def test_roaming_submit_without_the_desktop_app_explains_and_does_not_create(standin, client_env, session):
    entry = Outbox().create(dict(ROAMING), {})
    state = send_entry(entry, session)
    assert state["status"] == "failed"
    assert "accsyn desktop app is not running" in state["last_error"]
    assert "upload = sending the scene" in state["last_error"]  # the local-site swap rule
    assert standin.events("compute/create") == []


def test_roaming_submit_with_the_desktop_app(standin, client_env, session):
    session.login()
    standin.clients.append({"user": session.uid, "code": socket.gethostname(), "type": "0", "status": "online"})
    state = send_entry(Outbox().create(dict(ROAMING), {}), session)
    assert state["status"] == "sent"
    assert jobs.local_site_note(ROAMING) and jobs.local_site_note(JOB) is None
