"""Request and response plumbing shared by both clients. No I/O happens here.

The async client (and the sync client generated from it) only sequence I/O:
build a request here, send it, ask ``_retry`` whether to try again, and hand
the response back here to be decoded or turned into an error.
"""

from __future__ import annotations

import logging
import math
import os
import platform
import re
import time
import zlib
from contextvars import ContextVar
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Generic,
    List,
    Mapping,
    Optional,
    TypedDict,
    TypeVar,
    Union,
)

import httpx
import msgspec

from . import _http
from ._constants import (
    API_KEY_ENV,
    BASE_URL_ENV,
    BASE_URLS,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ERROR_BODY_LIMIT,
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

T = TypeVar("T")

#: Everything the SDK logs goes through this logger (or its children).
logger = logging.getLogger("pingram")

if TYPE_CHECKING:
    import httpx2

TimeoutTypes = Union[float, httpx.Timeout, "httpx2.Timeout"]


class RequestOptions(TypedDict, total=False):
    """Keyword arguments every operation takes to override the client's defaults for one call."""

    #: Seconds (or an ``httpx.Timeout`` / ``httpx2.Timeout``) instead of the client's timeout.
    timeout: TimeoutTypes
    #: Retries for this call instead of the client's ``max_retries``.
    max_retries: int
    #: Largest decoded response body (bytes) this call accepts, instead of the client's.
    max_response_size: int
    #: Headers added to this request (printable ASCII; not ``Authorization``).
    extra_headers: Mapping[str, str]
    #: Query parameters added to this request, for API features the SDK does not model yet.
    extra_query: Mapping[str, Any]
    #: Fields merged into this request's JSON body, for API features the SDK does not model yet.
    extra_body: Mapping[str, Any]


USER_AGENT = f"pingram-python/{__version__} python/{platform.python_version()}"


def _positive_seconds(value: object) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


def to_timeout(value: Optional[TimeoutTypes], default: httpx.Timeout) -> httpx.Timeout:
    if value is None:
        return default
    if _http.is_timeout(value):  # httpx's or httpx2's
        parts = (value.connect, value.read, value.write, value.pool)  # type: ignore[union-attr]
        if all(part is None or _positive_seconds(part) for part in parts):
            return value  # type: ignore[return-value]
    elif _positive_seconds(value):
        return httpx.Timeout(float(value))  # type: ignore[arg-type]
    raise PingramValidationError(
        "timeout must be a positive, finite number of seconds or an httpx.Timeout (or "
        f"httpx2.Timeout) of such numbers, got {value!r}",
        path="timeout",
    )


def attempt_seconds(timeout: httpx.Timeout) -> Optional[float]:
    """The wall-clock bound on one attempt: the largest of the timeout's values."""
    parts = [p for p in (timeout.connect, timeout.read, timeout.write, timeout.pool) if p]
    return max(parts) if parts else None


_monotonic = time.monotonic


class AttemptTimeouts(Dict[str, Optional[float]]):
    """httpcore's per-operation timeouts, each cut to the time left before a deadline.

    httpcore looks a timeout up (``.get``) when an operation starts: the pool wait, the
    connect, sending, and reading the headers and the body each get at most what is left
    of the attempt, and fail with their own timeout error when it runs out.
    """

    __slots__ = ("deadline",)

    def __init__(self, timeouts: Mapping[str, Optional[float]], deadline: float) -> None:
        super().__init__(timeouts)
        self.deadline = deadline

    def get(self, key: str, default: Optional[float] = None) -> Optional[float]:  # type: ignore[override]
        value = dict.get(self, key, default)
        left = self.deadline - _monotonic()
        if value is None or value > left:
            # Not 0: a zero socket timeout means non-blocking, not "already expired".
            return max(left, 0.001)
        return value


def to_max_response_size(value: Optional[int], default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PingramValidationError(
            f"max_response_size must be a number of bytes >= 1, got {value!r}",
            path="max_response_size",
        )
    return value


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

    __slots__ = (
        "_api_key",
        "_merged",
        "base_url",
        "headers",
        "max_response_size",
        "max_retries",
        "region",
        "timeout",
    )

    def __init__(
        self,
        *,
        api_key: str,
        region: str,
        base_url: str,
        timeout: httpx.Timeout,
        max_retries: int,
        max_response_size: int,
        headers: dict[str, str],
    ) -> None:
        self._api_key = api_key
        self.region = region
        self.base_url = base_url
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_response_size = max_response_size
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
        max_response_size: Optional[int] = None,
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
        if not key.isascii() or not key.isprintable() or any(char.isspace() for char in key):
            # Never echo the key: it would end up in logs and bug trackers.
            raise PingramError(
                "api_key contains spaces or control characters, or characters outside ASCII; "
                "check its value"
            )
        if region not in BASE_URLS:
            raise ValueError(
                f"Unknown region {region!r}: use one of {', '.join(map(repr, BASE_URLS))}."
            )
        url = base_url or os.environ.get(BASE_URL_ENV) or BASE_URLS[region]
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https://, got {url!r}")
        _check_base_url(url)
        headers = {
            "Accept": "application/json",
            # What the SDK decompresses itself, bounded (see BodyReader).
            "Accept-Encoding": "gzip, deflate",
            "User-Agent": USER_AGENT,
        }
        headers.update(_checked_headers(default_headers))
        headers["Authorization"] = f"Bearer {key}"
        return cls(
            api_key=key,
            region=region,
            base_url=url.rstrip("/"),
            timeout=to_timeout(timeout, DEFAULT_TIMEOUT),
            max_retries=to_max_retries(max_retries, DEFAULT_MAX_RETRIES),
            max_response_size=to_max_response_size(max_response_size, DEFAULT_MAX_RESPONSE_SIZE),
            headers=headers,
        )

    def replace(
        self,
        *,
        timeout: Optional[TimeoutTypes] = None,
        max_retries: Optional[int] = None,
        default_headers: Optional[Mapping[str, str]] = None,
        max_response_size: Optional[int] = None,
    ) -> ClientConfig:
        headers = dict(self.headers)
        headers.update(_checked_headers(default_headers))
        headers["Authorization"] = self.headers["Authorization"]
        return ClientConfig(
            api_key=self._api_key,
            region=self.region,
            base_url=self.base_url,
            timeout=to_timeout(timeout, self.timeout),
            max_retries=to_max_retries(max_retries, self.max_retries),
            max_response_size=to_max_response_size(max_response_size, self.max_response_size),
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

    def __repr__(self) -> str:
        return f"ClientConfig(region={self.region!r}, base_url={self.base_url!r})"


def _check_base_url(url: str) -> None:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise PingramValidationError(
            f"base_url is not a valid URL ({exc}): {url!r}", path="base_url"
        ) from None
    if not parsed.host:
        raise PingramValidationError(f"base_url has no host: {url!r}", path="base_url")
    if "?" in url or "#" in url:
        # Paths are appended to the base URL: "/api?x=1" + "/send" would not reach /send.
        raise PingramValidationError(
            f"base_url cannot have a query string or a fragment, got {url!r}", path="base_url"
        )


#: An HTTP header name (RFC 9110 token).
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def _checked_headers(
    headers: Optional[Mapping[str, str]], what: str = "default_headers"
) -> Mapping[str, str]:
    """``headers``, refused if one could not be sent or would replace ``Authorization``."""
    if not headers:
        return {}
    for name, value in headers.items():
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            raise PingramValidationError(f"{what}: {name!r} is not a valid header name", path=what)
        if name.lower() == "authorization":
            raise PingramValidationError(
                f"{what} cannot set Authorization: the client sends its api_key",
                path=what,
            )
        # The value is never echoed: it may be a credential of its own.
        if not isinstance(value, str) or not (value.isascii() and value.isprintable()):
            raise PingramValidationError(
                f"{what}[{name!r}] must be a str of printable ASCII characters",
                path=what,
            )
    return headers


def _query_value(op: Operation[Any], name: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return str(value)
    if isinstance(value, float):
        raise PingramValidationError(
            f"{op.name}(): {name} must be a finite number, got {value!r}", path=name
        )
    raise PingramValidationError(
        f"{op.name}(): {name} must be a str, int, float or bool, got {type(value).__name__}",
        path=name,
    )


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
        merged = {**(query or {}), **(extra_query or {})}
        params = [(k, _query_value(op, k, v)) for k, v in merged.items() if v is not None]
    content = None
    if op.body is not None:
        content = encode_body(op.body, body, op.body_param, extra_body)
    elif extra_body:
        content = encode_body(dict, extra_body, "extra_body")
    headers = config.request_headers(http, content is not None)
    if extra_headers:
        headers = type(headers)(headers)
        headers.update(_checked_headers(extra_headers, "extra_headers"))
    lib = _http.library_of(http)
    try:
        if http.params or http.cookies:  # rare: let httpx merge the client's params and cookies
            request = http.build_request(
                op.method, url, params=params, content=content, headers=headers
            )
            request.extensions["timeout"] = timeout.as_dict()  # what timeout= sets, any library
            return request
        # The client's headers are already merged in: skip http.build_request's per-call merge.
        return lib.Request(  # type: ignore[no-any-return]
            op.method,
            url,
            params=params,
            content=content,
            headers=headers,
            extensions={"timeout": timeout.as_dict()},
        )
    except lib.InvalidURL as exc:  # e.g. a path parameter longer than a URL may be
        raise PingramValidationError(f"{op.name}(): cannot build the request URL: {exc}") from None
    except UnicodeEncodeError as exc:  # a lone surrogate in a query parameter
        raise PingramValidationError(
            f"{op.name}(): a query parameter cannot be encoded ({exc.reason})"
        ) from None


def encode_body(
    model: type, body: Any, name: str, extra: Optional[Mapping[str, Any]] = None
) -> bytes:
    """JSON for a request body given as its model or as a dict in wire format.

    A model is encoded as it is (the type checker has vetted it). A dict is validated
    against the model, naming the field at fault, and then sent as given: keys and enum
    values the SDK does not know yet reach the API. ``extra`` is merged in on top.
    """
    try:
        if isinstance(body, model) and model is not dict:
            if extra:
                body = {**msgspec.to_builtins(body), **extra}
        elif isinstance(body, Mapping):
            if model is not dict:
                body = _with_unknown(msgspec.to_builtins(convert(body, model, what=name)), body)
            body = {**body, **extra} if extra else body
        else:
            raise PingramValidationError(
                f"{name} must be a {model.__name__} or a dict, got {type(body).__name__}",
                path="$",
            )
        data = encoder.encode(body)
    except (TypeError, msgspec.EncodeError) as exc:  # e.g. an object() inside ``parameters``
        raise PingramValidationError(f"{name} cannot be encoded as JSON: {exc}") from None
    except UnicodeEncodeError as exc:  # a lone surrogate in a string
        raise PingramValidationError(f"{name} cannot be encoded as JSON: {exc.reason}") from None
    except RecursionError:
        raise _too_deep(name) from None
    # msgspec writes NaN and Infinity as null; a dict body is checked for them, only when
    # the JSON holds a null at all, so a clean body costs one scan of its bytes.
    if isinstance(body, Mapping) and b"null" in data:
        found = _non_finite(body)
        if found is not None:
            path, value = found
            raise PingramValidationError(
                f"invalid {name}: {value!r} at `{path}` is not a finite number (JSON has no "
                "NaN or Infinity)",
                path=path,
            )
    return data


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


def _too_deep(name: str) -> PingramValidationError:
    return PingramValidationError(
        f"{name} cannot be encoded as JSON: it is nested too deeply or contains itself"
    )


def _non_finite(value: Any) -> Optional[tuple[str, float]]:
    """The path and value of the first NaN or Infinity in builtins, if any."""
    stack: List[tuple[str, Any]] = [("$", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, float):
            if not math.isfinite(item):
                return path, item
        elif isinstance(item, Mapping):
            stack.extend((f"{path}.{key}", child) for key, child in item.items())
        elif isinstance(item, (list, tuple)):
            stack.extend((f"{path}[{i}]", child) for i, child in enumerate(item))
    return None


class BodyReader:
    """A response body read chunk by chunk, decompressed here, and bounded in size.

    The client feeds it the raw (still compressed) chunks while ``feed`` says to go on,
    then calls ``finish``, which leaves the decoded body in ``response.content``. A 2xx
    body may hold up to ``limit`` decoded bytes; an error body is cut at
    ``ERROR_BODY_LIMIT``. Decompressing is bounded too, so a small compressed body
    cannot expand into more than the limit.
    """

    __slots__ = (
        "_chunks",
        "_decompressor",
        "_raw_deflate",
        "_size",
        "error",
        "limit",
        "overflow",
        "reading",
        "response",
    )

    def __init__(self, response: httpx.Response, limit: int) -> None:
        self.response = response
        self.limit = limit if response.is_success else min(limit, ERROR_BODY_LIMIT)
        self._chunks: List[bytes] = []
        self._size = 0
        #: The body is larger than ``limit`` (an error body keeps its first ``limit`` bytes).
        self.overflow = False
        #: Why the body could not be decompressed, if it could not.
        self.error: Optional[str] = None
        #: Whether the client should read the body (``feed``) before calling ``finish``.
        self.reading = not hasattr(response, "_content")  # a mock transport's is read
        self._decompressor: Any = None
        self._raw_deflate = False
        encoding = length = b""
        for name, value in response.headers.raw:  # one pass: ~3x faster than two .get()
            name = name.lower()
            if name == b"content-encoding":
                encoding = value.strip().lower()
            elif name == b"content-length":
                length = value
        if not self.reading or encoding in (b"", b"identity"):
            if response.is_success and length.isdigit() and int(length) > self.limit:
                self.overflow, self.reading = True, False  # no need to read it
        elif encoding in (b"gzip", b"x-gzip"):
            self._decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif encoding == b"deflate":
            self._decompressor = zlib.decompressobj()
            self._raw_deflate = True  # unless it has a zlib header, seen on the first chunk
        else:
            self.error = f"unsupported Content-Encoding {encoding.decode('latin-1')!r}"
            self.reading = False

    def feed(self, chunk: bytes) -> bool:
        """Take the next raw chunk; ``False`` once the rest of the body is not needed."""
        decompressor = self._decompressor
        if decompressor is not None:
            room = self.limit - self._size + 1
            try:
                try:
                    chunk = decompressor.decompress(chunk, room)
                except zlib.error:
                    if not self._raw_deflate:
                        raise
                    # "deflate" without the zlib header, as some servers send it.
                    decompressor = self._decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
                    chunk = decompressor.decompress(chunk, room)
            except zlib.error as exc:
                self.error = f"the body could not be decompressed: {exc}"
                return False
            self._raw_deflate = False
        return self._add(chunk)

    def _add(self, chunk: bytes) -> bool:
        self._size += len(chunk)
        if self._size > self.limit:
            self.overflow = True
            if not self.response.is_success:  # keep the error's first bytes for its message
                self._chunks.append(chunk[: len(chunk) - (self._size - self.limit)])
            return False
        if chunk:
            self._chunks.append(chunk)
        return True

    def finish(self) -> None:
        """Leave the decoded body (or, over the limit, what is kept of it) in ``response``."""
        response = self.response
        if hasattr(response, "_content"):  # read by the transport itself (a mock)
            content = response.content
            self._chunks, self._size, self.overflow = [], 0, False
            self._add(content)
        elif self._decompressor is not None and not self.overflow and self.error is None:
            try:
                self._add(self._decompressor.flush())
            except zlib.error as exc:
                self.error = f"the body could not be decompressed: {exc}"
        if self.overflow and response.is_success:
            self._chunks = []  # not kept: the call fails
        chunks, self._chunks = self._chunks, []
        response._content = chunks[0] if len(chunks) == 1 else b"".join(chunks)


#: How much of a body an error message looks at.
_EXCERPT = 1024


def _excerpt(text: str) -> str:
    """``snippet`` of the start of ``text``: never the whole of a large body."""
    return snippet(text[:_EXCERPT])


def decode_response(op: Operation[T], body: BodyReader) -> T:
    """The typed result of a successful response, read by ``body``."""
    if op.response is None:
        return None  # type: ignore[return-value]
    response = body.response
    if body.overflow:
        raise APIResponseValidationError(
            f"{op.name}: the {response.status_code} response body is larger than "
            f"max_response_size ({body.limit:,} bytes); raise the limit on the client "
            "(max_response_size=...) or for this call (max_response_size=...)",
            response=response,
        )
    if body.error is not None:
        raise APIResponseValidationError(
            f"{op.name}: the {response.status_code} response from {response.request.method} "
            f"{response.request.url} cannot be read: {body.error}",
            response=response,
        )
    content = response.content
    if not content.strip():
        raise APIResponseValidationError(
            f"{op.name}: expected a JSON body from {response.request.method} "
            f"{response.request.url}, got an empty {response.status_code} response",
            response=response,
        )
    try:
        result: T = decoder_for(op.response).decode(content)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise APIResponseValidationError(
            f"{op.name}: the {response.status_code} response body does not match the API "
            f"specification ({_excerpt(str(exc))}): "
            f"{_excerpt(content[:_EXCERPT].decode('utf-8', 'replace'))}",
            response=response,
        ) from None
    except RecursionError:
        raise APIResponseValidationError(
            f"{op.name}: the {response.status_code} response body is nested too deeply",
            response=response,
        ) from None
    return result


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def status_error(body: BodyReader) -> APIStatusError:
    """The error for a 4xx/5xx response, carrying the API's own message when it gave one.

    Only the start of an error body is read (``ERROR_BODY_LIMIT``); a body cut there is
    not valid JSON, so its message comes from its text.
    """
    response = body.response
    content = response.content
    text = response.text
    decoded: Any = text
    message = ""
    try:
        decoded = msgspec.json.decode(content) if content else None
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        title = _TITLE.search(text)
        message = " ".join(title.group(1).split()) if title else _excerpt(text)
    else:
        if isinstance(decoded, dict):
            for key in ("message", "error", "detail", "errorMessage"):
                value = decoded.get(key)
                if isinstance(value, str) and value:
                    message = value if len(value) <= _EXCERPT else _excerpt(value)
                    break
            else:
                message = _excerpt(text)
        elif decoded is not None:
            message = _excerpt(text)
    if not message:
        message = response.reason_phrase or "no details in the response"
    return status_error_class(response.status_code)(message, response=response, body=decoded)


def transport_error(error: Exception, request: httpx.Request) -> APIConnectionError:
    """Wrap an httpx transport error; its message never carries headers or the body."""
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
