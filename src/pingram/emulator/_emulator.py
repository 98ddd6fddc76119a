"""``Emulator``: the Pingram API in memory, served over HTTP from a background thread.

A request goes through these steps, in order:

1. an injected fault (``fail_next``), if one is pending, answers it;
2. the path is routed (404 unknown path, 405 known path with another method);
3. the bearer token is checked (401);
4. the body is decoded and validated against the operation's request model, enumerated
   fields holding only documented values (400);
5. what has come due (scheduled sends and broadcasts) is delivered, then the operation's
   handler (``namespaces/<namespace>.py``) runs on the store, under the emulator's lock.

Webhook events a handler raises (``_events.emit``) are queued for the dispatcher
(``_dispatch``), whose threads deliver them after the response has gone out.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import threading
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Sequence, Union
from urllib.parse import parse_qsl, urlsplit

import msgspec

from ..models._base import decoder_for
from . import _events
from ._common import ApiError, Call
from ._dispatch import (
    DEFAULT_QUEUE_LIMIT,
    DEFAULT_RETRY_DELAYS,
    DEFAULT_TIMEOUT,
    WebhookDelivery,
    WebhookDispatcher,
)
from ._enums import enum_problem
from ._records import wire
from ._router import MethodNotAllowed, Router
from ._server import DEFAULT_MAX_BODY, HTTPServer, Response
from .namespaces import HANDLERS, broadcasts, deliver_due, open_account, registrations, users
from .namespaces.keys import key_status
from .namespaces.webhooks import add_webhook

__all__ = ["Emulator", "RecordedRequest"]

_SECRET_KEY_PREFIX = "pingram_sk_"
#: Operations the API serves without credentials: the health check, and accepting an
#: invitation (the invitee may not have a user yet; the token is the credential).
_PUBLIC_OPERATIONS = frozenset({"health_health_check", "profile_accept_invite"})
_JWT = re.compile(r"^[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*$")
#: How deeply a JSON body may nest (objects and arrays); a deeper one is a 400.
MAX_JSON_DEPTH = 100
_encode = msgspec.json.Encoder().encode
logger = logging.getLogger("pingram.emulator")


class RecordedRequest(NamedTuple):
    """One request the emulator answered: method, path (with query) and status."""

    method: str
    path: str
    status: int


class _Fault:
    __slots__ = ("remaining", "retry_after", "status")

    def __init__(self, status: int, retry_after: Optional[str], times: int) -> None:
        self.status = status
        self.retry_after = retry_after
        self.remaining = times


_error = Response.error


def _too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether decoded JSON nests objects and arrays more than ``limit`` levels deep.

    Walks with a list, not recursion, so no depth can exhaust the stack here.
    """
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _decode_json(body: bytes) -> Any:
    """The request body as JSON data; raises ``ApiError`` (400) for invalid or too-deep JSON."""
    too_deep = f"Invalid JSON body: nested more than {MAX_JSON_DEPTH} levels deep"
    try:
        value = msgspec.json.decode(body)
    except msgspec.DecodeError as exc:
        raise ApiError(400, f"Invalid JSON body: {exc}") from None
    except RecursionError:  # deeper than the interpreter's own stack allows
        raise ApiError(400, too_deep) from None
    if isinstance(value, (dict, list)) and _too_deep(value):
        raise ApiError(400, too_deep)
    return value


def _jwt_claims(token: str) -> Optional[Dict[str, Any]]:
    """The payload of a JWT-shaped token, or ``None`` if it is not one. The signature is not
    checked: the emulator trusts whoever holds a token."""
    match = _JWT.match(token)
    if match is None:
        return None
    payload = match.group(1)
    try:
        claims = msgspec.json.decode(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (binascii.Error, ValueError, msgspec.DecodeError, RecursionError):
        return None
    return claims if isinstance(claims, dict) else None


def _seconds(value: object) -> bool:
    """Whether ``value`` is a finite number of seconds >= 0."""
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and 0 <= value < float("inf")
    )


class Emulator:
    """A local Pingram API for development and tests, on ``http://127.0.0.1:<port>``.

        with Emulator() as emu:
            client = PingramSync(api_key="pingram_sk_test", base_url=emu.url)
            client.send({"type": "welcome", "to": {"id": "u1", "email": "a@example.com"}})
            assert emu.sent[0]["type"] == "welcome"

    Every operation of the API is served from memory, linked as the real API links them
    (a send shows up in the logs and, on the in-app channel, in the user's inbox).

    Webhook endpoints registered through the API (or ``register_webhook``)
    receive signed events from background threads: ``EMAIL_DELIVERED`` and
    ``SMS_DELIVERED`` when a send goes out, any other event through
    ``simulate``. A failed delivery is retried after each of
    ``webhook_retry_delays`` seconds (4 attempts in all by default); each
    attempt, whole, may take ``webhook_timeout`` seconds. At most
    ``webhook_queue_limit`` events wait for one endpoint; more are dropped and
    counted in ``webhook_drops``. ``webhook_deliveries`` lists the attempts and
    ``wait_for_webhooks`` waits for them.

    Every answer is JSON. A request body larger than ``max_body`` bytes (10 MiB)
    is refused with 413 before it is read, and JSON nested more than 100 levels
    deep with 400. See ``docs/emulator.md``.

    Authentication: ``Authorization: Bearer <token>`` where the token starts with
    ``pingram_sk_`` (or equals ``api_key`` when one is given) or is a JWT. A key
    created with ``keys_create_api_key`` or ``accounts_create_account`` is accepted
    too, until it is revoked. ``health_health_check`` and ``profile_accept_invite``
    need no credentials.

    The in-app operations (``/user/inapp...``) act for one end user: the ``userId``
    (or ``sub``) claim of a JWT bearer token; otherwise ``inapp_user_id``; otherwise
    the recipient of the most recent in-app send.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        api_key: Optional[str] = None,
        inapp_user_id: Optional[str] = None,
        webhook_retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
        webhook_timeout: float = DEFAULT_TIMEOUT,
        webhook_queue_limit: int = DEFAULT_QUEUE_LIMIT,
        max_body: int = DEFAULT_MAX_BODY,
    ) -> None:
        delays = list(webhook_retry_delays)
        if not all(_seconds(delay) for delay in delays):
            raise ValueError(
                f"webhook_retry_delays must be seconds >= 0, got {webhook_retry_delays!r}"
            )
        if not _seconds(webhook_timeout) or not webhook_timeout > 0:
            raise ValueError(f"webhook_timeout must be seconds > 0, got {webhook_timeout!r}")
        for name, value in (("webhook_queue_limit", webhook_queue_limit), ("max_body", max_body)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be an int >= 1, got {value!r}")
        self._max_body = max_body
        self._address = (host, port)
        self._api_key = api_key
        self._lock = threading.Lock()
        self._inapp_user_id = inapp_user_id
        self._dispatcher = WebhookDispatcher(delays, webhook_timeout, webhook_queue_limit)
        self._store = open_account(inapp_user_id, self._dispatcher)
        self._router = Router()
        self._faults: List[_Fault] = []
        self._requests: List[RecordedRequest] = []
        self._server: Optional[HTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> Emulator:
        """Bind the port and serve from a background thread; returns the emulator."""
        if self._server is not None:
            raise RuntimeError("This Emulator is already running")
        server = HTTPServer(self._address, self._respond, self._max_body)
        self._dispatcher.open()
        self._server, self._thread = server, server.serve_in_thread("pingram-emulator")
        return self

    def stop(self) -> None:
        """Stop serving, hang up on connected clients and join the thread. Safe to repeat.

        Webhook deliveries stop too: queued events and retries are dropped, an
        attempt in flight is cut off, and the delivery threads are joined.
        """
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._server = self._thread = None
        server.stop(thread)
        self._dispatcher.close()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the server thread is serving."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def port(self) -> int:
        """The port bound (the ephemeral one chosen when ``port=0``)."""
        if self._server is None:
            raise RuntimeError("The Emulator is not running: call start() or use `with`")
        port: int = self._server.server_address[1]
        return port

    @property
    def url(self) -> str:
        """The base URL to give a client: ``http://<host>:<port>``."""
        return f"http://{self._address[0]}:{self.port}"

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "stopped"
        return f"<Emulator {where}>"

    # -- inspection and fault injection ----------------------------------------------

    @property
    def sent(self) -> List[Dict[str, Any]]:
        """The body of every accepted ``send``, as received (wire names), oldest first."""
        with self._lock:
            return msgspec.json.decode(_encode(self._store.sent))  # type: ignore[no-any-return]

    @property
    def requests(self) -> List[RecordedRequest]:
        """Every request answered since the last ``reset()``, oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def inapp_user_id(self) -> Optional[str]:
        """The end user the in-app operations act for when the bearer is not a JWT."""
        with self._lock:
            return self._store.inapp_user_id

    @inapp_user_id.setter
    def inapp_user_id(self, user_id: Optional[str]) -> None:
        with self._lock:
            self._store.inapp_user_id = user_id

    def reset(self) -> None:
        """Forget all state, recorded requests and pending faults (``inapp_user_id`` too).

        Webhook endpoints go too, with their queued deliveries, retries and
        recorded attempts.
        """
        with self._lock:
            self._store = open_account(self._inapp_user_id, self._dispatcher)
            self._dispatcher.clear()
            self._faults.clear()
            self._requests.clear()

    def fail_next(
        self, status: int, retry_after: Union[float, str, None] = None, times: int = 1
    ) -> None:
        """Answer the next ``times`` requests with ``status`` and a JSON error body.

        ``retry_after`` (seconds, or an HTTP date string) is sent as ``Retry-After``.
        Calls queue up: ``fail_next(503); fail_next(500)`` fails with 503, then 500.
        """
        if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError(f"status must be an HTTP error status (400-599), got {status!r}")
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise ValueError(f"times must be an int >= 1, got {times!r}")
        header: Optional[str] = None
        if isinstance(retry_after, (int, float)) and not isinstance(retry_after, bool):
            header = str(int(retry_after)) if float(retry_after).is_integer() else str(retry_after)
        elif isinstance(retry_after, str):
            header = retry_after
        elif retry_after is not None:
            raise ValueError(f"retry_after must be seconds or an HTTP date, got {retry_after!r}")
        with self._lock:
            self._faults.append(_Fault(status, header, times))

    def suppress_email(
        self, user_id: str, reason: str = "Bounce", details: Optional[Dict[str, Any]] = None
    ) -> None:
        """Mark a user's email as suppressed, as a bounce or complaint would.

        ``users_remove_user_from_suppression(user_id, "EMAIL")`` lifts it again.
        """
        with self._lock:
            users.suppress_email(self._store, user_id, reason, details or {})

    @property
    def invitations(self) -> List[Dict[str, Any]]:
        """Every invitation ``members_invite_member`` sent, oldest first, as the e-mail would.

        Each is a dict: ``email``, ``role``, ``accountId``, ``createdAt``, ``accepted``
        and the ``token`` to pass to ``profile_accept_invite``.
        """
        with self._lock:
            return [wire(invitation) for invitation in self._store.invitations.values()]

    @property
    def hold_broadcasts(self) -> bool:
        """Whether a sending broadcast waits instead of delivering to its audience at once.

        While true, ``broadcasts_send`` (and a schedule coming due) leaves the broadcast
        ``sending`` with every recipient pending, so tests can pause, resume or cancel
        it. Setting it back to false delivers what is held. ``reset()`` clears it.
        """
        with self._lock:
            return self._store.hold_broadcasts

    @hold_broadcasts.setter
    def hold_broadcasts(self, hold: bool) -> None:
        with self._lock:
            self._store.hold_broadcasts = bool(hold)
            broadcasts.deliver_due(self._store)

    def review_10dlc(self, brand: Optional[str] = None, campaign: Optional[str] = None) -> None:
        """Set the 10DLC brand's and/or campaign's review status, as Pingram's review would.

        ``emu.review_10dlc(brand="approved", campaign="approved")``. Statuses are
        those of the API (``in_progress``, ``approved``, ``rejected``, ``info_needed``, ...).
        Raises ``ValueError`` for an unknown status or when no brand is registered.
        """
        with self._lock:
            registrations.set_review_status(self._store, brand, campaign)

    # -- webhooks --------------------------------------------------------------------

    def register_webhook(self, url: str, events: Optional[Iterable[str]] = None) -> Dict[str, Any]:
        """Register a webhook endpoint as ``webhooks_create_webhook`` would, without a client.

        ``events`` defaults to every event type. Returns the endpoint as a wire
        dict (``id``, ``webhook``, ``events``, ``secret``). The API's rules apply
        (``http://`` only on loopback, at most 10 endpoints, ...): a breach raises
        ``ValueError``.
        """
        with self._lock:
            try:
                endpoint = add_webhook(
                    self._store, url, _events.EVENT_TYPES if events is None else events
                )
            except ApiError as exc:
                raise ValueError(exc.message) from None
            return wire(endpoint)

    @property
    def webhook_endpoints(self) -> List[Dict[str, Any]]:
        """The registered endpoints, as ``webhooks_list_webhooks`` returns them."""
        with self._lock:
            return [wire(endpoint) for endpoint in self._store.webhooks.values()]

    @property
    def webhook_deliveries(self) -> List[WebhookDelivery]:
        """Every delivery attempt since the last ``reset()``, oldest first.

        Each is a :class:`WebhookDelivery`: ``endpoint_id``, ``url``, ``event_id``
        (the ``X-Pingram-Id``), ``event`` (wire dict), ``attempt`` (1, 2, ...),
        ``status_code`` or ``error``, and ``outcome`` (``"delivered"``,
        ``"retrying"`` or ``"failed"``).
        """
        return self._dispatcher.deliveries

    @property
    def webhook_drops(self) -> int:
        """How many events were dropped since the last ``reset()`` because their endpoint's
        queue already held ``webhook_queue_limit`` events (each drop is logged at WARNING)."""
        return self._dispatcher.dropped

    def wait_for_webhooks(self, count: int = 1, timeout: float = 5.0) -> List[WebhookDelivery]:
        """Wait until ``count`` deliveries have succeeded (2xx); returns every successful one.

        Raises ``TimeoutError``, describing the latest attempts, if fewer than
        ``count`` succeed within ``timeout`` seconds.
        """
        return self._dispatcher.wait_for(count, timeout)

    def simulate(self, tracking_id: str, event_type: str, /, **fields: Any) -> Dict[str, Any]:
        """Emit a webhook event about a message sent earlier, as if it had just happened.

            emu.simulate(tracking_id, "EMAIL_OPEN")
            emu.simulate(tracking_id, "EMAIL_CLICK", clicked_link="https://example.com/a")
            emu.simulate(tracking_id, "EMAIL_FAILED", failure_code="bounce")

        ``event_type`` is any message event (``EMAIL_*``, ``SMS_*``, ``PUSH_*``, ...;
        not ``ACCOUNT_USAGE``). The event carries the message's ``trackingId``,
        ``userId`` and ``notificationId``, and the ``channel`` its type starts with
        (``EMAIL_CLICK`` -> ``EMAIL``, ``WEB_PUSH_FAILED`` -> ``WEB_PUSH``).
        ``fields`` set other ``WebhookEvent`` fields by their snake_case names
        (``clicked_link``, ``failure_code``, ``clicked_link_tags``, ...; ``channel``
        overrides the derived one).

        Every endpoint subscribed to ``event_type`` receives it, in the background
        (events are only delivered while the emulator runs). Returns the event (wire
        dict). Opens, clicks, failures and inbound events on email and SMS also change
        what ``logs_get_delivery_status`` reports (``OPENED``, ``CLICKED``, ``FAILED``,
        ``BOUNCED``, ``COMPLAINT``, ``INBOUND``). Raises ``ValueError`` for an unknown
        tracking id, event type or field, or a field of the wrong type.
        """
        with self._lock:
            return _events.simulate(self._store, tracking_id, event_type, fields)

    # -- the request pipeline --------------------------------------------------------

    def _respond(self, method: str, target: str, headers: Dict[str, str], body: bytes) -> Response:
        with self._lock:
            try:
                response = self._fault() or self._dispatch(method, target, headers, body)
            except Exception:  # a bug in a handler: the request's 500, the server goes on
                logger.exception("%s %s failed", method, target)
                response = _error(500, "The emulator failed to answer this request")
            self._requests.append(RecordedRequest(method, target, response.status))
        return response

    def _fault(self) -> Optional[Response]:
        if not self._faults:
            return None
        fault = self._faults[0]
        fault.remaining -= 1
        if not fault.remaining:
            self._faults.pop(0)
        headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else None
        return _error(fault.status, f"Injected failure ({fault.status})", headers)

    def _dispatch(self, method: str, target: str, headers: Dict[str, str], body: bytes) -> Response:
        url = urlsplit(target)
        resolved = self._router.resolve(method, url.path)
        if resolved is None:
            return _error(404, f"Not found: {method} {url.path}")
        if isinstance(resolved, MethodNotAllowed):
            allow = ", ".join(resolved.allow)
            return _error(
                405, f"{method} is not allowed on {url.path}; use {allow}", {"Allow": allow}
            )
        op, params = resolved
        token_user, problem = self._authenticate(headers.get("authorization"))
        if problem is not None and op.name not in _PUBLIC_OPERATIONS:
            return _error(401, problem)
        call = Call(params, dict(parse_qsl(url.query)), token_user=token_user)
        if op.body is not None:
            try:
                call.raw = _decode_json(body)
            except ApiError as exc:
                return _error(exc.status, exc.message)
            decoder_for(op.body)  # msgspec's first look at a type must not race another
            try:
                call.body = msgspec.convert(call.raw, op.body)
            except msgspec.ValidationError as exc:
                return _error(400, f"Invalid {op.body.__name__}: {exc}")
            problem = enum_problem(op.body, call.raw)
            if problem is not None:
                return _error(400, f"Invalid {op.body.__name__}: {problem}")
        try:
            deliver_due(self._store)
            payload = HANDLERS[op.name](self._store, call)
        except ApiError as exc:
            return _error(exc.status, exc.message)
        if op.response is None:
            return Response(204)
        return Response(200, _encode(payload))

    def _authenticate(self, header: Optional[str]) -> tuple[Optional[str], Optional[str]]:
        """``(JWT user, None)`` if the bearer is accepted, else ``(None, why not)``."""
        if not header:
            return None, "Missing Authorization header: send `Authorization: Bearer <api key>`"
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None, "Malformed Authorization header: expected `Bearer <api key>`"
        claims = _jwt_claims(token)
        if claims is not None:
            user = claims.get("userId") or claims.get("sub")
            return (user if isinstance(user, str) else None), None
        issued = key_status(self._store, token)
        if issued == "revoked":
            return None, "This API key has been revoked"
        accepted = issued == "active" or (
            token == self._api_key if self._api_key else token.startswith(_SECRET_KEY_PREFIX)
        )
        if not accepted:
            return None, "Invalid API key"
        return None, None
