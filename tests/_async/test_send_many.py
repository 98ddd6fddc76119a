"""send_many(): one result per body in input order, failures in their slots, bounded concurrency."""

from __future__ import annotations

import json
import threading
import time
from typing import Any, Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from pingram import BadRequestError, Pingram, PingramValidationError, SenderPostBody

from ..conftest import API_KEY
from ..http_clients import HttpClientFactory


class SendServer:
    """A threaded loopback ``POST /send`` that tracks how many requests are in flight at once.

    Each request waits ``parameters.delay`` seconds, then answers with its ``secondaryId``
    as the tracking id, or 400 when its type is ``"rejected"``.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        body = json.loads(request.get_data())
        with self._lock:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            time.sleep(body["parameters"]["delay"])
        finally:
            with self._lock:
                self.in_flight -= 1
        if body["type"] == "rejected":
            return Response(
                '{"message": "unknown notification type"}', 400, mimetype="application/json"
            )
        answer = {"trackingId": body["secondaryId"], "messages": []}
        return Response(json.dumps(answer), 200, mimetype="application/json")


@pytest.fixture(scope="module")
def loopback() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def send_server(loopback: HTTPServer) -> Iterator[SendServer]:
    handler = SendServer(loopback.url_for(""))
    loopback.expect_request("/send", method="POST").respond_with_handler(handler)
    yield handler
    loopback.clear()


def body(i: int, delay: float = 0.02, kind: str = "order_shipped") -> SenderPostBody:
    return SenderPostBody(type=kind, secondary_id=f"item-{i}", parameters={"delay": delay})


async def test_send_many_returns_one_result_per_body_in_input_order(
    send_server: SendServer,
) -> None:
    # Later bodies answer sooner, so completion order is the reverse of input order.
    bodies = (body(i, delay=0.01 * (8 - i)) for i in range(8))
    async with Pingram(api_key=API_KEY, base_url=send_server.url) as client:
        results = await client.send_many(bodies, concurrency=8)

    assert [getattr(r, "tracking_id", r) for r in results] == [f"item-{i}" for i in range(8)]


async def test_send_many_puts_each_failure_in_its_slot(send_server: SendServer) -> None:
    bodies: list[Any] = [
        body(0),
        body(1, kind="rejected"),  # the server answers 400
        {"type": 5, "secondaryId": "item-2"},  # fails validation; never sent
        body(3),
    ]
    async with Pingram(api_key=API_KEY, base_url=send_server.url) as client:
        results = await client.send_many(bodies, concurrency=4)

    assert len(results) == 4
    assert getattr(results[0], "tracking_id", None) == "item-0"
    assert isinstance(results[1], BadRequestError)
    assert "unknown notification type" in str(results[1])
    assert isinstance(results[2], PingramValidationError)
    assert getattr(results[3], "tracking_id", None) == "item-3"
    assert send_server.requests == 3


@pytest.mark.transport
async def test_send_many_keeps_at_most_concurrency_requests_in_flight(
    send_server: SendServer, make_http_client: HttpClientFactory
) -> None:
    async with Pingram(
        api_key=API_KEY, base_url=send_server.url, http_client=make_http_client()
    ) as client:
        results = await client.send_many([body(i, delay=0.05) for i in range(12)], concurrency=3)

    assert [getattr(r, "tracking_id", r) for r in results] == [f"item-{i}" for i in range(12)]
    assert 1 < send_server.max_in_flight <= 3


@pytest.mark.parametrize("concurrency", [0, -1])
async def test_send_many_rejects_concurrency_below_one(client: Pingram, concurrency: int) -> None:
    with pytest.raises(ValueError, match="concurrency must be an int >= 1"):
        await client.send_many([body(0)], concurrency=concurrency)


async def test_send_many_of_no_bodies_returns_an_empty_list(client: Pingram) -> None:
    assert await client.send_many([]) == []
    assert await client.send_many(iter(())) == []
