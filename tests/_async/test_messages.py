"""Errors that say what to do: a misspelt keyword, a bad configuration, an unreachable host."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

from pingram import (
    APIConnectionError,
    APITimeoutError,
    Pingram,
    PingramError,
    PingramValidationError,
    SenderPostBody,
)

from ..conftest import API_KEY, BASE_URL
from ..http_clients import HttpClientFactory
from ..servers import closed_port_url

# -- a keyword argument no operation takes -------------------------------------------------


async def test_misspelt_parameter_names_the_operation_and_the_close_match(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    with pytest.raises(TypeError) as info:
        await client.logs.logs_get_logs(limt=5)  # type: ignore[call-arg]
    assert str(info.value) == (
        "logs_get_logs() got an unexpected keyword argument 'limt'; did you mean 'limit'?"
    )
    assert httpx_mock.get_requests() == []


async def test_misspelt_option_names_the_close_match(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    with pytest.raises(TypeError) as info:
        await client.send(SenderPostBody(type="t"), extra_header={"X-A": "1"})  # type: ignore[call-arg]
    assert str(info.value) == (
        "send() got an unexpected keyword argument 'extra_header'; did you mean 'extra_headers'?"
    )
    with pytest.raises(TypeError, match=r"^users_list_users\(\) .* did you mean 'timeout'\?$"):
        await client.users.users_list_users(timout=3)  # type: ignore[call-arg]
    assert httpx_mock.get_requests() == []


async def test_unknown_keyword_without_a_close_match_lists_what_the_operation_takes(
    client: Pingram,
) -> None:
    with pytest.raises(TypeError) as info:
        await client.logs.logs_get_logs(page_size=5)  # type: ignore[call-arg]
    assert str(info.value) == (
        "logs_get_logs() got an unexpected keyword argument 'page_size'; it takes limit, "
        "cursor, and the per-call options timeout, max_retries, max_response_size, "
        "extra_headers, extra_query, extra_body"
    )


async def test_misspelt_keyword_through_an_iterator_names_the_listing_operation(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    with pytest.raises(TypeError, match=r"^logs_get_logs\(\) .*'limt'; did you mean 'limit'\?$"):
        async for _ in client.logs.iter_logs(limt=5):  # type: ignore[call-arg]
            pass
    assert httpx_mock.get_requests() == []


async def test_misspelt_keyword_of_send_many_names_it_before_anything_is_sent(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    bodies = [SenderPostBody(type="t")] * 3
    with pytest.raises(TypeError) as info:
        await client.send_many(bodies, concurency=2)  # type: ignore[call-arg]
    assert str(info.value) == (
        "send_many() got an unexpected keyword argument 'concurency'; did you mean 'concurrency'?"
    )
    assert httpx_mock.get_requests() == []


# -- configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "suggested"),
    [
        ("api.pingram.io", "https://api.pingram.io"),
        ("localhost:8787", "http://localhost:8787"),
        ("127.0.0.1:8787/", "http://127.0.0.1:8787/"),
        ("htps://api.pingram.io", "https://api.pingram.io"),
    ],
)
def test_base_url_without_a_scheme_suggests_one(given: str, suggested: str) -> None:
    with pytest.raises(PingramValidationError) as info:
        Pingram(api_key=API_KEY, base_url=given)
    assert isinstance(info.value, ValueError)
    assert info.value.path == "base_url"
    assert str(info.value) == (
        f"base_url must start with http:// or https://, got {given!r}; did you mean {suggested!r}?"
    )


def test_base_url_from_the_environment_is_named_as_such(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PINGRAM_BASE_URL", "localhost:8787")
    with pytest.raises(PingramValidationError, match=r"^PINGRAM_BASE_URL must start with") as info:
        Pingram(api_key=API_KEY)
    assert info.value.path == "PINGRAM_BASE_URL"


@pytest.mark.parametrize(
    "url",
    ["https://user:hunter2@api.pingram.io", "http://:hunter2@localhost:8787", "hunter2@host"],
)
def test_base_url_with_credentials_is_refused_without_showing_them(url: str) -> None:
    # httpx would send them as Basic credentials in place of the api_key.
    with pytest.raises(PingramValidationError, match="base_url") as info:
        Pingram(api_key=API_KEY, base_url=url)
    assert "hunter2" not in str(info.value)


def test_base_url_query_is_not_shown() -> None:
    with pytest.raises(PingramValidationError, match="query string") as info:
        Pingram(api_key=API_KEY, base_url="https://api.pingram.io/?token=hunter2")
    assert "hunter2" not in str(info.value)


@pytest.mark.parametrize("region", ["mars", "EU", None, ["eu"]])
def test_unknown_region_is_a_validation_error_listing_the_regions(region: Any) -> None:
    with pytest.raises(PingramValidationError, match=r"'us', 'eu', 'ca', or base_url=") as info:
        Pingram(api_key=API_KEY, region=region)
    assert isinstance(info.value, ValueError)
    assert info.value.path == "region"


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"api_key": 42}, "api_key"),
        ({"api_key": "pingram_sk_a b"}, "api_key"),
        ({"base_url": 8787}, "base_url"),
        ({"default_headers": [("X-A", "1")]}, "default_headers"),
        ({"timeout": -1}, "timeout"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_response_size": 0}, "max_response_size"),
        ({"http_client": object()}, "http_client"),
    ],
)
def test_every_bad_setting_is_a_validation_error_naming_it(
    arguments: dict[str, Any], path: str
) -> None:
    arguments.setdefault("api_key", API_KEY)
    with pytest.raises(PingramValidationError, match=path) as info:
        Pingram(**arguments)
    assert info.value.path == path


def test_a_missing_api_key_is_a_pingram_error() -> None:
    with pytest.raises(PingramError, match=r"api_key=\.\.\. .* PINGRAM_API_KEY"):
        Pingram()


# -- a host that cannot be reached ------------------------------------------------------------


@pytest.mark.transport
async def test_refused_connection_names_the_base_url_and_how_to_change_it(
    no_backoff: list[float], make_http_client: HttpClientFactory
) -> None:
    url = closed_port_url()
    http = make_http_client()
    async with Pingram(api_key=API_KEY, base_url=url, max_retries=1, http_client=http) as client:
        with pytest.raises(APIConnectionError) as info:
            await client.send(SenderPostBody(type="t"))
    message = str(info.value)
    assert message.startswith(f"POST {url}/send failed: ConnectError")
    assert message.endswith(
        f"; could not connect to {url}, the client's base_url: check that the server runs "
        "there, or pass another base_url=..."
    )
    assert message.count("could not connect") == 1, "added once, to the last attempt's error"
    assert API_KEY not in message


async def test_refused_connection_to_a_base_url_from_the_environment_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = closed_port_url()
    monkeypatch.setenv("PINGRAM_BASE_URL", url)
    async with Pingram(api_key=API_KEY, max_retries=0) as client:
        with pytest.raises(APIConnectionError) as info:
            await client.send(SenderPostBody(type="t"))
    assert str(info.value).endswith(
        f"; could not connect to {url}, the base URL set by PINGRAM_BASE_URL: check that the "
        "server runs there, or change PINGRAM_BASE_URL (or pass base_url=... to the client)"
    )


@pytest.mark.parametrize(
    ("error", "raised"),
    [(httpx.ConnectError, APIConnectionError), (httpx.ConnectTimeout, APITimeoutError)],
)
async def test_unreachable_region_names_its_url_and_how_to_choose_another(
    httpx_mock: HTTPXMock, error: type[Exception], raised: type[Exception]
) -> None:
    httpx_mock.add_exception(error("no route to host"))
    async with Pingram(api_key=API_KEY, region="eu", max_retries=0) as client:
        with pytest.raises(raised) as info:
            await client.send(SenderPostBody(type="t"))
    assert str(info.value).endswith(
        "; could not connect to https://api.eu.pingram.io, the base URL of region 'eu': check "
        "the network connection, or pass base_url=... (or set PINGRAM_BASE_URL) to use "
        "another host"
    )


async def test_other_transport_errors_get_no_connection_hint(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_exception(httpx.ReadError("reset by peer"))
    with pytest.raises(APIConnectionError) as info:
        await client.send(SenderPostBody(type="t"))
    assert str(info.value) == f"POST {BASE_URL}/send failed: ReadError: reset by peer"


def test_a_shown_url_never_carries_credentials() -> None:
    from pingram._config import url_shown

    assert url_shown("https://user:pw@host:8/p?token=t#f") == "https://...@host:8/p?..."
    assert url_shown("pw@host/x") == "...@host/x"
    assert url_shown("https://host/a@b") == "https://host/a@b"
    assert re.fullmatch(r"https://api\.pingram\.io", url_shown("https://api.pingram.io"))
