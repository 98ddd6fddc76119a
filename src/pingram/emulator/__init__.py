"""A local Pingram API for development and tests: ``from pingram.emulator import Emulator``.

Standard library, msgspec and the SDK's own models only; ``import pingram`` does
not import it. See :class:`Emulator`, or run ``python -m pingram emulator``.
"""

from __future__ import annotations

from ._emulator import Emulator, RecordedRequest

__all__ = ["Emulator", "RecordedRequest"]
