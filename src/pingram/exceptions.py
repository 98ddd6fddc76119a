"""The SDK's exceptions, under the 1.x names and our own.

1.x names (``ApiException``, ``NotFoundException``, ``ServiceException``, ...)
and the errors the clients raise are one hierarchy: a 404 raises
``NotFoundError``, which is also a ``NotFoundException`` and an
``ApiException``, so ``except NotFoundException`` written for 1.x still
catches it. See ``pingram._exceptions`` for what each class means.
"""

from __future__ import annotations

from typing import Optional, Sequence, Union

from ._exceptions import (
    APIConnectionError,
    ApiException,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    ApiValueError,
    AuthenticationError,
    BadRequestError,
    BadRequestException,
    ConflictError,
    ConflictException,
    ForbiddenException,
    InternalServerError,
    NotFoundError,
    NotFoundException,
    OpenApiException,
    PaymentRequiredError,
    PermissionDeniedError,
    PingramError,
    PingramValidationError,
    RateLimitError,
    ServiceException,
    UnauthorizedException,
    UnprocessableEntityError,
    UnprocessableEntityException,
    WebhookSignatureError,
    WebhookTimestampError,
    WebhookVerificationError,
    extract_api_error_detail,
    render_path,
    with_path,
)

# The 1.x exception classes that none of ours derives from live here, so that
# `import pingram` does not create them.


class ApiTypeError(OpenApiException, TypeError):
    """A value of the wrong type (1.x). ``path_to_item`` locates it."""

    def __init__(
        self,
        msg: str,
        path_to_item: Optional[Sequence[Union[str, int]]] = None,
        valid_classes: Optional[tuple[type, ...]] = None,
        key_type: Optional[bool] = None,
    ) -> None:
        self.path_to_item = path_to_item
        self.valid_classes = valid_classes
        self.key_type = key_type
        super().__init__(with_path(msg, path_to_item))


class ApiAttributeError(OpenApiException, AttributeError):
    """A missing attribute (1.x). ``path_to_item`` locates it."""

    def __init__(self, msg: str, path_to_item: Optional[Sequence[Union[str, int]]] = None) -> None:
        self.path_to_item = path_to_item
        super().__init__(with_path(msg, path_to_item))


class ApiKeyError(OpenApiException, KeyError):
    """A missing key (1.x). ``path_to_item`` locates it."""

    def __init__(self, msg: str, path_to_item: Optional[Sequence[Union[str, int]]] = None) -> None:
        self.path_to_item = path_to_item
        super().__init__(with_path(msg, path_to_item))


__all__ = [
    # 1.x
    "OpenApiException",
    "ApiTypeError",
    "ApiValueError",
    "ApiKeyError",
    "ApiAttributeError",
    "ApiException",
    "BadRequestException",
    "UnauthorizedException",
    "ForbiddenException",
    "NotFoundException",
    "ConflictException",
    "UnprocessableEntityException",
    "ServiceException",
    "render_path",
    "extract_api_error_detail",
    # ours
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
