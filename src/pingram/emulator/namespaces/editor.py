"""``editor_generate_editor_token``: a token for the email editor (a random string)."""

from __future__ import annotations

import secrets
from typing import Any

from .._common import Call
from .._registry import handler
from .._store import Store


@handler
def editor_generate_editor_token(store: Store, call: Call) -> Any:
    return {"access_token": "emulator-editor-" + secrets.token_urlsafe(24), "v2": True}
