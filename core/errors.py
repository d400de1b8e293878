"""The exception tree of accsyn-dcc.

One base, :class:`AccsynDccError`, carrying context (scene, node, host, field). Subclasses also
inherit ``ValueError``/``OSError`` where apt, like requests' exceptions. Every user-facing error
is rendered the same way by the CLI and the dialog via :func:`describe`.
"""

from __future__ import annotations

from typing import Optional


class AccsynDccError(Exception):
    """Base of every error raised by accsyn-dcc.

    ``message`` says what happened; ``hint`` says what to do about it. Optional context:
    ``scene``, ``node``, ``host``, ``field``.
    """

    def __init__(
        self,
        message: str,
        *,
        hint: Optional[str] = None,
        scene: Optional[str] = None,
        node: Optional[str] = None,
        host: Optional[str] = None,
        field: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.scene = scene
        self.node = node
        self.host = host
        self.field = field

    def __str__(self) -> str:
        return describe(self)


class InputError(AccsynDccError, ValueError):
    """A user-supplied value is wrong (bad range, filter, option). CLI exit code 2."""


class RangeError(InputError):
    """A frame range does not follow the grammar."""


class FilterError(InputError):
    """A farm filter string is malformed."""


class PayloadError(InputError):
    """A payload field is invalid."""


class ConfigError(AccsynDccError, ValueError):
    """The studio config or a sticky-settings file is invalid. ``path`` names the file."""

    def __init__(self, message: str, *, path: Optional[str] = None, key: Optional[str] = None, **kw) -> None:
        super().__init__(message, **kw)
        self.path = path
        self.key = key


class SceneError(AccsynDccError, OSError):
    """A scene file cannot be read (missing, unreadable, binary where text was needed)."""


class HostError(AccsynDccError):
    """A host application (Nuke/Maya/Houdini) API call failed; raised by adapters only."""


class OutboxError(AccsynDccError, OSError):
    """The outbox cannot be written or an entry cannot be found."""


class Cancelled(AccsynDccError):
    """The user cancelled a long operation (scan, gather)."""


class ClientError(AccsynDccError):
    """Base of errors talking to the accsyn service."""


class ConnectionFailed(ClientError, OSError):
    """The server could not be reached (DNS, refused, TLS, timeout)."""


class AuthenticationError(ClientError):
    """The server rejected the credentials (401 / bad key / unknown user)."""


class WorkspaceNotFound(ClientError):
    """The workspace lookup found no such workspace."""


class RateLimited(ClientError):
    """The server asked us to slow down (429) and retries ran out."""


class ServerError(ClientError):
    """The server answered with an error (5xx, a ``message``, or a body that is not JSON)."""

    def __init__(self, message: str, *, status: Optional[int] = None, **kw) -> None:
        super().__init__(message, **kw)
        self.status = status


class CredentialsError(ClientError, ValueError):
    """No usable credentials were found, or they are malformed."""


def describe(err: BaseException) -> str:
    """One-line, user-facing text of an error: message, context and hint."""
    if not isinstance(err, AccsynDccError):
        return str(err) or type(err).__name__
    parts = [err.message]
    ctx = []
    if err.field:
        ctx.append(f"field {err.field}")
    if err.node:
        ctx.append(f"node {err.node}")
    if err.scene:
        ctx.append(f"scene {err.scene}")
    if isinstance(err, ConfigError) and err.path:
        ctx.append(f"file {err.path}" + (f", key {err.key}" if err.key else ""))
    text = parts[0]
    if ctx:
        text = f"{text} ({'; '.join(ctx)})"
    if err.hint:
        text = f"{text}. {err.hint}" if not text.endswith(".") else f"{text} {err.hint}"
    return text
