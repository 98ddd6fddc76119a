"""Sending: the send request, its per-channel content and options, and test emails."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import msgspec

from ._base import Model, Number
from .common import Channel, FcmPriority, SlackMetadata, SlackParse
from .users import Recipient

__all__ = [
    "EmailAttachment",
    "EmailOptions",
    "ApnOptions",
    "FcmAndroidOptions",
    "FcmOptions",
    "SendOptions",
    "EmailContent",
    "InAppContent",
    "SmsAutoReply",
    "SmsContent",
    "CallContent",
    "WebPushContent",
    "MobilePushContent",
    "SlackContent",
    "SenderPostBody",
    "SenderPostResponse",
    "PostEmailTestRequest",
    "PostEmailTestResponse",
]


class EmailAttachment(Model):
    """An email attachment: a ``url`` to fetch, or base64 ``content`` (with ``content_type``)."""

    filename: str
    url: Optional[str] = None
    content: Optional[str] = None
    content_type: Optional[str] = msgspec.field(default=None, name="contentType")


class EmailOptions(Model):
    """Per-send email options: extra recipients, sender, attachments."""

    reply_to_addresses: Optional[List[str]] = msgspec.field(default=None, name="replyToAddresses")
    cc_addresses: Optional[List[str]] = msgspec.field(default=None, name="ccAddresses")
    bcc_addresses: Optional[List[str]] = msgspec.field(default=None, name="bccAddresses")
    from_address: Optional[str] = msgspec.field(default=None, name="fromAddress")
    from_name: Optional[str] = msgspec.field(default=None, name="fromName")
    attachments: Optional[List[EmailAttachment]] = None
    condition: Optional[str] = None


class ApnOptions(Model):
    """Per-send Apple Push Notification service options."""

    expiry: Optional[Number] = None
    priority: Optional[Number] = None
    collapse_id: Optional[str] = msgspec.field(default=None, name="collapseId")
    thread_id: Optional[str] = msgspec.field(default=None, name="threadId")
    badge: Optional[Number] = None
    sound: Optional[str] = None
    content_available: Optional[bool] = msgspec.field(default=None, name="contentAvailable")


class FcmAndroidOptions(Model):
    """Per-send Firebase Cloud Messaging options for Android devices."""

    collapse_key: Optional[str] = msgspec.field(default=None, name="collapseKey")
    priority: Optional[FcmPriority] = None
    ttl: Optional[Number] = None
    restricted_package_name: Optional[str] = msgspec.field(
        default=None, name="restrictedPackageName"
    )


class FcmOptions(Model):
    """Per-send Firebase Cloud Messaging options."""

    android: Optional[FcmAndroidOptions] = None


class SendOptions(Model):
    """Per-send channel options: email, APN and FCM."""

    email: Optional[EmailOptions] = None
    apn: Optional[ApnOptions] = None
    fcm: Optional[FcmOptions] = None


class EmailContent(Model):
    """Email content given inline in a send, instead of a stored template."""

    subject: str
    html: str
    preview_text: Optional[str] = msgspec.field(default=None, name="previewText")
    sender_name: Optional[str] = msgspec.field(default=None, name="senderName")
    sender_email: Optional[str] = msgspec.field(default=None, name="senderEmail")


class InAppContent(Model):
    """In-app content given inline in a send."""

    title: str
    url: Optional[str] = None
    image: Optional[str] = None


class SmsAutoReply(Model):
    """Message sent automatically when the user replies to the SMS."""

    message: str


class SmsContent(Model):
    """SMS content given inline in a send."""

    message: Optional[str] = None
    auto_reply: Optional[SmsAutoReply] = msgspec.field(default=None, name="autoReply")


class CallContent(Model):
    """Voice call content given inline in a send."""

    message: str


class WebPushContent(Model):
    """Web push content given inline in a send."""

    title: str
    message: str
    icon: Optional[str] = None
    url: Optional[str] = None


class MobilePushContent(Model):
    """Mobile push content given inline in a send."""

    title: str
    message: str


class SlackContent(Model):
    """Slack message content given inline in a send (``chat.postMessage`` arguments)."""

    text: str
    blocks: Optional[List[Dict[str, Any]]] = None
    username: Optional[str] = None
    icon: Optional[str] = None
    thread_ts: Optional[str] = None
    reply_broadcast: Optional[bool] = None
    parse: Optional[SlackParse] = None
    link_names: Optional[bool] = None
    mrkdwn: Optional[bool] = None
    unfurl_links: Optional[bool] = None
    unfurl_media: Optional[bool] = None
    metadata: Optional[SlackMetadata] = None


class SenderPostBody(Model):
    """Request body to send (or reschedule) a notification."""

    #: The notification type id.
    type: Optional[str] = None
    to: Optional[Recipient] = None
    force_channels: Optional[List[Channel]] = msgspec.field(default=None, name="forceChannels")
    #: Values for the template's merge tags.
    parameters: Optional[Dict[str, Any]] = None
    secondary_id: Optional[str] = msgspec.field(default=None, name="secondaryId")
    template_id: Optional[str] = msgspec.field(default=None, name="templateId")
    sub_notification_id: Optional[str] = msgspec.field(default=None, name="subNotificationId")
    options: Optional[SendOptions] = None
    #: When to send, as an ISO 8601 date-time.
    schedule: Optional[str] = None
    email: Optional[EmailContent] = None
    inapp: Optional[InAppContent] = None
    sms: Optional[SmsContent] = None
    call: Optional[CallContent] = None
    web_push: Optional[WebPushContent] = None
    mobile_push: Optional[MobilePushContent] = None
    slack: Optional[SlackContent] = None


class SenderPostResponse(Model):
    """Result of a send: the tracking id and any messages from the API."""

    tracking_id: str = msgspec.field(default="", name="trackingId")
    messages: List[str] = msgspec.field(default_factory=list)


class PostEmailTestRequest(Model):
    """Request body to send a test email."""

    notification_id: str = msgspec.field(name="notificationId")
    to: str
    subject: str
    html: str
    from_address: str = msgspec.field(name="fromAddress")
    from_name: str = msgspec.field(name="fromName")
    preview_text: Optional[str] = msgspec.field(default=None, name="previewText")


class PostEmailTestResponse(Model):
    """Result of a test email: its tracking id and any messages."""

    tracking_id: str = msgspec.field(default="", name="trackingId")
    messages: Optional[List[str]] = None
