"""Users: profiles and channel tokens, in-app notifications, account metadata, Slack OAuth.

The push, web-push and Slack token shapes are defined here once and reused by
the send recipient, the identify request and the user returned by the API.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

import msgspec

from ._base import Model, Number
from .common import EmailSuppressionReason, PushTokenType
from .notification_types import InAppDeliveryOptions
from .templates import Template

__all__ = [
    "PushDevice",
    "PushToken",
    "WebPushKeys",
    "WebPushSubscription",
    "WebPushToken",
    "SlackAuthedUser",
    "SlackTeam",
    "SlackIncomingWebhook",
    "SlackResponseMetadata",
    "SlackToken",
    "EmailSuppressionStatus",
    "UserProfile",
    "Recipient",
    "PostUserRequest",
    "User",
    "GetUsersResponseUsersInner",
    "GetUsersResponse",
    "DeleteUserResponse",
    "UserSuppressionDeleteResponse",
    "SlackOauthRequest",
    "AccountMetadata",
    "GetAccountMetadataResponse",
    "InAppReply",
    "InAppNotification",
    "GetInappNotificationsResponse",
    "InappUnreadCountResponse",
    "InAppNotificationUnreadClearRequest",
    "InAppNotificationPatchRequest",
]


# --- channel tokens -------------------------------------------------------------------


class PushDevice(Model):
    """The mobile device a push token belongs to."""

    app_id: Optional[str] = None
    ad_id: Optional[str] = None
    device_id: str
    platform: Optional[str] = None
    manufacturer: Optional[str] = None
    model: Optional[str] = None


class PushToken(Model):
    """A mobile push token (FCM or APN) and its device."""

    type: PushTokenType
    token: str
    device: PushDevice
    #: Used by APN to tell sandbox builds (``"sandbox"`` or unset) from ``"production"``.
    environment: Optional[str] = None


class WebPushKeys(Model):
    """The encryption keys of a browser push subscription."""

    p256dh: str
    auth: str


class WebPushSubscription(Model):
    """A browser ``PushSubscription`` as ``JSON.stringify`` renders it."""

    endpoint: str
    keys: WebPushKeys


class WebPushToken(Model):
    """A web push token: the browser's push subscription."""

    sub: WebPushSubscription


class SlackAuthedUser(Model):
    """The Slack user who authorised the app, with their user token."""

    access_token: Optional[str] = None
    expires_in: Optional[Number] = None
    id: Optional[str] = None
    refresh_token: Optional[str] = None
    scope: Optional[str] = None
    token_type: Optional[str] = None


class SlackTeam(Model):
    """A Slack workspace or enterprise grid: its id and name."""

    id: Optional[str] = None
    name: Optional[str] = None


class SlackIncomingWebhook(Model):
    """The incoming webhook Slack created during OAuth."""

    channel: Optional[str] = None
    channel_id: Optional[str] = None
    configuration_url: Optional[str] = None
    url: Optional[str] = None


class SlackResponseMetadata(Model):
    """Metadata Slack attaches to an API response (warnings, scopes, paging)."""

    warnings: Optional[List[str]] = None
    next_cursor: Optional[str] = None
    scopes: Optional[List[str]] = None
    accepted_scopes: Optional[List[str]] = msgspec.field(default=None, name="acceptedScopes")
    retry_after: Optional[Number] = msgspec.field(default=None, name="retryAfter")
    messages: Optional[List[str]] = None


class SlackToken(Model):
    """A Slack OAuth access response (``oauth.v2.access``), as stored for a user."""

    access_token: Optional[str] = None
    app_id: Optional[str] = None
    authed_user: Optional[SlackAuthedUser] = None
    bot_user_id: Optional[str] = None
    enterprise: Optional[SlackTeam] = None
    error: Optional[str] = None
    expires_in: Optional[Number] = None
    incoming_webhook: Optional[SlackIncomingWebhook] = None
    is_enterprise_install: Optional[bool] = None
    needed: Optional[str] = None
    ok: bool
    provided: Optional[str] = None
    refresh_token: Optional[str] = None
    scope: Optional[str] = None
    team: Optional[SlackTeam] = None
    token_type: Optional[str] = None
    warning: Optional[str] = None
    response_metadata: Optional[SlackResponseMetadata] = None


class EmailSuppressionStatus(Model):
    """Why a user's email address is suppressed (bounce or complaint), with details."""

    reason: EmailSuppressionReason
    details: Dict[str, Any]


# --- users ----------------------------------------------------------------------------


class UserProfile(Model):
    """The user fields a caller can set: id, contact details and channel tokens."""

    id: Optional[str] = None
    email: Optional[str] = None
    number: Optional[str] = None
    push_tokens: Optional[List[PushToken]] = msgspec.field(default=None, name="pushTokens")
    web_push_tokens: Optional[List[WebPushToken]] = msgspec.field(
        default=None, name="webPushTokens"
    )
    timezone: Optional[str] = None
    #: Slack destination: ``"test"``, ``"#test"``, a channel id, a user id or ``"@user"``.
    slack_channel: Optional[str] = msgspec.field(default=None, name="slackChannel")
    slack_token: Optional[SlackToken] = msgspec.field(default=None, name="slackToken")


class PostUserRequest(UserProfile):
    """Request body to create or update (identify) a user."""


class Recipient(UserProfile):
    """The user a notification is sent to (the ``to`` of a send)."""

    last_seen_time: Optional[str] = msgspec.field(default=None, name="lastSeenTime")
    updated_at: Optional[str] = msgspec.field(default=None, name="updatedAt")
    created_at: Optional[str] = msgspec.field(default=None, name="createdAt")
    email_suppression_status: Optional[EmailSuppressionStatus] = msgspec.field(
        default=None, name="emailSuppressionStatus"
    )


class User(Recipient):
    """A user as the API returns it; it can also be passed as a send's recipient."""

    id: str = ""


#: The reference's name for :class:`User` in the list-users response.
GetUsersResponseUsersInner = User


class GetUsersResponse(Model):
    """One page of users; pass ``last_evaluated_key`` as ``next_token`` for the next."""

    users: List[User] = msgspec.field(default_factory=list)
    last_evaluated_key: Optional[str] = msgspec.field(default=None, name="lastEvaluatedKey")
    has_more: bool = msgspec.field(default=False, name="hasMore")


class DeleteUserResponse(Model):
    """Confirmation that a user and their data were deleted."""

    message: str = ""


class UserSuppressionDeleteResponse(Model):
    """The user after a channel suppression was removed."""

    user: User = msgspec.field(default_factory=User)


class SlackOauthRequest(Model):
    """Request body to complete Slack OAuth for a user."""

    code: str
    redirect_uri: str


class AccountMetadata(Model):
    """Account-level metadata: logo, VAPID public key, whether web push is enabled."""

    logo: str = ""
    environment_vapid_public_key: str = msgspec.field(default="", name="environmentVapidPublicKey")
    has_web_push_enabled: bool = msgspec.field(default=False, name="hasWebPushEnabled")


class GetAccountMetadataResponse(Model):
    """Response wrapping the account metadata."""

    user_account_metadata: AccountMetadata = msgspec.field(
        default_factory=AccountMetadata, name="userAccountMetadata"
    )


# --- in-app notifications -------------------------------------------------------------


class InAppReply(Model):
    """A user's reply to an in-app notification."""

    date: str
    message: str


class InAppNotification(Model):
    """An in-app notification in a user's feed."""

    id: str = ""
    notification_id: str = msgspec.field(default="", name="notificationId")
    sub_notification_id: Optional[str] = msgspec.field(default=None, name="subNotificationId")
    seen: bool = False
    title: str = ""
    redirect_url: Optional[str] = msgspec.field(default=None, name="redirectURL")
    image_url: Optional[str] = msgspec.field(default=None, name="imageURL")
    delivery_options: Optional[InAppDeliveryOptions] = msgspec.field(
        default=None, name="deliveryOptions"
    )
    #: The template used: its full record or just its id.
    template: Union[Template, str, None] = None
    parameters: Optional[Dict[str, Any]] = None
    date: str = ""
    opened: Optional[str] = None
    clicked: Optional[str] = None
    archived: Optional[str] = None
    actioned1: Optional[str] = None
    actioned2: Optional[str] = None
    replies: Optional[List[InAppReply]] = None
    exp_date: Optional[str] = msgspec.field(default=None, name="expDate")


class GetInappNotificationsResponse(Model):
    """A user's in-app notifications."""

    notifications: List[InAppNotification] = msgspec.field(default_factory=list)


class InappUnreadCountResponse(Model):
    """How many in-app notifications a user has not seen."""

    count: Number = 0


class InAppNotificationUnreadClearRequest(Model):
    """Request body to mark in-app notifications as seen (all, or one type or message)."""

    notification_id: Optional[str] = msgspec.field(default=None, name="notificationId")
    tracking_id: Optional[str] = msgspec.field(default=None, name="trackingId")


class InAppNotificationPatchRequest(Model):
    """Request body to update the status of in-app notifications (opened, archived, ...)."""

    tracking_ids: List[str] = msgspec.field(name="trackingIds")
    opened: Optional[str] = None
    clicked: Optional[str] = None
    archived: Optional[str] = None
    actioned1: Optional[str] = None
    actioned2: Optional[str] = None
    reply: Optional[InAppReply] = None
    replies: Optional[List[InAppReply]] = None
