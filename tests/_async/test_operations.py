"""Every operation of the reference: the exact request it sends and the typed result."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

from pingram import Pingram

from ..conftest import API_KEY, BASE_URL
from ..operation_cases import BODY_CASES, CASES, Case


def _respond(httpx_mock: HTTPXMock, case: Case) -> None:
    if case.response is None:
        httpx_mock.add_response(status_code=case.status)
    else:
        httpx_mock.add_response(status_code=case.status, json=case.response)


def _assert_request(httpx_mock: HTTPXMock, case: Case) -> None:
    request = httpx_mock.get_request()
    assert request is not None
    assert request.method == case.method
    assert str(request.url) == BASE_URL + case.url
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    if case.wire is None:
        assert request.content == b""
    else:
        assert json.loads(request.content) == case.wire


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
async def test_operation_sends_exact_request_and_decodes_result(
    client: Pingram, httpx_mock: HTTPXMock, case: Case
) -> None:
    _respond(httpx_mock, case)
    result = await case.call(client, case.body)
    _assert_request(httpx_mock, case)
    assert case.check(result), result


@pytest.mark.parametrize("case", BODY_CASES, ids=[case.id for case in BODY_CASES])
async def test_operation_accepts_a_wire_format_dict_body(
    client: Pingram, httpx_mock: HTTPXMock, case: Case
) -> None:
    _respond(httpx_mock, case)
    result = await case.call(client, dict(case.wire))
    _assert_request(httpx_mock, case)
    assert case.check(result), result


async def test_every_operation_of_the_reference_has_a_case() -> None:
    from ..test_spec_operations import REFERENCE_CALLS

    documented = {call.split("(")[0].rsplit(".", 1)[1] for call in REFERENCE_CALLS}
    covered = {case.call.__code__.co_names[-1] for case in CASES}
    assert documented <= covered


async def test_per_call_timeout_and_retries_are_accepted(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json=[])
    assert await client.domains.domains_list_domains(timeout=3.0, max_retries=0) == []
    request = httpx_mock.get_request()
    assert request is not None
    assert request.extensions["timeout"] == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}


async def test_unknown_keyword_is_a_type_error(client: Pingram) -> None:
    bad: Any = {"timout": 3}
    with pytest.raises(TypeError):
        await client.domains.domains_list_domains(**bad)
