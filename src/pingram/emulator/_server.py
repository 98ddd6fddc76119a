"""The HTTP side of the emulator: a threaded HTTP/1.1 server on loopback.

It knows nothing about the API: each request's method, target, headers and body
go to a ``respond`` callable, whose ``Response`` is written back with a correct
``Content-Length`` so connections stay alive between requests.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, Optional, Set, Tuple

from .._version import __version__

__all__ = ["HTTPServer", "Response"]

logger = logging.getLogger("pingram.emulator")


class Response:
    """A status, extra headers and an optional JSON body (``None`` sends no body at all)."""

    __slots__ = ("body", "headers", "status")

    def __init__(
        self, status: int, body: Optional[bytes] = None, headers: Optional[Dict[str, str]] = None
    ) -> None:
        self.status = status
        self.body = body
        self.headers = headers or {}


#: ``respond(method, target, headers, body) -> Response``.
Responder = Callable[[str, str, Dict[str, str], bytes], Response]


class _Handler(BaseHTTPRequestHandler):
    """Reads one request at a time off a kept-alive connection and answers it."""

    protocol_version = "HTTP/1.1"
    server_version = f"pingram-emulator/{__version__}"
    # Headers and body go out in two writes; without this, Nagle's algorithm and
    # delayed ACKs would add ~40 ms to every response on a kept-alive connection.
    disable_nagle_algorithm = True
    server: HTTPServer

    def _handle(self) -> None:
        if "Transfer-Encoding" in self.headers:
            self.close_connection = True
            self._write(Response(411, b'{"message":"Send the body with a Content-Length"}'))
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._write(Response(400, b'{"message":"Invalid Content-Length header"}'))
            return
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        response = self.server.respond(self.command, self.path, headers, body)
        logger.info("%s %s -> %d", self.command, self.path, response.status)
        self._write(response)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

    def _write(self, response: Response) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.body is not None:
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if response.body is not None and self.command != "HEAD":
            self.wfile.write(response.body)

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        """Requests are logged once, with their status, by ``_handle``."""

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug(format, *args)


class HTTPServer(ThreadingHTTPServer):
    """A threaded server that closes its kept-alive connections when it stops."""

    daemon_threads = True
    # The stdlib's listen backlog of 5 resets connections as soon as a few dozen
    # clients connect at once, which is what a test server under load sees.
    request_queue_size = 128

    def __init__(self, address: Tuple[str, int], respond: Responder) -> None:
        self.respond = respond
        self._connections: Set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def serve_in_thread(self, name: str) -> threading.Thread:
        """Serve from a daemon thread named ``<name>:<port>``, started before returning."""
        thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"{name}:{self.server_address[1]}",
            daemon=True,
        )
        thread.start()
        return thread

    def stop(self, thread: threading.Thread) -> None:
        """Stop serving, close the socket, hang up on every client and join ``thread``."""
        self.shutdown()
        self.server_close()
        self.close_connections()
        thread.join()

    def close_connections(self) -> None:
        """Hang up on every client still connected (idle keep-alive connections included)."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-request is not an error worth a traceback."""
        logger.debug("Connection from %s ended with an error", client_address, exc_info=True)
