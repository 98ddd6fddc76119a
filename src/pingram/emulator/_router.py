"""Which operation a request names: match ``METHOD /path`` against the operations table.

Routes come from ``pingram._operations.ALL``, the SDK's one table of the API, so
the emulator can never disagree with the clients about a path. Where a literal
segment and a placeholder both match (``/users/account-metadata`` and
``/users/{user_id}``), the literal wins.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple, Union
from urllib.parse import unquote

from .._operations import ALL
from ._common import OperationInfo

__all__ = ["MethodNotAllowed", "Route", "Router"]


class Route:
    """One path template and the operations (one per method) served on it."""

    __slots__ = ("operations", "segments")

    def __init__(self, template: str) -> None:
        #: Each segment: its literal text, or ``None`` for a placeholder.
        self.segments: Tuple[Optional[str], ...] = tuple(
            None if part.startswith("{") else part for part in template.strip("/").split("/")
        )
        self.operations: Dict[str, OperationInfo] = {}

    def specificity(self) -> Tuple[int, ...]:
        """Sort key: literal segments (0) before placeholders (1), position by position."""
        return tuple(0 if segment is not None else 1 for segment in self.segments)

    def match(self, parts: Sequence[str]) -> Optional[List[str]]:
        """The decoded placeholder values if ``parts`` fits this template, else ``None``."""
        if len(parts) != len(self.segments):
            return None
        values = []
        for segment, part in zip(self.segments, parts):
            if segment is None:
                if not part:
                    return None
                values.append(part)
            elif segment != part:
                return None
        return values


class MethodNotAllowed:
    """The path exists, but not with this method; ``allow`` lists the methods that do."""

    __slots__ = ("allow",)

    def __init__(self, allow: List[str]) -> None:
        self.allow = allow


class Router:
    """Resolves ``(method, path)`` to an operation and its path parameters."""

    def __init__(self, operations: Sequence[OperationInfo] = tuple(ALL.values())) -> None:
        routes: Dict[str, Route] = {}
        for op in operations:
            route = routes.setdefault(op.path, Route(op.path))
            route.operations[op.method] = op
        self._routes = sorted(routes.values(), key=Route.specificity)

    def resolve(
        self, method: str, path: str
    ) -> Union[MethodNotAllowed, Tuple[OperationInfo, Dict[str, str]], None]:
        """The operation and its URL-decoded path parameters (by Python name).

        Returns ``None`` when no template matches the path and ``MethodNotAllowed``
        when templates match but none serves ``method``.
        """
        if not path.startswith("/"):
            return None
        parts = [unquote(part) for part in path[1:].split("/")]
        allowed: List[str] = []
        for route in self._routes:
            values = route.match(parts)
            if values is None:
                continue
            op = route.operations.get(method)
            if op is not None:
                return op, dict(zip(op.path_params, values))
            allowed.extend(m for m in route.operations if m not in allowed)
        if allowed:
            return MethodNotAllowed(sorted(allowed))
        return None
