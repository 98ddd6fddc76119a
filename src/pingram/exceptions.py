"""The SDK's exceptions, under the 1.x names and our own.

1.x names (``ApiException``, ``NotFoundException``, ``ServiceException``, ...)
and the errors the clients raise are one hierarchy: a 404 raises
``NotFoundError``, which is also a ``NotFoundException`` and an
``ApiException``, so ``except NotFoundException`` written for 1.x still
catches it. See ``pingram._exceptions`` for what each class means.
"""

from ._exceptions import (
    ApiAttributeError,
    APIConnectionError,
    ApiException,
    ApiKeyError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    ApiTypeError,
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
)

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
