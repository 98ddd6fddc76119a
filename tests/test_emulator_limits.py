"""The emulator holds to the standard of a server: hostile requests get a JSON answer, and
it keeps serving.

Spoken to over raw sockets, so that what reaches the wire is exactly what a test sends:
deep JSON (400, or 401 in a token), bodies over the limit (413, decided from the headers),
and the HTTP errors the standard library raises itself (400, 414, 431, 501), in JSON.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
from typing import Any, Dict, Iterator, Optional, Tuple

import httpx
import pytest

from pingram.emulator import Emulator

KEY = "pingram_sk_test"
#: The documented default body limit: 10 MiB.
DEFAULT_MAX_BODY = 10 * 1024 * 1024
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture
def connection(pingram_emulator: Emulator) -> Iterator[http.client.HTTPConnection]:
    connection = http.client.HTTPConnection("127.0.0.1", pingram_emulator.port, timeout=10)
    yield connection
    connection.close()


def exchange(port: int, request: bytes) -> Tuple[int, Dict[str, str], Any]:
    """Send raw bytes on a fresh connection; the status, headers and JSON body answered."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        answer = http.client.HTTPResponse(sock)
        answer.begin()
        headers = {name.lower(): value for name, value in answer.getheaders()}
        return answer.status, headers, json.loads(answer.read())


def still_serving(emulator: Emulator) -> None:
    """A fresh client is answered as usual."""
    response = httpx.get(f"{emulator.url}/logs/retention", headers=AUTH)
    assert response.json() == {"retentionInDays": 30}


def post(
    connection: http.client.HTTPConnection, path: str, body: bytes, auth: Optional[str] = None
) -> Tuple[int, Any]:
    headers = {"Authorization": f"Bearer {auth or KEY}", "Content-Type": "application/json"}
    connection.request("POST", path, body=body, headers=headers)
    answer = connection.getresponse()
    assert answer.getheader("Content-Type") == "application/json"
    return answer.status, json.loads(answer.read())


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


# -- deep JSON ---------------------------------------------------------------------------------


def test_a_body_of_a_hundred_thousand_brackets_is_400_and_the_connection_serves_on(
    pingram_emulator: Emulator, connection: http.client.HTTPConnection
) -> None:
    status, body = post(connection, "/send", b"[" * 100_000)
    assert status == 400
    assert "nested more than 100 levels" in body["message"]
    connection.request("GET", "/logs/tail", headers=AUTH)
    assert connection.getresponse().status == 200
    assert pingram_emulator.sent == []


def test_valid_json_nested_three_thousand_deep_is_400(
    pingram_emulator: Emulator, connection: http.client.HTTPConnection
) -> None:
    deep = b'{"a":' * 3000 + b"1" + b"}" * 3000
    body = b'{"type": "t", "to": {"id": "u1"}, "parameters": ' + deep + b"}"
    status, answer = post(connection, "/send", body)
    assert status == 400
    assert "nested more than 100 levels" in answer["message"]
    still_serving(pingram_emulator)


def test_json_nesting_is_limited_to_a_hundred_levels(
    pingram_emulator: Emulator, connection: http.client.HTTPConnection
) -> None:
    def send(depth: int) -> Tuple[int, Any]:
        body = {"type": "t", "to": {"id": "u1"}, "parameters": nested(depth - 1)}
        return post(connection, "/send", json.dumps(body).encode())

    assert send(100)[0] == 200
    status, answer = send(101)
    assert status == 400
    assert "nested more than 100 levels" in answer["message"]
    assert len(pingram_emulator.sent) == 1


def test_a_jwt_whose_payload_is_deep_json_is_401(
    pingram_emulator: Emulator, connection: http.client.HTTPConnection
) -> None:
    def part(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    token = f"{part(b'{}')}.{part(b'[' * 20_000)}.sig"
    connection.request("GET", "/logs/tail", headers={"Authorization": f"Bearer {token}"})
    answer = connection.getresponse()
    assert answer.status == 401
    assert json.loads(answer.read()) == {"message": "Invalid API key"}
    still_serving(pingram_emulator)


# -- body size ---------------------------------------------------------------------------------


def test_a_content_length_of_a_terabyte_is_413_from_the_headers_alone(
    pingram_emulator: Emulator,
) -> None:
    request = (
        b"POST /send HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY.encode() + b"\r\n"
        b"Content-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n"
    )
    status, headers, body = exchange(pingram_emulator.port, request)
    assert status == 413
    assert headers["content-type"] == "application/json"
    assert headers["connection"] == "close"
    assert f"at most {DEFAULT_MAX_BODY} bytes" in body["message"]
    still_serving(pingram_emulator)


def test_a_body_over_ten_megabytes_is_413_and_the_client_sees_the_answer(
    pingram_emulator: Emulator,
) -> None:
    body = {"type": "t", "to": {"id": "u1"}, "parameters": {"x": "a" * DEFAULT_MAX_BODY}}
    response = httpx.post(f"{pingram_emulator.url}/send", json=body, headers=AUTH, timeout=10)
    assert response.status_code == 413
    assert "at most 10485760 bytes" in response.json()["message"]
    assert pingram_emulator.sent == []
    still_serving(pingram_emulator)


def test_expect_100_continue_is_refused_before_the_body_is_sent(
    pingram_emulator: Emulator,
) -> None:
    request = (
        b"POST /send HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
        b"Content-Length: 20000000\r\n\r\n"
    )
    status, _, body = exchange(pingram_emulator.port, request)
    assert status == 413
    assert "too large" in body["message"]


def test_the_body_limit_is_configurable() -> None:
    with Emulator(max_body=200) as emulator:
        url = f"{emulator.url}/send"
        small = {"type": "t", "to": {"id": "u1"}}
        assert httpx.post(url, json=small, headers=AUTH).status_code == 200
        big = {**small, "parameters": {"x": "a" * 200}}
        assert httpx.post(url, json=big, headers=AUTH).status_code == 413
        assert len(emulator.sent) == 1


@pytest.mark.parametrize("value", [0, -1, 1.5, True])
def test_a_bad_body_limit_is_rejected(value: Any) -> None:
    with pytest.raises(ValueError, match="max_body"):
        Emulator(max_body=value)


# -- the standard library's own errors, in JSON -------------------------------------------------


@pytest.mark.parametrize(
    ("request_bytes", "status", "message"),
    [
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414, "URI Too Long"),
        (b"GET / HTTP/1.1\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n", 431, "Line too long"),
        (
            b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(120)) + b"\r\n",
            431,
            "Too many headers",
        ),
        (b"GET / HTTP/9\r\n\r\n", 400, "Bad request version"),
        (b"GET\r\n\r\n", 400, "Bad request syntax"),
        (b"BREW /pot HTTP/1.1\r\n\r\n", 501, "Unsupported method ('BREW')"),
        (b"POST /send HTTP/1.1\r\nContent-Length: ten\r\n\r\n", 400, "Invalid Content-Length"),
        (
            b"POST /send HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            411,
            "Send the body with a Content-Length",
        ),
    ],
    ids=["414", "431-long", "431-many", "400-version", "400-http09", "501", "400-length", "411"],
)
def test_protocol_errors_are_json(
    pingram_emulator: Emulator, request_bytes: bytes, status: int, message: str
) -> None:
    answered, headers, body = exchange(pingram_emulator.port, request_bytes)
    assert answered == status
    assert headers["content-type"] == "application/json"
    assert int(headers["content-length"]) == len(json.dumps(body, separators=(",", ":")))
    assert message in body["message"]  # Python 3.13 says "URI Too Long", before "Request-URI ..."
    still_serving(pingram_emulator)


# -- a failing handler ---------------------------------------------------------------------------


def test_a_handler_that_fails_is_a_json_500_and_the_server_serves_on(
    pingram_emulator: Emulator,
    connection: http.client.HTTPConnection,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from pingram.emulator.namespaces import HANDLERS

    def broken(store: Any, call: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setitem(HANDLERS, "logs_tail_logs", broken)
    connection.request("GET", "/logs/tail", headers=AUTH)
    answer = connection.getresponse()
    assert answer.status == 500
    assert json.loads(answer.read()) == {"message": "The emulator failed to answer this request"}
    assert [r.status for r in pingram_emulator.requests] == [500]
    assert "RuntimeError: a bug" in caplog.text
    connection.request("GET", "/logs/retention", headers=AUTH)
    assert connection.getresponse().status == 200
