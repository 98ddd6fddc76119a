"""Misbehaving loopback servers, for what a mock transport cannot show:
a server that never answers, one that drops the connection, one that cuts a body short."""

from __future__ import annotations

import socket
import socketserver
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

Behaviour = Callable[[socket.socket, threading.Event], None]


def _read_request(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    return data


def never_answer(sock: socket.socket, stop: threading.Event) -> None:
    """Read the request, then say nothing until the test ends."""
    _read_request(sock)
    stop.wait(30)


def drop_connection(sock: socket.socket, stop: threading.Event) -> None:
    """Read the request, then close the connection without a response."""
    _read_request(sock)


def cut_body_short(sock: socket.socket, stop: threading.Event) -> None:
    """Promise 100 bytes of body, send 10, then reset the connection."""
    _read_request(sock)
    sock.sendall(
        b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"trackin'
    )
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


class RawServer:
    """A threaded TCP server on 127.0.0.1 that runs ``behaviour`` for every connection."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.connections = 0
        self._stop = threading.Event()
        outer = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                outer.connections += 1
                behaviour(self.request, outer._stop)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


@contextmanager
def raw_server(behaviour: Behaviour) -> Iterator[RawServer]:
    with RawServer(behaviour) as server:
        yield server


def closed_port_url() -> str:
    """The URL of a loopback port nothing listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
