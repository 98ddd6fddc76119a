"""What one API operation is: its method, path, body model and response type.

The table of every operation (``pingram._operations``) is generated from the
spec; this module is the hand-written class its rows are made of. Models are
named in the table and loaded on the first call that needs them, so importing a
client loads no model module.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Generic, List, Optional, TypeVar, Union
from urllib.parse import quote

from ._exceptions import PingramValidationError

T = TypeVar("T")

_PLACEHOLDER = re.compile(r"{(\w+)}")


def _model(expression: str) -> Any:
    """The type a table entry names: ``"User"``, ``"List[Template]"``, ``"Dict[str, Any]"``."""
    from . import models

    class Names(Dict[str, Any]):
        def __missing__(self, key: str) -> Any:
            return getattr(models, key)

    names = Names(List=List, Dict=Dict, Optional=Optional, Union=Union, Any=Any, str=str)
    return eval(expression, {"__builtins__": {}}, names)  # a type expression of the table


class Operation(Generic[T]):
    """One API operation. ``T`` is what a successful call returns."""

    __slots__ = (
        "_body",
        "_response",
        "body_name",
        "body_param",
        "method",
        "name",
        "namespace",
        "path",
        "path_params",
        "response_name",
    )

    def __init__(
        self,
        namespace: Optional[str],
        route: str,
        response: Optional[str],
        body: Optional[str] = None,
        body_param: str = "",
    ) -> None:
        self.namespace = namespace
        #: Set by the table (``named``): the operation's Python name, e.g. ``broadcasts_get``.
        self.name = ""
        #: ``route`` is ``"METHOD /path"``.
        self.method, _, self.path = route.partition(" ")
        #: The name of the type a 2xx body decodes into; ``None`` for operations answering 204.
        self.response_name = response
        #: The name of the request-body model; ``None`` for operations without a body.
        self.body_name = body
        #: The Python parameter name of the body (``sender_post_body``).
        self.body_param = body_param
        self.path_params: tuple[str, ...] = tuple(_PLACEHOLDER.findall(self.path))
        self._body: Any = None
        self._response: Any = None

    def named(self, name: str) -> Operation[T]:
        """This operation, knowing its name."""
        self.name = name
        return self

    @property
    def body(self) -> Optional[type]:
        """The request-body model, or ``None`` for operations without a body."""
        if self._body is None and self.body_name is not None:
            self._body = _model(self.body_name)
        return self._body  # type: ignore[no-any-return]

    @property
    def response(self) -> Any:
        """The type a 2xx body decodes into, or ``None`` for operations answering 204."""
        if self._response is None and self.response_name is not None:
            self._response = _model(self.response_name)
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
