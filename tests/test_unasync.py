"""The blocking client is generated from the async one: its documentation is its own."""

from __future__ import annotations

import pydoc
import re

import pingram
import pingram._sync

ASYNC_WORDS = re.compile(r"\basync\b|\bawait\b|asynchronous|asyncio|event loop", re.IGNORECASE)


def test_help_on_the_blocking_client_describes_the_blocking_client() -> None:
    text = pydoc.render_doc(pingram.PingramSync, renderer=pydoc.plaintext)
    assert "The blocking client of the Pingram API" in text
    assert "with PingramSync() as client:" in text
    assert ASYNC_WORDS.findall(text) == []
    assert ASYNC_WORDS.findall(pingram._sync.__doc__ or "") == []
