"""Every operation of the spec, driven against the emulator, answers exactly as the spec says.

The scenario (``tests/scenario.py``) calls each operation over raw HTTP in a realistic
order (create, read, update, delete; ids from earlier answers). Each answer is checked
by ``jsonschema`` against the operation's response schema in ``spec/openapi.json``
(OpenAPI 3.1 schemas are JSON Schema 2020-12): required properties, documented enum
values, exact types, no ``null`` where the spec allows none. (Objects stay open, as the
spec leaves them: an answer may carry more than the spec lists.) The SDK's own (lenient)
decoding plays no part.

The scenario runs once per module; each operation is then its own test case.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Dict, Iterator, List, Tuple
from urllib.parse import quote

import httpx
import jsonschema
import pytest

from pingram import BadRequestError, PingramSync
from pingram._operations import ALL
from pingram.emulator import Emulator
from pingram.emulator._enums import enum_problem

from .scenario import (
    EMULATOR_SETTINGS,
    OPERATIONS,
    STEPS,
    Blocked,
    Step,
    first_steps,
    producers,
    resolve_args,
    save_from,
)
from .spec_cases import SPEC, resolve, sample

API_KEY = "pingram_sk_spec"

#: operationId -> (HTTP method, path template, operation object).
OPS: Dict[str, Tuple[str, str, Dict[str, Any]]] = {
    op["operationId"]: (method.upper(), path, op)
    for path, item in SPEC["paths"].items()
    for method, op in item.items()
}


def response_schema(operation: str) -> Tuple[int, Any]:
    """``(status, schema)`` of the operation's success answer (schema ``None`` for no body)."""
    _, _, op = OPS[operation]
    for code, answer in op["responses"].items():
        if code.startswith("2"):
            content = answer.get("content")
            schema = content["application/json"]["schema"] if content else None
            return int(code), schema
    raise AssertionError(f"{operation} documents no success answer")


def violations(operation: str, payload: Any) -> List[str]:
    """Every way ``payload`` breaks the operation's response schema, with its JSON path."""
    _, schema = response_schema(operation)
    root = {**schema, "components": SPEC["components"]}
    validator = jsonschema.Draft202012Validator(root)
    found: List[str] = []
    for error in sorted(validator.iter_errors(payload), key=lambda e: list(e.absolute_path)):
        found.extend(_causes(error))
    return found


def _causes(error: jsonschema.ValidationError) -> List[str]:
    """What is wrong, from inside the union members whose type the value has (if any)."""
    inner = [
        cause
        for cause in error.context or []
        if not (cause.validator == "type" and cause.absolute_path == error.absolute_path)
    ]
    if not inner:
        return [f"{error.json_path}: {error.message}"]
    return [text for cause in inner for text in _causes(cause)]


def build_request(step: Step, context: Dict[str, Any]) -> Tuple[str, str, Any]:
    """``(method, url, body)`` of the step, as the spec lays the operation out."""
    params, body = resolve_args(step, context)
    method, path, op = OPS[step.op]
    query = []
    for param in op.get("parameters", []):
        value = params.get(param.get("x-python-name") or param["name"])
        if value is None:
            continue
        placeholder = "{" + param["name"] + "}"
        if param["in"] == "path" and placeholder in path:
            path = path.replace(placeholder, quote(str(value), safe=""))
        else:
            query.append((param["name"], str(value)))
    return method, path + ("?" + str(httpx.QueryParams(query)) if query else ""), body


def run_scenario(http: httpx.Client) -> Dict[str, List[str]]:
    """Run every step in order; operationId -> what went wrong (empty: all its steps passed)."""
    context: Dict[str, Any] = {}
    made_by = producers()
    problems: Dict[str, List[str]] = {operation: [] for operation in OPERATIONS}
    for number, step in enumerate(STEPS, 1):
        where = f"step {number} ({step.op})"
        try:
            method, url, body = build_request(step, context)
        except Blocked as blocked:
            problems[step.op].append(
                f"{where}: not run: needs `{blocked}`, which {made_by[str(blocked)]} did not give"
            )
            continue
        response = (
            http.request(method, url, json=body) if body is not None else http.request(method, url)
        )
        status, schema = response_schema(step.op)
        if response.status_code != status:
            problems[step.op].append(
                f"{where}: {method} {url} answered {response.status_code}, not {status}: "
                f"{response.text[:300]}"
            )
            continue
        if schema is None:
            if response.content:
                problems[step.op].append(f"{where}: {status} with a body: {response.text[:200]}")
            continue
        try:
            payload = response.json()
        except json.JSONDecodeError:
            problems[step.op].append(f"{where}: not JSON: {response.text[:200]}")
            continue
        problems[step.op].extend(f"{where}: {v}" for v in violations(step.op, payload))
        problems[step.op].extend(
            f"{where}: the answer has no `{path}` to save"
            for path in save_from(step, payload, context)
        )
    return problems


@pytest.fixture(scope="module")
def outcome() -> Iterator[Dict[str, List[str]]]:
    with Emulator(api_key=API_KEY) as emu:
        for name, (value, _) in EMULATOR_SETTINGS.items():
            if hasattr(Emulator, name):  # moot where the emulator lacks the operations
                setattr(emu, name, value)
        headers = {"Authorization": f"Bearer {API_KEY}"}
        with httpx.Client(base_url=emu.url, headers=headers, timeout=10) as http:
            yield run_scenario(http)


@pytest.mark.parametrize("operation", list(first_steps()), ids=str)
def test_operation_answers_as_the_spec_says(operation: str, outcome: Dict[str, List[str]]) -> None:
    problems = outcome[operation]
    assert not problems, "\n".join(problems)


# -- the scenario itself ---------------------------------------------------------------


def test_the_scenario_calls_every_operation_with_its_parameters() -> None:
    assert sorted(first_steps()) == sorted(OPERATIONS) == sorted(ALL)
    saved = set(producers())
    for step in STEPS:
        _, _, op = OPS[step.op]
        names = {p.get("x-python-name") or p["name"]: p for p in op.get("parameters", [])}
        assert set(step.params) <= set(names), step.op
        required = {name for name, p in names.items() if p.get("required")}
        assert required <= set(step.params), f"{step.op} lacks {required - set(step.params)}"
        assert (step.body is not None) == ("requestBody" in op), step.op
        assert set(step.needs) <= saved, f"{step.op} needs what no step saves"


def test_every_value_is_saved_before_it_is_needed() -> None:
    saved: set = set()
    for step in STEPS:
        assert set(step.needs) <= saved, f"{step.op} runs before {set(step.needs) - saved} exist"
        saved |= set(step.saves)


# -- the check is strict -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "payload", "complaint"),
    [
        (
            "domains_list_domains",
            [{"sender": "example.com", "status": "Success", "verificationTokens": []}],
            "'Success' is not one of",
        ),
        ("templates_get_template", {"templateId": "t", "html": "<p>"}, "'internal' is a required"),
        ("logs_get_log_retention", {"retentionInDays": "30"}, "'30' is not valid under any"),
        ("logs_get_log_retention", {"retentionInDays": None}, "None is not valid under any"),
        ("environments_list_environments", [{"clientId": None}], "None is not of type 'string'"),
    ],
)
def test_the_check_rejects_drift(operation: str, payload: Any, complaint: str) -> None:
    assert any(complaint in v for v in violations(operation, payload)), violations(
        operation, payload
    )


def test_a_sample_of_every_response_schema_passes_the_check() -> None:
    for operation in OPERATIONS:
        _, schema = response_schema(operation)
        if schema is not None:
            assert violations(operation, sample(schema)) == [], operation


# -- requests: undocumented enum values are refused ------------------------------------


def _enum_paths(node: Dict[str, Any], path: str = "$") -> Iterator[str]:
    """The JSON path of every enumerated value in ``sample(node)``."""
    node = resolve(node)
    members = node.get("anyOf") or node.get("oneOf")
    if members:
        yield from _enum_paths(next(m for m in members if m.get("type") != "null"), path)
    elif "enum" in node:
        yield path
    elif node.get("type") == "array":
        yield from _enum_paths(node.get("items", {}), f"{path}[0]")
    elif node.get("properties"):
        for key, prop in node["properties"].items():
            yield from _enum_paths(prop, f"{path}.{key}")
    elif isinstance(node.get("additionalProperties"), dict):
        yield from _enum_paths(node["additionalProperties"], f"{path}['key']")


def _set(value: Any, path: str, new: Any) -> None:
    parts = path[1:].replace("[", ".[").split(".")[1:]
    for part in parts[:-1]:
        value = value[_key(part)]
    value[_key(parts[-1])] = new


def _key(part: str) -> Any:
    if part.startswith("['"):
        return part[2:-2]
    return int(part[1:-1]) if part.startswith("[") else part


def test_every_enumerated_request_field_is_checked() -> None:
    checked = 0
    for operation in ALL.values():
        _, _, op = OPS[operation.name]
        if operation.body is None:
            continue
        schema = op["requestBody"]["content"]["application/json"]["schema"]
        body = sample(schema)
        paths = list(_enum_paths(schema))
        if operation.name == "types_create_notification_type":
            # The spec declares these as plain strings; the API takes only channels.
            body["channels"] = ["EMAIL"]
            paths.append("$.channels[0]")
        assert enum_problem(operation.body, body) is None, operation.name
        for path in paths:
            wrong = copy.deepcopy(body)
            _set(wrong, path, "NOT_DOCUMENTED")
            problem = enum_problem(operation.body, wrong)
            assert problem is not None, (operation.name, path)
            assert problem.endswith(f"at `{path}`"), (path, problem)
            checked += 1
    assert checked > 50


def test_an_unknown_enum_value_is_refused_with_the_field_named() -> None:
    with Emulator() as emu, PingramSync(api_key=API_KEY, base_url=emu.url) as client:
        with pytest.raises(BadRequestError) as caught:
            client.types.types_create_notification_type(
                {"notificationId": "fax", "title": "Fax", "channels": ["EMAIL", "FAX"]}
            )
        assert "'FAX'" in str(caught.value)
        assert "$.channels[1]" in str(caught.value)
        with pytest.raises(BadRequestError) as caught:
            client.webhooks.webhooks_create_webhook(
                {"webhook": "https://hooks.example.com", "events": ["EMAIL_OPENED"]}
            )
        assert "$.events[0]" in str(caught.value)
        assert client.types.types_list_notification_types() == []
        assert emu.webhook_endpoints == []
