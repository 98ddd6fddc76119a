"""Every error the SDK raises, shared by the async and the sync client.

Nothing here ever includes the API key, the Authorization header or a request
body in a message: errors end up in logs and bug trackers. Every error pickles
(to cross a process pool, say), and its pickle holds no credential either.
"""

from __future__ import annotations

import copy
import sys
from typing import TYPE_CHECKING, Any, Optional

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


class PingramValidationError(PingramError, ValueError):
    """Input that does not match the model, found before anything was sent.

    ``path`` names the offending field in wire format, e.g. ``$.to.email``.
    """

    def __init__(self, message: str, *, path: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class APIConnectionError(PingramError):
    """The request could not be completed: DNS, refused connection, reset, TLS, ..."""

    def __init__(self, message: str, *, method: str, url: str) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError):
    """The request did not complete within the configured timeout."""


class APIResponseValidationError(PingramError):
    """A successful (2xx) response whose body is not what the API specifies."""

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message)
        self.message = message
        self.response = response
        self.status_code = response.status_code
        self.method = response.request.method
        self.url = str(response.request.url)


class APIStatusError(PingramError):
    """The API answered with a 4xx or 5xx status.

    ``body`` is the decoded JSON body (or the text, when it is not JSON);
    ``message`` is the API's own explanation when the body carries one.
    """

    status_code: int

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.method = response.request.method
        self.url = str(response.request.url)
        self.message = message
        super().__init__(
            f"{self.status_code} {response.reason_phrase} from {self.method} {self.url}: {message}"
        )


class BadRequestError(APIStatusError):
    status_code = 400


class AuthenticationError(APIStatusError):
    status_code = 401


class PaymentRequiredError(APIStatusError):
    status_code = 402


class PermissionDeniedError(APIStatusError):
    status_code = 403


class NotFoundError(APIStatusError):
    status_code = 404


class ConflictError(APIStatusError):
    status_code = 409


class UnprocessableEntityError(APIStatusError):
    status_code = 422


class RateLimitError(APIStatusError):
    status_code = 429


class InternalServerError(APIStatusError):
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
