"""The HTTP stacks each client's tests run on: httpx and httpx2, plus aiohttp's pool for async.

Every test under ``tests/_async`` and ``tests/_sync`` runs once per stack (the ``http_stack``
fixture): with ``httpx2`` the SDK builds its default client on httpx2
(``PINGRAM_HTTP_STACK=httpx2``), and ``http_stack.lib`` is the module a test uses for its
own clients. Tests that take ``emulator_client`` or ``make_http_client`` also run on the
aiohttp transport (async only).

pytest-httpx mocks httpx's transports only; on the httpx2 stack, :func:`bridge_httpx_mock`
routes httpx2's transports to the same mock, so ``httpx_mock`` tests need no change.

httpx2 2.16 needs Python 3.11: older interpreters run the httpx stacks only. Where it can be
installed, nox installs it (``.[aiohttp,httpx2]``) and a missing httpx2 is an error.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable, Optional

import httpx
import pytest

HttpClientFactory = Callable[[], Optional[Any]]

HAS_HTTPX2_EXTRA = sys.version_info >= (3, 11)


@dataclass
class HttpStack:
    name: str
    #: ``httpx`` or ``httpx2``: the library the SDK's default client is built on.
    lib: ModuleType
    #: The ``http_client=`` a transport-parametrised test passes (``None``: the SDK's own).
    make_client: HttpClientFactory


def _default() -> None:
    return None


def _aiohttp() -> Any:
    from pingram import DefaultAioHttpClient

    return DefaultAioHttpClient()


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


def parametrize_stacks(metafunc: pytest.Metafunc, params: Callable[[bool], list[Any]]) -> None:
    """Give each test the ``http_stack`` param: per stack, and per transport where it asks."""
    if "http_stack" in metafunc.fixturenames:
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
    mock_transport = httpx.HTTPTransport()
    async_mock_transport = httpx.AsyncHTTPTransport()

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
