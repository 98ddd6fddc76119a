"""One case per API operation: how a user calls it, the exact request it must produce,
a response body in the spec's shape, and what the user reads off the result.

Shared by the async tests and their generated sync twins: ``call`` returns whatever
the client returns (a coroutine for ``Pingram``), and the test awaits it there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import pingram.models as m
from pingram.models._base import Model

USER = {
    "id": "u 1/x",
    "email": "ada@example.com",
    "pushTokens": [
        {"type": "APN", "token": "apn-1", "device": {"device_id": "d1"}, "environment": "sandbox"}
    ],
    "webPushTokens": [{"sub": {"endpoint": "https://p/1", "keys": {"p256dh": "k", "auth": "a"}}}],
    "slackToken": {"ok": True, "access_token": "xoxb"},
    "lastSeenTime": "2026-01-01T00:00:00Z",
    "futureField": {"ignored": True},
}
DOMAIN = {
    "sender": "no-reply@example.com",
    "status": "PENDING",
    "lastSync": "2026-01-01",
    "createdAt": "2026-01-01",
    "selector": "pingram",
    "verificationTokens": ["tok"],
}
ENVIRONMENT = {
    "clientId": "env_1",
    "clientSecret": "secret_1",
    "title": "Staging",
    "disableSending": ["SMS"],
    "secureMode": True,
}
NOTIFICATION = {
    "envId": "env_1",
    "notificationId": "order_shipped",
    "title": "Order shipped",
    "channels": ["EMAIL", "INAPP_WEB"],
    "enabled": True,
    "options": {
        "EMAIL": {"defaultDeliveryOption": "daily", "daily": {"enabled": True, "hour": "09:00"}},
        "INAPP_WEB": {"defaultDeliveryOption": "instant", "instant": {"enabled": True}},
    },
    "templates": [{"channel": "EMAIL", "templateIds": ["t1"]}],
}
TEMPLATE = {
    "envId": "env_1",
    "notificationId": "order_shipped",
    "templateId": "t1",
    "channel": "EMAIL",
    "default": True,
    "isDefaultFor": {"instant": True},
    "html": "<p>Hi</p>",
    "internal": "{}",
    "subject": "Shipped",
    "senderName": "Shop",
    "senderEmail": "shop@example.com",
}
WEBHOOK_ENDPOINT = {
    "id": "wh/1",
    "webhook": "https://example.com/hooks",
    "events": ["EMAIL_DELIVERED", "SMS_FAILED"],
    "secret": "pingram_whsecret_0123",
}
LOG_ENTRY = {"trackingId": "trk_1", "accountId": "acc_1", "email_sent_at": "2026-01-01T00:00:01Z"}


@dataclass
class Case:
    """One operation as a user calls it and as the API must receive it."""

    id: str
    call: Callable[[Any, Any], Any]
    method: str
    #: Path and query after the base URL, exactly as sent (encoded).
    url: str
    response: Any
    check: Callable[[Any], bool]
    #: The body as a model; the dict form of the test is ``wire``.
    body: Optional[Model] = None
    #: The exact JSON the API must receive.
    wire: Any = None
    status: int = 200
    extra: dict[str, Any] = field(default_factory=dict)


CASES = [
    Case(
        "send",
        lambda c, b: c.send(b),
        "POST",
        "/send",
        {"trackingId": "trk_1", "messages": []},
        lambda r: isinstance(r, m.SenderPostResponse) and r.tracking_id == "trk_1",
        body=m.SenderPostBody(type="welcome", to=m.Recipient(id="u1"), parameters={"n": 1}),
        wire={"type": "welcome", "to": {"id": "u1"}, "parameters": {"n": 1}},
    ),
    Case(
        "domains_add_domain",
        lambda c, b: c.domains.domains_add_domain(b),
        "POST",
        "/domains",
        [DOMAIN],
        lambda r: r[0].sender == "no-reply@example.com" and r[0].verification_tokens == ["tok"],
        body=m.PostSendersRequestBody(sender="no-reply@example.com"),
        wire={"sender": "no-reply@example.com"},
    ),
    Case(
        "domains_delete_domain",
        lambda c, b: c.domains.domains_delete_domain("no-reply@example.com"),
        "DELETE",
        "/domains/no-reply%40example.com",
        {"success": True},
        lambda r: isinstance(r, m.SuccessResponse) and r.success is True,
    ),
    Case(
        "domains_list_domains",
        lambda c, b: c.domains.domains_list_domains(),
        "GET",
        "/domains",
        [DOMAIN, {**DOMAIN, "sender": "example.org"}],
        lambda r: [d.sender for d in r] == ["no-reply@example.com", "example.org"],
    ),
    Case(
        "environments_create_environment",
        lambda c, b: c.environments.environments_create_environment(b),
        "POST",
        "/environments",
        ENVIRONMENT,
        lambda r: r.client_id == "env_1" and r.disable_sending == ["SMS"] and r.secure_mode,
        body=m.EnvironmentCreateRequest(title="Staging"),
        wire={"title": "Staging"},
    ),
    Case(
        "environments_list_environments",
        lambda c, b: c.environments.environments_list_environments(),
        "GET",
        "/environments",
        [ENVIRONMENT],
        lambda r: r[0].title == "Staging" and r[0].client_secret == "secret_1",
    ),
    Case(
        "environments_update_environment",
        lambda c, b: c.environments.environments_update_environment("env/1", b),
        "PATCH",
        "/environments/env%2F1",
        ENVIRONMENT,
        lambda r: isinstance(r, m.Environment) and r.client_id == "env_1",
        body=m.EnvironmentPatchRequest(reset_secret=True, disable_sending=["SMS", "CALL"]),
        wire={"resetSecret": True, "disableSending": ["SMS", "CALL"]},
    ),
    Case(
        "logs_get_log_retention",
        lambda c, b: c.logs.logs_get_log_retention(),
        "GET",
        "/logs/retention",
        {"retentionInDays": 30},
        lambda r: r.retention_in_days == 30,
    ),
    Case(
        "logs_get_logs",
        lambda c, b: c.logs.logs_get_logs(limit=10, cursor="c/2"),
        "GET",
        "/logs?limit=10&cursor=c%2F2",
        {
            "messages": [
                {
                    "trackingId": "trk_1",
                    "eventType": "email_sent",
                    "timestamp": "2026-01-01T00:00:00Z",
                    "epochMs": 1767225600000,
                    "from": "shop@example.com",
                    "to": ["ada@example.com"],
                }
            ],
            "nextCursor": "c3",
        },
        lambda r: (
            r.messages[0].from_ == "shop@example.com"
            and r.messages[0].epoch_ms == 1767225600000
            and r.next_cursor == "c3"
        ),
    ),
    Case(
        "logs_get_logs_no_params",
        lambda c, b: c.logs.logs_get_logs(),
        "GET",
        "/logs",
        {"messages": []},
        lambda r: r.messages == [] and r.next_cursor is None,
    ),
    Case(
        "logs_get_logs_by_tracking_ids",
        lambda c, b: c.logs.logs_get_logs_by_tracking_ids("trk_1,trk_2"),
        "GET",
        "/logs/trk_1%2Ctrk_2",
        {"logs": [LOG_ENTRY]},
        lambda r: (
            r.logs[0].tracking_id == "trk_1" and r.logs[0].email_sent_at == "2026-01-01T00:00:01Z"
        ),
    ),
    Case(
        "logs_get_logs_query_result",
        lambda c, b: c.logs.logs_get_logs_query_result("q1"),
        "GET",
        "/logs/query/q1",
        {"status": "Complete", "logs": [LOG_ENTRY]},
        lambda r: r.status == "Complete" and r.logs is not None and r.logs[0].account_id == "acc_1",
    ),
    Case(
        "logs_start_logs_query",
        lambda c, b: c.logs.logs_start_logs_query(b),
        "POST",
        "/logs/query",
        {"queryId": "q1"},
        lambda r: r.query_id == "q1",
        body=m.LogQueryPostBody(
            date_range_filter=[1700000000, 1700086400], channel_filter=["email"]
        ),
        wire={"dateRangeFilter": [1700000000, 1700086400], "channelFilter": ["email"]},
    ),
    Case(
        "logs_tail_logs",
        lambda c, b: c.logs.logs_tail_logs(),
        "GET",
        "/logs/tail",
        {"logs": [LOG_ENTRY, LOG_ENTRY]},
        lambda r: len(r.logs) == 2,
    ),
    Case(
        "sender_delete_schedule",
        lambda c, b: c.sender.sender_delete_schedule("trk_1"),
        "DELETE",
        "/sender/scheduler/trk_1",
        {"message": "Deleted"},
        lambda r: r.message == "Deleted",
    ),
    Case(
        "sender_test_email",
        lambda c, b: c.sender.sender_test_email(b),
        "POST",
        "/sender/test/email",
        {"trackingId": "trk_t", "messages": ["sent"]},
        lambda r: r.tracking_id == "trk_t" and r.messages == ["sent"],
        body=m.PostEmailTestRequest(
            notification_id="order_shipped",
            to="ada@example.com",
            subject="Test",
            html="<p>t</p>",
            from_address="shop@example.com",
            from_name="Shop",
        ),
        wire={
            "notificationId": "order_shipped",
            "to": "ada@example.com",
            "subject": "Test",
            "html": "<p>t</p>",
            "fromAddress": "shop@example.com",
            "fromName": "Shop",
        },
    ),
    Case(
        "sender_update_schedule",
        lambda c, b: c.sender.sender_update_schedule("trk_1", b),
        "PUT",
        "/sender/scheduler/trk_1",
        {"message": "Updated"},
        lambda r: r.message == "Updated",
        body=m.SenderPostBody(type="reminder", schedule="2030-01-01T10:00:00Z"),
        wire={"type": "reminder", "schedule": "2030-01-01T10:00:00Z"},
    ),
    Case(
        "templates_create_template",
        lambda c, b: c.templates.templates_create_template("order_shipped", "EMAIL", b),
        "POST",
        "/notifications/order_shipped/EMAIL/templates",
        TEMPLATE,
        lambda r: r.template_id == "t1" and r.subject == "Shipped" and r.default,
        body=m.TemplatePostRequest(template_id="t1", subject="Shipped", html="<p>Hi</p>"),
        wire={"templateId": "t1", "subject": "Shipped", "html": "<p>Hi</p>"},
    ),
    Case(
        "templates_delete_template",
        lambda c, b: c.templates.templates_delete_template("order_shipped", "EMAIL", "t1"),
        "DELETE",
        "/notifications/order_shipped/EMAIL/templates/t1",
        None,
        lambda r: r is None,
        status=204,
    ),
    Case(
        "templates_get_template",
        lambda c, b: c.templates.templates_get_template("order_shipped", "SLACK", "t 2"),
        "GET",
        "/notifications/order_shipped/SLACK/templates/t%202",
        {**TEMPLATE, "channel": "SLACK", "text": "Hi", "blocks": [{"type": "divider"}]},
        lambda r: isinstance(r, m.Template) and r.blocks == [{"type": "divider"}],
    ),
    Case(
        "templates_get_template_list_form",
        lambda c, b: c.templates.templates_get_template("order_shipped", "EMAIL", "t1"),
        "GET",
        "/notifications/order_shipped/EMAIL/templates/t1",
        [TEMPLATE],
        lambda r: isinstance(r, list) and r[0].template_id == "t1",
    ),
    Case(
        "templates_initiate_migration",
        lambda c, b: c.templates.templates_initiate_migration("order_shipped", "EMAIL", "t1"),
        "POST",
        "/notifications/order_shipped/EMAIL/templates/t1/migrate",
        TEMPLATE,
        lambda r: r.template_id == "t1",
    ),
    Case(
        "templates_list_templates",
        lambda c, b: c.templates.templates_list_templates("order_shipped", "INAPP_WEB"),
        "GET",
        "/notifications/order_shipped/INAPP_WEB/templates",
        [
            {
                **TEMPLATE,
                "channel": "INAPP_WEB",
                "title": "Shipped",
                "redirectURL": "https://e/1",
                "imageURL": "https://i/1",
                "instant": {
                    "title": "Now",
                    "redirectURL": "https://e/1",
                    "imageURL": "https://i/1",
                },
                "batch": {
                    "title": "Batch",
                    "redirectURL": "https://e/b",
                    "imageURL": "https://i/b",
                },
            }
        ],
        lambda r: r[0].redirect_url == "https://e/1" and r[0].batch.title == "Batch",
    ),
    Case(
        "templates_set_default_template",
        lambda c, b: c.templates.templates_set_default_template("order_shipped", "EMAIL", b),
        "PATCH",
        "/notifications/order_shipped/EMAIL/templates/default-selection",
        TEMPLATE,
        lambda r: r.is_default_for == {"instant": True},
        body=m.SetDefaultTemplateRequest(template_id="t1", modes=["instant", "daily"]),
        wire={"templateId": "t1", "modes": ["instant", "daily"]},
    ),
    Case(
        "templates_update_template",
        lambda c, b: c.templates.templates_update_template("order_shipped", "EMAIL", "t1", b),
        "PATCH",
        "/notifications/order_shipped/EMAIL/templates/t1",
        {**TEMPLATE, "subject": "New"},
        lambda r: r.subject == "New",
        body=m.TemplatePatchRequest(subject="New", preview_text="p"),
        wire={"subject": "New", "previewText": "p"},
    ),
    Case(
        "types_create_notification_type",
        lambda c, b: c.types.types_create_notification_type(b),
        "POST",
        "/types",
        NOTIFICATION,
        lambda r: (
            r.notification_id == "order_shipped"
            and r.options is not None
            and r.options.email is not None
            and r.options.email.daily is not None
            and r.options.email.daily.hour == "09:00"
        ),
        body=m.NotificationCreateRequest(
            notification_id="order_shipped",
            title="Order shipped",
            channels=["EMAIL", "INAPP_WEB"],
            options=m.NotificationOptions(
                email=m.ChannelDeliveryOptions(
                    default_delivery_option="daily",
                    daily=m.DailyDelivery(enabled=True, hour="09:00"),
                ),
                inapp_web=m.InAppDeliveryOptions(
                    default_delivery_option="instant",
                    instant=m.InAppInstantDelivery(enabled=True, batching=False),
                ),
            ),
        ),
        wire={
            "notificationId": "order_shipped",
            "title": "Order shipped",
            "channels": ["EMAIL", "INAPP_WEB"],
            "options": {
                "EMAIL": {
                    "defaultDeliveryOption": "daily",
                    "daily": {"enabled": True, "hour": "09:00"},
                },
                "INAPP_WEB": {
                    "defaultDeliveryOption": "instant",
                    "instant": {"enabled": True, "batching": False},
                },
            },
        },
    ),
    Case(
        "types_delete_notification_type",
        lambda c, b: c.types.types_delete_notification_type("order_shipped"),
        "DELETE",
        "/types/order_shipped",
        None,
        lambda r: r is None,
        status=204,
    ),
    Case(
        "types_get_notification_type",
        lambda c, b: c.types.types_get_notification_type("order_shipped"),
        "GET",
        "/types/order_shipped",
        [NOTIFICATION],
        lambda r: r[0].templates is not None and r[0].templates[0].template_ids == ["t1"],
    ),
    Case(
        "types_list_notification_types",
        lambda c, b: c.types.types_list_notification_types(),
        "GET",
        "/types",
        [NOTIFICATION, {**NOTIFICATION, "notificationId": "welcome"}],
        lambda r: [n.notification_id for n in r] == ["order_shipped", "welcome"],
    ),
    Case(
        "types_update_notification_type",
        lambda c, b: c.types.types_update_notification_type("order_shipped", b),
        "PATCH",
        "/types/order_shipped",
        {**NOTIFICATION, "enabled": False},
        lambda r: r.enabled is False,
        body=m.NotificationPatchRequest(
            enabled=False,
            throttling=m.Throttling(max=1, period=1, unit="hours", forever=False, scope=["userId"]),
            deduplication=m.Deduplication(duration=60),
        ),
        wire={
            "enabled": False,
            "throttling": {
                "max": 1,
                "period": 1,
                "unit": "hours",
                "forever": False,
                "scope": ["userId"],
            },
            "deduplication": {"duration": 60},
        },
    ),
    Case(
        "user_generate_slack_oauth_path",
        lambda c, b: c.user.user_generate_slack_oauth_path("u1", b),
        "POST",
        "/users/u1/slack-oauth",
        None,
        lambda r: r is None,
        body=m.SlackOauthRequest(code="abc", redirect_uri="https://app/cb"),
        wire={"code": "abc", "redirect_uri": "https://app/cb"},
        status=204,
    ),
    Case(
        "user_get_account_metadata",
        lambda c, b: c.user.user_get_account_metadata(),
        "GET",
        "/users/account-metadata",
        {
            "userAccountMetadata": {
                "logo": "https://logo",
                "environmentVapidPublicKey": "vapid",
                "hasWebPushEnabled": True,
            }
        },
        lambda r: r.user_account_metadata.environment_vapid_public_key == "vapid",
    ),
    Case(
        "user_get_available_slack_channels",
        lambda c, b: c.user.user_get_available_slack_channels("u1"),
        "GET",
        "/users/u1/slack-channels",
        None,
        lambda r: r is None,
        status=204,
    ),
    Case(
        "user_get_in_app_notifications",
        lambda c, b: c.user.user_get_in_app_notifications(before="2026-01-01T00:00:00Z", count=5),
        "GET",
        "/user/inapp?before=2026-01-01T00%3A00%3A00Z&count=5",
        {
            "notifications": [
                {
                    "id": "n1",
                    "notificationId": "order_shipped",
                    "seen": False,
                    "title": "Shipped",
                    "date": "2026-01-01T00:00:00Z",
                    "template": "t1",
                    "replies": [{"date": "2026-01-02", "message": "thanks"}],
                }
            ]
        },
        lambda r: (
            r.notifications[0].template == "t1"
            and r.notifications[0].replies is not None
            and r.notifications[0].replies[0].message == "thanks"
        ),
    ),
    Case(
        "user_get_in_app_unread_count",
        lambda c, b: c.user.user_get_in_app_unread_count(),
        "GET",
        "/user/inapp/unread",
        {"count": 3},
        lambda r: r.count == 3,
    ),
    Case(
        "user_get_user",
        lambda c, b: c.user.user_get_user("u 1/x"),
        "GET",
        "/users/u%201%2Fx",
        USER,
        lambda r: (
            isinstance(r, m.User)
            and r.id == "u 1/x"
            and r.push_tokens is not None
            and r.push_tokens[0].device.device_id == "d1"
            and r.slack_token is not None
            and r.slack_token.ok
        ),
    ),
    Case(
        "user_identify",
        lambda c, b: c.user.user_identify("u 1/x", b),
        "POST",
        "/users/u%201%2Fx",
        USER,
        lambda r: r.email == "ada@example.com" and r.last_seen_time == "2026-01-01T00:00:00Z",
        body=m.PostUserRequest(
            email="ada@example.com",
            push_tokens=[
                m.PushToken(type="APN", token="apn-1", device=m.PushDevice(device_id="d1"))
            ],
            timezone="Europe/London",
        ),
        wire={
            "email": "ada@example.com",
            "pushTokens": [{"type": "APN", "token": "apn-1", "device": {"device_id": "d1"}}],
            "timezone": "Europe/London",
        },
    ),
    Case(
        "user_mark_in_app_notifications_as_seen",
        lambda c, b: c.user.user_mark_in_app_notifications_as_seen(b),
        "PATCH",
        "/user/inapp/unread",
        {"success": True},
        lambda r: r.success is True,
        body=m.InAppNotificationUnreadClearRequest(tracking_id="trk_1"),
        wire={"trackingId": "trk_1"},
    ),
    Case(
        "user_update_in_app_notification_status",
        lambda c, b: c.user.user_update_in_app_notification_status(b),
        "PATCH",
        "/user/inapp",
        {"success": True},
        lambda r: r.success is True,
        body=m.InAppNotificationPatchRequest(
            tracking_ids=["trk_1"],
            opened="2026-01-01T00:00:00Z",
            reply=m.InAppReply(date="2026-01-01", message="ok"),
        ),
        wire={
            "trackingIds": ["trk_1"],
            "opened": "2026-01-01T00:00:00Z",
            "reply": {"date": "2026-01-01", "message": "ok"},
        },
    ),
    Case(
        "users_delete_user",
        lambda c, b: c.users.users_delete_user("u1", env_id="env_1"),
        "DELETE",
        "/users/u1?envId=env_1",
        {"message": "User deleted"},
        lambda r: r.message == "User deleted",
    ),
    Case(
        "users_delete_user_without_env",
        lambda c, b: c.users.users_delete_user("u1"),
        "DELETE",
        "/users/u1",
        {"message": "User deleted"},
        lambda r: r.message == "User deleted",
    ),
    Case(
        "users_list_users",
        lambda c, b: c.users.users_list_users(10, "tok/1", env_id="env_1"),
        "GET",
        "/users?limit=10&nextToken=tok%2F1&envId=env_1",
        {"users": [USER], "lastEvaluatedKey": "tok2", "hasMore": True},
        lambda r: r.users[0].id == "u 1/x" and r.last_evaluated_key == "tok2" and r.has_more,
    ),
    Case(
        "users_list_users_first_page",
        lambda c, b: c.users.users_list_users(),
        "GET",
        "/users",
        {"users": [], "hasMore": False},
        lambda r: r.users == [] and not r.has_more,
    ),
    Case(
        "users_remove_user_from_suppression",
        lambda c, b: c.users.users_remove_user_from_suppression("u1", "EMAIL", env_id="env_1"),
        "DELETE",
        "/user_suppression/u1/channel/EMAIL?envId=env_1",
        {"user": USER},
        lambda r: r.user.email == "ada@example.com",
    ),
    Case(
        "webhooks_create_webhook",
        lambda c, b: c.webhooks.webhooks_create_webhook(b),
        "POST",
        "/webhooks",
        WEBHOOK_ENDPOINT,
        lambda r: isinstance(r, m.WebhookEndpoint) and r.secret == WEBHOOK_ENDPOINT["secret"],
        body=m.WebhookEndpointUpsertRequest(
            webhook="https://example.com/hooks", events=["EMAIL_DELIVERED", "SMS_FAILED"]
        ),
        wire={"webhook": "https://example.com/hooks", "events": ["EMAIL_DELIVERED", "SMS_FAILED"]},
    ),
    Case(
        "webhooks_delete_webhook",
        lambda c, b: c.webhooks.webhooks_delete_webhook("wh/1"),
        "DELETE",
        "/webhooks/wh%2F1",
        None,
        lambda r: r is None,
        status=204,
    ),
    Case(
        "webhooks_list_webhooks",
        lambda c, b: c.webhooks.webhooks_list_webhooks(),
        "GET",
        "/webhooks",
        {"endpoints": [WEBHOOK_ENDPOINT]},
        lambda r: [e.events for e in r.endpoints] == [["EMAIL_DELIVERED", "SMS_FAILED"]],
    ),
    Case(
        "webhooks_update_webhook",
        lambda c, b: c.webhooks.webhooks_update_webhook("wh/1", b),
        "PUT",
        "/webhooks/wh%2F1",
        {**WEBHOOK_ENDPOINT, "events": ["EMAIL_OPEN"]},
        lambda r: r.id == "wh/1" and r.events == ["EMAIL_OPEN"],
        body=m.WebhookEndpointUpsertRequest(
            webhook="https://example.com/hooks", events=["EMAIL_OPEN"]
        ),
        wire={"webhook": "https://example.com/hooks", "events": ["EMAIL_OPEN"]},
    ),
]

BODY_CASES = [case for case in CASES if case.body is not None]
