"""The aiohttp transport option: selected explicitly, owned and closed by the client."""

from __future__ import annotations

from pingram import DefaultAioHttpClient, Pingram
from pingram._constants import DEFAULT_TIMEOUT
from pingram.emulator import Emulator

from .conftest import API_KEY


async def test_default_aiohttp_client_is_closed_with_the_pingram_client(
    pingram_emulator: Emulator,
) -> None:
    http = DefaultAioHttpClient()
    assert http.timeout == DEFAULT_TIMEOUT
    async with Pingram(api_key=API_KEY, base_url=pingram_emulator.url, http_client=http) as client:
        sent = await client.send({"type": "welcome", "to": {"id": "u1"}})
    assert sent.tracking_id
    assert pingram_emulator.sent == [{"type": "welcome", "to": {"id": "u1"}}]
    assert http.is_closed
