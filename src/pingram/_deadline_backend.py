"""The sync client's deadline, enforced where it can be: on every socket operation.

A blocking call cannot be interrupted, so the network backend of the HTTP client's
connection pool (httpcore's, or httpcore2's for httpx2) is wrapped: each read, write,
connect and TLS handshake gets at most the time left before the deadline
``pingram._io.deadline`` set for the attempt in progress in this context, and fails with
the library's own timeout error once it has passed. Without a deadline (other code sharing
the HTTP client) the wrapper changes nothing.

Imported on first use: importing httpcore is part of creating an HTTP client, not of
importing pingram.
"""

from __future__ import annotations

import functools
import sys
import time
from types import ModuleType
from typing import Any, Iterable, Optional

from ._io import current_deadline

#: The connection-pool libraries whose network backend can be wrapped.
_CORES = ("httpcore", "httpcore2")


def _time_left(timeout: Optional[float], error: type[Exception]) -> Optional[float]:
    """``timeout`` cut to the time left before the current deadline; ``error`` once past it."""
    end = current_deadline.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise error("the attempt's deadline has passed")
    return left if timeout is None or timeout > left else timeout


@functools.cache
def _backend_class(core: ModuleType) -> type:
    """The deadline-aware backend for ``core`` (httpcore or httpcore2: the same API)."""

    class DeadlineStream(core.NetworkStream):  # type: ignore[misc,name-defined]
        def __init__(self, stream: Any) -> None:
            self._stream = stream

        def read(self, max_bytes: int, timeout: Optional[float] = None) -> bytes:
            return self._stream.read(max_bytes, _time_left(timeout, core.ReadTimeout))  # type: ignore[no-any-return]

        def write(self, buffer: bytes, timeout: Optional[float] = None) -> None:
            self._stream.write(buffer, _time_left(timeout, core.WriteTimeout))

        def close(self) -> None:
            self._stream.close()

        def start_tls(
            self,
            ssl_context: Any,
            server_hostname: Optional[str] = None,
            timeout: Optional[float] = None,
        ) -> Any:
            timeout = _time_left(timeout, core.ConnectTimeout)
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
            timeout = _time_left(timeout, core.ConnectTimeout)
            stream = self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
            return DeadlineStream(stream)

        def connect_unix_socket(
            self,
            path: str,
            timeout: Optional[float] = None,
            socket_options: Optional[Iterable[Any]] = None,
        ) -> Any:
            timeout = _time_left(timeout, core.ConnectTimeout)
            return DeadlineStream(self._backend.connect_unix_socket(path, timeout, socket_options))

        def sleep(self, seconds: float) -> None:
            self._backend.sleep(seconds)

    return DeadlineBackend


def wrap_pool(pool: object) -> None:
    """Route the new connections of a connection pool through the deadline-aware backend."""
    core = sys.modules.get(type(pool).__module__.partition(".")[0])
    if core is None or core.__name__ not in _CORES:
        return
    backend = getattr(pool, "_network_backend", None)
    wrapper = _backend_class(core)
    if (
        isinstance(pool, core.ConnectionPool)
        and isinstance(backend, core.NetworkBackend)
        and not isinstance(backend, wrapper)
    ):
        pool._network_backend = wrapper(backend)
