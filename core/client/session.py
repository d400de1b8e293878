"""``Session``: the accsyn API on one pooled HTTPS connection, call shapes as in the official client.

A studio script written against ``accsyn_api.Session`` ports by changing the import::

    from accsyn_dcc.core.client import Session
    session = Session()                       # ACCSYN_WORKSPACE / ACCSYN_API_USER / ACCSYN_API_KEY
    job = session.create("Compute", {...})    # one job -> its dict
    session.find("Task", entityid=job["id"])

Where to connect (fixed contract): ``hostname=``/``port=`` or ``ACCSYN_HOSTNAME``/``ACCSYN_PORT`` skip
the workspace lookup; ``ca_bundle=`` or ``ACCSYN_CA_BUNDLE`` (else ``REQUESTS_CA_BUNDLE``, else certifi)
verifies the server. There is no way to turn verification off.
"""

from __future__ import annotations

import copy
import logging
import os
import socket
from typing import Any, Dict, List, Mapping, Optional, Union

from accsyn_dcc import __version__
from accsyn_dcc.core.client import envelope
from accsyn_dcc.core.client.credentials import (
    DEFAULT_KEYRING,
    Credentials,
    load_credentials,
    read_env_file,
    validate,
)
from accsyn_dcc.core.client.retry import RetryPolicy
from accsyn_dcc.core.client.transport import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    Transport,
    resolve_ca_bundle,
)
from accsyn_dcc.core.errors import AuthenticationError, InputError, ServerError, WorkspaceNotFound

log = logging.getLogger(__name__)

MASTER = "master.accsyn.com:443"
DUPLICATE_AWARE = ("transfer", "compute", "delivery", "request", "stream", "job", "task")
APP_ONLINE = ("online", "disabled")


def _port(value: Any, name: str) -> Optional[int]:
    if value in (None, ""):
        return None
    try:
        port = int(value)
    except (TypeError, ValueError):
        port = 0
    if not 0 < port < 65536:
        raise InputError(f"{name} must be a port number (1-65535), not {value!r}")
    return port


def _split_host(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host:
        return text, 443
    return host, _port(port, "the master port") or 443


class Session:
    """An accsyn API session. Logs in on construction unless ``lazy=True`` (then on first call)."""

    def __init__(
        self,
        workspace: Optional[str] = None,
        username: Optional[str] = None,
        api_key: Optional[str] = None,
        hostname: Optional[str] = None,
        port: Optional[int] = None,
        proxy: Optional[str] = None,
        verbose: bool = False,
        pretty_json: bool = False,
        path_logfile: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        domain: Optional[str] = None,
        path_envfile: Optional[str] = None,
        *,
        ca_bundle: Optional[str] = None,
        credentials: Optional[Credentials] = None,
        retry: Optional[RetryPolicy] = None,
        master: str = MASTER,
        lazy: bool = False,
        env: Optional[Mapping[str, str]] = None,
        keyring: Any = DEFAULT_KEYRING,
    ) -> None:
        """Positional parameters as in ``accsyn_api.Session`` 3.4.0. ``verbose``, ``pretty_json`` and
        ``path_logfile`` are accepted and ignored: this library logs to its module loggers and the host
        application decides where that goes. ``path_envfile`` (or ``$ACCSYN_CREDENTIALS_PATH``) is read
        into this session only, never into ``os.environ`` (D5)."""
        self._env: Mapping[str, str] = os.environ if env is None else env
        self._envfile = path_envfile or self._env.get("ACCSYN_CREDENTIALS_PATH") or None
        self._args = (workspace or domain, username, api_key, proxy)
        self._given_creds = credentials
        self._keyring = keyring
        self._ca_bundle = ca_bundle
        self._timeouts = (connect_timeout or DEFAULT_CONNECT_TIMEOUT, timeout or DEFAULT_READ_TIMEOUT)
        self._retry = retry
        self._hostname_arg = hostname
        self._hostname: Optional[str] = None
        self._port_arg = port
        self._port: Optional[int] = None
        self._master = master
        self._creds_: Optional[Credentials] = None
        self._http_: Optional[Transport] = None
        self._session_id: Optional[str] = None
        self._uid: Optional[str] = None
        self._role = "none"
        if not lazy:
            self.login()

    def _setup(self) -> None:
        """Validate every setting before any I/O (D13). Lazy sessions run this on first use."""
        if self._http_ is not None:
            return
        env = self._env
        if self._envfile:
            env = {**env, **read_env_file(self._envfile)}
        creds = self._given_creds
        if creds is None:
            creds = load_credentials(*self._args, env=env, keyring=self._keyring)
        self._creds_ = validate(creds)
        self._hostname = self._hostname_arg or env.get("ACCSYN_HOSTNAME") or None
        self._port = _port(self._port_arg if self._port_arg is not None else env.get("ACCSYN_PORT"), "ACCSYN_PORT")
        self._master_addr = _split_host(self._master)
        self._http_ = Transport(
            ca_bundle=resolve_ca_bundle(self._ca_bundle, env),
            proxy=self._creds_.proxy,
            connect_timeout=self._timeouts[0],
            read_timeout=self._timeouts[1],
            retry=self._retry,
            redact=self._creds_.redact,
        )

    @property
    def _creds(self) -> Credentials:
        self._setup()
        assert self._creds_ is not None
        return self._creds_

    @property
    def _http(self) -> Transport:
        self._setup()
        assert self._http_ is not None
        return self._http_

    def redact(self, text: str) -> str:
        """``text`` with this session's API key replaced by ``***``."""
        return self._creds_.redact(text) if self._creds_ is not None else text

    # -- properties ---------------------------------------------------------------------------
    @property
    def workspace(self) -> str:
        return self._creds.workspace

    @property
    def username(self) -> str:
        return self._creds.username

    @property
    def hostname(self) -> Optional[str]:
        """The API host: given, from ``ACCSYN_HOSTNAME``, or (after :meth:`resolve`) looked up."""
        self._setup()
        return self._hostname

    @property
    def port(self) -> Optional[int]:
        self._setup()
        return self._port

    @property
    def role(self) -> str:
        return self._role

    @property
    def uid(self) -> Optional[str]:
        return self._uid

    @property
    def logged_in(self) -> bool:
        return self._session_id is not None

    def __repr__(self) -> str:
        creds = self._creds_
        who = f"workspace={creds.workspace!r}, username={creds.username!r}, " if creds else ""
        return f"Session({who}host={self._hostname!r})"

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        if self._http_ is not None:
            self._http_.close()

    # -- connection ---------------------------------------------------------------------------
    def _device(self) -> Dict[str, str]:
        return envelope.device_header(__version__)

    def _headers(self) -> Dict[str, str]:
        headers = envelope.auth_headers(self.username, self._creds.api_key, self.workspace)
        headers.update(self._device())
        return headers

    def resolve(self) -> tuple[str, int]:
        """The workspace's API host and port, looked up on the master host unless given."""
        self._setup()
        if self._hostname is None:
            host, port = self._master_addr
            try:
                answer = self._http.request(
                    "GET",
                    host,
                    port,
                    f"{envelope.API_PREFIX}/{envelope.LOOKUP_PATH}",
                    query=envelope.encode_query({"ident": self.workspace}),
                    headers=self._device(),
                    what="workspace lookup",
                )
            except ServerError as err:
                if err.status is not None and err.status >= 500:
                    raise
                raise WorkspaceNotFound(
                    f"workspace {self.workspace!r} was not found ({err.message})",
                    hint="Check ACCSYN_WORKSPACE: it is the workspace code in your accsyn web address",
                ) from None
            result = answer.get("result") or {}
            if not isinstance(result, dict) or not result.get("hostname"):
                raise WorkspaceNotFound(
                    f"the lookup of workspace {self.workspace!r} returned no API host",
                    hint="Check ACCSYN_WORKSPACE, or set ACCSYN_HOSTNAME and ACCSYN_PORT",
                )
            self._hostname = str(result["hostname"])
            if self._port is None and result.get("port"):
                self._port = _port(result["port"], "the looked-up port")
        if self._port is None:
            self._port = 443
        return self._hostname, self._port

    def login(self) -> Dict[str, Any]:
        """``PUT /api/login``; returns the result (role, user id). Raises AuthenticationError."""
        host, port = self.resolve()
        try:
            answer = self._http.request(
                "PUT",
                host,
                port,
                f"{envelope.API_PREFIX}/api/login",
                body="{}",
                headers=self._headers(),
                what="login",
            )
        except (ServerError, AuthenticationError) as err:
            if isinstance(err, ServerError) and err.status is not None and err.status >= 500:
                raise
            raise AuthenticationError(
                f"login as {self.username} on workspace {self.workspace} failed: {err.message}",
                hint="Check the workspace, user and API key, then run `accsyn-dcc login` again",
            ) from None
        result = answer.get("result")
        if not isinstance(result, dict) or not result.get("session_id"):
            raise AuthenticationError(
                f"login as {self.username} on workspace {self.workspace} returned no session",
                hint="Check that ACCSYN_HOSTNAME/ACCSYN_PORT point at an accsyn server",
            )
        self._session_id = str(result["session_id"])
        self._uid = str(result.get("id") or "")
        self._role = str(result.get("role") or "none")
        log.debug("logged in to %s as %s (%s)", self.workspace, self.username, self._role)
        return result

    def _event(
        self,
        method: str,
        uri: str,
        data: Any,
        *,
        query: Optional[str] = None,
        entityid: Optional[str] = None,
        idempotent: bool = True,
    ) -> Any:
        """Send one event and return the answer's ``result`` (an answer without one is a ServerError).
        An idempotent call refused with 401 (an expired session) logs in again and is sent once
        more; a create never is."""
        if self._session_id is None:
            self.login()
        try:
            answer = self._send_event(method, uri, data, query, entityid, idempotent)
        except AuthenticationError:
            if not idempotent:
                raise
            log.info("%s: session refused, logging in again", uri)
            self._session_id = None
            self.login()
            answer = self._send_event(method, uri, data, query, entityid, idempotent)
        if "result" not in answer:
            raise ServerError(f"{uri}: the server's answer has no result")
        return answer["result"]

    def _send_event(
        self, method: str, uri: str, data: Any, query: Optional[str], entityid: Optional[str], idempotent: bool
    ) -> Dict[str, Any]:
        host, port = self.resolve()
        event = envelope.build_event(
            uri=uri,
            data=data,
            workspace=self.workspace,
            session_id=self._session_id or "",
            username=self.username,
            query=query,
            entityid=entityid,
        )
        wire = envelope.dumps(event)
        in_url = method in ("GET", "DELETE")
        return self._http.request(
            method,
            host,
            port,
            f"{envelope.API_PREFIX}/event",
            body=None if in_url else wire,
            query=envelope.encode_query(event) if in_url else None,
            headers=self._headers(),
            idempotent=idempotent,
            what=uri,
        )

    # -- public API (official client's call shapes) --------------------------------------------
    def create(
        self,
        entitytype: str,
        data: Union[Dict[str, Any], List[Dict[str, Any]]],
        entityid: Optional[str] = None,
        allow_duplicates: Optional[bool] = None,
        replace_duplicates: Optional[bool] = None,
    ) -> Any:
        """POST ``<entitytype>/create``, sent exactly once (never retried). One result: its dict."""
        etype = _etype(entitytype)
        if not data:
            raise InputError(f"nothing to create: empty {etype} data")
        body: Any = {"tasks": list(data)} if isinstance(data, list) else copy.deepcopy(data)
        if etype == "task" and "tasks" not in body:
            body = {"tasks": body}
        if etype in DUPLICATE_AWARE:
            if allow_duplicates is not None:
                body["allow_duplicates"] = allow_duplicates
            if replace_duplicates is not None:
                body["replace_duplicates"] = replace_duplicates
        uri = f"{etype}/{'add' if etype == 'file' else 'create'}"
        result = self._event("POST", uri, body, entityid=entityid, idempotent=False)
        if isinstance(result, list) and len(result) == 1:
            return result[0]
        return result

    def find(
        self,
        query: str,
        entityid: Optional[str] = None,
        attributes: Optional[List[str]] = None,
        finished: Optional[bool] = None,
        inactive: Optional[bool] = None,
        offline: Optional[bool] = None,
        archived: Optional[bool] = None,
        limit: Optional[int] = None,
        skip: Optional[int] = None,
        create: bool = False,
        update: bool = False,
        single_entity_query: bool = False,
    ) -> Any:
        """GET ``<entitytype>/find``. The expression is sent as written (not lowercased, D9);
        ``limit=0``/``skip=0`` are sent too (D10). ``offline`` is the deprecated name of ``inactive``."""
        if inactive is None:
            inactive = offline
        etype, expression = envelope.parse_query(query)
        if etype == "entitytypes":
            return self._event("GET", "entitytypes", {})
        if etype == "attributes":
            target = (expression or "").partition("=")[2].strip().strip("'\"")
            query_data = {"entitytype": target, "create": create, "update": update}
            return self._event("GET", "attributes", query_data)
        data: Dict[str, Any] = {}
        for key, value in (
            ("parent", entityid),
            ("finished", finished),
            ("inactive", inactive),
            ("archived", archived),
            ("limit", limit),
            ("skip", skip),
        ):
            if value is not None:
                data[key] = value
        if attributes:
            data["attributes"] = [str(a).strip() for a in attributes]
        if single_entity_query:
            data["single_entity_query"] = True
        result = self._event("GET", f"{etype}/find", data, query=expression) or []
        if single_entity_query:
            return result[0] if result else None
        return result

    def find_one(
        self,
        query: str,
        entityid: Optional[str] = None,
        attributes: Optional[List[str]] = None,
        finished: Optional[bool] = None,
        inactive: Optional[bool] = None,
        offline: Optional[bool] = None,
        archived: Optional[bool] = None,
    ) -> Optional[Dict[str, Any]]:
        """The first entity matching ``query``, or None."""
        return self.find(
            query,
            entityid=entityid,
            attributes=attributes,
            finished=finished,
            inactive=inactive or offline,
            archived=archived,
            single_entity_query=True,
        )

    def get_entity(self, entitytype: str, entityid: str) -> Optional[Dict[str, Any]]:
        """An entity by id, also when finished or archived."""
        result = self._event("GET", f"{_etype(entitytype)}/find", {}, entityid=entityid)
        return result[0] if result else None

    def update(self, entitytype: str, entityid: str, data: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """PUT ``<entitytype>/edit``; returns the updated entity."""
        if not entityid or not isinstance(data, dict) or not data:
            raise InputError("update needs an entity id and a non-empty dict")
        result = self._event("PUT", f"{_etype(entitytype)}/edit", data, entityid=entityid)
        return result[0] if isinstance(result, list) and result else result

    def update_one(self, entitytype: str, entityid: str, data: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """Deprecated name of :meth:`update` (kept for scripts written against the official client)."""
        return self.update(entitytype, entityid, data)

    def update_many(self, entitytype: str, entityid: str, data: List[Dict[str, Any]]) -> Any:
        """PUT ``task/edit`` with a list of ``{id, status/priority/metadata}`` under job ``entityid``."""
        if _etype(entitytype) != "task" or not isinstance(data, list) or not data:
            raise InputError("update_many updates a non-empty list of tasks under one job")
        return self._event("PUT", "task/edit", data, entityid=entityid)

    def delete_one(self, entitytype: str, entityid: str, data: Optional[Dict[str, Any]] = None) -> Any:
        """DELETE ``<entitytype>/delete`` (``data`` e.g. ``{"force": True}``)."""
        return self._event("DELETE", f"{_etype(entitytype)}/delete", data, entityid=entityid)

    # -- helpers beyond the official client ----------------------------------------------------
    def engines(self) -> List[Dict[str, Any]]:
        """The workspace's compute engines (``engine/find``), each a dict with at least ``code``."""
        return [e for e in (self.find("Engine") or []) if isinstance(e, dict)]

    def app_is_running(self) -> bool:
        """True if the accsyn desktop app runs on this computer for this user (hostname quoted, D19)."""
        if self._session_id is None:
            self.login()
        query = f"user={self._uid} AND code='{socket.gethostname()}' AND type=0"
        clients = self.find(f"Client WHERE {query}") or []
        return any(isinstance(c, dict) and c.get("status") in APP_ONLINE for c in clients)


def _etype(entitytype: str) -> str:
    etype = (entitytype or "").strip().lower()
    if not etype:
        raise InputError("no entity type given")
    return etype
