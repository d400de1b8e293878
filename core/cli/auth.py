"""``accsyn-dcc login`` (store credentials) and ``accsyn-dcc doctor`` (check the connection).

The API key is never a command-line argument (it would land in shell history and the process
list): it is prompted for without echo, or read from stdin with ``--api-key-stdin``.
"""

from __future__ import annotations

import getpass
import socket
import sys
from typing import Any, Callable, Dict, List, Optional

from accsyn_dcc.core.cli.common import print_json
from accsyn_dcc.core.errors import AccsynDccError, InputError, describe


def register(sub: Any) -> None:
    p = sub.add_parser(
        "login",
        help="store accsyn credentials (OS keyring if available, else a 0600 file)",
        description="Ask for (or read) the workspace, user and API key, check them against the server "
        "and store them: the key goes to the OS keyring when the keyring package works, otherwise to "
        "a credentials file only you can read. ACCSYN_* environment variables still win over the store.",
    )
    p.add_argument("--workspace", help="workspace code (default $ACCSYN_WORKSPACE or the stored one)")
    p.add_argument("--user", help="accsyn user e-mail (default $ACCSYN_API_USER or the stored one)")
    p.add_argument("--proxy", help="proxy: host:port, accsyn:host:port or socks5:host:port")
    p.add_argument("--api-key-stdin", action="store_true", help="read the API key from stdin's first line")
    p.add_argument("--no-keyring", action="store_true", help="keep the key in the 0600 credentials file")
    p.add_argument("--no-check", action="store_true", help="store without logging in to check")
    p.set_defaults(func=run_login)
    d = sub.add_parser(
        "doctor",
        help="check credentials, reachability, login, engine list and the desktop app",
        description="Check each step of talking to accsyn and say what is wrong and what to do.",
    )
    d.add_argument("--json", action="store_true", help="print JSON")
    d.set_defaults(func=run_doctor)


def _ask(label: str, given: Optional[str], default: Optional[str]) -> str:
    if given:
        return given
    if sys.stdin.isatty():
        answer = input(f"{label}{f' [{default}]' if default else ''}: ").strip()
        return answer or (default or "")
    if default:
        return default
    raise InputError(f"no {label.lower()} given", hint=f"Pass --{label.split()[-1].lower()}")


def _stored_defaults() -> Dict[str, Any]:
    import os

    from accsyn_dcc.core.client.credentials import WORKSPACE_VARS, _read_store, credentials_path

    store = _read_store(credentials_path())
    ws = next((os.environ[v] for v in WORKSPACE_VARS if os.environ.get(v)), None) or store.get("workspace")
    return {
        "workspace": ws,
        "username": os.environ.get("ACCSYN_API_USER") or store.get("username"),
        "proxy": os.environ.get("ACCSYN_PROXY") or store.get("proxy"),
    }


def run_login(args: Any) -> int:
    from accsyn_dcc.core.client.credentials import Credentials, save_credentials, validate
    from accsyn_dcc.core.delivery import session_from_env

    stdin = getattr(args, "stdin", None) or sys.stdin
    defaults = _stored_defaults()
    workspace = _ask("Workspace", args.workspace, defaults["workspace"])
    user = _ask("User", args.user, defaults["username"])
    if args.api_key_stdin:
        key = stdin.readline().strip()
    elif stdin.isatty():
        key = getpass.getpass("API key (input hidden): ").strip()
    else:
        raise InputError("no API key given", hint="Run in a terminal, or pipe the key with --api-key-stdin")
    creds = validate(Credentials(workspace, user, key, args.proxy or defaults["proxy"], "argument"))
    if not args.no_check:
        session = session_from_env(credentials=creds)
        try:
            result = session.login()
        finally:
            session.close()
        print(f"logged in to {workspace} as {user} (role {result.get('role', '?')})")
    where = save_credentials(creds, use_keyring=not args.no_keyring)
    if where == "keyring":
        print("stored: key in the OS keyring, workspace and user in the credentials file")
    else:
        from accsyn_dcc.core.client.credentials import credentials_path

        print(f"stored: {credentials_path()} (readable by you only)")
    return 0


Check = Dict[str, Any]


def _check(checks: List[Check], name: str, fn: Callable[[], str], required: bool = True) -> bool:
    try:
        detail = fn()
    except KeyboardInterrupt:
        raise
    except AccsynDccError as err:
        checks.append({"check": name, "ok": False, "required": required, "detail": describe(err)})
        return False
    checks.append({"check": name, "ok": True, "required": required, "detail": detail})
    return True


def run_doctor(args: Any) -> int:
    from accsyn_dcc.core.client.credentials import load_credentials
    from accsyn_dcc.core.client.engines import engine_codes
    from accsyn_dcc.core.delivery import session_from_env
    from accsyn_dcc.core.errors import ConnectionFailed

    checks: List[Check] = []
    holder: Dict[str, Any] = {}

    def credentials() -> str:
        creds = load_credentials()
        holder["session"] = session_from_env(credentials=creds)
        return f"{creds.username} on workspace {creds.workspace} (key from {creds.source})"

    def server() -> str:
        session = holder["session"]
        direct = session.hostname is not None
        host, port = session.resolve()
        try:
            socket.create_connection((host, port), timeout=5).close()
        except OSError as err:
            raise ConnectionFailed(
                f"cannot open a connection to {host}:{port} ({err.strerror or type(err).__name__})",
                hint="Check the network, VPN and firewall, and ACCSYN_HOSTNAME/ACCSYN_PORT if set",
            ) from None
        return f"{host}:{port} reachable ({'ACCSYN_HOSTNAME' if direct else 'workspace lookup'})"

    def login() -> str:
        result = holder["session"].login()
        return f"logged in, role {result.get('role', '?')}"

    def engines() -> str:
        codes = engine_codes(holder["session"].engines())
        if not codes:
            raise InputError("the workspace has no compute engines", hint="An admin adds them in Admin/Apps")
        return f"{len(codes)} engines: {', '.join(codes[:12])}{' ...' if len(codes) > 12 else ''}"

    def app() -> str:
        if holder["session"].app_is_running():
            return "the accsyn desktop app is running on this computer"
        return "the accsyn desktop app is not running here (needed only for roaming submits)"

    try:
        for name, fn in (("credentials", credentials), ("server", server), ("login", login)):
            if not _check(checks, name, fn):
                break
        else:
            _check(checks, "engines", engines)
            _check(checks, "desktop app", app, required=False)
    finally:
        if "session" in holder:
            holder["session"].close()
    ok = all(c["ok"] for c in checks if c["required"]) and len(checks) >= 4
    if args.json:
        print_json({"ok": ok, "checks": checks})
    else:
        for c in checks:
            print(f"{'ok  ' if c['ok'] else 'FAIL'}  {c['check']:<12} {c['detail']}")
        print("all good" if ok else "not ready: fix the first FAIL above")
    return 0 if ok else 1
