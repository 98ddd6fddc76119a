"""One case per operation of ``spec/openapi.json``, built from the spec alone (not from the SDK).

For every operation: the call's arguments (every path and query parameter, and a request
body with every property of its schema set), the exact request the API must receive, and
a response with every property of its schema set. The variant ``future=True`` puts an enum
value and a field the spec does not know into every object of the response, as a newer API
would. Shared by the async tests and their generated sync twins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import quote, urlencode

SPEC = json.loads(
    (Path(__file__).resolve().parent.parent / "spec" / "openapi.json").read_text(encoding="utf-8")
)
SCHEMAS: Dict[str, Any] = SPEC["components"]["schemas"]
FUTURE_ENUM = "A_VALUE_FROM_THE_FUTURE"
FUTURE_FIELD = "fieldFromTheFuture"


def resolve(node: Dict[str, Any]) -> Dict[str, Any]:
    while "$ref" in node:
        node = SCHEMAS[node["$ref"].rsplit("/", 1)[1]]
    return node


def sample(
    node: Dict[str, Any], name: str = "value", *, future: bool = False, index: int = 0
) -> Any:
    """A value of ``node``'s schema with every property set (the first member of a union).

    An array has ``minItems`` items (at least one); ``index`` picks the enum value of each.
    """
    node = resolve(node)
    members = node.get("anyOf") or node.get("oneOf")
    if members:
        non_null = [m for m in members if m.get("type") != "null"]
        return sample(non_null[0], name, future=future, index=index)
    if "enum" in node:
        return FUTURE_ENUM if future else node["enum"][index % len(node["enum"])]
    kind = node.get("type")
    if kind == "array":
        count = max(1, node.get("minItems", 1))
        return [sample(node.get("items", {}), name, future=future, index=i) for i in range(count)]
    properties = node.get("properties", {})
    extra = node.get("additionalProperties")
    if properties and isinstance(extra, dict) and extra:  # a map documenting some keys
        named = {key: sample(prop, key, future=future) for key, prop in properties.items()}
        # A key the API adds later holds a value of the map's type (usage costs per channel).
        return {**named, "FUTURE_KEY" if future else "key": sample(extra, "key", future=future)}
    if properties:
        value = {key: sample(prop, key, future=future) for key, prop in properties.items()}
        if future:
            value[FUTURE_FIELD] = {"nested": [1, 2]}
        return value
    if kind == "object":
        extra = node.get("additionalProperties", True)
        return {"key": sample(extra, "key", future=future) if isinstance(extra, dict) else "any"}
    return {"integer": 7, "number": 2.5, "boolean": True}.get(kind or "", f"{name}-1")


def without_future_fields(value: Any) -> Any:
    """What a client keeps of a future response: everything but the unknown fields."""
    if isinstance(value, dict):
        return {k: without_future_fields(v) for k, v in value.items() if k != FUTURE_FIELD}
    if isinstance(value, list):
        return [without_future_fields(v) for v in value]
    return value


#: Path parameter values that must each arrive as one encoded segment.
PATH_VALUE = "id 1/é+x"


@dataclass
class SpecCase:
    name: str
    namespace: str
    args: Tuple[Any, ...]
    method: str
    #: Path and query after the base URL, exactly as sent.
    url: str
    body: Optional[Dict[str, Any]]
    status: int
    response: Any


def _case(path: str, method: str, op: Dict[str, Any], future: bool) -> SpecCase:
    by_python: Dict[str, Any] = {}
    query: List[Tuple[str, str]] = []
    url_path = path
    for param in op.get("parameters", []):
        python = param.get("x-python-name") or param["name"]
        in_path = param["in"] == "path" and "{" + param["name"] + "}" in path
        if in_path:
            by_python[python] = PATH_VALUE
            url_path = url_path.replace("{" + param["name"] + "}", quote(PATH_VALUE, safe=""))
        else:
            kind = param.get("schema", {}).get("type")
            value: Any = 5 if kind in ("number", "integer") else f"{python}-1"
            by_python[python] = value
            query.append((param["name"], str(value)))
    body = None
    if "requestBody" in op:
        body = sample(op["requestBody"]["content"]["application/json"]["schema"])
        by_python[op["requestBody"]["x-python-name"]] = body
    status, response = 204, None
    for code, answer in op["responses"].items():
        if code.startswith("2"):
            status = int(code)
            if "content" in answer:
                response = sample(answer["content"]["application/json"]["schema"], future=future)
    url = url_path + ("?" + urlencode(query) if query else "")
    args = tuple(by_python[p] for p in op["x-python-params"])
    return SpecCase(
        op["operationId"], op.get("x-python-namespace") or "", args, method.upper(), url, body,
        status, response,
    )  # fmt: skip


def cases(*, future: bool = False) -> List[SpecCase]:
    return [
        _case(path, method, op, future)
        for path, item in SPEC["paths"].items()
        for method, op in item.items()
    ]


CASES = cases()
FUTURE_CASES = cases(future=True)


def as_wire(result: Any) -> Any:
    """A typed result back in wire form (``to_dict`` of each model), for comparison."""
    if isinstance(result, list):
        return [as_wire(item) for item in result]
    if hasattr(result, "to_dict"):
        return result.to_dict()
    return result


def method_of(client: Any, case: SpecCase) -> Any:
    target = getattr(client, case.namespace) if case.namespace else client
    return getattr(target, case.name)
