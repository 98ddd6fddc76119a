"""Templates: the per-channel content of a notification type."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

import msgspec

from ._base import Model
from .common import SlackMetadata, TemplateDeliveryMode

__all__ = [
    "InAppInstantCopy",
    "InAppBatchCopy",
    "TemplateContent",
    "TemplatePostRequest",
    "TemplatePatchRequest",
    "SetDefaultTemplateRequest",
    "Template",
    "GetTemplatesListResponseInner",
    "GetTemplatesResponse",
]


class InAppInstantCopy(Model):
    """In-app copy used when the notification is delivered instantly."""

    title: Optional[str] = None
    redirect_url: Optional[str] = msgspec.field(default=None, name="redirectURL")
    image_url: str = msgspec.field(name="imageURL")


class InAppBatchCopy(Model):
    """In-app copy used when notifications are delivered as a batch."""

    title: str
    redirect_url: str = msgspec.field(name="redirectURL")
    image_url: str = msgspec.field(name="imageURL")


class TemplateContent(Model):
    """The content fields of a template; each channel uses its own subset."""

    # EMAIL
    #: HTML body of the email.
    html: Optional[str] = None
    #: Preview text shown in the inbox.
    preview_text: Optional[str] = msgspec.field(default=None, name="previewText")
    #: Editor representation (e.g. Bee or Redactor JSON); the email sent uses ``html``.
    internal: Optional[str] = None
    subject: Optional[str] = None
    sender_name: Optional[str] = msgspec.field(default=None, name="senderName")
    sender_email: Optional[str] = msgspec.field(default=None, name="senderEmail")
    #: Metadata of an AI template migration.
    migration: Optional[str] = None
    # INAPP_WEB (``title`` is shared with PUSH and WEB_PUSH)
    title: Optional[str] = None
    redirect_url: Optional[str] = msgspec.field(default=None, name="redirectURL")
    image_url: Optional[str] = msgspec.field(default=None, name="imageURL")
    instant: Optional[InAppInstantCopy] = None
    batch: Optional[InAppBatchCopy] = None
    # SMS and CALL (``text`` is shared with SLACK)
    text: Optional[str] = None
    # PUSH and WEB_PUSH
    message: Optional[str] = None
    #: Web push: icon URL. Slack: bot icon (emoji or URL).
    icon: Optional[str] = None
    #: Web push: URL opened when the notification is clicked.
    url: Optional[str] = None
    # SLACK
    blocks: Optional[List[Dict[str, Any]]] = None
    username: Optional[str] = None


class TemplatePostRequest(TemplateContent):
    """Request body to create a template; set the fields of the template's channel."""

    #: Unique id of the template within the notification type and channel.
    template_id: str = msgspec.field(name="templateId")


class TemplatePatchRequest(TemplateContent):
    """Request body to update a template; only the fields set are changed."""


class SetDefaultTemplateRequest(Model):
    """Request body to make a template the default for some delivery modes."""

    template_id: str = msgspec.field(name="templateId")
    modes: List[TemplateDeliveryMode]


class Template(TemplateContent):
    """A template of any channel: the identifying fields plus that channel's content."""

    env_id: str = msgspec.field(default="", name="envId")
    notification_id: str = msgspec.field(default="", name="notificationId")
    template_id: str = msgspec.field(default="", name="templateId")
    channel: str = ""
    default: bool = False
    #: Delivery modes this template is the default for, e.g. ``{"instant": True}``.
    is_default_for: Optional[Dict[str, bool]] = msgspec.field(default=None, name="isDefaultFor")
    # SLACK message options
    thread_ts: Optional[str] = None
    reply_broadcast: Optional[bool] = None
    parse: Optional[str] = None
    link_names: Optional[bool] = None
    mrkdwn: Optional[bool] = None
    unfurl_links: Optional[bool] = None
    unfurl_media: Optional[bool] = None
    metadata: Optional[SlackMetadata] = None


#: The reference's name for :class:`Template` in list responses.
GetTemplatesListResponseInner = Template

#: What getting a template returns: one template, or a list of them.
GetTemplatesResponse = Union[Template, List[Template]]
