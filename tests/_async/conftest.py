from __future__ import annotations

from typing import AsyncIterator

import pytest

from pingram import Pingram
from pingram.emulator import Emulator

from ..conftest import API_KEY, BASE_URL
from ..http_clients import async_http_clients

#: Any ``pingram_sk_`` key is accepted by the emulator.
EMULATOR_KEY = "pingram_sk_test"


@pytest.fixture
async def client() -> AsyncIterator[Pingram]:
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as pingram:
        yield pingram


@pytest.fixture(params=async_http_clients())
async def emulator_client(
    request: pytest.FixtureRequest, pingram_emulator: Emulator
) -> AsyncIterator[Pingram]:
    """A client talking to the per-test emulator, once per HTTP transport."""
    async with Pingram(
        api_key=EMULATOR_KEY, base_url=pingram_emulator.url, http_client=request.param()
    ) as pingram:
        yield pingram
