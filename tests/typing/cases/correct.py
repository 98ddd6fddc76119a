"""Code a user writes against the SDK: both checkers accept all of it."""

from __future__ import annotations

from typing import List

from typing_extensions import assert_type

import pingram
from pingram import (
    Pingram,
    PingramSync,
    Recipient,
    SenderPostBody,
    SenderPostBodyParam,
    SenderPostResponse,
)
from pingram.api_response import ApiResponse
from pingram.models import Broadcast, EmailContent, GetUsersResponse, PostUserRequest

assert_type(pingram.SenderPostBody, type[SenderPostBody])
assert_type(pingram.Recipient, type[Recipient])
# 1.x's names are our models' (the schema names of the spec).
assert_type(pingram.SenderPostBodyTo, type[Recipient])
assert_type(pingram.models.SenderPostBodyTo, type[Recipient])


async def send_both_ways(client: Pingram) -> List[str]:
    struct = SenderPostBody(
        type="order_shipped",
        to=Recipient(id="user-42", email="ada@example.com"),
        force_channels=["EMAIL", "SMS"],
        email=EmailContent(subject="Shipped", html="<p>On its way</p>"),
    )
    as_dict: SenderPostBodyParam = {
        "type": "order_shipped",
        "to": {"id": "user-42", "email": "ada@example.com"},
        "forceChannels": ["EMAIL"],
        "email": {"subject": "Shipped", "html": "<p>On its way</p>"},
        "templateId": None,
    }
    first = await client.send(struct)
    second = await client.send(as_dict, extra_body={"newOption": True}, timeout=3)
    third = await client.send({"type": "welcome", "to": {"id": "user-42"}, "mergeTags": {}})
    assert_type(first, SenderPostResponse)
    return [r.tracking_id or "" for r in (first, second, third)]


async def walk(client: Pingram) -> List[Broadcast]:
    await client.user.user_identify("user-42", {"email": "ada@example.com", "timezone": "UTC"})
    await client.user.user_identify("user-43", PostUserRequest(email="bob@example.com"))
    return [broadcast async for broadcast in client.broadcasts.iter_broadcasts(limit=50)]


def blocking(client: PingramSync) -> int:
    client.sms.sms_send({"type": "otp", "to": "+15005550006", "message": "4242", "from": "Shop"})
    return sum(1 for _ in client.users.iter_users(limit=100))


async def official_calls(client: Pingram) -> None:
    # 1.x's spelling: the official quick start, the DefaultApi, a _with_http_info twin.
    body = SenderPostBody(notification_id="welcome", to=pingram.SenderPostBodyTo(id="user_123"))
    assert_type(await client.default_api.send(sender_post_body=body), SenderPostResponse)
    info = await client.default_api.send_with_http_info(body)
    assert_type(info, ApiResponse[SenderPostResponse])
    assert_type(info.status_code, int)
    users: pingram.UsersApi = client.users
    assert_type((await users.users_list_users_with_http_info(10)).data, GetUsersResponse)


def official_blocking(client: PingramSync) -> bool:
    info = client.sms.sms_send_with_http_info({"type": "otp", "to": "+15005550006"})
    return info.data.tracking_id is None
