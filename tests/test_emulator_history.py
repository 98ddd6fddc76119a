"""A request to the emulator costs the same however many sends came before it.

Measured in lines of emulator code run (``sys.settrace``), not in time: a request that
walked every send ever made would run a few lines more for each one.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone
from types import FrameType
from typing import Any, Callable, List, Optional

from pingram.emulator import Emulator

HEADERS = {"authorization": "Bearer pingram_sk_test", "content-type": "application/json"}
LATER = (datetime.now(timezone.utc) + timedelta(days=30)).isoformat()


def lines_run(emulator: Emulator, method: str, target: str, body: Any = None) -> int:
    """How many lines of the emulator's own code answering one request runs."""
    count = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Optional[Callable[..., Any]]:
        nonlocal count
        if "pingram/emulator/" not in frame.f_code.co_filename.replace("\\", "/"):
            return None
        if event == "line":
            count += 1
        return tracer

    raw = json.dumps(body).encode() if body is not None else b""
    sys.settrace(tracer)
    try:
        response = emulator._respond(method, target, HEADERS, raw)
    finally:
        sys.settrace(None)
    assert response.status < 300, response.body
    return count


def grow(emulator: Emulator, sends: int) -> None:
    """Send ``sends`` notifications to one user, one in ten scheduled for next month."""
    for number in range(sends):
        body: dict[str, Any] = {
            "type": "t",
            "to": {"id": "u1"},
            "email": {"subject": "s", "html": "h"},
        }
        if number % 10 == 0:
            body["schedule"] = LATER
        assert emulator._respond("POST", "/send", HEADERS, json.dumps(body).encode()).status == 200


def costs(emulator: Emulator) -> List[int]:
    send = {"type": "t", "to": {"id": "u1"}, "email": {"subject": "s", "html": "h"}}
    return [
        lines_run(emulator, "GET", "/logs/retention"),
        lines_run(emulator, "POST", "/send", send),
        lines_run(emulator, "GET", "/logs?limit=5"),
        lines_run(emulator, "GET", "/account/usage"),
    ]


def test_a_request_runs_the_same_code_after_150_sends_as_after_1500() -> None:
    emulator = Emulator()
    grow(emulator, 150)
    early = costs(emulator)
    grow(emulator, 1350)
    late = costs(emulator)
    assert late == early


def test_the_due_queue_holds_about_what_is_pending_however_often_it_changes() -> None:
    from pingram.emulator._store import DueQueue

    queue: DueQueue[str] = DueQueue()
    start = datetime(2030, 1, 1, tzinfo=timezone.utc)
    for minute in range(1000):
        queue.put("rescheduled", start + timedelta(minutes=minute))
    queue.put("kept", start)
    for number in range(1000):
        queue.put(f"cancelled-{number}", start)
        queue.discard(f"cancelled-{number}")
    assert len(queue) == 2
    assert queue.size <= 2 * len(queue) + 17
    assert list(queue.pop_due(start + timedelta(minutes=998))) == ["kept"]
    assert list(queue.pop_due(start + timedelta(minutes=999))) == ["rescheduled"]
    assert len(queue) == 0
