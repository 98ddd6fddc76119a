"""``WebhookReceiver``: a local HTTP endpoint that checks and records webhook deliveries.

For tests and demos: it listens on loopback, verifies every POST with
:func:`pingram.webhooks.verify` (as an app should) and answers 204 when the
delivery is genuine, 400 when it is not.
"""

from __future__ import annotations

import threading
import time
from typing import Dict, List, NamedTuple, Optional

import msgspec

from ..webhooks import WebhookEvent, WebhookVerificationError, verify
from ._server import HTTPServer, Response

__all__ = ["ReceivedWebhook", "WebhookReceiver"]


class ReceivedWebhook(NamedTuple):
    """One request the receiver got: its headers (lower-cased names) and raw body.

    ``event`` is the verified event, or ``None`` when verification failed
    (``error`` says why) or the receiver answered with an injected status.
    """

    headers: Dict[str, str]
    body: bytes
    status: int
    event: Optional[WebhookEvent]
    error: Optional[str]


class WebhookReceiver:
    """A webhook endpoint on ``http://127.0.0.1:<port>/webhooks`` that verifies and records.

        with Emulator() as emu, WebhookReceiver() as receiver:
            receiver.secret = emu.register_webhook(receiver.url)["secret"]
            ...  # send something that delivers by email
            emu.wait_for_webhooks(1)
            assert receiver.events[0].event_type == "EMAIL_DELIVERED"

    ``secret`` (settable at any time) is the endpoint's signing secret;
    ``respond_with(500, times=2)`` makes the next two deliveries fail, to see
    the emulator retry. The ``pingram_webhook_receiver`` pytest fixture gives a
    receiver already registered for every event type.
    """

    def __init__(
        self, secret: Optional[str] = None, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.secret = secret
        self._address = (host, port)
        self._lock = threading.Condition()
        self._received: List[ReceivedWebhook] = []
        self._faults: List[int] = []
        self._server: Optional[HTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    def start(self) -> WebhookReceiver:
        """Listen from a background thread; returns the receiver."""
        if self._server is not None:
            raise RuntimeError("This WebhookReceiver is already running")
        server = HTTPServer(self._address, self._respond)
        self._server, self._thread = server, server.serve_in_thread("pingram-webhook-receiver")
        return self

    def stop(self) -> None:
        """Stop listening and join the thread. Safe to repeat."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._server = self._thread = None
        server.stop(thread)

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The URL to register: ``http://<host>:<port>/webhooks``."""
        if self._server is None:
            raise RuntimeError("The WebhookReceiver is not running: call start() or use `with`")
        return f"http://{self._address[0]}:{self._server.server_address[1]}/webhooks"

    def respond_with(self, status: int, times: int = 1) -> None:
        """Answer the next ``times`` deliveries with ``status`` instead of checking them."""
        with self._lock:
            self._faults.extend([status] * times)

    @property
    def received(self) -> List[ReceivedWebhook]:
        """Every request received, oldest first."""
        with self._lock:
            return list(self._received)

    @property
    def events(self) -> List[WebhookEvent]:
        """The events of the deliveries that passed verification, oldest first."""
        with self._lock:
            return [r.event for r in self._received if r.event is not None]

    def wait(self, count: int = 1, timeout: float = 5.0) -> List[WebhookEvent]:
        """The verified events once there are ``count``; raises ``TimeoutError`` otherwise."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                events = [r.event for r in self._received if r.event is not None]
                if len(events) >= count:
                    return events
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"{len(events)} of {count} verified webhook events arrived within "
                        f"{timeout} s ({len(self._received)} requests in all)"
                    )
                self._lock.wait(remaining)

    def _respond(self, method: str, target: str, headers: Dict[str, str], body: bytes) -> Response:
        if method != "POST":
            return Response(405, b'{"message":"POST webhook deliveries here"}', {"Allow": "POST"})
        with self._lock:
            fault = self._faults.pop(0) if self._faults else None
            secret = self.secret
        event: Optional[WebhookEvent] = None
        error: Optional[str] = None
        if fault is not None:
            status = fault
        elif secret is None:
            status, error = 500, "the receiver has no secret to verify with"
        else:
            try:
                event = verify(body, headers, secret)
                status = 204
            except WebhookVerificationError as exc:
                status, error = 400, str(exc)
        with self._lock:
            self._received.append(ReceivedWebhook(headers, body, status, event, error))
            self._lock.notify_all()
        if status == 204:
            return Response(204)
        message = error or f"Answered {status} as told by respond_with()"
        return Response(status, msgspec.json.encode({"message": message}))
