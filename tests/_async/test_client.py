"""The client itself: configuration, headers, lifecycle, send() end to end, errors."""

from __future__ import annotations

import json
import pickle
import platform
import re
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from pytest_httpx import HTTPXMock

import pingram
from pingram import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    Pingram,
    PingramError,
    PingramValidationError,
    RateLimitError,
    SenderPostBody,
    SenderPostResponse,
    UnprocessableEntityError,
)

from ..conftest import API_KEY, BASE_URL
from ..http_clients import HttpStack
from ..payloads import FULL_SEND_WIRE, full_send_body
from ..servers import closed_port_url

SEND_OK = {"trackingId": "trk_123", "messages": ["queued"]}


# -- send() end to end over a real socket ---------------------------------------------------


@pytest.mark.transport
@pytest.mark.parametrize("form", ["struct", "dict"])
async def test_send_full_body_over_loopback_is_exactly_the_spec_json(
    httpserver: HTTPServer, form: str
) -> None:
    httpserver.expect_oneshot_request("/send", method="POST").respond_with_json(SEND_OK)
    body: Any = full_send_body() if form == "struct" else FULL_SEND_WIRE
    async with Pingram(api_key=API_KEY, base_url=httpserver.url_for("")) as client:
        result = await client.send(body)

    assert isinstance(result, SenderPostResponse)
    assert result.tracking_id == "trk_123"
    assert result.messages == ["queued"]
    ((request, _),) = httpserver.log
    assert json.loads(request.get_data()) == FULL_SEND_WIRE
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"


async def test_send_omits_unset_fields(client: Pingram, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=SEND_OK)
    await client.send(SenderPostBody(type="welcome", parameters={"name": None}))
    sent = httpx_mock.get_request()
    assert sent is not None
    # A value the caller set to null inside a free-form map is kept; unset fields are absent.
    assert json.loads(sent.content) == {"type": "welcome", "parameters": {"name": None}}


async def test_send_dict_drops_explicit_nulls_of_unset_fields(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json=SEND_OK)
    await client.send({"type": "welcome", "templateId": None, "to": {"id": "u1"}})
    sent = httpx_mock.get_request()
    assert sent is not None
    assert json.loads(sent.content) == {"type": "welcome", "to": {"id": "u1"}}


# -- construction ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "host"),
    [("us", "api.pingram.io"), ("eu", "api.eu.pingram.io"), ("ca", "api.ca.pingram.io")],
)
async def test_region_selects_base_url(httpx_mock: HTTPXMock, region: Any, host: str) -> None:
    httpx_mock.add_response(url=f"https://{host}/send", json=SEND_OK)
    async with Pingram(api_key=API_KEY, region=region) as client:
        assert client.base_url == f"https://{host}"
        await client.send(SenderPostBody(type="t"))


async def test_default_region_is_us() -> None:
    async with Pingram(API_KEY) as client:
        assert client.region == "us"
        assert client.base_url == "https://api.pingram.io"


async def test_base_url_overrides_region(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=SEND_OK)
    async with Pingram(api_key=API_KEY, region="eu", base_url="http://localhost:8787/") as client:
        assert client.base_url == "http://localhost:8787"
        await client.send(SenderPostBody(type="t"))
    sent = httpx_mock.get_request()
    assert sent is not None
    assert str(sent.url) == "http://localhost:8787/send"


async def test_base_url_from_environment(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINGRAM_BASE_URL", "http://127.0.0.1:9999")
    httpx_mock.add_response(json=SEND_OK)
    async with Pingram(api_key=API_KEY) as client:
        assert client.base_url == "http://127.0.0.1:9999"
        await client.send(SenderPostBody(type="t"))
    sent = httpx_mock.get_request()
    assert sent is not None
    assert str(sent.url) == "http://127.0.0.1:9999/send"


async def test_api_key_surrounding_whitespace_is_ignored(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=SEND_OK)
    async with Pingram(api_key=f" {API_KEY}\n", base_url=BASE_URL) as client:
        await client.send(SenderPostBody(type="t"))
    sent = httpx_mock.get_request()
    assert sent is not None
    assert sent.headers["Authorization"] == f"Bearer {API_KEY}"


async def test_api_key_from_environment(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINGRAM_API_KEY", "pingram_sk_from_env")
    httpx_mock.add_response(json=SEND_OK)
    async with Pingram(base_url=BASE_URL) as client:
        await client.send(SenderPostBody(type="t"))
    sent = httpx_mock.get_request()
    assert sent is not None
    assert sent.headers["Authorization"] == "Bearer pingram_sk_from_env"


async def test_explicit_api_key_wins_over_environment(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINGRAM_API_KEY", "pingram_sk_from_env")
    httpx_mock.add_response(json=SEND_OK)
    async with Pingram(API_KEY, base_url=BASE_URL) as client:
        await client.send(SenderPostBody(type="t"))
    sent = httpx_mock.get_request()
    assert sent is not None
    assert sent.headers["Authorization"] == f"Bearer {API_KEY}"


def test_missing_api_key_names_argument_and_environment_variable() -> None:
    with pytest.raises(PingramError, match=r"api_key.*PINGRAM_API_KEY"):
        Pingram()


@pytest.mark.parametrize("bad", ["pingram_sk_a b", "pingram_sk_x\ny", "pingram_sk_\x00"])
def test_api_key_with_whitespace_or_control_characters_is_refused_without_echo(bad: str) -> None:
    with pytest.raises(PingramError, match="spaces or control characters") as info:
        Pingram(api_key=bad)
    assert bad.strip() not in str(info.value)


def test_api_key_must_be_a_string() -> None:
    with pytest.raises(PingramError, match="must be a str, got bytes"):
        Pingram(api_key=b"pingram_sk_x")  # type: ignore[arg-type]


def test_base_url_needs_a_scheme() -> None:
    with pytest.raises(ValueError, match="base_url must start with http"):
        Pingram(api_key=API_KEY, base_url="api.pingram.io")


def test_unknown_region_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"'us', 'eu', 'ca'") as info:
        Pingram(api_key=API_KEY, region="mars")  # type: ignore[arg-type]
    assert "mars" in str(info.value)


@pytest.mark.parametrize("bad", [0, -1, "5", True])
def test_bad_timeout_is_rejected(bad: Any) -> None:
    with pytest.raises(PingramValidationError, match="timeout"):
        Pingram(api_key=API_KEY, timeout=bad)


@pytest.mark.parametrize("bad", [-1, 1.5, "2"])
def test_bad_max_retries_is_rejected(bad: Any) -> None:
    with pytest.raises(PingramValidationError, match="max_retries"):
        Pingram(api_key=API_KEY, max_retries=bad)


# -- headers ----------------------------------------------------------------------------


async def test_request_headers(client: Pingram, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="POST", json=SEND_OK)
    httpx_mock.add_response(method="GET", json=[])
    await client.send(SenderPostBody(type="t"))
    await client.domains.domains_list_domains()
    post, get = httpx_mock.get_requests()
    for request in (post, get):
        assert request.headers["Authorization"] == f"Bearer {API_KEY}"
        assert request.headers["Accept"] == "application/json"
        assert request.headers["User-Agent"] == (
            f"pingram-python/{pingram.__version__} python/{platform.python_version()}"
        )
    assert post.headers["Content-Type"] == "application/json"
    assert "Content-Type" not in get.headers


async def test_default_headers_are_sent(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=SEND_OK)
    headers = {"X-Request-Source": "billing"}
    async with Pingram(API_KEY, base_url=BASE_URL, default_headers=headers) as client:
        await client.send(SenderPostBody(type="t"))
    sent = httpx_mock.get_request()
    assert sent is not None
    assert sent.headers["X-Request-Source"] == "billing"
    assert sent.headers["Authorization"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize(
    "name", ["Authorization", "authorization", "AUTHORIZATION", "AuThOrIzAtIoN"]
)
async def test_default_headers_cannot_set_authorization_in_any_case(
    httpx_mock: HTTPXMock, name: str
) -> None:
    other = {name: "Bearer pingram_sk_someone_else"}
    with pytest.raises(PingramValidationError, match="cannot set Authorization") as info:
        Pingram(API_KEY, base_url=BASE_URL, default_headers=other)
    assert "someone_else" not in str(info.value)
    httpx_mock.add_response(json=SEND_OK)
    async with Pingram(API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(PingramValidationError, match="cannot set Authorization"):
            client.with_options(default_headers=other)
        await client.send(SenderPostBody(type="t"))
    sent = httpx_mock.get_request()
    assert sent is not None
    assert sent.headers.get_list("Authorization") == [f"Bearer {API_KEY}"]


# -- lifecycle ----------------------------------------------------------------------------


async def test_plain_use_then_close(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=SEND_OK)
    client = Pingram(API_KEY, base_url=BASE_URL)
    assert (await client.send(SenderPostBody(type="t"))).tracking_id == "trk_123"
    await client.close()
    await client.close()  # harmless
    assert client.is_closed


async def test_call_after_close_raises_a_clear_error() -> None:
    async with Pingram(API_KEY, base_url=BASE_URL) as client:
        pass
    with pytest.raises(PingramError, match=r"send\(\): the client is closed"):
        await client.send(SenderPostBody(type="t"))
    with pytest.raises(PingramError, match="closed"):
        await client.users.users_list_users()


@pytest.mark.transport
async def test_caller_owned_http_client_is_left_open(
    httpx_mock: HTTPXMock, http_stack: HttpStack
) -> None:
    httpx_mock.add_response(json=SEND_OK)
    async with http_stack.lib.AsyncClient() as http:
        async with Pingram(API_KEY, base_url=BASE_URL, http_client=http) as client:
            await client.send(SenderPostBody(type="t"))
        assert client.is_closed
        assert not http.is_closed


@pytest.mark.transport
async def test_caller_http_client_headers_and_params_are_kept(
    httpx_mock: HTTPXMock, http_stack: HttpStack
) -> None:
    httpx_mock.add_response(json=SEND_OK, is_reusable=True)
    async with http_stack.lib.AsyncClient(headers={"X-Proxy-Token": "p1"}) as http:
        client = Pingram(API_KEY, base_url=BASE_URL, http_client=http)
        await client.send(SenderPostBody(type="t"))
        http.headers["X-Proxy-Token"] = "p2"
        http.params = http_stack.lib.QueryParams({"tenant": "acme"})
        await client.send(SenderPostBody(type="t"))
    first, second = httpx_mock.get_requests()
    assert first.headers["X-Proxy-Token"] == "p1"
    assert second.headers["X-Proxy-Token"] == "p2"
    assert second.url.params["tenant"] == "acme"
    for request in (first, second):
        assert request.headers["Authorization"] == f"Bearer {API_KEY}"
        assert request.headers["User-Agent"].startswith("pingram-python/")


@pytest.mark.transport
async def test_closed_caller_http_client_raises_pingram_error(http_stack: HttpStack) -> None:
    http = http_stack.lib.AsyncClient()
    await http.aclose()
    client = Pingram(API_KEY, base_url=BASE_URL, http_client=http)
    with pytest.raises(PingramError, match="closed"):
        await client.send(SenderPostBody(type="t"))


async def test_repr_shows_region_and_base_url_never_the_key(client: Pingram) -> None:
    text = repr(client)
    assert "region='us'" in text
    assert BASE_URL in text
    for shown in (text, str(client), repr(client.domains), repr(client._config)):
        assert API_KEY not in shown


# -- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (402, PaymentRequiredError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
        (418, APIStatusError),
    ],
)
async def test_status_maps_to_error_class(
    client: Pingram, httpx_mock: HTTPXMock, status: int, error_class: type[APIStatusError]
) -> None:
    httpx_mock.add_response(status_code=status, json={"message": "Something specific"})
    with pytest.raises(error_class) as info:
        await client.send(SenderPostBody(type="t"), max_retries=0)
    error = info.value
    assert type(error) is error_class
    assert error.status_code == status
    assert error.json_body == {"message": "Something specific"}
    assert json.loads(error.body) == {"message": "Something specific"}  # the text, as in 1.x
    assert error.message == "Something specific"
    assert error.method == "POST"
    assert error.url == f"{BASE_URL}/send"
    assert error.response.status_code == status
    assert f"{status}" in str(error)
    assert "Something specific" in str(error)
    assert API_KEY not in str(error)
    assert API_KEY not in repr(error)


@pytest.mark.transport
async def test_a_status_error_from_a_real_call_pickles_without_the_key(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_oneshot_request("/send", method="POST").respond_with_json(
        {"message": "Bad type"}, status=400, headers={"X-Request-Id": "req-1"}
    )
    async with Pingram(api_key=API_KEY, base_url=httpserver.url_for("")) as client:
        with pytest.raises(BadRequestError) as info:
            await client.send({"type": "t", "to": {"id": "u1", "email": "ada@example.com"}})
    error = info.value
    assert error.response.request.headers["Authorization"] == f"Bearer {API_KEY}"

    data = pickle.dumps(error)
    assert API_KEY.encode() not in data
    assert b"Bearer" not in data
    assert b"ada@example.com" not in data  # nor the request body
    restored = pickle.loads(data)
    assert type(restored) is BadRequestError
    assert str(restored) == str(error)
    assert (restored.status_code, restored.message, restored.body) == (400, "Bad type", error.body)
    assert (restored.method, restored.url) == ("POST", error.url)
    assert restored.response.status_code == 400
    assert restored.response.json() == {"message": "Bad type"}
    assert restored.response.headers["X-Request-Id"] == "req-1"
    assert restored.response.request.method == "POST"
    assert str(restored.response.request.url) == error.url
    assert "Authorization" not in restored.response.request.headers
    # The error raised in this process keeps everything.
    assert error.response.request.headers["Authorization"] == f"Bearer {API_KEY}"


@pytest.mark.transport
async def test_a_connection_error_from_a_real_call_pickles() -> None:
    async with Pingram(api_key=API_KEY, base_url=closed_port_url(), max_retries=0) as client:
        with pytest.raises(APIConnectionError) as info:
            await client.send(SenderPostBody(type="t"))
    data = pickle.dumps(info.value)
    assert API_KEY.encode() not in data
    restored = pickle.loads(data)
    assert type(restored) is type(info.value)
    assert str(restored) == str(info.value)
    assert (restored.method, restored.url) == ("POST", info.value.url)


async def test_error_message_falls_back_to_body_text(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(status_code=400, text="plain words")
    with pytest.raises(BadRequestError, match="plain words") as info:
        await client.send(SenderPostBody(type="t"))
    assert info.value.body == "plain words"


async def test_validation_error_names_the_field_and_sends_nothing(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    with pytest.raises(PingramValidationError) as info:
        await client.send({"type": "t", "to": {"email": 42}})
    error = info.value
    assert isinstance(error, ValueError)
    assert error.path == "$.to.email"
    assert "$.to.email" in str(error)
    assert "sender_post_body" in str(error)
    assert httpx_mock.get_requests() == []


async def test_missing_required_nested_field_in_dict_is_named(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    with pytest.raises(PingramValidationError, match=re.escape("$.email")):
        await client.send({"type": "t", "email": {"subject": "no html"}})
    assert httpx_mock.get_requests() == []


async def test_struct_holding_a_value_json_cannot_carry_is_rejected_before_sending(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    with pytest.raises(PingramValidationError, match="sender_post_body cannot be encoded"):
        await client.send(SenderPostBody(type="t", parameters={"when": object()}))
    assert httpx_mock.get_requests() == []


async def test_body_of_the_wrong_type_is_rejected(client: Pingram) -> None:
    with pytest.raises(PingramValidationError, match="SenderPostBody or a dict"):
        await client.send("not a body")  # type: ignore[arg-type]


async def test_empty_path_parameter_is_rejected_before_sending(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    with pytest.raises(PingramValidationError, match="user_id must be a non-empty string"):
        await client.user.user_get_user("")
    assert httpx_mock.get_requests() == []
