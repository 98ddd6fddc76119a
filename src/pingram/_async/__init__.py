"""The asynchronous client. This package is the hand-written source of ``pingram._sync``."""

from ._client import Pingram

__all__ = ["Pingram"]
