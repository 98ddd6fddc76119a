"""All operations of ``spec/openapi.json``: the exact request each sends, every response field
read back, and responses from a newer API (unknown enum values and fields) still decoding."""

from __future__ import annotations

import json

import pytest
from pytest_httpx import HTTPXMock

from pingram import Pingram
from pingram._operations import ALL

from ..conftest import API_KEY, BASE_URL
from ..spec_cases import CASES, FUTURE_CASES, FUTURE_ENUM, SpecCase, as_wire, method_of
from ..spec_cases import without_future_fields as known_part


def _respond(httpx_mock: HTTPXMock, case: SpecCase) -> None:
    if case.response is None:
        httpx_mock.add_response(status_code=case.status)
    else:
        httpx_mock.add_response(status_code=case.status, json=case.response)


def _assert_request(httpx_mock: HTTPXMock, case: SpecCase) -> None:
    request = httpx_mock.get_request()
    assert request is not None
    assert request.method == case.method
    assert str(request.url) == BASE_URL + case.url
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    if case.body is None:
        assert request.content == b""
    else:
        assert request.headers["Content-Type"] == "application/json"
        assert json.loads(request.content) == case.body


def test_the_spec_has_134_operations_and_the_sdk_all_of_them() -> None:
    assert len(CASES) == 134
    assert {case.name for case in CASES} == set(ALL)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_operation_sends_exact_request_and_returns_every_field(
    client: Pingram, httpx_mock: HTTPXMock, case: SpecCase
) -> None:
    _respond(httpx_mock, case)
    result = await method_of(client, case)(*case.args)
    _assert_request(httpx_mock, case)
    assert as_wire(result) == case.response


@pytest.mark.parametrize("case", [c for c in CASES if c.body], ids=lambda c: c.name)
async def test_operation_sends_a_model_body_exactly_like_the_dict(
    client: Pingram, httpx_mock: HTTPXMock, case: SpecCase
) -> None:
    model = ALL[case.name].body
    assert model is not None
    args = tuple(model.from_dict(a) if a is case.body else a for a in case.args)  # type: ignore[attr-defined]
    _respond(httpx_mock, case)
    await method_of(client, case)(*args)
    _assert_request(httpx_mock, case)


@pytest.mark.parametrize("case", FUTURE_CASES, ids=[case.name for case in FUTURE_CASES])
async def test_response_from_a_newer_api_decodes_and_keeps_unknown_enum_values(
    client: Pingram, httpx_mock: HTTPXMock, case: SpecCase
) -> None:
    _respond(httpx_mock, case)
    result = await method_of(client, case)(*case.args)
    assert as_wire(result) == known_part(case.response)
    if FUTURE_ENUM in json.dumps(case.response):
        assert FUTURE_ENUM in json.dumps(as_wire(result))
