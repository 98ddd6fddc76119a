"""1.x's ways of making a client and of passing per-call options work unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_httpx import HTTPXMock

import pingram
from pingram import Pingram, PingramConfig, PingramValidationError, SenderPostBody

from ..conftest import API_KEY, BASE_URL

SEND_OK = {"trackingId": "trk_1"}

# -- construction ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "base_url"),
    [
        ({"api_key": API_KEY}, "https://api.pingram.io"),
        ({"api_key": API_KEY, "region": "eu"}, "https://api.eu.pingram.io"),
        ({"api_key": API_KEY, "region": "ca", "base_url": None}, "https://api.ca.pingram.io"),
        ({"api_key": API_KEY, "region": "eu", "base_url": "http://localhost:8787/"}, None),
    ],
)
async def test_a_config_dict_configures_the_client(
    httpx_mock: HTTPXMock, config: PingramConfig, base_url: str | None
) -> None:
    expected = base_url or "http://localhost:8787"
    httpx_mock.add_response(url=f"{expected}/send", json=SEND_OK)
    async with Pingram(config) as client:
        assert client.base_url == expected
        await client.send(SenderPostBody(type="t"))
    sent = httpx_mock.get_request()
    assert sent is not None
    assert sent.headers["Authorization"] == f"Bearer {API_KEY}"


async def test_a_config_dict_is_exported_and_typed_as_1x_defines_it() -> None:
    assert pingram.PingramConfig is PingramConfig
    assert PingramConfig.__total__ is False
    assert list(PingramConfig.__annotations__) == ["api_key", "region", "base_url"]


def test_a_config_dict_without_a_key_takes_it_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PINGRAM_API_KEY", "pingram_sk_from_env")
    client = Pingram({"region": "eu"})
    assert client.base_url == "https://api.eu.pingram.io"
    assert client._config.headers["Authorization"] == "Bearer pingram_sk_from_env"


def test_the_arguments_stand_for_what_a_config_dict_lacks() -> None:
    assert Pingram({"api_key": API_KEY}, "eu").base_url == "https://api.eu.pingram.io"
    assert Pingram({"api_key": API_KEY}, base_url=BASE_URL).base_url == BASE_URL
    assert Pingram({"api_key": API_KEY, "region": "ca"}, "eu").region == "ca"


def test_an_unknown_config_key_is_refused_naming_the_close_match() -> None:
    with pytest.raises(PingramValidationError) as info:
        Pingram({"api_key": API_KEY, "regoin": "eu"})  # type: ignore[typeddict-unknown-key]
    assert str(info.value).startswith(
        "PingramConfig has no key 'regoin' (did you mean 'region'?): its keys are 'api_key', "
        "'region' and 'base_url'"
    )
    assert info.value.path == "regoin"


def test_a_bad_value_in_a_config_dict_is_refused_like_the_argument() -> None:
    with pytest.raises(PingramValidationError, match="Unknown region 'mars'"):
        Pingram({"api_key": API_KEY, "region": "mars"})  # type: ignore[typeddict-item]
    with pytest.raises(PingramValidationError, match="api_key must be a str, got int"):
        Pingram({"api_key": 42})  # type: ignore[typeddict-item]


def test_key_and_region_by_position_and_the_key_by_keyword() -> None:
    assert Pingram(API_KEY, "eu").base_url == "https://api.eu.pingram.io"
    assert Pingram(api_key=API_KEY).base_url == "https://api.pingram.io"


# -- per-call options -----------------------------------------------------------------------


async def test_request_timeout_in_seconds_is_the_call_timeout(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json=SEND_OK)
    await client.send(SenderPostBody(type="t"), _request_timeout=7.5)
    sent = httpx_mock.get_request()
    assert sent is not None
    assert sent.extensions["timeout"] == {"connect": 7.5, "read": 7.5, "write": 7.5, "pool": 7.5}


async def test_request_timeout_as_a_connect_read_pair(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json=SEND_OK)
    await client.send(SenderPostBody(type="t"), _request_timeout=(2, 9.0))
    sent = httpx_mock.get_request()
    assert sent is not None
    assert sent.extensions["timeout"] == {"connect": 2.0, "read": 9.0, "write": 9.0, "pool": 9.0}


@pytest.mark.parametrize("bad", [0, -1, float("nan"), "5", (1, 2, 3), (1, 0), True])
async def test_a_bad_request_timeout_is_refused_naming_it(
    client: Pingram, httpx_mock: HTTPXMock, bad: Any
) -> None:
    with pytest.raises(PingramValidationError, match=r"^send\(\): _request_timeout must be"):
        await client.send(SenderPostBody(type="t"), _request_timeout=bad)
    assert httpx_mock.get_requests() == []


async def test_headers_are_the_extra_headers(client: Pingram, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=[])
    await client.domains.domains_list_domains(_headers={"X-Compat": "1"}, _request_timeout=None)
    sent = httpx_mock.get_request()
    assert sent is not None
    assert sent.headers["X-Compat"] == "1"
    assert sent.headers["Authorization"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize("name", ["Authorization", "authorization"])
async def test_headers_cannot_replace_the_authorization(
    client: Pingram, httpx_mock: HTTPXMock, name: str
) -> None:
    with pytest.raises(PingramValidationError, match="_headers cannot set Authorization") as info:
        await client.send(SenderPostBody(type="t"), _headers={name: "Bearer pingram_sk_other"})
    assert "pingram_sk_other" not in str(info.value)
    assert httpx_mock.get_requests() == []


@pytest.mark.parametrize(
    ("options", "ours"),
    [
        ({"timeout": 5, "_request_timeout": 5}, "timeout"),
        ({"extra_headers": {"X-A": "1"}, "_headers": {"X-B": "2"}}, "extra_headers"),
    ],
)
async def test_an_option_and_its_1x_name_together_are_refused(
    client: Pingram, httpx_mock: HTTPXMock, options: dict[str, Any], ours: str
) -> None:
    with pytest.raises(TypeError, match=rf"^send\(\) got both {ours} and _"):
        await client.send(SenderPostBody(type="t"), **options)
    assert httpx_mock.get_requests() == []


@pytest.mark.parametrize(
    "options",
    [
        {"_request_auth": None, "_content_type": None, "_host_index": 0},
        {"_content_type": "application/json"},
        {"_content_type": "Application/JSON; charset=utf-8"},
    ],
)
async def test_the_other_1x_options_are_taken_at_the_values_that_change_nothing(
    client: Pingram, httpx_mock: HTTPXMock, options: dict[str, Any]
) -> None:
    httpx_mock.add_response(json=SEND_OK)
    await client.send(SenderPostBody(type="t"), **options)
    sent = httpx_mock.get_request()
    assert sent is not None
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["Authorization"] == f"Bearer {API_KEY}"
    assert sent.url == f"{BASE_URL}/send"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"_request_auth": {"type": "bearer", "value": "x"}}, "_request_auth must be None"),
        ({"_content_type": "text/plain"}, "_content_type must be None or 'application/json'"),
        ({"_host_index": 1}, "_host_index must be 0, got 1: choose the host with"),
        ({"_host_index": None}, "_host_index must be 0"),
    ],
)
async def test_the_other_1x_options_are_refused_at_other_values(
    client: Pingram, httpx_mock: HTTPXMock, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(PingramValidationError, match=rf"^users_list_users\(\): {message}"):
        await client.users.users_list_users(**options)
    assert httpx_mock.get_requests() == []
