"""The body of a webhook delivery: the events Pingram POSTs to your endpoint.

Decoded leniently, like every response model: fields the API adds later are
ignored, and a field the spec marks required that is missing decodes to its
empty default. ``channel`` and ``event_type`` are plain ``str`` so a new
channel or event never breaks decoding.
"""

from typing import Dict, List, Optional

import msgspec

from ._base import Model, Number

__all__ = ["WebhookEvent", "WebhookUsage"]


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
