"""Logs: what happened to each notification sent, per channel, plus log queries."""

from __future__ import annotations

from typing import List, Optional

import msgspec

from ._base import Model, Number
from .common import LogChannel

__all__ = [
    "LogQueryPostBody",
    "LogEntry",
    "LogsGetResponseLogsInner",
    "LogMessageAttachment",
    "LogMessage",
    "GetLogsResponse",
    "LogsGetResponse",
    "LogsQueryResponse",
    "LogsQueryResultResponse",
    "LogsRetentionResponse",
    "LogsTailResponse",
]


class LogQueryPostBody(Model):
    """Request body to start an asynchronous log search."""

    #: ``[start, end]`` as unix timestamps.
    date_range_filter: Optional[List[Number]] = msgspec.field(default=None, name="dateRangeFilter")
    user_filter: Optional[str] = msgspec.field(default=None, name="userFilter")
    env_id_filter: Optional[List[str]] = msgspec.field(default=None, name="envIdFilter")
    status_filter: Optional[str] = msgspec.field(default=None, name="statusFilter")
    channel_filter: Optional[List[LogChannel]] = msgspec.field(default=None, name="channelFilter")
    notification_filter: Optional[List[str]] = msgspec.field(
        default=None, name="notificationFilter"
    )


class LogEntry(Model):
    """The log of one sent notification: request details and per-channel delivery events."""

    received_at: Optional[str] = None
    type: Optional[str] = None
    env_id: Optional[str] = msgspec.field(default=None, name="envId")
    client_id: Optional[str] = msgspec.field(default=None, name="clientId")
    agent: Optional[str] = None
    ip: Optional[str] = None
    request: Optional[str] = None
    test: Optional[bool] = None
    tracking_id: str = msgspec.field(default="", name="trackingId")
    account_id: str = msgspec.field(default="", name="accountId")
    failed_at: Optional[str] = None
    failed_code: Optional[str] = None
    failed_internal: Optional[str] = None
    inapp_sent_at: Optional[str] = None
    inapp_sent_after: Optional[Number] = None
    inapp_delivered_at: Optional[str] = None
    inapp_delivered_after: Optional[Number] = None
    inapp_failed_at: Optional[str] = None
    inapp_failed_code: Optional[str] = None
    inapp_failed_internal: Optional[str] = None
    mobile_push_failed_at: Optional[str] = None
    mobile_push_failed_code: Optional[str] = None
    mobile_push_failed_token: Optional[str] = None
    mobile_push_failed_internal: Optional[str] = None
    mobile_push_sent_at: Optional[str] = None
    mobile_push_sent_after: Optional[Number] = None
    mobile_push_sent_token: Optional[str] = None
    mobile_push_delivered_at: Optional[str] = None
    mobile_push_delivered_after: Optional[Number] = None
    email_sent_at: Optional[str] = None
    email_sent_message_id: Optional[str] = None
    email_sent_after: Optional[Number] = None
    email_delivered_at: Optional[str] = None
    email_delivered_recipients: Optional[str] = None
    email_delivered_after: Optional[Number] = None
    email_failed_at: Optional[str] = None
    email_failed_code: Optional[str] = None
    email_failed_recipient: Optional[str] = None
    email_failed_diagnostic_code: Optional[str] = None
    email_failed_internal: Optional[str] = None
    email_opened_at: Optional[str] = None
    email_opened_user_agent: Optional[str] = None
    email_opened_ip: Optional[str] = None
    email_clicked_at: Optional[str] = None
    email_clicked_user_agent: Optional[str] = None
    email_clicked_ip: Optional[str] = None
    email_clicked_link: Optional[str] = None
    email_clicked_link_tags: Optional[str] = None
    email_inbound_at: Optional[str] = None
    email_inbound_from: Optional[str] = None
    email_inbound_from_name: Optional[str] = None
    email_inbound_to: Optional[str] = None
    email_inbound_cc: Optional[str] = None
    email_inbound_bcc: Optional[str] = None
    email_inbound_reply_to: Optional[str] = None
    email_inbound_inbox: Optional[str] = None
    email_inbound_subject: Optional[str] = None
    email_inbound_body_text: Optional[str] = None
    email_inbound_body_html: Optional[str] = None
    email_inbound_has_attachments: Optional[bool] = None
    email_inbound_attachment_count: Optional[Number] = None
    email_inbound_message_id: Optional[str] = None
    email_inbound_in_reply_to: Optional[str] = None
    email_inbound_references: Optional[str] = None
    email_inbound_webhook_delivered: Optional[bool] = None
    email_inbound_resolution_type: Optional[str] = None
    sms_inbound_at: Optional[str] = None
    sms_inbound_from: Optional[str] = None
    sms_inbound_text: Optional[str] = None
    sms_inbound_webhook_delivered: Optional[bool] = None
    sms_replied_at: Optional[str] = None
    sms_replied_to: Optional[str] = None
    sms_replied_text: Optional[str] = None
    sms_replied_segments: Optional[Number] = None
    sms_replied_encoding: Optional[str] = None
    web_push_sent_token: Optional[str] = None
    web_push_sent_at: Optional[str] = None
    web_push_sent_after: Optional[Number] = None
    web_push_delivered_at: Optional[str] = None
    web_push_delivered_after: Optional[Number] = None
    web_push_delivered_token: Optional[str] = None
    web_push_delivered_internal: Optional[str] = None
    web_push_failed_at: Optional[str] = None
    web_push_failed_token: Optional[str] = None
    web_push_failed_code: Optional[str] = None
    web_push_failed_internal: Optional[str] = None
    processed_at: Optional[str] = None
    ignored: Optional[str] = None
    scheduled_for: Optional[str] = None
    user_id: Optional[str] = None
    user_email: Optional[str] = None
    user_number: Optional[str] = None
    email_routing: Optional[str] = None
    email_routing_reason: Optional[str] = None
    sms_routing: Optional[str] = None
    sms_routing_reason: Optional[str] = None
    web_push_routing: Optional[str] = None
    web_push_routing_reason: Optional[str] = None
    mobile_push_routing: Optional[str] = None
    mobile_push_routing_reason: Optional[str] = None
    call_routing: Optional[str] = None
    call_routing_reason: Optional[str] = None
    inapp_routing: Optional[str] = None
    inapp_routing_reason: Optional[str] = None
    slack_routing: Optional[str] = None
    slack_routing_reason: Optional[str] = None
    email_preview: Optional[str] = None
    sms_preview: Optional[str] = None
    call_preview: Optional[str] = None
    web_push_preview: Optional[str] = None
    mobile_push_preview: Optional[str] = None
    slack_preview: Optional[str] = None
    inapp_preview: Optional[str] = None
    slack_sent_at: Optional[str] = None
    slack_sent_after: Optional[Number] = None
    slack_delivered_at: Optional[str] = None
    slack_delivered_after: Optional[Number] = None
    slack_delivered_internal: Optional[str] = None
    slack_failed_at: Optional[str] = None
    slack_failed_code: Optional[str] = None
    slack_failed_internal: Optional[str] = None
    call_sent_at: Optional[str] = None
    call_sent_after: Optional[Number] = None
    call_sent_from: Optional[str] = None
    call_delivered_at: Optional[str] = None
    call_delivered_after: Optional[Number] = None
    call_delivered_code: Optional[str] = None
    call_failed_at: Optional[str] = None
    call_failed_code: Optional[str] = None
    call_failed_internal: Optional[str] = None
    sms_failed_at: Optional[str] = None
    sms_failed_code: Optional[str] = None
    sms_failed_internal: Optional[str] = None
    sms_sent_at: Optional[str] = None
    sms_sent_after: Optional[Number] = None
    sms_sent_from: Optional[str] = None
    sms_sent_carrier: Optional[str] = None
    sms_sent_line_type: Optional[str] = None
    sms_sent_encoding: Optional[str] = None
    sms_sent_segments: Optional[Number] = None
    sms_sent_parts: Optional[Number] = None
    sms_delivered_at: Optional[str] = None
    sms_delivered_after: Optional[Number] = None
    schedule_updated_at: Optional[str] = None
    schedule_updated_to: Optional[str] = None
    schedule_deleted_at: Optional[str] = None


#: The reference's name for :class:`LogEntry`.
LogsGetResponseLogsInner = LogEntry


class LogMessageAttachment(Model):
    """An attachment of a logged email message."""

    filename: str = ""
    content_type: str = msgspec.field(default="", name="contentType")
    size: Number = 0
    content_id: Optional[str] = msgspec.field(default=None, name="contentId")


class LogMessage(Model):
    """One logged message event (e.g. an inbound or outbound email)."""

    tracking_id: str = msgspec.field(default="", name="trackingId")
    event_type: str = msgspec.field(default="", name="eventType")
    timestamp: str = ""
    epoch_ms: Number = msgspec.field(default=0, name="epochMs")
    inbox: Optional[str] = None
    from_: Optional[str] = msgspec.field(default=None, name="from")
    from_name: Optional[str] = msgspec.field(default=None, name="fromName")
    subject: Optional[str] = None
    to: Optional[List[str]] = None
    cc: Optional[List[str]] = None
    bcc: Optional[List[str]] = None
    reply_to: Optional[str] = msgspec.field(default=None, name="replyTo")
    body_text: Optional[str] = msgspec.field(default=None, name="bodyText")
    body_html: Optional[str] = msgspec.field(default=None, name="bodyHtml")
    attachments: Optional[List[LogMessageAttachment]] = None
    message_id: Optional[str] = msgspec.field(default=None, name="messageId")
    in_reply_to: Optional[str] = msgspec.field(default=None, name="inReplyTo")
    references: Optional[str] = None
    resolution_type: Optional[str] = msgspec.field(default=None, name="resolutionType")


class GetLogsResponse(Model):
    """One page of logged messages; pass ``next_cursor`` as ``cursor`` for the next."""

    messages: List[LogMessage] = msgspec.field(default_factory=list)
    next_cursor: Optional[str] = msgspec.field(default=None, name="nextCursor")


class LogsGetResponse(Model):
    """The logs of the requested tracking ids."""

    logs: List[LogEntry] = msgspec.field(default_factory=list)


class LogsQueryResponse(Model):
    """The id of a started log query; poll it for results."""

    query_id: str = msgspec.field(default="", name="queryId")


class LogsQueryResultResponse(Model):
    """State of a log query and, once complete, its logs."""

    status: str = ""
    logs: Optional[List[LogEntry]] = None
    message: Optional[str] = None
    error: Optional[str] = None


class LogsRetentionResponse(Model):
    """How many days logs are kept for the account."""

    retention_in_days: Number = msgspec.field(default=0, name="retentionInDays")


class LogsTailResponse(Model):
    """The most recent logs (up to 100)."""

    logs: List[LogEntry] = msgspec.field(default_factory=list)
