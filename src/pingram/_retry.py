"""The retry policy: whether a failed attempt may be repeated, and after how long.

The rule that matters most: a retry must never send a notification twice.
Idempotent methods (GET, PUT, DELETE) are retried on any transient failure.
POST and PATCH are retried only when the server certainly did not process the
request: the connection was never made, the API said 429 (rate limited, so not
processed), or 503 with a ``Retry-After`` (the API asks explicitly for a retry).
"""

from __future__ import annotations

import calendar
import email.utils
import math
import random
import time
from typing import Optional

import httpx

from ._http import is_not_sent_error, is_transport_error

__all__ = [
    "INITIAL_DELAY",
    "MAX_DELAY",
    "MAX_RETRY_AFTER",
    "backoff_delay",
    "retry_after_seconds",
    "retry_delay_for_error",
    "retry_delay_for_status",
]

INITIAL_DELAY = 0.5
MAX_DELAY = 8.0
#: A ``Retry-After`` longer than this is not waited for: the error is raised.
MAX_RETRY_AFTER = 60.0

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
IDEMPOTENT_RETRY_STATUSES = frozenset({408, 409, 429})


def backoff_delay(retry_number: int) -> float:
    """Exponential backoff with jitter: about 0.5 s, 1 s, 2 s, ... capped at 8 s.

    ``retry_number`` counts from 0 for the first retry. Jitter takes up to a
    quarter off, so that clients failing together do not retry together.
    """
    delay: float = min(MAX_DELAY, INITIAL_DELAY * (2**retry_number))
    return delay * (1.0 - 0.25 * random.random())


def retry_after_seconds(headers: httpx.Headers, *, now: Optional[float] = None) -> Optional[float]:
    """The wait a ``Retry-After`` header asks for, in seconds, or ``None``.

    Both forms are understood: delta-seconds (``"2"``) and an HTTP date. The value
    comes from the server: whatever it holds gives a wait or ``None``, never an error.
    """
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        seconds = _seconds_until(value, time.time() if now is None else now)
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


def _seconds_until(http_date: str, now: float) -> float:
    """Seconds from ``now`` to an HTTP date (``Sun, 06 Nov 1994 08:49:37 GMT``); NaN if none."""
    try:
        parsed = email.utils.parsedate_tz(http_date)
        if parsed is None:
            return math.nan
        # An HTTP date is in GMT, the asctime form (which names no zone) included.
        return float(calendar.timegm(parsed[:6]) - (parsed[9] or 0)) - now
    except Exception:  # a year out of range, and whatever else hostile text trips the parser
        return math.nan


def retry_delay_for_status(
    method: str, status_code: int, headers: httpx.Headers, retry_number: int
) -> Optional[float]:
    """How long to wait before retrying a response with this status, or ``None`` not to."""
    idempotent = method.upper() in IDEMPOTENT_METHODS
    retry_after = retry_after_seconds(headers)
    if idempotent:
        retryable = status_code in IDEMPOTENT_RETRY_STATUSES or status_code >= 500
    else:
        retryable = status_code == 429 or (status_code == 503 and retry_after is not None)
    if not retryable:
        return None
    if retry_after is not None:
        return retry_after if retry_after <= MAX_RETRY_AFTER else None
    return backoff_delay(retry_number)


def retry_delay_for_error(method: str, error: Exception, retry_number: int) -> Optional[float]:
    """How long to wait before retrying after a transport error, or ``None`` not to."""
    if is_not_sent_error(error):
        return backoff_delay(retry_number)
    if method.upper() in IDEMPOTENT_METHODS and is_transport_error(error):
        return backoff_delay(retry_number)
    return None
