"""Notification types: their settings, per-channel delivery options, throttling."""

from __future__ import annotations

from typing import List, Optional

import msgspec

from ._base import Model, Number
from .common import (
    Channel,
    DeliveryMode,
    InAppDeliveryMode,
    MonthlyDeliveryDate,
    ThrottlingScope,
    ThrottlingUnit,
)

__all__ = [
    "DeliveryOption",
    "DailyDelivery",
    "WeeklyDelivery",
    "MonthlyDelivery",
    "InAppInstantDelivery",
    "ChannelDeliveryOptions",
    "InAppDeliveryOptions",
    "NotificationOptions",
    "Deduplication",
    "Throttling",
    "NotificationTemplateIds",
    "NotificationCreateRequest",
    "NotificationPatchRequest",
    "Notification",
    "GetNotificationsResponseInner",
]


class DeliveryOption(Model):
    """Whether one delivery mode (off, instant, hourly) is offered to users."""

    enabled: bool


class DailyDelivery(Model):
    """Daily digest delivery: whether it is offered and at which hour."""

    enabled: bool
    hour: Optional[str] = None


class WeeklyDelivery(Model):
    """Weekly digest delivery: whether it is offered, on which day and hour."""

    enabled: bool
    hour: Optional[str] = None
    day: Optional[str] = None


class MonthlyDelivery(Model):
    """Monthly digest delivery: whether it is offered, on the first or last day, at which hour."""

    enabled: bool
    hour: Optional[str] = None
    date: Optional[MonthlyDeliveryDate] = None


class InAppInstantDelivery(Model):
    """Instant in-app delivery, optionally batching notifications that arrive close together."""

    enabled: bool
    batching: Optional[bool] = None
    batching_key: Optional[str] = msgspec.field(default=None, name="batchingKey")
    batching_window: Optional[Number] = msgspec.field(default=None, name="batchingWindow")


class ChannelDeliveryOptions(Model):
    """Delivery options of one channel: the default mode and which modes users may pick."""

    default_delivery_option: DeliveryMode = msgspec.field(name="defaultDeliveryOption")
    off: Optional[DeliveryOption] = None
    instant: Optional[DeliveryOption] = None
    hourly: Optional[DeliveryOption] = None
    daily: Optional[DailyDelivery] = None
    weekly: Optional[WeeklyDelivery] = None
    monthly: Optional[MonthlyDelivery] = None


class InAppDeliveryOptions(Model):
    """Delivery options of the in-app channel: off or instant (with optional batching)."""

    default_delivery_option: InAppDeliveryMode = msgspec.field(name="defaultDeliveryOption")
    off: Optional[DeliveryOption] = None
    instant: Optional[InAppInstantDelivery] = None


class NotificationOptions(Model):
    """Delivery options of a notification type, per channel."""

    email: Optional[ChannelDeliveryOptions] = msgspec.field(default=None, name="EMAIL")
    inapp_web: Optional[InAppDeliveryOptions] = msgspec.field(default=None, name="INAPP_WEB")
    sms: Optional[ChannelDeliveryOptions] = msgspec.field(default=None, name="SMS")
    call: Optional[ChannelDeliveryOptions] = msgspec.field(default=None, name="CALL")
    push: Optional[ChannelDeliveryOptions] = msgspec.field(default=None, name="PUSH")
    web_push: Optional[ChannelDeliveryOptions] = msgspec.field(default=None, name="WEB_PUSH")
    slack: Optional[ChannelDeliveryOptions] = msgspec.field(default=None, name="SLACK")


class Deduplication(Model):
    """Drop repeats of the same notification sent within ``duration`` seconds."""

    duration: Number


class Throttling(Model):
    """Cap how many notifications go out per period, per user and/or notification type."""

    max: Number
    period: Number
    unit: ThrottlingUnit
    forever: bool
    scope: List[ThrottlingScope]


class NotificationTemplateIds(Model):
    """The templates a notification type has on one channel."""

    channel: str = ""
    template_ids: List[str] = msgspec.field(default_factory=list, name="templateIds")


class NotificationCreateRequest(Model):
    """Request body to create a notification type."""

    notification_id: str = msgspec.field(name="notificationId")
    title: str
    channels: List[Channel]
    options: Optional[NotificationOptions] = None


class NotificationPatchRequest(Model):
    """Request body to update a notification type; only the fields set are changed."""

    title: Optional[str] = None
    channels: Optional[List[Channel]] = None
    enabled: Optional[bool] = None
    deduplication: Optional[Deduplication] = None
    throttling: Optional[Throttling] = None
    retention: Optional[Number] = None
    options: Optional[NotificationOptions] = None


class Notification(Model):
    """A notification type with its channels, delivery options and templates."""

    env_id: str = msgspec.field(default="", name="envId")
    notification_id: str = msgspec.field(default="", name="notificationId")
    title: str = ""
    channels: List[str] = msgspec.field(default_factory=list)
    enabled: bool = False
    deduplication: Optional[Deduplication] = None
    throttling: Optional[Throttling] = None
    retention: Optional[Number] = None
    options: Optional[NotificationOptions] = None
    templates: Optional[List[NotificationTemplateIds]] = None


#: The reference's name for :class:`Notification` in list responses.
GetNotificationsResponseInner = Notification
