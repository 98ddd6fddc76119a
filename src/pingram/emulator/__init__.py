"""A local Pingram API for development and tests: ``from pingram.emulator import Emulator``.

Standard library, msgspec and the SDK's own models only; ``import pingram`` does
not import it. See :class:`Emulator`, or run ``python -m pingram emulator``.
:class:`WebhookReceiver` is a local endpoint that verifies and records the
webhook deliveries the emulator makes.
"""

from __future__ import annotations

from ._dispatch import WebhookDelivery
from ._emulator import Emulator, RecordedRequest
from ._receiver import ReceivedWebhook, WebhookReceiver

__all__ = ["Emulator", "RecordedRequest", "ReceivedWebhook", "WebhookDelivery", "WebhookReceiver"]
