"""Drive the official ``pingram-python`` client through every operation it has, against an
emulator, in the order of ``tests/scenario.py``; its strict pydantic models judge every answer.

    python tests/official_sdk/drive.py --emulator-python PATH   # starts and stops one
    python tests/official_sdk/drive.py --url http://127.0.0.1:8787

Run by ``nox -s official_sdk``, in a virtualenv that holds the official client and not this
project (both import as ``pingram``). With ``--emulator-python`` (a Python that has this
project installed) it runs ``python -m pingram emulator --port 0`` as a process, reads the
URL it prints, and stops it at the end whatever happens. Prints one line per operation that
failed, then a summary; exits 1 if any operation failed.
"""

from __future__ import annotations

import argparse
import asyncio
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.scenario import (  # noqa: E402
    EMULATOR_SETTINGS,
    STEPS,
    Blocked,
    producers,
    resolve_args,
    save_from,
)
from tests.spec_cases import SPEC  # noqa: E402

import pingram  # noqa: E402  (the official client: see _check_client)
import pingram.models as official_models  # noqa: E402

API_KEY = "pingram_sk_official_client"
#: Seconds one call may take before it counts as failed.
CALL_TIMEOUT = 10.0
#: Seconds the emulator may take to start listening, and to stop.
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0

OPS: Dict[str, Dict[str, Any]] = {
    op["operationId"]: op for item in SPEC["paths"].values() for op in item.values()
}


def _check_client() -> None:
    location = Path(pingram.__file__).resolve()
    if ROOT / "src" in location.parents or not hasattr(pingram, "ApiClient"):
        sys.exit(f"`pingram` is not the official client here ({location}): use its own venv")


def _body_argument(op: Dict[str, Any], body: Any) -> Tuple[str, Any]:
    """The body as the official client takes it: its request model, built from wire data."""
    request = op["requestBody"]
    ref = request["content"]["application/json"]["schema"].get("$ref", "")
    model = getattr(official_models, ref.rsplit("/", 1)[-1], None) if ref else None
    if model is not None and isinstance(body, dict):
        body = model.from_dict(body)
    return request["x-python-name"], body


def _wire(result: Any) -> Any:
    """A typed answer back in wire form, to read ids from."""
    if isinstance(result, list):
        return [_wire(item) for item in result]
    if hasattr(result, "to_dict"):
        return _wire(result.to_dict())
    return result


def _describe(exc: BaseException) -> str:
    status, body = getattr(exc, "status", None), getattr(exc, "body", None)
    text = f"{status} {body}" if status is not None else str(exc)  # the API's error, or why not
    text = " ".join(text.split())
    return f"{type(exc).__name__}: {text[:400]}"


async def drive(url: str) -> Dict[str, List[str]]:
    """operationId -> problems (empty when every step of that operation passed)."""
    context: Dict[str, Any] = {}
    made_by = producers()
    problems: Dict[str, List[str]] = {}
    async with pingram.Pingram(api_key=API_KEY, base_url=url) as client:
        for number, step in enumerate(STEPS, 1):
            op = OPS[step.op]
            namespace = op.get("x-python-namespace")
            method = getattr(getattr(client, namespace) if namespace else client, step.op, None)
            if method is None:
                continue  # an operation the official client does not have
            found = problems.setdefault(step.op, [])
            where = f"step {number}"
            try:
                params, body = resolve_args(step, context)
            except Blocked as blocked:
                name = str(blocked)
                found.append(f"{where}: not run: needs `{name}` from {made_by[name]}")
                continue
            try:
                if body is not None:
                    name, value = _body_argument(op, body)
                    params[name] = value
                result = await asyncio.wait_for(method(**params), CALL_TIMEOUT)
            except Exception as exc:
                found.append(f"{where}: {_describe(exc)}")
                continue
            found.extend(
                f"{where}: the answer has no `{path}` to save"
                for path in save_from(step, _wire(result), context)
            )
    return problems


def _emulator_flags() -> List[str]:
    """The scenario's emulator settings as command-line flags."""
    return [flag for value, flag in EMULATOR_SETTINGS.values() if value]


def _wait_for_url(emulator: subprocess.Popen[str]) -> Optional[str]:
    """The URL the emulator prints once it listens (its output keeps being drained)."""
    lines: queue.Queue[Optional[str]] = queue.Queue()

    def drain() -> None:
        assert emulator.stdout is not None
        for line in emulator.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=drain, daemon=True).start()
    while True:
        try:
            line = lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            return None
        if line is None:
            return None
        print(line, end="")
        found = re.search(r"listening on (http://\S+)", line)
        if found:
            return found.group(1)


def _run_with_emulator(python: str) -> Dict[str, List[str]]:
    command = [python, "-m", "pingram", "emulator", "--host", "127.0.0.1", "--port", "0"]
    command += _emulator_flags()
    print("$", " ".join(command[1:]), flush=True)
    emulator = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        url = _wait_for_url(emulator)
        if url is None:
            sys.exit(f"The emulator did not say where it listens (exit status {emulator.poll()})")
        return asyncio.run(drive(url))
    finally:
        emulator.terminate()
        try:
            emulator.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            emulator.kill()
            emulator.wait()


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--emulator-python", help="start the emulator with this Python")
    where.add_argument("--url", help="use the emulator already listening there")
    args = parser.parse_args(argv[1:])
    _check_client()
    if args.url:
        problems = asyncio.run(drive(args.url))
    else:
        problems = _run_with_emulator(args.emulator_python)
    failed = {op: found for op, found in problems.items() if found}
    for op, found in failed.items():
        for problem in found:
            print(f"FAILED {op}: {problem}")
    passed = sorted(op for op, found in problems.items() if not found)
    print(f"passed: {' '.join(passed)}")
    print(f"official pingram-python {pingram.__version__}, {len(problems)} operations:")
    print(f"official_sdk: {len(passed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
