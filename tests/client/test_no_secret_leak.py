"""The API key never appears in logs, exceptions, the outbox or the payload.

Every flow runs with the most verbose logging (CLI -vv, plus every logger at DEBUG), through
success and every fault; then everything the test wrote is grepped for the key (raw and Base64):
all files under the accsyn-dcc home and the test's tmp dir, stdout/stderr, log records, the
outbox states, and the event envelopes the server received (the key may only travel in the
Authorization header).
"""

from __future__ import annotations

import base64
import logging

from accsyn_dcc.core.cli.main import main
from tests.client.conftest import API_KEY

FORMS = (API_KEY, base64.b64encode(API_KEY.encode()).decode())


def _tree_text(root):
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield str(path), path.read_bytes().decode("utf-8", errors="replace")


def test_key_appears_nowhere(standin, client_env, scene, tmp_path, capsys, caplog, monkeypatch, _isolated_home):
    caplog.set_level(logging.DEBUG)
    outputs = []

    def run(*argv):
        code = main(["-vv", *argv])
        cap = capsys.readouterr()
        outputs.append(cap.out + cap.err)
        return code

    assert run("submit", scene, "--yes") == 0, outputs
    for kind, uri, params in (
        ("status", "login", {"status": 401}),
        (
            "status",
            "compute/create",
            {"status": 500, "message": f"echo {API_KEY}"},
        ),  # a server echoing the key
        ("bad_json", "compute/create", {}),
        ("delay", "compute/create", {"seconds": 1.0}),
        ("drop_after", "compute/create", {}),
        ("rate_limit", "compute/create", {"retry_after": "1"}),
    ):
        standin.inject(kind, uri, **params)
        assert run("submit", scene, "--yes") == 1
    assert run("outbox", "send") == 0
    assert run("status") == 0
    assert run("doctor") == 0
    monkeypatch.setenv("ACCSYN_API_KEY", "wrong-" + API_KEY)
    assert run("doctor") == 1
    assert run("status", "0" * 24) == 1

    texts = dict(_tree_text(_isolated_home))
    texts.update(_tree_text(tmp_path))
    texts["output"] = "\n".join(outputs)
    texts["logs"] = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    texts["events"] = "\n".join(r.raw_query + r.body.decode() for r in standin.requests)
    assert len(texts) > 10 and "last_error" in "".join(texts.values())
    leaks = [name for name, text in texts.items() for form in FORMS if form in text]
    assert leaks == []
    auth = [r.headers.get("authorization", "") for r in standin.requests]
    assert any(FORMS[1] in a for a in auth)  # it did travel, in the header only
