"""The operations against the vendored spec: when the spec changes, these say what the SDK lacks.

``spec/openapi.json`` is authoritative for methods and paths; ``spec/python-sdk-reference.txt``
for the Python names and call shapes, so code written from the reference runs unchanged.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
from pathlib import Path
from typing import Any

import pytest

from pingram import Pingram, PingramSync
from pingram._operations import ALL

SPEC_DIR = Path(__file__).resolve().parent.parent / "spec"
SPEC = json.loads((SPEC_DIR / "openapi.json").read_text(encoding="utf-8"))
REFERENCE = (SPEC_DIR / "python-sdk-reference.txt").read_text(encoding="utf-8")
METHODS = {"get", "post", "put", "patch", "delete"}

#: Operations of the current API that the vendored spec and reference predate (their wire
#: shapes are those of the webhooks section of the current spec).
NEWER_OPERATIONS = frozenset(
    {
        "webhooks_create_webhook",
        "webhooks_delete_webhook",
        "webhooks_list_webhooks",
        "webhooks_update_webhook",
    }
)

SPEC_OPERATIONS = [
    (op["operationId"], method.upper(), path, op)
    for path, item in SPEC["paths"].items()
    for method, op in item.items()
    if method in METHODS
]
REFERENCE_CALLS = re.findall(r"response = await (client\.[\w.]+\(.*\))", REFERENCE)


def _shape(path: str) -> str:
    return re.sub(r"{\w+}", "{}", path)


def _clients() -> list[Any]:
    return [Pingram(api_key="pingram_sk_x"), PingramSync(api_key="pingram_sk_x")]


def test_spec_and_sdk_have_the_same_forty_operations() -> None:
    assert len(SPEC_OPERATIONS) == 40
    assert {name for name, *_ in SPEC_OPERATIONS} == set(ALL) - NEWER_OPERATIONS


@pytest.mark.parametrize(
    ("name", "method", "path", "spec_op"), SPEC_OPERATIONS, ids=[o[0] for o in SPEC_OPERATIONS]
)
def test_operation_matches_spec_method_path_and_namespace(
    name: str, method: str, path: str, spec_op: dict[str, Any]
) -> None:
    op = ALL[name]
    assert op.method == method, f"{name}: SDK sends {op.method}, spec says {method}"
    assert _shape(op.path) == _shape(path), f"{name}: SDK path {op.path}, spec path {path}"
    assert op.namespace == spec_op["x-python-namespace"]
    spec_path_params = [p["name"] for p in spec_op.get("parameters", []) if p["in"] == "path"]
    assert len(op.path_params) == len(spec_path_params)
    no_content = "204" in spec_op["responses"]
    assert (op.response is None) == no_content, f"{name}: 204 operations return None"
    has_body = "requestBody" in spec_op
    assert (op.body is not None) == has_body
    if has_body:
        ref = spec_op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert op.body.__name__ == ref.rsplit("/", 1)[1]


@pytest.mark.parametrize("name", sorted(ALL))
def test_operation_exists_on_both_clients(name: str) -> None:
    namespace = ALL[name].namespace
    for client in _clients():
        owner = client if namespace is None else getattr(client, namespace)
        method = getattr(owner, name)
        is_async = inspect.iscoroutinefunction(method)
        assert is_async is isinstance(client, Pingram), f"{type(client).__name__}.{name}"


def test_reference_has_a_call_for_every_operation() -> None:
    called = {call.split("(")[0].rsplit(".", 1)[1] for call in REFERENCE_CALLS}
    assert called == set(ALL) - NEWER_OPERATIONS


@pytest.mark.parametrize("call", REFERENCE_CALLS)
def test_reference_call_binds_to_both_clients(call: str) -> None:
    """Each documented call binds with the same names in the same positions."""
    node = ast.parse(call, mode="eval").body
    assert isinstance(node, ast.Call)
    dotted = ast.unparse(node.func).split(".")[1:]
    positional = [ast.unparse(arg) for arg in node.args]
    keywords = [kw.arg for kw in node.keywords]
    for client in _clients():
        target: Any = client
        for part in dotted:
            target = getattr(target, part)
        parameters = list(inspect.signature(target).parameters)
        assert parameters[: len(positional)] == positional, (
            f"{call}: positional arguments are {parameters[: len(positional)]}"
        )
        for keyword in keywords:
            assert keyword in parameters, f"{call}: no parameter {keyword!r}"
        inspect.signature(target).bind(*positional, **{k: None for k in keywords if k})
