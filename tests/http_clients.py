"""Which HTTP stacks a client test runs on: every stack for a transport test, else httpx.

The rule: **a test runs on every HTTP stack only when it is about the transport**, and it
says so with ``@pytest.mark.transport`` (a whole module with ``pytestmark``). Transport is
what passes through the HTTP library and so can differ between httpx, httpx2 and aiohttp:

- sockets and their failures: timeouts, the deadline of an attempt, refused, dropped or
  reset connections, pools, ``fork()``, retries over a real socket;
- bytes from the wire: decompression, the response-size bound, malformed responses;
- the library's own objects: a caller's ``http_client`` (its headers, params, state),
  the library's URL and request building (what it normalises or refuses), errors it
  raises, and pickling the responses it made.

Every other client test runs once, on httpx (the default stack): the request of every
operation, validation, models, decoding JSON into models, forward compatibility, the retry
policy over a mock, pagination, client configuration, the emulator's behaviour. That code
lives in the I/O-free core (``_request.py``, ``_response.py``, ``_config.py``, ...) and is
the same code whatever library carries the bytes: running it per stack would test the
same lines two or three times over.

How: a transport test under ``tests/_async`` or ``tests/_sync`` gets the ``http_stack``
param once per stack. With ``httpx2`` the SDK builds its default client on httpx2
(``PINGRAM_HTTP_STACK=httpx2``), and ``http_stack.lib`` is the module a test uses for its
own clients. A transport test that takes ``emulator_client`` or ``make_http_client``
also runs on the aiohttp transport (async only). A test that takes ``http_stack`` or
``make_http_client`` itself must be a transport test: anything else is refused at
collection. The modules at the top of ``tests/`` that compare stacks choose their own
(``async_http_clients()``, ``HAS_HTTPX2_EXTRA``) and are marked ``transport`` too.

pytest-httpx mocks httpx's transports only; on the httpx2 stack, :func:`bridge_httpx_mock`
routes httpx2's transports to the same mock, so ``httpx_mock`` tests need no change.

httpx2 2.16 needs Python 3.11: older interpreters run the httpx stacks only. Where it can be
installed, nox installs it (``.[aiohttp,httpx2]``) and a missing httpx2 is an error.
"""

from __future__ import annotations

import functools
import inspect
import ssl
import sys
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable, Optional

import httpx
import pytest

HttpClientFactory = Callable[[], Optional[Any]]

HAS_HTTPX2_EXTRA = sys.version_info >= (3, 11)

#: The marker of a transport test (registered in ``tests/conftest.py``).
TRANSPORT = "transport"
#: Fixtures that only make sense per stack: a test taking one must be a transport test.
STACK_FIXTURES = frozenset({"http_stack", "make_http_client"})


@dataclass
class HttpStack:
    name: str
    #: ``httpx`` or ``httpx2``: the library the SDK's default client is built on.
    lib: ModuleType
    #: The ``http_client=`` a transport-parametrised test passes (``None``: the SDK's own).
    make_client: HttpClientFactory


@functools.cache
def ssl_context() -> ssl.SSLContext:
    """One SSL context for the clients tests build themselves (loading a CA bundle costs
    ~40 ms per client; the SDK shares one for its own clients in the same way)."""
    return httpx.create_ssl_context()


def _default() -> None:
    return None


#: Where a test is not about the transport: the SDK's own client, on httpx.
DEFAULT_STACK = ("httpx", _default)


def _aiohttp() -> Any:
    from pingram import DefaultAioHttpClient

    return DefaultAioHttpClient(verify=ssl_context())


def _stacks(aiohttp: bool) -> list[Any]:
    params = [pytest.param(("httpx", _default), id="httpx")]
    if aiohttp:
        params.append(pytest.param(("httpx", _aiohttp), id="aiohttp"))
    if HAS_HTTPX2_EXTRA:
        params.append(pytest.param(("httpx2", _default), id="httpx2"))
    return params


def async_http_clients(transports: bool = True) -> list[Any]:
    """Params for the async tests: httpx, httpx2, and (with ``transports``) aiohttp."""
    return _stacks(aiohttp=transports)


def sync_http_clients(transports: bool = True) -> list[Any]:
    """Params for the sync tests: httpx and httpx2."""
    return _stacks(aiohttp=False)


def is_transport_test(node: Any) -> bool:
    """Whether a test (a ``Metafunc.definition`` or an item) is marked ``transport``."""
    return node.get_closest_marker(TRANSPORT) is not None


def parametrize_stacks(metafunc: pytest.Metafunc, params: Callable[[bool], list[Any]]) -> None:
    """Give a transport test the ``http_stack`` param: per stack, and per transport where
    it asks; every other test runs once, on ``DEFAULT_STACK``."""
    if "http_stack" not in metafunc.fixturenames:
        return
    if not is_transport_test(metafunc.definition):
        asked = STACK_FIXTURES & set(inspect.signature(metafunc.function).parameters)
        if asked:
            raise pytest.UsageError(
                f"{metafunc.definition.nodeid} takes {', '.join(sorted(asked))}: mark it "
                "@pytest.mark.transport, or use the default stack (tests/http_clients.py)"
            )
        return
    transports = bool({"emulator_client", "make_http_client"} & set(metafunc.fixturenames))
    metafunc.parametrize("http_stack", params(transports), indirect=True)


def use_stack(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, param: tuple[str, Any]
) -> HttpStack:
    """Set the SDK's default stack for one test; on httpx2, point httpx_mock at it too."""
    name, make_client = param
    if name == "httpx":
        monkeypatch.delenv("PINGRAM_HTTP_STACK", raising=False)
        return HttpStack(name, httpx, make_client)
    import httpx2  # not a skip: where the extra installs, the suite must run on it

    monkeypatch.setenv("PINGRAM_HTTP_STACK", "httpx2")
    if "httpx_mock" in request.fixturenames:
        request.getfixturevalue("httpx_mock")  # patch httpx's transports first
        bridge_httpx_mock(request, monkeypatch, httpx2)
    return HttpStack(name, httpx2, make_client)


def bridge_httpx_mock(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, httpx2: ModuleType
) -> None:
    """Send what httpx2's transports receive to pytest-httpx's mock, converting both ways.

    The SDK still builds, sends and reads httpx2 objects through httpx2's client; only
    the network hop is replaced, exactly where pytest-httpx replaces it for httpx.
    """
    should_mock: Callable[[httpx.Request], bool] = lambda _: True  # noqa: E731
    for marker in request.node.iter_markers("httpx_mock"):
        should_mock = marker.kwargs.get("should_mock", should_mock)
    mock_transport = httpx.HTTPTransport(verify=ssl_context())
    async_mock_transport = httpx.AsyncHTTPTransport(verify=ssl_context())

    def to_httpx(request2: Any, content: bytes) -> httpx.Request:
        return httpx.Request(
            request2.method,
            str(request2.url),
            headers=request2.headers.raw,
            content=content,
            extensions=dict(request2.extensions),
        )

    def to_httpx2(response: httpx.Response, content: bytes) -> Any:
        return httpx2.Response(response.status_code, headers=response.headers.raw, content=content)

    def to_httpx2_error(error: Exception, request2: Any) -> Exception:
        if not isinstance(error, httpx.TransportError):
            return error
        return getattr(httpx2, type(error).__name__)(str(error), request=request2)  # type: ignore[no-any-return]

    real_sync = httpx2.HTTPTransport.handle_request
    real_async = httpx2.AsyncHTTPTransport.handle_async_request

    def handle_request(transport: Any, request2: Any) -> Any:
        request1 = to_httpx(request2, request2.read())
        if not should_mock(request1):
            return real_sync(transport, request2)
        try:
            response = mock_transport.handle_request(request1)
        except Exception as error:
            raise to_httpx2_error(error, request2) from None
        return to_httpx2(response, b"".join(response.iter_raw()))

    async def handle_async_request(transport: Any, request2: Any) -> Any:
        request1 = to_httpx(request2, await request2.aread())
        if not should_mock(request1):
            return await real_async(transport, request2)
        try:
            response = await async_mock_transport.handle_async_request(request1)
        except Exception as error:
            raise to_httpx2_error(error, request2) from None
        return to_httpx2(response, b"".join([chunk async for chunk in response.aiter_raw()]))

    monkeypatch.setattr(httpx2.HTTPTransport, "handle_request", handle_request)
    monkeypatch.setattr(httpx2.AsyncHTTPTransport, "handle_async_request", handle_async_request)
