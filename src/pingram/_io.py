"""The few I/O primitives whose async and blocking forms differ in more than a keyword.

The async client calls the ``async_*`` names; the generated sync client calls
the plain names (``scripts/make_sync.py`` renames them).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import (
    TYPE_CHECKING,
    Annotated,
    Awaitable,
    Callable,
    List,
    Sequence,
    TypeVar,
)

if TYPE_CHECKING:
    pass

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
