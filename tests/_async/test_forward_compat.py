"""The API grows faster than the SDK: unknown values and fields are kept, never a crash."""

from __future__ import annotations

import json

import pytest
from pytest_httpx import HTTPXMock

from pingram import Pingram, PingramValidationError, SenderPostBody
from pingram.models import CreateBroadcastRequest, PostUserRequest, Recipient

from ..conftest import API_KEY, BASE_URL

SEND_OK = {"trackingId": "trk_1"}
BROADCAST = {
    "name": "November news",
    "audience": {"emails": ["ada@example.com"]},
    "fromName": "Shop",
    "fromAddress": "news@example.com",
    "subject": "News",
    "html": "<p>News</p>",
}


def _sent_json(httpx_mock: HTTPXMock) -> object:
    request = httpx_mock.get_request()
    assert request is not None
    return json.loads(request.content)


async def test_unknown_enum_value_in_a_response_is_kept(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json={"broadcastId": "b1", "status": "throttled_by_carrier"})
    broadcast = await client.broadcasts.broadcasts_get("b1")
    assert broadcast.status == "throttled_by_carrier"
    assert broadcast.to_dict() == {"broadcastId": "b1", "status": "throttled_by_carrier"}


async def test_unknown_enum_value_in_a_struct_request_is_sent_as_given(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json=SEND_OK)
    channels: list = ["CARRIER_PIGEON"]  # a value a newer API knows
    await client.send(SenderPostBody(type="t", to=Recipient(id="u1"), force_channels=channels))
    assert _sent_json(httpx_mock) == {
        "type": "t",
        "to": {"id": "u1"},
        "forceChannels": ["CARRIER_PIGEON"],
    }


async def test_unknown_enum_value_in_a_dict_request_is_sent_as_given(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json={"broadcastId": "b1"})
    body = {**BROADCAST, "channel": "sms"}
    await client.broadcasts.broadcasts_create(body)
    assert _sent_json(httpx_mock) == body


async def test_unknown_keys_in_a_dict_request_are_sent_at_any_depth(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json=SEND_OK)
    body = {
        "type": "welcome",
        "to": {"id": "u1", "loyaltyTier": "gold"},
        "mergeTags": {"name": "Ada"},
        "priorityLane": "fast",
        "templateId": None,
    }
    await client.send(body)
    # Known keys set to None are left out, as they are for a model.
    assert _sent_json(httpx_mock) == {
        "type": "welcome",
        "to": {"id": "u1", "loyaltyTier": "gold"},
        "mergeTags": {"name": "Ada"},
        "priorityLane": "fast",
    }


async def test_user_properties_reach_the_api(client: Pingram, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"id": "u1"})
    await client.user.user_identify("u1", {"email": "a@b.c", "properties": {"plan": "pro"}})
    assert _sent_json(httpx_mock) == {"email": "a@b.c", "properties": {"plan": "pro"}}


async def test_extra_headers_query_and_body_on_a_struct_body(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json={"id": "u1"})
    await client.user.user_identify(
        "u1",
        PostUserRequest(email="a@b.c"),
        extra_headers={"X-Beta": "segments"},
        extra_query={"dryRun": True},
        extra_body={"segments": ["vip"]},
    )
    request = httpx_mock.get_request()
    assert request is not None
    assert str(request.url) == f"{BASE_URL}/users/u1?dryRun=true"
    assert request.headers["X-Beta"] == "segments"
    assert request.headers.get_list("Authorization") == [f"Bearer {API_KEY}"]
    assert json.loads(request.content) == {"email": "a@b.c", "segments": ["vip"]}


async def test_extra_headers_cannot_replace_authorization(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    with pytest.raises(PingramValidationError, match="Authorization"):
        await client.user.user_get_user("u1", extra_headers={"AUTHORIZATION": "Bearer other"})
    assert httpx_mock.get_requests() == []


async def test_extra_body_on_an_operation_without_a_body(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json={"broadcastId": "b1"})
    await client.broadcasts.broadcasts_send("b1", extra_body={"notifyOwner": True})
    assert _sent_json(httpx_mock) == {"notifyOwner": True}


async def test_extra_body_on_a_model_keeps_its_fields(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json={"broadcastId": "b1"})
    request = CreateBroadcastRequest.from_dict(BROADCAST)
    await client.broadcasts.broadcasts_create(request, extra_body={"abTest": {"split": 50}})
    assert _sent_json(httpx_mock) == {**BROADCAST, "abTest": {"split": 50}}
