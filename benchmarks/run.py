"""The SDK against what you would write by hand: ``python benchmarks/run.py [--quick]``.

``nox -s bench`` runs it too. Every row that judges the SDK's cost counts CPU time
(``time.process_time``) per call, which a busy machine disturbs far less than wall time,
as the median of repeated rounds, SDK and baseline rounds interleaved in one process.
Imports are measured in fresh interpreters. The loopback rows talk to a minimal
keep-alive HTTP/1.1 server (``_server.py``) in its own process.

``--compare REF`` measures the SDK of a git revision (``REF``: a commit, a tag, a
branch) and of the working tree side by side: each side runs in child interpreters of
its own, alternating, on the rows of the SDK's cost per call and on its imports.

The exit code is 0 even when a target is missed: this is a report, not a gate.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib.util
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ContextManager, Dict, Iterator, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # benchmarks._measure, tests.payloads (the full send body)

#: The SDK's rows that ``--compare`` measures on both revisions: name -> how to run it.
SDK_ROWS = {
    "overhead-sync-struct": "send(SenderPostBody), sync, MockTransport",
    "overhead-sync-dict": "send(dict), sync, MockTransport",
    "overhead-async-struct": "send(SenderPostBody), async, MockTransport",
    "overhead-async-dict": "send(dict), async, MockTransport",
    "loopback-sync-httpx": "send(), sync, loopback, default install (httpx)",
    "loopback-async-httpx": "send(), async, loopback, default install (httpx)",
    "loopback-sync-httpx2": "send(), sync, loopback, httpx2 stack",
    "loopback-async-httpx2": "send(), async, loopback, httpx2 stack",
}
#: Calls per round, so that a round takes a few tens of milliseconds.
CALLS = {"overhead": 300, "loopback": 60}
#: The SDK's own cost per call that a row accepts on top of its baseline, besides its ratio.
OVERHEAD_SLACK = 5e-6


@dataclass
class Row:
    name: str
    sdk: float
    base: float
    unit: str  # "s", "B" or "req/s"
    target: float  # ratio sdk/base: at most this for s and B, at least this for req/s
    slack: float = 0.0  # or: sdk - base at most this (s)

    @property
    def ratio(self) -> float:
        return self.sdk / self.base

    @property
    def passed(self) -> bool:
        if self.unit == "req/s":
            return self.ratio >= self.target
        return self.ratio <= self.target or self.sdk - self.base <= self.slack


def fmt(value: float, unit: str) -> str:
    if unit == "req/s":
        return f"{value:,.0f} req/s"
    if unit == "B":
        return f"{value / 2**20:.1f} MiB"
    sign, value = ("-", -value) if value < 0 else ("", value)
    for scale, suffix in ((1, "s"), (1e-3, "ms"), (1e-6, "µs")):
        if value >= scale:
            return f"{sign}{value / scale:.2f} {suffix}"
    return f"{sign}{value * 1e9:.0f} ns"


def interleaved(
    sdk: Callable[[], float], base: Callable[[], float], rounds: int
) -> Tuple[float, float]:
    """Median of ``rounds`` calls of each, alternating, after one warm-up call of each."""
    sdk(), base()
    figures: Tuple[List[float], List[float]] = ([], [])
    for _ in range(rounds):
        figures[0].append(sdk())
        figures[1].append(base())
    return statistics.median(figures[0]), statistics.median(figures[1])


def cpu_per_call(fn: Callable[[], object], seconds: float = 0.03) -> Callable[[], float]:
    """A round timing ``fn``: enough calls to fill about ``seconds`` of CPU; CPU per call."""
    number = 1
    while True:
        started = time.process_time()
        for _ in range(number):
            fn()
        elapsed = time.process_time() - started
        if elapsed >= seconds / 4:
            break
        number *= 4
    number = max(1, int(number * seconds / elapsed))

    def round_() -> float:
        started = time.process_time()
        for _ in range(number):
            fn()
        return (time.process_time() - started) / number

    return round_


def sdk_row(name: str, url: Optional[str], quick: bool) -> ContextManager[Tuple[Any, Any]]:
    """The round functions ``(sdk, baseline)`` of one of ``SDK_ROWS``."""
    from benchmarks import _measure

    what, kind, arg = name.split("-")
    calls = CALLS[what] // (2 if quick else 1)
    if what == "overhead":
        return _measure.overhead(kind, arg, calls)
    assert url is not None
    return _measure.loopback(kind, arg, url, calls)


# -- models -------------------------------------------------------------------------------


def bench_models(rounds: int) -> List[Row]:
    import json as stdlib_json

    from benchmarks._measure import bodies
    from benchmarks._payloads import USERS_JSON
    from tests import payloads

    from pingram.models import GetUsersResponse
    from pingram.models._base import decoder_for, encoder

    wire = bodies()["dict"]
    # A function whose body is the dict literal, so the baseline builds its dict per call too.
    build_wire: Callable[[], Dict[str, Any]] = eval(f"lambda: {wire!r}")

    def sdk_encode() -> bytes:
        return encoder.encode(payloads.full_send_body())

    def json_encode() -> bytes:
        return stdlib_json.dumps(build_wire()).encode()

    assert stdlib_json.loads(sdk_encode()) == stdlib_json.loads(json_encode())

    def sdk_decode() -> Any:
        return decoder_for(GetUsersResponse).decode(USERS_JSON)

    def json_decode() -> Any:
        return stdlib_json.loads(USERS_JSON)

    assert len(sdk_decode().users) == 100
    size = len(sdk_encode()) // 1024
    return [
        Row(
            f"build + encode SenderPostBody ({size} KiB) vs json.dumps(dict)",
            *interleaved(cpu_per_call(sdk_encode), cpu_per_call(json_encode), rounds),
            "s",
            0.3,
        ),
        Row(
            f"decode GetUsersResponse, 100 users ({len(USERS_JSON) // 1024} KiB) vs json.loads",
            *interleaved(cpu_per_call(sdk_decode), cpu_per_call(json_decode), rounds),
            "s",
            1.0,
        ),
    ]


# -- import -------------------------------------------------------------------------------

# Peak RSS is the child's VmHWM: on Linux ru_maxrss keeps the parent's high-water mark across
# fork + exec, so it would report this (large) benchmark process instead of the child.
CHILD = """\
import resource, time
started = time.process_time()
{}
elapsed = time.process_time() - started
try:
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, peak)
"""


#: What the import rows run, each in a fresh interpreter; the last is their baseline.
IMPORTS = ["import pingram", "from pingram import Pingram", "import httpx, msgspec"]


def import_cost(statement: str, src: Path) -> Tuple[float, float]:
    """CPU seconds and peak RSS bytes of ``statement`` in a fresh interpreter importing the
    SDK from ``src``, as installed: with the modules' bytecode cached once written."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run(
        [sys.executable, "-c", CHILD.format(statement)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.split()
    return float(out[0]), int(out[1]) * 1024  # VmHWM is in KiB


def median_import_costs(
    runs: int, sources: Dict[str, Path], statements: List[str]
) -> Dict[Tuple[str, str], Tuple[float, float]]:
    """(source, statement) -> median CPU and peak RSS over ``runs`` fresh interpreters, the
    sources and statements alternating; a first warm-up run of each writes the bytecode."""
    figures: Dict[Tuple[str, str], List[Tuple[float, float]]] = {}
    for run in range(runs + 1):
        for name, src in sources.items():
            for statement in statements:
                cost = import_cost(statement, src)
                if run:
                    figures.setdefault((name, statement), []).append(cost)
    return {
        key: (statistics.median(f[0] for f in runs_), statistics.median(f[1] for f in runs_))
        for key, runs_ in figures.items()
    }


def bench_import(runs: int) -> List[Row]:
    """``import pingram`` (lazy), and its first real use, each against ``import httpx, msgspec``."""
    *statements, baseline = IMPORTS
    costs = median_import_costs(runs, {"sdk": ROOT / "src"}, IMPORTS)
    base_cpu, base_rss = costs[("sdk", baseline)]
    return [
        row
        for statement in statements
        for row in (
            Row(
                f"{statement} vs {baseline}: CPU", costs[("sdk", statement)][0], base_cpu, "s", 1.3
            ),
            Row(
                f"{statement} vs {baseline}: peak RSS",
                costs[("sdk", statement)][1],
                base_rss,
                "B",
                1.3,
            ),
        )
    ]


# -- the SDK's cost per call --------------------------------------------------------------


def _stacks() -> List[str]:
    if importlib.util.find_spec("httpx2") is not None:
        return ["httpx", "httpx2"]
    print('httpx2 not installed: no httpx2 rows (pip install ".[httpx2]", Python 3.11+)')
    return ["httpx"]


def bench_overhead(rounds: int, quick: bool) -> List[Row]:
    """The SDK's own cost: ``send()`` through a MockTransport, against the same by hand."""
    rows = []
    for kind in ("sync", "async"):
        for form in ("struct", "dict"):
            with sdk_row(f"overhead-{kind}-{form}", None, quick) as (sdk, base):
                figures = interleaved(sdk, base, rounds)
            body = "SenderPostBody" if form == "struct" else "dict"
            rows.append(
                Row(
                    f"{kind} send({body}) CPU, MockTransport vs post by hand",
                    *figures,
                    "s",
                    1.05,
                    OVERHEAD_SLACK,
                )
            )
    return rows


def bench_loopback(url: str, rounds: int, quick: bool) -> List[Row]:
    """CPU per ``send()`` over loopback, on each stack, against the same by hand."""
    rows = []
    for stack in _stacks():
        for kind in ("sync", "async"):
            with sdk_row(f"loopback-{kind}-{stack}", url, quick) as (sdk, base):
                figures = interleaved(sdk, base, rounds)
            label = "default install" if stack == "httpx" else "httpx2 stack"
            rows.append(Row(f"{kind} send() CPU, {label} vs {stack} by hand", *figures, "s", 1.05))
    return rows


def bench_send_many(url: str, requests: int, rounds: int) -> List[Row]:
    """Throughput with 50 in flight: the aiohttp transport against httpx's own pool."""
    from benchmarks._measure import API_KEY, bodies

    from pingram import DefaultAioHttpClient, Pingram

    body = bodies()["struct"]
    loop = asyncio.new_event_loop()
    with_httpx = Pingram(api_key=API_KEY, base_url=url)
    with_aiohttp = Pingram(api_key=API_KEY, base_url=url, http_client=DefaultAioHttpClient())

    def rate(client: Pingram) -> Callable[[], float]:
        def round_() -> float:
            started = time.perf_counter()
            results = loop.run_until_complete(client.send_many([body] * requests, concurrency=50))
            elapsed = time.perf_counter() - started
            errors = [r for r in results if isinstance(r, Exception)]
            assert not errors, errors[0]
            return requests / elapsed

        return round_

    try:
        figures = interleaved(rate(with_aiohttp), rate(with_httpx), rounds)
    finally:
        for client in (with_httpx, with_aiohttp):
            loop.run_until_complete(client.close())
        loop.close()
    # 3x: with sniffio installed (a dependency), httpx's own pool no longer retries a failed
    # import per request, so the baseline is faster than when this row read ~7x.
    return [Row("send_many(concurrency=50), DefaultAioHttpClient vs httpx", *figures, "req/s", 3.0)]


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


# -- one revision against another ---------------------------------------------------------


def child_main(row: str, url: Optional[str], rounds: int, quick: bool) -> int:
    """In a child interpreter (``--child``): measure one of ``SDK_ROWS``, print JSON."""
    gc.collect()
    gc.freeze()
    with sdk_row(row, url, quick) as (sdk, base):
        sdk_cpu, base_cpu = interleaved(sdk, base, rounds)
    print(json.dumps({"sdk": sdk_cpu, "base": base_cpu}))
    return 0


@contextmanager
def revision_source(ref: str) -> Iterator[Tuple[Path, str]]:
    """The ``src`` directory of git revision ``ref``, extracted to a temporary directory."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", f"{ref}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    tmp = Path(tempfile.mkdtemp(prefix="pingram-bench-"))
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", commit, "src"],
            capture_output=True,
            check=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            if hasattr(tarfile, "data_filter"):  # Python 3.12+, and recent 3.9-3.11 releases
                tar.extractall(tmp, filter="data")
            else:
                tar.extractall(tmp)
        yield tmp / "src", commit
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def compare(ref: str, url: str, children: int, rounds: int, quick: bool) -> None:
    """Each of ``SDK_ROWS`` on revision ``ref`` and on the working tree, side by side."""
    rows = [row for row in SDK_ROWS if "httpx2" not in row or len(_stacks()) > 1]
    with revision_source(ref) as (old_src, commit):
        sides = {commit: old_src, "working tree": ROOT / "src"}
        figures: Dict[Tuple[str, str], List[Dict[str, float]]] = {}
        for row in rows:
            for _ in range(children):
                for side, src in sides.items():  # alternating: the machine's state hits both
                    out = subprocess.run(
                        [
                            sys.executable,
                            __file__,
                            "--child",
                            row,
                            "--url",
                            url,
                            "--rounds",
                            str(rounds),
                            *(["--quick"] if quick else []),
                        ],
                        capture_output=True,
                        text=True,
                        check=True,
                        env={**os.environ, "PYTHONPATH": str(src)},
                    ).stdout
                    figures.setdefault((row, side), []).append(json.loads(out))
        costs = median_import_costs(children, sides, IMPORTS[:-1])
    print(
        f"\n--compare {ref}: CPU per call, median of {children} child interpreters per side "
        f"({rounds} interleaved rounds each); the SDK's overhead is SDK - by hand"
    )
    header = ("row", f"{commit} SDK", "overhead", "working tree SDK", "overhead", "change")
    table = [header]
    for row in rows:
        cells: List[str] = [SDK_ROWS[row]]
        sdk: Dict[str, float] = {}
        for side in sides:
            runs = figures[(row, side)]
            sdk[side] = statistics.median(r["sdk"] for r in runs)
            overhead = statistics.median(r["sdk"] - r["base"] for r in runs)
            cells += [fmt(sdk[side], "s"), fmt(overhead, "s")]
        cells.append(f"{(sdk['working tree'] / sdk[commit] - 1) * 100:+.1f}%")
        table.append(tuple(cells))
    _print_table(table)
    print(f"\n--compare {ref}: imports, median of {children} fresh interpreters per side")
    table = [
        (
            "import",
            f"{commit} CPU",
            "working tree CPU",
            "change",
            f"{commit} RSS",
            "working tree RSS",
            "change",
        )
    ]
    for statement in IMPORTS[:-1]:
        cells = [statement]
        for index, unit in ((0, "s"), (1, "B")):
            old_, new_ = (costs[(side, statement)][index] for side in sides)
            cells += [fmt(old_, unit), fmt(new_, unit), f"{(new_ / old_ - 1) * 100:+.1f}%"]
        table.append(tuple(cells))
    _print_table(table)


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


def _print_table(table: List[Tuple[str, ...]]) -> None:
    widths = [max(len(cells[i]) for cells in table) for i in range(len(table[0]))]
    print()
    for name, *cells in table:
        print("  ".join([name.ljust(widths[0]), *(c.rjust(w) for c, w in zip(cells, widths[1:]))]))


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fast smoke run: fewer rounds")
    parser.add_argument("--compare", metavar="REF", help="also measure git revision REF")
    parser.add_argument("--child", metavar="ROW", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    rounds = args.rounds or (5 if args.quick else 15)
    if args.child:
        return child_main(args.child, args.url, rounds, args.quick)

    import httpx
    import msgspec

    sys.path.insert(0, str(ROOT / "src"))  # the working tree's SDK
    import pingram

    print("command:", Path(sys.executable).name, "benchmarks/run.py", *sys.argv[1:])
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()}; "
        f"Python {platform.python_version()}; pingram {pingram.__version__}, "
        f"httpx {httpx.__version__}, msgspec {msgspec.__version__}, {_optional_versions()}"
    )
    print(f"median of {rounds} rounds per row; imports: {rounds} fresh interpreters each")
    started = time.perf_counter()
    # Keep the benchmark's own heap (httpx, aiohttp, ...) out of the garbage collector's full
    # passes, which would otherwise land in some rounds and not others.
    gc.collect()
    gc.freeze()
    rows = bench_models(rounds) + bench_import(rounds) + bench_overhead(rounds, args.quick)
    with http_server() as url:
        print(f"server: _server.py, asyncio keep-alive HTTP/1.1, separate process, {url}")
        rows += bench_loopback(url, rounds, args.quick)
        rows += bench_send_many(url, 100 if args.quick else 500, max(3, rounds // 3))
        table = [("benchmark", "SDK", "baseline", "SDK - base", "ratio", "target", "result")]
        for row in rows:
            target = f"{'>=' if row.unit == 'req/s' else '<='} {row.target:g}"
            if row.slack:
                target += f" or +{fmt(row.slack, 's')}"
            difference = "" if row.unit != "s" else fmt(row.sdk - row.base, "s")
            table.append(
                (
                    row.name,
                    fmt(row.sdk, row.unit),
                    fmt(row.base, row.unit),
                    difference,
                    f"{row.ratio:.3g}",
                    target,
                    "PASS" if row.passed else "MISS",
                )
            )
        _print_table(table)
        passed = sum(row.passed for row in rows)
        print(
            f"\n{passed} PASS, {len(rows) - passed} MISS in {time.perf_counter() - started:.0f} s"
        )
        if args.compare:
            compare(args.compare, url, 3 if args.quick else 5, 5 if args.quick else 9, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
