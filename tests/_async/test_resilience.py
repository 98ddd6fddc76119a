"""Production behaviour: timeouts, the retry policy, per-call options, raw responses,
pagination, logging and bad responses. Real loopback servers where mocks cannot tell."""

from __future__ import annotations

import email.utils
import logging
import time
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer
from pytest_httpx import HTTPXMock

from pingram import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    Pingram,
    PingramError,
    RateLimitError,
    SenderPostBody,
)

from ..conftest import API_KEY, BASE_URL
from ..servers import closed_port_url, cut_body_short, drop_connection, never_answer, raw_server

SEND_OK = {"trackingId": "trk_1", "messages": []}
BODY = SenderPostBody(type="welcome")


def _loopback(server: HTTPServer, **kwargs: Any) -> Pingram:
    return Pingram(api_key=API_KEY, base_url=server.url_for(""), **kwargs)


# -- timeouts --------------------------------------------------------------------------------


@pytest.mark.transport
async def test_server_that_never_answers_times_out_within_the_timeout() -> None:
    with raw_server(never_answer) as server:
        async with Pingram(api_key=API_KEY, base_url=server.url, timeout=0.2) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError) as info:
                await client.send(BODY)
            elapsed = time.monotonic() - started
    assert 0.15 < elapsed < 1.2
    assert "timed out" in str(info.value)
    assert server.connections == 1, "a read timeout after POST /send must not be retried"


@pytest.mark.transport
async def test_per_call_timeout_overrides_the_client_default() -> None:
    with raw_server(never_answer) as server:
        async with Pingram(api_key=API_KEY, base_url=server.url, timeout=20) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError):
                await client.users.users_list_users(timeout=0.3, max_retries=0)
    assert time.monotonic() - started < 1.5


@pytest.mark.transport
async def test_read_timeout_on_get_is_retried(no_backoff: list[float]) -> None:
    with raw_server(never_answer) as server:
        async with Pingram(api_key=API_KEY, base_url=server.url, timeout=0.2) as client:
            with pytest.raises(APITimeoutError):
                await client.users.users_list_users(max_retries=2)
    assert server.connections == 3


# -- connection failures ---------------------------------------------------------------------


@pytest.mark.transport
async def test_dropped_connection_on_send_raises_and_is_not_retried() -> None:
    with raw_server(drop_connection) as server:
        async with Pingram(api_key=API_KEY, base_url=server.url) as client:
            with pytest.raises(APIConnectionError) as info:
                await client.send(BODY)
    assert not isinstance(info.value, APITimeoutError)
    assert server.connections == 1


@pytest.mark.transport
async def test_dropped_connection_on_get_is_retried(no_backoff: list[float]) -> None:
    with raw_server(drop_connection) as server:
        async with Pingram(api_key=API_KEY, base_url=server.url, max_retries=1) as client:
            with pytest.raises(APIConnectionError):
                await client.domains.domains_list_domains()
    assert server.connections == 2


@pytest.mark.transport
async def test_connection_reset_mid_body_raises_connection_error() -> None:
    with raw_server(cut_body_short) as server:
        async with Pingram(api_key=API_KEY, base_url=server.url, max_retries=0) as client:
            with pytest.raises(APIConnectionError):
                await client.send(BODY)


@pytest.mark.transport
async def test_refused_connection_is_retried_even_for_send(
    no_backoff: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="pingram")
    async with Pingram(api_key=API_KEY, base_url=closed_port_url(), max_retries=2) as client:
        with pytest.raises(APIConnectionError, match="ConnectError"):
            await client.send(BODY)
    retries = [r for r in caplog.records if r.name == "pingram" and r.levelno == logging.INFO]
    assert len(retries) == 2, "the request never reached a server, so retrying is safe"


# -- the retry policy over a real server ---------------------------------------------------


@pytest.mark.transport
async def test_retry_after_is_honoured_then_success(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/send", method="POST").respond_with_json(
        {"message": "busy"}, status=503, headers={"Retry-After": "0.3"}
    )
    httpserver.expect_ordered_request("/send", method="POST").respond_with_json(SEND_OK)
    async with _loopback(httpserver) as client:
        started = time.monotonic()
        result = await client.send(BODY)
        elapsed = time.monotonic() - started
    assert result.tracking_id == "trk_1"
    assert len(httpserver.log) == 2
    assert elapsed >= 0.28, "the retry waited as long as the server asked"


@pytest.mark.transport
async def test_500_on_send_is_raised_after_exactly_one_request(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/send", method="POST").respond_with_json(
        {"message": "boom"}, status=500
    )
    async with _loopback(httpserver) as client:
        with pytest.raises(InternalServerError, match="boom"):
            await client.send(BODY)
    assert len(httpserver.log) == 1, "a notification must never be sent twice by the SDK"


@pytest.mark.transport
async def test_503_without_retry_after_on_send_is_not_retried(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/send", method="POST").respond_with_json({}, status=503)
    async with _loopback(httpserver) as client:
        with pytest.raises(InternalServerError):
            await client.send(BODY)
    assert len(httpserver.log) == 1


@pytest.mark.transport
async def test_429_exhausts_the_retry_budget(
    httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="pingram")
    httpserver.expect_request("/send", method="POST").respond_with_json(
        {"message": "slow down"}, status=429, headers={"Retry-After": "0"}
    )
    async with _loopback(httpserver, max_retries=3) as client:
        with pytest.raises(RateLimitError, match="slow down"):
            await client.send(BODY)
    assert len(httpserver.log) == 4
    infos = [
        r.getMessage() for r in caplog.records if r.name == "pingram" and r.levelno == logging.INFO
    ]
    assert [m.split("(")[1].split(")")[0] for m in infos] == [
        "retry 1 of 3",
        "retry 2 of 3",
        "retry 3 of 3",
    ]
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.name == "pingram" and r.levelno == logging.WARNING
    ]
    assert len(warnings) == 1
    assert "giving up after 4 attempts" in warnings[0]


@pytest.mark.transport
async def test_retry_after_beyond_the_cap_is_not_waited_for(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/users", method="GET").respond_with_json(
        {}, status=429, headers={"Retry-After": "3600"}
    )
    async with _loopback(httpserver) as client:
        started = time.monotonic()
        with pytest.raises(RateLimitError):
            await client.users.users_list_users()
    assert len(httpserver.log) == 1
    assert time.monotonic() - started < 1


@pytest.mark.transport
async def test_retry_after_http_date_is_understood(httpserver: HTTPServer) -> None:
    # A 503 on a send is retried only with a Retry-After the SDK can read: a date already
    # past asks for a retry at once.
    when = email.utils.formatdate(time.time() - 5, usegmt=True)
    httpserver.expect_ordered_request("/send", method="POST").respond_with_json(
        {}, status=503, headers={"Retry-After": when}
    )
    httpserver.expect_ordered_request("/send", method="POST").respond_with_json(SEND_OK)
    async with _loopback(httpserver) as client:
        assert (await client.send(BODY)).tracking_id == "trk_1"
    assert len(httpserver.log) == 2


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
async def test_idempotent_methods_retry_transient_statuses(
    httpx_mock: HTTPXMock, no_backoff: list[float], status: int
) -> None:
    httpx_mock.add_response(method="DELETE", status_code=status)
    httpx_mock.add_response(method="DELETE", json={"message": "User deleted"})
    async with Pingram(API_KEY, base_url=BASE_URL) as client:
        result = await client.users.users_delete_user("u1")
    assert result.message == "User deleted"
    assert len(httpx_mock.get_requests()) == 2
    assert len(no_backoff) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
async def test_other_4xx_are_never_retried(httpx_mock: HTTPXMock, status: int) -> None:
    httpx_mock.add_response(method="GET", status_code=status, json={"message": "no"})
    async with Pingram(API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(PingramError):
            await client.domains.domains_list_domains()
    assert len(httpx_mock.get_requests()) == 1


@pytest.mark.parametrize("status", [408, 409, 500, 502, 504])
async def test_post_and_patch_are_not_retried_when_the_request_may_have_been_processed(
    httpx_mock: HTTPXMock, status: int
) -> None:
    httpx_mock.add_response(status_code=status)
    async with Pingram(API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(PingramError):
            await client.user.user_identify("u1", {"email": "a@example.com"})
    assert len(httpx_mock.get_requests()) == 1


async def test_backoff_grows_exponentially_with_jitter(
    httpx_mock: HTTPXMock, no_backoff: list[float]
) -> None:
    httpx_mock.add_response(status_code=500, is_reusable=True)
    async with Pingram(API_KEY, base_url=BASE_URL, max_retries=5) as client:
        with pytest.raises(InternalServerError):
            await client.domains.domains_list_domains()
    bounds = [(0.375, 0.5), (0.75, 1.0), (1.5, 2.0), (3.0, 4.0), (6.0, 8.0)]
    assert len(no_backoff) >= 5
    for delay, (low, high) in zip(no_backoff, bounds):
        assert low <= delay <= high


async def test_max_retries_zero_disables_retries(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=409, is_reusable=True)  # retried if retries were on
    async with Pingram(API_KEY, base_url=BASE_URL, max_retries=0) as client:
        with pytest.raises(ConflictError):
            await client.domains.domains_list_domains()
    assert len(httpx_mock.get_requests()) == 1


# -- with_options ----------------------------------------------------------------------------


async def test_with_options_shares_the_pool_and_overrides_defaults(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=409)
    httpx_mock.add_response(json=[])
    async with Pingram(API_KEY, base_url=BASE_URL, max_retries=3) as client:
        copy = client.with_options(timeout=4, max_retries=0, default_headers={"X-Team": "a"})
        assert copy._connection is client._connection
        assert copy.max_retries == 0
        assert copy.timeout == httpx.Timeout(4)
        assert client.max_retries == 3
        with pytest.raises(ConflictError):
            await copy.domains.domains_list_domains()
        await client.domains.domains_list_domains()
    first, second = httpx_mock.get_requests()
    assert first.headers["X-Team"] == "a"
    assert first.extensions["timeout"]["read"] == 4
    assert "X-Team" not in second.headers


# -- raw responses ---------------------------------------------------------------------------


async def test_raw_response_gives_status_headers_body_and_parsed_result(
    httpx_mock: HTTPXMock,
) -> None:
    httpx_mock.add_response(json=SEND_OK, headers={"X-Request-Id": "req-1"})
    httpx_mock.add_response(json=[{"sender": "a.com"}])
    async with Pingram(API_KEY, base_url=BASE_URL) as client:
        raw = await client.with_raw_response.send(BODY)
        domains = await client.with_raw_response.domains.domains_list_domains()
    assert raw.status_code == 200
    assert raw.headers["X-Request-Id"] == "req-1"
    assert raw.content == b'{"trackingId":"trk_1","messages":[]}'
    assert raw.parse().tracking_id == "trk_1"
    assert domains.parse()[0].sender == "a.com"


async def test_wrapping_a_bound_operation_gives_a_raw_response(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json={"users": [{"id": "u1"}], "hasMore": False})
    raw = await client.with_raw_response(client.users.users_list_users)(limit=5)
    assert raw.status_code == 200
    assert raw.parse().users[0].id == "u1"
    request = httpx_mock.get_request()
    assert request is not None
    assert request.url.params["limit"] == "5"


async def test_raw_response_refuses_a_call_that_is_not_one_request(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json=SEND_OK, is_reusable=True)
    with pytest.raises(PingramError, match="with_raw_response needs one API operation"):
        await client.with_raw_response(client.send_many)([BODY, BODY])


async def test_raw_response_only_wraps_operations(client: Pingram) -> None:
    with pytest.raises(AttributeError):
        client.with_raw_response.close  # noqa: B018


# -- pagination ------------------------------------------------------------------------------


def _users_page(ids: list[str], key: Any, more: bool) -> dict[str, Any]:
    return {"users": [{"id": i} for i in ids], "lastEvaluatedKey": key, "hasMore": more}


async def test_iter_users_walks_three_pages_requesting_each_once(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(
        url=f"{BASE_URL}/users?limit=2", json=_users_page(["a", "b"], "k1", True)
    )
    httpx_mock.add_response(
        url=f"{BASE_URL}/users?limit=2&nextToken=k1", json=_users_page(["c", "d"], "k2", True)
    )
    httpx_mock.add_response(
        url=f"{BASE_URL}/users?limit=2&nextToken=k2", json=_users_page(["e"], None, False)
    )
    ids = [user.id async for user in client.users.iter_users(limit=2)]
    assert ids == ["a", "b", "c", "d", "e"]
    assert len(httpx_mock.get_requests()) == 3


async def test_iter_users_refuses_to_loop_on_a_repeated_token(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url=f"{BASE_URL}/users", json=_users_page(["a"], "same", True))
    httpx_mock.add_response(
        url=f"{BASE_URL}/users?nextToken=same", json=_users_page(["b"], "same", True)
    )
    seen = []
    with pytest.raises(PingramError, match="already returned"):  # noqa: PT012
        async for user in client.users.iter_users():
            seen.append(user.id)
    assert seen == ["a", "b"], "users on pages before the repeat are still yielded"


async def test_iter_logs_follows_next_cursor_to_the_last_page(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    def page(ids: list[str], cursor: Any) -> dict[str, Any]:
        return {"messages": [{"trackingId": i} for i in ids], "nextCursor": cursor}

    httpx_mock.add_response(url=f"{BASE_URL}/logs?limit=50", json=page(["t1", "t2"], "c1"))
    httpx_mock.add_response(url=f"{BASE_URL}/logs?limit=50&cursor=c1", json=page(["t3"], "c2"))
    httpx_mock.add_response(url=f"{BASE_URL}/logs?limit=50&cursor=c2", json=page(["t4"], None))
    ids = [message.tracking_id async for message in client.logs.iter_logs(limit=50)]
    assert ids == ["t1", "t2", "t3", "t4"]


async def test_iter_logs_refuses_to_loop_on_a_repeated_cursor(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url=f"{BASE_URL}/logs", json={"messages": [], "nextCursor": "c"})
    httpx_mock.add_response(
        url=f"{BASE_URL}/logs?cursor=c", json={"messages": [], "nextCursor": "c"}
    )
    with pytest.raises(PingramError, match=r"logs\.iter_logs"):
        async for _ in client.logs.iter_logs():
            pass


# -- bad responses ---------------------------------------------------------------------------


async def test_non_json_success_body_is_a_response_validation_error(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(text="<html>maintenance</html>")
    with pytest.raises(APIResponseValidationError, match="maintenance") as info:
        await client.send(BODY)
    assert info.value.status_code == 200


async def test_wrong_shape_success_body_is_a_response_validation_error(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json={"trackingId": 42})
    with pytest.raises(APIResponseValidationError, match=r"\$\.trackingId"):
        await client.send(BODY)


async def test_empty_success_body_where_one_is_expected_is_an_error(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(status_code=200, content=b"")
    with pytest.raises(APIResponseValidationError, match="empty 200"):
        await client.send(BODY)


async def test_html_error_page_gives_a_readable_message(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    page = "<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>"
    httpx_mock.add_response(status_code=502, text=page, headers={"Content-Type": "text/html"})
    with pytest.raises(InternalServerError) as info:
        await client.send(BODY)
    assert info.value.message == "502 Bad Gateway"
    assert "<html>" not in str(info.value)


async def test_unknown_response_fields_are_ignored(client: Pingram, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={**SEND_OK, "newField": {"nested": [1, 2]}})
    assert (await client.send(BODY)).tracking_id == "trk_1"


# -- logging and secrets ---------------------------------------------------------------------


async def test_requests_are_logged_at_debug_without_secrets(
    httpx_mock: HTTPXMock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="pingram")
    httpx_mock.add_response(json=SEND_OK)
    async with Pingram(API_KEY, base_url=BASE_URL) as client:
        await client.send(SenderPostBody(type="welcome", parameters={"password": "hunter2"}))
    (record,) = [r for r in caplog.records if r.name == "pingram"]
    assert record.levelno == logging.DEBUG
    assert record.getMessage().startswith(f"POST {BASE_URL}/send -> 200 in ")
    assert record.getMessage().endswith(" ms")
    assert "hunter2" not in caplog.text


@pytest.mark.httpx_mock(should_mock=lambda request: request.url.host != "127.0.0.1")
async def test_the_api_key_never_appears_in_logs_errors_or_reprs(
    httpx_mock: HTTPXMock, caplog: pytest.LogCaptureFixture, no_backoff: list[float]
) -> None:
    caplog.set_level(logging.DEBUG)
    httpx_mock.add_response(status_code=503, json={"message": "down"}, is_reusable=True)
    texts: list[str] = []
    async with Pingram(API_KEY, base_url=BASE_URL) as client:
        texts += [repr(client), str(client), repr(client.users), repr(client.with_raw_response)]
        copy = client.with_options(timeout=1)
        texts += [repr(copy), repr(copy._config)]
        for call in (client.users.users_list_users, copy.domains.domains_list_domains):
            with pytest.raises(PingramError) as info:
                await call()
            texts += [str(info.value), repr(info.value), repr(info.value.__cause__)]
    with raw_server(drop_connection) as server:
        async with Pingram(API_KEY, base_url=server.url, max_retries=0) as client:
            with pytest.raises(APIConnectionError) as connection_info:
                await client.send(BODY)
            texts += [str(connection_info.value), repr(connection_info.value)]
    texts += [record.getMessage() for record in caplog.records]
    texts.append(caplog.text)
    assert len(caplog.records) >= 6
    for text in texts:
        assert API_KEY not in text
        assert "Authorization" not in text


async def test_errors_keep_the_request_details_users_need(
    client: Pingram, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(status_code=400, json={"message": "type is required"})
    with pytest.raises(BadRequestError) as info:
        await client.send({"to": {"id": "u1"}})
    assert str(info.value) == f"400 Bad Request from POST {BASE_URL}/send: type is required"
