"""The emulator's webhooks: endpoint rules, signed background delivery, retries, simulate.

Deliveries go to real loopback receivers (``WebhookReceiver``), which verify every
request with ``pingram.webhooks.verify``. The session emulator retries after 0.05,
0.1 and 0.2 s, so every test is bounded to well under a few seconds.

To show that something was *not* delivered, a test emits a later marker event to the
same endpoint and waits for it: deliveries to one endpoint are strictly in order.
"""

from __future__ import annotations

import json
import logging
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any, Callable, Iterator

import httpx
import pytest

from pingram import PingramSync
from pingram.emulator import Emulator, WebhookReceiver
from pingram.emulator._events import EVENT_TYPES
from pingram.webhooks import verify

from .servers import raw_server, trickle_headers

KEY = "pingram_sk_test"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture
def raw(pingram_emulator: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=pingram_emulator.url, headers=AUTH) as client:
        yield client


@pytest.fixture
def client(pingram_emulator: Emulator) -> Iterator[PingramSync]:
    with PingramSync(api_key=KEY, base_url=pingram_emulator.url) as pingram:
        yield pingram


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    """A receiver not yet registered anywhere."""
    with WebhookReceiver() as found:
        yield found


@pytest.fixture
def other_receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as found:
        yield found


def register(emulator: Emulator, receiver: WebhookReceiver, *events: str) -> str:
    """Register ``receiver`` for ``events`` (all when none); returns the endpoint id."""
    endpoint = emulator.register_webhook(receiver.url, events or None)
    receiver.secret = endpoint["secret"]
    return str(endpoint["id"])


def send(client: PingramSync, user_id: str = "u1", **content: Any) -> str:
    """Send the ``welcome`` type with inline content (``email=...``, ``sms=...``)."""
    body = {"type": "welcome", "to": {"id": user_id, "email": f"{user_id}@example.com"}}
    return client.send({**body, **content}).tracking_id


EMAIL = {"subject": "Hi", "html": "<p>Hi</p>"}
SMS = {"message": "Hi"}


def eventually(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll ``predicate`` until true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.01)


def webhook_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("pingram-webhooks:")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# -- endpoints ---------------------------------------------------------------------------------


def test_create_list_update_delete_keep_the_secret(client: PingramSync) -> None:
    created = client.webhooks.webhooks_create_webhook(
        {"webhook": "https://example.com/hooks", "events": ["EMAIL_DELIVERED"]}
    )
    assert created.id
    assert created.events == ["EMAIL_DELIVERED"]
    assert re.fullmatch(r"pingram_whsecret_[0-9a-f]{48}", created.secret)
    assert "secret='***'" in repr(created)
    assert created.secret not in repr(created)

    listed = client.webhooks.webhooks_list_webhooks().endpoints
    assert [(e.id, e.webhook, e.secret) for e in listed] == [
        (created.id, "https://example.com/hooks", created.secret)
    ]

    updated = client.webhooks.webhooks_update_webhook(
        created.id, {"webhook": "https://example.com/v2", "events": ["SMS_FAILED", "EMAIL_OPEN"]}
    )
    assert (updated.id, updated.secret) == (created.id, created.secret)
    assert (updated.webhook, updated.events) == (
        "https://example.com/v2",
        ["SMS_FAILED", "EMAIL_OPEN"],
    )
    assert client.webhooks.webhooks_list_webhooks().endpoints[0].events == [
        "SMS_FAILED",
        "EMAIL_OPEN",
    ]

    assert client.webhooks.webhooks_delete_webhook(created.id) is None
    assert client.webhooks.webhooks_list_webhooks().endpoints == []


def test_each_endpoint_has_its_own_id_and_secret(raw: httpx.Client) -> None:
    first = raw.post("/webhooks", json={"webhook": "https://a.example", "events": ["SMS_FAILED"]})
    second = raw.post("/webhooks", json={"webhook": "https://b.example", "events": ["SMS_FAILED"]})
    assert first.json()["id"] != second.json()["id"]
    assert first.json()["secret"] != second.json()["secret"]


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.com/pingram?x=1",
        "https://localhost:8443/hooks",
        "http://127.0.0.1:3000/hooks",
        "http://localhost:3000/hooks",
        "http://[::1]:3000/hooks",
        "http://127.0.0.2/hooks",
    ],
)
def test_https_anywhere_and_http_on_loopback_are_accepted(raw: httpx.Client, url: str) -> None:
    response = raw.post("/webhooks", json={"webhook": url, "events": ["EMAIL_OPEN"]})
    assert response.status_code == 200, response.text
    assert response.json()["webhook"] == url


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"webhook": "http://example.com/hooks", "events": ["EMAIL_OPEN"]}, "must be an https://"),
        ({"webhook": "http://10.0.0.1/hooks", "events": ["EMAIL_OPEN"]}, "must be an https://"),
        ({"webhook": "ftp://example.com/", "events": ["EMAIL_OPEN"]}, "must be an https://"),
        ({"webhook": "hooks.example.com", "events": ["EMAIL_OPEN"]}, "must be an https://"),
        ({"webhook": "https://x:99999/", "events": ["EMAIL_OPEN"]}, "not a valid URL"),
        ({"webhook": "", "events": ["EMAIL_OPEN"]}, "`webhook` must be the URL"),
        ({"webhook": "https://example.com", "events": []}, "at least one event type"),
        ({"webhook": "https://example.com", "events": ["EMAIL_OPENED"]}, "'EMAIL_OPENED'"),
        ({"webhook": "https://example.com"}, "Invalid WebhookEndpointUpsertRequest"),
    ],
)
def test_invalid_endpoints_are_400_with_a_message(
    raw: httpx.Client, body: dict[str, Any], message: str
) -> None:
    for response in (
        raw.post("/webhooks", json=body),
        raw.put(f"/webhooks/{_an_endpoint(raw)}", json=body),
    ):
        assert response.status_code == 400
        assert message in response.json()["message"]


def _an_endpoint(raw: httpx.Client) -> str:
    body = {"webhook": "https://existing.example", "events": ["EMAIL_OPEN"]}
    listed = raw.get("/webhooks").json()["endpoints"]
    return str(listed[0]["id"] if listed else raw.post("/webhooks", json=body).json()["id"])


def test_at_most_ten_endpoints(raw: httpx.Client) -> None:
    for n in range(10):
        body = {"webhook": f"https://example.com/{n}", "events": ["EMAIL_OPEN"]}
        assert raw.post("/webhooks", json=body).status_code == 200
    eleventh = raw.post(
        "/webhooks", json={"webhook": "https://x.example", "events": ["SMS_FAILED"]}
    )
    assert eleventh.status_code == 400
    assert "at most 10" in eleventh.json()["message"]
    raw.delete(f"/webhooks/{raw.get('/webhooks').json()['endpoints'][0]['id']}")
    body = {"webhook": "https://x.example", "events": ["SMS_FAILED"]}
    assert raw.post("/webhooks", json=body).status_code == 200


def test_a_url_already_registered_is_409(raw: httpx.Client) -> None:
    body = {"webhook": "https://example.com/hooks", "events": ["EMAIL_OPEN"]}
    first = raw.post("/webhooks", json=body).json()
    again = raw.post("/webhooks", json={**body, "events": ["SMS_FAILED"]})
    assert again.status_code == 409
    assert first["id"] in again.json()["message"]
    other = raw.post("/webhooks", json={**body, "webhook": "https://example.com/other"}).json()
    moved = raw.put(f"/webhooks/{other['id']}", json=body)
    assert moved.status_code == 409
    assert raw.put(f"/webhooks/{first['id']}", json=body).status_code == 200


def test_unknown_endpoint_ids_are_404(raw: httpx.Client) -> None:
    body = {"webhook": "https://example.com/hooks", "events": ["EMAIL_OPEN"]}
    for response in (raw.put("/webhooks/nope", json=body), raw.delete("/webhooks/nope")):
        assert response.status_code == 404
        assert "'nope'" in response.json()["message"]


def test_events_are_deduplicated_in_order(raw: httpx.Client) -> None:
    events = ["SMS_FAILED", "EMAIL_OPEN", "SMS_FAILED"]
    response = raw.post("/webhooks", json={"webhook": "https://example.com", "events": events})
    assert response.json()["events"] == ["SMS_FAILED", "EMAIL_OPEN"]


def test_register_webhook_applies_the_same_rules(pingram_emulator: Emulator) -> None:
    endpoint = pingram_emulator.register_webhook("http://127.0.0.1:9/hooks")
    assert endpoint["events"] == list(EVENT_TYPES)
    assert pingram_emulator.webhook_endpoints == [endpoint]
    with pytest.raises(ValueError, match="must be an https://"):
        pingram_emulator.register_webhook("http://example.com/hooks")
    with pytest.raises(ValueError, match="at least one event type"):
        pingram_emulator.register_webhook("https://example.com", [])


# -- delivery ----------------------------------------------------------------------------------


def test_an_email_send_delivers_a_signed_email_delivered_event(
    pingram_emulator: Emulator, client: PingramSync, receiver: WebhookReceiver
) -> None:
    endpoint_id = register(pingram_emulator, receiver)
    before_ms = int(time.time() * 1000)
    tracking_id = send(client, email=EMAIL)

    (delivery,) = pingram_emulator.wait_for_webhooks(1)
    expected = {
        "eventType": "EMAIL_DELIVERED",
        "channel": "EMAIL",
        "userId": "u1",
        "notificationId": "welcome",
        "trackingId": tracking_id,
    }
    assert delivery.event == expected
    assert (delivery.endpoint_id, delivery.url, delivery.attempt) == (endpoint_id, receiver.url, 1)
    assert (delivery.status_code, delivery.error, delivery.outcome) == (204, None, "delivered")
    assert delivery.ok

    (received,) = receiver.received
    assert json.loads(received.body) == expected
    assert received.headers["content-type"] == "application/json"
    assert received.headers["x-pingram-id"] == delivery.event_id
    assert re.fullmatch(r"v1,[0-9a-f]{64}", received.headers["x-pingram-signature"])
    timestamp = int(received.headers["x-pingram-timestamp"])
    assert before_ms - 1000 <= timestamp <= int(time.time() * 1000) + 1000
    event = verify(received.body, received.headers, receiver.secret)
    assert (event.event_type, event.tracking_id, event.user_id) == (
        "EMAIL_DELIVERED",
        tracking_id,
        "u1",
    )
    assert receiver.events == [event]


def test_the_signature_is_made_with_the_endpoint_secret(
    pingram_emulator: Emulator, client: PingramSync, receiver: WebhookReceiver
) -> None:
    register(pingram_emulator, receiver)
    send(client, email=EMAIL)
    pingram_emulator.wait_for_webhooks(1)
    (received,) = receiver.received
    with pytest.raises(Exception, match="does not match"):
        verify(received.body, received.headers, "pingram_whsecret_wrong")


def test_an_sms_send_delivers_sms_delivered_and_both_channels_deliver_both(
    pingram_emulator: Emulator, client: PingramSync, receiver: WebhookReceiver
) -> None:
    register(pingram_emulator, receiver)
    sms_only = send(client, "u2", sms=SMS)
    both = send(client, "u3", email=EMAIL, sms=SMS)

    pingram_emulator.wait_for_webhooks(3)
    got = [(e.event_type, e.channel, e.tracking_id, e.user_id) for e in receiver.events]
    assert got == [
        ("SMS_DELIVERED", "SMS", sms_only, "u2"),
        ("EMAIL_DELIVERED", "EMAIL", both, "u3"),
        ("SMS_DELIVERED", "SMS", both, "u3"),
    ]


def test_a_type_s_channels_deliver_too(
    pingram_emulator: Emulator, client: PingramSync, receiver: WebhookReceiver
) -> None:
    register(pingram_emulator, receiver)
    client.types.types_create_notification_type(
        {"notificationId": "digest", "title": "Digest", "channels": ["EMAIL", "SMS"]}
    )
    tracking_id = client.send({"type": "digest", "to": {"id": "u1"}}).tracking_id
    pingram_emulator.wait_for_webhooks(2)
    assert [(e.event_type, e.notification_id) for e in receiver.events] == [
        ("EMAIL_DELIVERED", "digest"),
        ("SMS_DELIVERED", "digest"),
    ]
    assert {e.tracking_id for e in receiver.events} == {tracking_id}


def test_channels_without_a_delivery_event_and_scheduled_sends_emit_nothing(
    pingram_emulator: Emulator, client: PingramSync, receiver: WebhookReceiver
) -> None:
    register(pingram_emulator, receiver)
    send(client, inapp={"title": "Hi"}, mobile_push={"title": "Hi", "message": "Hi"})
    send(client, email=EMAIL, schedule="2099-01-01T00:00:00Z")
    marker = send(client, sms=SMS)

    pingram_emulator.wait_for_webhooks(1)
    assert [(e.event_type, e.tracking_id) for e in receiver.events] == [("SMS_DELIVERED", marker)]


def test_a_scheduled_send_delivers_its_event_when_it_goes_out(
    pingram_emulator: Emulator, client: PingramSync, receiver: WebhookReceiver
) -> None:
    register(pingram_emulator, receiver)
    body = {"type": "welcome", "to": {"id": "u1"}, "email": EMAIL}
    tracking_id = client.send({**body, "schedule": "2099-01-01T00:00:00Z"}).tracking_id
    client.sender.sender_update_schedule(tracking_id, {**body, "schedule": "2000-01-01T00:00:00Z"})
    pingram_emulator.wait_for_webhooks(1)
    assert [(e.event_type, e.tracking_id) for e in receiver.events] == [
        ("EMAIL_DELIVERED", tracking_id)
    ]


def test_only_subscribed_endpoints_receive_an_event(
    pingram_emulator: Emulator,
    client: PingramSync,
    receiver: WebhookReceiver,
    other_receiver: WebhookReceiver,
) -> None:
    email_id = register(pingram_emulator, receiver, "EMAIL_DELIVERED", "EMAIL_OPEN")
    sms_id = register(pingram_emulator, other_receiver, "SMS_DELIVERED")
    first = send(client, email=EMAIL, sms=SMS)
    pingram_emulator.simulate(first, "SMS_FAILED")  # nobody subscribed
    pingram_emulator.simulate(first, "EMAIL_OPEN")

    deliveries = pingram_emulator.wait_for_webhooks(3)
    assert sorted((d.endpoint_id, d.event["eventType"]) for d in deliveries) == sorted(
        [(email_id, "EMAIL_DELIVERED"), (email_id, "EMAIL_OPEN"), (sms_id, "SMS_DELIVERED")]
    )
    assert [e.event_type for e in receiver.events] == ["EMAIL_DELIVERED", "EMAIL_OPEN"]
    assert [e.event_type for e in other_receiver.events] == ["SMS_DELIVERED"]
    assert len(pingram_emulator.webhook_deliveries) == 3


def test_one_event_has_one_id_at_every_endpoint(
    pingram_emulator: Emulator,
    client: PingramSync,
    receiver: WebhookReceiver,
    other_receiver: WebhookReceiver,
) -> None:
    register(pingram_emulator, receiver, "EMAIL_DELIVERED")
    register(pingram_emulator, other_receiver, "EMAIL_DELIVERED")
    send(client, email=EMAIL)
    send(client, email=EMAIL)
    deliveries = pingram_emulator.wait_for_webhooks(4)
    by_event: dict[str, set[str]] = {}
    for delivery in deliveries:
        by_event.setdefault(delivery.event["trackingId"], set()).add(delivery.event_id)
    assert [len(ids) for ids in by_event.values()] == [1, 1]
    assert len({d.event_id for d in deliveries}) == 2


def test_an_update_moves_deliveries_to_the_new_url_with_the_same_secret(
    pingram_emulator: Emulator,
    client: PingramSync,
    receiver: WebhookReceiver,
    other_receiver: WebhookReceiver,
) -> None:
    endpoint_id = register(pingram_emulator, receiver, "EMAIL_DELIVERED")
    other_receiver.secret = receiver.secret
    send(client, email=EMAIL)
    pingram_emulator.wait_for_webhooks(1)
    client.webhooks.webhooks_update_webhook(
        endpoint_id, {"webhook": other_receiver.url, "events": ["SMS_DELIVERED"]}
    )
    send(client, email=EMAIL, sms=SMS)
    pingram_emulator.wait_for_webhooks(2)
    assert [e.event_type for e in receiver.events] == ["EMAIL_DELIVERED"]
    assert [e.event_type for e in other_receiver.events] == ["SMS_DELIVERED"]


def test_a_send_returns_before_a_hanging_endpoint_answers_and_stop_does_not_wait_for_it() -> None:
    with socket.socket() as hanging:  # accepts connections (backlog) and never answers
        hanging.bind(("127.0.0.1", 0))
        hanging.listen(8)
        url = f"http://127.0.0.1:{hanging.getsockname()[1]}/hooks"
        emulator = Emulator(webhook_timeout=30).start()
        try:
            emulator.register_webhook(url)
            with PingramSync(api_key=KEY, base_url=emulator.url) as client:
                started = time.monotonic()
                send(client, email=EMAIL)
                send(client, sms=SMS)
                assert time.monotonic() - started < 5
            eventually(lambda: len(webhook_threads()) == 1)
        finally:
            started = time.monotonic()
            emulator.stop()
            stopped_in = time.monotonic() - started
    assert stopped_in < 5
    assert webhook_threads() == []


# -- bounds: each attempt's deadline, each endpoint's queue ---------------------------------------


def test_a_receiver_trickling_its_answer_fails_the_attempt_at_the_deadline() -> None:
    """One byte every 0.4 s never trips a per-read timeout; the attempt's deadline ends it."""
    with (
        raw_server(trickle_headers) as trickler,
        Emulator(webhook_timeout=1, webhook_retry_delays=()) as emulator,
        PingramSync(api_key=KEY, base_url=emulator.url) as client,
    ):
        emulator.register_webhook(f"{trickler.url}/hooks")
        started = time.monotonic()
        send(client, email=EMAIL)
        eventually(lambda: emulator.webhook_deliveries != [], timeout=4)
        took = time.monotonic() - started
        (attempt,) = emulator.webhook_deliveries
    assert (attempt.status_code, attempt.outcome) == (None, "failed")
    assert attempt.error == "TimeoutError: no complete answer within webhook_timeout (1 s)"
    assert 0.9 <= took < 3


def test_an_endpoint_s_queue_is_bounded_and_its_drops_are_counted_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as hanging:  # accepts the connection, then never answers
        hanging.bind(("127.0.0.1", 0))
        hanging.listen(8)
        hanging.settimeout(5)
        url = f"http://127.0.0.1:{hanging.getsockname()[1]}/hooks"
        with (
            Emulator(webhook_queue_limit=3, webhook_timeout=30, webhook_retry_delays=()) as emu,
            PingramSync(api_key=KEY, base_url=emu.url) as client,
        ):
            emu.register_webhook(url)
            tracking_id = send(client, email=EMAIL)
            accepted, _ = hanging.accept()  # the first event is in flight: the queue is empty
            with accepted, caplog.at_level(logging.WARNING, logger="pingram.emulator"):
                for _ in range(9):
                    emu.simulate(tracking_id, "EMAIL_OPEN")
                assert emu.webhook_drops == 6
                assert client.logs.logs_get_log_retention().retention_in_days == 30
                emu.reset()
                assert emu.webhook_drops == 0
    drops = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert len(drops) == 6
    assert drops[-1].startswith("webhook EMAIL_OPEN msg_")
    assert drops[-1].endswith(
        f"-> {url} dropped: 3 events already wait for this endpoint (6 dropped in all)"
    )


@pytest.mark.parametrize("value", [0, -1, 2.5, True])
def test_a_bad_queue_limit_is_rejected(value: Any) -> None:
    with pytest.raises(ValueError, match="webhook_queue_limit"):
        Emulator(webhook_queue_limit=value)


# -- retries -----------------------------------------------------------------------------------


def test_a_500_is_retried_with_the_same_id_and_a_fresh_signature(
    pingram_emulator: Emulator, client: PingramSync, receiver: WebhookReceiver
) -> None:
    register(pingram_emulator, receiver)
    receiver.respond_with(500)
    send(client, email=EMAIL)

    (delivered,) = pingram_emulator.wait_for_webhooks(1)
    failed, retried = pingram_emulator.webhook_deliveries
    assert (failed.attempt, failed.status_code, failed.outcome) == (1, 500, "retrying")
    assert (retried.attempt, retried.status_code, retried.outcome) == (2, 204, "delivered")
    assert retried == delivered
    assert failed.event_id == retried.event_id
    assert failed.event == retried.event

    first, second = receiver.received
    assert first.status == 500
    assert first.body == second.body
    assert first.headers["x-pingram-id"] == second.headers["x-pingram-id"] == failed.event_id
    assert verify(second.body, second.headers, receiver.secret).event_type == "EMAIL_DELIVERED"


def test_after_the_last_attempt_the_event_is_failed_and_the_next_one_is_sent(
    pingram_emulator: Emulator, client: PingramSync, receiver: WebhookReceiver
) -> None:
    register(pingram_emulator, receiver)
    receiver.respond_with(503, times=4)
    lost = send(client, email=EMAIL)
    kept = send(client, sms=SMS)

    (delivered,) = pingram_emulator.wait_for_webhooks(1)
    assert delivered.event["trackingId"] == kept
    attempts = [
        (d.attempt, d.status_code, d.outcome)
        for d in pingram_emulator.webhook_deliveries
        if d.event["trackingId"] == lost
    ]
    assert attempts == [
        (1, 503, "retrying"),
        (2, 503, "retrying"),
        (3, 503, "retrying"),
        (4, 503, "failed"),
    ]


def test_a_connection_error_is_retried_then_failed(
    pingram_emulator: Emulator, client: PingramSync
) -> None:
    pingram_emulator.register_webhook(f"http://127.0.0.1:{free_port()}/hooks")
    send(client, email=EMAIL)
    eventually(lambda: any(d.outcome == "failed" for d in pingram_emulator.webhook_deliveries))
    deliveries = pingram_emulator.webhook_deliveries
    assert [d.attempt for d in deliveries] == [1, 2, 3, 4]
    assert all(d.status_code is None and "Connection" in str(d.error) for d in deliveries)
    assert len({d.event_id for d in deliveries}) == 1


def test_retries_wait_the_configured_delays(receiver: WebhookReceiver) -> None:
    with Emulator(webhook_retry_delays=(0.3,)) as emulator:
        receiver.secret = emulator.register_webhook(receiver.url)["secret"]
        receiver.respond_with(500, times=2)
        with PingramSync(api_key=KEY, base_url=emulator.url) as client:
            send(client, email=EMAIL)
        eventually(lambda: any(d.outcome == "failed" for d in emulator.webhook_deliveries))
        assert [d.outcome for d in emulator.webhook_deliveries] == ["retrying", "failed"]
    first, second = receiver.received
    gap = int(second.headers["x-pingram-timestamp"]) - int(first.headers["x-pingram-timestamp"])
    assert 250 <= gap < 3000


def test_the_default_retries_start_within_two_seconds_and_make_at_least_three_attempts() -> None:
    emulator = Emulator()
    delays = emulator._dispatcher.retry_delays
    assert 0 < delays[0] <= 2
    assert len(delays) + 1 >= 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"webhook_retry_delays": (1, -1)}, "webhook_retry_delays"),
        ({"webhook_retry_delays": ("1",)}, "webhook_retry_delays"),
        ({"webhook_timeout": 0}, "webhook_timeout"),
        ({"webhook_timeout": float("nan")}, "webhook_timeout"),
    ],
)
def test_bad_webhook_settings_are_rejected(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Emulator(**kwargs)


def test_events_reach_an_endpoint_in_order_even_across_retries(
    pingram_emulator: Emulator, client: PingramSync, receiver: WebhookReceiver
) -> None:
    register(pingram_emulator, receiver)
    receiver.respond_with(500, times=2)
    tracking_id = send(client, email=EMAIL)
    links = [f"https://example.com/{n}" for n in range(5)]
    for link in links:
        pingram_emulator.simulate(tracking_id, "EMAIL_CLICK", clicked_link=link)

    pingram_emulator.wait_for_webhooks(6)
    assert [e.clicked_link for e in receiver.events] == [None, *links]


# -- deletion and reset ------------------------------------------------------------------------


def test_deleting_an_endpoint_stops_its_retries_and_its_deliveries(
    receiver: WebhookReceiver, other_receiver: WebhookReceiver
) -> None:
    # Retries 2 s apart: a worker still waiting to retry would outlive the 1 s checks below.
    with (
        Emulator(webhook_retry_delays=(2, 2, 2)) as emulator,
        PingramSync(api_key=KEY, base_url=emulator.url) as client,
    ):
        doomed = register(emulator, receiver)
        register(emulator, other_receiver, "EMAIL_OPEN")
        receiver.respond_with(500, times=100)
        tracking_id = send(client, email=EMAIL)
        eventually(lambda: len(emulator.webhook_deliveries) == 1)

        client.webhooks.webhooks_delete_webhook(doomed)
        eventually(lambda: webhook_threads() == [], timeout=1)

        send(client, email=EMAIL)  # would start a worker for the deleted endpoint
        emulator.simulate(tracking_id, "EMAIL_OPEN")
        (marker,) = emulator.wait_for_webhooks(1)
        eventually(lambda: webhook_threads() == [], timeout=1)

        assert marker.event["eventType"] == "EMAIL_OPEN"
        (attempt, _) = emulator.webhook_deliveries
        assert (attempt.endpoint_id, attempt.attempt, attempt.status_code) == (doomed, 1, 500)
        assert len(receiver.received) == 1


def test_reset_forgets_endpoints_deliveries_and_pending_retries(
    pingram_emulator: Emulator, client: PingramSync, receiver: WebhookReceiver
) -> None:
    register(pingram_emulator, receiver)
    receiver.respond_with(500, times=100)
    send(client, email=EMAIL)
    eventually(lambda: len(pingram_emulator.webhook_deliveries) >= 1)

    pingram_emulator.reset()
    assert webhook_threads() == []
    assert pingram_emulator.webhook_deliveries == []
    assert pingram_emulator.webhook_endpoints == []
    assert client.webhooks.webhooks_list_webhooks().endpoints == []


# -- simulate ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "fields", "expected"),
    [
        ("EMAIL_OPEN", {}, {"channel": "EMAIL"}),
        (
            "EMAIL_CLICK",
            {"clicked_link": "https://example.com/a", "clicked_link_tags": {"utm": ["x"]}},
            {
                "channel": "EMAIL",
                "clickedLink": "https://example.com/a",
                "clickedLinkTags": {"utm": ["x"]},
            },
        ),
        ("EMAIL_FAILED", {"failure_code": "bounce"}, {"channel": "EMAIL", "failureCode": "bounce"}),
        ("EMAIL_UNSUBSCRIBE", {}, {"channel": "EMAIL"}),
        ("SMS_FAILED", {"failure_code": "30003"}, {"channel": "SMS", "failureCode": "30003"}),
        ("SMS_UNSUBSCRIBE", {}, {"channel": "SMS"}),
        ("PUSH_FAILED", {}, {"channel": "PUSH"}),
        ("WEB_PUSH_FAILED", {}, {"channel": "WEB_PUSH"}),
        ("INAPP_WEB_UNSUBSCRIBE", {}, {"channel": "INAPP_WEB"}),
        ("CALL_FAILED", {}, {"channel": "CALL"}),
        ("SLACK_FAILED", {}, {"channel": "SLACK"}),
        ("CALL_FAILED", {"channel": "VOICE"}, {"channel": "VOICE"}),
    ],
)
def test_simulate_delivers_the_event_with_the_message_fields(
    pingram_emulator: Emulator,
    client: PingramSync,
    receiver: WebhookReceiver,
    event_type: str,
    fields: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    tracking_id = send(client, "ada", inapp={"title": "Hi"})
    register(pingram_emulator, receiver, event_type)

    event = pingram_emulator.simulate(tracking_id, event_type, **fields)

    wire = {
        "eventType": event_type,
        "userId": "ada",
        "notificationId": "welcome",
        "trackingId": tracking_id,
        **expected,
    }
    assert event == wire
    (delivery,) = pingram_emulator.wait_for_webhooks(1)
    assert delivery.event == wire
    assert json.loads(receiver.received[0].body) == wire
    assert receiver.events[0].event_type == event_type


def test_simulate_works_for_a_message_not_sent_yet(
    pingram_emulator: Emulator, client: PingramSync, receiver: WebhookReceiver
) -> None:
    register(pingram_emulator, receiver)
    tracking_id = send(client, email=EMAIL, schedule="2099-01-01T00:00:00Z")
    pingram_emulator.simulate(tracking_id, "EMAIL_FAILED", failure_code="suppressed")
    pingram_emulator.wait_for_webhooks(1)
    assert receiver.events[0].failure_code == "suppressed"


@pytest.mark.parametrize(
    ("args", "fields", "message"),
    [
        (("nope", "EMAIL_OPEN"), {}, "No message with tracking id 'nope'"),
        ((None, "EMAIL_OPENED"), {}, "Unknown webhook event type 'EMAIL_OPENED'"),
        ((None, "ACCOUNT_USAGE"), {}, "not about a message"),
        ((None, "EMAIL_CLICK"), {"clickedLink": "x"}, "Unknown WebhookEvent field 'clickedLink'"),
        ((None, "EMAIL_CLICK"), {"tracking_id": "x"}, "Unknown WebhookEvent field 'tracking_id'"),
        ((None, "EMAIL_CLICK"), {"clicked_link": 5}, "Invalid EMAIL_CLICK event"),
    ],
)
def test_simulate_rejects_what_it_cannot_produce(
    pingram_emulator: Emulator,
    client: PingramSync,
    args: tuple[Any, str],
    fields: dict[str, Any],
    message: str,
) -> None:
    tracking_id = send(client, email=EMAIL)
    with pytest.raises(ValueError, match=re.escape(message)):
        pingram_emulator.simulate(args[0] or tracking_id, args[1], **fields)


# -- fixtures and helpers ----------------------------------------------------------------------


def test_the_receiver_fixture_is_registered_for_every_event(
    pingram_emulator: Emulator, pingram_webhook_receiver: WebhookReceiver, client: PingramSync
) -> None:
    (endpoint,) = pingram_emulator.webhook_endpoints
    assert endpoint["webhook"] == pingram_webhook_receiver.url
    assert endpoint["events"] == list(EVENT_TYPES)
    assert pingram_webhook_receiver.secret == endpoint["secret"]

    tracking_id = send(client, email=EMAIL)
    pingram_emulator.simulate(tracking_id, "EMAIL_OPEN")
    events = pingram_webhook_receiver.wait(2)
    assert [e.event_type for e in events] == ["EMAIL_DELIVERED", "EMAIL_OPEN"]


def test_wait_for_webhooks_times_out_with_what_happened(
    pingram_emulator: Emulator, client: PingramSync, receiver: WebhookReceiver
) -> None:
    with pytest.raises(TimeoutError, match="no attempt was made"):
        pingram_emulator.wait_for_webhooks(1, timeout=0.05)
    register(pingram_emulator, receiver)
    receiver.respond_with(500, times=100)
    send(client, email=EMAIL)
    eventually(lambda: len(pingram_emulator.webhook_deliveries) >= 1)
    with pytest.raises(TimeoutError, match=r"0 of 1 .* EMAIL_DELIVERED -> http.* attempt 1: 500"):
        pingram_emulator.wait_for_webhooks(1, timeout=0.05)


def test_wait_for_webhooks_returns_every_success_once_enough_arrived(
    pingram_emulator: Emulator, client: PingramSync, receiver: WebhookReceiver
) -> None:
    register(pingram_emulator, receiver)
    send(client, email=EMAIL, sms=SMS)
    assert len(pingram_emulator.wait_for_webhooks(2)) == 2
    assert len(pingram_emulator.wait_for_webhooks(1)) == 2


def test_the_receiver_rejects_forged_deliveries(receiver: WebhookReceiver) -> None:
    receiver.secret = "pingram_whsecret_test"
    body = b'{"eventType":"EMAIL_OPEN","channel":"EMAIL","userId":"u","notificationId":"n",'
    body += b'"trackingId":"t"}'
    headers = {"X-Pingram-Id": "msg_1", "X-Pingram-Timestamp": str(int(time.time() * 1000))}
    forged = httpx.post(
        receiver.url, content=body, headers={**headers, "X-Pingram-Signature": "v1,00"}
    )
    assert forged.status_code == 400
    assert "does not match" in forged.json()["message"]
    assert receiver.events == []
    assert receiver.received[0].error is not None
    with pytest.raises(TimeoutError, match="0 of 1 verified"):
        receiver.wait(1, timeout=0.05)


# -- the CLI forwarder -------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX-only")
def test_the_emulator_command_forwards_signed_events(receiver: WebhookReceiver) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pingram",
            "emulator",
            "--port",
            "0",
            "--forward-webhooks",
            receiver.url,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert process.stdout is not None
        banner = ""
        while "Ctrl-C" not in banner and process.poll() is None:
            banner += process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", banner)
        secret = re.search(r"secret: (pingram_whsecret_\w+)", banner)
        assert url, banner
        assert secret, banner
        receiver.secret = secret.group(1)

        body = {"type": "welcome", "to": {"id": "ada"}, "email": EMAIL, "sms": SMS}
        sent = httpx.post(f"{url.group(0)}/send", json=body, headers=AUTH).json()
        events = receiver.wait(2, timeout=10)
        listed = httpx.get(f"{url.group(0)}/webhooks", headers=AUTH).json()["endpoints"]

        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()

    assert process.returncode == 0, err
    assert [(e.event_type, e.tracking_id) for e in events] == [
        ("EMAIL_DELIVERED", sent["trackingId"]),
        ("SMS_DELIVERED", sent["trackingId"]),
    ]
    assert [(e["webhook"], e["events"]) for e in listed] == [(receiver.url, list(EVENT_TYPES))]
    assert [line for line in banner.splitlines() if "secret:" in line] == [
        f"Forwarding every webhook event to {receiver.url}, signing secret: {secret.group(1)}"
    ]
    assert "webhook EMAIL_DELIVERED" in err
    assert "Traceback" not in err


def test_the_emulator_command_refuses_a_url_it_cannot_forward_to() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pingram",
            "emulator",
            "--port",
            "0",
            "--forward-webhooks",
            "http://example.com/hooks",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "Cannot forward webhooks to http://example.com/hooks" in result.stderr
    assert "https://" in result.stderr
