"""Enumerations and small shapes shared by several resources.

The ``Literal`` aliases below type every enumerated request field, so a type
checker catches ``"EMIAL"`` before anything is sent.
"""

from __future__ import annotations

from typing import Any, Dict, List, Literal, Optional

from ._base import Model

__all__ = [
    "Channel",
    "DeliveryMode",
    "InAppDeliveryMode",
    "TemplateDeliveryMode",
    "MonthlyDeliveryDate",
    "PushTokenType",
    "EmailSuppressionReason",
    "LogChannel",
    "ThrottlingUnit",
    "ThrottlingScope",
    "FcmPriority",
    "SlackParse",
    "SlackExternalRef",
    "SlackEntity",
    "SlackMetadata",
    "SuccessResponse",
    "MessageResponse",
]

#: A delivery channel, as the API spells it in channel lists and option maps.
Channel = Literal["EMAIL", "INAPP_WEB", "SMS", "CALL", "PUSH", "WEB_PUSH", "SLACK"]

#: How a channel delivers by default: not at all, at once, or as a digest.
DeliveryMode = Literal["off", "instant", "hourly", "daily", "weekly", "monthly"]

#: The delivery modes the in-app channel supports.
InAppDeliveryMode = Literal["off", "instant"]

#: A delivery mode a template can be the default for.
TemplateDeliveryMode = Literal["instant", "hourly", "daily", "weekly", "monthly"]

#: Which day of the month a monthly digest goes out.
MonthlyDeliveryDate = Literal["first", "last"]

#: The mobile push service a device token belongs to.
PushTokenType = Literal["FCM", "APN"]

#: Why an email address is suppressed.
EmailSuppressionReason = Literal["Bounce", "Complaint"]

#: A channel as the log query filter spells it.
LogChannel = Literal["email", "inapp", "sms", "call", "web_push", "mobile_push", "slack"]

#: The time unit of a throttling period.
ThrottlingUnit = Literal["seconds", "minutes", "hours", "days", "months", "years"]

#: What a throttling limit counts per.
ThrottlingScope = Literal["userId", "notificationId"]

#: Android delivery priority of an FCM message.
FcmPriority = Literal["high", "normal"]

#: How Slack parses the message text.
SlackParse = Literal["full", "none"]


class SlackExternalRef(Model):
    """Reference that identifies a Slack work-object entity in your own system."""

    id: str
    type: Optional[str] = None


class SlackEntity(Model):
    """A Slack work-object entity attached to a message."""

    entity_type: str
    entity_payload: Dict[str, Any]
    external_ref: SlackExternalRef
    url: str
    app_unfurl_url: Optional[str] = None


class SlackMetadata(Model):
    """Slack message metadata: an application event plus optional work-object entities."""

    entities: Optional[List[SlackEntity]] = None
    event_type: Optional[str] = None
    event_payload: Optional[Dict[str, Any]] = None


class SuccessResponse(Model):
    """Response that only says whether the operation succeeded."""

    success: bool = False


class MessageResponse(Model):
    """Response that carries a human-readable status message."""

    message: str = ""
