"""The emulator's direct sends, delivery status, inbound retries and insights.

``email_send`` and ``sms_send`` are tracked like ``send``: they show up in the
logs and in ``logs_get_delivery_status``, and their delivery fires webhooks.
"""

from __future__ import annotations

from typing import Any, Dict, Iterator

import pytest

from pingram import BadRequestError, PingramSync
from pingram.emulator import Emulator, WebhookReceiver

KEY = "pingram_sk_test"
EMAIL = {"type": "welcome", "to": "ada@example.com", "subject": "Hi {{x}}", "html": "<p>Hi</p>"}
SMS = {"type": "otp", "to": "+1 (415) 555-0123", "message": "Your code is 123456"}
INSIGHTS: Dict[str, Any] = {
    "StartTime": "2026-01-01T00:00:00Z",
    "EndTime": "2026-01-01T01:00:00Z",
    "MetricDataQueries": [
        {
            "Id": "sent",
            "MetricStat": {
                "Metric": {"Namespace": "Pingram", "MetricName": "EmailSent"},
                "Period": 900,
                "Stat": "Sum",
            },
        }
    ],
}


@pytest.fixture
def client(pingram_emulator: Emulator) -> Iterator[PingramSync]:
    with PingramSync(api_key=KEY, base_url=pingram_emulator.url) as pingram:
        yield pingram


def test_email_send_is_logged_and_delivered(client: PingramSync) -> None:
    sent = client.email.email_send({**EMAIL, "fromName": "Acme", "ccAddresses": ["b@example.com"]})

    (entry,) = client.logs.logs_get_logs_by_tracking_ids(sent.tracking_id).logs
    assert entry.type == "welcome"
    assert entry.user_email == "ada@example.com"
    assert entry.email_sent_at is not None
    assert '"ada@example.com"' in (entry.request or "")  # the request as posted to /email
    (message,) = client.logs.logs_get_logs().messages
    assert message.tracking_id == sent.tracking_id
    assert message.subject == "Hi {{x}}"
    assert message.to == ["ada@example.com"]
    assert [log.tracking_id for log in client.logs.logs_tail_logs().logs] == [sent.tracking_id]
    (status,) = client.logs.logs_get_delivery_status(sent.tracking_id).statuses
    assert (status.channel, status.status) == ("EMAIL", "DELIVERED")


def test_email_from_an_unverified_domain_uses_the_built_in_sender(client: PingramSync) -> None:
    sent = client.email.email_send({**EMAIL, "fromAddress": "me@unverified.example"})

    assert "not on a verified domain" in (sent.messages or [""])[0]
    (message,) = client.logs.logs_get_logs().messages
    assert message.from_ == "notifications@pingram.io"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"to": "not-an-address"}, "to"),
        ({"subject": ""}, "subject"),
        ({"type": " "}, "type"),
        ({"attachments": [{"filename": "a.pdf"}]}, "url"),
        ({"schedule": "next tuesday"}, "schedule"),
    ],
)
def test_email_send_rejects_invalid_input(
    client: PingramSync, change: Dict[str, Any], field: str
) -> None:
    with pytest.raises(BadRequestError, match=field):
        client.email.email_send({**EMAIL, **change})
    assert client.logs.logs_tail_logs().logs == []


def test_sms_send_is_logged_with_the_e164_number(client: PingramSync) -> None:
    sent = client.sms.sms_send(SMS)

    (entry,) = client.logs.logs_get_logs_by_tracking_ids(sent.tracking_id).logs
    assert (entry.type, entry.user_id, entry.user_number) == ("otp", "+14155550123", "+14155550123")
    assert entry.sms_sent_at is not None
    (status,) = client.logs.logs_get_delivery_status(sent.tracking_id).statuses
    assert (status.channel, status.status) == ("SMS", "DELIVERED")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"message": None}, "mediaUrls"),
        ({"mediaUrls": ["http://example.com/a.png"]}, "HTTPS"),
        ({"to": "12"}, "E.164"),
        ({"from": "+14155550199"}, "phone number of this account"),
    ],
)
def test_sms_send_rejects_invalid_input(
    client: PingramSync, change: Dict[str, Any], message: str
) -> None:
    body = {key: value for key, value in {**SMS, **change}.items() if value is not None}
    with pytest.raises(BadRequestError, match=message):
        client.sms.sms_send(body)


def test_sms_may_be_sent_from_a_number_of_the_account(client: PingramSync) -> None:
    client.numbers.numbers_order_number({"phoneNumber": "+14155550142"})

    sent = client.sms.sms_send({**SMS, "from": "+14155550142"})

    assert sent.tracking_id
    client.numbers.numbers_release_number("+14155550142")
    with pytest.raises(BadRequestError, match="phone number of this account"):
        client.sms.sms_send({**SMS, "from": "+14155550142"})


def test_direct_sends_fire_delivery_webhooks(
    client: PingramSync,
    pingram_emulator: Emulator,
    pingram_webhook_receiver: WebhookReceiver,
) -> None:
    email = client.email.email_send(EMAIL)
    sms = client.sms.sms_send(SMS)

    first, second = pingram_webhook_receiver.wait(2)
    assert (first.event_type, first.channel, first.tracking_id) == (
        "EMAIL_DELIVERED",
        "EMAIL",
        email.tracking_id,
    )
    assert (first.user_id, first.notification_id) == ("ada@example.com", "welcome")
    assert (second.event_type, second.tracking_id, second.user_id) == (
        "SMS_DELIVERED",
        sms.tracking_id,
        "+14155550123",
    )
    pingram_emulator.simulate(email.tracking_id, "EMAIL_OPEN")
    (opened,) = pingram_webhook_receiver.wait(3)[2:]
    assert (opened.event_type, opened.tracking_id) == ("EMAIL_OPEN", email.tracking_id)


def test_scheduled_email_reports_scheduled_then_unscheduled(client: PingramSync) -> None:
    sent = client.email.email_send({**EMAIL, "schedule": "2099-01-01T00:00:00Z"})

    (status,) = client.logs.logs_get_delivery_status(sent.tracking_id).statuses
    assert (status.channel, status.status) == (None, "SCHEDULED")
    client.sender.sender_delete_schedule(sent.tracking_id)
    (status,) = client.logs.logs_get_delivery_status(sent.tracking_id).statuses
    assert status.status == "UNSCHEDULED"


def test_delivery_status_covers_email_and_sms_only_and_omits_unknown_ids(
    client: PingramSync,
) -> None:
    email = client.email.email_send(EMAIL)
    sms = client.sms.sms_send(SMS)
    both = client.send(
        {
            "type": "alert",
            "to": {"id": "u1", "email": "u1@example.com", "number": "+14155550150"},
            "forceChannels": ["EMAIL", "SMS", "INAPP_WEB"],
        }
    )
    inapp_only = client.send({"type": "alert", "to": {"id": "u1"}, "inapp": {"title": "Hey"}})

    ids = [email.tracking_id, "unknown", sms.tracking_id, both.tracking_id, inapp_only.tracking_id]
    statuses = client.logs.logs_get_delivery_status(",".join(ids)).statuses

    assert [(s.tracking_id, s.channel) for s in statuses] == [
        (email.tracking_id, "EMAIL"),
        (sms.tracking_id, "SMS"),
        (both.tracking_id, "EMAIL"),
        (both.tracking_id, "SMS"),
    ]
    with pytest.raises(BadRequestError, match="25"):
        client.logs.logs_get_delivery_status(",".join(f"id{n}" for n in range(26)))


@pytest.mark.parametrize(
    ("event", "fields", "status"),
    [
        ("EMAIL_OPEN", {}, "OPENED"),
        ("EMAIL_CLICK", {"clicked_link": "https://example.com"}, "CLICKED"),
        ("EMAIL_FAILED", {"failure_code": "PERMANENT_GENERAL_BOUNCE"}, "BOUNCED"),
        ("EMAIL_FAILED", {"failure_code": "COMPLAINT_ABUSE"}, "COMPLAINT"),
        ("EMAIL_FAILED", {"failure_code": "bounce"}, "BOUNCED"),  # as the docs write it
        ("EMAIL_FAILED", {"failure_code": "USAGE_LIMIT"}, "FAILED"),
        ("EMAIL_UNSUBSCRIBE", {}, "DELIVERED"),
    ],
)
def test_simulated_events_change_the_delivery_status(
    client: PingramSync,
    pingram_emulator: Emulator,
    event: str,
    fields: Dict[str, Any],
    status: str,
) -> None:
    sent = client.email.email_send(EMAIL)

    pingram_emulator.simulate(sent.tracking_id, event, **fields)

    (row,) = client.logs.logs_get_delivery_status(sent.tracking_id).statuses
    assert (row.channel, row.status) == ("EMAIL", status)


def test_a_failed_sms_is_reported_failed(client: PingramSync, pingram_emulator: Emulator) -> None:
    sent = client.sms.sms_send(SMS)

    pingram_emulator.simulate(sent.tracking_id, "SMS_FAILED", failure_code="30007")

    (row,) = client.logs.logs_get_delivery_status(sent.tracking_id).statuses
    assert (row.channel, row.status) == ("SMS", "FAILED")
    pingram_emulator.reset()
    assert client.logs.logs_get_delivery_status(sent.tracking_id).statuses == []


def test_retry_inbound_resends_email_inbound_for_that_tracking_id(
    client: PingramSync, pingram_webhook_receiver: WebhookReceiver
) -> None:
    client.logs.logs_retry_inbound("inbound-1")

    (event,) = pingram_webhook_receiver.wait(1)
    assert (event.event_type, event.channel, event.tracking_id) == (
        "EMAIL_INBOUND",
        "EMAIL",
        "inbound-1",
    )
    sent = client.email.email_send(EMAIL)
    with pytest.raises(BadRequestError, match="not an inbound email"):
        client.logs.logs_retry_inbound(sent.tracking_id)


def test_insights_are_shaped_by_the_query_and_deterministic(client: PingramSync) -> None:
    query = {
        **INSIGHTS,
        "ScanBy": "TimestampAscending",
        "MetricDataQueries": [
            *INSIGHTS["MetricDataQueries"],
            {"Id": "hidden", "Expression": "sent * 2", "ReturnData": False},
            {"Id": "rate", "Expression": "sent / 4", "Label": "Rate", "Period": 1200},
        ],
    }

    first = client.insights.insights_query_insights(query)
    second = client.insights.insights_query_insights(query)

    assert [(r.id, r.label, r.status_code) for r in first] == [
        ("sent", "EmailSent", "Complete"),
        ("rate", "Rate", "Complete"),
    ]
    assert first[0].timestamps == [
        "2026-01-01T00:00:00.000Z",
        "2026-01-01T00:15:00.000Z",
        "2026-01-01T00:30:00.000Z",
        "2026-01-01T00:45:00.000Z",
    ]
    assert len(first[0].values or []) == 4
    assert len(first[1].values or []) == 3
    assert all(value >= 0 for value in first[0].values or [])
    assert [r.values for r in first] == [r.values for r in second]
    newest_first = client.insights.insights_query_insights(INSIGHTS)[0]
    assert newest_first.timestamps == list(reversed(first[0].timestamps or []))


def test_insights_cut_at_max_datapoints(client: PingramSync) -> None:
    (result,) = client.insights.insights_query_insights({**INSIGHTS, "MaxDatapoints": 2})

    assert result.status_code == "PartialData"
    assert len(result.values or []) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"EndTime": "2025-12-31T00:00:00Z"}, "EndTime"),
        ({"MetricDataQueries": []}, "at least one"),
        ({"MetricDataQueries": [{"Id": "Upper", "Expression": "1"}]}, "lowercase"),
        ({"MetricDataQueries": [{"Id": "a"}]}, "exactly one"),
        ({"MetricDataQueries": [{"Id": "a", "Expression": "1"}] * 2}, "twice"),
    ],
)
def test_insights_reject_invalid_queries(
    client: PingramSync, change: Dict[str, Any], message: str
) -> None:
    with pytest.raises(BadRequestError, match=message):
        client.insights.insights_query_insights({**INSIGHTS, **change})


def test_delete_suppressions_lifts_bounces_by_reason(
    client: PingramSync, pingram_emulator: Emulator
) -> None:
    pingram_emulator.suppress_email("soft", "Bounce", {"bounceType": "Transient"})
    pingram_emulator.suppress_email("hard", "Bounce", {"bounceType": "Permanent"})
    pingram_emulator.suppress_email("angry", "Complaint")

    client.email.email_delete_suppressions("retryable")
    suppressed = {
        u: client.user.user_get_user(u).email_suppression_status for u in ("soft", "hard", "angry")
    }
    assert suppressed["soft"] is None
    assert suppressed["hard"] is not None
    assert suppressed["angry"] is not None

    client.email.email_delete_suppressions("bounces")
    assert client.user.user_get_user("hard").email_suppression_status is None
    assert client.user.user_get_user("angry").email_suppression_status is not None
    with pytest.raises(BadRequestError, match="bounces"):
        client.email.email_delete_suppressions("everything")


def test_a_send_in_legacy_field_names_is_read_under_the_current_ones(
    client: PingramSync,
) -> None:
    """``notificationId``, ``user`` and ``mergeTags``: how 1.x's quick start writes a send."""
    client.user.user_identify("u1", {"email": "ada@example.com"})
    sent = client.send(
        {
            "notificationId": "welcome",
            "user": {"id": "u1"},
            "mergeTags": {"name": "Ada"},
            "email": {"subject": "Hi {{name}}", "html": "<p>Hi {{name}}</p>"},
        }
    )

    (entry,) = client.logs.logs_get_logs_by_tracking_ids(sent.tracking_id).logs
    assert (entry.type, entry.user_id, entry.user_email) == ("welcome", "u1", "ada@example.com")
    (message,) = client.logs.logs_get_logs().messages
    assert message.subject == "Hi Ada"


def test_a_current_field_wins_over_its_legacy_name(client: PingramSync) -> None:
    sent = client.send({"type": "welcome", "notificationId": "old", "to": {"id": "u2"}})

    (entry,) = client.logs.logs_get_logs_by_tracking_ids(sent.tracking_id).logs
    assert (entry.type, entry.user_id) == ("welcome", "u2")
