"""Every namespace of the async client, typed end to end (``mypy --strict`` checks this file).

Runs against the local emulator, so it needs no account and no network:

    python examples/every_namespace.py
"""

from __future__ import annotations

import asyncio

from pingram import (
    EnvironmentCreateRequest,
    EnvironmentPatchRequest,
    InAppNotificationPatchRequest,
    InAppNotificationUnreadClearRequest,
    LogQueryPostBody,
    NotificationCreateRequest,
    NotificationPatchRequest,
    Pingram,
    PostEmailTestRequest,
    PostSendersRequestBody,
    PostUserRequest,
    SenderPostBody,
    SetDefaultTemplateRequest,
    SlackOauthRequest,
    TemplatePatchRequest,
    TemplatePostRequest,
)
from pingram.emulator import Emulator
from pingram.models import EmailContent, InAppContent, Recipient


async def tour(client: Pingram) -> list[str]:
    """Call all 40 operations, namespace by namespace; say what happened."""
    lines: list[str] = []

    domains = await client.domains.domains_add_domain(PostSendersRequestBody(sender="example.com"))
    lines.append(f"domains: {[d.sender for d in await client.domains.domains_list_domains()]}")
    await client.domains.domains_delete_domain(domains[0].sender)

    env = await client.environments.environments_create_environment(
        EnvironmentCreateRequest(title="Staging")
    )
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
    user = await client.user.user_get_user(user.id)
    await client.user.user_generate_slack_oauth_path(
        "ada", SlackOauthRequest(code="code", redirect_uri="https://example.com/slack")
    )
    await client.user.user_get_available_slack_channels("ada")
    metadata = await client.user.user_get_account_metadata()
    web_push = metadata.user_account_metadata.has_web_push_enabled
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
    lines.append(f"in-app: {[n.title for n in inbox.notifications]}, {unread.count} unread")

    page = await client.logs.logs_get_logs(limit=10)
    by_id = await client.logs.logs_get_logs_by_tracking_ids(sent.tracking_id)
    tail = await client.logs.logs_tail_logs()
    query = await client.logs.logs_start_logs_query(LogQueryPostBody(user_filter="ada"))
    result = await client.logs.logs_get_logs_query_result(query.query_id)
    raw = await client.with_raw_response(client.logs.logs_get_log_retention)()
    retention = raw.parse()
    lines.append(
        f"logs: {len(page.messages)} messages, {len(by_id.logs)} by id, {len(tail.logs)} in tail, "
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


async def main() -> None:
    with Emulator() as emulator:
        async with Pingram(api_key="pingram_sk_example", base_url=emulator.url) as client:
            for line in await tour(client):
                print(line)


if __name__ == "__main__":
    asyncio.run(main())
