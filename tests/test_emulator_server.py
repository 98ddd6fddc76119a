"""The emulator as an HTTP server, spoken to raw: auth, routing, bodies, keep-alive, lifecycle."""

from __future__ import annotations

import base64
import http.client
import json
import re
import selectors
import socket
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from pingram._operations import ALL
from pingram.emulator import Emulator
from pingram.emulator._server import HTTPServer, Response
from pingram.emulator.namespaces import HANDLERS

KEY = "pingram_sk_test"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture
def raw(pingram_emulator: Emulator) -> Iterator[httpx.Client]:
    """A plain httpx client on the emulator, authenticated with a secret key."""
    with httpx.Client(base_url=pingram_emulator.url, headers=AUTH) as client:
        yield client


def jwt(claims: dict[str, Any]) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none'})}.{part(claims)}.sig"


def test_every_operation_of_the_reference_has_a_handler() -> None:
    reference = (Path(__file__).parent.parent / "spec" / "python-sdk-reference.txt").read_text()
    documented = set(re.findall(r"^(\w+)\(\)$", reference, re.MULTILINE)) & set(ALL)
    assert len(documented) == 40
    served = documented | {name for name in ALL if name.startswith("webhooks_")}
    assert [name for name in served if not callable(HANDLERS.get(name))] == []


# -- auth ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "Missing Authorization header"),
        ({"Authorization": f"Basic {KEY}"}, "Malformed Authorization header"),
        ({"Authorization": "Bearer"}, "Malformed Authorization header"),
        ({"Authorization": "Bearer sk_live_nope"}, "Invalid API key"),
        ({"Authorization": "Bearer not.a-jwt"}, "Invalid API key"),
    ],
)
def test_missing_or_malformed_auth_is_401_json(
    pingram_emulator: Emulator, headers: dict[str, str], message: str
) -> None:
    response = httpx.get(f"{pingram_emulator.url}/logs/tail", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/json"
    assert response.json()["message"].startswith(message)


def test_any_secret_key_and_any_jwt_are_accepted(pingram_emulator: Emulator) -> None:
    for token in ("pingram_sk_anything", jwt({"sub": "u1"})):
        response = httpx.get(
            f"{pingram_emulator.url}/logs/tail", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200, token


def test_a_configured_api_key_is_the_only_secret_key_accepted() -> None:
    with Emulator(api_key="pingram_sk_exact") as emulator:
        url = f"{emulator.url}/logs/tail"
        assert httpx.get(url, headers={"Authorization": "Bearer pingram_sk_exact"}).is_success
        other = httpx.get(url, headers={"Authorization": "Bearer pingram_sk_other"})
        assert other.status_code == 401
        token = jwt({"userId": "u1"})
        assert httpx.get(url, headers={"Authorization": f"Bearer {token}"}).is_success


# -- routing -------------------------------------------------------------------------------------


def test_unknown_path_is_404_json(raw: httpx.Client) -> None:
    response = raw.get("/nope")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found: GET /nope"}
    assert raw.get("/types/").status_code == 404


def test_wrong_method_is_405_with_allow(raw: httpx.Client) -> None:
    response = raw.put("/types")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert "PUT is not allowed on /types" in response.json()["message"]


def test_unknown_ids_are_404(raw: httpx.Client) -> None:
    for path in (
        "/types/nope",
        "/notifications/nope/EMAIL/templates",
        "/logs/query/nope",
        "/domains/nope.example.com",
    ):
        method = "DELETE" if path.startswith("/domains") else "GET"
        response = raw.request(method, path)
        assert response.status_code == 404, path
        assert "nope" in response.json()["message"]
    assert raw.delete("/sender/scheduler/nope").status_code == 404
    assert raw.patch("/environments/nope", json={"title": "x"}).status_code == 404


def test_literal_segments_win_over_placeholders(raw: httpx.Client) -> None:
    assert "userAccountMetadata" in raw.get("/users/account-metadata").json()
    assert raw.get("/logs/retention").json() == {"retentionInDays": 30}
    assert raw.get("/logs/tail").json() == {"logs": []}
    raw.post("/types", json={"notificationId": "t", "title": "T", "channels": ["EMAIL"]})
    raw.post("/notifications/t/EMAIL/templates", json={"templateId": "a"})
    response = raw.patch(
        "/notifications/t/EMAIL/templates/default-selection",
        json={"templateId": "a", "modes": ["daily"]},
    )
    assert response.json()["templateId"] == "a"


def test_path_segments_are_url_decoded(raw: httpx.Client) -> None:
    response = raw.post("/users/u%201%2Fx", json={"email": "a@example.com"})
    assert response.json()["id"] == "u 1/x"
    assert raw.get("/users/u%201%2Fx").json()["email"] == "a@example.com"


def test_unknown_channel_is_400(raw: httpx.Client) -> None:
    response = raw.delete("/user_suppression/u1/channel/FAX")
    assert response.status_code == 400
    assert "FAX" in response.json()["message"]


# -- bodies --------------------------------------------------------------------------------------


def test_invalid_json_is_400(raw: httpx.Client) -> None:
    response = raw.post("/send", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["message"].startswith("Invalid JSON body")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"to": {"id": 1}}, "Expected `str | null`, got `int` - at `$.to.id`"),
        ({"type": "t", "to": {"id": "u", "email": 5}}, "at `$.to.email`"),
        ({"type": "t"}, "`to.id`"),
        ([1, 2], "Expected `object`, got `array`"),
    ],
)
def test_invalid_send_body_is_400_naming_the_field(
    raw: httpx.Client, pingram_emulator: Emulator, body: Any, expected: str
) -> None:
    response = raw.post("/send", json=body)
    assert response.status_code == 400
    assert expected in response.json()["message"]
    assert pingram_emulator.sent == []


def test_missing_required_field_is_400_naming_it(raw: httpx.Client) -> None:
    response = raw.post("/environments", json={})
    assert response.status_code == 400
    assert response.json() == {
        "message": "Invalid EnvironmentCreateRequest: Object missing required field `title`"
    }


def test_204_has_no_body_and_keeps_the_connection(pingram_emulator: Emulator) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", pingram_emulator.port)
    try:
        connection.request(
            "POST",
            "/types",
            body=json.dumps({"notificationId": "t", "title": "T", "channels": ["EMAIL"]}),
            headers=AUTH,
        )
        assert connection.getresponse().read()
        first_socket = connection.sock
        connection.request("DELETE", "/types/t", headers=AUTH)
        deleted = connection.getresponse()
        assert deleted.status == 204
        assert deleted.getheader("Content-Length") is None
        assert deleted.read() == b""
        for _ in range(3):
            connection.request("GET", "/types", headers=AUTH)
            response = connection.getresponse()
            assert response.status == 200
            assert response.getheader("Content-Length") == "2"
            assert response.read() == b"[]"
        assert connection.sock is first_socket
    finally:
        connection.close()


# -- fault injection and reset -------------------------------------------------------------------


def test_fail_next_answers_the_next_requests_with_the_status(
    raw: httpx.Client, pingram_emulator: Emulator
) -> None:
    pingram_emulator.fail_next(429, retry_after=2, times=2)
    pingram_emulator.fail_next(500)
    statuses = [raw.get("/logs/tail") for _ in range(4)]
    assert [r.status_code for r in statuses] == [429, 429, 500, 200]
    assert statuses[0].headers["retry-after"] == "2"
    assert "retry-after" not in statuses[2].headers
    assert statuses[2].json() == {"message": "Injected failure (500)"}


@pytest.mark.parametrize(
    "kwargs", [{"status": 200}, {"status": 503, "times": 0}, {"status": 503, "retry_after": [1]}]
)
def test_fail_next_rejects_bad_arguments(pingram_emulator: Emulator, kwargs: Any) -> None:
    with pytest.raises(ValueError, match="must be"):
        pingram_emulator.fail_next(**kwargs)


def test_reset_clears_state_faults_and_requests(
    raw: httpx.Client, pingram_emulator: Emulator
) -> None:
    raw.post("/send", json={"type": "t", "to": {"id": "u1"}, "inapp": {"title": "x"}})
    raw.post("/users/u2", json={})
    pingram_emulator.inapp_user_id = "u2"
    pingram_emulator.fail_next(500)
    assert len(pingram_emulator.sent) == 1

    pingram_emulator.reset()

    assert pingram_emulator.sent == []
    assert pingram_emulator.requests == []
    assert pingram_emulator.inapp_user_id is None
    assert raw.get("/users", params={"limit": 10}).json() == {"users": [], "hasMore": False}
    assert raw.get("/user/inapp").json() == {"notifications": []}
    assert raw.get("/logs/tail").json() == {"logs": []}


def test_sent_is_a_copy(raw: httpx.Client, pingram_emulator: Emulator) -> None:
    raw.post("/send", json={"type": "t", "to": {"id": "u1"}})
    pingram_emulator.sent[0]["type"] = "changed"
    assert pingram_emulator.sent[0]["type"] == "t"


def test_bad_query_values_are_400(raw: httpx.Client) -> None:
    assert raw.get("/users", params={"limit": "many"}).status_code == 400
    assert raw.get("/users", params={"limit": 0}).status_code == 400
    assert raw.get("/users", params={"limit": 1, "nextToken": "bogus"}).status_code == 400
    assert raw.get("/logs", params={"cursor": "bogus"}).status_code == 400
    assert raw.post("/send", json={"type": "t", "to": {"id": "u"}, "schedule": "soon"}).is_error


# -- lifecycle -----------------------------------------------------------------------------------


def get_again(connection: http.client.HTTPConnection) -> None:
    connection.request("GET", "/logs/tail", headers=AUTH)
    connection.getresponse()


def test_stop_joins_the_thread_and_hangs_up_on_kept_alive_connections() -> None:
    emulator = Emulator().start()
    assert emulator.running
    port = emulator.port
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/logs/tail", headers=AUTH)
    assert connection.getresponse().read()

    emulator.stop()

    assert not emulator.running
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        get_again(connection)
    connection.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1)
    emulator.stop()  # a second stop is harmless
    with pytest.raises(RuntimeError, match="not running"):
        _ = emulator.url


def test_two_emulators_run_at_once_with_separate_state() -> None:
    with Emulator() as first, Emulator() as second:
        assert first.port != second.port
        httpx.post(f"{first.url}/send", json={"type": "t", "to": {"id": "u"}}, headers=AUTH)
        assert len(first.sent) == 1
        assert second.sent == []
        assert httpx.get(f"{second.url}/logs/tail", headers=AUTH).json() == {"logs": []}
    assert not first.running
    assert not second.running


def test_start_twice_is_an_error() -> None:
    with Emulator() as emulator, pytest.raises(RuntimeError, match="already running"):
        emulator.start()


# -- load ----------------------------------------------------------------------------------------


def test_the_listen_backlog_holds_many_pending_connections() -> None:
    """With the stdlib's backlog of 5, the kernel would leave all but ~6 of these hanging."""
    server = HTTPServer(("127.0.0.1", 0), lambda *_: Response(204))  # listening, not accepting
    clients: list[socket.socket] = []
    connected = 0
    try:
        with selectors.DefaultSelector() as selector:
            for _ in range(64):
                client = socket.socket()
                clients.append(client)
                client.setblocking(False)
                client.connect_ex(server.server_address)
                selector.register(client, selectors.EVENT_WRITE)
            deadline = time.monotonic() + 5
            pending = 64
            while pending and time.monotonic() < deadline:
                for key, _ in selector.select(deadline - time.monotonic()):
                    sock: socket.socket = key.fileobj  # type: ignore[assignment]
                    connected += sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0
                    selector.unregister(sock)
                    pending -= 1
    finally:
        for client in clients:
            client.close()
        server.server_close()
    assert connected == 64


def test_32_clients_connecting_at_once_are_all_served(pingram_emulator: Emulator) -> None:
    barrier = threading.Barrier(32)
    outcomes: list[object] = []

    def post(i: int) -> None:
        with httpx.Client(base_url=pingram_emulator.url, headers=AUTH) as client:
            barrier.wait(timeout=10)
            try:
                response = client.post("/send", json={"type": "t", "to": {"id": f"u{i}"}})
            except httpx.TransportError as exc:  # e.g. a connection reset by a full backlog
                outcomes.append(repr(exc))
            else:
                outcomes.append(response.status_code)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == [200] * 32
    assert len(pingram_emulator.sent) == 32
