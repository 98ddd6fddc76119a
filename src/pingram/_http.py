"""The HTTP library behind a client: httpx, or httpx2, its maintained continuation.

Both have the same API under different names, so the SDK talks to either through the
same calls. What differs is the classes: a request, its headers and its timeout must be
built with the client's own library, and each library raises its own exceptions. This
module finds the library of an ``http_client``, refuses a client of the wrong kind, and
builds the SDK's default client on the library ``PINGRAM_HTTP_STACK`` names.

httpx2 is imported only when it is used: when a client of it is given (it is then
already imported), or when ``PINGRAM_HTTP_STACK=httpx2`` asks for it.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from types import ModuleType
from typing import Any, Callable

import httpx

from ._constants import DEFAULT_CONNECTION_LIMITS
from ._exceptions import PingramError, PingramValidationError

__all__ = [
    "HTTP_STACK_ENV",
    "STACKS",
    "HttpLibrary",
    "async_library",
    "default_async_client",
    "default_sync_client",
    "is_not_sent_error",
    "is_timeout",
    "is_timeout_error",
    "is_transport_error",
    "library",
    "library_of",
    "sync_library",
]

#: Names the library of the SDK's default HTTP client: ``httpx`` (the default) or ``httpx2``.
HTTP_STACK_ENV = "PINGRAM_HTTP_STACK"
#: The libraries the SDK speaks, each with what installs it.
STACKS = {
    "httpx": "pip install pingram-python",
    "httpx2": 'pip install "pingram-python[httpx2]"',
}


class HttpLibrary:
    """The classes the SDK uses from one HTTP library."""

    __slots__ = (
        "AsyncClient",
        "Client",
        "Headers",
        "InvalidURL",
        "Limits",
        "PoolTimeout",
        "QueryParams",
        "ReadTimeout",
        "Request",
        "RequestError",
        "Response",
        "Timeout",
        "TimeoutException",
        "TransportError",
        "URL",
        "module",
        "name",
        "not_sent_errors",
    )

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        self.name: str = module.__name__
        self.AsyncClient: Any = module.AsyncClient
        self.Client: Any = module.Client
        self.Request: Any = module.Request
        self.Response: Any = module.Response
        self.Headers: Any = module.Headers
        self.QueryParams: Any = module.QueryParams
        self.URL: Any = module.URL
        self.Timeout: Any = module.Timeout
        self.Limits: Any = module.Limits
        self.TransportError: type[Exception] = module.TransportError
        #: Every failure of a request once sent: transport errors, and bodies that cannot be
        #: decoded (``DecodingError``).
        self.RequestError: type[Exception] = module.RequestError
        self.InvalidURL: type[Exception] = module.InvalidURL
        self.ReadTimeout: type[Exception] = module.ReadTimeout
        self.PoolTimeout: type[Exception] = module.PoolTimeout
        self.TimeoutException: type[Exception] = module.TimeoutException
        #: Failures that prove the request never reached the server.
        self.not_sent_errors: tuple[type[Exception], ...] = (
            module.ConnectError,
            module.ConnectTimeout,
            module.PoolTimeout,
        )

    def timeout(self, value: Any) -> Any:
        """``value`` (a timeout of either library) as this library's ``Timeout``."""
        if isinstance(value, self.Timeout):
            return value
        return self.Timeout(**value.as_dict())

    def __repr__(self) -> str:
        return f"<HttpLibrary {self.name}>"


_HTTPX = HttpLibrary(httpx)
_LIBRARIES: dict[str, HttpLibrary] = {"httpx": _HTTPX}
#: The library of each client class seen so far: one dict lookup per request.
_BY_CLIENT_CLASS: dict[type, HttpLibrary] = {}


def library(name: str) -> HttpLibrary:
    """The library called ``name`` (a key of ``STACKS``), imported on first use."""
    found = _LIBRARIES.get(name)
    if found is not None:
        return found
    if name not in STACKS:
        raise PingramValidationError(
            f"{HTTP_STACK_ENV}={name!r} is not an HTTP stack: use one of "
            f"{', '.join(map(repr, STACKS))}.",
            path=HTTP_STACK_ENV,
        )
    try:
        module = importlib.import_module(name)
    except ImportError:
        raise PingramError(
            f"The {name} HTTP stack is not installed: {STACKS[name]}"
            + (" (httpx2 needs Python 3.11+)" if name == "httpx2" else "")
        ) from None
    found = _LIBRARIES[name] = HttpLibrary(module)
    return found


def _loaded() -> list[HttpLibrary]:
    """The libraries this process has imported: only those can have made a client or error."""
    if "httpx2" not in _LIBRARIES and sys.modules.get("httpx2") is not None:
        library("httpx2")
    return list(_LIBRARIES.values())


def library_of(http: Any) -> HttpLibrary:
    """The library whose ``Client`` or ``AsyncClient`` ``http`` is (a subclass counts)."""
    found = _BY_CLIENT_CLASS.get(type(http))
    if found is None:
        for lib in _loaded():
            if isinstance(http, (lib.AsyncClient, lib.Client)):
                found = lib
                if issubclass(type(http), (lib.AsyncClient, lib.Client)):  # not a spec'd mock
                    _BY_CLIENT_CLASS[type(http)] = lib
                break
        else:
            raise PingramValidationError(
                "http_client must be an httpx or httpx2 client, got "
                f"{type(http).__module__}.{type(http).__qualname__}",
                path="http_client",
            )
    return found


def _checked(
    http: Any, wanted: str, other: str, sdk_client: str, other_sdk_client: str
) -> HttpLibrary:
    try:
        lib = library_of(http)
    except PingramValidationError:
        raise PingramValidationError(
            f"http_client must be an httpx.{wanted} or an httpx2.{wanted} for {sdk_client}, "
            f"got {type(http).__module__}.{type(http).__qualname__}",
            path="http_client",
        ) from None
    if not isinstance(http, getattr(lib, wanted)):
        raise PingramValidationError(
            f"http_client is an {lib.name}.{other}, but {sdk_client} needs an {lib.name}.{wanted}: "
            f"pass {lib.name}.{wanted}(...), or use {other_sdk_client} with this client",
            path="http_client",
        )
    return lib


def async_library(http: Any) -> HttpLibrary:
    """The library of ``http``, which must be an async client (for ``Pingram``)."""
    return _checked(http, "AsyncClient", "Client", "Pingram", "PingramSync")


def sync_library(http: Any) -> HttpLibrary:
    """The library of ``http``, which must be a blocking client (for ``PingramSync``)."""
    return _checked(http, "Client", "AsyncClient", "PingramSync", "Pingram")


def _default_library() -> HttpLibrary:
    return library(os.environ.get(HTTP_STACK_ENV, "").strip().lower() or "httpx")


#: The SSL context of the clients the SDK builds, one per library (see ``_ssl_context``).
_SSL_CONTEXTS: dict[str, Any] = {}


def _ssl_context(lib: HttpLibrary) -> Any:
    """The SSL context the SDK's own clients on ``lib`` verify servers with, made once.

    It is the one ``verify=True`` gives (``lib.create_ssl_context()``: the library's CA
    bundle, or ``SSL_CERT_FILE``/``SSL_CERT_DIR`` as they are when the first client is
    built). Loading a CA bundle costs about 40 ms of CPU, which httpx would spend on every
    client; shared, a client after the first is built in well under a millisecond. An
    ``SSLContext`` is safe to share between clients and threads (requests shares one the
    same way). An ``http_client`` the caller passes keeps its own.
    """
    context = _SSL_CONTEXTS.get(lib.name)
    if context is None:
        context = _SSL_CONTEXTS[lib.name] = lib.module.create_ssl_context()
    return context


def _client_kwargs(lib: HttpLibrary, timeout: Any) -> dict[str, Any]:
    limits = DEFAULT_CONNECTION_LIMITS
    return {
        "timeout": lib.timeout(timeout),
        "limits": lib.Limits(
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
        ),
        "verify": _ssl_context(lib),
    }


def default_async_client(timeout: Any) -> tuple[Callable[[], Any], HttpLibrary]:
    """What makes the SDK's own ``AsyncClient`` (on the ``PINGRAM_HTTP_STACK`` library)."""
    lib = _default_library()
    return functools.partial(lib.AsyncClient, **_client_kwargs(lib, timeout)), lib


def default_sync_client(timeout: Any) -> tuple[Callable[[], Any], HttpLibrary]:
    """What makes the SDK's own blocking ``Client`` (on the ``PINGRAM_HTTP_STACK`` library)."""
    lib = _default_library()
    return functools.partial(lib.Client, **_client_kwargs(lib, timeout)), lib


def is_timeout(value: object) -> bool:
    """Whether ``value`` is an ``httpx.Timeout`` or an ``httpx2.Timeout``."""
    return any(isinstance(value, lib.Timeout) for lib in _loaded())


def is_transport_error(error: BaseException) -> bool:
    """Whether ``error`` is a transport error (connect, read, write, timeout, protocol)."""
    return any(isinstance(error, lib.TransportError) for lib in _loaded())


def is_timeout_error(error: BaseException) -> bool:
    """Whether ``error`` is a timeout of either library."""
    return any(isinstance(error, lib.TimeoutException) for lib in _loaded())


def is_not_sent_error(error: BaseException) -> bool:
    """Whether ``error`` proves the request never reached the server."""
    return any(isinstance(error, lib.not_sent_errors) for lib in _loaded())
