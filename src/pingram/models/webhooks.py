"""Webhooks: the endpoints Pingram POSTs events to, and the body of each delivery.

Response models are decoded leniently, like every response model: fields the API adds later are
ignored, and a field the spec marks required that is missing decodes to its
empty default. ``channel`` and ``event_type`` are plain ``str`` so a new
channel or event never breaks decoding.
"""

from typing import Dict, List, Literal, Optional

import msgspec

from ._base import Model, Number

__all__ = [
    "WebhookChannel",
    "WebhookEventType",
    "WebhookEndpointUpsertRequest",
    "WebhookEndpoint",
    "WebhookEndpointsResponse",
    "WebhookEndpointsResponseEndpointsInner",
    "WebhookEvent",
    "WebhookUsage",
]

#: The channel of a webhook event.
WebhookChannel = Literal["EMAIL", "INAPP_WEB", "SMS", "CALL", "VOICE", "PUSH", "WEB_PUSH", "SLACK"]

#: An event type an endpoint can subscribe to (``eventType`` of a delivery).
WebhookEventType = Literal[
    "EMAIL_OPEN",
    "EMAIL_CLICK",
    "EMAIL_FAILED",
    "EMAIL_DELIVERED",
    "EMAIL_UNSUBSCRIBE",
    "EMAIL_INBOUND",
    "INAPP_WEB_FAILED",
    "INAPP_WEB_UNSUBSCRIBE",
    "SMS_DELIVERED",
    "SMS_FAILED",
    "SMS_UNSUBSCRIBE",
    "SMS_SUBSCRIBE",
    "SMS_INBOUND",
    "PUSH_FAILED",
    "PUSH_UNSUBSCRIBE",
    "CALL_FAILED",
    "CALL_UNSUBSCRIBE",
    "WEB_PUSH_FAILED",
    "WEB_PUSH_UNSUBSCRIBE",
    "SLACK_FAILED",
    "SLACK_UNSUBSCRIBE",
    "ACCOUNT_USAGE",
]


class WebhookEndpointUpsertRequest(Model):
    """Request body to create or replace a webhook endpoint.

    ``webhook`` is the HTTPS URL to POST events to; ``events`` is the complete
    set of event types it receives (on update, leaving one out unsubscribes it).
    """

    webhook: str
    #: ``WebhookEventType`` values; sent as given, so a type newer than this SDK works too.
    events: List[str]


class WebhookEndpoint(Model):
    """A registered webhook endpoint; ``secret`` (``pingram_whsecret_...``) signs its deliveries."""

    id: str = ""
    webhook: str = ""
    #: Event types, as strings: a type added to the API later still decodes.
    events: List[str] = msgspec.field(default_factory=list)
    secret: str = ""

    def __repr__(self) -> str:
        # The secret signs deliveries: never show it in a repr, a log line or a traceback.
        secret = "'pingram_whsecret_***'" if self.secret else "''"
        return (
            f"WebhookEndpoint(id={self.id!r}, webhook={self.webhook!r}, "
            f"events={self.events!r}, secret={secret})"
        )


#: The spec's name for :class:`WebhookEndpoint` in list responses.
WebhookEndpointsResponseEndpointsInner = WebhookEndpoint


class WebhookEndpointsResponse(Model):
    """The account's webhook endpoints (an empty list when there are none)."""

    endpoints: List[WebhookEndpoint] = msgspec.field(default_factory=list)


class WebhookUsage(Model):
    """Usage of one channel in a usage event: how many messages, at what cost."""

    count: Number = 0
    cost: Number = 0


class WebhookEvent(Model):
    """One webhook event: a delivery, failure, click, or account usage notice."""

    event_type: str = msgspec.field(default="", name="eventType")
    #: One of ``EMAIL``, ``INAPP_WEB``, ``SMS``, ``CALL``, ``VOICE``, ``PUSH``,
    #: ``WEB_PUSH``, ``SLACK`` today; new channels decode as their plain name.
    channel: str = ""
    user_id: str = msgspec.field(default="", name="userId")
    notification_id: str = msgspec.field(default="", name="notificationId")
    tracking_id: str = msgspec.field(default="", name="trackingId")
    failure_code: Optional[str] = msgspec.field(default=None, name="failureCode")
    clicked_link: Optional[str] = msgspec.field(default=None, name="clickedLink")
    clicked_link_tags: Optional[Dict[str, List[str]]] = msgspec.field(
        default=None, name="clickedLinkTags"
    )
    account_id: Optional[str] = msgspec.field(default=None, name="accountId")
    year_month_day: Optional[str] = msgspec.field(default=None, name="yearMonthDay")
    resets_on: Optional[str] = msgspec.field(default=None, name="resetsOn")
    percent: Optional[Number] = None
    spent: Optional[Number] = None
    cost_cap: Optional[Number] = msgspec.field(default=None, name="costCap")
    auto_upgrade: Optional[bool] = msgspec.field(default=None, name="autoUpgrade")
    usage: Optional[Dict[str, WebhookUsage]] = None
