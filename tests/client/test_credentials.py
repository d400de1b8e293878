"""Credentials: env vars, a 0600 file, the keyring when it works; `accsyn-dcc login` stores them."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys

import pytest

from accsyn_dcc.core.client.credentials import (
    Credentials,
    credentials_path,
    load_credentials,
    save_credentials,
)
from accsyn_dcc.core.errors import AccsynDccError, CredentialsError, InputError, describe
from tests.client.conftest import API_KEY, USER, WORKSPACE

ENV = {"ACCSYN_WORKSPACE": "ws", "ACCSYN_API_USER": "u@x.com", "ACCSYN_API_KEY": "envkey"}


class DictKeyring:
    """A keyring backend object (same three calls as the keyring module), injected, not patched."""

    def __init__(self, broken=False, forgetful=False):
        self.store, self.broken, self.forgetful = {}, broken, forgetful

    def set_password(self, service, user, key):
        if self.broken:
            raise RuntimeError("no backend")
        if not self.forgetful:
            self.store[(service, user)] = key

    def get_password(self, service, user):
        if self.broken:
            raise RuntimeError("no backend")
        return self.store.get((service, user))

    def delete_password(self, service, user):
        self.store.pop((service, user), None)


def test_environment_as_accsyn_users_set_it():
    creds = load_credentials(env={**ENV, "ACCSYN_PROXY": "proxy:3128"}, keyring=None)
    assert (creds.workspace, creds.username, creds.api_key, creds.proxy) == (
        "ws",
        "u@x.com",
        "envkey",
        "proxy:3128",
    )
    assert creds.source == "environment"
    assert (
        load_credentials(env={**ENV, "ACCSYN_WORKSPACE": "", "ACCSYN_DOMAIN": "dom"}, keyring=None).workspace == "dom"
    )


def test_arguments_win_over_environment():
    creds = load_credentials("other", None, "argkey", env=ENV, keyring=None)
    assert (creds.workspace, creds.username, creds.api_key, creds.source) == (
        "other",
        "u@x.com",
        "argkey",
        "argument",
    )


def test_missing_values_are_named_with_what_to_do():
    with pytest.raises(CredentialsError) as info:
        load_credentials(env={"ACCSYN_WORKSPACE": "ws"}, keyring=None)
    text = describe(info.value)
    assert "no accsyn user, API key configured" in text and "accsyn-dcc login" in text


def test_header_injection_is_refused():
    with pytest.raises(CredentialsError, match="whitespace or control"):
        load_credentials(env={**ENV, "ACCSYN_API_KEY": "k\r\nX-Evil: 1"}, keyring=None)


def test_repr_never_shows_the_key():
    creds = Credentials("ws", "u", API_KEY)
    assert API_KEY not in repr(creds) and API_KEY not in str(creds)
    assert creds.redact(f"x {API_KEY} y") == "x *** y"


def test_file_store_is_0600_and_read_back_without_env():
    where = save_credentials(Credentials("ws", "u@x.com", "filekey", "p:1"), keyring=None)
    assert where == "file"
    path = credentials_path()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 or sys.platform == "win32"
    creds = load_credentials(env={}, keyring=None)
    assert (creds.workspace, creds.username, creds.api_key, creds.proxy, creds.source) == (
        "ws",
        "u@x.com",
        "filekey",
        "p:1",
        "file",
    )


def test_keyring_holds_the_key_and_the_file_does_not():
    ring = DictKeyring()
    assert save_credentials(Credentials("ws", "u@x.com", "ringkey"), keyring=ring) == "keyring"
    assert "ringkey" not in credentials_path().read_text()
    creds = load_credentials(env={}, keyring=ring)
    assert creds.api_key == "ringkey" and creds.source == "keyring"


@pytest.mark.parametrize("ring", [DictKeyring(broken=True), DictKeyring(forgetful=True)])
def test_unusable_keyring_falls_back_to_the_file(ring):
    assert save_credentials(Credentials("ws", "u@x.com", "k2"), keyring=ring) == "file"
    assert load_credentials(env={}, keyring=ring).api_key == "k2"


def test_loading_never_writes_the_environment(tmp_path):
    (tmp_path / ".env").write_text("ACCSYN_API_KEY=dotenv\nPATH_CLOBBER_TEST=1\n")
    before = dict(os.environ)
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        load_credentials(env=ENV, keyring=None)
    finally:
        os.chdir(cwd)
    assert dict(os.environ) == before


def test_corrupt_file_is_reported():
    path = credentials_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json")
    with pytest.raises(CredentialsError, match="cannot read the credentials file"):
        load_credentials(env={}, keyring=None)


def _login_in_process(capsys, key, *extra):
    """run_login with its stdin handed in (the parser's args plus ``stdin``), nothing patched."""
    from accsyn_dcc.core.cli.main import build_parser

    args = build_parser().parse_args(["login", "--workspace", WORKSPACE, "--user", USER, *extra])
    args.stdin = io.StringIO(key + "\n" if key is not None else "")
    try:
        code = args.func(args)
    except AccsynDccError as err:
        code = 2 if isinstance(err, InputError) else 1
        print(describe(err), file=sys.stderr)
    return (code, *capsys.readouterr())


def test_login_checks_then_stores(client_env, standin, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("ACCSYN_WORKSPACE", "ACCSYN_API_USER", "ACCSYN_API_KEY")}
    argv = ["login", "--workspace", WORKSPACE, "--user", USER, "--api-key-stdin", "--no-keyring"]
    proc = subprocess.run(
        [sys.executable, "-m", "accsyn_dcc", *argv],
        input=API_KEY + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "logged in to studio-ws" in proc.stdout and "readable by you only" in proc.stdout
    stored = json.loads(credentials_path().read_text())
    assert stored == {"workspace": WORKSPACE, "username": USER, "api_key": API_KEY}
    assert stat.S_IMODE(os.stat(credentials_path()).st_mode) == 0o600 or sys.platform == "win32"
    assert API_KEY not in proc.stdout + proc.stderr
    doctor = subprocess.run(
        [sys.executable, "-m", "accsyn_dcc", "doctor"], env=env, capture_output=True, text=True, timeout=60
    )
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr  # the stored credentials work without env vars
    assert "key from file" in doctor.stdout


def test_login_with_a_wrong_key_stores_nothing(client_env, capsys, standin):
    code, out, err = _login_in_process(capsys, "wrong-key", "--api-key-stdin")
    assert code == 1
    assert "rejected the credentials" in err and "wrong-key" not in err
    assert not credentials_path().exists()


def test_login_keyring_unusable_in_tests_falls_back_to_file(client_env, capsys, standin):
    code, out, err = _login_in_process(capsys, API_KEY, "--api-key-stdin")  # fail backend via env
    assert code == 0, err
    assert json.loads(credentials_path().read_text())["api_key"] == API_KEY


def test_login_without_a_terminal_or_key_is_a_usage_error(client_env, capsys):
    code, out, err = _login_in_process(capsys, None)
    assert code == 2
    assert "no API key given" in err
