from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._client import Pingram


class Namespace:
    """A group of operations reached as an attribute of the client."""

    __slots__ = ("_client", "_request")

    def __init__(self, client: Pingram) -> None:
        self._client = client
        #: The client's one request loop, which every operation of the namespace calls.
        self._request = client._request

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"
