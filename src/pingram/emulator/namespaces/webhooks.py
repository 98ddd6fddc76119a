"""``webhooks_*``: the account's webhook endpoints, under the API's rules.

At most 10 endpoints, each with a non-empty list of known event types and a URL no
other endpoint uses (409); updates keep the secret. URLs must be ``https://``, except
that the emulator also takes ``http://`` on loopback (``127.0.0.1``, ``localhost``,
``[::1]``), where a developer's app listens. Events reach them through ``_events.emit``.
"""

from __future__ import annotations

import ipaddress
import secrets
import uuid
from typing import Any, Iterable, List, Optional
from urllib.parse import urlsplit

from .._common import ApiError, Call
from .._events import EVENT_TYPES
from .._records import WebhookEndpoint
from .._registry import handler
from .._store import Store

#: How many endpoints one account may have.
MAX_ENDPOINTS = 10
#: How every webhook secret starts.
SECRET_PREFIX = "pingram_whsecret_"
_LOOPBACK_HOSTS = frozenset({"localhost"})


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: object) -> str:
    """``url`` if an endpoint may use it, else a 400."""
    if not isinstance(url, str) or not url.strip():
        raise ApiError(400, "`webhook` must be the URL to POST events to")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        raise ApiError(400, f"`webhook` is not a valid URL: {url!r}") from None
    if parts.scheme not in ("https", "http") or not host:
        raise ApiError(400, f"`webhook` must be an https:// URL, got {url!r}")
    if parts.scheme == "http" and not _is_loopback(host):
        raise ApiError(
            400,
            f"`webhook` must be an https:// URL, got {url!r} (the emulator also accepts "
            "http:// on 127.0.0.1, localhost or [::1])",
        )
    return url


def _check_events(events: Iterable[str]) -> List[str]:
    chosen = list(dict.fromkeys(events))
    if not chosen:
        raise ApiError(400, "`events` must list at least one event type")
    unknown = [event for event in chosen if event not in EVENT_TYPES]
    if unknown:
        raise ApiError(
            400,
            f"Unknown event type(s) {', '.join(map(repr, unknown))}: use {', '.join(EVENT_TYPES)}",
        )
    return chosen


def _check_unique(store: Store, url: str, endpoint_id: Optional[str]) -> None:
    for other in store.webhooks.values():
        if other.webhook == url and other.id != endpoint_id:
            raise ApiError(
                409,
                f"Webhook endpoint {other.id!r} already receives events at {url!r}: "
                "update it instead",
            )


def add_webhook(store: Store, url: str, events: Iterable[str]) -> WebhookEndpoint:
    """Create an endpoint under the API's rules (``Emulator.register_webhook`` too)."""
    url = check_url(url)
    chosen = _check_events(events)
    if len(store.webhooks) >= MAX_ENDPOINTS:
        raise ApiError(
            400, f"An account has at most {MAX_ENDPOINTS} webhook endpoints: delete one first"
        )
    _check_unique(store, url, None)
    endpoint = WebhookEndpoint(
        id=str(uuid.uuid4()),
        webhook=url,
        events=chosen,
        secret=SECRET_PREFIX + secrets.token_hex(24),
    )
    store.webhooks[endpoint.id] = endpoint
    return endpoint


def _endpoint(store: Store, endpoint_id: str) -> WebhookEndpoint:
    endpoint = store.webhooks.get(endpoint_id)
    if endpoint is None:
        raise ApiError(404, f"No webhook endpoint with id {endpoint_id!r}")
    return endpoint


@handler
def webhooks_create_webhook(store: Store, call: Call) -> Any:
    data = call.data
    return add_webhook(store, data["webhook"], data["events"])


@handler
def webhooks_list_webhooks(store: Store, call: Call) -> Any:
    return {"endpoints": list(store.webhooks.values())}


@handler
def webhooks_update_webhook(store: Store, call: Call) -> Any:
    endpoint = _endpoint(store, call.params["endpoint_id"])
    data = call.data
    url = check_url(data["webhook"])
    chosen = _check_events(data["events"])
    _check_unique(store, url, endpoint.id)
    moved = url != endpoint.webhook
    endpoint.webhook, endpoint.events = url, chosen
    if moved:
        store.sink.update(endpoint)
    return endpoint


@handler
def webhooks_delete_webhook(store: Store, call: Call) -> Any:
    endpoint_id = call.params["endpoint_id"]
    _endpoint(store, endpoint_id)
    del store.webhooks[endpoint_id]
    store.sink.remove(endpoint_id)
    return None
