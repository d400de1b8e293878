"""Retry policy: exponential backoff with jitter, and ``Retry-After`` parsing.

Only idempotent calls (lookup, login, find, update, delete) are retried; ``*/create`` never is,
because a create whose answer was lost may already have made a job (ACCSYN_API.md section 4).
"""

from __future__ import annotations

import datetime
import email.utils
import random
from dataclasses import dataclass
from typing import Optional

#: HTTP statuses worth retrying for an idempotent call.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` is the total number of tries (1 = no retry)."""

    attempts: int = 4
    backoff: float = 0.5
    max_backoff: float = 8.0
    #: a ``Retry-After`` longer than this is not waited for: the call fails with RateLimited.
    max_retry_after: float = 60.0
    jitter: float = 0.25

    def delay(self, attempt: int, retry_after: Optional[float] = None) -> float:
        """Seconds to wait before try ``attempt + 1`` (``attempt`` counts from 1)."""
        if retry_after is not None:
            return max(0.0, retry_after)
        base = min(self.max_backoff, self.backoff * (2 ** (attempt - 1)))
        return base * (1.0 + random.uniform(0.0, self.jitter))


NO_RETRY = RetryPolicy(attempts=1)


def parse_retry_after(value: Optional[str], now: Optional[datetime.datetime] = None) -> Optional[float]:
    """Seconds from a ``Retry-After`` header: delta-seconds (decimals accepted) or an HTTP-date."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds == seconds else None  # NaN check
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return max(0.0, (when - now).total_seconds())
