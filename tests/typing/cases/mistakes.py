"""One mistake a line: each marked line is an error for both checkers, and nothing else is.

A marker names the error each checker reports: ``# error: <mypy code> <pyright rule>``.
"""

from __future__ import annotations

from pingram import Pingram, SenderPostBody, SenderPostBodyTo
from pingram.models import Recipient

# A misspelt keyword of a model imported from the top level, and of a nested one.
SenderPostBody(type="welcome", force_chanels=["EMAIL"])  # error: call-arg reportCallIssue
SenderPostBody(type="welcome", to=Recipient(idd="user-42"))  # error: call-arg reportCallIssue
# The same, on 1.x's name of the model (the official quick start's).
SenderPostBody(type="t", to=SenderPostBodyTo(idd="user-42"))  # error: call-arg reportCallIssue
# An enumeration value the API does not document.
SenderPostBody(type="welcome", force_channels=["EMIAL"])  # error: list-item reportArgumentType


async def send(client: Pingram) -> None:
    send = client.send
    # A misspelt key in a dict body, at the top and nested; an unknown enumeration value.
    await send({"type": "t", "forceChanels": ["EMAIL"]})  # error: arg-type reportArgumentType
    await send({"type": "t", "to": {"idd": "user-42"}})  # error: arg-type reportArgumentType
    await send({"type": "t", "forceChannels": ["EMIAL"]})  # error: arg-type reportArgumentType
    # A key the API requires, left out.
    await client.sms.sms_send({"to": "+15005550006"})  # error: arg-type reportArgumentType
    # A misspelt parameter of an operation.
    await client.users.users_list_users(limt=10)  # error: call-arg reportCallIssue
