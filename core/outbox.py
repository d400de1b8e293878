"""The outbox: every submission is written here before it is sent; nothing is lost.

One folder per submission under ``ACCSYN_DCC_HOME/outbox`` (platformdirs default)::

    <id>/payload.json    the Compute payload exactly as it will be sent
    <id>/manifest.json   the dependency manifest (path, size, mtime, frames)
    <id>/state.json      {"status": queued|sending|sent|failed, "job_id", "last_error", "attempts", ...}

Every file is written atomically (temp file + rename). The folder never holds a secret: payloads
are checked for credential-looking keys before they are written.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

from accsyn_dcc.core.atomic import write_json
from accsyn_dcc.core.errors import OutboxError

QUEUED = "queued"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
STATUSES = (QUEUED, SENDING, SENT, FAILED)
MARKER_KEY = "accsyn_dcc_submission"
_SECRET_KEYS = ("api_key", "apikey", "password", "secret", "token", "authorization")


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _new_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + "-" + secrets.token_hex(4)


def _check_no_secret(obj: Any, where: str) -> None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            if any(s in str(k).lower() for s in _SECRET_KEYS):
                raise OutboxError(
                    f"refusing to write {where}: key {k!r} looks like a credential",
                    hint="Credentials belong in `accsyn-dcc login`, never in a payload.",
                )
            _check_no_secret(v, where)
    elif isinstance(obj, list):
        for v in obj:
            _check_no_secret(v, where)


def _read_json(path: Path) -> Dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            obj = json.load(fh)
    except FileNotFoundError:
        raise OutboxError(f"outbox file missing: {path}") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise OutboxError(f"outbox file unreadable: {path}: {exc}") from exc
    if not isinstance(obj, dict):
        raise OutboxError(f"outbox file is not a JSON object: {path}")
    return obj


class Entry:
    """One submission in the outbox."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.id = self.path.name

    def __repr__(self) -> str:
        return f"Entry({self.id!r})"

    @property
    def payload(self) -> Dict[str, Any]:
        return _read_json(self.path / "payload.json")

    @property
    def manifest(self) -> Dict[str, Any]:
        return _read_json(self.path / "manifest.json")

    @property
    def state(self) -> Dict[str, Any]:
        return _read_json(self.path / "state.json")

    @property
    def status(self) -> str:
        return str(self.state.get("status", QUEUED))

    def set_state(self, **changes: Any) -> Dict[str, Any]:
        """Merge ``changes`` into state.json atomically; a status change is appended to history."""
        if "status" in changes and changes["status"] not in STATUSES:
            raise OutboxError(f"unknown outbox status {changes['status']!r}; use one of {STATUSES}")
        state = self.state
        if "status" in changes and changes["status"] != state.get("status"):
            history = list(state.get("history", []))
            history.append({"status": changes["status"], "at": _now(),
                            **({"error": changes["last_error"]} if changes.get("last_error") else {})})
            state["history"] = history
        state.update(changes)
        state["updated"] = _now()
        write_json(self.path / "state.json", state)
        return state

    def summary(self) -> Dict[str, Any]:
        st = self.state
        try:
            p = self.payload
        except OutboxError:
            p = {}
        return {
            "id": self.id,
            "status": st.get("status"),
            "job_id": st.get("job_id"),
            "name": p.get("name"),
            "engine": p.get("engine"),
            "input": p.get("input"),
            "created": st.get("created"),
            "attempts": st.get("attempts", 0),
            "last_error": st.get("last_error"),
            "path": str(self.path),
        }


class Outbox:
    """The outbox folder. ``root`` defaults to ``accsyn_dcc.core.paths.outbox_dir()``."""

    def __init__(self, root: Union[str, Path, None] = None) -> None:
        if root is None:
            from accsyn_dcc.core import paths

            root = paths.outbox_dir()
        self.root = Path(root)

    def create(
        self, payload: Dict[str, Any], manifest: Dict[str, Any], meta: Optional[Dict[str, Any]] = None
    ) -> Entry:
        """Write a new entry (payload, manifest, then state last: an entry without state.json is
        incomplete and ignored by :meth:`list`). Sets the submission marker in the payload."""
        payload = json.loads(json.dumps(payload))  # deep copy, and proof it serialises
        _check_no_secret(payload, "payload")
        _check_no_secret(manifest, "manifest")
        _check_no_secret(meta or {}, "meta")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            for _ in range(5):
                entry_id = _new_id()
                path = self.root / entry_id
                try:
                    path.mkdir()
                    break
                except FileExistsError:
                    continue
            else:  # pragma: no cover - 32 random bits collided five times
                raise OutboxError("could not allocate an outbox entry id")
            payload.setdefault("parameters", {})[MARKER_KEY] = entry_id
            write_json(path / "payload.json", payload)
            write_json(path / "manifest.json", manifest)
            write_json(path / "state.json", {"status": QUEUED, "created": _now(), "updated": _now(),
                                             "attempts": 0, "job_id": None, "last_error": None,
                                             "history": [{"status": QUEUED, "at": _now()}],
                                             **({"meta": meta} if meta else {})})
        except OSError as exc:
            raise OutboxError(
                f"cannot write the outbox at {self.root}: {exc.strerror or exc}",
                hint="Set ACCSYN_DCC_HOME to a writable folder.",
            ) from exc
        return Entry(path)

    def list(self) -> List[Entry]:
        """Complete entries, oldest first (ids sort by creation time)."""
        if not self.root.is_dir():
            return []
        out = []
        with os.scandir(self.root) as it:
            for de in it:
                if de.is_dir() and not de.name.startswith(".") and os.path.exists(os.path.join(de.path, "state.json")):
                    out.append(Entry(Path(de.path)))
        return sorted(out, key=lambda e: e.id)

    def pending(self) -> List[Entry]:
        """Entries not yet sent, oldest first. Dry-run entries are left out: they are sent only
        when named explicitly (``accsyn-dcc outbox send ID``)."""
        out = []
        for e in self.list():
            st = e.state
            if st.get("status") != SENT and not st.get("meta", {}).get("dry_run"):
                out.append(e)
        return out

    def get(self, entry_id: str) -> Entry:
        """The entry with this id, or the one entry whose id starts with it."""
        entries = self.list()
        exact = [e for e in entries if e.id == entry_id]
        if exact:
            return exact[0]
        matches = [e for e in entries if e.id.startswith(entry_id)] if entry_id else []
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise OutboxError(f"no outbox entry {entry_id!r} in {self.root}",
                              hint="Run `accsyn-dcc outbox list` to see the entries.")
        raise OutboxError(f"outbox id {entry_id!r} is ambiguous ({len(matches)} entries start with it)",
                          hint="Give more characters of the id.")
