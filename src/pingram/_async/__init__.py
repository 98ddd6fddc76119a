"""The asynchronous client, ``Pingram``."""

from ._client import Pingram

__all__ = ["Pingram"]
