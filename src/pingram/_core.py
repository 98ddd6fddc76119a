"""Page tokens, and the per-call options the generated namespaces import from here.

``RequestOptions`` lives in ``pingram._config``; it is imported here for the generated
namespaces, which name this module.
"""

from __future__ import annotations

from typing import Optional

from ._config import RequestOptions as RequestOptions
from ._exceptions import PingramError


class PageTokens:
    """Remembers the page tokens a paginator has followed, to refuse a loop."""

    __slots__ = ("_seen", "_what")

    def __init__(self, what: str) -> None:
        self._what = what
        self._seen: set[str] = set()

    def follow(self, token: Optional[str]) -> Optional[str]:
        """The token for the next page, ``None`` at the end; raises on a repeated token."""
        if not token:
            return None
        if token in self._seen:
            raise PingramError(
                f"{self._what}: the API returned a page token it had already returned "
                f"({token!r}); stopping instead of looping forever."
            )
        self._seen.add(token)
        return token
