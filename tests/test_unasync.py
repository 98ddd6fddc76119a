"""The blocking client, generated from the async one, describes itself and has no event loop."""

from __future__ import annotations

import pydoc
import re
from pathlib import Path

import pingram
import pingram._sync

ROOT = Path(__file__).resolve().parent.parent
ASYNC_WORDS = re.compile(r"\basync\b|\bawait\b|asynchronous|asyncio|event loop", re.IGNORECASE)


def test_help_on_the_blocking_client_describes_the_blocking_client() -> None:
    text = pydoc.render_doc(pingram.PingramSync, renderer=pydoc.plaintext)
    assert "The blocking client of the Pingram API" in text
    assert "with PingramSync() as client:" in text
    assert ASYNC_WORDS.findall(text) == []
    assert ASYNC_WORDS.findall(pingram._sync.__doc__ or "") == []


def test_the_blocking_client_has_no_event_loop_to_check() -> None:
    source = (ROOT / "src/pingram/_sync/_client.py").read_text(encoding="utf-8")
    body = source.split("\n", 1)[1]  # past the "generated from _async" header line
    assert ASYNC_WORDS.findall(body) == []
