"""Read the official ``pingram-python`` 1.x's public surface from its installed wheel, as JSON.

    python tests/official_sdk/manifest.py --out manifest.json

Run by ``nox -s official_sdk`` in the virtualenv that holds the official client (and not this
project: both import as ``pingram``). ``tests/official_sdk/test_compat.py`` then holds this
project to what it writes. Nothing is copied by hand: every name, field, parameter and byte
below is read from the official package at run time.

The manifest holds:

- ``models``: every public model (fields with their python and wire names, whether required,
  their type; enumerated values; the variants of oneOf/anyOf wrappers) and enums;
- ``constructions``: for every model that can be built from an example derived from
  ``spec/openapi.json``, how 1.x code builds it (class, keyword arguments under the official
  field names, nested classes, enum members, datetimes) and the bytes the official client puts
  on the wire for it (``ApiClient.sanitize_for_serialization``, then httpx's ``json=``), with
  the results of its ``to_dict``/``to_json``;
- ``apis``: every API class, the wrapper attribute that reaches it, and every method with its
  parameters in order;
- ``calls``: every operation called on the official wrapper with a value for each of its
  parameters, and the request it sent, recorded by a server on loopback;
- ``wrapper``, ``exceptions``, ``webhooks`` (with the outcome of a table of deliveries),
  ``api_response`` and the top-level names.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import enum
import functools
import inspect
import json
import re
import sys
import threading
import typing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar, Dict, List, Optional, Tuple
from urllib.parse import unquote

import httpx
import pingram.client_wrapper
from pydantic import BaseModel

import pingram
import pingram.api_response
import pingram.exceptions
import pingram.models
import pingram.webhooks
from pingram.api_client import ApiClient

ROOT = Path(__file__).resolve().parents[2]
SPEC: Dict[str, Any] = json.loads((ROOT / "spec" / "openapi.json").read_text(encoding="utf-8"))
SCHEMAS: Dict[str, Any] = SPEC["components"]["schemas"]

#: The one date-time every example uses. Not UTC: a UTC instant has two spellings
#: (``Z``, ``+00:00``) that differ by encoder; an offset has one.
DATETIME = "2024-05-06T07:08:09+02:00"
API_KEY = "pingram_sk_manifest"
#: The secret, message id and clock of the webhook table.
WEBHOOK_SECRET = "pingram_whsecret_manifest"
WEBHOOK_NOW = 1_700_000_000.0
#: The manifest's layout, which ``test_compat.py`` checks before reading it.
FORMAT = 2
#: What the official client is given for each kind of request option.
OPTION_SUFFIXES = ("_with_http_info", "_without_preload_content")

_MISSING = object()


# -- names and types --------------------------------------------------------------


def _type_text(annotation: Any) -> str:
    """A readable type: ``Optional[List[SenderPostBodyTo]]``, without module paths."""
    text = annotation if isinstance(annotation, str) else repr(annotation)
    text = re.sub(r"<class '([\w.]+)'>", r"\1", text)
    text = re.sub(r"<enum '([\w.]+)'>", r"\1", text)
    text = re.sub(r"\b(?:[a-z_][\w]*\.)+([A-Za-z_]\w*)", r"\1", text)
    return text


def _model_classes() -> Dict[str, type]:
    return {
        name: value
        for name, value in vars(pingram.models).items()
        if not name.startswith("_") and inspect.isclass(value)
    }


def _enum_values_of_validators(cls: type) -> Dict[str, List[Any]]:
    """``field -> values`` that the model's generated enum validators accept."""
    found: Dict[str, List[Any]] = {}
    decorators = getattr(cls, "__pydantic_decorators__", None)
    if decorators is None:
        return found
    for name, decorator in decorators.field_validators.items():
        if not name.endswith("_validate_enum"):
            continue
        source = inspect.getsource(decorator.func)
        match = re.search(r"set\(\[(.*?)\]\)", source, re.S)
        if match:
            values = json.loads("[" + match.group(1).replace("'", '"') + "]")
            for field in decorator.info.fields:
                found[field] = values
    return found


def describe_model(cls: type) -> Dict[str, Any]:
    entry: Dict[str, Any] = {"module": cls.__module__}
    if issubclass(cls, enum.Enum):
        entry["kind"] = "enum"
        entry["members"] = {member.name: member.value for member in cls}
        return entry
    assert issubclass(cls, BaseModel), cls
    fields = cls.model_fields
    if "actual_instance" in fields:
        one_of = "one_of_schemas" in fields
        entry["kind"] = "oneOf" if one_of else "anyOf"
        entry["variants"] = sorted(fields["one_of_schemas" if one_of else "any_of_schemas"].default)
        return entry
    entry["kind"] = "model"
    enums = _enum_values_of_validators(cls)
    entry["fields"] = [
        {
            "name": name,
            "alias": info.alias or name,
            "required": info.is_required(),
            "type": _type_text(info.annotation),
            **({"enum": enums[name]} if name in enums else {}),
        }
        for name, info in fields.items()
    ]
    return entry


# -- examples derived from the spec ---------------------------------------------------


def _resolve(ref: str, root: Dict[str, Any]) -> Tuple[str, Dict[str, Any]]:
    node: Any = root
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return ref.rsplit("/", 1)[-1], node


@functools.cache
def _official_enums(name: str) -> Dict[str, List[Any]]:
    """Wire name -> values, for the fields of official model ``name`` that only accept some."""
    cls = getattr(pingram.models, name, None)
    if cls is None or not inspect.isclass(cls) or not issubclass(cls, BaseModel):
        return {}
    by_field = _enum_values_of_validators(cls)
    return {
        (info.alias or field): by_field[field]
        for field, info in cls.model_fields.items()
        if field in by_field
    }


def example(
    schema: Dict[str, Any],
    root: Dict[str, Any],
    hint: str,
    seen: Tuple[str, ...],
    owner: Optional[str] = None,
) -> Any:
    """A value valid for ``schema``: its first enum value (the spec's, or the one the official
    model's validator accepts), a date-time for that format, and otherwise a small value (a
    string is the name of its property). Every property of an object is filled in, so every
    field name is exercised; a reference back to an enclosing schema is left out (or, when
    required, makes the object impossible: ``_MISSING``). ``owner`` is the model that
    ``schema`` describes, when it has a name."""
    if "$ref" in schema:
        name, target = _resolve(schema["$ref"], root)
        if name in seen:
            return _MISSING
        return example(target, root, hint, (*seen, name), name)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            for option in schema[key]:
                if option.get("type") == "null":
                    continue
                value = example(option, root, hint, seen, owner)
                if value is not _MISSING:
                    return value
            return _MISSING
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "string":
        return DATETIME if schema.get("format") == "date-time" else hint
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "array":
        item = example(schema.get("items", {}), root, hint, seen)
        return [] if item is _MISSING else [item] * max(1, schema.get("minItems", 1))
    if kind == "object" or "properties" in schema:
        required = set(schema.get("required", ()))
        enums = _official_enums(owner) if owner else {}
        result: Dict[str, Any] = {}
        for prop, sub in schema.get("properties", {}).items():
            value = (
                _enum_example(sub, root, enums[prop])
                if prop in enums
                else example(sub, root, prop, seen)
            )
            if value is _MISSING:
                if prop in required:
                    return _MISSING
                continue
            result[prop] = value
        extra = schema.get("additionalProperties")
        if not schema.get("properties"):
            if isinstance(extra, dict) and extra:
                value = example(extra, root, "value", seen)
                if value is not _MISSING:
                    result["key"] = value
            else:
                result["key"] = "value"
        return result
    return hint  # no type: anything goes


def _enum_example(schema: Dict[str, Any], root: Dict[str, Any], values: List[Any]) -> Any:
    """The first accepted value, or a list of it where the property is an array."""
    while True:
        if "$ref" in schema:
            schema = _resolve(schema["$ref"], root)[1]
        elif "anyOf" in schema or "oneOf" in schema:
            options = schema.get("anyOf") or schema.get("oneOf") or []
            schema = next((o for o in options if o.get("type") != "null"), {})
        else:
            break
    if schema.get("type") == "array":
        return [values[0]] * max(1, schema.get("minItems", 1))
    return values[0]


def model_example(name: str, cls: type) -> Tuple[str, Any]:
    """``(source, example dict)`` for a model: from the spec, else from the model's own schema."""
    if name in SCHEMAS:
        return "spec", example(SCHEMAS[name], SPEC, name, (name,), name)
    schema = cls.model_json_schema(by_alias=True)  # type: ignore[attr-defined]
    return "official model schema", example(schema, schema, name, (name,), name)


# -- constructions ----------------------------------------------------------------------

_API_CLIENT = ApiClient()


def tree(value: Any) -> Any:
    """How 1.x code builds ``value``: classes with keyword arguments, enum members, datetimes."""
    if isinstance(value, BaseModel):
        cls = type(value)
        if "actual_instance" in cls.model_fields:
            return {
                "$model": cls.__name__,
                "kwargs": {"actual_instance": tree(value.actual_instance)},  # type: ignore[attr-defined]
            }
        kwargs = {name: tree(getattr(value, name)) for name in cls.model_fields}
        return {
            "$model": cls.__name__,
            "kwargs": {k: v for k, v in kwargs.items() if v is not None},
        }
    if isinstance(value, enum.Enum):
        return {"$enum": type(value).__name__, "member": value.name}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dict):
        # Pairs, not an object: the manifest is written with sorted keys, and a dict's
        # order is the order 1.x sends its keys in.
        return {"$dict": [[key, tree(item)] for key, item in value.items()]}
    if isinstance(value, (list, tuple)):
        return [tree(item) for item in value]
    return value


def wire(value: Any) -> bytes:
    """The bytes the official client sends for ``value`` as a body."""
    return httpx.Request(
        "POST", "http://wire.invalid/", json=_API_CLIENT.sanitize_for_serialization(value)
    ).content


def _attempt(function: Any) -> Dict[str, Any]:
    try:
        return {"value": function()}
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"}


def construction(name: str, cls: type) -> Dict[str, Any]:
    source, data = model_example(name, cls)
    entry: Dict[str, Any] = {"example_source": source}
    if data is _MISSING:
        return {**entry, "error": "the schema has no finite example"}
    entry["example"] = data
    try:
        built = cls.from_dict(data)  # type: ignore[attr-defined]
    except Exception as exc:
        return {**entry, "error": f"from_dict: {type(exc).__name__}: {str(exc)[:300]}"}
    entry["tree"] = tree(built)
    sent = _attempt(lambda: wire(built).decode("utf-8"))
    if "error" in sent:
        entry["wire_error"] = sent["error"]
    else:
        entry["wire"] = sent["value"]
    entry["to_dict"] = _attempt(
        lambda: _API_CLIENT.sanitize_for_serialization(built.to_dict())  # type: ignore[attr-defined]
    )
    entry["to_json"] = _attempt(built.to_json)  # type: ignore[attr-defined]
    entry["to_str"] = _attempt(built.to_str)  # type: ignore[attr-defined]
    return entry


# -- API classes and their methods -------------------------------------------------------


def _parameter(parameter: inspect.Parameter) -> Dict[str, Any]:
    return {
        "name": parameter.name,
        "kind": parameter.kind.name,
        "required": parameter.default is inspect.Parameter.empty
        and parameter.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD),
        **(
            {"default": repr(parameter.default)}
            if parameter.default is not inspect.Parameter.empty
            else {}
        ),
        **(
            {"type": _type_text(parameter.annotation)}
            if parameter.annotation is not inspect.Parameter.empty
            else {}
        ),
    }


def signature(function: Any, *, skip_self: bool = True) -> List[Dict[str, Any]]:
    params = list(inspect.signature(function).parameters.values())
    if skip_self and params and params[0].name == "self":
        params = params[1:]
    return [_parameter(p) for p in params]


def wrapper_properties() -> Dict[str, str]:
    """Wrapper attribute -> the API class it returns."""
    found = {}
    for name, value in vars(pingram.Pingram).items():
        if isinstance(value, property) and value.fget is not None:
            found[name] = str(value.fget.__annotations__.get("return", ""))
    return found


def describe_apis() -> Dict[str, Any]:
    by_class = {cls: prop for prop, cls in wrapper_properties().items()}
    apis: Dict[str, Any] = {}
    for name in sorted(n for n in dir(pingram) if n.endswith("Api")):
        cls = getattr(pingram, name)
        methods = {
            method: signature(function)
            for method, function in inspect.getmembers(cls, inspect.isfunction)
            if not method.startswith("_")
        }
        apis[name] = {"attribute": by_class.get(name), "methods": methods}
    return apis


# -- calls, recorded on loopback -----------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    requests: ClassVar[List[Dict[str, Any]]] = []

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        self.requests.append(
            {
                "method": self.command,
                "path": path,
                "query": query,
                "body": body.decode("utf-8") if body else None,
                "content_type": self.headers.get("Content-Type"),
            }
        )
        payload = b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _record

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _spec_operations() -> Dict[str, Dict[str, Any]]:
    return {op["operationId"]: op for item in SPEC["paths"].values() for op in item.values()}


def _enum_in(annotation: Any) -> Optional[type]:
    """The Enum class inside an annotation (``Optional[Annotated[ChannelsEnum, ...]]``)."""
    if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
        return annotation
    for arg in typing.get_args(annotation):
        found = _enum_in(arg)
        if found is not None:
            return found
    return None


def _model_in(annotation: Any) -> Optional[type]:
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def call_arguments(method: Any, op: Dict[str, Any]) -> Dict[str, Any]:
    """A value for every parameter of ``method`` (the official one), as objects."""
    by_python = {p["x-python-name"]: p for p in op.get("parameters", [])}
    arguments: Dict[str, Any] = {}
    for parameter in inspect.signature(method).parameters.values():
        name = parameter.name
        if name == "self" or name.startswith("_"):
            continue
        spec_param = by_python.get(name)
        body = op.get("requestBody")
        if spec_param is not None:
            value = example(spec_param["schema"], SPEC, f"{name}-1", ())
            enum_class = _enum_in(parameter.annotation)
            if enum_class is not None:
                value = enum_class(value)
            arguments[name] = value
        elif body is not None and body.get("x-python-name") == name:
            model = _model_in(parameter.annotation)
            schema = body["content"]["application/json"]["schema"]
            data = example(schema, SPEC, name, ())
            if model is None:
                arguments[name] = data
            elif typing.get_origin(parameter.annotation) is list or "List[" in repr(
                parameter.annotation
            ):
                arguments[name] = [model.from_dict(item) for item in data]  # type: ignore[attr-defined]
            else:
                arguments[name] = model.from_dict(data)  # type: ignore[attr-defined]
        else:
            raise LookupError(f"{op['operationId']}: no spec parameter for {name!r}")
    return arguments


async def record_calls(apis: Dict[str, Any]) -> Dict[str, Any]:
    """Call every operation on the official wrapper; what it sent, per operation."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    spec_ops = _spec_operations()
    calls: Dict[str, Any] = {}
    try:
        async with pingram.Pingram(api_key=API_KEY, base_url=url) as client:
            for api_name, api in apis.items():
                namespace = getattr(client, api["attribute"])
                for method_name in api["methods"]:
                    if method_name.endswith(OPTION_SUFFIXES):
                        continue
                    key = f"{api_name}.{method_name}"
                    entry: Dict[str, Any] = {"attribute": api["attribute"], "method": method_name}
                    calls[key] = entry
                    op = spec_ops.get(method_name)
                    if op is None:
                        entry["error"] = "not in spec/openapi.json"
                        continue
                    method = getattr(namespace, method_name)
                    try:
                        arguments = call_arguments(method, op)
                    except Exception as exc:
                        entry["error"] = f"{type(exc).__name__}: {exc}"
                        continue
                    entry["kwargs"] = {name: tree(value) for name, value in arguments.items()}
                    _Recorder.requests.clear()
                    try:
                        await asyncio.wait_for(method(**arguments), 10)
                    except Exception as exc:  # the recorder's "{}" may not be a valid answer
                        entry["answer_error"] = type(exc).__name__
                    if len(_Recorder.requests) != 1:
                        entry["error"] = f"sent {len(_Recorder.requests)} requests"
                        continue
                    entry["request"] = request = _Recorder.requests[0]
                    entry["dropped"] = _dropped(arguments, request, _body_argument(op, arguments))
                    body = _body_argument(op, arguments)
                    if body is not None and entry["request"]["body"] is not None:
                        # The recorded bytes are what wire() predicts: the same serialisation.
                        assert wire(body).decode() == entry["request"]["body"], key
    finally:
        server.shutdown()
        server.server_close()
    return calls


def _dropped(arguments: Dict[str, Any], request: Dict[str, Any], body: Any) -> Dict[str, str]:
    """The arguments 1.x accepted and never sent (a query parameter it files under the path,
    whose template has no place for it), with the value given."""
    sent = unquote(request["path"]) + "?" + unquote(request["query"])
    dropped = {}
    for name, value in arguments.items():
        if value is body or not isinstance(value, (str, int, float, enum.Enum)):
            continue
        text = str(value.value if isinstance(value, enum.Enum) else value)
        if text not in sent:
            dropped[name] = text
    return dropped


def _body_argument(op: Dict[str, Any], arguments: Dict[str, Any]) -> Any:
    body = op.get("requestBody")
    return None if body is None else arguments.get(body["x-python-name"])


# -- wrapper, exceptions, webhooks, ApiResponse ------------------------------------------


def describe_wrapper() -> Dict[str, Any]:
    wrapper = pingram.client_wrapper
    return {
        "init": signature(wrapper.Pingram.__init__),
        "properties": wrapper_properties(),
        "send": signature(wrapper.Pingram.send),
        "webhook_verification": type(wrapper.Pingram.webhook_verification).__name__,
        "config_keys": sorted(wrapper.PingramConfig.__annotations__),
        "config_total": wrapper.PingramConfig.__total__,
        "regions": list(typing.get_args(wrapper.PingramRegion)),
        "region_urls": dict(wrapper._REGION_BASE_URLS),
    }


#: How the table of exception constructions calls each class.
EXCEPTION_SAMPLES: Dict[str, Dict[str, Any]] = {
    "ApiException": {"status": 404, "reason": "Not Found", "body": '{"message":"x"}'},
    "ApiTypeError": {"msg": "wrong", "path_to_item": ["to", 0], "valid_classes": None},
    "ApiValueError": {"msg": "bad", "path_to_item": ["to", "email"]},
    "ApiKeyError": {"msg": "missing", "path_to_item": ["a"]},
    "ApiAttributeError": {"msg": "absent", "path_to_item": ["b"]},
    "OpenApiException": {},
}


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
    except TypeError:
        return repr(value)
    return value


def describe_exceptions() -> Dict[str, Any]:
    module = pingram.exceptions
    classes: Dict[str, Any] = {}
    for name, value in vars(module).items():
        if not (inspect.isclass(value) and issubclass(value, BaseException)):
            continue
        if value.__module__ != module.__name__:
            continue
        sample_name = next(
            (base.__name__ for base in value.__mro__ if base.__name__ in EXCEPTION_SAMPLES), None
        )
        entry: Dict[str, Any] = {
            "bases": [base.__name__ for base in value.__bases__],
            "mro": [base.__name__ for base in value.__mro__],
            "init": signature(value.__init__),
        }
        if sample_name is not None:
            kwargs = EXCEPTION_SAMPLES[sample_name]
            instance = value(**kwargs)
            entry["sample"] = {
                "kwargs": kwargs,
                "attributes": {k: _jsonable(v) for k, v in vars(instance).items()},
                "str": str(instance),
            }
        classes[name] = entry
    functions = {
        name: signature(value, skip_self=False)
        for name, value in vars(module).items()
        if inspect.isfunction(value) and value.__module__ == module.__name__
    }
    return {"classes": classes, "functions": functions}


def webhook_cases() -> List[Dict[str, Any]]:
    """Deliveries, one per check, in the order 1.x checks them, and what 1.x says of each."""
    import hashlib
    import hmac

    body = json.dumps(
        {
            "eventType": "EMAIL_DELIVERED",
            "channel": "EMAIL",
            "userId": "user-1",
            "notificationId": "welcome",
            "trackingId": "trk-1",
            "clickedLinkTags": {"tag": ["a"]},
            "usage": {"EMAIL": {"count": 1, "cost": 0.5}},
        }
    )
    now_ms = int(WEBHOOK_NOW * 1000)

    def signed(message_id: str, timestamp: str, payload: str, secret: str = WEBHOOK_SECRET) -> str:
        digest = hmac.new(
            secret.encode(), f"{message_id}.{timestamp}.{payload}".encode(), hashlib.sha256
        )
        return "v1," + digest.hexdigest()

    ts = str(now_ms)
    good = signed("msg_1", ts, body)
    stale = str(now_ms - 301_000)
    cases = [
        ("valid", body, "msg_1", good, ts, None),
        ("valid bytes payload", {"$bytes": body}, "msg_1", good, ts, None),
        (
            "valid at the edge of the tolerance",
            body,
            "msg_1",
            signed("msg_1", stale, body),
            stale,
            301,
        ),
        ("stale", body, "msg_1", signed("msg_1", stale, body), stale, None),
        ("stale and badly signed", body, "msg_1", "v1,00", stale, None),
        ("from the future", body, "msg_1", good, str(now_ms + 301_000), None),
        ("timestamp not a number", body, "msg_1", good, "soon", None),
        ("timestamp missing", body, "msg_1", good, None, None),
        ("signature without version", body, "msg_1", good[3:], ts, None),
        ("signature of another version", body, "msg_1", "v2," + good[3:], ts, None),
        ("signature wrong", body, "msg_1", signed("msg_1", ts, body, "other"), ts, None),
        ("body tampered", body.replace("user-1", "user-2"), "msg_1", good, ts, None),
        ("message id changed", body, "msg_2", good, ts, None),
        ("message id missing", body, None, good, ts, None),
        ("timestamp changed", body, "msg_1", good, str(now_ms + 1), None),
    ]
    table = []
    real_time = pingram.webhooks.time.time
    pingram.webhooks.time.time = lambda: WEBHOOK_NOW  # type: ignore[assignment]
    try:
        for name, payload, message_id, signature_value, timestamp, tolerance in cases:
            arguments = [
                payload["$bytes"].encode() if isinstance(payload, dict) else payload,
                message_id,
                signature_value,
                timestamp,
                WEBHOOK_SECRET,
            ]
            if tolerance is not None:
                arguments.append(tolerance)
            try:
                event = pingram.webhooks.Webhooks.construct_event(*arguments)
            except Exception as exc:
                outcome: Dict[str, Any] = {"error": type(exc).__name__}
            else:
                outcome = {
                    "event": {
                        field: tree(getattr(event, field)) for field in type(event).model_fields
                    }
                }
            table.append(
                {
                    "name": name,
                    "payload": payload,
                    "message_id": message_id,
                    "signature": signature_value,
                    "timestamp": timestamp,
                    "secret": WEBHOOK_SECRET,
                    "tolerance": tolerance,
                    "now": WEBHOOK_NOW,
                    **outcome,
                }
            )
    finally:
        pingram.webhooks.time.time = real_time  # type: ignore[assignment]
    return table


def describe_webhooks() -> Dict[str, Any]:
    module = pingram.webhooks
    cls = module.Webhooks
    return {
        "class": "Webhooks",
        "methods": {
            name: signature(getattr(cls, name), skip_self=False)
            for name in ("construct_event", "verify")
        },
        "instance": "webhooks" if isinstance(getattr(module, "webhooks", None), cls) else None,
        "constants": {"DEFAULT_TOLERANCE_SECONDS": module.DEFAULT_TOLERANCE_SECONDS},
        "errors": {
            name: [base.__name__ for base in getattr(module, name).__bases__]
            for name in ("WebhookSignatureError", "WebhookTimestampError")
        },
        "event_fields": list(pingram.models.WebhookEvent.model_fields),
        "cases": webhook_cases(),
    }


def describe_api_response() -> Dict[str, Any]:
    fields = pingram.api_response.ApiResponse.model_fields
    return {name: {"required": info.is_required()} for name, info in fields.items()}


# -- all of it ---------------------------------------------------------------------------


def build() -> Dict[str, Any]:
    classes = _model_classes()
    models = {name: describe_model(cls) for name, cls in sorted(classes.items())}
    constructions = {
        name: construction(name, cls)
        for name, cls in sorted(classes.items())
        if models[name]["kind"] != "enum"
    }
    apis = describe_apis()
    return {
        "format": FORMAT,
        "official_version": pingram.__version__,
        "top_level": sorted(pingram.__all__),
        "models": models,
        "constructions": constructions,
        "apis": apis,
        "calls": asyncio.run(record_calls(apis)),
        "wrapper": describe_wrapper(),
        "exceptions": describe_exceptions(),
        "webhooks": describe_webhooks(),
        "api_response": describe_api_response(),
    }


def summary(manifest: Dict[str, Any]) -> str:
    constructions = manifest["constructions"]
    built = sum("tree" in c for c in constructions.values())
    wired = sum("wire" in c for c in constructions.values())
    methods = sum(len(api["methods"]) for api in manifest["apis"].values())
    calls = manifest["calls"]
    recorded = sum("request" in c for c in calls.values())
    return (
        f"official pingram-python {manifest['official_version']}: "
        f"{len(manifest['models'])} models, {built} constructions ({wired} with wire bytes), "
        f"{len(manifest['apis'])} API classes, {methods} methods, "
        f"{recorded}/{len(calls)} operations recorded, "
        f"{len(manifest['exceptions']['classes'])} exception classes, "
        f"{len(manifest['webhooks']['cases'])} webhook cases"
    )


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="where to write the manifest (JSON)")
    args = parser.parse_args(argv[1:])
    location = Path(pingram.__file__).resolve()
    if ROOT / "src" in location.parents or not hasattr(pingram, "ApiClient"):
        sys.exit(f"`pingram` is not the official client here ({location}): use its own venv")
    manifest = build()
    Path(args.out).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    print(summary(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
