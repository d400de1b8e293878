"""Outbox: atomic entries, marker, listing order, state transitions, no secrets, CLI list/show."""

from __future__ import annotations

import json
import os

import pytest

from accsyn_dcc.core.cli.main import main
from accsyn_dcc.core.errors import OutboxError
from accsyn_dcc.core.outbox import MARKER_KEY, Outbox

PAYLOAD = {"name": "sh010 comp", "engine": "nuke-14", "input": "share=abc/sh010.nk", "range": "1-10",
           "parameters": {"input_conversion": "always"}}


def test_create_writes_three_files_and_sets_marker(tmp_path):
    box = Outbox(tmp_path / "ob")
    e = box.create(PAYLOAD, {"dependencies": []}, meta={"dry_run": True})
    assert sorted(os.listdir(e.path)) == ["manifest.json", "payload.json", "state.json"]
    assert e.payload["parameters"][MARKER_KEY] == e.id
    assert PAYLOAD["parameters"] == {"input_conversion": "always"}, "caller's dict is not mutated"
    st = e.state
    assert st["status"] == "queued" and st["attempts"] == 0 and st["job_id"] is None
    assert st["meta"] == {"dry_run": True}


def test_list_is_oldest_first_and_ignores_incomplete_entries(tmp_path):
    box = Outbox(tmp_path)
    ids = [box.create(PAYLOAD, {}).id for _ in range(3)]
    (tmp_path / "00000000-000000-half").mkdir()  # a crash before state.json: ignored, not listed
    assert [e.id for e in box.list()] == sorted(ids)
    assert box.get(ids[1]).id == ids[1]


def test_pending_skips_sent_and_dry_runs(tmp_path):
    box = Outbox(tmp_path)
    a = box.create(PAYLOAD, {})
    b = box.create(PAYLOAD, {}, meta={"dry_run": True})
    c = box.create(PAYLOAD, {})
    c.set_state(status="sent", job_id="0123456789abcdef01234567")
    assert [e.id for e in box.pending()] == [a.id]
    assert box.get(b.id).status == "queued"


def test_set_state_is_merged_and_history_kept(tmp_path):
    e = Outbox(tmp_path).create(PAYLOAD, {})
    e.set_state(status="sending", attempts=1)
    e.set_state(status="failed", last_error="server said: engine unknown")
    st = e.state
    assert st["attempts"] == 1 and st["status"] == "failed"
    assert [h["status"] for h in st["history"]] == ["queued", "sending", "failed"]
    assert st["history"][-1]["error"] == "server said: engine unknown"
    with pytest.raises(OutboxError):
        e.set_state(status="bogus")


def test_no_temp_files_left_behind(tmp_path):
    e = Outbox(tmp_path).create(PAYLOAD, {})
    for _ in range(5):
        e.set_state(attempts=e.state["attempts"] + 1)
    assert not [n for n in os.listdir(e.path) if n.endswith(".tmp")]


def test_refuses_credential_looking_keys(tmp_path):
    box = Outbox(tmp_path)
    bad = dict(PAYLOAD, envs={"ACCSYN_API_KEY": "x"})
    with pytest.raises(OutboxError, match="credential"):
        box.create(bad, {})
    assert box.list() == []


def test_get_unknown_and_ambiguous(tmp_path):
    box = Outbox(tmp_path)
    with pytest.raises(OutboxError, match="no outbox entry"):
        box.get("nope")
    box.create(PAYLOAD, {})
    box.create(PAYLOAD, {})
    with pytest.raises(OutboxError, match="ambiguous"):
        box.get("2")


def test_unwritable_outbox_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutboxError, match="ACCSYN_DCC_HOME"):
        Outbox(blocker / "ob").create(PAYLOAD, {})


def test_cli_list_and_show(capsys):
    e = Outbox().create(PAYLOAD, {"scene": "/x/sh010.nk", "dependencies": [{"path": "a"}]})
    assert main(["outbox", "list", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in out["entries"]] == [e.id]
    assert main(["outbox", "show", e.id, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["payload"]["name"] == "sh010 comp" and shown["manifest"]["dependencies"] == 1
    assert main(["outbox", "show", "zzz"]) == 2
    assert "no outbox entry" in capsys.readouterr().err
