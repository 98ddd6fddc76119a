"""Cancelled attempts never take the async client out of service.

Cancelling a request at the wrong moment (the caller's ``asyncio.wait_for``, the SDK's own
deadline) used to leave httpcore's pool holding connections no request would ever use; once
``max_connections`` of them had piled up, every call failed with a pool timeout. Real
sockets and a real server answering after 25 ms: a mock transport has no pool.
"""

from __future__ import annotations

import asyncio
import gc
import random
import sys
import threading
from contextlib import contextmanager
from typing import Any, Iterator, List, Tuple

import pytest

from pingram import Pingram, PingramError, SenderPostBody

from .conftest import API_KEY
from .http_clients import HttpClientFactory, async_http_clients, use_stack

pytestmark = pytest.mark.transport

BODY = SenderPostBody(type="welcome")
REPLY = b'{"trackingId":"trk_1","messages":[]}'
RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
    len(REPLY),
    REPLY,
)
#: How long the server takes to answer each request.
LATENCY = 0.025


@contextmanager
def slow_server() -> Iterator[str]:
    """A keep-alive HTTP/1.1 server on loopback answering every request after ``LATENCY``."""
    loop = asyncio.new_event_loop()
    started = threading.Event()
    url: List[str] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                await reader.readexactly(length)
                await asyncio.sleep(LATENCY)
                writer.write(RESPONSE)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def serve() -> asyncio.AbstractServer:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        url.append(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}")
        return server

    def run() -> None:
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(serve())
        started.set()
        loop.run_forever()
        server.close()
        for task in asyncio.all_tasks(loop):  # connections still open: end their handlers
            task.cancel()
        loop.run_until_complete(asyncio.gather(*asyncio.all_tasks(loop), return_exceptions=True))
        loop.run_until_complete(server.wait_closed())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    started.wait(10)
    try:
        yield url[0]
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


@pytest.fixture(params=async_http_clients())
def stack(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Tuple[str, HttpClientFactory]:
    """httpx and httpx2 (the SDK's own pool), and the aiohttp transport."""
    http_stack = use_stack(request, monkeypatch, request.param)
    return request.node.callspec.id, http_stack.make_client


def stranded(client: Pingram) -> List[Any]:
    """The connections of the client's pool that no request uses and none can take: once
    every call has ended, a connection that is neither idle nor closed is stranded."""
    pool = getattr(client._connection.http._transport, "_pool", None)
    if pool is None:  # aiohttp's pool: no such state to inspect
        return []
    return [c for c in pool.connections if not (c.is_idle() or c.is_closed())]


async def _quiet_call_succeeds(client: Pingram) -> None:
    result = await client.send(BODY, timeout=3, max_retries=0)
    assert result.tracking_id == "trk_1"


async def test_bursts_past_the_deadline_leave_the_pool_healthy(
    stack: Tuple[str, HttpClientFactory],
) -> None:
    _, make_client = stack
    with slow_server() as url:
        async with Pingram(
            api_key=API_KEY, base_url=url, timeout=0.2, max_retries=0, http_client=make_client()
        ) as client:
            for _ in range(2):
                outcomes = await asyncio.gather(
                    *(client.send(BODY) for _ in range(250)), return_exceptions=True
                )
                odd = [o for o in outcomes if not isinstance(o, (PingramError, type(None)))]
                assert all(getattr(o, "tracking_id", None) == "trk_1" for o in odd), odd[:3]
            assert stranded(client) == []
            await _quiet_call_succeeds(client)


@pytest.fixture
def asyncio_socket_leaks() -> Iterator[None]:
    """Python 3.9's asyncio leaks the socket of a connect that ``wait_for`` cancels at the
    wrong moment (plain httpx leaks hundreds in the test below; 3.10 and later none). What
    the test asserts is the pool's health, which those leaks do not touch. They are
    collected at the test's end, under its warning filter: left to the garbage collector,
    they would be reported against whichever test it happens to run in."""
    yield
    if sys.version_info < (3, 10):
        gc.collect()


if sys.version_info < (3, 10):
    _tolerate_asyncio_socket_leaks = pytest.mark.filterwarnings(
        "ignore::pytest.PytestUnraisableExceptionWarning"
    )
else:

    def _tolerate_asyncio_socket_leaks(test: Any) -> Any:
        return test


@_tolerate_asyncio_socket_leaks
@pytest.mark.usefixtures("asyncio_socket_leaks")
async def test_calls_the_caller_cancels_leave_the_pool_healthy(
    stack: Tuple[str, HttpClientFactory],
) -> None:
    _, make_client = stack
    rng = random.Random(1093)
    cancelled = 0
    with slow_server() as url:
        async with Pingram(api_key=API_KEY, base_url=url, http_client=make_client()) as client:

            async def worker(calls: int) -> None:
                nonlocal cancelled
                for _ in range(calls):
                    try:
                        await asyncio.wait_for(client.send(BODY), rng.uniform(0.001, 0.04))
                    except asyncio.TimeoutError:
                        cancelled += 1

            await asyncio.gather(*(worker(16) for _ in range(50)))  # 800 calls, 50 at a time
            assert cancelled > 100, "most calls were cut short while connecting or reading"
            assert stranded(client) == []
            await _quiet_call_succeeds(client)


async def test_a_response_close_cut_short_leaves_the_pool_healthy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A cancellation landing inside httpcore's close of a response (Python 3.9's asyncio
    # lets it through httpcore's shield) stopped the close before the pool forgot the
    # request: its connection stayed busy for ever. Here the first close is cut short on
    # every Python, on the SDK's own httpx pool.
    from httpcore._async.http11 import AsyncHTTP11Connection

    real = AsyncHTTP11Connection._response_closed
    closes = 0

    async def cut_short(self: Any) -> None:
        nonlocal closes
        closes += 1
        if closes == 1:
            raise asyncio.CancelledError
        await real(self)

    monkeypatch.setattr(AsyncHTTP11Connection, "_response_closed", cut_short)
    with slow_server() as url:
        async with Pingram(api_key=API_KEY, base_url=url, max_retries=0) as client:
            with pytest.raises(asyncio.CancelledError):
                await client.send(BODY)
            assert stranded(client) == []
            assert client._connection.http._transport._pool._requests == []
            await _quiet_call_succeeds(client)
            assert closes == 2
