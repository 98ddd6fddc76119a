"""Typed request and response models of the Pingram API.

Every model is a ``msgspec.Struct``: keyword-only, snake_case attributes mapped
to the API's wire names, unset fields omitted when encoded, unknown fields
ignored when decoded. Names are imported lazily (PEP 562): ``import
pingram.models`` loads no submodule; touching ``pingram.models.SenderPostBody``
loads only the module that defines it.

Submodules, by resource: ``common`` (enumerations and shared shapes),
``sending``, ``users`` (users, channel tokens, in-app, account metadata, Slack
OAuth), ``templates``, ``notification_types``, ``logs``, ``environments``,
``domains``, ``webhooks``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Dict

if TYPE_CHECKING:
    from .common import *  # noqa: F403
    from .domains import *  # noqa: F403
    from .environments import *  # noqa: F403
    from .logs import *  # noqa: F403
    from .notification_types import *  # noqa: F403
    from .sending import *  # noqa: F403
    from .templates import *  # noqa: F403
    from .users import *  # noqa: F403
    from .webhooks import *  # noqa: F403

_EXPORTS: Dict[str, str] = {
    # common
    "Channel": "common",
    "DeliveryMode": "common",
    "InAppDeliveryMode": "common",
    "TemplateDeliveryMode": "common",
    "MonthlyDeliveryDate": "common",
    "PushTokenType": "common",
    "EmailSuppressionReason": "common",
    "LogChannel": "common",
    "ThrottlingUnit": "common",
    "ThrottlingScope": "common",
    "FcmPriority": "common",
    "SlackParse": "common",
    "SlackExternalRef": "common",
    "SlackEntity": "common",
    "SlackMetadata": "common",
    "SuccessResponse": "common",
    "MessageResponse": "common",
    # sending
    "EmailAttachment": "sending",
    "EmailOptions": "sending",
    "ApnOptions": "sending",
    "FcmAndroidOptions": "sending",
    "FcmOptions": "sending",
    "SendOptions": "sending",
    "EmailContent": "sending",
    "InAppContent": "sending",
    "SmsAutoReply": "sending",
    "SmsContent": "sending",
    "CallContent": "sending",
    "WebPushContent": "sending",
    "MobilePushContent": "sending",
    "SlackContent": "sending",
    "SenderPostBody": "sending",
    "SenderPostResponse": "sending",
    "PostEmailTestRequest": "sending",
    "PostEmailTestResponse": "sending",
    # users
    "PushDevice": "users",
    "PushToken": "users",
    "WebPushKeys": "users",
    "WebPushSubscription": "users",
    "WebPushToken": "users",
    "SlackAuthedUser": "users",
    "SlackTeam": "users",
    "SlackIncomingWebhook": "users",
    "SlackResponseMetadata": "users",
    "SlackToken": "users",
    "EmailSuppressionStatus": "users",
    "UserProfile": "users",
    "Recipient": "users",
    "PostUserRequest": "users",
    "User": "users",
    "GetUsersResponseUsersInner": "users",
    "GetUsersResponse": "users",
    "DeleteUserResponse": "users",
    "UserSuppressionDeleteResponse": "users",
    "SlackOauthRequest": "users",
    "AccountMetadata": "users",
    "GetAccountMetadataResponse": "users",
    "InAppReply": "users",
    "InAppNotification": "users",
    "GetInappNotificationsResponse": "users",
    "InappUnreadCountResponse": "users",
    "InAppNotificationUnreadClearRequest": "users",
    "InAppNotificationPatchRequest": "users",
    # templates
    "InAppInstantCopy": "templates",
    "InAppBatchCopy": "templates",
    "TemplateContent": "templates",
    "TemplatePostRequest": "templates",
    "TemplatePatchRequest": "templates",
    "SetDefaultTemplateRequest": "templates",
    "Template": "templates",
    "GetTemplatesListResponseInner": "templates",
    "GetTemplatesResponse": "templates",
    # notification_types
    "DeliveryOption": "notification_types",
    "DailyDelivery": "notification_types",
    "WeeklyDelivery": "notification_types",
    "MonthlyDelivery": "notification_types",
    "InAppInstantDelivery": "notification_types",
    "ChannelDeliveryOptions": "notification_types",
    "InAppDeliveryOptions": "notification_types",
    "NotificationOptions": "notification_types",
    "Deduplication": "notification_types",
    "Throttling": "notification_types",
    "NotificationTemplateIds": "notification_types",
    "NotificationCreateRequest": "notification_types",
    "NotificationPatchRequest": "notification_types",
    "Notification": "notification_types",
    "GetNotificationsResponseInner": "notification_types",
    # logs
    "LogQueryPostBody": "logs",
    "LogEntry": "logs",
    "LogsGetResponseLogsInner": "logs",
    "LogMessageAttachment": "logs",
    "LogMessage": "logs",
    "GetLogsResponse": "logs",
    "LogsGetResponse": "logs",
    "LogsQueryResponse": "logs",
    "LogsQueryResultResponse": "logs",
    "LogsRetentionResponse": "logs",
    "LogsTailResponse": "logs",
    # environments
    "EnvironmentCreateRequest": "environments",
    "EnvironmentPatchRequest": "environments",
    "Environment": "environments",
    "GetEnvironmentsResponseInner": "environments",
    # domains
    "PostSendersRequestBody": "domains",
    "Domain": "domains",
    "GetSendersResponseInner": "domains",
    # webhooks
    "WebhookChannel": "webhooks",
    "WebhookEventType": "webhooks",
    "WebhookEndpointUpsertRequest": "webhooks",
    "WebhookEndpoint": "webhooks",
    "WebhookEndpointsResponse": "webhooks",
    "WebhookEndpointsResponseEndpointsInner": "webhooks",
    "WebhookEvent": "webhooks",
    "WebhookUsage": "webhooks",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import the submodule that defines ``name`` on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
