"""HTTPS transport: one pooled ``requests.Session``, verified TLS, timeouts, retries, typed errors.

``requests`` is imported when the first request is made, never at module import. Proxies come only
from the explicit ``proxy`` setting (``trust_env`` is off, D23). Errors never carry headers, so the
key cannot leak through them; server text is passed through ``redact`` first.
"""

from __future__ import annotations

import json
import logging
import os
import time
from typing import Any, Callable, Dict, Mapping, Optional, Tuple, Union

from accsyn_dcc.core.client.retry import RETRY_STATUSES, RetryPolicy, parse_retry_after
from accsyn_dcc.core.errors import (
    AuthenticationError,
    ClientError,
    ConnectionFailed,
    RateLimited,
    ServerError,
)

log = logging.getLogger(__name__)

DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 120.0
CA_HINT = "If your studio uses its own certificate authority, set ACCSYN_CA_BUNDLE to its PEM file"


def resolve_ca_bundle(ca_bundle: Optional[str] = None, env: Optional[Mapping[str, str]] = None) -> Union[str, bool]:
    """``ca_bundle``, else ``$ACCSYN_CA_BUNDLE``, else ``$REQUESTS_CA_BUNDLE``, else ``True`` (certifi)."""
    env = os.environ if env is None else env
    path = ca_bundle or env.get("ACCSYN_CA_BUNDLE") or env.get("REQUESTS_CA_BUNDLE")
    if not path:
        return True
    if not os.path.isfile(path):
        raise ClientError(f"the CA bundle {path} does not exist", hint="Point ACCSYN_CA_BUNDLE at a PEM file")
    return path


def proxy_url(proxy: Optional[str]) -> Optional[str]:
    """accsyn's proxy grammar (``[type:]host[:port]``, type accsyn/socks/socks5) as a requests proxy URL.

    Unlike the official client, TLS is kept through the proxy (D2): ``accsyn`` means an HTTP CONNECT
    proxy, ``socks``/``socks5`` a SOCKS5 proxy resolving names remotely (needs PySocks).
    """
    if not proxy:
        return None
    if "://" in proxy:
        return proxy
    parts = proxy.split(":")
    if len(parts) == 3:
        kind, host, port = parts
    elif len(parts) == 2:
        kind, host, port = "accsyn", parts[0], parts[1]
    elif len(parts) == 1:
        kind, host, port = "accsyn", parts[0], "80"
    else:
        kind, host, port = "", "", ""
    if kind not in ("accsyn", "socks", "socks5") or not host or not port.isdigit():
        raise ClientError(
            f"cannot understand the proxy setting {proxy!r}",
            hint="Write ACCSYN_PROXY as host:port, accsyn:host:port or socks5:host:port",
        )
    scheme = "http" if kind == "accsyn" else "socks5h"
    return f"{scheme}://{host}:{port}"


class Transport:
    """Sends one HTTPS request and turns the answer into a dict or a typed :class:`ClientError`."""

    def __init__(
        self,
        *,
        ca_bundle: Union[str, bool] = True,
        proxy: Optional[str] = None,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        retry: Optional[RetryPolicy] = None,
        redact: Callable[[str], str] = lambda text: text,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.verify = ca_bundle
        self.proxy = proxy_url(proxy)
        self.timeout: Tuple[float, float] = (float(connect_timeout), float(read_timeout))
        self.retry = retry or RetryPolicy()
        self._redact = redact
        self._sleep = sleep
        self._http: Any = None

    def _session(self) -> Any:
        if self._http is None:
            import requests
            from requests.adapters import HTTPAdapter

            http = requests.Session()
            http.trust_env = False
            http.verify = self.verify
            adapter = HTTPAdapter(pool_connections=4, pool_maxsize=8, max_retries=0)
            http.mount("https://", adapter)
            if self.proxy:
                http.proxies = {"https": self.proxy}
            self._http = http
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def request(
        self,
        method: str,
        host: str,
        port: int,
        path: str,
        *,
        body: Optional[str] = None,
        query: Optional[str] = None,
        headers: Optional[Dict[str, str]] = None,
        idempotent: bool = True,
        what: str = "",
    ) -> Dict[str, Any]:
        """One call, retried (only when ``idempotent``) on connection errors, 429 and 5xx."""
        import requests

        http = self._session()
        url = f"https://{host}:{port}{path}"
        what = what or path
        where = f"{host}:{port}"
        attempts = self.retry.attempts if idempotent else 1
        for attempt in range(1, attempts + 1):
            started = time.monotonic()
            try:
                resp = http.request(method, url, data=body, params=query, headers=headers, timeout=self.timeout)
            except requests.exceptions.SSLError as exc:
                raise ConnectionFailed(
                    f"the TLS certificate of {where} could not be verified ({_reason(exc)})", hint=CA_HINT
                ) from None
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                err = _connection_error(exc, where, what, self.timeout)
                if attempt < attempts:
                    log.info("%s failed (%s); retry %d of %d", what, err.message, attempt, attempts - 1)
                    self._sleep(self.retry.delay(attempt))
                    continue
                raise err from None
            except requests.exceptions.RequestException as exc:
                raise ConnectionFailed(f"{what} to {where} failed: {_reason(exc)}") from None
            status = resp.status_code
            log.debug("%s %s -> HTTP %d in %.3fs", method, what, status, time.monotonic() - started)
            if status in RETRY_STATUSES and attempt < attempts:
                retry_after = parse_retry_after(resp.headers.get("Retry-After"))
                if retry_after is None or retry_after <= self.retry.max_retry_after:
                    resp.close()
                    log.info("%s: HTTP %d; retry %d of %d", what, status, attempt, attempts - 1)
                    self._sleep(self.retry.delay(attempt, retry_after))
                    continue
            return self._decode(resp, what, where)
        raise AssertionError("unreachable")  # pragma: no cover

    def _decode(self, resp: Any, what: str, where: str) -> Dict[str, Any]:
        status = resp.status_code
        text = resp.text
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        said = self._server_said(body)
        if status == 403:
            raise ServerError(
                f"{what}: the server refused this for your role (HTTP 403{': ' + said if said else ''})",
                status=status,
                hint="Ask a workspace admin for access",
            )
        if status == 401:
            raise AuthenticationError(
                f"the server rejected the credentials (HTTP {status}{': ' + said if said else ''})",
                hint="Check the workspace, user and API key, then run `accsyn-dcc login` again",
            )
        if status == 429:
            err = RateLimited(
                f"{what}: the server is rate-limiting this computer (HTTP 429{': ' + said if said else ''})",
                hint="Wait a minute and try again",
            )
            err.retry_after = parse_retry_after(resp.headers.get("Retry-After"))  # type: ignore[attr-defined]
            raise err
        if body is None:
            snippet = self._redact(" ".join(text.split())[:80]) or "an empty body"
            raise ServerError(
                f"{what}: {where} answered HTTP {status} with something that is not JSON ({snippet!r})",
                status=status,
                hint="The server or a proxy in between is failing; try again later",
            )
        if said:
            raise ServerError(f"{what}: the server said: {said}", status=status)
        if status >= 400:
            raise ServerError(f"{what}: the server failed with HTTP {status}", status=status)
        if not isinstance(body, dict):
            raise ServerError(f"{what}: the server answered a JSON {type(body).__name__}, not an object")
        return body

    def _server_said(self, body: Any) -> Optional[str]:
        if not isinstance(body, dict):
            return None
        if "exception" in body:
            return self._redact(f"an exception: {body['exception']}")
        if "message" in body:
            return self._redact(str(body.get("message_hr") or body["message"]))
        return None


def _reason(exc: BaseException) -> str:
    text = str(exc.args[0]) if exc.args else type(exc).__name__
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if reason is not None:
        text = str(reason)
    return " ".join(text.split())[:200]


def _connection_error(exc: Any, where: str, what: str, timeout: Tuple[float, float]) -> ConnectionFailed:
    import requests

    if isinstance(exc, requests.exceptions.ConnectTimeout):
        msg = f"could not connect to {where} within {timeout[0]:g} s"
    elif isinstance(exc, requests.exceptions.ReadTimeout):
        msg = f"{what}: {where} did not answer within {timeout[1]:g} s"
    elif isinstance(exc, requests.exceptions.ConnectionError) and _was_sent(exc):
        msg = f"{what}: the connection to {where} dropped before the server answered"
    else:
        msg = f"could not reach {where} ({_reason(exc)})"
    return ConnectionFailed(
        msg, hint="Check the network, VPN and firewall, and ACCSYN_HOSTNAME/ACCSYN_PORT/ACCSYN_PROXY if set"
    )


_SENT_MARKERS = ("RemoteDisconnected", "ConnectionResetError", "BrokenPipe", "Connection aborted")


def _was_sent(exc: BaseException) -> bool:
    text = repr(exc)
    return any(s in text for s in _SENT_MARKERS)
