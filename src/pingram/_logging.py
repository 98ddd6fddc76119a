"""What the SDK logs, and where it goes: the ``pingram`` logger and ``PINGRAM_LOG``.

Everything the SDK logs goes through one logger, ``pingram`` (``logger``). As the
standard library advises for a library, it carries a ``NullHandler``: in a program that
configured no logging, nothing is printed (not even a WARNING, which Python would
otherwise print to stderr), since every failure reaches the caller as an exception
anyway. A program that configures logging (``logging.basicConfig()``, a handler on the
root logger or on ``pingram``) receives the lines as from any other library.

``PINGRAM_LOG=debug`` (or ``info``) prints the SDK's lines from that level up to stderr
without any logging setup, as ``OPENAI_LOG`` does for openai. It is read once, when the
first client is created (``configure_from_env``). Its handler steps aside whenever the program
handles the lines itself, so a line is never printed twice. Any other value is ignored,
with one ``RuntimeWarning`` saying which values work.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from typing import Optional

__all__ = ["LOG_ENV", "configure_from_env", "logger"]

#: Names the level from which ``pingram``'s lines are printed to stderr without setup.
LOG_ENV = "PINGRAM_LOG"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

#: Everything the SDK logs goes through this logger.
logger = logging.getLogger("pingram")
logger.addHandler(logging.NullHandler())

#: Emptied by the first client created, which reads ``PINGRAM_LOG``: ``list.pop`` is atomic,
#: so of clients created at once in several threads one reads it (no lock, which a fork
#: could leave held in the child).
_unread = [LOG_ENV]


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """``PINGRAM_LOG``'s handler: prints to stderr a line nothing else handles.

    A line that a handler of the program would print too (one on ``pingram`` or on a
    logger it propagates to, the root logger included) is left to that handler, whenever
    the program added it: before the first client or after.
    """

    def __init__(self) -> None:
        super().__init__()  # sys.stderr when each line is written: a redirected one counts
        self.setFormatter(logging.Formatter(_FORMAT))

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass

    def emit(self, record: logging.LogRecord) -> None:
        if not _handled_elsewhere(self, record):
            super().emit(record)


def _handled_elsewhere(ours: logging.Handler, record: logging.LogRecord) -> bool:
    """Whether a handler of the program (not ours, not a ``NullHandler``) takes ``record``."""
    current: Optional[logging.Logger] = logger
    while current is not None:
        for handler in current.handlers:
            if (
                handler is not ours
                and type(handler) is not logging.NullHandler
                and record.levelno >= handler.level
            ):
                return True
        if not current.propagate:
            return False
        current = current.parent
    return False


def configure_from_env() -> None:
    """Apply ``PINGRAM_LOG``, once per process: called when each client is created."""
    try:
        name = _unread.pop()
    except IndexError:
        return
    value = os.environ.get(name, "").strip()
    if not value:
        return
    level = _LEVELS.get(value.lower())
    if level is None:
        warnings.warn(
            f"{name}={value!r} is ignored: set it to 'debug' or 'info' to print the SDK's log "
            "lines to stderr, or unset it",
            RuntimeWarning,
            stacklevel=3,  # the line that created the client
        )
        return
    logger.setLevel(level)
    logger.addHandler(StderrHandler())
