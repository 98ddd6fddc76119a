"""Webhook endpoints and the events the emulated account emits to them. No I/O happens here.

:class:`WebhookState` is a mixin of the emulator's ``State``: it holds the
endpoints (as ``WebhookEndpoint`` wire dicts), serves the four ``webhooks_*``
operations, and turns what happens to a message into ``WebhookEvent`` wire
dicts. Each event is handed, once per subscribed endpoint, to a
:class:`WebhookSink` (the emulator's background dispatcher), which signs and
POSTs it; nothing here waits for a delivery.

Handlers that deliver a message call :meth:`WebhookState.message_delivered`
(``EMAIL_DELIVERED``, ``SMS_DELIVERED``); ``Emulator.simulate`` calls
:meth:`WebhookState.simulate` for every other event of a message.
"""

from __future__ import annotations

import ipaddress
import secrets
import uuid
from typing import Any, Dict, Iterable, List, Optional, Protocol, Tuple
from urllib.parse import urlsplit

import msgspec

from ..models.common import ENUM_VALUES
from ..models.webhooks import WebhookEvent

__all__ = [
    "EVENT_TYPES",
    "MAX_ENDPOINTS",
    "SECRET_PREFIX",
    "WebhookSink",
    "WebhookState",
    "channel_of",
    "check_url",
]

#: Every event type an endpoint can subscribe to, in the spec's order.
EVENT_TYPES: Tuple[str, ...] = ENUM_VALUES["WebhookEventType"]
#: The channels an event can be about, longest first so ``WEB_PUSH_`` wins over ``PUSH_``.
CHANNELS: Tuple[str, ...] = tuple(sorted(ENUM_VALUES["Channel"], key=len, reverse=True))
#: How many endpoints one account may have.
MAX_ENDPOINTS = 10
#: How every webhook secret starts.
SECRET_PREFIX = "pingram_whsecret_"
#: The event a delivery on each channel produces.
DELIVERED_EVENT = {"EMAIL": "EMAIL_DELIVERED", "SMS": "SMS_DELIVERED"}
#: ``WebhookEvent`` fields as ``simulate`` takes them (snake_case) -> their wire names.
EVENT_FIELDS: Dict[str, str] = {
    field.name: field.encode_name for field in msgspec.structs.fields(WebhookEvent)
}
_LOOPBACK_HOSTS = frozenset({"localhost"})


class WebhookError(Exception):
    """A request the webhook rules refuse: ``status`` and ``message`` of the error response."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class WebhookSink(Protocol):
    """Where events and endpoint changes go: the emulator's delivery dispatcher."""

    def submit(self, endpoint: Dict[str, Any], event_id: str, event: Dict[str, Any]) -> None:
        """Queue ``event`` for ``endpoint`` (a copy of its wire dict); must not block."""

    def update(self, endpoint: Dict[str, Any]) -> None:
        """The endpoint's URL changed: later attempts go to the new one."""

    def remove(self, endpoint_id: str) -> None:
        """The endpoint is gone: drop what is queued for it and stop its retries."""


class _NoSink:
    """Drops everything: the state alone, with no dispatcher attached."""

    def submit(self, endpoint: Dict[str, Any], event_id: str, event: Dict[str, Any]) -> None:
        pass

    def update(self, endpoint: Dict[str, Any]) -> None:
        pass

    def remove(self, endpoint_id: str) -> None:
        pass


def channel_of(event_type: str) -> Optional[str]:
    """The channel an event type is about, from its prefix (``EMAIL_CLICK`` -> ``EMAIL``)."""
    for channel in CHANNELS:
        if event_type.startswith(channel + "_"):
            return channel
    return None


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: object) -> str:
    """``url`` if an endpoint may use it, else raise :class:`WebhookError` (400).

    The API wants a public HTTPS URL; the emulator also takes ``http://`` on
    loopback (``127.0.0.1``, ``localhost``, ``[::1]``), where a developer's app listens.
    """
    if not isinstance(url, str) or not url.strip():
        raise WebhookError(400, "`webhook` must be the URL to POST events to")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        raise WebhookError(400, f"`webhook` is not a valid URL: {url!r}") from None
    if parts.scheme not in ("https", "http") or not host:
        raise WebhookError(400, f"`webhook` must be an https:// URL, got {url!r}")
    if parts.scheme == "http" and not _is_loopback(host):
        raise WebhookError(
            400,
            f"`webhook` must be an https:// URL, got {url!r} (the emulator also accepts "
            "http:// on 127.0.0.1, localhost or [::1])",
        )
    return url


def _check_events(events: Iterable[str]) -> List[str]:
    chosen = list(dict.fromkeys(events))
    if not chosen:
        raise WebhookError(400, "`events` must list at least one event type")
    unknown = [event for event in chosen if event not in EVENT_TYPES]
    if unknown:
        raise WebhookError(
            400,
            f"Unknown event type(s) {', '.join(map(repr, unknown))}: use {', '.join(EVENT_TYPES)}",
        )
    return chosen


class WebhookState:
    """The account's webhook endpoints, the messages events can be about, and emitting."""

    webhook_sink: WebhookSink = _NoSink()

    def clear_webhooks(self) -> None:
        """Forget every endpoint and tracked message (the sink is told nothing)."""
        self._webhooks: Dict[str, Dict[str, Any]] = {}
        #: Messages events can be about: tracking id -> ``userId`` and ``notificationId``.
        self._tracked: Dict[str, Dict[str, str]] = {}

    # -- endpoints -------------------------------------------------------------------------

    def add_webhook(self, url: str, events: Iterable[str]) -> Dict[str, Any]:
        """Create an endpoint under the API's rules; returns its wire dict (with ``secret``)."""
        url = check_url(url)
        chosen = _check_events(events)
        if len(self._webhooks) >= MAX_ENDPOINTS:
            raise WebhookError(
                400, f"An account has at most {MAX_ENDPOINTS} webhook endpoints: delete one first"
            )
        self._check_unique(url, None)
        endpoint: Dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "webhook": url,
            "events": chosen,
            "secret": SECRET_PREFIX + secrets.token_hex(24),
        }
        self._webhooks[endpoint["id"]] = endpoint
        return dict(endpoint)

    def _check_unique(self, url: str, endpoint_id: Optional[str]) -> None:
        for other in self._webhooks.values():
            if other["webhook"] == url and other["id"] != endpoint_id:
                raise WebhookError(
                    409,
                    f"Webhook endpoint {other['id']!r} already receives events at {url!r}: "
                    "update it instead",
                )

    def _endpoint(self, endpoint_id: str) -> Dict[str, Any]:
        endpoint = self._webhooks.get(endpoint_id)
        if endpoint is None:
            raise WebhookError(404, f"No webhook endpoint with id {endpoint_id!r}")
        return endpoint

    def webhooks_create_webhook(self, call: Any) -> Any:
        data = call.data
        return self.add_webhook(data["webhook"], data["events"])

    def webhooks_list_webhooks(self, call: Any) -> Any:
        return {"endpoints": [dict(endpoint) for endpoint in self._webhooks.values()]}

    def webhooks_update_webhook(self, call: Any) -> Any:
        endpoint = self._endpoint(call.params["endpoint_id"])
        data = call.data
        url = check_url(data["webhook"])
        chosen = _check_events(data["events"])
        self._check_unique(url, endpoint["id"])
        moved = url != endpoint["webhook"]
        endpoint.update(webhook=url, events=chosen)
        if moved:
            self.webhook_sink.update(dict(endpoint))
        return dict(endpoint)

    def webhooks_delete_webhook(self, call: Any) -> Any:
        endpoint_id = call.params["endpoint_id"]
        self._endpoint(endpoint_id)
        del self._webhooks[endpoint_id]
        self.webhook_sink.remove(endpoint_id)
        return None

    # -- events ----------------------------------------------------------------------------

    def track_message(self, tracking_id: str, user_id: str, notification_id: str) -> None:
        """Remember a message so that ``simulate`` can produce events about it."""
        self._tracked[tracking_id] = {"userId": user_id, "notificationId": notification_id}

    def message_delivered(
        self, tracking_id: str, channel: str, user_id: str, notification_id: str
    ) -> Optional[Dict[str, Any]]:
        """A message went out on ``channel``: emit its delivery event, if the channel has one.

        Every handler that sends a tracked message calls this once per channel it
        delivers on (``send`` does; so should ``email_send`` with ``"EMAIL"`` and
        ``sms_send`` with ``"SMS"``, passing the message's recipient as ``user_id``
        and its notification type as ``notification_id``). It also makes the
        message known to ``simulate``. An email produces ``EMAIL_DELIVERED``, an
        SMS ``SMS_DELIVERED``; other channels have no delivery event and produce
        nothing. Returns the event emitted, or ``None``.
        """
        self.track_message(tracking_id, user_id, notification_id)
        event_type = DELIVERED_EVENT.get(channel)
        if event_type is None:
            return None
        return self.emit_webhook_event(
            {
                "eventType": event_type,
                "channel": channel,
                "userId": user_id,
                "notificationId": notification_id,
                "trackingId": tracking_id,
            }
        )

    def simulate(self, tracking_id: str, event_type: str, fields: Dict[str, Any]) -> Dict[str, Any]:
        """Emit ``event_type`` about a tracked message; see ``Emulator.simulate``."""
        if event_type not in EVENT_TYPES:
            raise ValueError(
                f"Unknown webhook event type {event_type!r}: use one of {', '.join(EVENT_TYPES)}"
            )
        channel = channel_of(event_type)
        if channel is None:
            raise ValueError(f"{event_type} is not about a message, so it cannot be simulated")
        message = self._tracked.get(tracking_id)
        if message is None:
            raise ValueError(f"No message with tracking id {tracking_id!r} was sent")
        event: Dict[str, Any] = {
            "eventType": event_type,
            "channel": channel,
            **message,
            "trackingId": tracking_id,
        }
        for name, value in fields.items():
            wire = EVENT_FIELDS.get(name)
            if wire is None or name in ("event_type", "tracking_id"):
                allowed = sorted(set(EVENT_FIELDS) - {"event_type", "tracking_id"})
                raise ValueError(
                    f"Unknown WebhookEvent field {name!r}: use one of {', '.join(allowed)}"
                )
            event[wire] = value
        try:
            msgspec.convert(event, WebhookEvent)
        except msgspec.ValidationError as exc:
            raise ValueError(f"Invalid {event_type} event: {exc}") from None
        return self.emit_webhook_event(event)

    def emit_webhook_event(self, event: Dict[str, Any]) -> Dict[str, Any]:
        """Hand ``event`` (a ``WebhookEvent`` wire dict) to every endpoint subscribed to it.

        One id (the ``X-Pingram-Id`` of its deliveries) names the event at every
        endpoint and across retries. Returns the event.
        """
        event_id = f"msg_{uuid.uuid4().hex}"
        payload = {k: v for k, v in event.items() if v is not None}
        for endpoint in self._webhooks.values():
            if event["eventType"] in endpoint["events"]:
                self.webhook_sink.submit(dict(endpoint), event_id, payload)
        return dict(payload)
