"""The retry policy as a table: which failures are retried for which method, and for how long."""

from __future__ import annotations

import email.utils
import random
import time
from typing import Iterator

import httpx
import pytest

from pingram._retry import (
    MAX_RETRY_AFTER,
    backoff_delay,
    retry_after_seconds,
    retry_delay_for_error,
    retry_delay_for_status,
)

NOW = 1_800_000_000.0


def headers(retry_after: str | None = None) -> httpx.Headers:
    return httpx.Headers({} if retry_after is None else {"Retry-After": retry_after})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2", 2.0),
        ("0", 0.0),
        (" 1.5 ", 1.5),
        ("-3", 0.0),
        (email.utils.formatdate(NOW + 30, usegmt=True), 30.0),
        (email.utils.formatdate(NOW - 30, usegmt=True), 0.0),
        # The asctime form names no zone: it is GMT, whatever the machine's zone.
        (time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(NOW + 30)), 30.0),
        ("soon", None),
        ("nan", None),
        ("1e999", float("inf")),  # waited for by no one: beyond MAX_RETRY_AFTER
        (None, None),
    ],
)
def test_retry_after_forms(value: str | None, expected: float | None) -> None:
    assert retry_after_seconds(headers(value), now=NOW) == expected


@pytest.mark.parametrize(
    "value",
    [
        "1 Jan 99999 0:0:0 GMT",  # a year beyond datetime's range
        "Mon, 1 Jan 10000000000000000000 00:00:00 GMT",  # beyond a C long
        "Mon, 32 Foo 2024 99:99:99 GMT",
        "Dec " + "9" * 400 + " 0:0:0 1994",  # a day beyond a float
    ],
)
def test_a_date_no_calendar_holds_is_ignored(value: str) -> None:
    assert retry_after_seconds(headers(value), now=NOW) is None
    assert retry_delay_for_status("POST", 503, headers(value), 0) is None
    assert retry_delay_for_status("POST", 429, headers(value), 0) is not None  # plain backoff


#: The pieces of an HTTP date, with values out of every range, and what else a server may send.
_PIECES = [
    *("Mon,", "Sun", "Thu,", "Jan", "Feb", "Dec", "Foo", "jan", "GMT", "UT", "UTC", "EST", "z"),
    *("0", "1", "-1", "29", "31", "32", "94", "1994", "9999", "10000", "99999", "-99999"),
    *(str(10**19), str(2**63), "9" * 400, "0:0:0", "23:59:60", "99:99:99", "12:34", "-1:-1:-1"),
    *("+0000", "-0000", "+9999", "-9999", "+2400", "(comment)", ",", "", " ", "\t", "1e999"),
    *("-inf", "nan", "1_0", "0x1f", "1.5e3", "2, 3", "=?utf-8?q?x?=", "Jan-1-2020", "1994-11-06"),
]


def _hostile_retry_after_values() -> Iterator[bytes]:
    """The same few thousand hostile header values on every run: dates built from pieces
    out of range, then arbitrary bytes (a header value may hold any byte but CR and LF)."""
    rng = random.Random(4)
    for _ in range(12_000):
        yield " ".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 8))).encode()
    for _ in range(3_000):
        raw = bytes(rng.randrange(256) for _ in range(rng.randint(0, 40)))
        yield raw.replace(b"\r", b"").replace(b"\n", b"")


def test_any_retry_after_value_gives_a_delay_or_none() -> None:
    for value in _hostile_retry_after_values():
        hostile = httpx.Headers([(b"Retry-After", value)])
        seconds = retry_after_seconds(hostile, now=NOW)
        assert seconds is None or seconds >= 0, value  # never NaN, never negative
        for method, status in (("POST", 429), ("POST", 503), ("GET", 500)):
            delay = retry_delay_for_status(method, status, hostile, 0)
            assert delay is None or 0 <= delay <= MAX_RETRY_AFTER, value


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_idempotent_methods_retry_transient_statuses(method: str, status: int) -> None:
    assert retry_delay_for_status(method, status, headers(), 0) is not None


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize("status", [408, 409, 500, 502, 503, 504])
def test_post_and_patch_do_not_retry_what_may_have_been_processed(method: str, status: int) -> None:
    assert retry_delay_for_status(method, status, headers(), 0) is None


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_post_and_patch_retry_429_and_503_with_retry_after(method: str) -> None:
    assert retry_delay_for_status(method, 429, headers(), 0) is not None
    assert retry_delay_for_status(method, 503, headers("2"), 0) == 2.0


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 405, 422])
def test_other_client_errors_are_never_retried(method: str, status: int) -> None:
    assert retry_delay_for_status(method, status, headers("1"), 0) is None


def test_retry_after_wins_over_backoff_up_to_the_cap() -> None:
    assert retry_delay_for_status("GET", 503, headers("7"), 4) == 7.0
    assert retry_delay_for_status("GET", 503, headers(str(MAX_RETRY_AFTER)), 0) == MAX_RETRY_AFTER
    assert retry_delay_for_status("GET", 503, headers(str(MAX_RETRY_AFTER + 1)), 0) is None


def test_backoff_is_exponential_with_jitter_and_capped() -> None:
    for retry_number, (low, high) in enumerate([(0.375, 0.5), (0.75, 1), (1.5, 2), (3, 4)]):
        delays = {backoff_delay(retry_number) for _ in range(50)}
        assert all(low <= d <= high for d in delays)
        assert len(delays) > 1, "jitter spreads retries out"
    assert all(6 <= backoff_delay(20) <= 8 for _ in range(20))


REQUEST = httpx.Request("POST", "https://api.pingram.io/send")


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused", request=REQUEST),
        httpx.ConnectTimeout("slow", request=REQUEST),
        httpx.PoolTimeout("full", request=REQUEST),
    ],
)
def test_errors_before_the_request_left_are_retried_for_every_method(error: Exception) -> None:
    assert retry_delay_for_error("POST", error, 0) is not None
    assert retry_delay_for_error("GET", error, 0) is not None


@pytest.mark.parametrize(
    "error",
    [
        httpx.ReadTimeout("slow", request=REQUEST),
        httpx.WriteTimeout("slow", request=REQUEST),
        httpx.ReadError("reset", request=REQUEST),
        httpx.RemoteProtocolError("dropped", request=REQUEST),
    ],
)
def test_errors_after_the_request_may_have_arrived(error: Exception) -> None:
    assert retry_delay_for_error("POST", error, 0) is None
    assert retry_delay_for_error("PATCH", error, 0) is None
    assert retry_delay_for_error("GET", error, 0) is not None
    assert retry_delay_for_error("DELETE", error, 0) is not None
