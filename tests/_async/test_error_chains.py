"""No error a call raises carries the API key: not in its message, not in an error it
chains (``__cause__``, ``__context__``), not in the locals of any frame of their tracebacks,
which Sentry, rich and ``pytest --showlocals`` record. On every stack and transport."""

from __future__ import annotations

import socket
import threading

import pytest

from pingram import APIConnectionError, APITimeoutError, Pingram, SenderPostBody

from ..conftest import API_KEY
from ..http_clients import HttpClientFactory
from ..servers import (
    Behaviour,
    _read_request,
    closed_port_url,
    drop_connection,
    never_answer,
    raw_server,
    trickle_headers,
)
from ..tracebacks import places_holding

pytestmark = pytest.mark.transport

BODY = SenderPostBody(type="welcome")


def bad_status_line(sock: socket.socket, stop: threading.Event) -> None:
    _read_request(sock)
    sock.sendall(b"HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\n{}")


def bad_chunk_size(sock: socket.socket, stop: threading.Event) -> None:
    _read_request(sock)
    sock.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"
    )


@pytest.mark.parametrize(
    ("behaviour", "error"),
    [
        (drop_connection, APIConnectionError),
        (never_answer, APITimeoutError),  # the library's read timeout
        (trickle_headers, APITimeoutError),  # the SDK's deadline on the attempt
        (bad_status_line, APIConnectionError),
        (bad_chunk_size, APIConnectionError),
    ],
)
async def test_a_failed_call_carries_no_api_key(
    make_http_client: HttpClientFactory, behaviour: Behaviour, error: type[Exception]
) -> None:
    with raw_server(behaviour) as server:
        async with Pingram(
            API_KEY, base_url=server.url, timeout=0.3, http_client=make_http_client()
        ) as client:
            with pytest.raises(error) as info:
                await client.send(BODY)
    assert places_holding(API_KEY, info.value) == []


async def test_a_refused_connection_carries_no_api_key(
    make_http_client: HttpClientFactory,
) -> None:
    async with Pingram(
        API_KEY, base_url=closed_port_url(), max_retries=0, http_client=make_http_client()
    ) as client:
        with pytest.raises(APIConnectionError) as info:
            await client.send(BODY)
    assert places_holding(API_KEY, info.value) == []
