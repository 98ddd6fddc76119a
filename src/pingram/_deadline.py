"""The wall-clock deadline of one attempt."""

from __future__ import annotations

import time
from typing import Dict, Mapping, Optional

import httpx


def attempt_seconds(timeout: httpx.Timeout) -> Optional[float]:
    """The wall-clock bound on one attempt: the largest of the timeout's values."""
    parts = [p for p in (timeout.connect, timeout.read, timeout.write, timeout.pool) if p]
    return max(parts) if parts else None


_monotonic = time.monotonic


class AttemptTimeouts(Dict[str, Optional[float]]):
    """httpcore's per-operation timeouts, each cut to the time left before a deadline.

    httpcore looks a timeout up (``.get``) when an operation starts: the pool wait, the
    connect, sending, and reading the headers and the body each get at most what is left
    of the attempt, and fail with their own timeout error when it runs out.
    """

    __slots__ = ("deadline",)

    def __init__(self, timeouts: Mapping[str, Optional[float]], deadline: float) -> None:
        super().__init__(timeouts)
        self.deadline = deadline

    def get(self, key: str, default: Optional[float] = None) -> Optional[float]:  # type: ignore[override]
        value = dict.get(self, key, default)
        left = self.deadline - _monotonic()
        if value is None or value > left:
            # Not 0: a zero socket timeout means non-blocking, not "already expired".
            return max(left, 0.001)
        return value
