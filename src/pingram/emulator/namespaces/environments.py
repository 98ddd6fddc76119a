"""``environments_*``: the account's environments. It starts with one, ``clientId``
``emulator``, which every record belongs to; ``resetSecret`` rotates a secret."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from .._common import ENV_ID, ApiError, Call
from .._records import Environment, patch
from .._registry import handler
from .._store import Store


def seed(store: Store) -> None:
    """The environment every account starts with."""
    store.environments[ENV_ID] = _new(ENV_ID, "Default")


def _new(client_id: str, title: str) -> Environment:
    return Environment(
        client_id=client_id,
        client_secret=secrets.token_urlsafe(24),
        title=title,
        disable_sending=[],
        secure_mode=False,
    )


@handler
def environments_create_environment(store: Store, call: Call) -> Any:
    environment = _new(uuid.uuid4().hex, call.data["title"])
    store.environments[environment.client_id] = environment
    return environment


@handler
def environments_list_environments(store: Store, call: Call) -> Any:
    return list(store.environments.values())


@handler
def environments_update_environment(store: Store, call: Call) -> Any:
    environment = store.environments.get(call.params["client_id"])
    if environment is None:
        raise ApiError(404, f"No environment with clientId {call.params['client_id']!r}")
    data = call.data
    if data.pop("resetSecret", False):
        environment.client_secret = secrets.token_urlsafe(24)
    patch(environment, data)
    return environment
