"""``ApiResponse``: what the ``*_with_http_info`` twin of every operation returns.

The shape of 1.x's ``pingram.api_response.ApiResponse`` (status code, headers,
decoded data and raw body), as a plain class: no validation, no pydantic.
"""

from __future__ import annotations

from typing import Any, Generic, Mapping, Optional, TypeVar

__all__ = ["ApiResponse"]

T = TypeVar("T")


class ApiResponse(Generic[T]):
    """One successful HTTP response: ``status_code``, ``headers``, ``data``, ``raw_data``.

    ``data`` is the typed result the plain call returns; ``raw_data`` is the
    response body as received (decompressed). ``headers`` is case-insensitive
    when the client fills it in (an ``httpx.Headers``).
    """

    __slots__ = ("data", "headers", "raw_data", "status_code")

    def __init__(
        self,
        *,
        status_code: int,
        data: T,
        raw_data: bytes,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        #: The HTTP status code.
        self.status_code = status_code
        #: The response headers.
        self.headers = headers
        #: The decoded body: what the operation itself returns.
        self.data = data
        #: The body as received.
        self.raw_data = raw_data

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ApiResponse):
            return NotImplemented
        return (self.status_code, self._header_items(), self.data, self.raw_data) == (
            other.status_code,
            other._header_items(),
            other.data,
            other.raw_data,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, like the 1.x model

    def _header_items(self) -> Any:
        headers = self.headers
        if headers is None:
            return None
        return sorted((str(k).lower(), v) for k, v in headers.items())

    def __repr__(self) -> str:
        size = len(self.raw_data) if isinstance(self.raw_data, (bytes, bytearray)) else "?"
        return (
            f"ApiResponse(status_code={self.status_code!r}, data={self.data!r}, "
            f"raw_data=<{size} bytes>)"
        )
