"""Send outbox entries to accsyn without ever losing or duplicating a job.

The rule (see docs/internals.md, "Outbox entry marker"): state becomes ``sending`` with
``attempts + 1`` *before* the one create call, so an entry found in ``sending`` (process killed) or
``failed`` after an attempt may already have a job on the server. Such an entry is first looked up
(by name, then by ``parameters.accsyn_dcc_submission == entry.id``, finished jobs included) and the
job adopted; only when none exists is it created again. A create is never retried automatically.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any, Callable, Dict, List, Mapping, Optional

from accsyn_dcc.core.client.engines import check_engine
from accsyn_dcc.core.client.session import Session
from accsyn_dcc.core.errors import AccsynDccError, ServerError, describe

log = logging.getLogger(__name__)

MARKER_KEY = "accsyn_dcc_submission"
TIMEOUT_VAR = "ACCSYN_DCC_TIMEOUT"
CONNECT_TIMEOUT_VAR = "ACCSYN_DCC_CONNECT_TIMEOUT"

ProgressFn = Callable[[Any, Dict[str, Any]], None]


def session_from_env(env: Optional[Mapping[str, str]] = None, **overrides: Any) -> Session:
    """A lazy :class:`Session` from credentials and ``ACCSYN_HOSTNAME/PORT/CA_BUNDLE``.

    Nothing is checked or sent until first use, so a credentials problem surfaces inside
    :func:`send_entry` and is recorded on the entry. ``ACCSYN_DCC_TIMEOUT`` and
    ``ACCSYN_DCC_CONNECT_TIMEOUT`` (seconds) set the read and connect timeouts.
    """
    env = os.environ if env is None else env
    for key, var in (("timeout", TIMEOUT_VAR), ("connect_timeout", CONNECT_TIMEOUT_VAR)):
        if key not in overrides and env.get(var):
            try:
                overrides[key] = float(env[var])
            except ValueError:
                from accsyn_dcc.core.errors import InputError

                raise InputError(f"{var} must be a number of seconds, not {env[var]!r}") from None
    overrides.setdefault("lazy", True)
    return Session(env=env, **overrides)


def _quoted(value: str) -> Optional[str]:
    for quote in ("'", '"'):
        if quote not in value:
            return f"{quote}{value}{quote}"
    return None


def find_submission(session: Any, entry_id: str, name: Optional[str]) -> List[Dict[str, Any]]:
    """Jobs on the server carrying this entry's marker, live and finished, oldest first."""
    quoted = _quoted(name) if name else None
    query = f"Compute WHERE name={quoted}" if quoted else "Compute"
    seen: Dict[str, Dict[str, Any]] = {}
    for finished in (None, True):
        for job in session.find(query, finished=finished) or []:
            if not isinstance(job, dict) or not job.get("id") or job["id"] in seen:
                continue
            if "parameters" not in job:  # a find that returned few attributes: read the whole job
                job = session.get_entity("Compute", job["id"]) or job
            if (job.get("parameters") or {}).get(MARKER_KEY) == entry_id:
                seen[job["id"]] = job
    return sorted(seen.values(), key=lambda j: str(j.get("created") or ""))


def _may_exist(state: Dict[str, Any]) -> bool:
    return state.get("status") in ("sending", "failed") and int(state.get("attempts") or 0) > 0


def _fail(entry: Any, session: Any, err: BaseException) -> Dict[str, Any]:
    reason = describe(err)
    redact = getattr(session, "redact", None)
    if callable(redact):
        reason = redact(reason)
    log.warning("outbox entry %s not sent: %s", entry.id, reason)
    return entry.set_state(status="failed", last_error=reason)


def _sent(entry: Any, job: Dict[str, Any], *, adopted: bool) -> Dict[str, Any]:
    log.info("outbox entry %s %s job %s", entry.id, "adopted" if adopted else "created", job["id"])
    return entry.set_state(
        status="sent", job_id=str(job["id"]), job_status=job.get("status"), last_error=None, adopted=adopted
    )


def _preflight(session: Any, payload: Dict[str, Any]) -> None:
    """Checks before a fresh create: the engine exists; a roaming submit has the desktop app.

    An engine list the server will not give (a role without access, an older backend) or an empty
    one skips the engine check with a warning: the server still refuses an unknown engine.
    """
    from accsyn_dcc.core.jobs import check_roaming

    try:
        engines = session.engines()
    except ServerError as err:
        log.warning("engine list unavailable, engine not checked: %s", describe(err))
        engines = []
    if engines:
        check_engine(payload.get("engine"), engines)
    else:
        log.warning("the workspace listed no engines; %r not checked", payload.get("engine"))
    check_roaming(session, payload)


class _Claim:
    """``.send.lock`` in the entry folder, so two processes never send one entry at once.

    It holds the owner's pid; a lock whose process is gone (killed) is taken over.
    """

    def __init__(self, entry: Any) -> None:
        self.path = os.path.join(str(entry.path), ".send.lock")
        self.owner: Optional[int] = None

    def acquire(self) -> bool:
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                self.owner = self._read_owner()
                if self.owner is None and _younger_than(self.path, 10.0):
                    return False  # just created; its owner is writing its pid
                if self.owner is not None and _alive(self.owner, self.path):
                    return False
                self._remove()  # stale: its process died mid-send
                continue
            with os.fdopen(fd, "w") as fh:
                fh.write(str(os.getpid()))
            return True
        return False

    def _read_owner(self) -> Optional[int]:
        try:
            with open(self.path, encoding="ascii") as fh:
                return int(fh.read().strip() or "0") or None
        except (OSError, ValueError):
            return None

    def _remove(self) -> None:
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass

    release = _remove


#: on Windows (no safe liveness probe: os.kill would terminate) a lock older than this is stale.
STALE_LOCK_SECONDS = 15 * 60


def _younger_than(path: str, seconds: float) -> bool:
    try:
        return time.time() - os.path.getmtime(path) < seconds
    except OSError:
        return False


def _alive(pid: int, path: str) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _younger_than(path, STALE_LOCK_SECONDS)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists but not ours (or no way to tell on this OS): assume alive
    return True


def send_entry(entry: Any, session: Any) -> Dict[str, Any]:
    """Deliver one outbox entry: adopt its job if one exists, else create it once. Returns the state.

    An entry another live process is sending is left alone (its state is returned with a
    ``last_error`` saying so, not written).
    """
    claim = _Claim(entry)
    if not claim.acquire():
        busy = f"being sent by another accsyn-dcc process (pid {claim.owner}); try again when it is done"
        return {**entry.state, "last_error": busy}
    try:
        return _send(entry, session)
    finally:
        claim.release()


def _send(entry: Any, session: Any) -> Dict[str, Any]:
    state = entry.state
    if state.get("status") == "sent" and state.get("job_id"):
        return state
    try:
        payload = entry.payload
        if not session.logged_in:
            session.login()
        if _may_exist(state):
            jobs = find_submission(session, entry.id, payload.get("name"))
            if jobs:
                if len(jobs) > 1:
                    log.warning("entry %s has %d jobs; adopting the oldest", entry.id, len(jobs))
                return _sent(entry, jobs[0], adopted=True)
        _preflight(session, payload)
    except AccsynDccError as err:
        return _fail(entry, session, err)
    attempts = int(state.get("attempts") or 0) + 1
    entry.set_state(status="sending", attempts=attempts, last_error=None)
    try:
        job = session.create("Compute", payload)
        if isinstance(job, list) or not isinstance(job, dict) or not job.get("id"):
            raise ServerError("compute/create answered without exactly one job id")
    except AccsynDccError as err:
        return _fail(entry, session, err)
    return _sent(entry, job, adopted=False)


def send_pending(outbox: Any, session: Any, progress: Optional[ProgressFn] = None) -> List[Dict[str, Any]]:
    """Send every entry not yet sent, oldest first; one result dict per entry."""
    results = []
    for entry in outbox.pending():
        state = send_entry(entry, session)
        if progress is not None:
            progress(entry, state)
        results.append(
            {
                "id": entry.id,
                "status": state.get("status"),
                "job_id": state.get("job_id"),
                "error": state.get("last_error"),
            }
        )
    return results
