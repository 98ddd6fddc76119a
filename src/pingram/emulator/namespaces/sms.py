"""``sms_send``: a send forced onto the SMS channel (``sender.accept_send``), logged,
tracked and schedulable like ``send``, with the number as user id. ``from`` must be an
active number of the account."""

from __future__ import annotations

from typing import Any

from .._common import ApiError, Call, check_phone, required_text
from .._registry import handler
from .._store import Store
from .numbers import owns_number
from .sender import send_as


@handler
def sms_send(store: Store, call: Call) -> Any:
    data = call.data
    type_id = required_text(data, "type")
    to = check_phone(required_text(data, "to"), "to")
    message, media = data.get("message"), data.get("mediaUrls")
    if not message and not media:
        raise ApiError(400, "Pass `message`, `mediaUrls` or both")
    for url in media or []:
        if not str(url).startswith("https://"):
            raise ApiError(400, f"`mediaUrls` must be public HTTPS URLs, got {url!r}")
    sender = data.get("from")
    if sender:
        sender = check_phone(sender, "from")
        if not owns_number(store, sender):
            raise ApiError(
                400, f"`from` must be a phone number of this account, and {sender} is not"
            )
    body = {
        "type": type_id,
        "to": {"id": to, "number": to},
        "forceChannels": ["SMS"],
        "sms": {"message": message, "mediaUrls": media, "from": sender},
        "schedule": data.get("schedule"),
    }
    return send_as(store, body, call.raw)
