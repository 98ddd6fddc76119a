"""Every error pickles (a process pool sends its workers' errors back that way), keyless."""

from __future__ import annotations

import inspect
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable

import httpx
import pytest
from pytest_httpserver import HTTPServer

import pingram._exceptions as exceptions
from pingram import BadRequestError, PingramError, PingramSync

from .conftest import API_KEY

pytestmark = pytest.mark.transport

URL = "https://api.pingram.io/send"
SECRETS = (API_KEY.encode(), b"Bearer", b"session=", b"proxy-secret", b"xoxb-")


def make_response(status: int = 400) -> httpx.Response:
    """A response whose request carries credentials and a body that must not be pickled."""
    request = httpx.Request(
        "POST",
        URL,
        headers={
            "Authorization": f"Bearer {API_KEY}",
            "Proxy-Authorization": "Basic proxy-secret",
            "Cookie": "session=abc",
            "X-Trace": "t-1",
        },
        content=b'{"to": {"slackToken": {"accessToken": "xoxb-1"}}}',
    )
    return httpx.Response(
        status, json={"message": "Bad type"}, headers={"X-Request-Id": "req-1"}, request=request
    )


def build(cls: type[PingramError]) -> PingramError:
    if issubclass(cls, exceptions.APIStatusError):
        return cls("Bad type", response=make_response(), body={"message": "Bad type"})
    if issubclass(cls, exceptions.APIResponseValidationError):
        return cls("not a SenderPostResponse", response=make_response(200))
    if issubclass(cls, exceptions.APIConnectionError):
        return cls(f"POST {URL} failed: ConnectError", method="POST", url=URL)
    if issubclass(cls, exceptions.PingramValidationError):
        return cls("invalid sender_post_body", path="$.to.email")
    return cls("something is wrong")


ERROR_CLASSES = [
    value
    for value in vars(exceptions).values()
    if inspect.isclass(value) and issubclass(value, PingramError)
]


def test_every_error_class_is_covered() -> None:
    assert {cls.__name__ for cls in ERROR_CLASSES} >= {
        name for name in exceptions.__all__ if name.endswith("Error")
    }


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_every_error_round_trips_through_pickle_without_credentials(
    cls: type[PingramError],
) -> None:
    error = build(cls)
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        data = pickle.dumps(error, protocol=protocol)
        assert [secret for secret in SECRETS if secret in data] == []
        restored = pickle.loads(data)
        assert type(restored) is cls
        assert str(restored) == str(error)
        assert restored.args == error.args
        assert vars(restored).keys() == vars(error).keys()
        for name, value in vars(error).items():
            if name != "response":
                assert getattr(restored, name) == value, name


@pytest.mark.parametrize(
    "cls", [c for c in ERROR_CLASSES if "response" in vars(build(c))], ids=lambda c: c.__name__
)
def test_a_pickled_response_keeps_what_is_useful(cls: type[PingramError]) -> None:
    error: Any = build(cls)
    restored = pickle.loads(pickle.dumps(error))
    response = restored.response
    assert response.status_code == error.response.status_code
    assert response.json() == {"message": "Bad type"}
    assert response.headers["X-Request-Id"] == "req-1"
    assert (response.request.method, str(response.request.url)) == ("POST", URL)
    assert response.request.headers["X-Trace"] == "t-1"
    for header in ("Authorization", "Proxy-Authorization", "Cookie"):
        assert header not in response.request.headers
    assert response.request.content == b""
    # Pickling leaves the error that was raised as it was.
    assert error.response.request.headers["Authorization"] == f"Bearer {API_KEY}"


class LimitError(PingramError):
    """An error whose __init__ takes only keywords, as later subclasses may."""

    def __init__(self, *, limit: int) -> None:
        super().__init__(f"over the limit of {limit} bytes")
        self.limit = limit


def test_a_subclass_with_any_init_signature_pickles() -> None:
    restored = pickle.loads(pickle.dumps(LimitError(limit=5)))
    assert type(restored) is LimitError
    assert (str(restored), restored.limit) == ("over the limit of 5 bytes", 5)


def send_and_fail(base_url: str) -> None:
    """Runs in a worker process."""
    with PingramSync(api_key=API_KEY, base_url=base_url) as client:
        client.send({"type": "t", "to": {"id": "u1"}})


def test_an_error_raised_in_a_process_pool_worker_reaches_the_caller(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/send", method="POST").respond_with_json(
        {"message": "Bad type"}, status=400
    )
    # spawn: forking this multi-threaded test process would warn on Python 3.12+.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(send_and_fail, httpserver.url_for(""))
        with pytest.raises(BadRequestError) as info:
            future.result(timeout=60)
        error = info.value
        assert (error.status_code, error.message, error.method) == (400, "Bad type", "POST")
        assert error.url == httpserver.url_for("/send")
        assert "Authorization" not in error.response.request.headers
        assert API_KEY not in str(error.__cause__)  # the worker's formatted traceback
        # The pool survived: it still runs work.
        square: Callable[[int, int], int] = pow
        assert pool.submit(square, 7, 2).result(timeout=60) == 49
