"""The HTTP response of one call: its body read within bounds, then decoded or made an error.

The client hands each response here: ``BodyReader`` reads and decompresses the body
without ever holding more than the limit, ``decode_response`` turns a 2xx body into the
operation's model, and ``status_error`` / ``transport_error`` make the ``PingramError``
the caller sees.
"""

from __future__ import annotations

import re
import zlib
from contextvars import ContextVar
from typing import Any, Generic, List, Optional, TypeVar

import httpx
import msgspec

from . import _http
from ._constants import ERROR_BODY_LIMIT
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    snippet,
    status_error_class,
)
from ._operation import Operation
from .models._base import decoder_for

T = TypeVar("T")


def reader_for(response: httpx.Response, limit: int) -> Optional[BodyReader]:
    """How to read the body of ``response`` within ``limit`` decoded bytes (an error body:
    within ``ERROR_BODY_LIMIT``, the rest is not needed).

    ``None`` when the HTTP library can read it whole (``response.aread()``): it is not
    compressed and its ``Content-Length`` is within the limit, so the library stops there
    (the common case); or the library has read it already (a mock transport) and it is
    within the limit. Otherwise a ``BodyReader``.
    """
    if not 200 <= response.status_code < 300:
        limit = min(limit, ERROR_BODY_LIMIT)
    if response.is_stream_consumed:
        return None if len(response.content) <= limit else BodyReader(response, limit, b"")
    encoding = length = b""
    chunked = False
    for name, value in response.headers.raw:
        name = name.lower()
        if name == b"content-encoding":
            encoding = value.strip().lower()
        elif name == b"content-length":
            length = value.strip()
        elif name == b"transfer-encoding":
            chunked = True
    if encoding in (b"", b"identity"):
        if not chunked and length.isdigit() and int(length) <= limit:
            return None
        encoding = b""
    reader = BodyReader(response, limit, encoding)
    if not encoding and not chunked and length.isdigit() and response.is_success:
        reader.overflow, reader.reading = True, False  # announced too large: not read at all
    return reader


class BodyReader:
    """A response body the SDK reads itself: chunk by chunk, decompressed here, and bounded.

    For a body that is compressed, of unknown length, or longer than the limit. While
    ``reading``, the client feeds it the raw chunks until ``feed`` says to stop; then
    ``finish`` gives a response holding what was decoded. Decompressing is bounded too, so
    a small compressed body cannot expand into more than the limit. A body in an encoding
    the SDK did not ask for is not read (``error``).
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

    def __init__(self, response: httpx.Response, limit: int, encoding: bytes) -> None:
        self.response = response
        self.limit = limit
        self._chunks: List[bytes] = []
        self._size = 0
        #: The body is larger than ``limit`` (an error body keeps its first ``limit`` bytes).
        self.overflow = False
        #: Why the body could not be read, if it could not.
        self.error: Optional[str] = None
        #: The client feeds the raw chunks to ``feed`` before calling ``finish``.
        self.reading = not response.is_stream_consumed
        self._decompressor: Any = None
        self._raw_deflate = False
        if not self.reading or not encoding:
            pass
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

    def finish(self, lib: _http.HttpLibrary) -> httpx.Response:
        """A response holding the decoded body (or, over the limit, what is kept of it).

        A new one, with the status, headers and request of the one received, whose body
        was read here rather than by the library; like any response the library reads,
        its headers are the server's and its ``content`` is decoded.
        """
        response = self.response
        if response.is_stream_consumed and not self.reading:  # read by a mock transport
            self._add(response.content)
        elif self._decompressor is not None and not self.overflow and self.error is None:
            try:
                self._add(self._decompressor.flush())
            except zlib.error as exc:
                self.error = f"the body could not be decompressed: {exc}"
        if self.overflow and response.is_success:
            self._chunks = []  # not kept: the call fails
        chunks, self._chunks = self._chunks, []
        # Built without the headers that would make the library decode the body again.
        decoded: httpx.Response = lib.Response(
            response.status_code,
            content=b"".join(chunks),
            request=response.request,
            extensions=response.extensions,
        )
        decoded.headers = response.headers
        return decoded


#: How much of a body an error message looks at.
_EXCERPT = 1024


def _excerpt(text: str) -> str:
    """``snippet`` of the start of ``text``: never the whole of a large body."""
    return snippet(text[:_EXCERPT])


def decode_response(op: Operation[T], response: httpx.Response, reader: Optional[BodyReader]) -> T:
    """The typed result of a successful ``response`` (whose body ``reader`` read, if not
    the HTTP library)."""
    if reader is not None:
        if reader.overflow:
            raise APIResponseValidationError(
                f"{op.name}: the {response.status_code} response body is larger than "
                f"max_response_size ({reader.limit:,} bytes); raise the limit on the client "
                "(max_response_size=...) or for this call (max_response_size=...)",
                response=response,
            )
        if reader.error is not None:
            raise APIResponseValidationError(
                f"{op.name}: the {response.status_code} response from "
                f"{response.request.method} {response.request.url} cannot be read: "
                f"{reader.error}",
                response=response,
            )
    model = op.response
    if model is None:
        return None  # type: ignore[return-value]
    content = response.content
    try:
        result: T = decoder_for(model).decode(content)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError) as exc:
        if not content.strip():
            raise APIResponseValidationError(
                f"{op.name}: expected a JSON body from {response.request.method} "
                f"{response.request.url}, got an empty {response.status_code} response",
                response=response,
            ) from None
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


def status_error(response: httpx.Response) -> APIStatusError:
    """The error for a 4xx/5xx response, carrying the API's own message when it gave one.

    Only the start of an error body is read (``ERROR_BODY_LIMIT``); a body cut there is
    not valid JSON, so its message comes from its text.
    """
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
