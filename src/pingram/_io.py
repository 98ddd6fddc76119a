"""The few I/O primitives whose async and blocking forms differ in more than a keyword.

The async client calls the ``async_*`` names; the generated sync client calls
the plain names (``scripts/unasync.py`` renames them).
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Awaitable,
    Callable,
    List,
    Optional,
    Sequence,
    TypeVar,
)

import httpx

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")
R = TypeVar("R")

#: What a call returns, for annotations written once in ``_async``: ``AsyncResult[X]``
#: there is ``SyncResult[X]`` (that is, ``X``) in the generated sync code.
AsyncResult = Awaitable
SyncResult = Annotated[T, "returned directly"]

sleep = time.sleep


async def async_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


async def async_map_bounded(
    func: Callable[[T], Awaitable[R]], items: Sequence[T], concurrency: int
) -> List[R]:
    """``[await func(x) for x in items]`` with at most ``concurrency`` running at once."""
    import asyncio

    semaphore = asyncio.Semaphore(concurrency)

    async def run(item: T) -> R:
        async with semaphore:
            return await func(item)

    return list(await asyncio.gather(*(run(item) for item in items)))


def map_bounded(func: Callable[[T], R], items: Sequence[T], concurrency: int) -> List[R]:
    """``[func(x) for x in items]`` on at most ``concurrency`` threads, results in order."""
    if concurrency <= 1 or len(items) <= 1:
        return [func(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(concurrency, len(items))) as pool:
        return list(pool.map(func, items))


# -- the wall-clock deadline of one attempt ----------------------------------------------------
#
# httpx's timeouts bound each socket operation, not a whole request: a server sending a byte
# now and then could hold a call forever. The async client cancels the attempt when its time
# is up; the sync client, which cannot be interrupted, cuts the timeout of every socket
# operation to the time left, through a network backend wrapped around its httpx pool
# (``pingram._deadline_backend``).

#: A little later than the deadline, so that a timeout httpcore raises for the operation
#: in progress (its kind decides the retry) wins over the cancellation.
_CANCEL_GRACE = 0.05

#: When the sync attempt in progress in this context must be over (``time.monotonic()``).
current_deadline: ContextVar[Optional[float]] = ContextVar("pingram_deadline", default=None)


class _AsyncDeadline:
    """``async with``: cancel the block after ``seconds`` and raise ``error`` (a read timeout
    of the HTTP library in use)."""

    __slots__ = ("_error", "_expired", "_handle", "_seconds", "_task")

    def __init__(self, seconds: Optional[float], error: type[Exception]) -> None:
        self._seconds = seconds
        self._error = error
        self._expired = False
        self._handle: Optional[asyncio.TimerHandle] = None
        self._task: Optional[asyncio.Task[Any]] = None

    async def __aenter__(self) -> None:
        import asyncio

        if self._seconds is not None:
            self._task = asyncio.current_task()
            self._handle = asyncio.get_running_loop().call_later(
                self._seconds + _CANCEL_GRACE, self._expire
            )

    def _expire(self) -> None:
        assert self._task is not None
        self._expired = True
        self._task.cancel()

    async def __aexit__(self, exc_type: Optional[type], *exc_info: object) -> None:
        import asyncio

        if self._handle is not None:
            self._handle.cancel()
        if not self._expired or self._task is None:
            return
        # Python 3.11+ counts cancellations (earlier versions' backports may not count ours).
        if sys.version_info >= (3, 11) and self._task.uncancel() > 0:
            return  # also cancelled from outside: let that cancellation through
        if exc_type is not None and issubclass(exc_type, asyncio.CancelledError):
            raise self._error(f"the attempt did not complete within {self._seconds} s")


class _Deadline:
    """``with``: the socket operations inside the block end by ``seconds`` from now."""

    __slots__ = ("_seconds", "_token")

    def __init__(self, seconds: Optional[float]) -> None:
        self._seconds = seconds
        self._token: Any = None  # the socket operations raise the library's own timeouts

    def __enter__(self) -> None:
        if self._seconds is not None:
            self._token = current_deadline.set(time.monotonic() + self._seconds)

    def __exit__(self, *exc_info: object) -> None:
        if self._token is not None:
            current_deadline.reset(self._token)


def async_deadline(seconds: Optional[float], error: type[Exception]) -> _AsyncDeadline:
    """Bound the ``async with`` block to ``seconds`` (``None``: no bound), then raise ``error``."""
    return _AsyncDeadline(seconds, error)


def deadline(seconds: Optional[float], error: type[Exception]) -> _Deadline:
    """Bound the socket operations of the ``with`` block to ``seconds`` (``None``: no bound).

    Effective on HTTP clients prepared with ``enforce_deadlines``.
    """
    return _Deadline(seconds)


def async_enforce_deadlines(http: httpx.AsyncClient) -> None:
    """Nothing to prepare: the async client cancels an attempt that runs out of time."""


def enforce_deadlines(http: httpx.Client) -> None:
    """Let ``deadline`` bound the socket operations of ``http``'s connection pool.

    Done for httpx's own transport (new connections go through the wrapped backend); any
    other transport keeps httpx's per-operation timeouts. Outside ``deadline`` the wrapped
    backend behaves exactly as before, so an HTTP client shared with other code is not
    affected.
    """
    from ._deadline_backend import wrap_pool

    wrap_pool(getattr(getattr(http, "_transport", None), "_pool", None))


def async_running_loop() -> object:
    """The event loop this call runs in (the sync client's twin returns ``None``)."""
    import asyncio

    return asyncio.get_running_loop()


def running_loop() -> Optional[object]:
    return None
