"""``health_health_check``: always OK, and needs no key, as in the API."""

from __future__ import annotations

from typing import Any

from .._common import Call
from .._registry import handler
from .._store import Store


@handler
def health_health_check(store: Store, call: Call) -> Any:
    return {"message": "OK"}
