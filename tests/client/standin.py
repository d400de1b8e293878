"""A stand-in accsyn server for tests: real HTTP(S) on 127.0.0.1 (stdlib), recording every request.

Implements the workspace lookup, login, ``compute/create|find|edit|delete``, ``task/find|edit``,
``engine/find`` and ``client/find`` as ACCSYN_API.md describes them, with per-request fault
injection (:meth:`StandIn.inject`): ``delay`` (answer late, after committing), ``drop_before``
(close without doing anything), ``drop_after`` (commit, then close), ``status`` (e.g. 500/503/401
with an error body), ``bad_json`` (an HTML page), ``rate_limit`` (429 with ``Retry-After``).
"""

from __future__ import annotations

import base64
import itertools
import json
import secrets
import socket
import ssl
import threading
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple

from accsyn_dcc.core.client.envelope import LOOKUP_PATH, decode_event

ENGINES = [
    {"id": "65a000000000000000000001", "code": "nuke-14", "name": "Nuke 14"},
    {"id": "65a000000000000000000002", "code": "nuke-15", "name": "Nuke 15"},
    {"id": "65a000000000000000000003", "code": "nuke-16", "name": "Nuke 16"},
    {"id": "65a000000000000000000004", "code": "arnold-7-maya-2024", "name": "Arnold 7 Maya 2024"},
    {"id": "65a000000000000000000005", "code": "mantra-20.5", "name": "Mantra 20.5"},
]
WRITABLE = ("pending", "waiting", "paused", "aborted", "done")
FINISHED = ("done", "aborted")


@dataclass
class Recorded:
    method: str
    path: str
    raw_query: str
    headers: Dict[str, str]
    body: bytes
    event: Optional[Dict[str, Any]]
    fault: Optional[str] = None
    #: top-level keys of the envelope as it arrived (before ``gz_data`` was unpacked).
    raw_keys: Tuple[str, ...] = ()
    #: the client's (host, port): equal ports mean one pooled connection.
    peer: Tuple[str, int] = ("", 0)

    @property
    def uri(self) -> Optional[str]:
        if self.path.endswith("/api/login"):
            return "login"
        if LOOKUP_PATH in self.path:
            return "lookup"
        return (self.event or {}).get("uri")


@dataclass
class Fault:
    kind: str
    uri: Optional[str]
    times: int
    params: Dict[str, Any] = field(default_factory=dict)


def _frames(spec: str) -> List[str]:
    out: List[str] = []
    for part in (spec or "").replace(" ", ",").split(","):
        if not part:
            continue
        step = 1
        if "x" in part:
            part, s = part.split("x", 1)
            step = int(s)
        a, _, b = part.partition("-")
        lo, hi = int(a), int(b or a)
        out.extend(str(f) for f in range(lo, hi + 1, step))
    return out


def _match(entity: Dict[str, Any], expression: Optional[str]) -> bool:
    """A tiny evaluator for ``a=b AND c='d'`` (what the clients under test send)."""
    if not expression:
        return True
    for clause in expression.replace(" and ", " AND ").split(" AND "):
        key, _, value = clause.strip().strip("()").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if str(entity.get(key.strip(), "")) != value:
            return False
    return True


class StandIn:
    """The server and its state. ``users`` maps (workspace, user) to the API key."""

    def __init__(self, cert: Any = None, *, workspace: str = "ws", username: str = "u@x.com", api_key: str = "k"):
        self.cert = cert
        self.users = {(workspace, username): api_key}
        self.workspaces = {workspace}
        self.jobs: Dict[str, Dict[str, Any]] = {}
        self.tasks: Dict[str, List[Dict[str, Any]]] = {}
        self.engines = [dict(e) for e in ENGINES]
        self.clients: List[Dict[str, Any]] = []
        self.requests: List[Recorded] = []
        self.faults: List[Fault] = []
        self.sessions: Dict[str, Tuple[str, str]] = {}
        self.lock = threading.Lock()
        self._seq = itertools.count()
        self.stopping = threading.Event()
        self.server: Optional[ThreadingHTTPServer] = None
        self.thread: Optional[threading.Thread] = None

    # -- control --------------------------------------------------------------------------------
    def start(self) -> StandIn:
        standin = self
        context = None
        if self.cert is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.cert.configure_cert(context)

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True

            def handle_error(self, request, client_address):  # a client that gave up is not news
                pass

            def get_request(self):  # handshake in the handler thread, not in the accept loop
                sock, addr = super().get_request()
                if context is not None:
                    sock = context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
                return sock, addr

        class Handler(_Handler):
            owner = standin

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.server_address[1]

    def inject(self, kind: str, uri: Optional[str] = None, times: int = 1, **params: Any) -> None:
        """Apply fault ``kind`` to the next ``times`` requests whose uri (or "login"/"lookup") matches."""
        with self.lock:
            self.faults.append(Fault(kind, uri, times, params))

    def events(self, uri: Optional[str] = None) -> List[Recorded]:
        with self.lock:
            return [r for r in self.requests if r.event is not None and (uri is None or r.uri == uri)]

    def add_job(self, **job: Any) -> Dict[str, Any]:
        with self.lock:
            return self._commit_job(job)

    # -- internals --------------------------------------------------------------------------------
    def _take_fault(self, uri: Optional[str]) -> Optional[Fault]:
        with self.lock:
            for fault in self.faults:
                if fault.times > 0 and (fault.uri is None or fault.uri == uri):
                    fault.times -= 1
                    return fault
        return None

    def _commit_job(self, data: Dict[str, Any]) -> Dict[str, Any]:
        job_id = secrets.token_hex(12)
        seq = next(self._seq)
        job = dict(data)
        job.update(
            {
                "id": job_id,
                "status": data.get("status", "init"),
                "progress": 0,
                "created": f"2026-12-01T12:{seq // 60 % 60:02d}:{seq % 60:02d}",
                "seq": seq,
            }
        )
        job.setdefault("name", str(data.get("input", "job")).replace("\\", "/").rsplit("/", 1)[-1])
        self.jobs[job_id] = job
        self.tasks[job_id] = [
            {"id": str(uuid.uuid4()), "uri": f, "status": "queued"} for f in _frames(str(data.get("range") or ""))
        ]
        return job

    def handle(
        self, method: str, path: str, raw_query: str, headers: Dict[str, str], body: bytes
    ) -> Tuple[int, Dict[str, str], Any, bool]:
        """Returns (status, extra headers, JSON body, whether state was committed)."""
        if LOOKUP_PATH in path:
            try:
                ident = json.loads(urllib.parse.unquote(raw_query)).get("ident")
            except ValueError:
                return 400, {}, {"message": "bad lookup"}, False
            if ident not in self.workspaces:
                return 404, {}, {"message": f"Workspace '{ident}' not found"}, False
            return 200, {}, {"result": {"hostname": self.host, "port": self.port}}, False
        ws = headers.get("x-accsyn-workspace", "")
        user = self._check_auth(headers.get("authorization", ""), ws)
        if user is None:
            return 401, {}, {"message": "Invalid credentials", "message_hr": "Wrong user or API key"}, False
        if path.endswith("/api/login"):
            sid = secrets.token_hex(8)
            with self.lock:
                self.sessions[sid] = (ws, user)
            return (
                200,
                {},
                {"result": {"role": "admin", "id": "5e0000000000000000000001", "session_id": sid}},
                False,
            )
        if not path.endswith("/event"):
            return 404, {}, {"message": f"no such endpoint {path}"}, False
        event = self._event(method, raw_query, body)
        if event is None or event.get("session") not in self.sessions:
            return 400, {}, {"message": "bad event"}, False
        with self.lock:
            return self._route(event)

    def _check_auth(self, auth: str, ws: str) -> Optional[str]:
        if not auth.startswith("basic ") or ":" not in auth:
            return None
        try:
            u, k = (base64.b64decode(p).decode("utf-8") for p in auth[6:].split(":", 1))
        except ValueError:
            return None
        return u if self.users.get((ws, u)) == k else None

    @staticmethod
    def _event(method: str, raw_query: str, body: bytes) -> Optional[Dict[str, Any]]:
        try:
            text = urllib.parse.unquote(raw_query) if method in ("GET", "DELETE") else body.decode("utf-8")
            event = decode_event(text)
        except ValueError:
            return None
        return event if isinstance(event, dict) else None

    @staticmethod
    def _raw_keys(method: str, raw_query: str, body: bytes) -> Tuple[str, ...]:
        text = urllib.parse.unquote(raw_query) if method in ("GET", "DELETE") else body.decode("utf-8")
        return tuple(json.loads(text))

    def _route(self, event: Dict[str, Any]) -> Tuple[int, Dict[str, str], Any, bool]:
        uri, data = str(event.get("uri") or "").lower(), event.get("data") or {}
        eid, query = event.get("id"), event.get("query")
        if uri == "compute/create":
            if not isinstance(data, dict) or not data.get("engine"):
                return 400, {}, {"message": "engine is required"}, False
            return 200, {}, {"result": [self._commit_job(data)]}, True
        if uri == "compute/find":
            jobs = sorted(self.jobs.values(), key=lambda j: j["seq"])
            if eid:
                found = [j for j in jobs if j["id"] == eid]
            else:
                relaxed = data.get("single_entity_query")
                want_finished = data.get("finished") is True
                found = [
                    j for j in jobs if _match(j, query) and (relaxed or (j["status"] in FINISHED) == want_finished)
                ]
            if data.get("limit") is not None:
                found = found[: data["limit"]]
            return 200, {}, {"result": found}, False
        if uri == "compute/edit":
            job = self.jobs.get(eid or "")
            if job is None:
                return 404, {}, {"message": f"no job {eid}"}, False
            if "status" in data and data["status"] not in WRITABLE:
                return 400, {}, {"message": f"status {data['status']} cannot be set"}, False
            job.update(data)
            return 200, {}, {"result": [job]}, True
        if uri == "compute/delete":
            return 200, {}, {"result": self.jobs.pop(eid or "", None) is not None}, True
        if uri == "task/find":
            tasks = [t for t in self.tasks.get(data.get("parent") or eid or "", []) if _match(t, query)]
            return 200, {}, {"result": tasks}, False
        if uri == "task/edit":
            by_id = {t["id"]: t for t in self.tasks.get(eid or "", [])}
            for change in data if isinstance(data, list) else []:
                by_id.get(change.get("id"), {}).update({k: v for k, v in change.items() if k != "id"})
            return 200, {}, {"result": list(by_id.values())}, True
        if uri == "engine/find":
            return 200, {}, {"result": [e for e in self.engines if _match(e, query)]}, False
        if uri == "client/find":
            return 200, {}, {"result": [c for c in self.clients if _match(c, query)]}, False
        return 400, {}, {"message": f"unknown uri {uri}"}, False


class _Handler(BaseHTTPRequestHandler):
    owner: StandIn
    protocol_version = "HTTP/1.1"
    timeout = 10

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _serve(self) -> None:
        owner = self.owner
        path, _, raw_query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        event = owner._event(self.command, raw_query, body) if path.endswith("/event") else None
        rec = Recorded(
            self.command,
            path,
            raw_query,
            headers,
            body,
            event,
            raw_keys=owner._raw_keys(self.command, raw_query, body) if event else (),
            peer=tuple(self.client_address[:2]),
        )
        fault = owner._take_fault(rec.uri)
        rec.fault = fault.kind if fault else None
        with owner.lock:
            owner.requests.append(rec)
        if fault is not None and fault.kind == "drop_before":
            return self._drop()
        if fault is not None and fault.kind in ("status", "rate_limit", "bad_json"):
            return self._fault_answer(fault)
        status, extra, answer, _committed = owner.handle(self.command, path, raw_query, headers, body)
        if fault is not None and fault.kind == "drop_after":
            return self._drop()
        if fault is not None and fault.kind == "delay":
            owner.stopping.wait(float(fault.params.get("seconds", 1.0)))
        self._send(status, answer, extra)

    do_GET = do_PUT = do_POST = do_DELETE = _serve

    def _fault_answer(self, fault: Fault) -> None:
        if fault.kind == "rate_limit":
            retry_after = str(fault.params.get("retry_after", "1"))
            return self._send(
                429,
                {"message": "rate limited", "message_hr": "Too many requests"},
                {"Retry-After": retry_after},
            )
        if fault.kind == "bad_json":
            page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
            return self._send_raw(int(fault.params.get("status", 200)), page, "text/html")
        status = int(fault.params.get("status", 500))
        message = fault.params.get("message", f"Internal error {status}")
        self._send(status, {"message": message, "message_hr": message})

    def _send(self, status: int, answer: Any, extra: Optional[Dict[str, str]] = None) -> None:
        self._send_raw(status, json.dumps(answer).encode("utf-8"), "application/json", extra)

    def _send_raw(self, status: int, data: bytes, ctype: str, extra: Optional[Dict[str, str]] = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:  # the client gave up (read timeout)
            self.close_connection = True

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class ConnectProxy:
    """A minimal HTTP CONNECT proxy on 127.0.0.1 that records the targets it tunnelled to.

    The TLS session runs end to end through the tunnel: the proxy only sees ciphertext.
    """

    def __init__(self) -> None:
        self.targets: List[str] = []
        self.seen: List[bytes] = []
        self.server: Optional[ThreadingHTTPServer] = None

    def start(self) -> ConnectProxy:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 10

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_CONNECT(self) -> None:
                host, _, port = self.path.rpartition(":")
                owner.targets.append(self.path)
                upstream = socket.create_connection((host, int(port)), timeout=10)
                self.send_response(200, "Connection established")
                self.end_headers()
                self.close_connection = True
                _pump(self.connection, upstream, owner.seen)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.server_address[1]

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def _pump(client: socket.socket, upstream: socket.socket, seen: List[bytes]) -> None:
    import selectors

    sel = selectors.DefaultSelector()
    sel.register(client, selectors.EVENT_READ, upstream)
    sel.register(upstream, selectors.EVENT_READ, client)
    try:
        for _ in range(100000):
            events = sel.select(timeout=10)
            if not events:
                return
            for key, _mask in events:
                data = key.fileobj.recv(65536)  # type: ignore[union-attr]
                if not data:
                    return
                seen.append(data)
                key.data.sendall(data)
    except OSError:
        return
    finally:
        sel.close()
        upstream.close()
