"""Drive the official ``pingram-python`` client through every operation it has, against an
emulator, in the order of ``tests/scenario.py``; its strict pydantic models judge every answer.

    python tests/official_sdk/drive.py http://127.0.0.1:PORT

Run by ``nox -s official_sdk``, in a virtualenv that holds the official client and not this
project (both import as ``pingram``). Prints one line per operation that failed, then a
summary; exits 1 if any operation failed.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.scenario import STEPS, Blocked, producers, resolve_args, save_from  # noqa: E402
from tests.spec_cases import SPEC  # noqa: E402

import pingram  # noqa: E402  (the official client: see _check_client)
import pingram.models as official_models  # noqa: E402

API_KEY = "pingram_sk_official_client"
#: Seconds one call may take before it counts as failed.
CALL_TIMEOUT = 10.0

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
    text = " ".join(str(exc).split())
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


def main(argv: List[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    _check_client()
    problems = asyncio.run(drive(argv[1]))
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
