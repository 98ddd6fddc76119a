"""Every error the SDK raises, shared by the async and the sync client.

Nothing here ever includes the API key, the Authorization header or a request
body in a message: errors end up in logs and bug trackers. Every error pickles
(to cross a process pool, say), and its pickle holds no credential either.

The 1.x SDK's exception classes (``ApiException``, ``NotFoundException``, ...)
are defined here too, under their 1.x names, and our errors derive from the
matching one: a ``NotFoundError`` is also a ``NotFoundException``, so 1.x
``except`` clauses keep catching what they caught. ``pingram.exceptions`` is
their public home.
"""

from __future__ import annotations

import copy
import sys
from typing import TYPE_CHECKING, Any, Mapping, NoReturn, Optional, Sequence, Union

if TYPE_CHECKING:
    import httpx

__all__ = [
    "PingramError",
    "PingramValidationError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "WebhookVerificationError",
    "WebhookSignatureError",
    "WebhookTimestampError",
]

_SNIPPET = 200

#: Request headers left out of a pickled error: credentials, whoever set them.
_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


# -- the 1.x exception classes ----------------------------------------------------
#
# Same names, bases, constructors and attributes as in 1.x, so code that raises,
# catches or inspects them keeps working. Our own errors below derive from them.


def render_path(path_to_item: Sequence[Union[str, int]]) -> str:
    """A path into a document as 1.x writes it: ``['to']['email']``, ``[0]`` for an index."""
    return "".join(f"[{p}]" if isinstance(p, int) else f"['{p}']" for p in path_to_item)


def with_path(msg: str, path_to_item: Optional[Sequence[Union[str, int]]]) -> str:
    return f"{msg} at {render_path(path_to_item)}" if path_to_item else msg


class OpenApiException(Exception):
    """Base of the 1.x exception classes (``pingram.exceptions``)."""


class ApiValueError(OpenApiException, ValueError):
    """An invalid value (1.x). ``path_to_item`` locates it."""

    def __init__(self, msg: str, path_to_item: Optional[Sequence[Union[str, int]]] = None) -> None:
        self.path_to_item = path_to_item
        super().__init__(with_path(msg, path_to_item))


class ApiException(OpenApiException):
    """The API answered with an error status (1.x).

    Attributes, as in 1.x: ``status`` (the HTTP status), ``reason`` (its reason
    phrase), ``body`` (the response body as text), ``data`` (the body decoded
    into the API's error model, when it is one) and ``headers`` (the response
    headers). ``http_resp`` may be any response object with ``status`` (or
    ``status_code``), ``reason`` (or ``reason_phrase``), ``data`` (or
    ``content``) bytes and ``headers``.
    """

    def __init__(
        self,
        status: Optional[int] = None,
        reason: Optional[str] = None,
        http_resp: Any = None,
        *,
        body: Optional[str] = None,
        data: Optional[Any] = None,
    ) -> None:
        self.status = status
        self.reason = reason
        self.body = body
        self.data = data
        self.headers: Any = None
        if http_resp:
            if self.status is None:
                self.status = _first_attr(http_resp, "status", "status_code")
            if self.reason is None:
                self.reason = _first_attr(http_resp, "reason", "reason_phrase")
            if self.body is None:
                raw = _first_attr(http_resp, "data", "content")
                if isinstance(raw, (bytes, bytearray)):
                    self.body = bytes(raw).decode("utf-8", "replace")
            self.headers = getattr(http_resp, "headers", None)

    @classmethod
    def from_response(cls, *, http_resp: Any, body: Optional[str], data: Optional[Any]) -> NoReturn:
        """Raise the exception class that matches ``http_resp``'s status (as 1.x does)."""
        status = _first_attr(http_resp, "status", "status_code")
        error_class = _OFFICIAL_BY_STATUS.get(status, ApiException)
        if error_class is ApiException and isinstance(status, int) and 500 <= status <= 599:
            error_class = ServiceException
        raise error_class(http_resp=http_resp, body=body, data=data)

    def __str__(self) -> str:
        detail = extract_api_error_detail(self.body, self.data) or self.reason
        text = f"({self.status})\nReason: {detail}\n"
        if self.headers:
            text += f"HTTP response headers: {self.headers}\n"
        if self.body:
            text += f"HTTP response body: {self.body}\n"
        if self.data:
            text += f"HTTP response data: {self.data}\n"
        return text


class BadRequestException(ApiException):
    """HTTP 400 (1.x)."""


class UnauthorizedException(ApiException):
    """HTTP 401 (1.x)."""


class ForbiddenException(ApiException):
    """HTTP 403 (1.x)."""


class NotFoundException(ApiException):
    """HTTP 404 (1.x)."""


class ConflictException(ApiException):
    """HTTP 409 (1.x)."""


class UnprocessableEntityException(ApiException):
    """HTTP 422 (1.x)."""


class ServiceException(ApiException):
    """HTTP 5xx (1.x)."""


_OFFICIAL_BY_STATUS: dict[Any, type[ApiException]] = {
    400: BadRequestException,
    401: UnauthorizedException,
    403: ForbiddenException,
    404: NotFoundException,
    409: ConflictException,
    422: UnprocessableEntityException,
}


def _first_attr(obj: Any, *names: str) -> Any:
    for name in names:
        value = getattr(obj, name, None)
        if value is not None:
            return value
    return None


def extract_api_error_detail(body: Optional[str], data: Optional[Any]) -> Optional[str]:
    """The API's own explanation in an error: ``error.message``, else ``message``, else
    the first of ``messages``; looked for in ``data`` first, then in ``body`` (JSON text)."""
    if data is not None:
        found = _detail(data)
        if found:
            return found
    if body:
        import json  # only when an error is formatted: not at `import pingram`

        try:
            parsed = json.loads(body)
        except (ValueError, RecursionError):
            return None
        if isinstance(parsed, dict):
            return _detail(parsed)
    return None


def _detail(obj: Any) -> Optional[str]:
    def get(source: Any, name: str) -> Any:
        if isinstance(source, Mapping):
            return source.get(name)
        return getattr(source, name, None)

    error = get(obj, "error")
    if error is not None:
        message = get(error, "message")
        if message:
            return str(message)
    message = get(obj, "message")
    if message:
        return str(message)
    messages = get(obj, "messages")
    if isinstance(messages, (list, tuple)) and messages and messages[0]:
        return str(messages[0])
    return None


class PingramError(Exception):
    """Base class of every error raised by pingram.

    Errors pickle whatever their ``__init__`` takes, with their attributes. The
    ``response`` an error carries pickles without its request's credentials
    (Authorization, Proxy-Authorization and Cookie headers) and body.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        state = {name: _without_credentials(value) for name, value in vars(self).items()}
        return _unpickle, (type(self), self.args, state)


def _unpickle(cls: type[PingramError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Rebuild a pickled error without calling its ``__init__`` (its arguments are not kept)."""
    error = cls.__new__(cls, *args)
    error.__dict__.update(state)
    return error


def _without_credentials(value: Any) -> Any:
    """``value``, or a copy of it without credentials if it is a request or response of
    httpx or httpx2 (the library is the value's own, already imported)."""
    library = sys.modules.get(type(value).__module__.partition(".")[0])
    if library is None or library.__name__ not in ("httpx", "httpx2"):
        return value
    if isinstance(value, library.Response):
        return _response_without_credentials(value, library)
    if isinstance(value, library.Request):
        return _request_without_credentials(value, library)
    return value


def _request_without_credentials(request: httpx.Request, library: Any) -> httpx.Request:
    headers = [
        (name, value)
        for name, value in request.headers.multi_items()
        if name.lower() not in _CREDENTIAL_HEADERS
    ]
    clean: httpx.Request = library.Request(request.method, request.url, headers=headers)
    return clean


def _response_without_credentials(response: httpx.Response, library: Any) -> httpx.Response:
    clean = copy.copy(response)  # what pickling keeps: status, headers, content read so far
    try:
        request = response.request
    except RuntimeError:  # a response built without a request
        pass
    else:
        clean.request = _request_without_credentials(request, library)
    clean.history = [_response_without_credentials(r, library) for r in response.history]
    clean.next_request = None
    return clean


class PingramValidationError(PingramError, ApiValueError):
    """Input that does not match the model, found before anything was sent.

    ``path`` names the offending field in wire format, e.g. ``$.to.email``;
    ``path_to_item`` is the same place as 1.x's ``ApiValueError`` gives it,
    ``["to", "email"]``. A ``ValueError``.
    """

    def __init__(self, message: str, *, path: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.path_to_item = _path_items(path)


def _path_items(path: Optional[str]) -> Optional[list[Union[str, int]]]:
    """``$.to.email`` as ``["to", "email"]``, ``$.items[0]`` as ``["items", 0]``."""
    if not path or not path.startswith("$"):
        return [path] if path else None
    items: list[Union[str, int]] = []
    for part in path[1:].replace("[", ".[").split("."):
        if part.startswith("[") and part.endswith("]") and part[1:-1].isdigit():
            items.append(int(part[1:-1]))
        elif part:
            items.append(part)
    return items or None


class APIConnectionError(PingramError):
    """The request could not be completed: DNS, refused connection, reset, TLS, ..."""

    def __init__(self, message: str, *, method: str, url: str) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError):
    """The request did not complete within the configured timeout."""


class APIResponseValidationError(PingramError, ApiValueError):
    """A successful (2xx) response whose body is not what the API specifies.

    A ``ValueError`` (an ``ApiValueError``), as 1.x's failed response validation was.
    """

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message)
        self.message = message
        self.response = response
        self.status_code = response.status_code
        self.method = response.request.method
        self.url = str(response.request.url)


class APIStatusError(PingramError, ApiException):
    """The API answered with a 4xx or 5xx status.

    ``message`` is the API's own explanation when the body carries one.

    The attributes of 1.x's ``ApiException`` keep their 1.x meaning:
    ``status`` (= ``status_code``), ``reason`` (the reason phrase), ``headers``
    (the response headers), ``body`` (the response body as **text**, as read:
    at most the first 64 KiB) and ``data`` (the body as the API's error model,
    ``ApiErrorResponse``, when it has that shape; else ``None``). The body
    decoded from JSON is ``json_body`` (the text when it is not JSON, ``None``
    when empty). ``str()`` is our one-line message, not 1.x's multi-line one.
    """

    status_code: int

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        """``body`` is the response body decoded from JSON (the text when it is not JSON)."""
        self.response = response
        self.status_code = response.status_code
        self.json_body = body
        self.method = response.request.method
        self.url = str(response.request.url)
        self.message = message
        # The 1.x attributes (ApiException.__init__ is not called: it would take
        # ``message`` for the status).
        self.status = response.status_code
        self.reason = response.reason_phrase
        self.headers = response.headers
        self.body = _text(response, body)
        self.data = _error_model(body)
        Exception.__init__(
            self,
            f"{self.status_code} {response.reason_phrase} from {self.method} {self.url}: {message}",
        )

    __str__ = Exception.__str__  # our message, not ApiException's


def _text(response: httpx.Response, decoded: Any) -> Optional[str]:
    """The body as text, as 1.x's ``ApiException.body`` holds it."""
    try:
        return response.text
    except RuntimeError:  # httpx.ResponseNotRead: a streamed body that was never read
        if isinstance(decoded, str) or decoded is None:
            return decoded
        import msgspec  # loaded by then: the client decoded this body with it

        return msgspec.json.encode(decoded).decode()


def _error_model(decoded: Any) -> Any:
    """The body as the API's ``ApiErrorResponse`` when it is one (1.x's ``data``), else None."""
    if not (isinstance(decoded, dict) and isinstance(decoded.get("error"), dict)):
        return None
    from . import models
    from .models._base import convert

    model = getattr(models, "ApiErrorResponse", None)
    if model is None:
        return None
    try:
        return convert(decoded, model, what="ApiErrorResponse")
    except PingramValidationError:
        return None


class BadRequestError(APIStatusError, BadRequestException):
    status_code = 400


class AuthenticationError(APIStatusError, UnauthorizedException):
    status_code = 401


class PaymentRequiredError(APIStatusError):
    status_code = 402


class PermissionDeniedError(APIStatusError, ForbiddenException):
    status_code = 403


class NotFoundError(APIStatusError, NotFoundException):
    status_code = 404


class ConflictError(APIStatusError, ConflictException):
    status_code = 409


class UnprocessableEntityError(APIStatusError, UnprocessableEntityException):
    status_code = 422


class RateLimitError(APIStatusError):
    status_code = 429


class InternalServerError(APIStatusError, ServiceException):
    """Any 5xx status."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    cls.status_code: cls
    for cls in (
        BadRequestError,
        AuthenticationError,
        PaymentRequiredError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        UnprocessableEntityError,
        RateLimitError,
    )
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The most specific error class for an HTTP error status."""
    if status_code >= 500:
        return InternalServerError
    return _BY_STATUS.get(status_code, APIStatusError)


def snippet(text: str) -> str:
    """A short, single-line excerpt of a response body for an error message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _SNIPPET else flat[:_SNIPPET] + "..."


class WebhookVerificationError(PingramError, ValueError):
    """A webhook delivery that must not be trusted."""


class WebhookSignatureError(WebhookVerificationError):
    """The signature is missing, malformed, or matches none of the secrets."""


class WebhookTimestampError(WebhookVerificationError):
    """The timestamp is missing, malformed, or outside the tolerance."""
