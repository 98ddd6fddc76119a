"""Facts about the API and the SDK's defaults, in one place."""

from __future__ import annotations

from typing import Literal

import httpx

PingramRegion = Literal["us", "eu", "ca"]

#: Base URL per region; ``base_url=`` (or ``PINGRAM_BASE_URL``) overrides it.
BASE_URLS: dict[str, str] = {
    "us": "https://api.pingram.io",
    "eu": "https://api.eu.pingram.io",
    "ca": "https://api.ca.pingram.io",
}
DEFAULT_REGION: PingramRegion = "us"

API_KEY_ENV = "PINGRAM_API_KEY"
BASE_URL_ENV = "PINGRAM_BASE_URL"

#: 30 s to read, write or wait for a pooled connection; 5 s to connect.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
#: The largest decoded response body a call accepts, in bytes (``max_response_size``).
DEFAULT_MAX_RESPONSE_SIZE = 32 * 1024 * 1024
#: How much of an error (4xx/5xx) body is read: enough for any message the API sends.
ERROR_BODY_LIMIT = 64 * 1024
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)

#: Concurrency of ``send_many`` unless the caller says otherwise.
DEFAULT_SEND_MANY_CONCURRENCY = 8
