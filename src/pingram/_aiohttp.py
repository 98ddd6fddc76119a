"""``DefaultAioHttpClient``: the async client's requests over aiohttp's connection pool.

httpx's own async pool loses much of its throughput with many requests in
flight; aiohttp's does not. Install the extra and pass it explicitly:

    pip install "pingram-python[aiohttp]"

    async with Pingram(http_client=DefaultAioHttpClient()) as client:
        ...

Everything else (retries, errors, timeouts, logging) is unchanged: the client
still speaks the httpx interface. Unlike other ``http_client`` values, this one
belongs to the Pingram client and is closed with it.
"""

from __future__ import annotations

from typing import Any

from ._constants import DEFAULT_CONNECTION_LIMITS, DEFAULT_TIMEOUT

try:
    from httpx_aiohttp import HttpxAiohttpClient
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        'DefaultAioHttpClient needs the aiohttp extra: pip install "pingram-python[aiohttp]"'
    ) from exc

__all__ = ["DefaultAioHttpClient"]


class DefaultAioHttpClient(HttpxAiohttpClient):
    """An ``httpx.AsyncClient`` whose transport is aiohttp, with the SDK's default limits."""

    #: The Pingram client that receives this http_client closes it.
    _pingram_owns = True

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
        kwargs.setdefault("limits", DEFAULT_CONNECTION_LIMITS)
        super().__init__(**kwargs)
