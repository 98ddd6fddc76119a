"""Request bodies shared by the tests: a SenderPostBody with every nested object set,
and the exact JSON the API must receive for it."""

from __future__ import annotations

from typing import Any

from pingram.models import (
    ApnOptions,
    CallContent,
    EmailAttachment,
    EmailContent,
    EmailOptions,
    EmailSuppressionStatus,
    FcmAndroidOptions,
    FcmOptions,
    InAppContent,
    MobilePushContent,
    PushDevice,
    PushToken,
    Recipient,
    SenderPostBody,
    SendOptions,
    SlackAuthedUser,
    SlackContent,
    SlackEntity,
    SlackExternalRef,
    SlackIncomingWebhook,
    SlackMetadata,
    SlackResponseMetadata,
    SlackTeam,
    SlackToken,
    SmsAutoReply,
    SmsContent,
    WebPushContent,
    WebPushKeys,
    WebPushSubscription,
    WebPushToken,
)

HTML = "<html><body><h1>Welcome, {{name}}!</h1><p>Your order #1234 shipped.</p></body></html>"


def full_send_body() -> SenderPostBody:
    """A SenderPostBody with every field and nested object set."""
    return SenderPostBody(
        type="order_shipped",
        to=Recipient(
            id="user-1",
            email="ada@example.com",
            number="+15005550006",
            push_tokens=[
                PushToken(
                    type="FCM",
                    token="fcm-token",
                    device=PushDevice(
                        app_id="app",
                        ad_id="ad",
                        device_id="device-1",
                        platform="android",
                        manufacturer="Google",
                        model="Pixel 9",
                    ),
                    environment="production",
                )
            ],
            web_push_tokens=[
                WebPushToken(
                    sub=WebPushSubscription(
                        endpoint="https://push.example.com/sub/1",
                        keys=WebPushKeys(p256dh="p256dh-key", auth="auth-key"),
                    )
                )
            ],
            timezone="Europe/London",
            slack_channel="#orders",
            slack_token=SlackToken(
                access_token="xoxb-1",
                app_id="A1",
                authed_user=SlackAuthedUser(
                    access_token="xoxp-1",
                    expires_in=3600,
                    id="U1",
                    refresh_token="r1",
                    scope="chat:write",
                    token_type="user",
                ),
                bot_user_id="B1",
                enterprise=SlackTeam(id="E1", name="Enterprise"),
                error="",
                expires_in=7200,
                incoming_webhook=SlackIncomingWebhook(
                    channel="#orders",
                    channel_id="C1",
                    configuration_url="https://slack.example.com/config",
                    url="https://hooks.slack.example.com/1",
                ),
                is_enterprise_install=False,
                needed="",
                ok=True,
                provided="",
                refresh_token="r2",
                scope="chat:write",
                team=SlackTeam(id="T1", name="Team"),
                token_type="bot",
                warning="",
                response_metadata=SlackResponseMetadata(
                    warnings=["w"],
                    next_cursor="",
                    scopes=["chat:write"],
                    accepted_scopes=["chat:write"],
                    retry_after=0,
                    messages=["m"],
                ),
            ),
            last_seen_time="2026-01-01T00:00:00Z",
            updated_at="2026-01-02T00:00:00Z",
            created_at="2025-12-31T00:00:00Z",
            email_suppression_status=EmailSuppressionStatus(reason="Bounce", details={"code": 550}),
        ),
        force_channels=["EMAIL", "INAPP_WEB", "SMS", "CALL", "PUSH", "WEB_PUSH", "SLACK"],
        parameters={"name": "Ada", "items": [1, 2]},
        secondary_id="order-1234",
        template_id="shipped-v2",
        sub_notification_id="orders",
        options=SendOptions(
            email=EmailOptions(
                reply_to_addresses=["support@example.com"],
                cc_addresses=["cc@example.com"],
                bcc_addresses=["bcc@example.com"],
                from_address="orders@example.com",
                from_name="Example Shop",
                attachments=[
                    EmailAttachment(filename="invoice.pdf", url="https://example.com/i.pdf"),
                    EmailAttachment(filename="a.txt", content="aGk=", content_type="text/plain"),
                ],
                condition="true",
            ),
            apn=ApnOptions(
                expiry=60,
                priority=10,
                collapse_id="c",
                thread_id="t",
                badge=1,
                sound="default",
                content_available=True,
            ),
            fcm=FcmOptions(
                android=FcmAndroidOptions(
                    collapse_key="k", priority="high", ttl=60, restricted_package_name="com.ex"
                )
            ),
        ),
        schedule="2030-01-01T09:00:00Z",
        email=EmailContent(
            subject="Your order shipped",
            html=HTML,
            preview_text="On its way",
            sender_name="Example Shop",
            sender_email="orders@example.com",
        ),
        inapp=InAppContent(title="Shipped", url="https://example.com/o/1", image="https://i/1.png"),
        sms=SmsContent(message="Shipped!", auto_reply=SmsAutoReply(message="Thanks")),
        call=CallContent(message="Your order shipped"),
        web_push=WebPushContent(
            title="Shipped", message="On its way", icon="https://i/i.png", url="https://e/o/1"
        ),
        mobile_push=MobilePushContent(title="Shipped", message="On its way"),
        slack=SlackContent(
            text="Order shipped",
            blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "*Shipped*"}}],
            username="shop-bot",
            icon=":package:",
            thread_ts="123.456",
            reply_broadcast=False,
            parse="full",
            link_names=True,
            mrkdwn=True,
            unfurl_links=False,
            unfurl_media=False,
            metadata=SlackMetadata(
                entities=[
                    SlackEntity(
                        entity_type="slack#/entities/task",
                        entity_payload={"title": "Ship"},
                        external_ref=SlackExternalRef(id="task-1", type="task"),
                        url="https://example.com/t/1",
                        app_unfurl_url="https://example.com/t/1?u",
                    )
                ],
                event_type="order_shipped",
                event_payload={"order": 1234},
            ),
        ),
    )


#: The JSON the API must receive for ``full_send_body()``: the spec's wire names, nothing else.
FULL_SEND_WIRE: dict[str, Any] = {
    "type": "order_shipped",
    "to": {
        "id": "user-1",
        "email": "ada@example.com",
        "number": "+15005550006",
        "pushTokens": [
            {
                "type": "FCM",
                "token": "fcm-token",
                "device": {
                    "app_id": "app",
                    "ad_id": "ad",
                    "device_id": "device-1",
                    "platform": "android",
                    "manufacturer": "Google",
                    "model": "Pixel 9",
                },
                "environment": "production",
            }
        ],
        "webPushTokens": [
            {
                "sub": {
                    "endpoint": "https://push.example.com/sub/1",
                    "keys": {"p256dh": "p256dh-key", "auth": "auth-key"},
                }
            }
        ],
        "timezone": "Europe/London",
        "slackChannel": "#orders",
        "slackToken": {
            "access_token": "xoxb-1",
            "app_id": "A1",
            "authed_user": {
                "access_token": "xoxp-1",
                "expires_in": 3600,
                "id": "U1",
                "refresh_token": "r1",
                "scope": "chat:write",
                "token_type": "user",
            },
            "bot_user_id": "B1",
            "enterprise": {"id": "E1", "name": "Enterprise"},
            "error": "",
            "expires_in": 7200,
            "incoming_webhook": {
                "channel": "#orders",
                "channel_id": "C1",
                "configuration_url": "https://slack.example.com/config",
                "url": "https://hooks.slack.example.com/1",
            },
            "is_enterprise_install": False,
            "needed": "",
            "ok": True,
            "provided": "",
            "refresh_token": "r2",
            "scope": "chat:write",
            "team": {"id": "T1", "name": "Team"},
            "token_type": "bot",
            "warning": "",
            "response_metadata": {
                "warnings": ["w"],
                "next_cursor": "",
                "scopes": ["chat:write"],
                "acceptedScopes": ["chat:write"],
                "retryAfter": 0,
                "messages": ["m"],
            },
        },
        "lastSeenTime": "2026-01-01T00:00:00Z",
        "updatedAt": "2026-01-02T00:00:00Z",
        "createdAt": "2025-12-31T00:00:00Z",
        "emailSuppressionStatus": {"reason": "Bounce", "details": {"code": 550}},
    },
    "forceChannels": ["EMAIL", "INAPP_WEB", "SMS", "CALL", "PUSH", "WEB_PUSH", "SLACK"],
    "parameters": {"name": "Ada", "items": [1, 2]},
    "secondaryId": "order-1234",
    "templateId": "shipped-v2",
    "subNotificationId": "orders",
    "options": {
        "email": {
            "replyToAddresses": ["support@example.com"],
            "ccAddresses": ["cc@example.com"],
            "bccAddresses": ["bcc@example.com"],
            "fromAddress": "orders@example.com",
            "fromName": "Example Shop",
            "attachments": [
                {"filename": "invoice.pdf", "url": "https://example.com/i.pdf"},
                {"filename": "a.txt", "content": "aGk=", "contentType": "text/plain"},
            ],
            "condition": "true",
        },
        "apn": {
            "expiry": 60,
            "priority": 10,
            "collapseId": "c",
            "threadId": "t",
            "badge": 1,
            "sound": "default",
            "contentAvailable": True,
        },
        "fcm": {
            "android": {
                "collapseKey": "k",
                "priority": "high",
                "ttl": 60,
                "restrictedPackageName": "com.ex",
            }
        },
    },
    "schedule": "2030-01-01T09:00:00Z",
    "email": {
        "subject": "Your order shipped",
        "html": HTML,
        "previewText": "On its way",
        "senderName": "Example Shop",
        "senderEmail": "orders@example.com",
    },
    "inapp": {"title": "Shipped", "url": "https://example.com/o/1", "image": "https://i/1.png"},
    "sms": {"message": "Shipped!", "autoReply": {"message": "Thanks"}},
    "call": {"message": "Your order shipped"},
    "web_push": {
        "title": "Shipped",
        "message": "On its way",
        "icon": "https://i/i.png",
        "url": "https://e/o/1",
    },
    "mobile_push": {"title": "Shipped", "message": "On its way"},
    "slack": {
        "text": "Order shipped",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*Shipped*"}}],
        "username": "shop-bot",
        "icon": ":package:",
        "thread_ts": "123.456",
        "reply_broadcast": False,
        "parse": "full",
        "link_names": True,
        "mrkdwn": True,
        "unfurl_links": False,
        "unfurl_media": False,
        "metadata": {
            "entities": [
                {
                    "entity_type": "slack#/entities/task",
                    "entity_payload": {"title": "Ship"},
                    "external_ref": {"id": "task-1", "type": "task"},
                    "url": "https://example.com/t/1",
                    "app_unfurl_url": "https://example.com/t/1?u",
                }
            ],
            "event_type": "order_shipped",
            "event_payload": {"order": 1234},
        },
    },
}
