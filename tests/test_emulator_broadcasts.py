"""The emulator's email broadcasts: the status machine, delivery, recipients, metrics, paging.

Every transition the operation descriptions allow is exercised from every status, and
every other one must answer 409. ``emu.hold_broadcasts`` keeps a sent broadcast in
``sending`` so that pause, resume and cancel can be reached; without it, sending
delivers to the whole audience at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

from pingram import BadRequestError, ConflictError, NotFoundError, PingramSync
from pingram.emulator import Emulator, WebhookReceiver
from pingram.emulator import _common as emulator_clock
from pingram.models.common import ENUM_VALUES

KEY = "pingram_sk_test"
STATUSES = ENUM_VALUES["BroadcastStatus"]


@pytest.fixture
def client(pingram_emulator: Emulator) -> Iterator[PingramSync]:
    with PingramSync(api_key=KEY, base_url=pingram_emulator.url) as pingram:
        pingram.domains.domains_add_domain({"sender": "acme.com"})
        pingram.domains.domains_start_domain_verification("acme.com")
        for n in range(3):
            pingram.user.user_identify(f"u{n}", {"email": f"u{n}@example.com"})
        yield pingram


def body(**changes: Any) -> Dict[str, Any]:
    found: Dict[str, Any] = {
        "name": "Spring sale",
        "type": "promo",
        "audience": {"filter": {"email": {"$regex": "@example\\.com$"}}},
        "fromName": "Acme",
        "fromAddress": "news@acme.com",
        "subject": "20% off",
        "html": "<p>Hello</p>",
    }
    found.update(changes)
    return found


def in_an_hour() -> str:
    return (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()


def create(client: PingramSync, **changes: Any) -> str:
    return client.broadcasts.broadcasts_create(body(**changes)).broadcast_id


def status_of(client: PingramSync, broadcast_id: str) -> str:
    return client.broadcasts.broadcasts_get(broadcast_id).status


# -- reaching each status ------------------------------------------------------------------


def _held(client: PingramSync, emu: Emulator, *then: str) -> str:
    emu.hold_broadcasts = True
    broadcast_id = create(client)
    client.broadcasts.broadcasts_send(broadcast_id)
    for action in then:
        getattr(client.broadcasts, f"broadcasts_{action}")(broadcast_id)
    return broadcast_id


def _scheduled(client: PingramSync, emu: Emulator) -> str:
    broadcast_id = create(client)
    client.broadcasts.broadcasts_schedule(broadcast_id, {"sendAt": in_an_hour()})
    return broadcast_id


def _sent(client: PingramSync, emu: Emulator) -> str:
    emu.hold_broadcasts = False
    broadcast_id = create(client)
    client.broadcasts.broadcasts_send(broadcast_id)
    return broadcast_id


REACH: Dict[str, Callable[[PingramSync, Emulator], str]] = {
    "draft": lambda client, emu: create(client),
    "scheduled": _scheduled,
    "sending": lambda client, emu: _held(client, emu),
    "paused": lambda client, emu: _held(client, emu, "pause"),
    "sent": _sent,
    "canceled": lambda client, emu: _held(client, emu, "cancel"),
}


def test_every_status_is_reachable(client: PingramSync, pingram_emulator: Emulator) -> None:
    assert sorted(REACH) == sorted(STATUSES)
    for status, reach in REACH.items():
        assert status_of(client, reach(client, pingram_emulator)) == status


def _act(client: PingramSync, action: str, broadcast_id: str) -> Any:
    broadcasts = client.broadcasts
    if action == "update":
        return broadcasts.broadcasts_update(broadcast_id, {"name": "Renamed"})
    if action == "schedule":
        return broadcasts.broadcasts_schedule(broadcast_id, {"sendAt": in_an_hour()})
    return getattr(broadcasts, f"broadcasts_{action}")(broadcast_id)


#: action -> {status it is allowed from: status afterwards}; ``None``: the broadcast is gone.
#: Broadcasts are held, so a send or resume stays ``sending``.
ALLOWED: Dict[str, Dict[str, Optional[str]]] = {
    "update": {"draft": "draft"},
    "schedule": {"draft": "scheduled"},
    "send": {"draft": "sending", "scheduled": "sending"},
    "pause": {"sending": "paused"},
    "resume": {"paused": "sending"},
    "cancel": {"scheduled": "draft", "sending": "canceled", "paused": "canceled"},
    "archive": {s: s for s in ("draft", "paused", "sent", "canceled")},
    "delete": dict.fromkeys(("draft", "scheduled", "paused", "sent", "canceled")),
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_transition(
    client: PingramSync, pingram_emulator: Emulator, action: str, status: str
) -> None:
    broadcast_id = REACH[status](client, pingram_emulator)
    pingram_emulator.hold_broadcasts = True
    allowed = ALLOWED[action]
    if status not in allowed:
        with pytest.raises(ConflictError) as caught:
            _act(client, action, broadcast_id)
        assert repr(status) in caught.value.message
        assert status_of(client, broadcast_id) == status
        return
    answer = _act(client, action, broadcast_id)
    after = allowed[status]
    if after is None:
        assert answer.message
        with pytest.raises(NotFoundError):
            client.broadcasts.broadcasts_get(broadcast_id)
        return
    assert answer.status == after
    got = client.broadcasts.broadcasts_get(broadcast_id)
    assert got.status == after
    assert (got.paused_reason == "PAUSED_BY_USER") == (after == "paused")
    assert (got.schedule_at is not None) == (after == "scheduled")
    assert (got.archived_at is not None) == (action == "archive")


def test_unarchive_restores_and_only_applies_to_archived(
    client: PingramSync, pingram_emulator: Emulator
) -> None:
    broadcast_id = _sent(client, pingram_emulator)
    with pytest.raises(ConflictError, match="not archived"):
        client.broadcasts.broadcasts_unarchive(broadcast_id)
    client.broadcasts.broadcasts_archive(broadcast_id)
    assert client.broadcasts.broadcasts_list().broadcasts == []
    restored = client.broadcasts.broadcasts_unarchive(broadcast_id)
    assert (restored.status, restored.archived_at) == ("sent", None)
    assert [b.broadcast_id for b in client.broadcasts.broadcasts_list().broadcasts] == [
        broadcast_id
    ]


def test_unknown_broadcast_is_404(client: PingramSync) -> None:
    for call in (
        client.broadcasts.broadcasts_get,
        client.broadcasts.broadcasts_get_metrics,
        client.broadcasts.broadcasts_list_recipients,
        client.broadcasts.broadcasts_send,
        client.broadcasts.broadcasts_delete,
    ):
        with pytest.raises(NotFoundError):
            call("0190a1b2-0000-7000-8000-000000000000")


# -- create and update ---------------------------------------------------------------------


def test_create_is_a_draft_and_creates_its_notification_type(client: PingramSync) -> None:
    created = client.broadcasts.broadcasts_create(body(type="spring_sale"))
    assert (created.status, created.channel, created.html) == ("draft", "email", "<p>Hello</p>")
    assert created.broadcast_id[14] == "7"  # a UUIDv7
    (kind,) = client.types.types_get_notification_type("spring_sale")
    assert kind.channels == ["EMAIL"]
    assert client.broadcasts.broadcasts_get(created.broadcast_id) == created


@pytest.mark.parametrize(
    "audience",
    [
        {},
        {"filter": {"plan": "pro"}, "emails": ["a@example.com"]},
        {"filter": {"plan": {"$near": 1}}},
        {"emails": ["not-an-address"]},
        {"emails": [f"u{n}@example.com" for n in range(10_001)]},
    ],
)
def test_create_rejects_a_bad_audience(client: PingramSync, audience: Dict[str, Any]) -> None:
    with pytest.raises(BadRequestError, match="audience"):
        client.broadcasts.broadcasts_create(body(audience=audience))


def test_broadcasts_are_email_only(client: PingramSync) -> None:
    with pytest.raises(BadRequestError, match=r"\$\.channel"):
        client.broadcasts.broadcasts_create(body(channel="sms"))
    broadcast_id = create(client, channel="email")
    with pytest.raises(BadRequestError, match=r"\$\.channel"):
        client.broadcasts.broadcasts_update(broadcast_id, {"channel": "sms"})


def test_update_changes_a_draft(client: PingramSync) -> None:
    broadcast_id = create(client, replyToAddress="reply@acme.com")
    updated = client.broadcasts.broadcasts_update(
        broadcast_id,
        {"subject": "30% off", "audience": {"emails": ["x@example.com"]}, "replyToAddress": ""},
    )
    assert (updated.subject, updated.audience.emails, updated.reply_to_address) == (
        "30% off",
        ["x@example.com"],
        None,
    )
    assert updated.name == "Spring sale"


def test_internal_template_rules(client: PingramSync) -> None:
    html_only = create(client)
    with pytest.raises(BadRequestError, match="cannot be added"):
        client.broadcasts.broadcasts_update(html_only, {"html": "<p/>", "internalTemplate": "{}"})
    visual = create(client, internalTemplate='{"v": 1}')
    with pytest.raises(BadRequestError, match="together with html"):
        client.broadcasts.broadcasts_update(visual, {"internalTemplate": '{"v": 2}'})
    with pytest.raises(BadRequestError, match="cannot be removed"):
        client.broadcasts.broadcasts_update(visual, {"html": "<p/>", "internalTemplate": ""})
    updated = client.broadcasts.broadcasts_update(
        visual, {"html": "<p>2</p>", "internalTemplate": '{"v": 2}'}
    )
    assert (updated.html, updated.internal_template) == ("<p>2</p>", '{"v": 2}')


# -- send and schedule preconditions -------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"type": None}, "notification `type`"),
        ({"subject": "  "}, "non-empty subject"),
        ({"fromAddress": "news@unknown.com"}, "not on a verified sender domain"),
    ],
)
@pytest.mark.parametrize("action", ["send", "schedule"])
def test_send_and_schedule_need_a_complete_broadcast(
    client: PingramSync, action: str, changes: Dict[str, Any], problem: str
) -> None:
    broadcast_id = create(client, **changes)
    with pytest.raises(BadRequestError, match=problem):
        _act(client, action, broadcast_id)
    assert status_of(client, broadcast_id) == "draft"


def test_a_pending_domain_is_not_a_verified_sender(client: PingramSync) -> None:
    client.domains.domains_add_domain({"sender": "fresh.io"})
    broadcast_id = create(client, fromAddress="hi@fresh.io")
    with pytest.raises(BadRequestError, match="verified"):
        client.broadcasts.broadcasts_send(broadcast_id)
    client.domains.domains_start_domain_verification("fresh.io")
    assert client.broadcasts.broadcasts_send(broadcast_id).status == "sending"


def test_the_platform_sender_takes_at_most_ten_recipients(client: PingramSync) -> None:
    many = [f"p{n}@example.com" for n in range(11)]
    broadcast_id = create(client, fromAddress="me@mail.pingram.io", audience={"emails": many})
    with pytest.raises(BadRequestError, match="at most 10"):
        client.broadcasts.broadcasts_send(broadcast_id)
    client.broadcasts.broadcasts_update(broadcast_id, {"audience": {"emails": many[:10]}})
    client.broadcasts.broadcasts_send(broadcast_id)
    assert client.broadcasts.broadcasts_get_metrics(broadcast_id).delivered == 10


def test_schedule_needs_a_future_time(client: PingramSync) -> None:
    broadcast_id = create(client)
    past = (datetime.now(timezone.utc) - timedelta(minutes=1)).isoformat()
    with pytest.raises(BadRequestError, match="future"):
        client.broadcasts.broadcasts_schedule(broadcast_id, {"sendAt": past})
    with pytest.raises(BadRequestError, match="ISO 8601"):
        client.broadcasts.broadcasts_schedule(broadcast_id, {"sendAt": "next tuesday"})


# -- delivery ------------------------------------------------------------------------------


def test_send_delivers_to_the_users_the_filter_selects(
    client: PingramSync,
    pingram_emulator: Emulator,
    pingram_webhook_receiver: WebhookReceiver,
) -> None:
    client.user.user_identify("other", {"email": "other@elsewhere.org"})
    client.user.user_identify("no-email", {"number": "+15005550006"})
    broadcast_id = create(client)
    answer = client.broadcasts.broadcasts_send(broadcast_id)
    assert answer.status == "sending"
    assert status_of(client, broadcast_id) == "sent"

    recipients = client.broadcasts.broadcasts_list_recipients(broadcast_id).recipients
    assert [(r.user_id, r.email) for r in recipients] == [
        (f"u{n}", f"u{n}@example.com") for n in range(3)
    ]
    assert all(r.sent_at and r.delivered_at and r.tracking_id for r in recipients)
    metrics = client.broadcasts.broadcasts_get_metrics(broadcast_id)
    assert (metrics.status, metrics.total, metrics.sent, metrics.delivered) == ("sent", 3, 3, 3)

    pingram_emulator.wait_for_webhooks(3)
    events = pingram_webhook_receiver.events
    assert sorted(e.tracking_id for e in events) == sorted(r.tracking_id for r in recipients)
    assert {(e.event_type, e.notification_id) for e in events} == {("EMAIL_DELIVERED", "promo")}


def test_an_email_audience_is_deduplicated_and_skips_suppressed_users(
    client: PingramSync, pingram_emulator: Emulator
) -> None:
    pingram_emulator.suppress_email("u1", "Bounce")
    emails = ["u1@example.com", "new@example.com", "NEW@example.com"]
    broadcast_id = create(client, audience={"emails": emails})
    filtered = create(client)
    client.broadcasts.broadcasts_send(broadcast_id)
    client.broadcasts.broadcasts_send(filtered)

    listed = client.broadcasts.broadcasts_list_recipients(broadcast_id).recipients
    assert [(r.user_id, r.email, r.delivered_at is not None) for r in listed] == [
        ("u1@example.com", "u1@example.com", True),
        ("new@example.com", "new@example.com", True),
    ]
    (skipped,) = client.broadcasts.broadcasts_list_recipients(filtered, status="skipped").recipients
    assert (skipped.user_id, skipped.skip_reason, skipped.sent_at) == ("u1", "suppressed", None)
    metrics = client.broadcasts.broadcasts_get_metrics(filtered)
    assert (metrics.total, metrics.delivered, metrics.skipped) == (3, 2, 1)


def test_pause_and_resume_while_held_then_release(
    client: PingramSync, pingram_emulator: Emulator
) -> None:
    broadcast_id = _held(client, pingram_emulator)
    metrics = client.broadcasts.broadcasts_get_metrics(broadcast_id)
    assert (metrics.status, metrics.total, metrics.sent) == ("sending", 3, 0)
    pending = client.broadcasts.broadcasts_list_recipients(broadcast_id, status="pending")
    assert len(pending.recipients) == 3

    client.broadcasts.broadcasts_pause(broadcast_id)
    metrics = client.broadcasts.broadcasts_get_metrics(broadcast_id)
    assert (metrics.status, metrics.paused_reason) == ("paused", "PAUSED_BY_USER")
    assert client.broadcasts.broadcasts_resume(broadcast_id).paused_reason is None

    pingram_emulator.hold_broadcasts = False
    metrics = client.broadcasts.broadcasts_get_metrics(broadcast_id)
    assert (metrics.status, metrics.sent, metrics.delivered) == ("sent", 3, 3)


def test_resume_without_hold_finishes_sending(
    client: PingramSync, pingram_emulator: Emulator
) -> None:
    broadcast_id = _held(client, pingram_emulator, "pause")
    pingram_emulator.hold_broadcasts = False
    assert status_of(client, broadcast_id) == "paused"  # releasing does not resume
    assert client.broadcasts.broadcasts_resume(broadcast_id).status == "sending"
    assert client.broadcasts.broadcasts_get_metrics(broadcast_id).delivered == 3
    assert status_of(client, broadcast_id) == "sent"


def test_cancel_while_sending_skips_the_pending_recipients(
    client: PingramSync, pingram_emulator: Emulator
) -> None:
    broadcast_id = _held(client, pingram_emulator, "cancel")
    pingram_emulator.hold_broadcasts = False
    metrics = client.broadcasts.broadcasts_get_metrics(broadcast_id)
    assert (metrics.status, metrics.total, metrics.sent, metrics.skipped) == (
        "canceled",
        3,
        0,
        3,
    )
    skipped = client.broadcasts.broadcasts_list_recipients(broadcast_id, status="skipped")
    assert {r.skip_reason for r in skipped.recipients} == {"canceled"}


def test_a_scheduled_broadcast_goes_out_when_due(
    client: PingramSync, pingram_emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    broadcast_id = _scheduled(client, pingram_emulator)
    metrics = client.broadcasts.broadcasts_get_metrics(broadcast_id)
    assert (metrics.status, metrics.total) == ("scheduled", 0)
    assert metrics.schedule_at is not None

    monkeypatch.setattr(emulator_clock, "CLOCK_OFFSET", timedelta(hours=2))
    got = client.broadcasts.broadcasts_get(broadcast_id)
    assert (got.status, got.schedule_at) == ("sent", None)
    assert client.broadcasts.broadcasts_get_metrics(broadcast_id).delivered == 3


def test_a_due_broadcast_whose_domain_went_away_is_paused(
    client: PingramSync, pingram_emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    broadcast_id = _scheduled(client, pingram_emulator)
    client.domains.domains_delete_domain("acme.com")
    monkeypatch.setattr(emulator_clock, "CLOCK_OFFSET", timedelta(hours=2))
    got = client.broadcasts.broadcasts_get(broadcast_id)
    assert (got.status, got.paused_reason) == ("paused", "UNVERIFIED_DOMAIN")
    with pytest.raises(BadRequestError, match="verified"):
        client.broadcasts.broadcasts_resume(broadcast_id)

    client.domains.domains_add_domain({"sender": "acme.com"})
    client.domains.domains_start_domain_verification("acme.com")
    client.broadcasts.broadcasts_resume(broadcast_id)
    assert client.broadcasts.broadcasts_get_metrics(broadcast_id).delivered == 3


# -- events, recipients and paging ---------------------------------------------------------


def test_simulated_events_update_recipients_and_metrics(
    client: PingramSync, pingram_emulator: Emulator
) -> None:
    broadcast_id = _sent(client, pingram_emulator)
    first, second, third = client.broadcasts.broadcasts_list_recipients(broadcast_id).recipients
    pingram_emulator.simulate(first.tracking_id, "EMAIL_OPEN")
    pingram_emulator.simulate(first.tracking_id, "EMAIL_CLICK", clicked_link="https://acme.com")
    pingram_emulator.simulate(second.tracking_id, "EMAIL_FAILED", failure_code="hard_bounce")
    pingram_emulator.simulate(third.tracking_id, "EMAIL_FAILED", failure_code="complaint")
    pingram_emulator.simulate(third.tracking_id, "EMAIL_UNSUBSCRIBE")

    metrics = client.broadcasts.broadcasts_get_metrics(broadcast_id)
    counts = (metrics.opened, metrics.clicked, metrics.bounced, metrics.complained)
    assert (*counts, metrics.unsubscribed, metrics.failed) == (1, 1, 1, 1, 1, 0)
    (bounced,) = client.broadcasts.broadcasts_list_recipients(
        broadcast_id, status="bounced"
    ).recipients
    assert (bounced.user_id, bounced.bounce_type) == ("u1", "hard_bounce")
    problems = client.broadcasts.broadcasts_list_recipients(broadcast_id, status="problems")
    assert [r.user_id for r in problems.recipients] == ["u1", "u2"]
    opened = client.broadcasts.broadcasts_list_recipients(broadcast_id, status="opened")
    assert [r.user_id for r in opened.recipients] == ["u0"]


def test_recipients_page_with_a_status_filter(
    client: PingramSync, pingram_emulator: Emulator
) -> None:
    for n in range(3, 7):
        client.user.user_identify(f"u{n}", {"email": f"u{n}@example.com"})
    pingram_emulator.suppress_email("u4")
    broadcast_id = _sent(client, pingram_emulator)

    def collect(status: Optional[str]) -> List[List[str]]:
        pages, token = [], None
        while True:
            page = client.broadcasts.broadcasts_list_recipients(
                broadcast_id, status=status, limit=2, next_token=token
            )
            pages.append([r.user_id for r in page.recipients])
            token = page.next_token
            if token is None:
                return pages

    assert collect(None) == [["u0", "u1"], ["u2", "u3"], ["u4", "u5"], ["u6"]]
    assert collect("delivered") == [["u0", "u1"], ["u2", "u3"], ["u5", "u6"]]
    assert collect("skipped") == [["u4"]]
    with pytest.raises(BadRequestError, match="Unknown recipient status"):
        client.broadcasts.broadcasts_list_recipients(broadcast_id, status="read")


def test_list_is_newest_first_paged_without_bodies_and_hides_archived(
    client: PingramSync,
) -> None:
    ids = [create(client, name=f"b{n}") for n in range(5)]
    client.broadcasts.broadcasts_archive(ids[2])

    pages, token = [], None
    while True:
        page = client.broadcasts.broadcasts_list(limit=2, next_token=token)
        pages.append([b.name for b in page.broadcasts])
        assert all(b.html is None and b.internal_template is None for b in page.broadcasts)
        token = page.next_token
        if token is None:
            break
    assert pages == [["b4", "b3"], ["b1", "b0"]]
    with pytest.raises(BadRequestError):
        client.broadcasts.broadcasts_list(next_token="garbage")


def test_delete_forgets_the_broadcast_and_its_recipients(
    client: PingramSync, pingram_emulator: Emulator
) -> None:
    broadcast_id = _sent(client, pingram_emulator)
    (recipient, *_) = client.broadcasts.broadcasts_list_recipients(broadcast_id).recipients
    assert "deleted" in client.broadcasts.broadcasts_delete(broadcast_id).message
    with pytest.raises(NotFoundError):
        client.broadcasts.broadcasts_list_recipients(broadcast_id)
    assert client.broadcasts.broadcasts_list().broadcasts == []
    # The message itself was sent: events about it can still be simulated.
    assert pingram_emulator.simulate(recipient.tracking_id, "EMAIL_OPEN")["trackingId"]


def test_reset_forgets_broadcasts_and_stops_holding(
    client: PingramSync, pingram_emulator: Emulator
) -> None:
    _held(client, pingram_emulator)
    pingram_emulator.reset()
    assert pingram_emulator.hold_broadcasts is False
    assert client.broadcasts.broadcasts_list().broadcasts == []
