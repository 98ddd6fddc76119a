"""``python -m pingram``: the demo, the foreground emulator, and a lazy ``import pingram``."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

import httpx
import pytest

TRACKING_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def run_pingram(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pingram", *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_demo_runs_offline_and_prints_tracking_ids_logs_and_inbox() -> None:
    result = run_pingram("demo")

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert len(set(TRACKING_ID.findall(out))) == 2
    assert "identified user ada" in out
    assert "2 log entries" in out
    assert "sent by email and in-app" in out
    assert "scheduled for" in out
    assert "email_sent: 'Your order #1234 has shipped'" in out
    assert "in-app inbox (1 notification, 1 unread)" in out
    assert "'Order #1234 shipped' (unseen)" in out
    sent = TRACKING_ID.search(out.split("[async] sent", 1)[1])
    assert sent, out
    for event in ("EMAIL_DELIVERED", "EMAIL_OPEN"):
        line = f"[hook]  {event} for {sent.group(0)} (order_shipped to ada): signature verified"
        assert line in out


def test_help_lists_the_commands() -> None:
    result = run_pingram("--help")
    assert result.returncode == 0
    assert "emulator" in result.stdout
    assert "demo" in result.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX-only")
def test_emulator_command_serves_until_ctrl_c_then_exits_0() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pingram", "emulator", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A runner started in the background may ignore SIGINT, and children inherit that;
        # give the emulator the Ctrl-C a terminal would.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert process.stdout is not None
        banner = ""
        while "Ctrl-C" not in banner and process.poll() is None:
            banner += process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+", banner)
        assert match, banner
        url = match.group(0)
        response = httpx.get(
            f"{url}/logs/retention", headers={"Authorization": "Bearer pingram_sk_emulator"}
        )
        assert response.json() == {"retentionInDays": 30}

        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()

    assert process.returncode == 0, err
    assert f"PINGRAM_BASE_URL={url}" in banner
    assert "PINGRAM_API_KEY=pingram_sk_emulator" in banner
    assert "Emulator stopped." in out
    assert "GET /logs/retention -> 200" in err
    assert "Traceback" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX-only")
def test_emulator_command_never_prints_the_api_key_it_was_given() -> None:
    key = "pingram_sk_cli_SECRET_9e2b"
    process = subprocess.Popen(
        [sys.executable, "-m", "pingram", "emulator", "--port", "0", "--api-key", key],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert process.stdout is not None
        banner = ""
        while "Ctrl-C" not in banner and process.poll() is None:
            banner += process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", banner)
        assert url, banner
        accepted = httpx.get(
            f"{url.group(0)}/logs/tail", headers={"Authorization": f"Bearer {key}"}
        )
        assert accepted.status_code == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "PINGRAM_API_KEY=<the key you passed to --api-key>" in banner
    assert key not in banner + out + err


def test_emulator_command_reports_a_port_in_use() -> None:
    from pingram.emulator import Emulator

    with Emulator() as running:
        result = run_pingram("emulator", "--port", str(running.port))
    assert result.returncode == 1
    assert "Cannot listen on" in result.stderr


def test_import_pingram_does_not_import_the_emulator() -> None:
    code = "import sys, pingram; print(sorted(m for m in sys.modules if 'emulator' in m))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    assert result.stdout.strip() == "[]"
