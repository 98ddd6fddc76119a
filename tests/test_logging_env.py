"""What the SDK prints to stderr on its own: nothing, unless ``PINGRAM_LOG`` asks for it.

Each test runs a small program in a fresh interpreter, as a user would, since logging is
set up once per process. Its call is retried once and then fails (a 503 with a
``Retry-After: 0``), so it logs one line at each level: DEBUG (each request), INFO (the
retry) and WARNING (giving up).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import API_KEY

SRC = Path(__file__).resolve().parent.parent / "src"

PROGRAM = """
import asyncio, logging, os, sys
import httpx
from pingram import Pingram, PingramSync, APIStatusError

def answer(request):
    return httpx.Response(503, headers={{"Retry-After": "0"}}, json={{"message": "busy"}})

def call(kind):
    options = dict(api_key={key!r}, base_url="https://api.test.pingram.io", max_retries=1)
    if kind == "sync":
        http = httpx.Client(transport=httpx.MockTransport(answer))
        client = PingramSync(http_client=http, **options)
        try:
            client.users.users_list_users()
        except APIStatusError:
            pass
        return
    async def main():
        http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        client = Pingram(http_client=http, **options)
        try:
            await client.users.users_list_users()
        except APIStatusError:
            pass
    asyncio.run(main())

{body}
"""

DEBUG = "DEBUG pingram: GET https://api.test.pingram.io/users -> 503"
INFO = "INFO pingram: Retrying GET https://api.test.pingram.io/users in 0.00 s (retry 1 of 1)"
WARNING = "WARNING pingram: GET https://api.test.pingram.io/users: giving up after 2 attempts"


def run(body: str, *, log: str | None = None) -> str:
    """The stderr of the program running ``body`` (with ``PINGRAM_LOG=log``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINGRAM_")}
    env["PYTHONPATH"] = str(SRC)
    if log is not None:
        env["PINGRAM_LOG"] = log
    program = PROGRAM.format(key=API_KEY, body=textwrap.dedent(body))
    done = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert API_KEY not in done.stderr
    return done.stderr


def lines(stderr: str, text: str) -> int:
    """How many lines of ``stderr`` hold ``text``."""
    return sum(text in line for line in stderr.splitlines())


@pytest.fixture(params=["async", "sync"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_nothing_is_printed_without_logging_setup(kind: str) -> None:
    # Python prints a WARNING of a library to stderr when nothing is configured; the
    # SDK's NullHandler keeps its lines out of a program that did not ask for them.
    assert run(f"call({kind!r})") == ""


def test_a_program_that_configures_logging_gets_the_warning(kind: str) -> None:
    stderr = run(
        f"logging.basicConfig(format='%(levelname)s %(name)s: %(message)s')\ncall({kind!r})"
    )
    assert lines(stderr, WARNING) == 1
    assert lines(stderr, "pingram") == 1


def test_pingram_log_debug_prints_every_line_once(kind: str) -> None:
    stderr = run(f"call({kind!r})", log="debug")
    assert lines(stderr, DEBUG) == 2
    assert lines(stderr, INFO) == 1
    assert lines(stderr, WARNING) == 1
    assert lines(stderr, "pingram") == 4


def test_pingram_log_info_leaves_out_the_debug_lines(kind: str) -> None:
    stderr = run(f"call({kind!r})", log=" INFO ")
    assert lines(stderr, INFO) == 1
    assert lines(stderr, WARNING) == 1
    assert lines(stderr, "pingram") == 2


@pytest.mark.parametrize("when", ["before", "after"])
def test_pingram_log_with_the_program_s_own_logging_prints_each_line_once(
    kind: str, when: str
) -> None:
    setup = "logging.basicConfig(format='%(levelname)s %(name)s: %(message)s')"
    first_client = "PingramSync(api_key='pingram_sk_x')"
    body = f"{setup}\n{first_client}\n" if when == "before" else f"{first_client}\n{setup}\n"
    stderr = run(f"{body}call({kind!r})", log="debug")
    # The program's handler prints them (in its format); the SDK's steps aside.
    assert lines(stderr, "DEBUG pingram: GET https://api.test.pingram.io/users -> 503") == 2
    assert lines(stderr, "INFO pingram: Retrying GET") == 1
    assert lines(stderr, "WARNING pingram: GET") == 1
    assert lines(stderr, "pingram") == 4


def test_pingram_log_prints_what_a_program_s_handler_leaves_out(kind: str) -> None:
    body = f"""
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("program: %(message)s"))
    logging.getLogger().addHandler(handler)
    call({kind!r})
    """
    stderr = run(body, log="debug")
    assert lines(stderr, DEBUG) == 2
    assert lines(stderr, INFO) == 1
    assert lines(stderr, "program: GET https://api.test.pingram.io/users: giving up") == 1
    assert lines(stderr, "pingram") == 4


def test_an_invalid_value_is_ignored_with_one_warning(kind: str) -> None:
    stderr = run(f"PingramSync(api_key='pingram_sk_x')\ncall({kind!r})", log="verbose")
    assert lines(stderr, "RuntimeWarning: PINGRAM_LOG='verbose' is ignored") == 1
    assert "set it to 'debug' or 'info'" in stderr
    assert lines(stderr, "pingram:") == 0


def test_it_is_read_once_when_the_first_client_is_created(kind: str) -> None:
    body = f"""
    import pingram
    os.environ["PINGRAM_LOG"] = "debug"  # after the import: still read
    PingramSync(api_key="pingram_sk_x")
    os.environ["PINGRAM_LOG"] = "verbose"  # after the first client: not read again
    call({kind!r})
    """
    stderr = run(body)
    assert lines(stderr, DEBUG) == 2
    assert "RuntimeWarning" not in stderr


def test_clients_created_at_once_in_threads_print_each_line_once(kind: str) -> None:
    body = f"""
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: PingramSync(api_key="pingram_sk_x"), range(32)))
    call({kind!r})
    """
    stderr = run(body, log="debug")
    assert lines(stderr, DEBUG) == 2
    assert lines(stderr, "pingram") == 4
