"""pytest plugin (entry point ``pytest11``): the ``pingram_emulator`` fixture, and webhooks.

    def test_signup_sends_welcome(pingram_emulator):
        client = PingramSync(api_key="pingram_sk_test", base_url=pingram_emulator.url)
        ...
        assert pingram_emulator.sent[0]["type"] == "welcome"

One emulator serves the whole test session; every test gets it with fresh state.
It retries failed webhook deliveries quickly (after 0.05, 0.1 and 0.2 s), so
tests of a failing endpoint stay fast.

``pingram_webhook_receiver`` is a local endpoint registered on that emulator
for every event type; it verifies each delivery with ``pingram.webhooks.verify``:

    def test_email_delivery_is_reported(pingram_emulator, pingram_webhook_receiver):
        ...  # send something that goes out by email
        pingram_emulator.wait_for_webhooks(1)
        assert pingram_webhook_receiver.events[0].event_type == "EMAIL_DELIVERED"

Nothing is imported or started unless a test asks for a fixture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import pytest

if TYPE_CHECKING:
    from .emulator import Emulator, WebhookReceiver

#: Seconds the session emulator waits before each webhook retry.
RETRY_DELAYS = (0.05, 0.1, 0.2)


@pytest.fixture(scope="session")
def _pingram_emulator_server() -> Iterator[Emulator]:
    from .emulator import Emulator

    with Emulator(webhook_retry_delays=RETRY_DELAYS) as emulator:
        yield emulator


@pytest.fixture
def pingram_emulator(_pingram_emulator_server: Emulator) -> Iterator[Emulator]:
    """A local Pingram API on loopback, with empty state for this test."""
    _pingram_emulator_server.reset()
    yield _pingram_emulator_server
    _pingram_emulator_server.reset()


@pytest.fixture
def pingram_webhook_receiver(pingram_emulator: Emulator) -> Iterator[WebhookReceiver]:
    """A webhook endpoint on loopback, registered for every event type on ``pingram_emulator``.

    Its ``secret`` is set; ``events`` lists the verified events received.
    """
    from .emulator import WebhookReceiver

    with WebhookReceiver() as receiver:
        receiver.secret = pingram_emulator.register_webhook(receiver.url)["secret"]
        yield receiver
