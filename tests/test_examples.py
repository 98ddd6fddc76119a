"""The typed example that calls every namespace also runs, offline, against the emulator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "every_namespace.py"


def test_every_namespace_example_runs_against_the_emulator() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "domains",
        "environments",
        "types",
        "templates",
        "user",
        "sender",
        "in-app",
        "logs",
        "users",
        "email/sms",
        "broadcasts",
        "voice",
        "10dlc",
        "content",
        "webhooks/insights",
        "account",
    ]
    assert "email/sms: ['DELIVERED', 'DELIVERED']" in lines
    assert "voice: 1 call(s), the new one listed: True" in lines
    assert "webhooks/insights: secret hidden: True, 1 series" in lines
    assert "in-app: ['Welcome, Ada'], 1 unread" in lines
    assert "query Complete" in result.stdout
