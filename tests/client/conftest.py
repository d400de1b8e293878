"""Fixtures: a test CA (trustme), the stand-in server over TLS, and a client session pointed at it."""

from __future__ import annotations

import json
import shutil

import pytest

from accsyn_dcc.core.client.retry import RetryPolicy

WORKSPACE = "studio-ws"
USER = "artist@studio.example"
#: distinctive so the no-leak tests can grep every byte a test wrote for it.
API_KEY = "SECRET-KEY-7f3a9c1e5b2d"
READ_TIMEOUT = 0.5
FAST_RETRY = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.05, max_retry_after=5.0)


@pytest.fixture(scope="session")
def test_ca():
    trustme = pytest.importorskip("trustme")
    return trustme.CA()


@pytest.fixture(scope="session")
def server_cert(test_ca):
    return test_ca.issue_cert("127.0.0.1", "localhost")


@pytest.fixture(scope="session")
def ca_bundle(test_ca, tmp_path_factory):
    path = tmp_path_factory.mktemp("ca") / "test-ca.pem"
    test_ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def standin(server_cert):
    from tests.client.standin import StandIn

    server = StandIn(server_cert, workspace=WORKSPACE, username=USER, api_key=API_KEY).start()
    yield server
    server.stop()


@pytest.fixture
def client_env(standin, ca_bundle, monkeypatch):
    """Environment as a user of the CLI against the stand-in would set it (the fixed contract)."""
    values = {
        "ACCSYN_HOSTNAME": standin.host,
        "ACCSYN_PORT": str(standin.port),
        "ACCSYN_CA_BUNDLE": ca_bundle,
        "ACCSYN_WORKSPACE": WORKSPACE,
        "ACCSYN_API_USER": USER,
        "ACCSYN_API_KEY": API_KEY,
        "ACCSYN_DCC_TIMEOUT": str(READ_TIMEOUT),
        "ACCSYN_DCC_CONNECT_TIMEOUT": "2",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


@pytest.fixture
def session_factory(standin, ca_bundle):
    """Sessions pointed at the stand-in (explicit arguments, empty env); closed after the test."""
    from accsyn_dcc.core.client import Session

    made = []

    def make(**kw):
        args = dict(
            workspace=WORKSPACE,
            username=USER,
            api_key=API_KEY,
            hostname=standin.host,
            port=standin.port,
            ca_bundle=ca_bundle,
            timeout=READ_TIMEOUT,
            connect_timeout=2,
            retry=FAST_RETRY,
            env={},
            keyring=None,
            lazy=True,
        )
        args.update(kw)
        s = Session(**args)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


@pytest.fixture
def session(session_factory):
    return session_factory(lazy=False)


SHARE_ID = "5c5bf52a1da7ee0165105b85"


@pytest.fixture
def scene(tmp_path, repo_dir, monkeypatch):
    """A copy of the bundled Nuke example under a share root, with a studio config naming it."""
    root = tmp_path / "proj"
    shutil.copytree(repo_dir / "examples" / "nuke", root / "nuke")
    cfg = tmp_path / "studio.json"
    cfg.write_text(
        json.dumps(
            {
                "shares": [{"id": SHARE_ID, "name": "projects", "roots": {"linux": str(root)}}],
                "engines": {"nuke": "nuke-14"},
            }
        )
    )
    monkeypatch.setenv("ACCSYN_DCC_CONFIG", str(cfg))
    return str(root / "nuke" / "comp_v001.nk")
