"""``email_*``: direct email, and lifting email suppressions.

``email_send`` is a send forced onto the email channel (``sender.accept_send``): it is
logged, tracked and can be scheduled like ``send``, with the address as user id. A
``fromAddress`` that is not on a verified domain is replaced by the built-in sender.
"""

from __future__ import annotations

import re
from typing import Any, List

from .._common import ApiError, Call, required_text
from .._registry import handler
from .._store import Store
from .domains import is_verified
from .sender import send_as
from .users import lift_suppressions

#: The address an email is sent from when its ``fromAddress`` is not on a verified domain.
BUILTIN_SENDER = "notifications@pingram.io"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@handler
def email_send(store: Store, call: Call) -> Any:
    data = call.data
    type_id = required_text(data, "type")
    to = required_text(data, "to").strip()
    if not _EMAIL.match(to):
        raise ApiError(400, f"`to` must be an email address, got {to!r}")
    subject = required_text(data, "subject")
    html = required_text(data, "html")
    for attachment in data.get("attachments") or []:
        if not attachment.get("filename") or not attachment.get("url"):
            raise ApiError(400, "Every attachment needs a `filename` and a `url`")
    messages: List[str] = []
    sender = data.get("fromAddress")
    if sender and not is_verified(store, sender):
        messages.append(
            f"{sender} is not on a verified domain: the email was sent from {BUILTIN_SENDER}"
        )
        sender = BUILTIN_SENDER
    options = {
        "fromAddress": sender,
        "fromName": data.get("fromName"),
        "replyToAddresses": data.get("replyToAddresses"),
        "ccAddresses": data.get("ccAddresses"),
        "bccAddresses": data.get("bccAddresses"),
        "attachments": data.get("attachments"),
        "openTracking": data.get("openTracking"),
        "clickTracking": data.get("clickTracking"),
    }
    body = {
        "type": type_id,
        "to": {"id": to, "email": to},
        "forceChannels": ["EMAIL"],
        "email": {
            "subject": subject,
            "html": html,
            "previewText": data.get("previewText"),
            "senderName": data.get("fromName"),
            "senderEmail": sender,
        },
        "options": {"email": options},
        "schedule": data.get("schedule"),
    }
    result = send_as(store, body, call.raw)
    result["messages"] = messages + result["messages"]
    return result


@handler
def email_delete_suppressions(store: Store, call: Call) -> Any:
    """The API queues a background job; the emulator lifts them at once."""
    reason = call.params["reason"]
    lifted = lift_suppressions(store, reason)
    return {"message": f"Removing {reason} email suppressions ({len(lifted)} users)"}
