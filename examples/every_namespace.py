"""Every namespace of the async client, typed end to end (``mypy --strict`` checks this file).

``tour`` calls the 40 operations of the Python reference; ``platform_tour`` calls at least
one operation of each of the other namespaces.

Runs against the local emulator, so it needs no account and no network:

    python examples/every_namespace.py
"""

from __future__ import annotations

import asyncio

from pingram import (
    CreateBroadcastRequest,
    CreateKeyRequest,
    EmailAuthTokenPostRequest,
    EnvironmentCreateRequest,
    EnvironmentPatchRequest,
    InAppNotificationPatchRequest,
    InAppNotificationUnreadClearRequest,
    IngishtsPostRequest,
    LogQueryPostBody,
    NotificationCreateRequest,
    NotificationPatchRequest,
    PhoneNumberRequest,
    Pingram,
    PostEmailTestRequest,
    PostSendersRequestBody,
    PostUserRequest,
    SendEmailRequest,
    SenderPostBody,
    SendSmsRequest,
    SetDefaultTemplateRequest,
    SlackOauthRequest,
    SubNotificationPUTRequest,
    TemplatePatchRequest,
    TemplatePostRequest,
    VoiceAgentRequest,
    VoiceCallRequest,
    WebhookEndpointUpsertRequest,
)
from pingram.emulator import Emulator
from pingram.models import (
    BroadcastAudience,
    EmailContent,
    InAppContent,
    MetricDataQuery,
    Recipient,
    VoiceAgentSpec,
)


async def tour(client: Pingram) -> list[str]:
    """Call all 40 operations, namespace by namespace; say what happened."""
    lines: list[str] = []

    await client.domains.domains_add_domain(PostSendersRequestBody(sender="example.com"))
    lines.append(f"domains: {[d.sender for d in await client.domains.domains_list_domains()]}")
    await client.domains.domains_delete_domain("example.com")

    env = await client.environments.environments_create_environment(
        EnvironmentCreateRequest(title="Staging")
    )
    assert env.client_id  # the API always sends it; the model says a response could omit it
    env = await client.environments.environments_update_environment(
        env.client_id, EnvironmentPatchRequest(disable_sending=["SMS"])
    )
    envs = await client.environments.environments_list_environments()
    lines.append(f"environments: {[e.title for e in envs]}, staging blocks {env.disable_sending}")

    await client.types.types_create_notification_type(
        NotificationCreateRequest(
            notification_id="welcome", title="Welcome", channels=["EMAIL", "INAPP_WEB"]
        )
    )
    await client.types.types_update_notification_type(
        "welcome", NotificationPatchRequest(title="Welcome aboard")
    )
    (welcome,) = await client.types.types_get_notification_type("welcome")
    types = await client.types.types_list_notification_types()
    lines.append(f"types: {[t.notification_id for t in types]}, title {welcome.title!r}")

    await client.templates.templates_create_template(
        "welcome", "EMAIL", TemplatePostRequest(template_id="v1", subject="Hi", html="<p>Hi</p>")
    )
    await client.templates.templates_update_template(
        "welcome", "EMAIL", "v1", TemplatePatchRequest(subject="Hello {{name}}")
    )
    await client.templates.templates_set_default_template(
        "welcome", "EMAIL", SetDefaultTemplateRequest(template_id="v1", modes=["instant"])
    )
    await client.templates.templates_initiate_migration("welcome", "EMAIL", "v1")
    template = await client.templates.templates_get_template("welcome", "EMAIL", "v1")
    subject = template[0].subject if isinstance(template, list) else template.subject
    listed = await client.templates.templates_list_templates("welcome", "EMAIL")
    lines.append(f"templates: {[t.template_id for t in listed]}, subject {subject!r}")

    user = await client.user.user_identify("ada", PostUserRequest(email="ada@example.com"))
    user = await client.user.user_get_user("ada")
    await client.user.user_generate_slack_oauth_path(
        "ada", SlackOauthRequest(code="code", redirect_uri="https://example.com/slack")
    )
    await client.user.user_get_available_slack_channels("ada")
    metadata = await client.user.user_get_account_metadata()
    account_metadata = metadata.user_account_metadata
    web_push = account_metadata is not None and account_metadata.has_web_push_enabled
    lines.append(f"user: {user.id} <{user.email}>, web push enabled: {web_push}")

    sent = await client.send(
        SenderPostBody(
            type="welcome",
            to=Recipient(id="ada", email="ada@example.com"),
            email=EmailContent(subject="Welcome", html="<p>Hi Ada</p>"),
            inapp=InAppContent(title="Welcome, Ada"),
        )
    )
    scheduled = await client.send(
        SenderPostBody(type="welcome", to=Recipient(id="ada"), schedule="2099-01-01T09:00:00Z")
    )
    assert sent.tracking_id
    assert scheduled.tracking_id
    await client.sender.sender_update_schedule(
        scheduled.tracking_id, SenderPostBody(type="welcome", schedule="2099-01-02T09:00:00Z")
    )
    await client.sender.sender_delete_schedule(scheduled.tracking_id)
    test = await client.sender.sender_test_email(
        PostEmailTestRequest(
            notification_id="welcome",
            to="me@example.com",
            subject="Test",
            html="<p>Test</p>",
            from_address="hello@example.com",
            from_name="Example",
        )
    )
    lines.append(f"sender: sent {sent.tracking_id}, test email {test.tracking_id}")

    inbox = await client.user.user_get_in_app_notifications(count=10)
    unread = await client.user.user_get_in_app_unread_count()
    await client.user.user_update_in_app_notification_status(
        InAppNotificationPatchRequest(tracking_ids=[sent.tracking_id], opened="2026-01-01")
    )
    await client.user.user_mark_in_app_notifications_as_seen(
        InAppNotificationUnreadClearRequest(tracking_id=sent.tracking_id)
    )
    lines.append(f"in-app: {[n.title for n in inbox.notifications or []]}, {unread.count} unread")

    page = await client.logs.logs_get_logs(limit=10)
    by_id = await client.logs.logs_get_logs_by_tracking_ids(sent.tracking_id)
    tail = await client.logs.logs_tail_logs()
    query = await client.logs.logs_start_logs_query(LogQueryPostBody(user_filter="ada"))
    assert query.query_id
    result = await client.logs.logs_get_logs_query_result(query.query_id)
    raw = await client.with_raw_response(client.logs.logs_get_log_retention)()
    retention = raw.parse()
    lines.append(
        f"logs: {len(page.messages or [])} messages, {len(by_id.logs or [])} by id, "
        f"{len(tail.logs or [])} in tail, "
        f"query {result.status}, kept {retention.retention_in_days} days (HTTP {raw.status_code})"
    )

    users = [u.id async for u in client.users.iter_users(limit=10)]
    await client.users.users_list_users(limit=10)
    await client.users.users_remove_user_from_suppression("ada", "EMAIL")
    deleted = await client.users.users_delete_user("ada")
    await client.templates.templates_delete_template("welcome", "EMAIL", "v1")
    await client.types.types_delete_notification_type("welcome")
    lines.append(f"users: {users}; {deleted.message}")
    return lines


#: A complete voice agent: how it greets, which model speaks, what it may do.
AGENT_SPEC = VoiceAgentSpec.from_dict(
    {
        "name": "Ada",
        "instructions": "Confirm tomorrow's appointment.",
        "inbound": {"firstAction": "speak", "greeting": "Hi, this is Ada."},
        "outbound": {"firstAction": "speak", "opener": "Hello!", "voicemailAction": "hangup"},
        "model": {
            "mode": "s2s",
            "model": "openai:gpt-realtime",
            "voiceId": "marin",
            "temperature": 0.7,
            "maxTokens": 1024,
        },
        "tools": [],
        "variables": [],
        "conversation": {
            "turnDetection": "semantic",
            "minEndOfTurnSilenceMs": 500,
            "allowInterruptions": True,
            "minInterruptionDurationMs": 300,
            "silenceTimeoutSeconds": 30,
            "maxCallLengthSeconds": 600,
        },
        "compliance": {"recordingEnabled": False},
    }
)


async def platform_tour(client: Pingram) -> list[str]:
    """At least one operation of every namespace the reference does not cover."""
    lines: list[str] = []

    email = await client.email.email_send(
        SendEmailRequest(
            type="receipt", to="ada@example.com", subject="Your receipt", html="<p>Thanks</p>"
        )
    )
    sms = await client.sms.sms_send(SendSmsRequest(type="otp", to="+15005550006", message="4242"))
    tracking_ids = f"{email.tracking_id},{sms.tracking_id}"
    status = await client.logs.logs_get_delivery_status(tracking_ids)
    lines.append(f"email/sms: {sorted(str(s.status) for s in status.statuses or [])}")

    draft = await client.broadcasts.broadcasts_create(
        CreateBroadcastRequest(
            name="Launch",
            audience=BroadcastAudience(emails=["ada@example.com"]),
            from_name="Example",
            from_address="news@mail.pingram.io",
            subject="We launched",
            html="<p>Hello</p>",
        )
    )
    page = await client.broadcasts.broadcasts_list(limit=10)
    lines.append(f"broadcasts: {draft.status}, {len(page.broadcasts or [])} listed")

    available = await client.numbers.numbers_search_available("US", limit=1)
    number = (available.numbers or [])[0].phone_number
    assert number
    await client.numbers.numbers_order_number(PhoneNumberRequest(phone_number=number))
    created = await client.voice.voice_create_agent(VoiceAgentRequest(spec=AGENT_SPEC))
    agent_id = created.agent.agent_id if created.agent else None
    assert agent_id
    await client.voice.voice_bind_number(agent_id, PhoneNumberRequest(phone_number=number))
    call = await client.voice.voice_call(
        VoiceCallRequest(phone_number="+15005550006", spec=AGENT_SPEC, agent_id=agent_id)
    )
    calls = await client.voice.voice_list_calls(agent_id=agent_id)
    listed = [c.tracking_id for c in calls.calls or []]
    lines.append(f"voice: {len(listed)} call(s), the new one listed: {call.tracking_id in listed}")
    await client.voice.voice_delete_agent(agent_id)
    await client.numbers.numbers_release_number(number)
    brand = await client.registrations.registrations_get_us10dlc_brand()
    lines.append(f"10dlc: brand registered: {brand is not None}")

    await client.types.types_create_notification_type(
        NotificationCreateRequest(notification_id="digest", title="Digest", channels=["EMAIL"])
    )
    sub = await client.sub_notifications.sub_notifications_put_sub_notification(
        "digest", "weekly", SubNotificationPUTRequest(title="Weekly digest")
    )
    components = await client.components.components_list_components("EMAIL")
    token = await client.editor.editor_generate_editor_token(EmailAuthTokenPostRequest())
    files = await client.library.library_list("media")
    addresses = await client.addresses.addresses_list_addresses()
    lines.append(
        f"content: sub-notification {sub.title!r}, {len(components)} components, "
        f"editor token {bool(token.access_token)}, {len(files.items or [])} files, "
        f"{len(addresses.addresses or [])} addresses"
    )

    hook = await client.webhooks.webhooks_create_webhook(
        WebhookEndpointUpsertRequest(
            webhook="https://example.com/webhooks/pingram", events=["EMAIL_DELIVERED"]
        )
    )
    assert hook.id
    await client.webhooks.webhooks_delete_webhook(hook.id)
    series = await client.insights.insights_query_insights(
        IngishtsPostRequest(
            metric_data_queries=[MetricDataQuery(id="sent", expression="SUM(METRICS())")],
            start_time="2026-01-01T00:00:00Z",
            end_time="2026-01-02T00:00:00Z",
        )
    )
    lines.append(f"webhooks/insights: secret hidden: {'***' in repr(hook)}, {len(series)} series")

    account = await client.account.account_get_account_details()
    subaccounts = await client.accounts.accounts_list_accounts()
    key = await client.keys.keys_create_api_key(CreateKeyRequest(name="ci", key_type="secret"))
    assert key.id
    await client.keys.keys_revoke_api_key(key.id)
    members = await client.members.members_list_members("env_1")
    mfa = await client.profile.profile_get_mfa_status()
    health = await client.health.health_health_check()
    lines.append(
        f"account: {account.account_type}, {len(subaccounts.accounts or [])} sub-accounts, "
        f"{len(members)} member(s), MFA {mfa.enabled}, health {health.message!r}"
    )
    return lines


async def main() -> None:
    with Emulator() as emulator:
        async with Pingram(api_key="pingram_sk_example", base_url=emulator.url) as client:
            for line in await tour(client) + await platform_tour(client):
                print(line)


if __name__ == "__main__":
    asyncio.run(main())
