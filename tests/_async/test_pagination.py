"""Every cursor list walks all its pages: each page requested once, nothing skipped or repeated.

Each ``iter_...`` method runs against the emulator over more than one page, and yields
exactly what one large page lists, in the same order. A server that hands back a token
it returned before stops the walk with ``PingramError`` instead of looping.
"""

from __future__ import annotations

import re
from typing import Any, AsyncIterator, Callable, Dict, List

import pytest
from pytest_httpx import HTTPXMock

from pingram import Pingram, PingramError
from pingram.emulator import Emulator
from pingram.models import (
    BroadcastAudience,
    CreateBroadcastRequest,
    CreateLibraryRequest,
    EmailContent,
    PostUserRequest,
    Recipient,
    SenderPostBody,
    VoiceAgentSpec,
    VoiceCallRequest,
)

from ..conftest import BASE_URL

#: A complete voice agent, as the emulator demands of a call.
AGENT_SPEC = VoiceAgentSpec.from_dict(
    {
        "name": "Ada",
        "instructions": "Confirm the appointment.",
        "inbound": {"firstAction": "speak", "greeting": "Hi, this is Ada."},
        "outbound": {"firstAction": "speak", "opener": "Hello!", "voicemailAction": "hangup"},
        "model": {
            "mode": "s2s",
            "model": "openai:gpt-realtime",
            "voiceId": "marin",
            "temperature": 0.7,
            "maxTokens": 1024,
        },
        "tools": [],
        "variables": [],
        "conversation": {
            "turnDetection": "semantic",
            "minEndOfTurnSilenceMs": 500,
            "allowInterruptions": True,
            "minInterruptionDurationMs": 300,
            "silenceTimeoutSeconds": 30,
            "maxCallLengthSeconds": 600,
        },
        "compliance": {"recordingEnabled": False},
    }
)


async def collect(items: AsyncIterator[Any], key: Callable[[Any], Any]) -> List[Any]:
    return [key(item) async for item in items]


def list_requests(emulator: Emulator, path: str, since: int) -> List[str]:
    """The paths (with query) of the GET requests to ``path`` after the first ``since``."""
    return [
        r.path
        for r in emulator.requests[since:]
        if r.method == "GET" and r.path.split("?")[0] == path
    ]


async def test_iter_users_walks_every_page_once(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    for n in range(5):
        await emulator_client.user.user_identify(f"user-{n}", PostUserRequest(email=f"{n}@e.com"))
    page = await emulator_client.users.users_list_users(limit=100)
    start = len(pingram_emulator.requests)

    walked = await collect(emulator_client.users.iter_users(limit=2), lambda u: u.id)

    assert walked == [u.id for u in page.users or []]
    assert sorted(walked) == [f"user-{n}" for n in range(5)]
    assert len(list_requests(pingram_emulator, "/users", start)) == 3


async def test_iter_logs_walks_every_page_once(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    for n in range(5):
        await emulator_client.send(
            SenderPostBody(
                type="welcome",
                to=Recipient(id=f"user-{n}", email=f"{n}@e.com"),
                email=EmailContent(subject="Hi", html="<p>Hi</p>"),
            )
        )
    page = await emulator_client.logs.logs_get_logs(limit=100)
    start = len(pingram_emulator.requests)

    walked = await collect(emulator_client.logs.iter_logs(limit=2), lambda m: m.tracking_id)

    assert walked == [m.tracking_id for m in page.messages or []]
    assert len(walked) == 5
    assert len(list_requests(pingram_emulator, "/logs", start)) == 3


async def create_broadcast(client: Pingram, name: str, emails: List[str]) -> str:
    broadcast = await client.broadcasts.broadcasts_create(
        CreateBroadcastRequest(
            name=name,
            type="newsletter",
            audience=BroadcastAudience(emails=emails),
            from_name="Shop",
            from_address="news@mail.pingram.io",
            subject="News",
            html="<p>News</p>",
        )
    )
    assert broadcast.broadcast_id
    return broadcast.broadcast_id


async def test_iter_broadcasts_walks_every_page_once(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    created = [await create_broadcast(emulator_client, f"b{n}", ["a@e.com"]) for n in range(5)]
    page = await emulator_client.broadcasts.broadcasts_list(limit=100)
    start = len(pingram_emulator.requests)

    walked = await collect(
        emulator_client.broadcasts.iter_broadcasts(limit=2), lambda b: b.broadcast_id
    )

    assert walked == [b.broadcast_id for b in page.broadcasts or []]
    assert walked == created[::-1]  # newest first
    assert len(list_requests(pingram_emulator, "/broadcasts", start)) == 3


async def test_iter_recipients_walks_every_page_once(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    emails = [f"reader-{n}@e.com" for n in range(5)]
    broadcast_id = await create_broadcast(emulator_client, "launch", emails)
    await emulator_client.broadcasts.broadcasts_send(broadcast_id)
    start = len(pingram_emulator.requests)

    walked = await collect(
        emulator_client.broadcasts.iter_recipients(broadcast_id, limit=2), lambda r: r.email
    )

    assert walked == emails
    path = f"/broadcasts/{broadcast_id}/recipients"
    assert len(list_requests(pingram_emulator, path, start)) == 3


async def test_iter_files_walks_every_page_once(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    created = []
    for n in range(5):
        file = await emulator_client.library.library_create(
            "media", CreateLibraryRequest(filename=f"image-{n}.png", content_type="image/png")
        )
        created.append(file.id)
    start = len(pingram_emulator.requests)

    walked = await collect(emulator_client.library.iter_files("media", limit=2), lambda f: f.id)

    assert walked == created[::-1]  # newest first
    assert len(list_requests(pingram_emulator, "/library/media", start)) == 3


async def test_iter_calls_walks_every_page_once(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    created = []
    for _ in range(5):
        call = await emulator_client.voice.voice_call(
            VoiceCallRequest(phone_number="+15005550006", spec=AGENT_SPEC)
        )
        created.append(call.tracking_id)
    start = len(pingram_emulator.requests)

    walked = await collect(emulator_client.voice.iter_calls(limit=2), lambda c: c.tracking_id)

    assert walked == created[::-1]  # newest first
    assert len(list_requests(pingram_emulator, "/voice/calls", start)) == 3


async def test_iter_invoices_walks_every_page_once(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    page = await emulator_client.account.account_list_invoices(limit=100)
    invoices = [i.id for i in page.invoices or []]
    assert len(invoices) > 10  # the emulator's account has a year of invoices
    start = len(pingram_emulator.requests)

    walked = await collect(emulator_client.account.iter_invoices(limit=5), lambda i: i.id)

    assert walked == invoices
    pages = -(-len(invoices) // 5)
    assert len(list_requests(pingram_emulator, "/account/invoices", start)) == pages


#: For each iterator: how to call it, the path it lists, and a page that hands back the
#: token ``"again"`` (as its next token, or as the id of its last item).
REPEATING_PAGES: Dict[str, Any] = {
    "users.iter_users": (
        (),
        "/users",
        {"users": [{"id": "u"}], "hasMore": True, "lastEvaluatedKey": "again"},
    ),
    "logs.iter_logs": ((), "/logs", {"messages": [{"trackingId": "t"}], "nextCursor": "again"}),
    "broadcasts.iter_broadcasts": (
        (),
        "/broadcasts",
        {"broadcasts": [{"broadcastId": "b"}], "nextToken": "again"},
    ),
    "broadcasts.iter_recipients": (
        ("b1",),
        "/broadcasts/b1/recipients",
        {"recipients": [{"email": "a@e.com"}], "nextToken": "again"},
    ),
    "library.iter_files": (
        ("media",),
        "/library/media",
        {"items": [{"id": "f"}], "nextToken": "again"},
    ),
    "voice.iter_calls": ((), "/voice/calls", {"calls": [{"trackingId": "c"}], "cursor": "again"}),
    "account.iter_invoices": (
        (),
        "/account/invoices",
        {"invoices": [{"id": "again"}], "hasMore": True},
    ),
}


@pytest.mark.parametrize("iterator", sorted(REPEATING_PAGES))
async def test_a_repeated_page_token_raises_instead_of_looping(
    client: Pingram, httpx_mock: HTTPXMock, iterator: str
) -> None:
    args, path, page = REPEATING_PAGES[iterator]
    httpx_mock.add_response(
        url=re.compile(rf"{re.escape(BASE_URL + path)}(\?.*)?"), json=page, is_reusable=True
    )
    namespace, method = iterator.split(".")
    walk = getattr(getattr(client, namespace), method)(*args)
    with pytest.raises(PingramError, match=rf"{iterator}: the API returned a page token"):
        async for _ in walk:
            pass
    # The first page, then the page its token asks for, whose token repeats: two requests.
    assert len(httpx_mock.get_requests()) == 2
