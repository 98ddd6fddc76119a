"""The wall-clock deadline of one attempt.

A call's ``timeout`` bounds each attempt as a whole: waiting for a pooled connection,
resolving the host name, connecting, the TLS handshake, sending, and reading the headers
and the whole body must all end within it. httpx's own timeouts bound each socket
operation instead, so a server sending a byte now and then could hold a call for ever.

How the deadline is kept:

- The client runs each attempt inside ``Attempt`` (``with connection.attempt(seconds)``),
  which records when the attempt must be over in a context variable (one per thread and
  per asyncio task).
- The connection pool of an httpx or httpx2 client with the library's default transport
  (httpcore's pool, or httpcore2's) gets its network backend wrapped (``cover``): every
  connect, TLS handshake, read and write of the attempt gets at most the time left, and
  fails with the library's own timeout error once it is gone, so the retry policy sees an
  ordinary timeout (a connect timeout was never sent: retried; a read timeout after a POST:
  not). The pool wait is bounded by the pool timeout, itself no longer than the attempt.
  The blocking client resolves host names in a helper thread, so that a slow resolver is
  bounded too (asyncio's resolver already runs in a thread, within the connect timeout).
  Outside an attempt the wrapper changes nothing: a client shared with other code behaves
  as before. The SDK never cancels an attempt on such a pool.
- A client whose requests go elsewhere (aiohttp's pool, a mock, a custom transport): the
  async client cancels the attempt at the deadline (``TimedAttempt``, one ``Watchdog``
  timer per event loop), a little late so that a library timeout already firing wins,
  and raises a read timeout. The blocking client cannot interrupt them: there each socket
  operation keeps its library timeout.

An attempt that ends cancelled (the caller's ``asyncio.wait_for``, a task group) or with a
pool timeout then has ``pingram._pool`` reap the connections it may have stranded.

The private parts of the HTTP libraries this relies on, each checked before use (a library
that changed shape is treated as an unknown transport): the pools of a client
(``pingram._pool.pools_of``), and ``pool._network_backend``, replaced by the wrapper for
the connections made from then on.

httpcore is imported by httpx itself; this module imports no HTTP library.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import math
import sys
import threading
import time
from contextvars import ContextVar
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, Optional, Tuple

from . import _pool

if TYPE_CHECKING:
    import asyncio

    import httpx

__all__ = ["Attempt", "TimedAttempt", "Watchdog", "attempt_seconds", "cover"]

#: When the attempt in progress in this context must be over (``time.monotonic()``).
_deadline: ContextVar[Optional[float]] = ContextVar("pingram_deadline", default=None)

#: How much later than the deadline ``TimedAttempt`` cancels, so that a timeout the library
#: raises for the operation in progress (its kind decides the retry) wins.
_CANCEL_GRACE = 0.05


def attempt_seconds(timeout: httpx.Timeout) -> Optional[float]:
    """The wall-clock bound on one attempt: the largest of the timeout's values."""
    parts = [p for p in (timeout.connect, timeout.read, timeout.write, timeout.pool) if p]
    return max(parts) if parts else None


# -- the attempt ---------------------------------------------------------------------------


class Attempt:
    """``with``: one attempt, whose socket operations end by ``seconds`` from now.

    On the way out, a cancelled attempt or a pool timeout reaps the orphans of ``pools``.
    """

    __slots__ = ("_pool_timeout", "_pools", "_seconds", "_token")

    def __init__(
        self, seconds: Optional[float], pools: Tuple[Any, ...], pool_timeout: type[Exception]
    ) -> None:
        self._seconds = seconds
        self._pools = pools
        self._pool_timeout = pool_timeout
        self._token: Any = None

    def __enter__(self) -> None:
        if self._seconds is not None:
            self._token = _deadline.set(time.monotonic() + self._seconds)

    def __exit__(self, exc_type: Optional[type[BaseException]], *exc_info: object) -> None:
        if self._token is not None:
            _deadline.reset(self._token)
        if (
            exc_type is not None
            and self._pools
            # CancelledError (and KeyboardInterrupt) are BaseExceptions, not Exceptions.
            and (not issubclass(exc_type, Exception) or issubclass(exc_type, self._pool_timeout))
        ):
            for pool in self._pools:
                _pool.reap(pool)


class TimedAttempt(Attempt):
    """An ``Attempt`` of the async client that ``watchdog`` cancels at the deadline, for
    transports whose socket operations ``cover`` could not reach; it then raises ``error``."""

    __slots__ = ("_error", "_expired", "_task", "_watchdog")

    def __init__(
        self,
        seconds: Optional[float],
        pools: Tuple[Any, ...],
        pool_timeout: type[Exception],
        error: type[Exception],
        watchdog: Watchdog,
    ) -> None:
        self._seconds = seconds
        self._pools = pools
        self._pool_timeout = pool_timeout
        self._token = None
        self._error = error
        self._watchdog = watchdog
        self._expired = False
        self._task: Optional[asyncio.Task[Any]] = None

    def __enter__(self) -> None:
        if self._seconds is not None:
            self._token = _deadline.set(time.monotonic() + self._seconds)
            self._task = self._watchdog.watch(self, self._seconds + _CANCEL_GRACE)

    def expire(self) -> None:
        """Cancel the attempt: its time is up."""
        assert self._task is not None
        self._expired = True
        self._task.cancel()

    def __exit__(self, exc_type: Optional[type[BaseException]], *exc_info: object) -> None:
        if self._task is not None:
            self._watchdog.forget(self)
        super().__exit__(exc_type, *exc_info)
        if not self._expired or self._task is None:
            return
        # Python 3.11+ counts cancellations (earlier versions' backports may not count ours).
        if sys.version_info >= (3, 11) and self._task.uncancel() > 0:
            return  # also cancelled from outside: let that cancellation through
        if exc_type is not None and issubclass(exc_type, self._watchdog.cancelled):
            raise self._error(f"the attempt did not complete within {self._seconds} s")


class Watchdog:
    """Cancels the ``TimedAttempt``s of one event loop that outlive their deadline.

    One timer for all of them, set for the earliest deadline: a timer per attempt would
    cost more than the rest of the SDK's own work on a request.
    """

    __slots__ = ("_attempts", "_current_task", "_handle", "_loop", "_when", "cancelled")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        import asyncio

        self._loop = loop
        self._current_task = asyncio.current_task
        #: What the cancellation of a task raises in it.
        self.cancelled = asyncio.CancelledError
        #: The attempts in progress, and when each must be cancelled (``loop.time()``).
        self._attempts: Dict[TimedAttempt, float] = {}
        self._handle: Optional[asyncio.TimerHandle] = None
        self._when = math.inf

    def watch(self, attempt: TimedAttempt, seconds: float) -> Optional[asyncio.Task[Any]]:
        """Cancel the current task, running ``attempt``, in ``seconds``; the task."""
        when = self._loop.time() + seconds
        self._attempts[attempt] = when
        if when < self._when:
            if self._handle is not None:
                self._handle.cancel()
            self._when, self._handle = when, self._loop.call_at(when, self._check)
        return self._current_task()

    def forget(self, attempt: TimedAttempt) -> None:
        self._attempts.pop(attempt, None)

    def _check(self) -> None:
        now = self._loop.time()
        self._handle, self._when = None, math.inf
        for attempt, when in list(self._attempts.items()):
            if when <= now:
                del self._attempts[attempt]
                attempt.expire()
            elif when < self._when:
                self._when = when
        if self._attempts:
            self._handle = self._loop.call_at(self._when, self._check)


# -- the pools' network backends ---------------------------------------------------------


def cover(http: Any) -> Tuple[Tuple[Any, ...], bool]:
    """Wrap the network backend of every pool of ``http``; the pools, and whether the
    deadline now bounds every socket operation of its requests.

    A pool that already holds connections made through its old backend (a caller's client
    used before) is not fully covered: those connections keep the old backend.
    """
    pools = _pool.pools_of(http)
    if pools is None:
        return (), False
    covered = True
    for pool in pools:
        core = sys.modules[type(pool).__module__.partition(".")[0]]
        is_async = isinstance(pool, core.AsyncConnectionPool)
        base = core.AsyncNetworkBackend if is_async else core.NetworkBackend
        backend = getattr(pool, "_network_backend", None)
        wrapper = _backend_class(core, is_async)
        if isinstance(backend, wrapper):
            continue
        if not isinstance(backend, base):
            covered = False
            continue
        pool._network_backend = wrapper(backend)
        if pool.connections:
            covered = False
    return tuple(pools), covered


# -- time left -----------------------------------------------------------------------------


def _time_left(timeout: Optional[float], error: type[Exception]) -> Optional[float]:
    """``timeout`` cut to the time left before the current deadline; ``error`` once past it."""
    end = _deadline.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise error("the attempt's deadline has passed")
    return left if timeout is None or timeout > left else timeout


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class _Handoff:
    """The result of ``connect``, run on a helper thread, for a caller who may stop waiting:
    a stream that arrives after the caller gave up is closed."""

    __slots__ = ("_done", "_error", "_lock", "_stream", "_waiting")

    def __init__(self, connect: Callable[[], Any]) -> None:
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._waiting = True
        self._stream: Any = None
        self._error: Optional[BaseException] = None
        thread = threading.Thread(target=self._run, args=(connect,), name="pingram-connect")
        thread.daemon = True
        thread.start()

    def _run(self, connect: Callable[[], Any]) -> None:
        try:
            stream = connect()
        except BaseException as exc:  # handed to the caller, raised there
            self._error = exc
        else:
            with self._lock:
                if not self._waiting:  # the caller gave up: nobody will use it
                    with contextlib.suppress(Exception):
                        stream.close()
                    return
                self._stream = stream
        self._done.set()

    def wait(self, seconds: Optional[float], error: type[Exception]) -> Any:
        if not self._done.wait(seconds):
            with self._lock:
                if self._stream is None and self._error is None:
                    self._waiting = False
                    raise error("the attempt's deadline passed while connecting")
        if self._error is not None:
            raise self._error
        return self._stream


@functools.cache
def _backend_class(core: ModuleType, is_async: bool) -> type:
    """The deadline-aware network backend for ``core`` (httpcore or httpcore2: one API)."""
    ConnectTimeout = core.ConnectTimeout
    ReadTimeout = core.ReadTimeout
    WriteTimeout = core.WriteTimeout

    if is_async:

        class AsyncDeadlineStream(core.AsyncNetworkStream):  # type: ignore[misc,name-defined]
            __slots__ = ("_stream",)

            def __init__(self, stream: Any) -> None:
                self._stream = stream

            async def read(self, max_bytes: int, timeout: Optional[float] = None) -> bytes:
                return await self._stream.read(max_bytes, _time_left(timeout, ReadTimeout))  # type: ignore[no-any-return]

            async def write(self, buffer: bytes, timeout: Optional[float] = None) -> None:
                await self._stream.write(buffer, _time_left(timeout, WriteTimeout))

            async def aclose(self) -> None:
                await self._stream.aclose()

            async def start_tls(
                self,
                ssl_context: Any,
                server_hostname: Optional[str] = None,
                timeout: Optional[float] = None,
            ) -> Any:
                timeout = _time_left(timeout, ConnectTimeout)
                stream = await self._stream.start_tls(ssl_context, server_hostname, timeout)
                return AsyncDeadlineStream(stream)

            def get_extra_info(self, info: str) -> Any:
                return self._stream.get_extra_info(info)

        class AsyncDeadlineBackend(core.AsyncNetworkBackend):  # type: ignore[misc,name-defined]
            def __init__(self, backend: Any) -> None:
                self._backend = backend

            async def connect_tcp(
                self,
                host: str,
                port: int,
                timeout: Optional[float] = None,
                local_address: Optional[str] = None,
                socket_options: Optional[Iterable[Any]] = None,
            ) -> Any:
                # The resolver runs within the connect timeout (anyio's connect_tcp).
                timeout = _time_left(timeout, ConnectTimeout)
                return AsyncDeadlineStream(
                    await self._backend.connect_tcp(
                        host, port, timeout, local_address, socket_options
                    )
                )

            async def connect_unix_socket(
                self,
                path: str,
                timeout: Optional[float] = None,
                socket_options: Optional[Iterable[Any]] = None,
            ) -> Any:
                timeout = _time_left(timeout, ConnectTimeout)
                return AsyncDeadlineStream(
                    await self._backend.connect_unix_socket(path, timeout, socket_options)
                )

            async def sleep(self, seconds: float) -> None:
                await self._backend.sleep(seconds)

        return AsyncDeadlineBackend

    class DeadlineStream(core.NetworkStream):  # type: ignore[misc,name-defined]
        __slots__ = ("_stream",)

        def __init__(self, stream: Any) -> None:
            self._stream = stream

        def read(self, max_bytes: int, timeout: Optional[float] = None) -> bytes:
            return self._stream.read(max_bytes, _time_left(timeout, ReadTimeout))  # type: ignore[no-any-return]

        def write(self, buffer: bytes, timeout: Optional[float] = None) -> None:
            self._stream.write(buffer, _time_left(timeout, WriteTimeout))

        def close(self) -> None:
            self._stream.close()

        def start_tls(
            self,
            ssl_context: Any,
            server_hostname: Optional[str] = None,
            timeout: Optional[float] = None,
        ) -> Any:
            timeout = _time_left(timeout, ConnectTimeout)
            return DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, timeout))

        def get_extra_info(self, info: str) -> Any:
            return self._stream.get_extra_info(info)

    class DeadlineBackend(core.NetworkBackend):  # type: ignore[misc,name-defined]
        def __init__(self, backend: Any) -> None:
            self._backend = backend

        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: Optional[float] = None,
            local_address: Optional[str] = None,
            socket_options: Optional[Iterable[Any]] = None,
        ) -> Any:
            timeout = _time_left(timeout, ConnectTimeout)
            connect = functools.partial(
                self._backend.connect_tcp, host, port, timeout, local_address, socket_options
            )
            if _deadline.get() is None or _is_ip_address(host):
                return DeadlineStream(connect())
            # A blocking resolver honours no timeout: resolve and connect on a helper thread.
            return DeadlineStream(_Handoff(connect).wait(timeout, ConnectTimeout))

        def connect_unix_socket(
            self,
            path: str,
            timeout: Optional[float] = None,
            socket_options: Optional[Iterable[Any]] = None,
        ) -> Any:
            timeout = _time_left(timeout, ConnectTimeout)
            return DeadlineStream(self._backend.connect_unix_socket(path, timeout, socket_options))

        def sleep(self, seconds: float) -> None:
            self._backend.sleep(seconds)

    return DeadlineBackend
