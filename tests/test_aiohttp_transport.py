"""The aiohttp transport option: selected explicitly, owned and closed by the client, and
behaving as httpx's own transport does: for each server behaviour below, a call raises the
same ``PingramError`` (naming the same httpx error) after the same number of attempts, or
returns the same result."""

from __future__ import annotations

import asyncio
import re
import socket
import struct
import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional

import httpx
import pytest

from pingram import (
    APITimeoutError,
    DefaultAioHttpClient,
    Pingram,
    PingramError,
    SenderPostBody,
)
from pingram._constants import DEFAULT_TIMEOUT
from pingram.emulator import Emulator

from .conftest import API_KEY
from .servers import Behaviour, _read_request, closed_port_url, never_answer, raw_server
from .tracebacks import places_holding

pytestmark = pytest.mark.transport

BODY = SenderPostBody(type="welcome")
SEND_OK = b'{"trackingId":"trk_1","messages":[]}'

#: The two async transports compared: httpx's own pool, and DefaultAioHttpClient.
TRANSPORTS: dict[str, Callable[..., httpx.AsyncClient]] = {
    "httpx": httpx.AsyncClient,
    "aiohttp": DefaultAioHttpClient,
}


async def test_default_aiohttp_client_is_closed_with_the_pingram_client(
    pingram_emulator: Emulator,
) -> None:
    http = DefaultAioHttpClient()
    assert http.timeout == DEFAULT_TIMEOUT
    async with Pingram(api_key=API_KEY, base_url=pingram_emulator.url, http_client=http) as client:
        sent = await client.send({"type": "welcome", "to": {"id": "u1"}})
    assert sent.tracking_id
    assert pingram_emulator.sent == [{"type": "welcome", "to": {"id": "u1"}}]
    assert http.is_closed


# -- servers that misbehave after reading the request -----------------------------------------


def answer(raw: bytes) -> Behaviour:
    """Read the request, answer ``raw``, close."""

    def behaviour(sock: socket.socket, stop: threading.Event) -> None:
        _read_request(sock)
        sock.sendall(raw)

    return behaviour


def close_after_request(sock: socket.socket, stop: threading.Event) -> None:
    """Read the request, then close the connection (FIN) without a word."""
    _read_request(sock)
    sock.shutdown(socket.SHUT_RDWR)


def reset_after_request(sock: socket.socket, stop: threading.Event) -> None:
    """Read the request, then reset the connection (RST)."""
    _read_request(sock)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def ok_with(head: bytes) -> bytes:
    """A 200 with the /send body and ``head``'s extra header lines."""
    return b"HTTP/1.1 200 OK\r\n%sContent-Length: %d\r\n\r\n%s" % (head, len(SEND_OK), SEND_OK)


async def outcome(
    transport: str,
    url: str,
    call: str = "send",
    *,
    timeout: Any = 2.0,
    max_retries: int = 2,
) -> tuple[str, Optional[str]]:
    """What one call returns or raises: (the tracking id or the PingramError's class, the
    httpx error its message names)."""
    async with TRANSPORTS[transport]() as http:
        client = Pingram(
            API_KEY, base_url=url, http_client=http, timeout=timeout, max_retries=max_retries
        )
        try:
            if call == "send":
                return (await client.send(BODY)).tracking_id or "", None
            await client.domains.domains_list_domains()
            return "ok", None
        except PingramError as error:
            named = re.search(r"failed: (\w+):|timed out \((\w+)\)", str(error))
            return type(error).__name__, named and (named.group(1) or named.group(2))
        finally:
            await client.close()


# -- a send the server may have read is never sent again -----------------------------------------


@pytest.mark.parametrize("behaviour", [close_after_request, reset_after_request])
async def test_a_send_the_server_has_read_is_never_sent_again(
    behaviour: Behaviour, no_backoff: list[float]
) -> None:
    for transport in TRANSPORTS:
        for _ in range(5):
            with raw_server(behaviour) as server:
                error, _named = await outcome(transport, server.url)
            assert error == "APIConnectionError", transport  # not a "connect timeout"
            assert server.connections == 1, f"{transport}: the send reached the server again"
    assert no_backoff == [], "never even considered for a retry"


@pytest.mark.parametrize("behaviour", [close_after_request, reset_after_request])
async def test_a_get_the_server_dropped_is_retried_as_with_httpx(
    behaviour: Behaviour, no_backoff: list[float]
) -> None:
    for transport in TRANSPORTS:
        with raw_server(behaviour) as server:
            error, _named = await outcome(transport, server.url, "list_domains")
        assert error == "APIConnectionError", transport
        assert server.connections == 3, transport


# -- malformed responses ----------------------------------------------------------------------

MALFORMED = {
    "bad status line": b"HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\n{}",
    "status beyond 999": b"HTTP/1.1 1000 Weird\r\nContent-Length: 2\r\n\r\n{}",
    "header without a colon": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nNoColon\r\n\r\n{}",
    "NUL in a header": b"HTTP/1.1 200 OK\r\nX-A: a\x00b\r\nContent-Length: 2\r\n\r\n{}",
    "two Content-Lengths": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
    "negative Content-Length": b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}",
    "bad chunk size": (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"
    ),
    "body cut short": b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"tracking',
    "a reply that is not HTTP": b"SSH-2.0-OpenSSH_9.6\r\n",
    "nothing": b"",
}


@pytest.mark.parametrize("raw", MALFORMED.values(), ids=MALFORMED.keys())
async def test_a_malformed_response_raises_what_httpx_raises(raw: bytes) -> None:
    results = {}
    for transport in TRANSPORTS:
        with raw_server(answer(raw)) as server:
            results[transport] = await outcome(transport, server.url), server.connections
    assert results["aiohttp"] == results["httpx"]
    assert results["httpx"] == (("APIConnectionError", "RemoteProtocolError"), 1)


ACCEPTED = {
    "a 9 KB header": ok_with(b"X-Big: " + b"a" * 9_000 + b"\r\n"),
    "a 99 KB header": ok_with(b"X-Big: " + b"a" * 99_000 + b"\r\n"),
    "200 headers": ok_with(b"".join(b"X-H%d: v\r\n" % i for i in range(200))),
    "a reason phrase beyond ASCII": ok_with(b"").replace(b"200 OK", b"200 \xffK\xe9"),
    "a folded header": ok_with(b"X-A: a\r\n b\r\n"),
    "HTTP/1.0, the body ending with the connection": b"HTTP/1.0 200 OK\r\n\r\n" + SEND_OK,
    "100 Continue first": b"HTTP/1.1 100 Continue\r\n\r\n" + ok_with(b""),
}


@pytest.mark.parametrize("raw", ACCEPTED.values(), ids=ACCEPTED.keys())
async def test_a_response_httpx_accepts_is_accepted(raw: bytes) -> None:
    for transport in TRANSPORTS:
        with raw_server(answer(raw)) as server:
            assert await outcome(transport, server.url) == ("trk_1", None), transport


async def test_bytes_after_the_body_fail_that_call_without_a_retry() -> None:
    """The one response the transports treat differently. aiohttp parses what arrived in
    one read as a whole and refuses the response; httpx returns it, and the stray bytes
    then fail the next request sent on that connection (itself not retried, as a send may
    have been processed). Either way no send goes out twice."""
    with raw_server(answer(ok_with(b"") + b"garbage")) as server:
        result = await outcome("aiohttp", server.url)
    assert result == ("APIConnectionError", "RemoteProtocolError")
    assert server.connections == 1


# -- timeouts name the phase, as httpx's do --------------------------------------------------


async def test_a_read_timeout_on_send_is_raised_not_retried() -> None:
    for transport in TRANSPORTS:
        with raw_server(never_answer) as server:
            result = await outcome(transport, server.url, timeout=0.3)
        assert result == ("APITimeoutError", "ReadTimeout"), transport
        assert server.connections == 1, transport


async def test_a_refused_connection_is_a_connect_error_retried_for_send(
    no_backoff: list[float],
) -> None:
    for transport in TRANSPORTS:
        no_backoff.clear()
        assert await outcome(transport, closed_port_url()) == (
            "APIConnectionError",
            "ConnectError",
        ), transport
        assert no_backoff, f"{transport}: never sent, so retried"


async def test_waiting_for_the_pool_is_a_pool_timeout() -> None:
    for transport in TRANSPORTS:
        with raw_server(never_answer) as server:
            http = TRANSPORTS[transport](limits=httpx.Limits(max_connections=1))
            async with http, Pingram(API_KEY, base_url=server.url, http_client=http) as client:
                holding = asyncio.ensure_future(client.domains.domains_list_domains(timeout=3))
                while server.connections < 1:  # the pool's one connection is taken
                    await asyncio.sleep(0.01)
                with pytest.raises(APITimeoutError, match=r"\(PoolTimeout\)"):
                    await client.send(BODY, timeout=httpx.Timeout(3, pool=0.2), max_retries=0)
                holding.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await holding


@contextmanager
def unanswered_connects() -> Iterator[str]:
    """A loopback address whose listen queue is full: a connect there waits (on Linux)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    fillers = []
    try:
        for _ in range(8):
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(listener.getsockname())
            fillers.append(filler)
        host, port = listener.getsockname()
        yield f"http://{host}:{port}"
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


async def test_a_connect_timeout_is_what_httpx_raises_and_retried_for_send(
    no_backoff: list[float],
) -> None:
    results = {}
    with unanswered_connects() as url:
        for transport in TRANSPORTS:
            no_backoff.clear()
            timeout = httpx.Timeout(3, connect=0.2)
            results[transport] = await outcome(transport, url, timeout=timeout, max_retries=1)
            assert no_backoff, f"{transport}: never sent, so retried"
    assert results["aiohttp"] == results["httpx"]
    assert results["httpx"][1] in ("ConnectTimeout", "ConnectError")


# -- a call cancelled by the caller --------------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_call_cancelled_by_the_caller_carries_no_api_key(transport: str) -> None:
    with raw_server(never_answer) as server:
        http = TRANSPORTS[transport]()
        async with http, Pingram(API_KEY, base_url=server.url, http_client=http) as client:
            with pytest.raises(asyncio.TimeoutError) as info:
                await asyncio.wait_for(client.send(BODY), 0.2)
    assert places_holding(API_KEY, info.value) == []
    assert isinstance(info.value.__context__ or info.value.__cause__, asyncio.CancelledError)


async def test_an_owned_client_is_made_again_after_fork_with_its_own_arguments() -> None:
    """After ``fork()`` the Pingram client rebuilds the aiohttp client it owns: same settings."""
    original = DefaultAioHttpClient(headers={"X-Team": "growth"}, timeout=7.0)
    again = original._pingram_factory()
    try:
        assert again is not original
        assert again.headers["X-Team"] == "growth"
        assert again.timeout == httpx.Timeout(7.0)
    finally:
        await original.aclose()
        await again.aclose()
