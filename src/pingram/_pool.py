"""The connection pools of an HTTP client, and keeping them healthy when attempts are cut short.

An httpx or httpx2 client with the library's default transport sends through a connection
pool of httpcore (httpcore2 for httpx2); ``pools_of`` finds them, for the deadline (which
wraps their network backend, ``pingram._deadline``) and for ``fork()`` (which must know
whether a caller's client holds connections, ``pingram._connection``).

Cancelling an attempt at the wrong moment (the caller's ``asyncio.wait_for``, a task group,
or a pool timeout, which anyio implements as a cancellation) can leave httpcore 1.x's async
pool with a connection no request will ever use: the pool handed it to the cancelled
request before that request could connect it (encode/httpcore#1093, open). After
``max_connections`` of them, every call waits for a free connection until it fails with
``PoolTimeout``, on a healthy server. So an attempt that ends cancelled or with a pool
timeout ``reap``s its pools (httpcore2 removes such connections itself).

A cancellation can also land while a response is being closed: on Python 3.9 httpcore's
shield does not hold it off, and the close stops before the pool forgets the request, whose
connection then stays busy for ever. ``release`` finishes such a close.

The private parts of the HTTP libraries this relies on, each checked before use: a client
of another shape is treated as one whose transport is unknown.

- ``client._transport`` and ``client._mounts``: the transports of an httpx/httpx2 client;
- ``transport._pool``: the connection pool of the default transport;
- ``pool._requests`` and ``pool._connections``: read to find stranded connections, which
  are removed from the latter;
- ``response.stream._stream._httpcore_stream``: the pool's stream of an httpx response,
  with its ``_pool`` and ``_pool_request``, and ``pool._assign_requests_to_connections()``
  (for ``release``).
"""

from __future__ import annotations

import contextlib
import sys
from types import ModuleType
from typing import Any, List, Optional, Tuple

__all__ = ["pools_of", "reap", "release"]

#: The connection-pool libraries of httpx and httpx2.
_CORES = ("httpcore", "httpcore2")


def pools_of(http: Any) -> Optional[List[Any]]:
    """The httpcore (or httpcore2) connection pools ``http`` sends through, or ``None`` if
    some of its requests would go through a transport that is not such a pool."""
    default = getattr(http, "_transport", None)
    mounts = getattr(http, "_mounts", None)
    if default is None or not isinstance(mounts, dict):
        return None
    pools = []
    # A mount set to None sends nothing: those URLs are refused.
    for transport in [default, *(t for t in mounts.values() if t is not None)]:
        lib = sys.modules.get(type(transport).__module__.partition(".")[0])
        if lib is None or type(transport) not in _default_transports(lib):
            return None  # a mock, aiohttp's, or a subclass that may not use its pool
        pool = getattr(transport, "_pool", None)
        core = sys.modules.get(type(pool).__module__.partition(".")[0])
        if core is None or core.__name__ not in _CORES:
            return None
        if not isinstance(pool, (core.ConnectionPool, core.AsyncConnectionPool)):
            return None
        pools.append(pool)
    return pools


def _default_transports(lib: ModuleType) -> Tuple[type, ...]:
    """httpx's (or httpx2's) default transports, which send through a connection pool."""
    return tuple(
        cls
        for cls in (getattr(lib, "HTTPTransport", None), getattr(lib, "AsyncHTTPTransport", None))
        if isinstance(cls, type)
    )


def reap(pool: Any) -> int:
    """Remove from an async pool the connections no request holds and none can take; the count.

    Such a connection is neither idle, nor closed, nor available (an HTTP/1.1 connection
    still connecting, or connected but never used): only a request it was handed to could
    use it, and that request is gone. Its socket, if it has one, is closed in the background.
    """
    connections = getattr(pool, "_connections", None)
    requests = getattr(pool, "_requests", None)
    if not isinstance(connections, list) or not isinstance(requests, list):
        return 0
    core = sys.modules.get(type(pool).__module__.partition(".")[0])
    if core is None or not isinstance(pool, core.AsyncConnectionPool):
        return 0  # only cancellation strands a connection, and only async code is cancelled
    held = {id(getattr(request, "connection", None)) for request in requests}
    orphans = [
        connection
        for connection in connections
        if id(connection) not in held
        and not (connection.is_idle() or connection.is_closed() or connection.is_available())
    ]
    for connection in orphans:
        connections.remove(connection)
        _close_later(connection)
    return len(orphans)


def release(response: Any) -> bool:
    """Finish the close of ``response`` that an exception cut short; whether there was any.

    What httpcore's own close would have done: the pool forgets the request and hands its
    capacity to the waiting ones. The connection, whose state the interrupted close left
    unknown, is removed and closed in the background rather than used again.
    """
    bound = getattr(response, "stream", None)
    pool_stream = getattr(getattr(bound, "_stream", None), "_httpcore_stream", None)
    pool = getattr(pool_stream, "_pool", None)
    pool_request = getattr(pool_stream, "_pool_request", None)
    requests = getattr(pool, "_requests", None)
    connections = getattr(pool, "_connections", None)
    assign = getattr(pool, "_assign_requests_to_connections", None)
    if not (isinstance(requests, list) and isinstance(connections, list) and callable(assign)):
        return False
    if pool_request not in requests:
        return False  # the close got that far: nothing left to do
    requests.remove(pool_request)
    connection = getattr(pool_request, "connection", None)
    if connection is not None and connection in connections:
        connections.remove(connection)
        _close_later(connection)
    for closing in assign():  # connections the pool no longer needs (expired, idle over limit)
        _close_later(closing)
    return True


#: Closing orphans in the background; kept here until done (the loop holds tasks weakly).
_closing: set[Any] = set()


def _close_later(connection: Any) -> None:
    """Close a connection nobody uses: a blocking one now, an async one in the background."""
    import asyncio

    if not asyncio.iscoroutinefunction(getattr(connection, "aclose", None)):
        with contextlib.suppress(Exception):
            connection.close()
        return

    async def close() -> None:
        with contextlib.suppress(Exception):  # a connection nobody uses: nothing to report
            await connection.aclose()

    try:
        task = asyncio.get_running_loop().create_task(close())
    except RuntimeError:  # no running loop (a pool reaped outside asyncio): nothing to await
        return
    _closing.add(task)
    task.add_done_callback(_closing.discard)
