"""1.x's ``<operation>_with_http_info`` twins and ``*Api`` classes, on both clients."""

from __future__ import annotations

import inspect
import json

import pytest
from pytest_httpx import HTTPXMock

from pingram import NotFoundError, Pingram, SenderPostBody, SenderPostBodyTo
from pingram._async import resources
from pingram._operations import ALL as OPERATIONS
from pingram.api_response import ApiResponse
from pingram.emulator import Emulator
from pingram.exceptions import NotFoundException

BODY = SenderPostBody(type="welcome", to=SenderPostBodyTo(id="user_123"))


async def test_a_twin_answers_the_result_beside_the_http_response(
    emulator_client: Pingram, pingram_emulator: Emulator
) -> None:
    info = await emulator_client.default_api.send_with_http_info(BODY)
    assert isinstance(info, ApiResponse)
    assert info.status_code == 200
    assert info.headers is not None
    assert info.headers["Content-Type"].startswith("application/json")
    assert json.loads(info.raw_data)["trackingId"] == info.data.tracking_id
    assert pingram_emulator.sent == [{"type": "welcome", "to": {"id": "user_123"}}]


async def test_a_twin_takes_the_operations_arguments_by_position(
    emulator_client: Pingram,
) -> None:
    info = await emulator_client.users.users_list_users_with_http_info(5, None)
    assert info.data.users == []
    assert json.loads(info.raw_data)["users"] == []


async def test_a_twin_of_an_operation_answering_204_has_no_data(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(status_code=204)
    info = await client.components.components_delete_component_with_http_info("c1")
    assert (info.status_code, info.data, info.raw_data) == (204, None, b"")


async def test_a_retried_call_answers_the_response_it_ended_with(
    client: Pingram, httpx_mock: HTTPXMock, no_backoff: list[float]
) -> None:
    httpx_mock.add_response(status_code=503, json={"message": "busy"})
    httpx_mock.add_response(json=[], headers={"X-Attempt": "2"})
    info = await client.domains.domains_list_domains_with_http_info()
    assert (info.status_code, info.headers and info.headers["X-Attempt"]) == (200, "2")
    assert len(httpx_mock.get_requests()) == 2


async def test_a_twin_raises_what_its_operation_raises(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(status_code=404, json={"message": "no such type"})
    with pytest.raises(NotFoundError) as caught:
        await client.types.types_get_notification_type_with_http_info("nope")
    assert isinstance(caught.value, NotFoundException)
    assert caught.value.status == 404


async def test_every_operation_has_its_twin_with_the_same_parameters(client: Pingram) -> None:
    for op in OPERATIONS.values():
        namespace = getattr(client, op.namespace or "default_api")
        plain = inspect.signature(getattr(namespace, op.name)).parameters
        twin = inspect.signature(getattr(namespace, f"{op.name}_with_http_info")).parameters
        assert list(twin.items()) == list(plain.items()), op.name


async def test_1x_api_classes_are_the_namespace_classes(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    assert type(client.users) is resources.UsersApi
    assert type(client.default_api) is resources.DefaultApi
    httpx_mock.add_response(json={"users": [{"id": "u1"}]})
    users = await resources.UsersApi(client).users_list_users()
    assert [user.id for user in users.users or []] == ["u1"]
