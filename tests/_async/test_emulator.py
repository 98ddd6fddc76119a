"""Every operation through the client against the local emulator, over real sockets.

Each test gets the plugin's ``pingram_emulator`` (fresh state) and a client on
each HTTP transport; results are asserted as the typed models the client decodes.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from pingram import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    Domain,
    Environment,
    GetUsersResponse,
    InternalServerError,
    LogEntry,
    MessageResponse,
    NotFoundError,
    Notification,
    Pingram,
    Recipient,
    SenderPostBody,
    SuccessResponse,
    Template,
    User,
)
from pingram.emulator import Emulator

from .conftest import EMULATOR_KEY

FUTURE = "2099-01-01T09:00:00Z"
LATER = "2099-06-01T09:00:00Z"


def welcome(user_id: str = "u1", **fields: Any) -> dict[str, Any]:
    """A send body in wire format: the ``welcome`` type to ``user_id``."""
    return {"type": "welcome", "to": {"id": user_id, "email": f"{user_id}@example.com"}, **fields}


def jwt_for(user_id: str) -> str:
    """An (unsigned) JWT whose ``userId`` claim names an end user."""

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS256'})}.{part({'userId': user_id})}.c2ln"


# -- send --------------------------------------------------------------------------------------


@pytest.mark.transport  # one round trip to a real server on every stack and transport
async def test_send_returns_a_tracking_id_and_records_the_body(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    body = welcome(parameters={"name": "Ada"}, email={"subject": "Hi", "html": "<p>Hi</p>"})
    result = await emulator_client.send(body)

    assert result.tracking_id
    assert result.messages == []
    assert pingram_emulator.sent == [body]


@pytest.mark.transport
async def test_send_failing_with_500_raises_after_exactly_one_request(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    pingram_emulator.fail_next(500)
    with pytest.raises(InternalServerError) as caught:
        await emulator_client.send(welcome())

    assert caught.value.status_code == 500
    assert [r.status for r in pingram_emulator.requests] == [500]
    assert pingram_emulator.sent == []


@pytest.mark.transport
async def test_get_failing_with_503_and_retry_after_is_retried(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    pingram_emulator.fail_next(503, retry_after=0, times=2)
    retention = await emulator_client.logs.logs_get_log_retention()

    assert retention.retention_in_days == 30
    assert [r.status for r in pingram_emulator.requests] == [503, 503, 200]


@pytest.mark.transport
async def test_send_503_with_retry_after_is_retried_and_sent_once(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    pingram_emulator.fail_next(503, retry_after=0)
    await emulator_client.send(welcome())

    assert [r.status for r in pingram_emulator.requests] == [503, 200]
    assert len(pingram_emulator.sent) == 1


# -- logs --------------------------------------------------------------------------------------


async def test_sends_show_up_in_every_logs_operation(emulator_client: Pingram) -> None:
    email = {"subject": "Hi {{name}}", "html": "<p>Hi</p>"}
    first = await emulator_client.send(welcome("u1", email=email, parameters={"name": "Ada"}))
    second = await emulator_client.send(welcome("u2", email=email, parameters={"name": "Bob"}))

    page1 = await emulator_client.logs.logs_get_logs(limit=1)
    assert [m.tracking_id for m in page1.messages] == [second.tracking_id]
    assert page1.messages[0].event_type == "email_sent"
    assert page1.messages[0].subject == "Hi Bob"
    assert page1.messages[0].to == ["u2@example.com"]
    assert page1.next_cursor
    page2 = await emulator_client.logs.logs_get_logs(limit=1, cursor=page1.next_cursor)
    assert [m.tracking_id for m in page2.messages] == [first.tracking_id]
    assert page2.next_cursor is None

    tail = await emulator_client.logs.logs_tail_logs()
    assert [e.tracking_id for e in tail.logs] == [second.tracking_id, first.tracking_id]
    assert all(isinstance(e, LogEntry) and e.email_sent_at for e in tail.logs)

    by_ids = await emulator_client.logs.logs_get_logs_by_tracking_ids(
        f"{first.tracking_id},{second.tracking_id}"
    )
    assert [(e.tracking_id, e.user_id) for e in by_ids.logs] == [
        (first.tracking_id, "u1"),
        (second.tracking_id, "u2"),
    ]
    assert by_ids.logs[0].type == "welcome"
    assert json.loads(by_ids.logs[0].request or "")["to"]["id"] == "u1"

    query = await emulator_client.logs.logs_start_logs_query(
        {"userFilter": "u2", "channelFilter": ["email"]}
    )
    assert query.query_id
    result = await emulator_client.logs.logs_get_logs_query_result(query.query_id)
    assert result.status == "Complete"
    assert [e.tracking_id for e in result.logs or []] == [second.tracking_id]


async def test_unknown_log_query_is_not_found(emulator_client: Pingram) -> None:
    with pytest.raises(NotFoundError):
        await emulator_client.logs.logs_get_logs_query_result("no-such-query")


async def test_log_retention(emulator_client: Pingram) -> None:
    assert (await emulator_client.logs.logs_get_log_retention()).retention_in_days == 30


# -- sender: schedules and test emails -----------------------------------------------------------


async def test_schedule_update_delete_then_not_found(emulator_client: Pingram) -> None:
    scheduled = await emulator_client.send(welcome(schedule=FUTURE))
    tracking_id = scheduled.tracking_id
    (entry,) = (await emulator_client.logs.logs_get_logs_by_tracking_ids(tracking_id)).logs
    assert entry.scheduled_for == "2099-01-01T09:00:00.000Z"
    assert entry.processed_at is None

    updated = await emulator_client.sender.sender_update_schedule(
        tracking_id, SenderPostBody(type="welcome", to=Recipient(id="u1"), schedule=LATER)
    )
    assert isinstance(updated, MessageResponse)
    assert updated.message
    (entry,) = (await emulator_client.logs.logs_get_logs_by_tracking_ids(tracking_id)).logs
    assert entry.scheduled_for == entry.schedule_updated_to == "2099-06-01T09:00:00.000Z"

    deleted = await emulator_client.sender.sender_delete_schedule(tracking_id)
    assert isinstance(deleted, MessageResponse)
    with pytest.raises(NotFoundError):
        await emulator_client.sender.sender_delete_schedule(tracking_id)
    with pytest.raises(NotFoundError):
        await emulator_client.sender.sender_update_schedule(tracking_id, welcome(schedule=LATER))


async def test_rescheduling_into_the_past_delivers_at_once(emulator_client: Pingram) -> None:
    scheduled = await emulator_client.send(welcome(schedule=FUTURE, inapp={"title": "Hello"}))
    assert (await emulator_client.user.user_get_in_app_unread_count()).count == 0

    await emulator_client.sender.sender_update_schedule(
        scheduled.tracking_id, welcome(schedule="2000-01-01T00:00:00Z", inapp={"title": "Hello"})
    )
    assert (await emulator_client.user.user_get_in_app_unread_count()).count == 1
    with pytest.raises(NotFoundError):
        await emulator_client.sender.sender_delete_schedule(scheduled.tracking_id)


async def test_sender_test_email_is_logged(emulator_client: Pingram) -> None:
    result = await emulator_client.sender.sender_test_email(
        {
            "notificationId": "welcome",
            "to": "qa@example.com",
            "subject": "Test",
            "html": "<p>t</p>",
            "fromAddress": "no-reply@example.com",
            "fromName": "Example",
        }
    )
    assert result.tracking_id
    (entry,) = (await emulator_client.logs.logs_get_logs_by_tracking_ids(result.tracking_id)).logs
    assert entry.test is True
    assert entry.user_email == "qa@example.com"


# -- in-app --------------------------------------------------------------------------------------


async def test_inapp_send_inbox_unread_seen_and_status(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    await emulator_client.types.types_create_notification_type(
        {"notificationId": "welcome", "title": "Welcome", "channels": ["EMAIL", "INAPP_WEB"]}
    )
    first = await emulator_client.send(welcome("ada"))
    second = await emulator_client.send(
        welcome("ada", type="comment", inapp={"title": "New comment", "url": "https://x.io/c"})
    )
    await emulator_client.send(welcome("bob", forceChannels=["INAPP_WEB"]))
    pingram_emulator.inapp_user_id = "ada"

    inbox = await emulator_client.user.user_get_in_app_notifications()
    assert [(n.id, n.title, n.seen) for n in inbox.notifications] == [
        (second.tracking_id, "New comment", False),
        (first.tracking_id, "Welcome", False),
    ]
    assert inbox.notifications[0].redirect_url == "https://x.io/c"
    assert inbox.notifications[0].notification_id == "comment"
    only_one = await emulator_client.user.user_get_in_app_notifications(count=1)
    assert [n.id for n in only_one.notifications] == [second.tracking_id]
    older = await emulator_client.user.user_get_in_app_notifications(before="2999-01-01T00:00:00Z")
    assert len(older.notifications) == 2
    assert (await emulator_client.user.user_get_in_app_unread_count()).count == 2

    seen = await emulator_client.user.user_mark_in_app_notifications_as_seen(
        {"trackingId": first.tracking_id}
    )
    assert seen == SuccessResponse(success=True)
    assert (await emulator_client.user.user_get_in_app_unread_count()).count == 1
    await emulator_client.user.user_mark_in_app_notifications_as_seen({})
    assert (await emulator_client.user.user_get_in_app_unread_count()).count == 0

    updated = await emulator_client.user.user_update_in_app_notification_status(
        {
            "trackingIds": [second.tracking_id],
            "archived": "2024-05-01T00:00:00Z",
            "reply": {"date": "2024-05-01T00:00:00Z", "message": "thanks"},
        }
    )
    assert updated.success is True
    (latest, _) = (await emulator_client.user.user_get_in_app_notifications()).notifications
    assert latest.archived == "2024-05-01T00:00:00Z"
    assert [r.message for r in latest.replies or []] == ["thanks"]


async def test_inapp_user_defaults_to_the_last_inapp_recipient(emulator_client: Pingram) -> None:
    await emulator_client.send(welcome("ada", inapp={"title": "For Ada"}))
    await emulator_client.send(welcome("bob", inapp={"title": "For Bob"}))
    inbox = await emulator_client.user.user_get_in_app_notifications()
    assert [n.title for n in inbox.notifications] == ["For Bob"]


async def test_inapp_user_comes_from_a_jwt_bearer(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    await emulator_client.send(welcome("ada", inapp={"title": "For Ada"}))
    await emulator_client.send(welcome("bob", inapp={"title": "For Bob"}))
    async with Pingram(api_key=jwt_for("ada"), base_url=pingram_emulator.url) as as_ada:
        inbox = await as_ada.user.user_get_in_app_notifications()
    assert [n.title for n in inbox.notifications] == ["For Ada"]


# -- users ---------------------------------------------------------------------------------------


@pytest.mark.transport  # ids with a space and a slash: each library's URL escaping on the wire
async def test_identify_get_list_in_three_pages_and_delete(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    implicit = await emulator_client.user.user_get_user("nobody")
    assert implicit == User(id="nobody")

    for n in range(5):
        await emulator_client.user.user_identify(f"user {n}/x", {"email": f"u{n}@example.com"})
    user = await emulator_client.user.user_identify("user 0/x", {"number": "+15005550006"})
    assert (user.id, user.email, user.number) == ("user 0/x", "u0@example.com", "+15005550006")
    assert user.created_at
    assert user.updated_at
    assert user.last_seen_time
    assert await emulator_client.user.user_get_user("user 0/x") == user

    pages: list[GetUsersResponse] = []
    token = None
    while True:
        page = await emulator_client.users.users_list_users(2, token)
        pages.append(page)
        if not page.has_more:
            break
        token = page.last_evaluated_key
    assert [[u.id for u in p.users] for p in pages] == [
        ["user 0/x", "user 1/x"],
        ["user 2/x", "user 3/x"],
        ["user 4/x"],
    ]
    assert pages[-1].last_evaluated_key is None
    assert [r.method for r in pingram_emulator.requests if r.path.startswith("/users?")] == [
        "GET"
    ] * 3

    deleted = await emulator_client.users.users_delete_user("user 4/x")
    assert deleted.message
    remaining = await emulator_client.users.users_list_users(10)
    assert [u.id for u in remaining.users] == [f"user {n}/x" for n in range(4)]


async def test_remove_user_from_email_suppression(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    await emulator_client.user.user_identify("u1", {"email": "u1@example.com"})
    pingram_emulator.suppress_email("u1", "Bounce", {"bounceType": "Permanent"})
    suppressed = await emulator_client.user.user_get_user("u1")
    assert suppressed.email_suppression_status is not None
    assert suppressed.email_suppression_status.reason == "Bounce"

    result = await emulator_client.users.users_remove_user_from_suppression("u1", "EMAIL")
    assert result.user.id == "u1"
    assert result.user.email_suppression_status is None
    assert (await emulator_client.user.user_get_user("u1")).email_suppression_status is None


@pytest.mark.transport  # two of these answers are a 204 with no body, read off the wire
async def test_account_metadata_and_slack(emulator_client: Pingram) -> None:
    metadata = await emulator_client.user.user_get_account_metadata()
    assert metadata.user_account_metadata.has_web_push_enabled is False

    oauth = {"code": "abc", "redirect_uri": "https://example.com/cb"}
    assert await emulator_client.user.user_generate_slack_oauth_path("u1", oauth) is None
    assert await emulator_client.user.user_get_available_slack_channels("u1") is None
    user = await emulator_client.user.user_get_user("u1")
    assert user.slack_token is not None
    assert user.slack_token.ok is True


# -- notification types and templates ------------------------------------------------------------


async def test_notification_type_crud(emulator_client: Pingram) -> None:
    created = await emulator_client.types.types_create_notification_type(
        {"notificationId": "welcome", "title": "Welcome", "channels": ["EMAIL"]}
    )
    assert isinstance(created, Notification)
    assert (created.notification_id, created.title, created.enabled) == ("welcome", "Welcome", True)
    with pytest.raises(ConflictError):
        await emulator_client.types.types_create_notification_type(
            {"notificationId": "welcome", "title": "Again", "channels": ["SMS"]}
        )

    (fetched,) = await emulator_client.types.types_get_notification_type("welcome")
    assert fetched == created
    updated = await emulator_client.types.types_update_notification_type(
        "welcome", {"title": "Hello", "channels": ["EMAIL", "SMS"]}
    )
    assert (updated.title, updated.channels) == ("Hello", ["EMAIL", "SMS"])
    listed = await emulator_client.types.types_list_notification_types()
    assert [t.notification_id for t in listed] == ["welcome"]

    assert await emulator_client.types.types_delete_notification_type("welcome") is None
    with pytest.raises(NotFoundError):
        await emulator_client.types.types_get_notification_type("welcome")
    with pytest.raises(NotFoundError):
        await emulator_client.types.types_delete_notification_type("welcome")


async def test_template_crud_and_default_selection(emulator_client: Pingram) -> None:
    with pytest.raises(NotFoundError):
        await emulator_client.templates.templates_list_templates("welcome", "EMAIL")
    await emulator_client.types.types_create_notification_type(
        {"notificationId": "welcome", "title": "Welcome", "channels": ["EMAIL"]}
    )
    first = await emulator_client.templates.templates_create_template(
        "welcome", "EMAIL", {"templateId": "a", "subject": "Hi {{name}}", "html": "<p>A</p>"}
    )
    assert isinstance(first, Template)
    assert (first.template_id, first.channel, first.default) == ("a", "EMAIL", True)
    second = await emulator_client.templates.templates_create_template(
        "welcome", "EMAIL", {"templateId": "b", "subject": "Hey", "html": "<p>B</p>"}
    )
    assert second.default is False

    fetched = await emulator_client.templates.templates_get_template("welcome", "EMAIL", "a")
    assert fetched == first
    updated = await emulator_client.templates.templates_update_template(
        "welcome", "EMAIL", "b", {"subject": "Hey {{name}}"}
    )
    assert (updated.subject, updated.html) == ("Hey {{name}}", "<p>B</p>")
    listed = await emulator_client.templates.templates_list_templates("welcome", "EMAIL")
    assert [t.template_id for t in listed] == ["a", "b"]

    chosen = await emulator_client.templates.templates_set_default_template(
        "welcome", "EMAIL", {"templateId": "b", "modes": ["instant"]}
    )
    assert chosen.default is True
    assert chosen.is_default_for is not None
    assert chosen.is_default_for["instant"] is True
    old = await emulator_client.templates.templates_get_template("welcome", "EMAIL", "a")
    assert isinstance(old, Template)
    assert old.default is False

    sent = await emulator_client.send(welcome(parameters={"name": "Ada"}))
    (message,) = (await emulator_client.logs.logs_get_logs()).messages
    assert (message.tracking_id, message.subject) == (sent.tracking_id, "Hey Ada")

    migrated = await emulator_client.templates.templates_initiate_migration("welcome", "EMAIL", "a")
    assert migrated.migration
    (kind,) = await emulator_client.types.types_get_notification_type("welcome")
    assert [(t.channel, t.template_ids) for t in kind.templates or []] == [("EMAIL", ["a", "b"])]

    assert (
        await emulator_client.templates.templates_delete_template("welcome", "EMAIL", "a") is None
    )
    with pytest.raises(NotFoundError):
        await emulator_client.templates.templates_get_template("welcome", "EMAIL", "a")


# -- environments and domains --------------------------------------------------------------------


async def test_environment_create_list_update_and_reset_secret(emulator_client: Pingram) -> None:
    created = await emulator_client.environments.environments_create_environment(
        {"title": "Staging"}
    )
    assert isinstance(created, Environment)
    assert created.client_id
    assert created.client_secret
    default, *others = await emulator_client.environments.environments_list_environments()
    assert others == [created]
    assert default.client_id == "emulator"  # every account starts with one environment

    updated = await emulator_client.environments.environments_update_environment(
        created.client_id, {"title": "QA", "resetSecret": True, "disableSending": ["SMS"]}
    )
    assert (updated.client_id, updated.title, updated.disable_sending) == (
        created.client_id,
        "QA",
        ["SMS"],
    )
    assert updated.client_secret != created.client_secret
    with pytest.raises(NotFoundError):
        await emulator_client.environments.environments_update_environment("nope", {"title": "x"})


async def test_domain_add_list_delete(emulator_client: Pingram) -> None:
    added = await emulator_client.domains.domains_add_domain({"sender": "no-reply@example.com"})
    assert [d.sender for d in added] == ["no-reply@example.com"]
    assert all(isinstance(d, Domain) and d.created_at for d in added)
    listed = await emulator_client.domains.domains_list_domains()
    assert listed == added

    deleted = await emulator_client.domains.domains_delete_domain("no-reply@example.com")
    assert deleted.success is True
    assert await emulator_client.domains.domains_list_domains() == []
    with pytest.raises(NotFoundError):
        await emulator_client.domains.domains_delete_domain("no-reply@example.com")


# -- bad requests --------------------------------------------------------------------------------


async def test_wrong_api_key_is_an_authentication_error(pingram_emulator: Emulator) -> None:
    async with Pingram(api_key="sk_live_wrong", base_url=pingram_emulator.url) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.logs.logs_tail_logs()
    assert caught.value.status_code == 401
    assert caught.value.message == "Invalid API key"


async def test_send_without_type_is_a_bad_request_naming_the_field(
    emulator_client: Pingram,
) -> None:
    with pytest.raises(BadRequestError) as caught:
        await emulator_client.send({"to": {"id": "u1"}})
    assert "`type`" in caught.value.message


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Welcome", "channels": ["EMAIL"]}, "notificationId"),
        ({"notificationId": "w", "title": 7, "channels": ["EMAIL"]}, "$.title"),
    ],
)
async def test_raw_invalid_body_is_400_with_a_json_message_naming_the_field(
    pingram_emulator: Emulator, body: dict[str, Any], field: str
) -> None:
    headers = {"Authorization": f"Bearer {EMULATOR_KEY}"}
    async with httpx.AsyncClient(base_url=pingram_emulator.url, headers=headers) as raw:
        response = await raw.post("/types", json=body)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert field in response.json()["message"]


async def test_raw_wrong_method_is_405_with_allow(pingram_emulator: Emulator) -> None:
    headers = {"Authorization": f"Bearer {EMULATOR_KEY}"}
    async with httpx.AsyncClient(base_url=pingram_emulator.url, headers=headers) as raw:
        response = await raw.delete("/logs/tail")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert "DELETE" in response.json()["message"]
