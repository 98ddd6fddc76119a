"""The SDK against plain-library baselines: ``python benchmarks/run.py [--quick]``.

``nox -s bench`` runs it too. Each row is the median of repeated rounds in
this one process, SDK and baseline rounds interleaved; imports are measured in
fresh interpreters. Throughput rows talk to a minimal keep-alive HTTP/1.1
server (``_server.py``) running in its own process; the CPU rows count this
process's CPU time (``time.process_time``), which a busy machine disturbs far
less than wall time. The exit code is 0 even when a target is missed: this is a
report, not a gate.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.payloads (the full send body) and benchmarks._payloads

import httpx  # noqa: E402
import msgspec  # noqa: E402
from benchmarks._payloads import EMAIL_HTML, USERS_JSON  # noqa: E402
from tests import payloads  # noqa: E402

from pingram import DefaultAioHttpClient, Pingram, PingramSync, __version__  # noqa: E402
from pingram.models import GetUsersResponse  # noqa: E402
from pingram.models._base import decoder_for, encoder  # noqa: E402

API_KEY = "pingram_sk_bench"


@dataclass
class Row:
    name: str
    sdk: float
    base: float
    unit: str  # "s", "B" or "req/s"
    target: float  # ratio sdk/base: at most this for s and B, at least this for req/s

    @property
    def ratio(self) -> float:
        return self.sdk / self.base

    @property
    def passed(self) -> bool:
        return self.ratio >= self.target if self.unit == "req/s" else self.ratio <= self.target


def fmt(value: float, unit: str) -> str:
    if unit == "req/s":
        return f"{value:,.0f} req/s"
    if unit == "B":
        return f"{value / 2**20:.1f} MiB"
    for scale, suffix in ((1, "s"), (1e-3, "ms"), (1e-6, "µs")):
        if value >= scale:
            return f"{value / scale:.2f} {suffix}"
    return f"{value * 1e9:.0f} ns"


def interleaved(
    sdk: Callable[[], float], base: Callable[[], float], rounds: int
) -> tuple[float, float]:
    """Median of ``rounds`` calls of each, alternating, after one warm-up call of each."""
    sdk(), base()
    figures: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        figures[0].append(sdk())
        figures[1].append(base())
    return statistics.median(figures[0]), statistics.median(figures[1])


def per_call(fn: Callable[[], object], seconds: float = 0.02) -> Callable[[], float]:
    """A round timing ``fn``: enough calls to fill about ``seconds``; seconds per call."""
    number = 1
    while True:
        started = time.perf_counter()
        for _ in range(number):
            fn()
        elapsed = time.perf_counter() - started
        if elapsed >= seconds / 4:
            break
        number *= 4
    number = max(1, int(number * seconds / elapsed))

    def round_() -> float:
        started = time.perf_counter()
        for _ in range(number):
            fn()
        return (time.perf_counter() - started) / number

    return round_


# -- models -------------------------------------------------------------------------------


def bench_models(rounds: int) -> list[Row]:
    # payloads.full_send_body() reads its module's HTML at call time: give it a real email.
    payloads.HTML = EMAIL_HTML
    wire = dict(payloads.FULL_SEND_WIRE)
    wire["email"] = {**wire["email"], "html": EMAIL_HTML}
    # A function whose body is the dict literal, so the baseline builds its dict per call too.
    build_wire: Callable[[], dict[str, Any]] = eval(f"lambda: {wire!r}")

    def sdk_encode() -> bytes:
        return encoder.encode(payloads.full_send_body())

    def json_encode() -> bytes:
        return json.dumps(build_wire()).encode()

    assert json.loads(sdk_encode()) == json.loads(json_encode())

    def sdk_decode() -> Any:
        return decoder_for(GetUsersResponse).decode(USERS_JSON)

    def json_decode() -> Any:
        return json.loads(USERS_JSON)

    assert len(sdk_decode().users) == 100
    size = len(sdk_encode()) // 1024
    return [
        Row(
            f"build + encode SenderPostBody ({size} KiB) vs json.dumps(dict)",
            *interleaved(per_call(sdk_encode), per_call(json_encode), rounds),
            "s",
            0.3,
        ),
        Row(
            f"decode GetUsersResponse, 100 users ({len(USERS_JSON) // 1024} KiB) vs json.loads",
            *interleaved(per_call(sdk_decode), per_call(json_decode), rounds),
            "s",
            1.0,
        ),
    ]


# -- import -------------------------------------------------------------------------------

# Peak RSS is the child's VmHWM: on Linux ru_maxrss keeps the parent's high-water mark across
# fork + exec, so it would report this (large) benchmark process instead of the child.
CHILD = """\
import resource, time
started = time.perf_counter()
{}
elapsed = time.perf_counter() - started
try:
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, peak)
"""


def bench_import(runs: int) -> list[Row]:
    """``import pingram`` (lazy), and its first real use, each against ``import httpx, msgspec``."""
    baseline = "import httpx, msgspec"
    statements = ["import pingram", "from pingram import Pingram", baseline]
    figures: dict[str, list[tuple[float, float]]] = {statement: [] for statement in statements}
    for _ in range(runs):
        for statement in statements:
            out = subprocess.run(
                [sys.executable, "-I", "-c", CHILD.format(statement)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            figures[statement].append((float(out[0]), int(out[1]) * 1024))  # KiB
    time_, rss = (
        {s: statistics.median(f[i] for f in figures[s]) for s in statements} for i in (0, 1)
    )
    return [
        row
        for statement in statements[:-1]
        for row in (
            Row(f"{statement} vs {baseline}: time", time_[statement], time_[baseline], "s", 1.3),
            Row(f"{statement} vs {baseline}: peak RSS", rss[statement], rss[baseline], "B", 1.3),
        )
    ]


# -- throughput over loopback -------------------------------------------------------------


@contextmanager
def http_server() -> Iterator[str]:
    """The benchmark server in its own process; yields its base URL."""
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("_server.py"))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield f"http://127.0.0.1:{int(server.stdout.readline())}"  # type: ignore[union-attr]
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        server.wait(10)


def bench_http(url: str, requests: int, rounds: int) -> list[Row]:
    body = payloads.full_send_body()
    content = encoder.encode(body)
    sdk_sync = PingramSync(api_key=API_KEY, base_url=url)
    sdk_async = Pingram(api_key=API_KEY, base_url=url)
    sdk_aiohttp = Pingram(api_key=API_KEY, base_url=url, http_client=DefaultAioHttpClient())
    # The bare clients send the same headers and the same bytes as the SDK.
    headers = {**sdk_sync._config.headers, "Content-Type": "application/json"}
    bare_sync = httpx.Client(headers=headers)
    bare_async = httpx.AsyncClient(headers=headers)
    loop = asyncio.new_event_loop()

    def rate(run: Callable[[], object]) -> Callable[[], float]:
        def round_() -> float:
            started = time.perf_counter()
            run()
            return requests / (time.perf_counter() - started)

        return round_

    def sync_loop(send: Callable[[], object]) -> Callable[[], float]:
        def run() -> None:
            for _ in range(requests):
                send()

        return rate(run)

    def async_loop(send: Callable[[], Any]) -> Callable[[], float]:
        async def run() -> None:
            for _ in range(requests):
                await send()

        return rate(lambda: loop.run_until_complete(run()))

    def send_many(client: Pingram) -> Callable[[], float]:
        def run() -> None:
            results = loop.run_until_complete(client.send_many([body] * requests, concurrency=50))
            errors = [r for r in results if isinstance(r, Exception)]
            assert not errors, errors[0]

        return rate(run)

    def post_sync() -> object:
        return bare_sync.post(url + "/send", content=content)

    def post_async() -> Any:
        return bare_async.post(url + "/send", content=content)

    try:
        sync = interleaved(sync_loop(lambda: sdk_sync.send(body)), sync_loop(post_sync), rounds)
        async_ = interleaved(
            async_loop(lambda: sdk_async.send(body)), async_loop(post_async), rounds
        )
        many = interleaved(send_many(sdk_aiohttp), send_many(sdk_async), rounds)
        return [
            Row("sequential send(), sync vs httpx.Client.post", *sync, "req/s", 0.9),
            Row("sequential send(), async vs httpx.AsyncClient.post", *async_, "req/s", 0.9),
            # 3x: with sniffio installed (a dependency), httpx's own pool no longer retries a
            # failed import per request, so the baseline is faster than when this row read ~7x.
            Row("send_many(concurrency=50), DefaultAioHttpClient vs httpx", *many, "req/s", 3.0),
        ]
    finally:
        sdk_sync.close()
        bare_sync.close()
        for client in (sdk_async, sdk_aiohttp):
            loop.run_until_complete(client.close())
        loop.run_until_complete(bare_async.aclose())
        loop.close()


def bench_cpu(url: str, requests: int, rounds: int) -> list[Row]:
    """Client CPU per sequential async send(), per HTTP stack, vs the bare library's post."""
    body = payloads.full_send_body()
    content = encoder.encode(body)
    loop = asyncio.new_event_loop()
    stacks = ["httpx"]
    if importlib.util.find_spec("httpx2") is not None:
        stacks.append("httpx2")
    else:
        print('httpx2 not installed: no httpx2 row (pip install ".[httpx2]", Python 3.11+)')

    def cpu_per_send(send: Callable[[], Any]) -> Callable[[], float]:
        async def run() -> None:
            for _ in range(requests):
                await send()

        def round_() -> float:
            started = time.process_time()
            loop.run_until_complete(run())
            return (time.process_time() - started) / requests

        return round_

    rows = []
    try:
        for stack in stacks:
            os.environ["PINGRAM_HTTP_STACK"] = stack  # the SDK's default client, on this stack
            sdk = Pingram(api_key=API_KEY, base_url=url)
            lib: Any = importlib.import_module(stack)
            assert isinstance(sdk._connection.http, lib.AsyncClient)
            bare = lib.AsyncClient(
                headers={**sdk._config.headers, "Content-Type": "application/json"}
            )

            def post(bare: Any = bare) -> Any:
                return bare.post(url + "/send", content=content)

            try:
                figures = interleaved(
                    cpu_per_send(lambda sdk=sdk: sdk.send(body)), cpu_per_send(post), rounds
                )
            finally:
                loop.run_until_complete(sdk.close())
                loop.run_until_complete(bare.aclose())
            label = "default install" if stack == "httpx" else "httpx2 stack"
            rows.append(
                Row(
                    f"async send() CPU, {label} vs {stack}.AsyncClient.post",
                    *figures,
                    "s",
                    1.1,
                )
            )
    finally:
        os.environ.pop("PINGRAM_HTTP_STACK", None)
        loop.close()
    return rows


# -- report -------------------------------------------------------------------------------


def _optional_versions() -> str:
    """httpx2's version, and whether sniffio (which httpcore looks for per request) is installed."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("httpx2", "sniffio"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"no {name}")
    return ", ".join(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fast smoke run: fewer rounds")
    args = parser.parse_args(argv)
    rounds, requests = (3, 200) if args.quick else (15, 500)

    print("command:", Path(sys.executable).name, "benchmarks/run.py", *sys.argv[1:])
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()}; "
        f"Python {platform.python_version()}; pingram {__version__}, "
        f"httpx {httpx.__version__}, msgspec {msgspec.__version__}, {_optional_versions()}"
    )
    print(f"median of {rounds} rounds per row; imports: {rounds} fresh interpreters each")
    started = time.perf_counter()
    # Keep the benchmark's own heap (httpx, aiohttp, ...) out of the garbage collector's full
    # passes, which would otherwise land in some rounds and not others.
    gc.collect()
    gc.freeze()
    rows = bench_models(rounds) + bench_import(rounds)
    with http_server() as url:
        print(f"server: _server.py, asyncio keep-alive HTTP/1.1, separate process, {url}")
        rows += bench_http(url, requests, rounds)
        rows += bench_cpu(url, requests, rounds)

    table = [("benchmark", "SDK", "baseline", "ratio", "target", "result")]
    for row in rows:
        target = f"{'>=' if row.unit == 'req/s' else '<='} {row.target:g}"
        sdk, base = fmt(row.sdk, row.unit), fmt(row.base, row.unit)
        table.append(
            (row.name, sdk, base, f"{row.ratio:.3g}", target, "PASS" if row.passed else "MISS")
        )
    widths = [max(len(cells[i]) for cells in table) for i in range(6)]
    print()
    for name, *cells in table:
        print("  ".join([name.ljust(widths[0]), *(c.rjust(w) for c, w in zip(cells, widths[1:]))]))
    passed = sum(row.passed for row in rows)
    print(f"\n{passed} PASS, {len(rows) - passed} MISS in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
