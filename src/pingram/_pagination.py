"""Walking every page of a list operation: the loop guard of the ``iter_...`` methods.

The methods themselves are generated with their namespaces
(``client.broadcasts.iter_broadcasts``, ...): each requests a page, yields its items, and
asks ``PageTokens`` for the token of the next page.
"""

from __future__ import annotations

from typing import Optional

from ._exceptions import PingramError

__all__ = ["PageTokens"]


class PageTokens:
    """The page tokens one walk has followed, so that a repeated token stops it.

    A server that hands back a token it returned before would otherwise make the walk
    request the same pages forever.
    """

    __slots__ = ("_seen", "_what")

    def __init__(self, what: str) -> None:
        #: What is walking, for the error message (``"broadcasts.iter_broadcasts"``).
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
