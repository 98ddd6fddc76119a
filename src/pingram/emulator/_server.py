"""The HTTP side of the emulator: a threaded HTTP/1.1 server on loopback.

It knows nothing about the API: each request's method, target, headers and body
go to a ``respond`` callable, whose ``Response`` is written back with a correct
``Content-Length`` so connections stay alive between requests.

Every answer is JSON (``{"message": ...}``), the server's own refusals included:
a malformed request line or header (400, 414, 431), a method no operation uses
(501), a body sent without ``Content-Length`` (411), and a body larger than
``max_body`` bytes (413, answered from the headers alone: the body is never
read). A ``respond`` that raises is answered 500; the server keeps serving.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, Optional, Set, Tuple

import msgspec

from .._version import __version__

__all__ = ["DEFAULT_MAX_BODY", "HTTPServer", "Response"]

logger = logging.getLogger("pingram.emulator")

#: The largest request body accepted, in bytes (10 MiB); a larger one is answered 413.
DEFAULT_MAX_BODY = 10 * 1024 * 1024
#: After refusing a body, how long the server keeps reading (and discarding) what the
#: client is still sending, so that the client sees the answer instead of a reset.
_LINGER_SECONDS = 2.0


class Response:
    """A status, extra headers and an optional JSON body (``None`` sends no body at all)."""

    @classmethod
    def error(cls, status: int, message: str, headers: Optional[Dict[str, str]] = None) -> Response:
        """An error answer: ``status`` with the JSON body ``{"message": message}``."""
        return cls(status, msgspec.json.encode({"message": message}), headers)

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
            self._refuse(411, "Send the body with a Content-Length", linger=True)
            return
        length = self._content_length()
        if length is None:
            self._refuse(400, "Invalid Content-Length header", linger=True)
            return
        if length > self.server.max_body:
            self._refuse(413, self._too_large(), linger=True)
            return
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            response = self.server.respond(self.command, self.path, headers, body)
        except Exception:  # a bug in a handler is the server's 500, not a dropped connection
            logger.exception("%s %s failed", self.command, self.path)
            response = Response.error(500, "The emulator failed to answer this request")
        logger.info("%s %s -> %d", self.command, self.path, response.status)
        self._write(response)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

    def _content_length(self) -> Optional[int]:
        """The declared body length (0 if none), or ``None`` if the header is not a length."""
        raw = self.headers.get("Content-Length")
        if raw is None:
            return 0
        raw = raw.strip()
        if not (raw.isascii() and raw.isdigit()):
            return None
        # More digits than any body could have: too large (and too long for int()).
        return int(raw) if len(raw) <= 18 else 10**18

    def _too_large(self) -> str:
        return (
            f"The request body is too large: the emulator accepts at most "
            f"{self.server.max_body} bytes (Content-Length: {self.headers['Content-Length'][:24]})"
        )

    def handle_expect_100(self) -> bool:
        """Refuse an announced body that is too large before the client sends it."""
        length = self._content_length()
        if length is not None and length > self.server.max_body:
            self._refuse(413, self._too_large())
            return False
        return super().handle_expect_100()

    def send_error(
        self, code: int, message: Optional[str] = None, explain: Optional[str] = None
    ) -> None:
        """The standard library's own refusals (400, 414, 431, 501), answered in JSON."""
        text = message or self.responses.get(code, ("Error",))[0]
        if explain:
            text = f"{text}: {explain}"
        self.log_error("code %d, message %s", code, text)
        logger.info("%s -> %d", self.requestline or "(no request line)", code)
        self._refuse(code, text)

    def _refuse(self, status: int, message: str, linger: bool = False) -> None:
        """Answer an error and hang up: what follows on the connection cannot be trusted."""
        self.close_connection = True
        if self.request_version in ("", "HTTP/0.9"):
            self.request_version = self.protocol_version  # so the status line is written
        self._write(Response.error(status, message, {"Connection": "close"}))
        if linger:
            self._discard_input()

    def _discard_input(self) -> None:
        """Read and drop what the client still sends, for at most ``_LINGER_SECONDS``.

        Closing a socket with unread data resets the connection, and a client still
        writing its body would see the reset instead of the answer.
        """
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + _LINGER_SECONDS
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                self.connection.settimeout(remaining)
                if not self.connection.recv(65536):
                    return

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

    def __init__(
        self, address: Tuple[str, int], respond: Responder, max_body: int = DEFAULT_MAX_BODY
    ) -> None:
        self.respond = respond
        #: The largest request body accepted, in bytes; a larger one is answered 413.
        self.max_body = max_body
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
