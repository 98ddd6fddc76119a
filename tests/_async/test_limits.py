"""Hard limits: the wall-clock deadline of an attempt, the size of a response, and input or
responses that must end as a ``PingramError`` (never a stray exception). Real loopback servers
where a mock transport cannot show the behaviour."""

from __future__ import annotations

import gzip
import json
import math
import socket
import time
import tracemalloc
import zlib
from typing import Any, Dict

import httpx
import pytest
from pytest_httpserver import HTTPServer
from pytest_httpx import HTTPXMock

from pingram import (
    APIResponseValidationError,
    APITimeoutError,
    BadRequestError,
    InternalServerError,
    Pingram,
    PingramError,
    PingramValidationError,
    SenderPostBody,
)

from ..conftest import API_KEY, BASE_URL
from ..http_clients import HttpClientFactory, HttpStack
from ..servers import (
    TRICKLE_INTERVAL,
    endless_body,
    never_answer,
    raw_server,
    trickle_body,
    trickle_headers,
)

SEND_OK = {"trackingId": "trk_1", "messages": []}
BODY = SenderPostBody(type="welcome")
#: Slack for a loaded machine on top of the timeout; a trickle would take over 20 s.
MARGIN = 3.0


def _loopback(server: HTTPServer, **kwargs: Any) -> Pingram:
    return Pingram(api_key=API_KEY, base_url=server.url_for(""), **kwargs)


# -- the deadline of an attempt --------------------------------------------------------------


@pytest.mark.transport
@pytest.mark.parametrize("behaviour", [trickle_headers, trickle_body], ids=["headers", "body"])
async def test_a_trickling_server_cannot_hold_a_call_past_its_timeout(
    make_http_client: HttpClientFactory, behaviour: Any
) -> None:
    with raw_server(behaviour) as server:
        async with Pingram(
            api_key=API_KEY, base_url=server.url, timeout=0.3, http_client=make_http_client()
        ) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match="timed out"):
                await client.send(BODY)
            elapsed = time.monotonic() - started
    assert TRICKLE_INTERVAL < elapsed < 0.3 + MARGIN, "each byte came well within the timeout"
    assert server.connections == 1, "a timeout after POST /send may have sent: never retried"


@pytest.mark.transport
async def test_the_deadline_holds_with_a_caller_supplied_client(http_stack: HttpStack) -> None:
    with raw_server(trickle_headers) as server:
        async with http_stack.lib.AsyncClient() as http:
            async with Pingram(
                api_key=API_KEY, base_url=server.url, timeout=0.3, http_client=http
            ) as client:
                started = time.monotonic()
                with pytest.raises(APITimeoutError):
                    await client.send(BODY)
                assert time.monotonic() - started < 0.3 + MARGIN
            assert not http.is_closed, "the caller's client stays the caller's"


@pytest.mark.transport
async def test_the_deadline_is_per_attempt_and_a_get_is_retried(
    make_http_client: HttpClientFactory, no_backoff: list[float]
) -> None:
    with raw_server(trickle_body) as server:
        async with Pingram(
            api_key=API_KEY, base_url=server.url, timeout=0.3, http_client=make_http_client()
        ) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError):
                await client.users.users_list_users(max_retries=1)
            elapsed = time.monotonic() - started
    assert server.connections == 2
    assert 2 * 0.3 - 0.05 < elapsed < 2 * 0.3 + MARGIN


@pytest.mark.transport
async def test_a_per_call_timeout_is_also_a_deadline(make_http_client: HttpClientFactory) -> None:
    with raw_server(trickle_body) as server:
        async with Pingram(
            api_key=API_KEY, base_url=server.url, timeout=30, http_client=make_http_client()
        ) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError):
                await client.send(BODY, timeout=httpx.Timeout(0.3, connect=0.2))
    assert time.monotonic() - started < 0.3 + MARGIN


@pytest.mark.transport
async def test_a_slow_resolver_cannot_hold_a_call_past_its_timeout(
    make_http_client: HttpClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_getaddrinfo = socket.getaddrinfo

    def slow_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host in ("slow-dns.test", b"slow-dns.test"):  # takes 1 s to answer 127.0.0.1
            time.sleep(1.0)
            host = "127.0.0.1"
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow_getaddrinfo)
    with raw_server(never_answer) as server:
        url = server.url.replace("127.0.0.1", "slow-dns.test")
        async with Pingram(
            api_key=API_KEY, base_url=url, timeout=0.2, http_client=make_http_client()
        ) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError):
                await client.send(BODY, max_retries=0)
            elapsed = time.monotonic() - started
    assert elapsed < 0.8, "the timeout bounds name resolution too"


# -- the size of a response ----------------------------------------------------------------


def _users(count: int) -> Dict[str, Any]:
    return {"users": [{"id": f"user-{i:06d}"} for i in range(count)], "hasMore": False}


@pytest.mark.transport
async def test_a_body_over_the_limit_fails_naming_the_limit_and_how_to_raise_it(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/users").respond_with_json(_users(200))  # about 5 KB
    async with _loopback(httpserver, max_response_size=1000) as client:
        assert client.max_response_size == 1000
        with pytest.raises(APIResponseValidationError) as info:
            await client.users.users_list_users()
        assert "max_response_size (1,000 bytes)" in str(info.value)
        assert "raise the limit" in str(info.value)
        page = await client.users.users_list_users(max_response_size=100_000)
        assert len(page.users) == 200
        roomy = client.with_options(max_response_size=100_000)
        assert len((await roomy.users.users_list_users()).users) == 200
    assert len(httpserver.log) == 3, "an oversized body is not retried"


@pytest.mark.transport
@pytest.mark.parametrize("status", [200, 400])
async def test_a_body_a_mock_transport_has_read_already_is_held_to_the_limit(
    httpx_mock: HTTPXMock, status: int
) -> None:
    # httpx2's mock transports hand the SDK a response whose body is read already.
    httpx_mock.add_response(status_code=status, json={"message": "x" * 100_000, **_users(200)})
    async with Pingram(api_key=API_KEY, base_url=BASE_URL, max_response_size=1000) as client:
        with pytest.raises(PingramError) as info:
            await client.users.users_list_users(max_retries=0)
    if status == 200:
        assert isinstance(info.value, APIResponseValidationError)
        assert "max_response_size (1,000 bytes)" in str(info.value)
    else:  # an error body: its start is enough for the message
        assert isinstance(info.value, BadRequestError)
        assert len(info.value.message) < 300


async def test_the_default_limit_is_32_mib() -> None:
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        assert client.max_response_size == 32 * 1024 * 1024


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "10"])
def test_max_response_size_must_be_a_positive_int(bad: Any) -> None:
    with pytest.raises(PingramValidationError, match="max_response_size"):
        Pingram(api_key=API_KEY, max_response_size=bad)


@pytest.mark.transport
async def test_an_endless_body_stops_at_the_limit(make_http_client: HttpClientFactory) -> None:
    with raw_server(endless_body(b"200 OK")) as server:
        async with Pingram(
            api_key=API_KEY,
            base_url=server.url,
            max_response_size=2 * 1024 * 1024,
            http_client=make_http_client(),
        ) as client:
            with pytest.raises(APIResponseValidationError, match="max_response_size"):
                await client.users.users_list_users(timeout=10)


@pytest.mark.transport
async def test_an_endless_error_body_gives_its_message_from_its_start(
    make_http_client: HttpClientFactory,
) -> None:
    with raw_server(endless_body(b"500 Internal Server Error")) as server:
        async with Pingram(
            api_key=API_KEY, base_url=server.url, http_client=make_http_client()
        ) as c:
            with pytest.raises(InternalServerError) as info:
                await c.send(BODY, timeout=10)
    assert len(info.value.body) <= 64 * 1024
    assert len(info.value.message) < 300
    assert info.value.message.startswith("xxxx")


@pytest.mark.transport
async def test_a_gzip_bomb_is_never_expanded_past_the_limit(httpserver: HTTPServer) -> None:
    bomb = gzip.compress(b"[" + b" " * (64 * 1024 * 1024) + b"]", compresslevel=9)
    assert len(bomb) < 100_000
    httpserver.expect_request("/users").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip", "Content-Type": "application/json"}
    )
    async with _loopback(httpserver, max_response_size=1024 * 1024) as client:
        with pytest.raises(APIResponseValidationError):  # first use: imports, pool, decoders
            await client.users.users_list_users()
        tracemalloc.start()
        tracemalloc.reset_peak()
        try:
            with pytest.raises(APIResponseValidationError, match="max_response_size"):
                await client.users.users_list_users()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, "64 MiB once decompressed"


@pytest.mark.transport
@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, no zlib header
        ("identity", lambda data: data),
    ],
    ids=["gzip", "deflate", "raw-deflate", "identity"],
)
async def test_compressed_bodies_are_decoded(
    httpserver: HTTPServer, encoding: str, compress: Any, make_http_client: HttpClientFactory
) -> None:
    body = compress(json.dumps(_users(300)).encode())
    httpserver.expect_request("/users").respond_with_data(
        body, headers={"Content-Encoding": encoding, "Content-Type": "application/json"}
    )
    async with _loopback(httpserver, http_client=make_http_client()) as client:
        raw = await client.with_raw_response.users.users_list_users()
    assert len(raw.parse().users) == 300
    assert raw.content.startswith(b'{"users"')
    assert raw.headers["Content-Encoding"] == encoding, "the server's headers, as received"
    assert httpserver.log[0][0].headers["Accept-Encoding"] == "gzip, deflate"


@pytest.mark.transport
async def test_a_corrupt_gzip_body_is_a_response_validation_error(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/users").respond_with_data(
        b"\x1f\x8b\x08\x00garbage-not-gzip", headers={"Content-Encoding": "gzip"}
    )
    async with _loopback(httpserver) as client:
        with pytest.raises(APIResponseValidationError, match="could not be decompressed"):
            await client.users.users_list_users()


@pytest.mark.transport
async def test_an_encoding_the_sdk_did_not_ask_for_is_a_response_validation_error(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/users").respond_with_data(
        b"\x8b\x00\x80", headers={"Content-Encoding": "br"}
    )
    async with _loopback(httpserver) as client:
        with pytest.raises(APIResponseValidationError, match="unsupported Content-Encoding 'br'"):
            await client.users.users_list_users()


@pytest.mark.transport
async def test_a_corrupt_gzip_error_body_still_gives_the_status_error(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/users").respond_with_data(
        b"not gzip at all", status=400, headers={"Content-Encoding": "gzip"}
    )
    async with _loopback(httpserver) as client:
        with pytest.raises(BadRequestError):
            await client.users.users_list_users()


# -- responses that must not escape as anything but a PingramError ---------------------------


async def test_invalid_utf8_in_a_2xx_body(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(content=b'{"trackingId": "\xff\xfe", "messages": []}')
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(APIResponseValidationError, match="does not match"):
            await client.send(BODY)


async def test_invalid_utf8_in_a_4xx_body(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=400, content=b'{"message": "bad \xff value"}')
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(BadRequestError, match="bad"):
            await client.send(BODY)


DEEP = b"[" * 100_000 + b"]" * 100_000


async def test_deeply_nested_json_in_an_error_body(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=400, content=DEEP)
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(BadRequestError):
            await client.send(BODY)


async def test_deeply_nested_json_in_an_unknown_field(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(content=b'{"trackingId": "t", "messages": [], "extra": ' + DEEP + b"}")
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        outcome: Any
        try:
            outcome = await client.send(BODY)
        except APIResponseValidationError as error:
            outcome = error
    # Skipped like any unknown field, or refused as too deep: never a RecursionError.
    if isinstance(outcome, APIResponseValidationError):
        assert "nested too deeply" in str(outcome)
    else:
        assert outcome.tracking_id == "t"


# -- input refused before anything is sent ---------------------------------------------------
#
# ``httpx_mock`` has no response registered in these tests: a request would fail the test.


@pytest.mark.parametrize("value", [".", "..", ""])
async def test_dot_segments_and_empty_path_parameters_are_refused(
    httpx_mock: HTTPXMock, value: str
) -> None:
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(PingramValidationError, match="user_id") as info:
            await client.users.users_delete_user(value)
        assert info.value.path == "user_id"
        with pytest.raises(PingramValidationError, match="user_id"):
            await client.user.user_get_user(value)


@pytest.mark.transport
async def test_dots_inside_a_path_parameter_are_kept(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"id": "..."})
    httpx_mock.add_response(json={"id": "a.b"})
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        await client.user.user_get_user("...")
        await client.user.user_get_user("a.b")
    paths = [request.url.raw_path for request in httpx_mock.get_requests()]
    assert paths == [b"/users/...", b"/users/a.b"]


@pytest.mark.transport
async def test_a_path_parameter_too_long_for_a_url_is_refused(httpx_mock: HTTPXMock) -> None:
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(PingramValidationError, match="URL"):
            await client.user.user_get_user("u" * 100_000)


@pytest.mark.transport
async def test_lone_surrogates_are_refused_wherever_they_are(httpx_mock: HTTPXMock) -> None:
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(PingramValidationError, match="user_id"):
            await client.user.user_get_user("user-\ud800")
        with pytest.raises(PingramValidationError):
            await client.users.users_list_users(next_token="\udc00")
        with pytest.raises(PingramValidationError, match="sender_post_body"):
            await client.send({"type": "welcome", "parameters": {"name": "\ud800"}})
        with pytest.raises(PingramValidationError, match="sender_post_body"):
            await client.send(SenderPostBody(type="\ud800"))


async def test_circular_or_deeply_nested_parameters_are_refused(httpx_mock: HTTPXMock) -> None:
    circular: Dict[str, Any] = {}
    circular["self"] = circular
    deep: Any = 1
    for _ in range(100_000):
        deep = {"a": deep}
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        for parameters in (circular, deep):
            with pytest.raises(PingramValidationError, match="nested too deeply"):
                await client.send({"type": "welcome", "parameters": parameters})


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
async def test_non_finite_numbers_in_a_dict_body_are_refused_naming_the_field(
    httpx_mock: HTTPXMock,
    value: float,
) -> None:
    body = {"type": "welcome", "parameters": {"ok": 1.5, "items": [{"price": value}]}}
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(PingramValidationError, match="not a finite number") as info:
            await client.send(body)
    assert info.value.path == "$.parameters.items[0].price"


async def test_a_struct_body_sends_non_finite_numbers_as_null(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=SEND_OK)
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        await client.send(SenderPostBody(type="welcome", parameters={"price": math.nan}))
    request = httpx_mock.get_request()
    assert request is not None
    assert b'"parameters":{"price":null}' in request.content


async def test_a_dict_body_with_null_but_no_nan_is_sent(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=SEND_OK)
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        await client.send({"type": "welcome", "parameters": {"gone": None, "n": 2.5}})
    request = httpx_mock.get_request()
    assert request is not None
    # A null inside a free-form map is the caller's data: sent as given.
    assert json.loads(request.content) == {
        "type": "welcome",
        "parameters": {"gone": None, "n": 2.5},
    }


@pytest.mark.parametrize("limit", [object(), [10], {"n": 1}, b"10", math.nan, math.inf])
async def test_query_parameters_of_the_wrong_type_are_refused(
    httpx_mock: HTTPXMock, limit: Any
) -> None:
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(PingramValidationError, match="limit") as info:
            await client.logs.logs_get_logs(limit=limit)
    assert info.value.path == "limit"
    assert "object at" not in str(info.value)


async def test_query_parameters_of_the_right_types_are_sent(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"messages": []}, is_reusable=True)
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        for limit in (10, 2.5, "7"):
            await client.logs.logs_get_logs(limit=limit)  # type: ignore[arg-type]
    sent = [request.url.params["limit"] for request in httpx_mock.get_requests()]
    assert sent == ["10", "2.5", "7"]


# -- configuration refused at construction ---------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["http://[::1", "https://api.test.pingram.io/api?x=1", "https://api.test.pingram.io/#frag"],
)
def test_a_base_url_that_cannot_take_a_path_is_refused(url: str) -> None:
    with pytest.raises(PingramValidationError, match="base_url"):
        Pingram(api_key=API_KEY, base_url=url)


@pytest.mark.parametrize("key", ["pingram_sk_caf\u00e9", "pingram_sk_\u2603", "pingram_sk_\ud800"])
def test_a_key_that_cannot_be_sent_in_a_header_is_refused_without_echo(key: str) -> None:
    with pytest.raises(PingramError, match="api_key") as info:
        Pingram(api_key=key)
    shown = str(info.value) + repr(info.value) + repr(info.value.args)
    assert "pingram_sk_" not in shown


@pytest.mark.parametrize(
    "headers",
    [{"X-Name": "caf\u00e9"}, {"X-Name": "a\r\nX-Injected: 1"}, {"Bad Name": "v"}, {"X": 1}],
)
def test_default_headers_that_cannot_be_sent_are_refused(headers: Any) -> None:
    with pytest.raises(PingramValidationError, match="default_headers"):
        Pingram(api_key=API_KEY, default_headers=headers)


@pytest.mark.parametrize(
    "timeout",
    [math.nan, math.inf, -math.inf, httpx.Timeout(math.nan), httpx.Timeout(5, read=math.inf)],
)
async def test_non_finite_timeouts_are_refused(httpx_mock: HTTPXMock, timeout: Any) -> None:
    with pytest.raises(PingramValidationError, match="timeout"):
        Pingram(api_key=API_KEY, timeout=timeout)
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(PingramValidationError, match="timeout"):
            await client.send(BODY, timeout=timeout)
        with pytest.raises(PingramValidationError, match="timeout"):
            client.with_options(timeout=timeout)
