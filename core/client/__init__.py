"""accsyn wire client. ``requests`` is imported when the first request is made, not here."""

from __future__ import annotations

from accsyn_dcc.core.client.credentials import Credentials, load_credentials, save_credentials
from accsyn_dcc.core.client.retry import RetryPolicy
from accsyn_dcc.core.client.session import Session

__all__ = ["Credentials", "RetryPolicy", "Session", "load_credentials", "save_credentials"]
