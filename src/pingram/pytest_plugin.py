"""pytest plugin (entry point ``pytest11``): the ``pingram_emulator`` fixture.

    def test_signup_sends_welcome(pingram_emulator):
        client = PingramSync(api_key="pingram_sk_test", base_url=pingram_emulator.url)
        ...
        assert pingram_emulator.sent[0]["type"] == "welcome"

One emulator serves the whole test session; every test gets it with fresh state.
Nothing is imported or started unless a test asks for the fixture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import pytest

if TYPE_CHECKING:
    from .emulator import Emulator


@pytest.fixture(scope="session")
def _pingram_emulator_server() -> Iterator[Emulator]:
    from .emulator import Emulator

    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def pingram_emulator(_pingram_emulator_server: Emulator) -> Iterator[Emulator]:
    """A local Pingram API on loopback, with empty state for this test."""
    _pingram_emulator_server.reset()
    yield _pingram_emulator_server
    _pingram_emulator_server.reset()
