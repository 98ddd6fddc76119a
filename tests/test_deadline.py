"""The async client's deadline on transports without a connection pool it can reach (a
mock, aiohttp): each attempt is cancelled at its own deadline, however many run at once."""

from __future__ import annotations

import asyncio
import time
from typing import List

import httpx
import pytest

from pingram import APITimeoutError, Pingram, SenderPostBody

from .conftest import API_KEY, BASE_URL

pytestmark = pytest.mark.transport

BODY = SenderPostBody(type="welcome")


async def _slow_unless_fast(request: httpx.Request) -> httpx.Response:
    if request.url.params.get("fast"):
        return httpx.Response(200, json={"messages": []})
    await asyncio.sleep(5)
    return httpx.Response(200, json={"trackingId": "late", "messages": []})


async def test_concurrent_attempts_each_end_at_their_own_deadline() -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(_slow_unless_fast))
    async with Pingram(api_key=API_KEY, base_url=BASE_URL, http_client=http) as client:
        started = time.monotonic()
        ended: List[float] = []

        async def times_out(timeout: float) -> None:
            with pytest.raises(APITimeoutError):
                await client.send(BODY, timeout=timeout, max_retries=0)
            assert time.monotonic() - started == pytest.approx(timeout, abs=0.15)
            ended.append(timeout)

        async def quick() -> None:
            await client.logs.logs_get_logs(extra_query={"fast": "1"})

        await asyncio.gather(times_out(0.4), times_out(0.2), quick(), times_out(0.3))
        assert ended == [0.2, 0.3, 0.4]
        await quick()  # the client keeps working once the slow attempts are gone
