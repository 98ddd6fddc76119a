"""The HTTP clients each client's tests run on: httpx's own pool, and aiohttp's for async.

The aiohttp transport needs the extra (``pip install ".[aiohttp]"``); nox installs it.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import pytest

HttpClientFactory = Callable[[], Optional[Any]]


def _default() -> None:
    return None


def _aiohttp() -> Any:
    from pingram import DefaultAioHttpClient

    return DefaultAioHttpClient()


def async_http_clients() -> list[Any]:
    """Params for the async tests: httpx's default transport and the aiohttp one."""
    return [pytest.param(_default, id="httpx"), pytest.param(_aiohttp, id="aiohttp")]


def sync_http_clients() -> list[Any]:
    """Params for the sync tests: httpx's own transport."""
    return [pytest.param(_default, id="httpx")]
