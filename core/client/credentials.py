"""Credentials: explicit values, then env vars as accsyn users set them, then the per-user store.

Environment: ``ACCSYN_WORKSPACE`` (or ``ACCSYN_DOMAIN``/``ACCSYN_ORG``), ``ACCSYN_API_USER``,
``ACCSYN_API_KEY``, ``ACCSYN_PROXY``. Store: ``<config dir>/credentials.json`` (mode 0600) holding the
workspace, user and proxy, and the key itself only when the OS keyring (``keyring`` package) is absent
or unusable. Nothing is ever written to ``os.environ`` (unlike the official client's ``.env``, D5).
The key is never part of ``repr()``, a log line or an exception.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

from accsyn_dcc.core import atomic, paths
from accsyn_dcc.core.errors import CredentialsError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "accsyn-dcc"
WORKSPACE_VARS = ("ACCSYN_WORKSPACE", "ACCSYN_DOMAIN", "ACCSYN_ORG")
LOGIN_HINT = "Run `accsyn-dcc login`, or set ACCSYN_WORKSPACE, ACCSYN_API_USER and ACCSYN_API_KEY"

#: pass as ``keyring=`` to use the installed keyring package if there is one.
DEFAULT_KEYRING: Any = object()


@dataclass(frozen=True)
class Credentials:
    workspace: str
    username: str
    api_key: str = field(repr=False)
    proxy: Optional[str] = None
    #: where the key came from: "argument", "environment", "keyring" or "file".
    source: str = "argument"

    def __repr__(self) -> str:
        return (
            f"Credentials(workspace={self.workspace!r}, username={self.username!r}, api_key='***', "
            f"proxy={self.proxy!r}, source={self.source!r})"
        )

    def redact(self, text: str) -> str:
        """``text`` with the key (and its Base64 form) replaced by ``***``."""
        from accsyn_dcc.core.client.envelope import b64

        if self.api_key:
            text = text.replace(self.api_key, "***").replace(b64(self.api_key), "***")
        return text


def credentials_path() -> Path:
    return paths.config_dir() / "credentials.json"


def _keyring_module(keyring: Any) -> Any:
    if keyring is not DEFAULT_KEYRING:
        return keyring
    try:
        import keyring as module
    except ImportError:
        return None
    return module


def _keyring_user(workspace: str, username: str) -> str:
    return f"{workspace}:{username}"


def _read_store(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as err:
        raise CredentialsError(
            f"cannot read the credentials file {path}: {type(err).__name__}", hint=LOGIN_HINT + " again"
        ) from None
    if not isinstance(data, dict):
        raise CredentialsError(f"the credentials file {path} is not a JSON object", hint=LOGIN_HINT + " again")
    return data


def _keyring_get(keyring: Any, workspace: str, username: str) -> Optional[str]:
    module = _keyring_module(keyring)
    if module is None or not workspace or not username:
        return None
    try:
        return module.get_password(KEYRING_SERVICE, _keyring_user(workspace, username)) or None
    except Exception as err:  # any backend failure means "no keyring": fall back to the file
        log.debug("keyring lookup failed: %s", type(err).__name__)
        return None


def read_env_file(path: str) -> Dict[str, str]:
    """The ``ACCSYN_*`` assignments of a ``.env`` file (``KEY=VALUE``, ``#`` comments, quotes), as a dict."""
    values: Dict[str, str] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError as err:
        raise CredentialsError(
            f"cannot read the credentials env file {path} ({err.strerror or type(err).__name__})",
            hint="Fix ACCSYN_CREDENTIALS_PATH / path_envfile, or run `accsyn-dcc login`",
        ) from None
    for line in lines:
        key, sep, value = line.strip().partition("=")
        key, value = key.strip(), value.strip()
        if not sep or key.startswith("#") or not key.startswith("ACCSYN_"):
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def load_credentials(
    workspace: Optional[str] = None,
    username: Optional[str] = None,
    api_key: Optional[str] = None,
    proxy: Optional[str] = None,
    *,
    env: Optional[Mapping[str, str]] = None,
    path: Optional[Path] = None,
    keyring: Any = DEFAULT_KEYRING,
) -> Credentials:
    """Each field from the first place that has it: argument, environment, store (keyring, file)."""
    env = os.environ if env is None else env
    env_ws = next((env[v] for v in WORKSPACE_VARS if env.get(v)), None)
    store = _read_store(path or credentials_path())
    ws = workspace or env_ws or store.get("workspace")
    user = username or env.get("ACCSYN_API_USER") or store.get("username")
    prox = proxy or env.get("ACCSYN_PROXY") or store.get("proxy") or None
    key, source = api_key, "argument"
    if not key and env.get("ACCSYN_API_KEY"):
        key, source = env["ACCSYN_API_KEY"], "environment"
    if not key:
        key, source = _keyring_get(keyring, ws or "", user or ""), "keyring"
    if not key and store.get("api_key") and (ws, user) == (store.get("workspace"), store.get("username")):
        key, source = store["api_key"], "file"
    return validate(Credentials(ws or "", user or "", key or "", prox, source))


def validate(creds: Credentials) -> Credentials:
    """Check every field before any I/O (D13); the message names what is missing."""
    missing = [
        name
        for name, value, var in (
            ("workspace", creds.workspace, "ACCSYN_WORKSPACE"),
            ("user", creds.username, "ACCSYN_API_USER"),
            ("API key", creds.api_key, "ACCSYN_API_KEY"),
        )
        if not (value or "").strip()
    ]
    if missing:
        raise CredentialsError(f"no accsyn {', '.join(missing)} configured", hint=LOGIN_HINT)
    for name, value in (("workspace", creds.workspace), ("user", creds.username), ("API key", creds.api_key)):
        if any(c.isspace() or ord(c) < 32 for c in value):
            raise CredentialsError(f"the accsyn {name} contains whitespace or control characters", hint=LOGIN_HINT)
    return creds


def save_credentials(
    creds: Credentials,
    *,
    path: Optional[Path] = None,
    keyring: Any = DEFAULT_KEYRING,
    use_keyring: bool = True,
) -> str:
    """Store ``creds``; returns where the key went: ``"keyring"`` or ``"file"`` (0600)."""
    creds = validate(creds)
    path = path or credentials_path()
    record = {"workspace": creds.workspace, "username": creds.username}
    if creds.proxy:
        record["proxy"] = creds.proxy
    where = "file"
    module = _keyring_module(keyring) if use_keyring else None
    if module is not None:
        user = _keyring_user(creds.workspace, creds.username)
        try:
            module.set_password(KEYRING_SERVICE, user, creds.api_key)
            if module.get_password(KEYRING_SERVICE, user) == creds.api_key:
                where = "keyring"
        except Exception as err:  # no usable backend: keep the key in the 0600 file instead
            log.debug("keyring store failed: %s", type(err).__name__)
    if where == "file":
        record["api_key"] = creds.api_key
    atomic.write_json(path, record, mode=0o600)
    return where


def delete_credentials(*, path: Optional[Path] = None, keyring: Any = DEFAULT_KEYRING) -> None:
    path = path or credentials_path()
    store = _read_store(path)
    module = _keyring_module(keyring)
    if module is not None and store.get("workspace") and store.get("username"):
        try:
            module.delete_password(KEYRING_SERVICE, _keyring_user(store["workspace"], store["username"]))
        except Exception as err:
            log.debug("keyring delete failed: %s", type(err).__name__)
    try:
        path.unlink()
    except FileNotFoundError:
        pass


__all__ = [
    "Credentials",
    "DEFAULT_KEYRING",
    "credentials_path",
    "delete_credentials",
    "load_credentials",
    "read_env_file",
    "save_credentials",
    "validate",
]
