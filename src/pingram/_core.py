"""Request and response plumbing shared by both clients. No I/O happens here.

The async client (and the sync client generated from it) only sequence I/O:
build a request here, send it, ask ``_retry`` whether to try again, and hand
the response back here to be decoded or turned into an error.
"""

from __future__ import annotations

import logging
import os
import platform
import re
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Generic, Mapping, Optional, TypedDict, TypeVar, Union

import httpx
import msgspec

from . import _http
from ._constants import (
    API_KEY_ENV,
    BASE_URL_ENV,
    BASE_URLS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
)
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    PingramError,
    PingramValidationError,
    snippet,
    status_error_class,
)
from ._operation import Operation
from ._version import __version__
from .models._base import convert, decoder_for, encoder

if TYPE_CHECKING:
    import httpx2

T = TypeVar("T")

#: Everything the SDK logs goes through this logger (or its children).
logger = logging.getLogger("pingram")

TimeoutTypes = Union[float, httpx.Timeout, "httpx2.Timeout"]


class RequestOptions(TypedDict, total=False):
    """Keyword arguments every operation takes to override the client's defaults for one call."""

    #: Seconds (or an ``httpx.Timeout`` / ``httpx2.Timeout``) instead of the client's timeout.
    timeout: TimeoutTypes
    #: Retries for this call instead of the client's ``max_retries``.
    max_retries: int
    #: Headers added to this request (they cannot replace ``Authorization``).
    extra_headers: Mapping[str, str]
    #: Query parameters added to this request, for API features the SDK does not model yet.
    extra_query: Mapping[str, Any]
    #: Fields merged into this request's JSON body, for API features the SDK does not model yet.
    extra_body: Mapping[str, Any]


USER_AGENT = f"pingram-python/{__version__} python/{platform.python_version()}"


def to_timeout(value: Optional[TimeoutTypes], default: httpx.Timeout) -> httpx.Timeout:
    if value is None:
        return default
    if _http.is_timeout(value):  # httpx's or httpx2's
        return value  # type: ignore[return-value]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise PingramValidationError(
            "timeout must be a positive number of seconds or an httpx.Timeout or httpx2.Timeout, "
            f"got {value!r}",
            path="timeout",
        )
    return httpx.Timeout(float(value))


def to_max_retries(value: Optional[int], default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PingramValidationError(
            f"max_retries must be an int >= 0, got {value!r}", path="max_retries"
        )
    return value


def to_concurrency(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PingramValidationError(
            f"concurrency must be an int >= 1, got {value!r}", path="concurrency"
        )
    return value


class ClientConfig:
    """What a client was configured with. Immutable; ``replace`` makes a variant."""

    __slots__ = ("_api_key", "_merged", "base_url", "headers", "max_retries", "region", "timeout")

    def __init__(
        self,
        *,
        api_key: str,
        region: str,
        base_url: str,
        timeout: httpx.Timeout,
        max_retries: int,
        headers: dict[str, str],
    ) -> None:
        self._api_key = api_key
        self.region = region
        self.base_url = base_url
        self.timeout = timeout
        self.max_retries = max_retries
        #: Headers sent with every request, Authorization included.
        self.headers = headers
        self._merged: dict[bool, tuple[list[tuple[bytes, bytes]], httpx.Headers]] = {}

    @classmethod
    def create(
        cls,
        api_key: Optional[str],
        region: str,
        base_url: Optional[str],
        timeout: Optional[TimeoutTypes],
        max_retries: Optional[int],
        default_headers: Optional[Mapping[str, str]],
    ) -> ClientConfig:
        key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
        if key is not None and not isinstance(key, str):
            raise PingramError(f"api_key must be a str, got {type(key).__name__}")
        key = (key or "").strip()
        if not key:
            raise PingramError(
                "No API key: pass api_key=... to the client or set the "
                f"{API_KEY_ENV} environment variable."
            )
        if not key.isprintable() or any(char.isspace() for char in key):
            # Never echo the key: it would end up in logs and bug trackers.
            raise PingramError("api_key contains spaces or control characters; check its value")
        if region not in BASE_URLS:
            raise ValueError(
                f"Unknown region {region!r}: use one of {', '.join(map(repr, BASE_URLS))}."
            )
        url = base_url or os.environ.get(BASE_URL_ENV) or BASE_URLS[region]
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https://, got {url!r}")
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        headers.update(default_headers or {})
        headers["Authorization"] = f"Bearer {key}"
        return cls(
            api_key=key,
            region=region,
            base_url=url.rstrip("/"),
            timeout=to_timeout(timeout, DEFAULT_TIMEOUT),
            max_retries=to_max_retries(max_retries, DEFAULT_MAX_RETRIES),
            headers=headers,
        )

    def replace(
        self,
        *,
        timeout: Optional[TimeoutTypes] = None,
        max_retries: Optional[int] = None,
        default_headers: Optional[Mapping[str, str]] = None,
    ) -> ClientConfig:
        headers = dict(self.headers)
        headers.update(default_headers or {})
        headers["Authorization"] = self.headers["Authorization"]
        return ClientConfig(
            api_key=self._api_key,
            region=self.region,
            base_url=self.base_url,
            timeout=to_timeout(timeout, self.timeout),
            max_retries=to_max_retries(max_retries, self.max_retries),
            headers=headers,
        )

    def request_headers(self, http: httpx.Client | httpx.AsyncClient, body: bool) -> httpx.Headers:
        """``http``'s own headers with ours on top (and the JSON Content-Type for a body).

        httpx would redo this merge in Python on every request (~14 us); it only changes
        when the HTTP client's headers do, so it is done once per state of those.
        """
        client_headers = http.headers.raw
        cached = self._merged.get(body)
        if cached is None or cached[0] != client_headers:
            merged = _http.library_of(http).Headers(http.headers)
            merged.update(self.headers)
            if body:
                merged["Content-Type"] = "application/json"
            cached = self._merged[body] = (client_headers, merged)
        return cached[1]

    @staticmethod
    def with_extra_headers(headers: httpx.Headers, extra: Mapping[str, str]) -> httpx.Headers:
        """``headers`` plus one call's extra headers; ``Authorization`` stays the client's."""
        merged = httpx.Headers(headers)
        for key, value in extra.items():
            if key.lower() != "authorization":
                merged[key] = value
        return merged

    def __repr__(self) -> str:
        return f"ClientConfig(region={self.region!r}, base_url={self.base_url!r})"


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def build_request(
    http: httpx.Client | httpx.AsyncClient,
    config: ClientConfig,
    op: Operation[Any],
    path_args: tuple[str, ...],
    query: Optional[Mapping[str, Any]],
    body: Any,
    timeout: httpx.Timeout,
    *,
    extra_headers: Optional[Mapping[str, str]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
) -> httpx.Request:
    """Build the HTTP request for one call; bad input raises before anything is sent."""
    url = config.base_url + op.format_path(path_args)
    params: Optional[list[tuple[str, Union[str, int, float, bool, None]]]] = None
    if query or extra_query:
        merged_query = {**(query or {}), **(extra_query or {})}
        params = [(k, _query_value(v)) for k, v in merged_query.items() if v is not None]
    content = None
    if op.body is not None:
        content = encode_body(op.body, body, op.body_param, extra_body)
    elif extra_body:
        content = encode_body(dict, dict(extra_body), "extra_body")
    headers = config.request_headers(http, content is not None)
    if extra_headers:
        headers = config.with_extra_headers(headers, extra_headers)
    if http.params or http.cookies:  # rare: let httpx merge the client's own params and cookies
        request = http.build_request(
            op.method, url, params=params, content=content, headers=headers
        )
        request.extensions["timeout"] = timeout.as_dict()  # what timeout= would set, any library
        return request
    # The client's headers are already merged in: skip http.build_request's per-call merge.
    return _http.library_of(http).Request(  # type: ignore[no-any-return]
        op.method,
        url,
        params=params,
        content=content,
        headers=headers,
        extensions={"timeout": timeout.as_dict()},
    )


def encode_body(
    model: type, body: Any, name: str, extra: Optional[Mapping[str, Any]] = None
) -> bytes:
    """JSON for a request body given as its model or as a dict in wire format.

    A model is encoded as it is (the type checker has vetted it). A dict is validated
    against the model, naming the field at fault, and then sent as given: keys and enum
    values the SDK does not know yet reach the API. ``extra`` is merged in on top.
    """
    if isinstance(body, model) and model is not dict:
        if extra:
            body = {**msgspec.to_builtins(body), **extra}
    elif isinstance(body, Mapping):
        if model is not dict:
            body = _with_unknown(msgspec.to_builtins(convert(body, model, what=name)), body)
        if extra:
            body = {**body, **extra}
    else:
        raise PingramValidationError(
            f"{name} must be a {model.__name__} or a dict, got {type(body).__name__}",
            path="$",
        )
    try:
        return encoder.encode(body)
    except (TypeError, msgspec.EncodeError) as exc:  # e.g. an object() inside ``parameters``
        raise PingramValidationError(f"{name} cannot be encoded as JSON: {exc}") from None


def _with_unknown(known: Any, given: Any) -> Any:
    """``known`` (a dict body as its model encodes it) plus what only ``given`` holds.

    Keys the model does not know yet are sent as given, at any depth; a ``None`` the
    model would leave out stays out, as for a model body.
    """
    if isinstance(known, dict) and isinstance(given, Mapping):
        for key, value in given.items():
            if key in known:
                known[key] = _with_unknown(known[key], value)
            elif value is not None:
                known[key] = value
    elif isinstance(known, list) and isinstance(given, (list, tuple)) and len(known) == len(given):
        return [_with_unknown(k, g) for k, g in zip(known, given)]
    return known


def decode_response(op: Operation[T], response: httpx.Response) -> T:
    """The typed result of a successful response."""
    if op.response is None:
        return None  # type: ignore[return-value]
    content = response.content
    if not content.strip():
        raise APIResponseValidationError(
            f"{op.name}: expected a JSON body from {response.request.method} "
            f"{response.request.url}, got an empty {response.status_code} response",
            response=response,
        )
    try:
        result: T = decoder_for(op.response).decode(content)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise APIResponseValidationError(
            f"{op.name}: the {response.status_code} response body does not match the API "
            f"specification ({exc}): {snippet(response.text)}",
            response=response,
        ) from None
    return result


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def status_error(response: httpx.Response) -> APIStatusError:
    """The error for a 4xx/5xx response, carrying the API's own message when it gave one."""
    text = response.text
    body: Any = text
    message = ""
    try:
        body = msgspec.json.decode(response.content) if response.content else None
    except msgspec.DecodeError:
        title = _TITLE.search(text)
        message = " ".join(title.group(1).split()) if title else snippet(text)
    else:
        if isinstance(body, dict):
            for key in ("message", "error", "detail", "errorMessage"):
                value = body.get(key)
                if isinstance(value, str) and value:
                    message = value
                    break
            else:
                message = snippet(text)
        elif body is not None:
            message = snippet(text)
    if not message:
        message = response.reason_phrase or "no details in the response"
    return status_error_class(response.status_code)(message, response=response, body=body)


def transport_error(error: Exception, request: httpx.Request) -> APIConnectionError:
    """Wrap an httpx or httpx2 transport error; its message never carries headers or the body."""
    method, url = request.method, str(request.url)
    if _http.is_timeout_error(error):
        kind = type(error).__name__
        return APITimeoutError(f"{method} {url} timed out ({kind})", method=method, url=url)
    detail = str(error) or type(error).__name__
    # A protocol error may quote a header it rejected; the credentials must not travel with it.
    token = request.headers.get("Authorization", "").partition(" ")[2]
    if token:
        detail = detail.replace(token, "[redacted]")
    return APIConnectionError(
        f"{method} {url} failed: {type(error).__name__}: {detail}", method=method, url=url
    )


class RawResponse(Generic[T]):
    """A successful call's HTTP response alongside its parsed result."""

    __slots__ = ("_parsed", "http_response")

    def __init__(self, http_response: httpx.Response, parsed: T) -> None:
        self.http_response = http_response
        self._parsed = parsed

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def parse(self) -> T:
        """The typed result, exactly what the plain call returns."""
        return self._parsed

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}]>"


#: While a ``with_raw_response`` call runs, the responses it receives are collected here.
raw_capture: ContextVar[Optional[list[httpx.Response]]] = ContextVar(
    "pingram_raw_capture", default=None
)


class PageTokens:
    """Remembers the page tokens a paginator has followed, to refuse a loop."""

    __slots__ = ("_seen", "_what")

    def __init__(self, what: str) -> None:
        self._what = what
        self._seen: set[str] = set()

    def follow(self, token: Optional[str]) -> Optional[str]:
        """The token for the next page, ``None`` at the end; raises on a repeated token."""
        if not token:
            return None
        if token in self._seen:
            raise PingramError(
                f"{self._what}: the API returned a page token it had already returned "
                f"({token!r}); stopping instead of looping forever."
            )
        self._seen.add(token)
        return token
