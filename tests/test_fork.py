"""After ``os.fork()``, each process uses its own connections.

The gunicorn ``--preload`` pattern: a client used once in the parent, then forked workers
sending. Sharing the parent's keep-alive sockets, two processes would each read responses
meant for the other. Each run is a fresh interpreter with a real server on loopback that
answers every ``send`` with the ``type`` it received as its tracking id, so a crossed
response shows. Before the fix, 3 runs in 4 crossed on httpx and httpx2.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import List

import pytest

from .http_clients import HAS_HTTPX2_EXTRA

pytestmark = pytest.mark.transport

SCRIPT = textwrap.dedent(
    """
    import asyncio, json, os, sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import pingram

    KIND, STACK, CALLS = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.environ["PINGRAM_HTTP_STACK"] = "httpx" if STACK == "aiohttp" else STACK


    class Echo(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive
        disable_nagle_algorithm = True  # the body is written apart from the headers

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            reply = json.dumps({"trackingId": body["type"], "messages": []}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass


    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"


    def body(i):
        return {"type": f"{os.getpid()}-{i}", "to": {"id": "u1"}}


    def crossed(results, first):
        wrong = []
        for i, result in enumerate(results, first):
            if isinstance(result, Exception):
                wrong.append(repr(result))
            elif result.tracking_id != body(i)["type"]:
                wrong.append(f"got {result.tracking_id}, sent {body(i)['type']}")
        return wrong


    if KIND == "sync":
        client = pingram.PingramSync(api_key="pingram_sk_test", base_url=url, timeout=2)
        assert client.send(body(0)).tracking_id == body(0)["type"]

        def work():
            results = []
            for i in range(1, CALLS + 1):
                try:
                    results.append(client.send(body(i)))
                except pingram.PingramError as error:
                    results.append(error)
            return crossed(results, 1)
    else:
        http_client = pingram.DefaultAioHttpClient() if STACK == "aiohttp" else None
        client = pingram.Pingram(
            api_key="pingram_sk_test", base_url=url, timeout=2, http_client=http_client
        )

        async def first():
            assert (await client.send(body(0))).tracking_id == body(0)["type"]

        async def many():
            bodies = [body(i) for i in range(1, CALLS + 1)]
            return crossed(await client.send_many(bodies, concurrency=8), 1)

        asyncio.run(first())

        def work():
            return asyncio.run(many())


    children = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:
            try:
                wrong = work()
                print(f"child {os.getpid()}: {len(wrong)} wrong of {CALLS}: {wrong[:3]}")
                os._exit(1 if wrong else 0)
            except BaseException as error:
                print(f"child {os.getpid()}: {error!r}")
                os._exit(2)
        children.append(pid)
    statuses = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    sys.exit(max(statuses))
    """
)

#: Runs per case: before the fix, 3 runs in 4 crossed.
RUNS = 4

STACKS = [
    ("sync", "httpx"),
    ("async", "httpx"),
    ("async", "aiohttp"),
    *([("sync", "httpx2"), ("async", "httpx2")] if HAS_HTTPX2_EXTRA else []),
]


@pytest.mark.skipif(not hasattr(sys.modules["os"], "fork"), reason="no fork() on this platform")
@pytest.mark.parametrize(("kind", "stack"), STACKS, ids=[f"{k}-{s}" for k, s in STACKS])
def test_forked_workers_each_get_their_own_responses(kind: str, stack: str) -> None:
    failures: List[str] = []
    for _ in range(RUNS // 2):  # two interpreters at a time
        runs = [
            subprocess.Popen(
                [sys.executable, "-c", SCRIPT, kind, stack, "150"],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(2)
        ]
        for run in runs:
            output, _ = run.communicate(timeout=120)
            if run.returncode != 0:
                failures.append(f"exit {run.returncode}: {output.strip()[-600:]}")
    assert failures == []


CALLER_SCRIPT = textwrap.dedent(
    """
    import asyncio, importlib, os, sys

    import pingram
    from pingram.emulator import Emulator

    KIND, LIB = sys.argv[1], importlib.import_module(sys.argv[2])
    BODY = {"type": "welcome", "to": {"id": "u1"}}

    with Emulator() as emulator:
        key, url = "pingram_sk_test", emulator.url
        if KIND == "sync":
            used = pingram.PingramSync(key, base_url=url, http_client=LIB.Client())
            unused = pingram.PingramSync(key, base_url=url, http_client=LIB.Client())
            used.send(BODY)
            call = lambda client: client.send(BODY)
        else:
            async def make():
                return [
                    pingram.Pingram(key, base_url=url, http_client=LIB.AsyncClient())
                    for _ in range(2)
                ]
            used, unused = asyncio.run(make())
            asyncio.run(used.send(BODY))
            call = lambda client: asyncio.run(client.send(BODY))
        pid = os.fork()
        if pid == 0:
            try:
                call(used)
                print("the used client sent from the child")
                code = 1
            except pingram.PingramError as error:
                code = 0 if "os.fork()" in str(error) else 1
                print(error)
            call(unused)  # holds no connection of the parent's: usable
            os._exit(code)
        code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        assert len(emulator.sent) == 2, emulator.sent  # the parent's call and the unused one's
    sys.exit(code)
    """
)

LIBS = ["httpx", *(["httpx2"] if HAS_HTTPX2_EXTRA else [])]


@pytest.mark.skipif(not hasattr(sys.modules["os"], "fork"), reason="no fork() on this platform")
@pytest.mark.parametrize("lib", LIBS)
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_callers_http_client_holding_the_parents_connections_is_refused_after_fork(
    kind: str, lib: str
) -> None:
    run = subprocess.run(
        [sys.executable, "-c", CALLER_SCRIPT, kind, lib],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
