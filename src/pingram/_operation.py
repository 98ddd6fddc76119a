"""What one API operation is: its method, path, body model and response type.

The table of every operation (``pingram._operations``) is generated from the
spec; this module is the hand-written class its rows are made of. A row gives its
types as functions that return them (``response=lambda: models.User``), called
on the first request that needs them, so importing a client loads no model module.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Generic, Optional, TypeVar
from urllib.parse import quote

from ._exceptions import PingramValidationError

T = TypeVar("T")

_PLACEHOLDER = re.compile(r"{(\w+)}")


class Operation(Generic[T]):
    """One API operation. ``T`` is what a successful call returns."""

    __slots__ = (
        "_body",
        "_body_type",
        "_response",
        "_response_type",
        "body_param",
        "method",
        "name",
        "namespace",
        "path",
        "path_params",
    )

    def __init__(
        self,
        name: str,
        *,
        namespace: Optional[str],
        method: str,
        path: str,
        response: Optional[Callable[[], Any]] = None,
        body: Optional[Callable[[], type]] = None,
        body_param: str = "",
    ) -> None:
        #: The operation's Python name, e.g. ``broadcasts_get``.
        self.name = name
        #: The client attribute that holds it (``"broadcasts"``); ``None`` for the client itself.
        self.namespace = namespace
        self.method = method
        #: The path, with a ``{placeholder}`` per path parameter, named as the method's.
        self.path = path
        self.path_params: tuple[str, ...] = tuple(_PLACEHOLDER.findall(path))
        #: The Python parameter name of the body (``sender_post_body``).
        self.body_param = body_param
        self._response_type = response
        self._body_type = body
        self._response: Any = None
        self._body: Optional[type] = None

    @property
    def body(self) -> Optional[type]:
        """The request-body model, or ``None`` for operations without a body."""
        if self._body is None and self._body_type is not None:
            self._body = self._body_type()
        return self._body

    @property
    def response(self) -> Any:
        """The type a 2xx body decodes into, or ``None`` for operations answering 204."""
        if self._response is None and self._response_type is not None:
            self._response = self._response_type()
        return self._response

    def format_path(self, args: tuple[str, ...]) -> str:
        """The path with each argument URL-encoded as exactly one segment.

        ``.`` and ``..`` are refused: URL normalisation would remove them (``/users/..``
        is ``/``), so the request would reach another route than the operation's.
        """
        values = {}
        for param, value in zip(self.path_params, args):
            if not isinstance(value, str) or not value or value in (".", ".."):
                raise PingramValidationError(
                    f"{self.name}(): {param} must be a non-empty string other than '.' and "
                    f"'..', got {value!r}",
                    path=param,
                )
            try:
                values[param] = quote(value, safe="")
            except UnicodeEncodeError as exc:  # a lone surrogate
                raise PingramValidationError(
                    f"{self.name}(): {param} cannot be encoded in a URL ({exc.reason})",
                    path=param,
                ) from None
        return self.path.format_map(values)

    def __repr__(self) -> str:
        return f"<Operation {self.name}: {self.method} {self.path}>"
