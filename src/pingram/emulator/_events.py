"""Webhook events: the one hook through which the emulated account raises them. No I/O here.

Every event goes through :func:`emit`: a delivery (:func:`delivered`, called by
whatever delivers a message), ``Emulator.simulate`` (:func:`simulate`) and
``logs_retry_inbound``. ``emit`` first records what the event says about the
message (its delivery status for ``logs_get_delivery_status``; a broadcast
recipient's ``openedAt``, ``bouncedAt``, ...), then hands it, once per subscribed
endpoint, to the store's sink (the emulator's background dispatcher), which signs
and POSTs it. Nothing here waits for a delivery.
"""

from __future__ import annotations

import uuid
from typing import Any, Dict, Optional, Tuple

import msgspec

from ..models.common import ENUM_VALUES
from ..models.webhooks import WebhookEvent
from ._common import iso, now
from ._records import TrackedMessage
from ._store import Store

__all__ = ["EVENT_TYPES", "channel_of", "delivered", "emit", "simulate", "track"]

#: Every event type an endpoint can subscribe to, in the spec's order.
EVENT_TYPES: Tuple[str, ...] = ENUM_VALUES["WebhookEventType"]
#: The channels an event can be about, longest first so ``WEB_PUSH_`` wins over ``PUSH_``.
CHANNELS: Tuple[str, ...] = tuple(sorted(ENUM_VALUES["Channel"], key=len, reverse=True))
#: The event a delivery on each channel produces (other channels produce none).
DELIVERED_EVENT = {"EMAIL": "EMAIL_DELIVERED", "SMS": "SMS_DELIVERED"}
#: ``WebhookEvent`` fields as ``simulate`` takes them (snake_case) -> their wire names.
EVENT_FIELDS: Dict[str, str] = {
    field.name: field.encode_name for field in msgspec.structs.fields(WebhookEvent)
}
#: The channels ``logs_get_delivery_status`` reports on.
STATUS_CHANNELS = ("EMAIL", "SMS")
#: The delivery status an event leaves a message in.
EVENT_STATUS = {
    "EMAIL_OPEN": "OPENED",
    "EMAIL_CLICK": "CLICKED",
    "EMAIL_FAILED": "FAILED",
    "EMAIL_INBOUND": "INBOUND",
    "SMS_FAILED": "FAILED",
    "SMS_INBOUND": "INBOUND",
}
#: Email events -> the broadcast recipient field they set.
RECIPIENT_FACTS = {
    "EMAIL_DELIVERED": "delivered_at",
    "EMAIL_OPEN": "opened_at",
    "EMAIL_CLICK": "clicked_at",
    "EMAIL_UNSUBSCRIBE": "unsubscribed_at",
}


def channel_of(event_type: str) -> Optional[str]:
    """The channel an event type is about, from its prefix (``EMAIL_CLICK`` -> ``EMAIL``)."""
    for channel in CHANNELS:
        if event_type.startswith(channel + "_"):
            return channel
    return None


def track(store: Store, tracking_id: str, user_id: str, notification_id: str) -> None:
    """Remember a message so that ``simulate`` can produce events about it."""
    store.tracked[tracking_id] = TrackedMessage(user_id, notification_id)


def delivered(
    store: Store, tracking_id: str, channel: str, user_id: str, notification_id: str
) -> None:
    """A message went out on ``channel``: count it, and emit its delivery event if it has one.

    Whatever delivers a message calls this once per channel (a send, a broadcast
    recipient, ``email_send``, ``sms_send``): an email produces ``EMAIL_DELIVERED``, an
    SMS ``SMS_DELIVERED``. It also makes the message known to ``simulate``.
    """
    track(store, tracking_id, user_id, notification_id)
    store.delivered[channel] = store.delivered.get(channel, 0) + 1
    event_type = DELIVERED_EVENT.get(channel)
    if event_type is not None:
        emit(
            store,
            {
                "eventType": event_type,
                "channel": channel,
                "userId": user_id,
                "notificationId": notification_id,
                "trackingId": tracking_id,
            },
        )


def simulate(
    store: Store, tracking_id: str, event_type: str, fields: Dict[str, Any]
) -> Dict[str, Any]:
    """Emit ``event_type`` about a tracked message; see ``Emulator.simulate``."""
    if event_type not in EVENT_TYPES:
        raise ValueError(
            f"Unknown webhook event type {event_type!r}: use one of {', '.join(EVENT_TYPES)}"
        )
    channel = channel_of(event_type)
    if channel is None:
        raise ValueError(f"{event_type} is not about a message, so it cannot be simulated")
    message = store.tracked.get(tracking_id)
    if message is None:
        raise ValueError(f"No message with tracking id {tracking_id!r} was sent")
    event: Dict[str, Any] = {
        "eventType": event_type,
        "channel": channel,
        "userId": message.user_id,
        "notificationId": message.notification_id,
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
    return emit(store, event)


def emit(store: Store, event: Dict[str, Any]) -> Dict[str, Any]:
    """Raise ``event`` (a ``WebhookEvent`` wire dict): record it, then queue it for every
    endpoint subscribed to its type. Returns the event as sent (``None`` fields dropped).

    One id (the ``X-Pingram-Id`` of its deliveries) names the event at every endpoint
    and across retries.
    """
    payload = {key: value for key, value in event.items() if value is not None}
    _record(store, payload)
    event_id = f"msg_{uuid.uuid4().hex}"
    for endpoint in store.webhooks.values():
        if payload["eventType"] in endpoint.events:
            store.sink.submit(endpoint, event_id, payload)
    return dict(payload)


def _record(store: Store, event: Dict[str, Any]) -> None:
    """What the event says about its message: delivery status and broadcast recipient facts."""
    tracking_id = str(event.get("trackingId"))
    event_type = str(event["eventType"])
    code = str(event.get("failureCode") or "")
    moment = iso(now())
    status = EVENT_STATUS.get(event_type)
    channel = event.get("channel")
    if status is not None and channel in STATUS_CHANNELS:
        if status == "FAILED" and "BOUNCE" in code.upper():
            status = "BOUNCED"
        elif status == "FAILED" and "COMPLAINT" in code.upper():
            status = "COMPLAINT"
        store.outcomes[(tracking_id, str(channel))] = (status, moment)
    found = store.recipient_of.get(tracking_id)
    if found is None or found[0] not in store.broadcasts:
        return
    recipient = found[1]
    fact = RECIPIENT_FACTS.get(event_type)
    if fact is not None:
        if getattr(recipient, fact) is None:
            setattr(recipient, fact, moment)
    elif event_type == "EMAIL_FAILED":
        reason = code or "failed"
        if "bounce" in reason.lower():
            recipient.bounced_at = recipient.bounced_at or moment
            recipient.bounce_type = recipient.bounce_type or reason
        elif "complain" in reason.lower():
            recipient.complained_at = recipient.complained_at or moment
        else:
            recipient.failed_at = recipient.failed_at or moment
            recipient.fail_reason = recipient.fail_reason or reason
