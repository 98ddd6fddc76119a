from __future__ import annotations

from typing import AsyncIterator

import pytest

from pingram import Pingram

from ..conftest import API_KEY, BASE_URL


@pytest.fixture
async def client() -> AsyncIterator[Pingram]:
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as pingram:
        yield pingram
