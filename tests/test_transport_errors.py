"""Wrapping httpx's transport errors: the caller sees a PingramError, never the credentials."""

from __future__ import annotations

import httpx
import pytest

from pingram import APIConnectionError, APITimeoutError
from pingram._response import transport_error

from .conftest import API_KEY

pytestmark = pytest.mark.transport

REQUEST = httpx.Request(
    "POST", "https://api.pingram.io/send", headers={"Authorization": f"Bearer {API_KEY}"}
)


def test_a_protocol_error_quoting_the_authorization_header_is_redacted() -> None:
    quoted = httpx.LocalProtocolError(f"Illegal header value b'Bearer {API_KEY}'", request=REQUEST)
    error = transport_error(quoted, REQUEST)
    assert type(error) is APIConnectionError
    assert API_KEY not in str(error)
    assert "[redacted]" in str(error)
    assert str(error).startswith("POST https://api.pingram.io/send failed: LocalProtocolError")


def test_a_timeout_becomes_api_timeout_error_naming_the_phase() -> None:
    error = transport_error(httpx.ReadTimeout("", request=REQUEST), REQUEST)
    assert isinstance(error, APITimeoutError)
    assert str(error) == "POST https://api.pingram.io/send timed out (ReadTimeout)"
    assert (error.method, error.url) == ("POST", "https://api.pingram.io/send")
