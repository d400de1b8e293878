"""Our Session against the stand-in: typed errors with causes, retries only where safe, pooling."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from accsyn_dcc.core.client.retry import RetryPolicy
from accsyn_dcc.core.client.transport import Transport
from accsyn_dcc.core.errors import (
    AuthenticationError,
    ConnectionFailed,
    CredentialsError,
    RateLimited,
    ServerError,
    WorkspaceNotFound,
    describe,
)
from tests.client.conftest import API_KEY

JOB = {"engine": "nuke-16", "name": "sh010", "input": "share=x/a.nk", "range": "1-4"}


def test_importing_the_client_imports_no_requests_and_touches_no_logging():
    code = (
        "import logging, sys\n"
        "import accsyn_dcc.core.client, accsyn_dcc.core.client.session, accsyn_dcc.core.delivery\n"
        "import accsyn_dcc.core.jobs, accsyn_dcc.core.cli.jobs, accsyn_dcc.core.cli.auth\n"
        "assert 'requests' not in sys.modules and 'urllib3' not in sys.modules, 'requests imported'\n"
        "assert logging.getLogger().handlers == [], 'root logging configured'\n"
        "assert logging.getLogger().level == logging.WARNING\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_create_find_update_delete_round_trip(session, standin):
    job = session.create("Compute", JOB)
    assert isinstance(job, dict) and job["status"] == "init"
    assert JOB == {"engine": "nuke-16", "name": "sh010", "input": "share=x/a.nk", "range": "1-4"}  # untouched
    assert [j["id"] for j in session.find("Compute WHERE name='sh010'")] == [job["id"]]
    assert session.find_one(f"Compute WHERE id={job['id']}")["id"] == job["id"]
    assert session.update("Compute", job["id"], {"status": "paused"})["status"] == "paused"
    tasks = session.find("Task", entityid=job["id"])
    assert [t["uri"] for t in tasks] == ["1", "2", "3", "4"]
    assert session.delete_one("Compute", job["id"]) is True
    assert session.find_one(f"Compute WHERE id={job['id']}") is None


def test_one_pooled_connection_for_many_calls(session, standin):
    for _ in range(5):
        session.find("Engine")
    peers = {r.peer for r in standin.requests}
    assert len(peers) == 1  # login and five finds over one kept-alive TLS connection


def test_wrong_key_is_an_authentication_error_that_says_what_to_do(session_factory, standin):
    s = session_factory(api_key="wrong-key")
    with pytest.raises(AuthenticationError) as info:
        s.login()
    text = describe(info.value)
    assert "rejected the credentials" in text and "artist@studio.example" in text and "accsyn-dcc login" in text
    assert len([r for r in standin.requests if r.uri == "login"]) == 1  # not retried


def test_unknown_workspace_from_the_lookup(session_factory, standin):
    s = session_factory(workspace="nope", hostname=None, master=f"127.0.0.1:{standin.port}")
    with pytest.raises(WorkspaceNotFound, match="workspace 'nope' was not found") as info:
        s.login()
    assert "ACCSYN_WORKSPACE" in describe(info.value)


def test_tls_is_verified_without_the_test_ca_it_fails_with_a_hint(session_factory):
    s = session_factory(ca_bundle=None)  # certifi's store does not know the test CA
    with pytest.raises(ConnectionFailed) as info:
        s.login()
    assert "could not be verified" in describe(info.value) and "ACCSYN_CA_BUNDLE" in describe(info.value)


def test_ca_bundle_from_the_environment(standin, ca_bundle):
    from accsyn_dcc.core.client import Session

    env = {
        "ACCSYN_HOSTNAME": standin.host,
        "ACCSYN_PORT": str(standin.port),
        "ACCSYN_CA_BUNDLE": ca_bundle,
        "ACCSYN_WORKSPACE": "studio-ws",
        "ACCSYN_API_USER": "artist@studio.example",
        "ACCSYN_API_KEY": API_KEY,
    }
    with Session(env=env, keyring=None) as s:
        assert s.role == "admin"
    with Session(env={**env, "ACCSYN_CA_BUNDLE": "", "REQUESTS_CA_BUNDLE": ca_bundle}, keyring=None) as s:
        assert s.logged_in


def test_missing_ca_bundle_file_is_named(session_factory, tmp_path):
    with pytest.raises(Exception, match="does not exist"):
        session_factory(ca_bundle=str(tmp_path / "none.pem")).login()


def test_find_is_retried_on_503_and_on_a_read_timeout(session, standin):
    standin.inject("status", "engine/find", status=503)
    standin.inject("delay", "engine/find", seconds=1.0)
    assert session.engines()
    assert len(standin.events("engine/find")) == 3


def test_retries_run_out_with_the_last_cause(session, standin):
    standin.inject("status", "engine/find", times=3, status=502, message="bad gateway")
    with pytest.raises(ServerError, match="the server said: bad gateway"):
        session.engines()
    assert len(standin.events("engine/find")) == 3


def test_create_is_never_retried(session, standin):
    for fault, kw, error in (
        ("status", {"status": 503}, ServerError),
        ("delay", {"seconds": 1.0}, ConnectionFailed),
        ("drop_after", {}, ConnectionFailed),
        ("rate_limit", {"retry_after": "0"}, RateLimited),
    ):
        before = len(standin.events("compute/create"))
        standin.inject(fault, "compute/create", **kw)
        with pytest.raises(error):
            session.create("Compute", JOB)
        assert len(standin.events("compute/create")) == before + 1, fault


def test_429_retry_after_is_honoured(standin, ca_bundle):
    waits = []
    t = Transport(ca_bundle=ca_bundle, read_timeout=2, retry=RetryPolicy(attempts=3), sleep=waits.append)
    standin.inject("rate_limit", "lookup", retry_after="7")
    answer = t.request(
        "GET",
        standin.host,
        standin.port,
        "/api/v3/J3PKTtDvolDMBtTy6AFGA",
        query="%7B%22ident%22%3A%22studio-ws%22%7D",
    )
    assert answer["result"]["port"] == standin.port
    assert waits == [7.0]
    t.close()


def test_429_with_a_long_retry_after_fails_at_once(standin, ca_bundle):
    waits = []
    t = Transport(ca_bundle=ca_bundle, retry=RetryPolicy(attempts=3, max_retry_after=5), sleep=waits.append)
    standin.inject("rate_limit", "lookup", retry_after="3600")
    with pytest.raises(RateLimited) as info:
        t.request("GET", standin.host, standin.port, "/api/v3/J3PKTtDvolDMBtTy6AFGA", query="%7B%7D")
    assert info.value.retry_after == 3600 and waits == []
    t.close()


def test_keyboard_interrupt_propagates(standin, ca_bundle):
    def interrupt(_seconds):
        raise KeyboardInterrupt

    t = Transport(ca_bundle=ca_bundle, retry=RetryPolicy(attempts=3), sleep=interrupt)
    standin.inject("status", "lookup", status=503)
    with pytest.raises(KeyboardInterrupt):
        t.request("GET", standin.host, standin.port, "/api/v3/J3PKTtDvolDMBtTy6AFGA", query="%7B%7D")
    t.close()


def test_malformed_json_is_a_server_error_naming_it(session, standin):
    standin.inject("bad_json", "compute/find", times=3)
    with pytest.raises(ServerError, match="not JSON") as info:
        session.find("Compute")
    assert "502 Bad Gateway" in str(info.value)


def test_server_message_is_shown(session, standin):
    with pytest.raises(ServerError, match="the server said: status running cannot be set"):
        session.update("Compute", session.create("Compute", JOB)["id"], {"status": "running"})


def test_refused_connection_names_host_and_port(session_factory):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    s = session_factory(port=port, retry=RetryPolicy(attempts=1))
    with pytest.raises(ConnectionFailed, match=f"could not reach 127.0.0.1:{port}"):
        s.login()


def test_lazy_session_reports_missing_credentials_on_first_use():
    from accsyn_dcc.core.client import Session

    s = Session(env={}, keyring=None, lazy=True)
    with pytest.raises(CredentialsError, match="no accsyn workspace, user, API key configured") as info:
        s.login()
    assert "ACCSYN_API_KEY" in describe(info.value)


def test_bad_port_is_an_input_error():
    from accsyn_dcc.core.client import Session
    from accsyn_dcc.core.errors import InputError

    env = {"ACCSYN_WORKSPACE": "w", "ACCSYN_API_USER": "u", "ACCSYN_API_KEY": "k", "ACCSYN_PORT": "https"}
    with pytest.raises(InputError, match="ACCSYN_PORT must be a port number"):
        Session(env=env, keyring=None, lazy=True).login()


def test_app_is_running(session, standin):
    assert session.app_is_running() is False
    standin.clients.append({"user": session.uid, "code": socket.gethostname(), "type": "0", "status": "online"})
    assert session.app_is_running() is True
    assert f"code='{socket.gethostname()}'" in standin.events("client/find")[-1].event["query"]


def test_official_constructor_shape_ports_with_one_import(standin, ca_bundle, tmp_path):
    """Positional args as accsyn_api.Session; verbose/pretty_json/path_logfile accepted; an env file
    is read into the session only."""
    import os

    from accsyn_dcc.core.client import Session

    envfile = tmp_path / "creds.env"
    envfile.write_text(f'# studio\nACCSYN_API_KEY="{API_KEY}"\nPATH_CLOBBER_TEST=1\n')
    before = dict(os.environ)
    s = Session(
        "studio-ws",
        "artist@studio.example",
        None,
        standin.host,
        standin.port,
        None,
        True,
        True,
        None,
        5,
        2,
        path_envfile=str(envfile),
        ca_bundle=ca_bundle,
        env={},
        keyring=None,
    )
    assert s.logged_in and dict(os.environ) == before
    job = s.create("Compute", JOB)
    assert s.find_one(f"Compute WHERE id={job['id']}", offline=None)["id"] == job["id"]
    assert s.update_one("Compute", job["id"], {"status": "paused"})["status"] == "paused"
    assert s.find("Compute", limit=0) == [] and standin.events("compute/find")[-1].event["data"]["limit"] == 0
    s.close()


def test_proxy_keeps_tls_end_to_end(session_factory, standin):
    """ACCSYN_PROXY host:port is an HTTP CONNECT proxy; the key never crosses it in clear (D2)."""
    from tests.client.standin import ConnectProxy

    proxy = ConnectProxy().start()
    try:
        s = session_factory(proxy=f"127.0.0.1:{proxy.port}")
        s.create("Compute", JOB)
    finally:
        proxy.stop()
    assert proxy.targets == [f"127.0.0.1:{standin.port}"]  # one pooled tunnel
    wire = b"".join(proxy.seen)
    assert API_KEY.encode() not in wire and b"compute/create" not in wire and b"Authorization" not in wire


def test_expired_session_logs_in_again_for_finds_but_not_for_create(session, standin):
    standin.inject("status", "engine/find", status=401, message="session expired")
    assert session.engines()
    assert [r.uri for r in standin.requests] == ["login", "engine/find", "login", "engine/find"]
    standin.inject("status", "compute/create", status=401, message="session expired")
    with pytest.raises(AuthenticationError, match="session expired"):
        session.create("Compute", JOB)
    assert len(standin.events("compute/create")) == 1 and standin.jobs == {}
