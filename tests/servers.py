"""Misbehaving loopback servers, for what a mock transport cannot show:
a server that never answers, one that drops the connection, one that cuts a body short,
one that trickles its answer, one whose body never ends."""

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


#: How often a trickling server sends its next byte.
TRICKLE_INTERVAL = 0.1


def _trickle(sock: socket.socket, stop: threading.Event, data: bytes) -> None:
    for i in range(len(data)):
        if stop.wait(TRICKLE_INTERVAL):
            return
        try:
            sock.sendall(data[i : i + 1])
        except OSError:  # the client gave up
            return


def trickle_headers(sock: socket.socket, stop: threading.Event) -> None:
    """Send the status line and headers one byte every ``TRICKLE_INTERVAL`` seconds."""
    _read_request(sock)
    _trickle(sock, stop, b"HTTP/1.1 200 OK\r\n" + b"X-Padding: " + b"x" * 200 + b"\r\n\r\n")


def trickle_body(sock: socket.socket, stop: threading.Event) -> None:
    """Send the headers at once, then the body one byte every ``TRICKLE_INTERVAL`` seconds."""
    _read_request(sock)
    body = b'{"trackingId": "trk_1", "messages": []}' + b" " * 200
    sock.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body)
    )
    _trickle(sock, stop, body)


def endless_body(status: bytes) -> Behaviour:
    """Answer ``status`` (e.g. ``b"200 OK"``) with a chunked body that never ends."""

    def behaviour(sock: socket.socket, stop: threading.Event) -> None:
        _read_request(sock)
        chunk = b"x" * 65536
        framed = b"%x\r\n%s\r\n" % (len(chunk), chunk)
        try:
            sock.sendall(
                b"HTTP/1.1 " + status + b"\r\nContent-Type: text/plain\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n"
            )
            while not stop.is_set():
                sock.sendall(framed)
        except OSError:  # the client stopped reading and closed the connection
            return

    return behaviour


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
        # A short poll: shutdown() waits for it, and every test with a server pays that wait.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

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
