"""Webhook delivery: sign each event and POST it, in the background, retrying with backoff.

Every endpoint with something to deliver has one worker thread and one queue,
so events reach an endpoint in the order they happened, and a slow or failing
endpoint holds up no other. A worker exits as soon as its queue is empty; a new
event starts a new one. An attempt fails on a non-2xx answer, a connection
error or a timeout; after the last attempt the event is recorded as failed and
the next one is sent. Deleting an endpoint drops its queue and ends its retries.

Bounds, so that no receiver can hold the emulator's memory or threads:

- each attempt, whole (connect, send, answer), has a deadline of ``timeout``
  seconds: a timer hangs up on an attempt still running then, however slowly
  the receiver trickles its answer;
- each endpoint's queue holds at most ``queue_limit`` events; an event arriving
  at a full queue is dropped, counted in ``dropped`` and logged at WARNING.

Only the standard library does I/O here (``http.client``).
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import socket
import threading
import time
from collections import deque
from typing import Any, Deque, Dict, List, Literal, NamedTuple, Optional, Sequence, Tuple
from urllib.parse import urlsplit

import msgspec

from .._version import __version__
from ..webhooks import sign
from ._records import WebhookEndpoint

__all__ = [
    "DEFAULT_QUEUE_LIMIT",
    "DEFAULT_RETRY_DELAYS",
    "DEFAULT_TIMEOUT",
    "WebhookDelivery",
    "WebhookDispatcher",
]

logger = logging.getLogger("pingram.emulator")

#: Seconds to wait before each retry: 4 attempts in all, the first retry after 1 s.
DEFAULT_RETRY_DELAYS: Tuple[float, ...] = (1.0, 2.0, 4.0)
#: Seconds an attempt may take, whole (connect, send, answer), before it counts as failed.
DEFAULT_TIMEOUT = 5.0
#: How many events may wait for one endpoint; more are dropped (and counted).
DEFAULT_QUEUE_LIMIT = 1000
#: How much of an answer's body is read (and then ignored).
_MAX_ANSWER = 64 * 1024

Outcome = Literal["delivered", "retrying", "failed"]


class WebhookDelivery(NamedTuple):
    """One attempt to deliver one event to one endpoint (``Emulator.webhook_deliveries``)."""

    #: The endpoint's id (as ``webhooks_create_webhook`` returned it).
    endpoint_id: str
    #: The URL POSTed to.
    url: str
    #: The event's ``X-Pingram-Id``: the same for every attempt and every endpoint.
    event_id: str
    #: The ``WebhookEvent`` sent, as a wire dict (``eventType``, ``trackingId``, ...).
    event: Dict[str, Any]
    #: 1 for the first attempt, 2 for the first retry, ...
    attempt: int
    #: The HTTP status answered, or ``None`` when no answer came (see ``error``).
    status_code: Optional[int]
    #: Why no answer came (connection refused, timeout, ...), else ``None``.
    error: Optional[str]
    #: ``"delivered"`` (2xx), ``"retrying"`` (another attempt follows) or ``"failed"`` (last).
    outcome: Outcome

    @property
    def ok(self) -> bool:
        """Whether this attempt delivered the event (the endpoint answered 2xx)."""
        return self.outcome == "delivered"


class _Item(NamedTuple):
    event_id: str
    event: Dict[str, Any]
    body: bytes


class _Worker:
    """The queue of one endpoint and the thread draining it."""

    def __init__(self, dispatcher: WebhookDispatcher, endpoint: WebhookEndpoint) -> None:
        self.dispatcher = dispatcher
        self.endpoint_id = endpoint.id
        self.url = endpoint.webhook
        self.secret = endpoint.secret
        self.queue: Deque[_Item] = deque()
        self.thread: Optional[threading.Thread] = None
        #: Set when the endpoint is deleted or the dispatcher stops: deliver nothing more.
        self.cancelled = threading.Event()
        self._connection: Optional[http.client.HTTPConnection] = None
        #: Set by the attempt's timer when its deadline passed.
        self._expired = threading.Event()
        #: The attempt in flight (a token its timer compares), under ``_attempt_lock``.
        self._attempt_token: Optional[object] = None
        self._attempt_lock = threading.Lock()

    def cancel(self) -> None:
        """Stop: drop the queue, end a backoff wait and hang up on an attempt in flight."""
        self.cancelled.set()
        self._hang_up()

    def _expire(self, token: object) -> None:
        """The attempt's deadline passed: hang up on it (it then fails as timed out).

        A timer that fires as its attempt ends finds another token (or none): the
        next attempt is left alone.
        """
        with self._attempt_lock:
            if self._attempt_token is token:
                self._expired.set()
                self._hang_up()

    def _hang_up(self) -> None:
        connection = self._connection
        sock = getattr(connection, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def run(self) -> None:
        while True:
            item = self.dispatcher._next_item(self)
            if item is None:
                return
            self._deliver(item)

    def _deliver(self, item: _Item) -> None:
        delays = self.dispatcher.retry_delays
        attempts = len(delays) + 1
        for attempt in range(1, attempts + 1):
            if self.cancelled.is_set():
                return
            url = self.url
            status, error = self._post(url, item)
            if self.cancelled.is_set() and status is None:
                return  # hung up on by cancel(): not the endpoint's doing
            if status is not None and 200 <= status < 300:
                outcome: Outcome = "delivered"
            elif attempt == attempts or self.cancelled.is_set():
                outcome = "failed"
            else:
                outcome = "retrying"
            self.dispatcher._record(
                self,
                WebhookDelivery(
                    self.endpoint_id,
                    url,
                    item.event_id,
                    item.event,
                    attempt,
                    status,
                    error,
                    outcome,
                ),
            )
            if outcome != "retrying" or self.cancelled.wait(delays[attempt - 1]):
                return

    def _post(self, url: str, item: _Item) -> Tuple[Optional[int], Optional[str]]:
        """POST the event once, signed now; returns ``(status, None)`` or ``(None, error)``.

        The whole attempt ends after ``timeout`` seconds: the socket's own timeout
        bounds connecting, and a timer hangs up on whatever is still running then.
        """
        timeout = self.dispatcher.timeout
        token = object()
        with self._attempt_lock:
            self._expired.clear()
            self._attempt_token = token
        timer = threading.Timer(timeout, self._expire, (token,))
        timer.daemon = True
        timer.start()
        try:
            status, error = self._attempt(url, item, timeout)
        finally:
            timer.cancel()
            with self._attempt_lock:
                self._attempt_token = None
        if status is None and self._expired.is_set() and not self.cancelled.is_set():
            error = f"TimeoutError: no complete answer within webhook_timeout ({timeout:g} s)"
        return status, error

    def _attempt(
        self, url: str, item: _Item, timeout: float
    ) -> Tuple[Optional[int], Optional[str]]:
        parts = urlsplit(url)
        kind = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        host = parts.hostname or ""
        connection = kind(host, parts.port, timeout=timeout)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = {
            "Content-Type": "application/json",
            "User-Agent": f"pingram-emulator/{__version__}",
            **sign(item.body, self.secret, message_id=item.event_id),
        }
        self._connection = connection
        try:
            connection.connect()
            # cancel() and the timer set their flag, then shut the socket down: checking
            # after connect() means either this sees the flag or they see the socket.
            if self.cancelled.is_set():
                return None, "cancelled"
            if self._expired.is_set():
                return None, "expired"
            connection.request("POST", target, body=item.body, headers=headers)
            answer = connection.getresponse()
            answer.read(_MAX_ANSWER)
            return answer.status, None
        except Exception as exc:  # any failure of the attempt is the endpoint's, never fatal
            return None, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        finally:
            self._connection = None
            connection.close()


class WebhookDispatcher:
    """Delivers events to endpoints from background threads; records every attempt.

    ``retry_delays`` are the seconds to wait before each retry (so there are
    ``len(retry_delays) + 1`` attempts); ``timeout`` is each attempt's deadline;
    ``queue_limit`` is how many events may wait for one endpoint. Each attempt is
    logged at INFO on the ``pingram.emulator`` logger, each dropped event at WARNING.
    """

    def __init__(
        self,
        retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
        timeout: float = DEFAULT_TIMEOUT,
        queue_limit: int = DEFAULT_QUEUE_LIMIT,
    ) -> None:
        self.retry_delays = tuple(float(delay) for delay in retry_delays)
        self.timeout = float(timeout)
        self.queue_limit = queue_limit
        self._dropped = 0
        self._lock = threading.Condition()
        self._workers: Dict[str, _Worker] = {}
        #: Workers cancelled whose threads may still be finishing an attempt.
        self._retired: List[_Worker] = []
        self._deliveries: List[WebhookDelivery] = []
        self._open = False

    # -- the sink the state emits to --------------------------------------------------------

    def submit(self, endpoint: WebhookEndpoint, event_id: str, event: Dict[str, Any]) -> None:
        """Queue ``event`` for ``endpoint``; starts its worker if idle. Never blocks on I/O."""
        body = msgspec.json.encode(event)
        decoded: Dict[str, Any] = msgspec.json.decode(body)
        with self._lock:
            if not self._open:
                return
            worker = self._workers.get(endpoint.id)
            if worker is None:
                worker = self._workers[endpoint.id] = _Worker(self, endpoint)
            if len(worker.queue) >= self.queue_limit:
                self._dropped += 1
                dropped = self._dropped
            else:
                dropped = 0
                worker.queue.append(_Item(event_id, decoded, body))
            if dropped:
                logger.warning(
                    "webhook %s %s -> %s dropped: %d events already wait for this endpoint "
                    "(%d dropped in all)",
                    decoded["eventType"],
                    event_id,
                    worker.url,
                    self.queue_limit,
                    dropped,
                )
                return
            if worker.thread is None:
                worker.thread = threading.Thread(
                    target=worker.run, name=f"pingram-webhooks:{worker.endpoint_id}", daemon=True
                )
                worker.thread.start()

    def update(self, endpoint: WebhookEndpoint) -> None:
        """Send the endpoint's next attempts to its new URL."""
        with self._lock:
            worker = self._workers.get(endpoint.id)
            if worker is not None:
                worker.url = endpoint.webhook

    def remove(self, endpoint_id: str) -> None:
        """Drop the endpoint's queue and end its retries (an attempt in flight is cut off)."""
        with self._lock:
            worker = self._workers.pop(endpoint_id, None)
            if worker is not None:
                worker.queue.clear()
                self._retire(worker)

    # -- lifecycle and inspection -----------------------------------------------------------

    def open(self) -> None:
        """Accept events (the emulator is serving)."""
        with self._lock:
            self._open = True

    def close(self, timeout: Optional[float] = None) -> None:
        """Stop delivering: drop every queue, cut off attempts in flight, join the threads.

        Waits at most ``timeout`` seconds (default: the attempt timeout plus one)
        for the threads; they are daemons, so none can keep the process alive.
        """
        with self._lock:
            self._open = False
        self.clear(timeout)

    def clear(self, timeout: Optional[float] = None) -> None:
        """Forget every endpoint's queue and every recorded attempt; join the threads."""
        with self._lock:
            for worker in self._workers.values():
                worker.queue.clear()
                self._retire(worker)
            self._workers.clear()
            threads = [w.thread for w in self._retired if w.thread is not None]
            self._retired.clear()
            self._deliveries.clear()
            self._dropped = 0
            self._lock.notify_all()
        deadline = time.monotonic() + (self.timeout + 1 if timeout is None else timeout)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    @property
    def dropped(self) -> int:
        """How many events were dropped because their endpoint's queue was full."""
        with self._lock:
            return self._dropped

    @property
    def deliveries(self) -> List[WebhookDelivery]:
        """Every attempt so far, oldest first."""
        with self._lock:
            return list(self._deliveries)

    def wait_for(self, count: int, timeout: float) -> List[WebhookDelivery]:
        """The delivered attempts once there are ``count`` of them; ``TimeoutError`` if not."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                delivered = [d for d in self._deliveries if d.ok]
                if len(delivered) >= count:
                    return delivered
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._lock.wait(remaining)
            attempts = list(self._deliveries)
        summary = "; ".join(
            f"{d.event['eventType']} -> {d.url} attempt {d.attempt}: "
            f"{d.status_code if d.status_code is not None else d.error}"
            for d in attempts[-10:]
        )
        raise TimeoutError(
            f"{len(delivered)} of {count} webhook deliveries succeeded within {timeout} s"
            + (f" (latest attempts: {summary})" if summary else " (no attempt was made)")
        )

    # -- called by the workers --------------------------------------------------------------

    def _retire(self, worker: _Worker) -> None:
        worker.cancel()
        if worker.thread is not None:
            self._retired.append(worker)

    def _next_item(self, worker: _Worker) -> Optional[_Item]:
        """The worker's next event, or ``None`` (and the worker is done) when there is none."""
        with self._lock:
            if worker.queue and not worker.cancelled.is_set():
                return worker.queue.popleft()
            worker.thread = None
            if worker in self._retired:
                self._retired.remove(worker)
            return None

    def _record(self, worker: _Worker, delivery: WebhookDelivery) -> None:
        with self._lock:
            if worker not in self._retired and self._workers.get(worker.endpoint_id) is not worker:
                return  # cleared while the attempt was in flight: it belongs to no one now
            self._deliveries.append(delivery)
            self._lock.notify_all()
        logger.info(
            "webhook %s %s -> %s (attempt %d): %s",
            delivery.event["eventType"],
            delivery.event_id,
            delivery.url,
            delivery.attempt,
            delivery.status_code if delivery.status_code is not None else delivery.error,
        )
