"""Run by test_contract.py in a subprocess: the official accsyn-python-api client (which configures
root logging and disables urllib3 warnings at import, D4/D1) performs the contract operations
against the stand-in and prints the ids it got back as JSON on the last stdout line."""

from __future__ import annotations

import json
import sys

from contract_ops import run_ops  # noqa: E402  (same folder, put on sys.path by the caller)


def main() -> None:
    import accsyn_api

    cfg = json.loads(sys.argv[1])
    ids = {}
    if cfg.get("lookup_proxy"):
        # mode B': lookup (no hostname given) through the plain-HTTP "accsyn proxy" path
        accsyn_api.Session(
            workspace=cfg["workspace"],
            username=cfg["user"],
            api_key=cfg["key"],
            proxy=cfg["lookup_proxy"],
            timeout=10,
            connect_timeout=2,
        )
    else:  # mode A: HTTPS straight to the stand-in (the official client verifies nothing, D1)
        session = accsyn_api.Session(
            workspace=cfg["workspace"],
            username=cfg["user"],
            api_key=cfg["key"],
            hostname="127.0.0.1",
            port=cfg["port"],
            timeout=10,
            connect_timeout=2,
        )
        ids = run_ops(session)
    sys.stdout.write("\n" + json.dumps(ids) + "\n")


if __name__ == "__main__":
    main()
