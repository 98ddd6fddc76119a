"""An async client belongs to the event loop of its first call: another loop is refused
before anything is written to the network (its connections cannot work there)."""

from __future__ import annotations

import asyncio
from typing import Any, Coroutine, Tuple, TypeVar

import pytest
from pytest_httpserver import HTTPServer

from pingram import Pingram, PingramError, SenderPostBody

from .conftest import API_KEY
from .http_clients import HttpClientFactory, async_http_clients

pytestmark = pytest.mark.transport

SEND_OK = {"trackingId": "trk_1", "messages": []}
T = TypeVar("T")


def run_in_a_new_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """What ``asyncio.run`` does, without touching the thread's current event loop."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.close()


@pytest.mark.parametrize("stack", async_http_clients())
def test_a_second_event_loop_is_refused_before_sending(
    httpserver: HTTPServer, stack: Tuple[str, HttpClientFactory]
) -> None:
    name, make_client = stack
    http_client = _httpx2_client if name == "httpx2" else make_client
    httpserver.expect_request("/send", method="POST").respond_with_json(SEND_OK)
    first = asyncio.new_event_loop()
    try:
        client = first.run_until_complete(_make(httpserver, http_client))
        assert first.run_until_complete(client.send(SenderPostBody(type="a"))).tracking_id
        for _ in range(3):  # every call, not every other one
            with pytest.raises(PingramError, match="one client per event loop"):
                run_in_a_new_loop(client.send(SenderPostBody(type="b")))
        copy = client.with_options(max_retries=0)
        with pytest.raises(PingramError, match="one client per event loop"):
            run_in_a_new_loop(copy.users.users_list_users())
        assert len(httpserver.log) == 1, "nothing was sent from the second loop"
        # The first loop keeps working.
        assert first.run_until_complete(client.send(SenderPostBody(type="c"))).tracking_id
        assert len(httpserver.log) == 2
        first.run_until_complete(client.close())
    finally:
        first.close()


def test_a_client_created_outside_any_loop_belongs_to_its_first_callers_loop(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/send", method="POST").respond_with_json(SEND_OK)
    client = Pingram(api_key=API_KEY, base_url=httpserver.url_for(""))

    async def use_and_close() -> None:
        async with client:
            await client.send(SenderPostBody(type="a"))

    run_in_a_new_loop(use_and_close())
    assert len(httpserver.log) == 1


def _httpx2_client() -> Any:
    import httpx2

    return httpx2.AsyncClient()


async def _make(server: HTTPServer, http_client: HttpClientFactory) -> Pingram:
    return Pingram(api_key=API_KEY, base_url=server.url_for(""), http_client=http_client())
