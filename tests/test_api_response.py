"""``ApiResponse``: the shape 1.x's ``*_with_http_info`` returned, without pydantic."""

from __future__ import annotations

import subprocess
import sys

import httpx

import pingram
from pingram.api_response import ApiResponse


def test_it_is_built_and_read_as_in_1x() -> None:
    headers = httpx.Headers({"Content-Type": "application/json", "X-Request-Id": "r-1"})
    response: ApiResponse[dict[str, int]] = ApiResponse(
        status_code=200, headers=headers, data={"a": 1}, raw_data=b'{"a":1}'
    )
    assert (response.status_code, response.data, response.raw_data) == (200, {"a": 1}, b'{"a":1}')
    assert response.headers is not None
    assert response.headers["x-request-id"] == "r-1"
    assert ApiResponse(status_code=204, data=None, raw_data=b"").headers is None


def test_equal_when_every_part_is_equal() -> None:
    one = ApiResponse(status_code=200, headers={"A": "1"}, data=[1], raw_data=b"[1]")
    assert one == ApiResponse(status_code=200, headers={"a": "1"}, data=[1], raw_data=b"[1]")
    assert one != ApiResponse(status_code=201, headers={"A": "1"}, data=[1], raw_data=b"[1]")
    assert one != ApiResponse(status_code=200, headers={"A": "2"}, data=[1], raw_data=b"[1]")


def test_repr_shows_the_data_not_the_headers() -> None:
    response = ApiResponse(
        status_code=200, headers={"Set-Cookie": "session=s3cret"}, data="ok", raw_data=b'"ok"'
    )
    assert repr(response) == "ApiResponse(status_code=200, data='ok', raw_data=<4 bytes>)"


def test_exported_lazily_from_the_top_level() -> None:
    assert pingram.ApiResponse is ApiResponse
    assert "ApiResponse" in pingram.__all__
    code = "import sys, pingram; print('pingram.api_response' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
