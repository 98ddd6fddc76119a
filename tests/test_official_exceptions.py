"""The 1.x exception classes (``pingram.exceptions``): usable as in 1.x, and raised by our clients.

1.x code catches ``ApiException``, ``NotFoundException``, ``ServiceException``, ...
and reads ``status``, ``reason``, ``body``, ``data`` and ``headers``. The errors our
clients raise are instances of the matching 1.x class, with those attributes.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

import pingram
from pingram import Pingram, PingramSync
from pingram.emulator import Emulator
from pingram.exceptions import (
    ApiAttributeError,
    APIConnectionError,
    ApiException,
    ApiKeyError,
    APIResponseValidationError,
    APIStatusError,
    ApiTypeError,
    ApiValueError,
    BadRequestException,
    ConflictException,
    ForbiddenException,
    NotFoundError,
    NotFoundException,
    OpenApiException,
    PingramError,
    PingramValidationError,
    ServiceException,
    UnauthorizedException,
    UnprocessableEntityException,
    render_path,
)

from .conftest import API_KEY, BASE_URL

OFFICIAL_STATUS_CLASSES = [
    BadRequestException,
    UnauthorizedException,
    ForbiddenException,
    NotFoundException,
    ConflictException,
    UnprocessableEntityException,
    ServiceException,
]


class RestResponse:
    """What 1.x passes as ``http_resp``: its ``RESTResponse`` (status, reason, data, headers)."""

    def __init__(self, status: int, reason: str, data: bytes, headers: dict[str, str]) -> None:
        self.status, self.reason, self.data, self.headers = status, reason, data, headers


# -- the 1.x classes, used as 1.x code uses them ------------------------------------


def test_the_1x_names_are_exported_as_1x_exported_them() -> None:
    for name in (
        "OpenApiException",
        "ApiTypeError",
        "ApiValueError",
        "ApiKeyError",
        "ApiAttributeError",
        "ApiException",
    ):
        assert getattr(pingram, name) is getattr(pingram.exceptions, name)
        assert name in pingram.__all__


def test_1x_bases_are_kept() -> None:
    assert issubclass(ApiTypeError, (OpenApiException, TypeError))
    assert issubclass(ApiValueError, ValueError)
    assert issubclass(ApiKeyError, KeyError)
    assert issubclass(ApiAttributeError, AttributeError)
    for cls in OFFICIAL_STATUS_CLASSES:
        assert cls.__bases__ == (ApiException,)
    assert ApiException.__bases__ == (OpenApiException,)


def test_api_exception_takes_the_1x_arguments() -> None:
    error = ApiException(status=404, reason="Not Found", body='{"message":"nope"}', data=None)
    assert (error.status, error.reason, error.body, error.data, error.headers) == (
        404,
        "Not Found",
        '{"message":"nope"}',
        None,
        None,
    )
    # 1.x's message: the status, the API's own explanation, and the body.
    assert str(error).startswith("(404)\nReason: nope\n")
    assert 'HTTP response body: {"message":"nope"}' in str(error)


def test_api_exception_reads_a_1x_http_response() -> None:
    response = RestResponse(503, "Service Unavailable", b"down", {"Retry-After": "1"})
    error = ServiceException(http_resp=response)
    assert (error.status, error.reason, error.body) == (503, "Service Unavailable", "down")
    assert error.headers == {"Retry-After": "1"}
    assert str(error).startswith("(503)\nReason: Service Unavailable\n")


def test_api_exception_reads_an_httpx_response_too() -> None:
    response = httpx.Response(409, content=b'{"error":{"message":"taken"}}')
    error = ConflictException(http_resp=response)
    assert (error.status, error.reason) == (409, "Conflict")
    assert "Reason: taken" in str(error)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, BadRequestException),
        (401, UnauthorizedException),
        (403, ForbiddenException),
        (404, NotFoundException),
        (409, ConflictException),
        (422, UnprocessableEntityException),
        (500, ServiceException),
        (599, ServiceException),
        (402, ApiException),
        (429, ApiException),
    ],
)
def test_from_response_raises_the_class_of_the_status(status: int, expected: type) -> None:
    with pytest.raises(ApiException) as info:
        ApiException.from_response(
            http_resp=RestResponse(status, "x", b"{}", {}), body="{}", data=None
        )
    assert type(info.value) is expected
    assert info.value.status == status


def test_value_errors_render_their_path_as_1x_does() -> None:
    assert render_path(["to", 0, "email"]) == "['to'][0]['email']"
    error = ApiTypeError("wrong type", path_to_item=["to", 0], valid_classes=(str,), key_type=False)
    assert str(error) == "wrong type at ['to'][0]"
    assert (error.path_to_item, error.valid_classes, error.key_type) == (["to", 0], (str,), False)
    assert str(ApiValueError("bad")) == "bad"
    assert ApiKeyError("missing", ["a"]).path_to_item == ["a"]
    assert str(ApiAttributeError("no such", ["b"])) == "no such at ['b']"


def test_1x_exceptions_pickle() -> None:
    error = NotFoundException(status=404, reason="Not Found", body="{}")
    restored = pickle.loads(pickle.dumps(error))
    assert type(restored) is NotFoundException
    assert (restored.status, restored.reason, restored.body) == (404, "Not Found", "{}")
    typed = pickle.loads(pickle.dumps(ApiTypeError("t", path_to_item=["x"])))
    assert (str(typed), typed.path_to_item) == ("t at ['x']", ["x"])


# -- our errors are the 1.x classes ---------------------------------------------------


@pytest.mark.parametrize(
    ("status", "official"),
    [
        (400, BadRequestException),
        (401, UnauthorizedException),
        (403, ForbiddenException),
        (404, NotFoundException),
        (409, ConflictException),
        (422, UnprocessableEntityException),
        (500, ServiceException),
        (502, ServiceException),
        (503, ServiceException),
        (402, ApiException),
        (429, ApiException),
        (418, ApiException),
    ],
)
async def test_a_status_error_is_the_1x_exception_of_its_status(
    httpx_mock: HTTPXMock, status: int, official: type[ApiException]
) -> None:
    httpx_mock.add_response(
        status_code=status, json={"message": "Something specific"}, headers={"X-Id": "r-1"}
    )
    async with Pingram(api_key=API_KEY, base_url=BASE_URL, max_retries=0) as client:
        with pytest.raises(official) as info:
            await client.send({"type": "t", "to": {"id": "u1"}})
    error: Any = info.value
    assert isinstance(error, APIStatusError)
    more_specific = [c for c in OFFICIAL_STATUS_CLASSES if c is not official]
    assert not isinstance(error, tuple(more_specific))
    assert error.status == error.status_code == status
    assert error.reason == httpx.codes.get_reason_phrase(status)
    assert isinstance(error.body, str)  # 1.x: the body as text
    assert json.loads(error.body) == {"message": "Something specific"}
    assert error.json_body == {"message": "Something specific"}  # ours, decoded
    assert error.headers["x-id"] == "r-1"
    assert error.data is None  # not the API's error shape
    # Our message, never the key.
    assert str(error).startswith(f"{status} ")
    assert "Something specific" in str(error)
    assert API_KEY not in str(error)
    assert API_KEY not in repr(error)


def test_body_is_the_text_even_when_it_is_not_json(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=502, text="<html><title>Bad gateway</title></html>")
    client = PingramSync(api_key=API_KEY, base_url=BASE_URL, max_retries=0)
    with client, pytest.raises(ServiceException) as info:
        client.send({"type": "t", "to": {"id": "u1"}})
    error: Any = info.value
    assert error.body == "<html><title>Bad gateway</title></html>"
    assert error.json_body == error.body  # not JSON: the text
    assert error.message == "Bad gateway"


def test_a_status_error_pickles_with_its_1x_attributes(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=404, json={"message": "gone"}, headers={"X-Id": "r-2"})
    client = PingramSync(api_key=API_KEY, base_url=BASE_URL)
    with client, pytest.raises(NotFoundError) as info:
        client.users.users_delete_user("u1")
    data = pickle.dumps(info.value)
    assert API_KEY.encode() not in data
    restored = pickle.loads(data)
    assert isinstance(restored, NotFoundException)
    assert (restored.status, restored.reason, restored.body, restored.data) == (
        404,
        "Not Found",
        info.value.body,
        None,
    )
    assert restored.headers["x-id"] == "r-2"


def test_input_errors_are_1x_value_errors() -> None:
    client = PingramSync(api_key=API_KEY, base_url=BASE_URL)
    with client, pytest.raises(ApiValueError) as info:
        client.send({"type": "t", "to": {"email": 42}})
    error: Any = info.value
    assert isinstance(error, PingramValidationError)
    assert error.path == "$.to.email"
    assert error.path_to_item == ["to", "email"]


def test_a_path_with_an_index_becomes_1x_path_items() -> None:
    error = PingramValidationError("bad", path="$.forceChannels[1]")
    assert error.path_to_item == ["forceChannels", 1]
    assert PingramValidationError("bad").path_to_item is None
    assert PingramValidationError("bad", path="timeout").path_to_item == ["timeout"]


async def test_a_2xx_body_that_does_not_match_is_a_1x_value_error(httpx_mock: HTTPXMock) -> None:
    # 1.x raised pydantic's ValidationError, a ValueError, for such a body.
    httpx_mock.add_response(status_code=200, json=[1, 2])
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(ApiValueError) as info:
            await client.send({"type": "t", "to": {"id": "u1"}})
    assert isinstance(info.value, APIResponseValidationError)


async def test_connection_errors_are_not_api_exceptions() -> None:
    # 1.x let httpx's own error through; ours stays a PingramError, never an ApiException
    # (it has no status).
    assert not issubclass(APIConnectionError, OpenApiException)


# -- around real calls to the emulator ----------------------------------------------


@pytest.fixture(scope="module")
def emulator() -> Any:
    with Emulator(api_key=API_KEY) as emu:
        yield emu


async def test_emulator_404_is_a_not_found_exception(emulator: Emulator) -> None:
    async with Pingram(api_key=API_KEY, base_url=emulator.url) as client:
        with pytest.raises(NotFoundException) as info:
            await client.types.types_get_notification_type("no_such_type")
    error: Any = info.value
    assert (error.status, error.reason) == (404, "Not Found")
    assert error.headers["content-type"].startswith("application/json")
    assert "no_such_type" in json.loads(error.body)["message"]
    assert error.data is None


def test_emulator_401_409_and_500_are_their_1x_exceptions(emulator: Emulator) -> None:
    client = PingramSync(api_key="pingram_sk_wrong", base_url=emulator.url)
    with client, pytest.raises(UnauthorizedException) as unauthorized:
        client.types.types_list_notification_types()
    assert unauthorized.value.status == 401

    with PingramSync(api_key=API_KEY, base_url=emulator.url, max_retries=0) as client:
        body = {"notificationId": "compat_conflict", "title": "Compat", "channels": ["EMAIL"]}
        client.types.types_create_notification_type(body)
        with pytest.raises(ConflictException) as conflict:
            client.types.types_create_notification_type(body)
        assert conflict.value.status == 409

        emulator.fail_next(500)
        with pytest.raises(ServiceException) as service:
            client.types.types_list_notification_types()
    assert (service.value.status, service.value.reason) == (500, "Internal Server Error")
    assert isinstance(service.value, PingramError)


def test_import_pingram_leaves_the_1x_only_classes_unloaded() -> None:
    # ApiTypeError, ApiKeyError and ApiAttributeError are no base of ours: they are
    # created on first use, not by `import pingram`.
    code = (
        "import sys, pingram; loaded = 'pingram.exceptions' in sys.modules; "
        "pingram.ApiTypeError; print(loaded, 'pingram.exceptions' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
