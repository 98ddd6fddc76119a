"""httpx and httpx2: which client each SDK client accepts, which one it builds, and how
the other library's errors and timeouts are understood. The client suites themselves run
on both stacks (``tests/http_clients.py``)."""

from __future__ import annotations

import importlib
import ssl
import subprocess
import sys
from typing import Any

import httpx
import pytest

from pingram import (
    APIConnectionError,
    APITimeoutError,
    Pingram,
    PingramError,
    PingramSync,
    PingramValidationError,
)
from pingram._response import transport_error
from pingram._retry import retry_delay_for_error

from .conftest import API_KEY
from .http_clients import HAS_HTTPX2_EXTRA

pytestmark = pytest.mark.transport

LIBS = ["httpx", *(["httpx2"] if HAS_HTTPX2_EXTRA else [])]


@pytest.fixture(params=LIBS)
def lib(request: pytest.FixtureRequest) -> Any:
    return importlib.import_module(request.param)


# -- the client a caller passes ----------------------------------------------------------------


async def test_pingram_takes_either_librarys_async_client(lib: Any) -> None:
    async with lib.AsyncClient() as http:
        client = Pingram(API_KEY, http_client=http)
        assert client._connection.http is http
        assert client._connection.lib.module is lib


def test_pingram_sync_takes_either_librarys_client(lib: Any) -> None:
    with lib.Client() as http:
        client = PingramSync(API_KEY, http_client=http)
        assert client._connection.http is http
        assert client._connection.lib.module is lib


def test_a_blocking_client_given_to_pingram_is_refused_saying_what_to_pass(lib: Any) -> None:
    name = lib.__name__
    with lib.Client() as http, pytest.raises(PingramValidationError) as info:
        Pingram(API_KEY, http_client=http)
    assert str(info.value) == (
        f"http_client is an {name}.Client, but Pingram needs an {name}.AsyncClient: "
        f"pass {name}.AsyncClient(...), or use PingramSync with this client"
    )
    assert info.value.path == "http_client"


async def test_an_async_client_given_to_pingram_sync_is_refused_saying_what_to_pass(
    lib: Any,
) -> None:
    name = lib.__name__
    async with lib.AsyncClient() as http:
        with pytest.raises(PingramValidationError) as info:
            PingramSync(API_KEY, http_client=http)
    assert str(info.value) == (
        f"http_client is an {name}.AsyncClient, but PingramSync needs an {name}.Client: "
        f"pass {name}.Client(...), or use Pingram with this client"
    )


@pytest.mark.parametrize("other", [object(), "https://api.pingram.io", httpx.AsyncHTTPTransport()])
def test_something_that_is_no_client_is_refused_by_both(other: Any) -> None:
    kind = f"{type(other).__module__}.{type(other).__qualname__}"
    with pytest.raises(
        PingramError, match=r"^http_client must be an httpx\.AsyncClient or an "
    ) as info:
        Pingram(API_KEY, http_client=other)
    assert str(info.value).endswith(f"httpx2.AsyncClient for Pingram, got {kind}")
    with pytest.raises(PingramError) as sync_info:
        PingramSync(API_KEY, http_client=other)
    assert str(sync_info.value) == (
        f"http_client must be an httpx.Client or an httpx2.Client for PingramSync, got {kind}"
    )
    assert isinstance(sync_info.value, ValueError)


def test_a_subclass_of_a_client_is_accepted_as_its_library(lib: Any) -> None:
    class Tuned(lib.Client):  # type: ignore[misc,name-defined]
        pass

    with Tuned() as http:
        assert PingramSync(API_KEY, http_client=http)._connection.lib.module is lib


# -- the client the SDK builds -----------------------------------------------------------------


def test_the_default_client_is_httpx_unless_the_environment_asks_for_httpx2(
    lib: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if lib is not httpx:
        monkeypatch.setenv("PINGRAM_HTTP_STACK", f" {lib.__name__.upper()} ")
    for client in (Pingram(API_KEY, timeout=7), PingramSync(API_KEY, timeout=7)):
        http: Any = client._connection.http
        assert type(http) in (lib.AsyncClient, lib.Client)
        assert client._connection.owned
        assert http.timeout == lib.Timeout(7.0)


def test_the_default_clients_limits_are_the_same_on_both_stacks(
    lib: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINGRAM_HTTP_STACK", lib.__name__)
    with PingramSync(API_KEY) as client:
        pool = client._connection.http._transport._pool
        assert (pool._max_connections, pool._max_keepalive_connections) == (100, 20)
        assert client._connection.http.timeout == lib.Timeout(30.0, connect=5.0)


def test_the_clients_the_sdk_builds_share_one_ssl_context_and_a_callers_keeps_its_own(
    lib: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pingram._http as http_module

    monkeypatch.setenv("PINGRAM_HTTP_STACK", lib.__name__)
    monkeypatch.setattr(http_module, "_SSL_CONTEXTS", {})  # as in a fresh process
    made: list[ssl.SSLContext] = []
    real = lib.create_ssl_context

    def create_ssl_context(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(lib, "create_ssl_context", create_ssl_context)

    def context_of(client: Any) -> ssl.SSLContext:
        return client._connection.http._transport._pool._ssl_context  # type: ignore[no-any-return]

    clients = [PingramSync(API_KEY), PingramSync(API_KEY, timeout=3), Pingram(API_KEY)]
    assert len(made) == 1, "the CA bundle is loaded once, not once per client"
    assert all(context_of(client) is made[0] for client in clients)
    assert made[0].verify_mode == ssl.CERT_REQUIRED
    assert made[0].check_hostname
    with lib.Client() as http:
        assert context_of(PingramSync(API_KEY, http_client=http)) is not made[0]


def test_an_unknown_stack_in_the_environment_is_refused_at_construction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PINGRAM_HTTP_STACK", "requests")
    with pytest.raises(PingramValidationError, match=r"PINGRAM_HTTP_STACK='requests' is not an"):
        Pingram(API_KEY)


def test_a_missing_httpx2_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import pingram._http as http_module

    monkeypatch.setenv("PINGRAM_HTTP_STACK", "httpx2")
    monkeypatch.delitem(http_module._LIBRARIES, "httpx2", raising=False)
    monkeypatch.setitem(sys.modules, "httpx2", None)  # an import of it now fails
    with pytest.raises(PingramError, match=r'pip install "pingram-python\[httpx2\]"'):
        PingramSync(API_KEY)


def test_import_pingram_and_its_default_clients_never_import_httpx2() -> None:
    code = (
        "import sys, pingram\n"
        "pingram.Pingram(api_key='pingram_sk_x'); pingram.PingramSync(api_key='pingram_sk_x')\n"
        "print('httpx2' in sys.modules, 'httpcore2' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]


# -- the other library's timeouts and errors ----------------------------------------------------


def test_a_timeout_object_of_either_library_is_accepted_by_the_default_client(lib: Any) -> None:
    client = PingramSync(API_KEY, timeout=lib.Timeout(3.0, connect=1.0))
    http: Any = client._connection.http
    assert isinstance(http.timeout, httpx.Timeout)
    assert http.timeout.as_dict() == {"connect": 1.0, "read": 3.0, "write": 3.0, "pool": 3.0}
    assert client.with_options(timeout=lib.Timeout(2.0)).timeout.as_dict()["read"] == 2.0


def test_either_librarys_errors_are_mapped_and_classified_for_retry(lib: Any) -> None:
    request = lib.Request("POST", "https://api.pingram.io/send")
    timeout = transport_error(lib.ReadTimeout("", request=request), request)
    assert isinstance(timeout, APITimeoutError)
    assert str(timeout) == "POST https://api.pingram.io/send timed out (ReadTimeout)"
    reset = transport_error(lib.ReadError("reset", request=request), request)
    assert type(reset) is APIConnectionError
    # Never connected: safe to retry a POST. Read failure: only an idempotent method.
    assert retry_delay_for_error("POST", lib.ConnectError("refused"), 0) is not None
    assert retry_delay_for_error("POST", lib.ReadError("reset"), 0) is None
    assert retry_delay_for_error("GET", lib.ReadError("reset"), 0) is not None
    assert retry_delay_for_error("GET", ValueError("not a transport error"), 0) is None
