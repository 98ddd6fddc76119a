"""A server's ``Retry-After``, whatever it holds, gives a retry or the status error: never a
crash. The retry policy's own tests (``tests/test_retry_policy.py``) fuzz the parser."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from pingram import InternalServerError, Pingram, RateLimitError, SenderPostBody

from ..conftest import API_KEY
from ..http_clients import HttpClientFactory

pytestmark = pytest.mark.transport

BODY = SenderPostBody(type="welcome")

#: Dates no calendar holds: a year past 9999, past a C long, a day past a float.
IMPOSSIBLE_DATES = [
    "1 Jan 99999 0:0:0 GMT",
    "Mon, 1 Jan 10000000000000000000 00:00:00 GMT",
    "Dec " + "9" * 400 + " 0:0:0 1994",
]


@pytest.mark.parametrize("value", IMPOSSIBLE_DATES)
async def test_a_429_with_an_impossible_date_is_retried_after_backoff(
    httpserver: HTTPServer,
    make_http_client: HttpClientFactory,
    no_backoff: list[float],
    value: str,
) -> None:
    httpserver.expect_request("/send", method="POST").respond_with_json(
        {"message": "slow down"}, status=429, headers={"Retry-After": value}
    )
    async with Pingram(
        API_KEY, base_url=httpserver.url_for(""), max_retries=2, http_client=make_http_client()
    ) as client:
        with pytest.raises(RateLimitError, match="slow down"):
            await client.send(BODY)
    assert len(httpserver.log) == 3
    assert no_backoff, "the header is ignored: the usual backoff applies"


@pytest.mark.parametrize("value", IMPOSSIBLE_DATES)
async def test_a_503_with_an_impossible_date_on_send_is_raised_without_a_retry(
    httpserver: HTTPServer, make_http_client: HttpClientFactory, value: str
) -> None:
    httpserver.expect_request("/send", method="POST").respond_with_json(
        {"message": "down"}, status=503, headers={"Retry-After": value}
    )
    async with Pingram(
        API_KEY, base_url=httpserver.url_for(""), http_client=make_http_client()
    ) as client:
        with pytest.raises(InternalServerError, match="down"):
            await client.send(BODY)
    assert len(httpserver.log) == 1, "without a usable Retry-After, a 503 on send is final"
