"""``Pingram``: the asynchronous client.

This module only sequences I/O: build the request (``pingram._request``), send it
within the attempt's deadline (``pingram._deadline``), ask the retry policy
(``pingram._retry``) whether to try again, and hand the response to
``pingram._response``.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, Callable, Iterable, List, Mapping, Optional, TypeVar, Union

import httpx

from .. import _http
from .._config import (
    ClientConfig,
    PingramConfig,
    RequestOptions,
    TimeoutTypes,
    check_option_names,
    other_options,
    to_concurrency,
)
from .._connection import AsyncConnection
from .._constants import DEFAULT_REGION, DEFAULT_SEND_MANY_CONCURRENCY
from .._exceptions import PingramError, raise_unchained
from .._io import AsyncResult, async_map_bounded, async_sleep
from .._logging import configure_from_env, logger
from .._operation import Operation
from .._operations import ALL as OPERATIONS
from .._pool import release
from .._request import build_request
from .._response import (
    RawResponse,
    decode_response,
    raw_capture,
    reader_for,
    status_error,
    transport_error,
)
from .._retry import retry_delay_for_error, retry_delay_for_status
from ..webhooks import WebhookVerification
from .resources import Namespace, Namespaces

if TYPE_CHECKING:
    import httpx2
    from typing_extensions import ParamSpec, Unpack

    from .._constants import PingramRegion
    from ..models.sending import SenderPostBody, SenderPostResponse
    from ..models.sending_params import SenderPostBodyParam

__all__ = ["Pingram"]

T = TypeVar("T")
if TYPE_CHECKING:
    P = ParamSpec("P")


class Pingram(Namespaces):
    """The asynchronous client of the Pingram API.

    Use it as a context manager (``async with Pingram() as client:``) or call
    ``await client.close()`` when done. The API key comes from ``api_key`` or the
    ``PINGRAM_API_KEY`` environment variable; 1.x's ``PingramConfig`` dict
    (``{"api_key": ..., "region": ..., "base_url": ...}``) may stand in its place.
    """

    #: Verify and sign webhook deliveries (``pingram.webhooks``); no client needed.
    webhook_verification = WebhookVerification

    def __init__(
        self,
        api_key: Union[str, PingramConfig, None] = None,
        region: PingramRegion = DEFAULT_REGION,
        base_url: Optional[str] = None,
        *,
        timeout: Optional[TimeoutTypes] = None,
        max_retries: Optional[int] = None,
        default_headers: Optional[Mapping[str, str]] = None,
        http_client: Optional[Union[httpx.AsyncClient, httpx2.AsyncClient]] = None,
        max_response_size: Optional[int] = None,
    ) -> None:
        configure_from_env()
        self._config = ClientConfig.create(
            api_key, region, base_url, timeout, max_retries, default_headers, max_response_size
        )
        if http_client is None:
            factory, lib = _http.default_async_client(self._config.timeout)
            self._connection = AsyncConnection(factory(), lib, owned=True, factory=factory)
        else:
            lib = _http.async_library(http_client)  # refuses a client of the wrong kind
            # A caller's client stays the caller's, except DefaultAioHttpClient (made for us,
            # and made again after a fork: by its _pingram_factory if it has one).
            owned = getattr(http_client, "_pingram_owns", False) is True
            factory = getattr(http_client, "_pingram_factory", None) or type(http_client)
            self._connection = AsyncConnection(
                http_client, lib, owned=owned, factory=factory if owned else None
            )

    # -- sending ----------------------------------------------------------------

    async def send_many(
        self,
        bodies: Iterable[Union[SenderPostBody, SenderPostBodyParam]],
        *,
        concurrency: int = DEFAULT_SEND_MANY_CONCURRENCY,
        **options: Unpack[RequestOptions],
    ) -> List[Union[SenderPostResponse, PingramError]]:
        """Send many notifications with at most ``concurrency`` in flight.

        Returns one result per body, in input order: the ``SenderPostResponse``,
        or the ``PingramError`` that body met. One failure never loses the others.
        """
        concurrency = to_concurrency(concurrency)
        if options:
            check_option_names(self.send_many, options)

        async def send_one(
            body: Union[SenderPostBody, SenderPostBodyParam],
        ) -> Union[SenderPostResponse, PingramError]:
            try:
                return await self.send(body, **options)
            except PingramError as error:
                return error

        return await async_map_bounded(send_one, list(bodies), concurrency)

    # -- configuration ----------------------------------------------------------

    @property
    def region(self) -> str:
        return self._config.region

    @property
    def base_url(self) -> str:
        return self._config.base_url

    @property
    def timeout(self) -> httpx.Timeout:
        return self._config.timeout

    @property
    def max_retries(self) -> int:
        return self._config.max_retries

    @property
    def max_response_size(self) -> int:
        return self._config.max_response_size

    def with_options(
        self,
        *,
        timeout: Optional[TimeoutTypes] = None,
        max_retries: Optional[int] = None,
        default_headers: Optional[Mapping[str, str]] = None,
        max_response_size: Optional[int] = None,
    ) -> Pingram:
        """A copy with other defaults that shares this client's connection pool.

        The copy needs no closing of its own; closing either closes the pool.
        """
        copy = object.__new__(type(self))
        copy._config = self._config.replace(
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            max_response_size=max_response_size,
        )
        copy._connection = self._connection
        return copy

    @property
    def with_raw_response(self) -> RawResponseView:
        """The same operations, each returning a ``RawResponse`` (status, headers, ``parse()``).

        ``client.with_raw_response.send(body)`` is the short form; wrapping the method,
        ``client.with_raw_response(client.send)(body)``, keeps every type for a type checker.
        """
        return RawResponseView(self)

    # -- lifecycle --------------------------------------------------------------

    @property
    def is_closed(self) -> bool:
        return self._connection.closed

    async def close(self) -> None:
        """Release the connection pool. Safe to call twice; a caller's http_client stays open."""
        connection = self._connection
        if connection.closed:
            return
        connection.closed = True
        if connection.owned:
            await connection.http.aclose()

    async def __aenter__(self) -> Pingram:
        if self._connection.closed:
            raise PingramError("This Pingram client is closed; create a new one.")
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # async only: the blocking client has a `with` of its own.
    if not TYPE_CHECKING:  # for a type checker, `with Pingram()` stays an error

        def __enter__(self) -> None:
            raise TypeError(
                "Pingram is the asynchronous client: use `async with Pingram(...) as client:` "
                "inside a coroutine, or PingramSync for `with PingramSync(...) as client:`"
            )

        # `with` looks it up before calling __enter__; None keeps the client from passing
        # for a blocking context manager (contextlib.AbstractContextManager).
        __exit__ = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(region={self.region!r}, base_url={self.base_url!r})"

    # -- the one request loop ---------------------------------------------------

    async def _request(
        self,
        op: Operation[T],
        *path_args: str,
        query: Optional[Mapping[str, Any]] = None,
        body: Any = None,
        timeout: Optional[TimeoutTypes] = None,
        max_retries: Optional[int] = None,
        extra_headers: Optional[Mapping[str, str]] = None,
        extra_query: Optional[Mapping[str, Any]] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
        max_response_size: Optional[int] = None,
        **other: Any,
    ) -> T:
        if other:  # 1.x's per-call options, or a misspelt keyword (pingram._config)
            timeout, extra_headers = other_options(op, other, timeout, extra_headers, self)
        connection = self._connection
        http = connection.ready(op.name)
        config = self._config
        seconds, timeouts, budget, limit = config.for_call(timeout, max_retries, max_response_size)
        lib = connection.lib
        request = build_request(
            http,
            lib,
            config,
            op,
            path_args,
            query,
            body,
            timeouts,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )
        method, url = request.method, request.url
        retry = 0
        while True:
            started = time.monotonic()
            try:
                # The timeout bounds the whole attempt: connect, send, headers and body.
                with connection.attempt(seconds):
                    streamed = await http.send(request, stream=True)
                    try:
                        reader = reader_for(streamed, limit)
                        if reader is None:  # the library reads it, within the limit
                            await streamed.aread()
                        elif reader.reading:
                            async for chunk in streamed.aiter_raw():
                                if not reader.feed(chunk):
                                    break
                        await streamed.aclose()
                    except BaseException:
                        # The close (here, or the library's at the body's end) may have been
                        # cut short, by a cancellation on Python 3.9: finish it, or the pool
                        # keeps the connection busy for ever.
                        try:
                            await streamed.aclose()
                        finally:
                            release(streamed)
                        raise
            except lib.RequestError as exc:
                failure: PingramError = transport_error(exc, request)
                cause: Optional[BaseException] = exc
                if logger.isEnabledFor(logging.DEBUG):
                    logger.debug(
                        "%s %s failed after %.0f ms: %s", method, url, _ms(started), failure
                    )
                delay = retry_delay_for_error(method, exc, retry)
            else:
                response = streamed if reader is None else reader.finish(lib)
                status = response.status_code
                if logger.isEnabledFor(logging.DEBUG):
                    logger.debug("%s %s -> %d in %.0f ms", method, url, status, _ms(started))
                if 200 <= status < 300:
                    result = decode_response(op, response, reader)
                    captured = raw_capture.get()
                    if captured is not None:
                        captured.append(response)
                    return result
                failure, cause = status_error(response), None
                delay = retry_delay_for_status(method, status, response.headers, retry)
            if delay is None or retry >= budget:
                if isinstance(cause, (lib.module.ConnectError, lib.module.ConnectTimeout)):
                    failure = config.unreachable(failure)
                if delay is not None and budget:
                    logger.warning(
                        "%s %s: giving up after %d attempts: %s", method, url, retry + 1, failure
                    )
                raise_unchained(failure, cause)
            retry += 1
            logger.info(
                "Retrying %s %s in %.2f s (retry %d of %d) after %s",
                method,
                url,
                delay,
                retry,
                budget,
                type(cause).__name__ if cause else status,
            )
            await async_sleep(delay)


def _ms(started: float) -> float:
    return (time.monotonic() - started) * 1000


class RawResponseView:
    """``client.with_raw_response``: the client's operations, returning ``RawResponse``."""

    def __init__(self, target: Union[Pingram, Namespace]) -> None:
        self._target = target

    def __call__(
        self, operation: Callable[P, AsyncResult[T]]
    ) -> Callable[P, AsyncResult[RawResponse[T]]]:
        """Wrap one operation (a bound method of the client or a namespace), keeping its types."""

        async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
            captured: list[httpx.Response] = []
            token = raw_capture.set(captured)
            try:
                result = await operation(*args, **kwargs)
            finally:
                raw_capture.reset(token)
            if len(captured) != 1:
                raise PingramError(
                    f"with_raw_response needs one API operation, got {operation!r} "
                    f"which made {len(captured)} requests"
                )
            return RawResponse(captured[0], result)

        return call

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if isinstance(attr, Namespace):
            return RawResponseView(attr)
        if name not in OPERATIONS:
            raise AttributeError(f"with_raw_response has no operation {name!r}")
        return self(attr)

    def __repr__(self) -> str:
        return f"<RawResponseView of {self._target!r}>"
