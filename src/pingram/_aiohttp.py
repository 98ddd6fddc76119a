"""``DefaultAioHttpClient``: the async client's requests over aiohttp's connection pool.

httpx's own async pool loses much of its throughput with many requests in
flight; aiohttp's does not. Install the extra and pass it explicitly:

    pip install "pingram-python[aiohttp]"

    async with Pingram(http_client=DefaultAioHttpClient()) as client:
        ...

Everything else (retries, errors, timeouts, logging) is unchanged: the client
still speaks the httpx interface. Unlike other ``http_client`` values, this one
belongs to the Pingram client and is closed with it.

The transport below is what makes that true. The retry policy reads httpx's error
classes to know whether a request may have reached the server, so aiohttp's errors
are translated here, by that same question: only a failure to get a connection is a
connect (or pool) error; anything later is a read, write or protocol error, as httpx
would raise for the same server. Responses are parsed with httpx's limits, and no
error leaving the transport carries aiohttp's frames, whose locals hold the request
headers (the API key among them).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from types import TracebackType
from typing import Any, AsyncIterator, Optional

import httpx

from ._constants import DEFAULT_CONNECTION_LIMITS, DEFAULT_TIMEOUT
from ._exceptions import raise_unchained

try:
    import aiohttp
    from aiohttp.http_exceptions import HttpProcessingError
    from yarl import URL
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        'DefaultAioHttpClient needs the aiohttp extra: pip install "pingram-python[aiohttp]"'
    ) from exc

__all__ = ["DefaultAioHttpClient"]

#: httpx (httpcore) reads a response head of up to 100 KiB, however its lines are split;
#: aiohttp's defaults refuse a header over 8 KiB (and, in recent versions, over 128 headers).
_HEAD_LIMIT = 100 * 1024
_PARSER_LIMITS: dict[str, Any] = {"max_line_size": _HEAD_LIMIT, "max_field_size": _HEAD_LIMIT}
if "max_headers" in inspect.signature(aiohttp.ClientSession).parameters:
    _PARSER_LIMITS["max_headers"] = _HEAD_LIMIT

#: The longest part of an aiohttp message an error repeats (a bad line may be 100 KiB).
_DETAIL_LIMIT = 300


class DefaultAioHttpClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` whose transport is aiohttp, with the SDK's default limits.

    HTTP/1.1 only; proxies (``proxy=``, or from the environment) must be HTTP(S) proxies.
    """

    #: The Pingram client that receives this http_client closes it.
    _pingram_owns = True

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
        kwargs.setdefault("limits", DEFAULT_CONNECTION_LIMITS)
        super().__init__(**kwargs)
        #: How the Pingram client that owns this one makes it again in a forked child,
        #: with the same arguments (the parent's connections stay the parent's).
        self._pingram_factory = functools.partial(type(self), **kwargs)

    def _init_transport(
        self,
        verify: Any = True,
        cert: Any = None,
        trust_env: bool = True,
        http1: bool = True,
        http2: bool = False,
        limits: httpx.Limits = DEFAULT_CONNECTION_LIMITS,
        transport: Optional[httpx.AsyncBaseTransport] = None,
        **_: Any,
    ) -> httpx.AsyncBaseTransport:
        if transport is not None:
            return transport
        return AiohttpTransport(verify=verify, cert=cert, trust_env=trust_env, limits=limits)

    def _init_proxy_transport(
        self,
        proxy: httpx.Proxy,
        verify: Any = True,
        cert: Any = None,
        trust_env: bool = True,
        http1: bool = True,
        http2: bool = False,
        limits: httpx.Limits = DEFAULT_CONNECTION_LIMITS,
        **_: Any,
    ) -> httpx.AsyncBaseTransport:
        return AiohttpTransport(
            verify=verify, cert=cert, trust_env=trust_env, limits=limits, proxy=proxy
        )


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An httpx transport sending each request through an aiohttp ``ClientSession``.

    The session (and its connection pool) is made on the first request, inside the
    event loop it then belongs to.
    """

    def __init__(
        self,
        *,
        verify: Any = True,
        cert: Any = None,
        trust_env: bool = True,
        limits: httpx.Limits = DEFAULT_CONNECTION_LIMITS,
        proxy: Optional[httpx.Proxy] = None,
    ) -> None:
        self._ssl = httpx.create_ssl_context(verify=verify, cert=cert, trust_env=trust_env)
        self._limits = limits
        self._proxy: dict[str, Any] = {}
        if proxy is not None:
            self._proxy = {
                "proxy": URL(str(proxy.url), encoded=True),
                "proxy_auth": aiohttp.BasicAuth(*proxy.auth) if proxy.auth else None,
                "proxy_headers": proxy.headers.multi_items() or None,
            }
        self._session: Optional[aiohttp.ClientSession] = None

    def _new_session(self) -> aiohttp.ClientSession:
        limits = self._limits
        connector = aiohttp.TCPConnector(
            limit=limits.max_connections or 0,  # httpx's None: no limit, aiohttp's 0
            keepalive_timeout=limits.keepalive_expiry,
            ssl=self._ssl,
        )
        session = aiohttp.ClientSession(
            connector=connector,
            # httpx already merged the client's cookies into the request, and keeps the
            # response's: a second jar here would send them twice.
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,  # httpx (or the SDK) decodes the body
            **_PARSER_LIMITS,
        )
        if hasattr(session, "_retry_connection"):
            # aiohttp sends a GET, PUT or DELETE again, once, when the connection drops
            # without an answer; httpx does not, and the retry policy counts the attempts.
            session._retry_connection = False
        return session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._session
        if session is None:
            session = self._session = self._new_session()
        timeouts = request.extensions.get("timeout", {})
        try:
            data: Any = request.content or None
        except httpx.RequestNotRead:  # a streamed body
            data = request.stream
        failure: Optional[BaseException] = None
        try:
            response = await session.request(
                request.method,
                URL(str(request.url), encoded=True),  # already encoded by httpx: sent as is
                # Not a local: a traceback through this frame must not show the API key.
                headers=_headers(request, streamed=data is request.stream),
                data=data,
                allow_redirects=False,  # httpx follows redirects when asked to
                timeout=aiohttp.ClientTimeout(
                    connect=timeouts.get("pool"),  # aiohttp's covers the wait for the pool too
                    sock_connect=timeouts.get("connect"),
                    sock_read=timeouts.get("read"),
                ),
                server_hostname=request.extensions.get("sni_hostname"),
                **self._proxy,
            )
        except BaseException as exc:
            failure = _translated(exc)
        if failure is not None:
            raise_unchained(_detached(failure))
        return httpx.Response(
            response.status,
            headers=response.raw_headers,
            stream=_ResponseStream(response),
            request=request,
            extensions={
                "http_version": (
                    b"HTTP/1.0" if response.version == aiohttp.HttpVersion10 else b"HTTP/1.1"
                ),
                "reason_phrase": (response.reason or "").encode("utf-8", "surrogateescape"),
            },
        )

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()


class _ResponseStream(httpx.AsyncByteStream):
    """A response body read from aiohttp, its errors translated like the request's."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        content = self._response.content
        while True:
            failure: Optional[BaseException] = None
            try:
                chunk = await content.readany()
            except BaseException as exc:
                failure = _translated(exc)
            if failure is not None:
                raise_unchained(_detached(failure))
            if not chunk:
                return
            yield chunk

    async def aclose(self) -> None:
        # Back to the pool if the body was read to its end; closed otherwise.
        self._response.release()


def _headers(request: httpx.Request, streamed: bool) -> list[tuple[str, str]]:
    headers = request.headers.multi_items()
    if streamed:  # aiohttp frames a streamed body itself
        return [(name, value) for name, value in headers if name != "transfer-encoding"]
    return headers


def _detached(error: BaseException) -> BaseException:
    """``error`` without aiohttp's frames: no traceback yet, no chained exception."""
    error.__context__ = error.__cause__ = None
    return error.with_traceback(None)


def _translated(error: BaseException) -> BaseException:
    """The httpx error for an aiohttp failure, by whether the request may have been sent.

    A cancellation (or anything else that is not an ``Exception``) stays what it is.
    """
    if not isinstance(error, Exception):
        return error
    kind: type[httpx.TransportError]
    if isinstance(error, aiohttp.ConnectionTimeoutError):
        # Never sent: no connection was had in time, from the pool or the network.
        kind = httpx.PoolTimeout if _waited_for_the_pool(error) else httpx.ConnectTimeout
    elif isinstance(error, (aiohttp.ClientConnectorError, aiohttp.ServerFingerprintMismatch)):
        kind = httpx.ConnectError  # refused, DNS, TLS handshake, proxy unreachable: never sent
    elif isinstance(error, asyncio.TimeoutError):  # aiohttp's read timeouts are ones too
        kind = httpx.ReadTimeout
    elif isinstance(error, aiohttp.ClientHttpProxyError):
        kind = httpx.ProxyError
    elif isinstance(
        error,
        (
            aiohttp.ClientResponseError,  # a response aiohttp could not parse
            aiohttp.ClientPayloadError,  # a body cut short or badly framed
            aiohttp.ServerDisconnectedError,
            HttpProcessingError,
        ),
    ):
        kind = httpx.RemoteProtocolError
    elif isinstance(error, aiohttp.ClientConnectionResetError):
        kind = httpx.WriteError  # the connection closed while the request was written
    elif isinstance(error, (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError)):
        kind = httpx.UnsupportedProtocol
    elif isinstance(error, OSError):
        kind = httpx.ReadError  # a reset once connected
    else:
        # Anything else may have happened once the request was on its way.
        kind = httpx.TransportError
    return kind(_detail(error))


def _detail(error: Exception) -> str:
    """aiohttp's message on one line and shortened, naming any other library's error."""
    if isinstance(error, aiohttp.ClientHttpProxyError):
        text = f"the proxy answered {error.status} {error.message}"
    elif isinstance(error, aiohttp.ClientResponseError):
        text = error.message  # not str(): its status is made up for a response not parsed
    else:
        text = str(error)
    text = " ".join(text.split())
    if len(text) > _DETAIL_LIMIT:
        text = text[:_DETAIL_LIMIT] + "..."
    if not type(error).__module__.startswith("aiohttp"):
        text = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return text or type(error).__name__


def _waited_for_the_pool(error: BaseException) -> bool:
    """Whether a connect timeout ran out while waiting for a free connection of the pool.

    aiohttp raises the same error for both waits; the frames of the timeout's cause
    tell them apart. Both mean the request was never sent.
    """
    seen: set[int] = set()
    pending: list[Optional[BaseException]] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        tb: Optional[TracebackType] = current.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_name == "_wait_for_available_connection":
                return True
            tb = tb.tb_next
        pending += (current.__cause__, current.__context__)
    return False
