"""The HTTP client behind a Pingram client, shared by its ``with_options`` copies.

A ``Connection`` knows whether the SDK owns the HTTP client (it then closes it, and can
build it again), whether it is closed, and how each attempt's deadline is kept on it
(``pingram._deadline``). It also keeps processes and event loops apart:

- After ``os.fork()`` the child inherits the parent's pool, sockets included: two
  processes reading one socket receive each other's responses. On its first call in the
  child, a connection the SDK owns builds a fresh HTTP client and leaves the inherited
  one, and its sockets, untouched. An ``http_client`` the caller passed stays the
  caller's: the SDK cannot rebuild it, so if it may hold connections opened before the
  fork, the call is refused (``PingramError``) before anything is sent.
- An async connection belongs to the event loop of its first call: its connections cannot
  work in another loop, so a call from another loop is refused before anything is sent.

No I/O happens here: the client closes what it owns.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Optional

from . import _deadline, _pool
from ._exceptions import PingramError
from ._http import HttpLibrary

__all__ = ["AsyncConnection", "SyncConnection"]

#: ``asyncio.get_running_loop``, imported with the first async connection (not for the sync
#: client: asyncio takes a while to import).
_running_loop: Callable[[], object]

#: Which process this is: bumped in the child after each ``os.fork()``.
_process_generation = 0


def _forked() -> None:
    global _process_generation
    _process_generation += 1


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=_forked)


class SyncConnection:
    """The HTTP client a family of ``PingramSync`` copies share."""

    __slots__ = (
        "closed",
        "covered",
        "factory",
        "generation",
        "http",
        "lib",
        "owned",
        "pools",
    )

    def __init__(
        self, http: Any, lib: HttpLibrary, *, owned: bool, factory: Optional[Callable[[], Any]]
    ) -> None:
        #: httpx or httpx2: the library ``http`` speaks.
        self.lib = lib
        #: The SDK made ``http`` (or was given it to own): it closes it, and rebuilds it
        #: with ``factory`` after a fork.
        self.owned = owned
        self.factory = factory
        self.closed = False
        self._use(http)

    def _use(self, http: Any) -> None:
        self.http = http
        #: Its connection pools, if the deadline could wrap them, and whether it bounds
        #: every socket operation of a request.
        self.pools, self.covered = _deadline.cover(http)
        self.generation = _process_generation

    def ready(self, name: str) -> Any:
        """The HTTP client for a call of the operation ``name``; raises if it cannot be used."""
        if self.closed or self.http.is_closed:
            raise PingramError(
                f"Cannot call {name}(): the client is closed. Create a new client, or use "
                "it inside its context manager."
            )
        if self.generation != _process_generation:
            self._after_fork(name)
        return self.http

    def _after_fork(self, name: str) -> None:
        if self.owned and self.factory is not None:
            self._use(self.factory())  # the inherited client is dropped, never closed
            return
        pools = _pool.pools_of(self.http)
        if pools is None or any(pool.connections for pool in pools):
            raise PingramError(
                f"Cannot call {name}(): this client's http_client was made before os.fork() "
                "and may hold the parent process's connections; two processes sharing them "
                "would receive each other's responses. Create the http_client in each "
                "process after the fork, or pass none: the SDK's own pool is rebuilt in "
                "each process."
            )
        self.generation = _process_generation  # nothing inherited: use it here

    def attempt(self, seconds: Optional[float]) -> _deadline.Attempt:
        """The deadline of one attempt of ``seconds`` (``None``: no bound)."""
        return _deadline.Attempt(seconds, self.pools, self.lib.PoolTimeout)


class AsyncConnection(SyncConnection):
    """The HTTP client a family of ``Pingram`` copies share, and the event loop it belongs to."""

    __slots__ = ("loop", "watchdog")

    def __init__(
        self, http: Any, lib: HttpLibrary, *, owned: bool, factory: Optional[Callable[[], Any]]
    ) -> None:
        global _running_loop
        from asyncio import get_running_loop as _running_loop

        super().__init__(http, lib, owned=owned, factory=factory)

    def _use(self, http: Any) -> None:
        super()._use(http)
        #: The event loop of the first call, whose connections the pool holds.
        self.loop: Any = None
        #: Cancels the attempts that outlive their deadline, when the pool cannot bound them.
        self.watchdog: Optional[_deadline.Watchdog] = None

    def ready(self, name: str) -> Any:
        http = super().ready(name)
        loop = _running_loop()
        if self.loop is not loop:
            if self.loop is not None:
                raise PingramError(
                    f"Cannot call {name}(): this client was first used in another event loop, "
                    "and its connections belong to that loop. Create one client per event "
                    "loop (for example inside the coroutine given to asyncio.run), or use "
                    "PingramSync across loops."
                )
            self.loop = loop
        return http

    def _after_fork(self, name: str) -> None:
        super()._after_fork(name)
        self.loop = self.watchdog = None  # the parent's loop does not run here

    def attempt(self, seconds: Optional[float]) -> _deadline.Attempt:
        if self.covered:
            return _deadline.Attempt(seconds, self.pools, self.lib.PoolTimeout)
        if self.watchdog is None:
            self.watchdog = _deadline.Watchdog(self.loop)
        return _deadline.TimedAttempt(
            seconds, self.pools, self.lib.PoolTimeout, self.lib.ReadTimeout, self.watchdog
        )
