"""Code written for the official ``pingram-python`` 1.x runs unchanged on this SDK.

Run by ``nox -s official_sdk`` after ``tests/official_sdk/manifest.py`` has read the official
package's public surface into a manifest (``PINGRAM_OFFICIAL_MANIFEST``): every model, field,
API method and parameter, exception, webhook helper, the wrapper client, the bytes the
official client sends for every model and operation. Each test below holds one aspect of
this SDK (both clients) to it: the same names, the same parameters in the same order, the
same constructions sending the same bytes, and the same classes around real calls to the
emulator.

    PINGRAM_OFFICIAL_MANIFEST=manifest.json pytest tests/official_sdk/test_compat.py
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import inspect
import json
import os
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple
from urllib.parse import parse_qsl

import httpx
import msgspec
import pytest

import pingram
import pingram.exceptions
import pingram.models
import pingram.webhooks
from pingram.emulator import Emulator

MANIFEST_VARIABLE = "PINGRAM_OFFICIAL_MANIFEST"


def _load_manifest() -> Dict[str, Any]:
    path = os.environ.get(MANIFEST_VARIABLE)
    if not path:
        raise RuntimeError(
            f"{MANIFEST_VARIABLE} is not set: run `nox -s official_sdk`, or write a manifest "
            "with tests/official_sdk/manifest.py in a virtualenv that has the official client"
        )
    manifest: Dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return manifest


MANIFEST = _load_manifest()
MODELS: Dict[str, Any] = MANIFEST["models"]
CONSTRUCTIONS: Dict[str, Any] = {
    name: entry for name, entry in MANIFEST["constructions"].items() if "tree" in entry
}
WIRED = {name: entry for name, entry in CONSTRUCTIONS.items() if "wire" in entry}
APIS: Dict[str, Any] = MANIFEST["apis"]
CALLS: Dict[str, Any] = {
    name: entry for name, entry in MANIFEST["calls"].items() if "request" in entry
}
BODY_CALLS = {name: entry for name, entry in CALLS.items() if entry["request"]["body"]}
WRAPPER: Dict[str, Any] = MANIFEST["wrapper"]
EXCEPTIONS: Dict[str, Any] = MANIFEST["exceptions"]
WEBHOOKS: Dict[str, Any] = MANIFEST["webhooks"]

KINDS = ["async", "sync"]
API_KEY = "pingram_sk_compat"
BASE_URL = "http://compat.invalid"


def _methods(suffixes: Tuple[str, ...] = ("",)) -> List[Tuple[str, str, str]]:
    """``(api class, wrapper attribute, method)`` of every official method with a suffix."""
    found = []
    for api_name, api in APIS.items():
        for method in api["methods"]:
            base = method.removesuffix("_with_http_info")
            if method.endswith("_without_preload_content"):
                continue
            if (method != base and "_with_http_info" in suffixes) or (
                method == base and "" in suffixes
            ):
                found.append((api_name, api["attribute"], method))
    return found


METHODS = _methods(("", "_with_http_info"))


# -- building what 1.x code builds, on our classes ------------------------------------------


def build(node: Any) -> Any:
    """The value a construction tree describes, built from this SDK's classes."""
    if isinstance(node, list):
        return [build(item) for item in node]
    if isinstance(node, dict):
        if "$model" in node:
            cls = getattr(pingram.models, node["$model"])
            return cls(**{key: build(value) for key, value in node["kwargs"].items()})
        if "$enum" in node:
            return getattr(getattr(pingram.models, node["$enum"]), node["member"])
        if "$datetime" in node:
            return dt.datetime.fromisoformat(node["$datetime"])
        if "$dict" in node:
            return {key: build(value) for key, value in node["$dict"].items()}
    return node


def plain_official(node: Any) -> Any:
    """A construction tree as plain data: models as dicts of their set fields."""
    if isinstance(node, list):
        return [plain_official(item) for item in node]
    if isinstance(node, dict):
        if "$model" in node:
            return {k: plain_official(v) for k, v in node["kwargs"].items()}
        if "$enum" in node:
            return MODELS[node["$enum"]]["members"][node["member"]]
        if "$datetime" in node:
            return node["$datetime"]
        if "$dict" in node:
            return {k: plain_official(v) for k, v in node["$dict"].items()}
    return node


def plain_ours(value: Any) -> Any:
    """One of our values as plain data, fields under their python names, unset ones left out."""
    if isinstance(value, msgspec.Struct):
        fields = {name: plain_ours(getattr(value, name)) for name in value.__struct_fields__}
        return {k: v for k, v in fields.items() if v is not None}
    if isinstance(value, dict):
        return {k: plain_ours(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_ours(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return msgspec.to_builtins(value)


# -- clients --------------------------------------------------------------------------------


def using(kind: str, action: Callable[[Any], Any], **options: Any) -> Any:
    """``action(client)`` on a client of ``kind``, awaited for the async one, then closed."""
    options.setdefault("api_key", API_KEY)
    options.setdefault("base_url", BASE_URL)
    if kind == "sync":
        with pingram.PingramSync(**options) as client:
            return action(client)

    async def main() -> Any:
        async with pingram.Pingram(**options) as client:
            result = action(client)
            return await result if inspect.isawaitable(result) else result

    return asyncio.run(main())


class Recorder:
    """An HTTP client of either kind whose transport records each request and answers 404."""

    def __init__(self, kind: str) -> None:
        self.requests: List[httpx.Request] = []
        transport = httpx.MockTransport(self._answer)
        self.http: Any = (
            httpx.Client(transport=transport)
            if kind == "sync"
            else httpx.AsyncClient(transport=transport)
        )
        self.kind = kind

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(404, json={"message": "recorded"})

    def close(self) -> None:
        if self.kind == "sync":
            self.http.close()
        else:
            asyncio.run(self.http.aclose())


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def clients() -> Iterator[Dict[str, Any]]:
    """One client of each kind, never used for a call: for names and signatures."""
    made = {
        "async": pingram.Pingram(api_key=API_KEY, base_url=BASE_URL),
        "sync": pingram.PingramSync(api_key=API_KEY, base_url=BASE_URL),
    }
    yield made
    made["sync"].close()
    asyncio.run(made["async"].close())


@pytest.fixture
def recorder(kind: str) -> Iterator[Recorder]:
    recording = Recorder(kind)
    yield recording
    recording.close()


def replay(
    kind: str, recorder: Recorder, call: Dict[str, Any], **options: Any
) -> Optional[httpx.Request]:
    """Make the official call on our client; the request it sent (None if it sent none)."""
    arguments = {name: build(value) for name, value in call["kwargs"].items()}
    arguments.update(options)

    def action(client: Any) -> Any:
        method = getattr(getattr(client, call["attribute"]), call["method"])
        return method(**arguments)

    with contextlib.suppress(pingram.NotFoundError):  # the recorder's answer
        using(kind, action, http_client=recorder.http, max_retries=0)
    assert len(recorder.requests) <= 1
    return recorder.requests[0] if recorder.requests else None


# -- models ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(MODELS))
def test_model_name_in_pingram_models(name: str) -> None:
    assert getattr(pingram.models, name, None) is not None, f"pingram.models.{name}"


@pytest.mark.parametrize("name", sorted(MODELS))
def test_model_name_in_pingram(name: str) -> None:
    assert getattr(pingram, name, None) is not None, f"pingram.{name}"


@pytest.mark.parametrize(
    ("name", "member"),
    [(n, m) for n, e in sorted(MODELS.items()) if e["kind"] == "enum" for m in e["members"]],
)
def test_enum_member(name: str, member: str) -> None:
    value = getattr(getattr(pingram.models, name), member)
    assert value == MODELS[name]["members"][member]


@pytest.mark.parametrize("name", sorted(CONSTRUCTIONS))
def test_construction_builds(name: str) -> None:
    built = build(CONSTRUCTIONS[name]["tree"])
    assert type(built).__name__ == name or isinstance(built, getattr(pingram.models, name))


@pytest.mark.parametrize("name", sorted(WIRED))
def test_construction_sends_the_same_json(name: str) -> None:
    sent = msgspec.json.encode(build(WIRED[name]["tree"]))
    assert json.loads(sent) == json.loads(WIRED[name]["wire"])


@pytest.mark.parametrize("name", sorted(WIRED))
def test_construction_sends_the_same_bytes(name: str) -> None:
    sent = msgspec.json.encode(build(WIRED[name]["tree"]))
    assert sent.decode() == WIRED[name]["wire"]


def _official_dict(name: str) -> Any:
    entry = CONSTRUCTIONS[name]["to_dict"]
    assert "value" in entry, f"1.x's to_dict failed: {entry}"
    return entry["value"]


@pytest.mark.parametrize("name", sorted(CONSTRUCTIONS))
def test_model_to_dict(name: str) -> None:
    built = build(CONSTRUCTIONS[name]["tree"])
    assert json.loads(msgspec.json.encode(built.to_dict())) == _official_dict(name)


@pytest.mark.parametrize("name", sorted(CONSTRUCTIONS))
def test_model_to_json(name: str) -> None:
    built = build(CONSTRUCTIONS[name]["tree"])
    assert json.loads(built.to_json()) == _official_dict(name)


@pytest.mark.parametrize("name", sorted(CONSTRUCTIONS))
def test_model_from_dict(name: str) -> None:
    cls = getattr(pingram.models, name)
    rebuilt = cls.from_dict(_official_dict(name))
    assert json.loads(msgspec.json.encode(rebuilt)) == _official_dict(name)


@pytest.mark.parametrize("name", sorted(CONSTRUCTIONS))
def test_model_from_json(name: str) -> None:
    cls = getattr(pingram.models, name)
    rebuilt = cls.from_json(json.dumps(_official_dict(name)))
    assert json.loads(msgspec.json.encode(rebuilt)) == _official_dict(name)


@pytest.mark.parametrize("name", sorted(CONSTRUCTIONS))
def test_model_to_str(name: str) -> None:
    text = build(CONSTRUCTIONS[name]["tree"]).to_str()
    assert isinstance(text, str)
    assert text


# -- the wrapper client --------------------------------------------------------------------


@pytest.mark.parametrize("attribute", sorted(WRAPPER["properties"]))
def test_wrapper_attribute(clients: Dict[str, Any], kind: str, attribute: str) -> None:
    assert getattr(clients[kind], attribute, None) is not None


@pytest.mark.parametrize(("api", "attribute", "method"), METHODS, ids=lambda v: str(v))
def test_api_method_exists(
    clients: Dict[str, Any], kind: str, api: str, attribute: str, method: str
) -> None:
    found = getattr(getattr(clients[kind], attribute), method, None)
    assert callable(found), f"client.{attribute}.{method}"


@pytest.mark.parametrize(("api", "attribute", "method"), METHODS, ids=lambda v: str(v))
def test_api_method_parameters_in_order(
    clients: Dict[str, Any], kind: str, api: str, attribute: str, method: str
) -> None:
    """The official parameters come first, in the official order: they can be passed by
    position. (That the request options are taken is shown by calls, below.)"""
    found = getattr(getattr(clients[kind], attribute), method)
    ours = list(inspect.signature(found).parameters.values())
    official = [p for p in APIS[api]["methods"][method] if not p["name"].startswith("_")]
    positional = [
        p.name
        for p in ours
        if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    ]
    assert positional[: len(official)] == [p["name"] for p in official]


@pytest.mark.parametrize("call", sorted(CALLS))
def test_official_call_sends_the_same_request(kind: str, recorder: Recorder, call: str) -> None:
    entry = CALLS[call]
    expected = entry["request"]
    sent = replay(kind, recorder, entry)
    assert sent is not None, "nothing was sent"
    assert (sent.method, sent.url.path) == (expected["method"], expected["path"])
    query = sorted(parse_qsl(sent.url.query.decode()))
    # 1.x accepted some arguments and never sent them (it filed them under a path that has
    # no place for them); sending them is the one difference allowed.
    dropped = set(entry.get("dropped", {}).values())
    assert [item for item in query if item[1] not in dropped] == sorted(
        parse_qsl(expected["query"])
    )
    if expected["body"] is None:
        assert sent.content == b""
    else:
        assert json.loads(sent.content) == json.loads(expected["body"])


@pytest.mark.parametrize("call", sorted(BODY_CALLS))
def test_official_call_sends_the_same_body_bytes(kind: str, recorder: Recorder, call: str) -> None:
    sent = replay(kind, recorder, BODY_CALLS[call])
    assert sent is not None, "nothing was sent"
    assert sent.content.decode() == BODY_CALLS[call]["request"]["body"]


@pytest.mark.parametrize("call", sorted(CALLS))
def test_official_call_takes_request_timeout_and_headers(
    kind: str, recorder: Recorder, call: str
) -> None:
    sent = replay(
        kind, recorder, CALLS[call], _request_timeout=30.0, _headers={"X-Compat": "headers"}
    )
    assert sent is not None, "nothing was sent"
    assert sent.headers["X-Compat"] == "headers"
    assert sent.headers["Authorization"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize("call", sorted(CALLS))
def test_official_call_takes_the_other_request_options(
    kind: str, recorder: Recorder, call: str
) -> None:
    """1.x's remaining options, at the values 1.x code passes when it passes them at all."""
    options = {"_request_auth": None, "_content_type": None, "_host_index": 0}
    assert replay(kind, recorder, CALLS[call], **options) is not None


def test_request_timeout_as_a_connect_read_pair(kind: str, recorder: Recorder) -> None:
    sent = replay(kind, recorder, CALLS["DefaultApi.send"], _request_timeout=(5.0, 30.0))
    assert sent is not None


def test_headers_cannot_replace_the_authorization(kind: str, recorder: Recorder) -> None:
    # The rule of extra_headers: the client's key is the one sent.
    with pytest.raises(pingram.exceptions.ApiValueError):
        replay(kind, recorder, CALLS["DefaultApi.send"], _headers={"Authorization": "Bearer x"})
    assert recorder.requests == []


# -- construction forms, send, and _with_http_info on the emulator ---------------------------


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(api_key=API_KEY) as emu:
        yield emu


def client_class(kind: str) -> Any:
    return pingram.PingramSync if kind == "sync" else pingram.Pingram


def test_constructor_takes_a_config_dict(kind: str) -> None:
    client = client_class(kind)({"api_key": API_KEY, "region": "eu"})
    assert client.base_url == WRAPPER["region_urls"]["eu"]


def test_constructor_takes_a_config_dict_with_base_url(kind: str, emulator: Emulator) -> None:
    client = client_class(kind)({"api_key": API_KEY, "base_url": emulator.url})
    assert client.base_url == emulator.url


def test_constructor_takes_key_and_region_by_position(kind: str) -> None:
    client = client_class(kind)(API_KEY, "eu")
    assert client.base_url == WRAPPER["region_urls"]["eu"]


def test_constructor_takes_the_key_by_keyword(kind: str) -> None:
    client = client_class(kind)(api_key=API_KEY)
    assert client.base_url == WRAPPER["region_urls"]["us"]


def test_pingram_config_is_exported() -> None:
    config = pingram.PingramConfig
    assert sorted(config.__annotations__) == WRAPPER["config_keys"]
    assert config.__total__ is WRAPPER["config_total"]


def _quick_start_body() -> Any:
    """The body of the official README's quick start."""
    return pingram.SenderPostBody(
        notification_id="welcome", to=pingram.SenderPostBodyTo(id="user_123")
    )


def test_send_through_default_api(kind: str, emulator: Emulator) -> None:
    emulator.reset()
    body = _quick_start_body()
    response = using(
        kind,
        lambda client: client.default_api.send(sender_post_body=body),
        base_url=emulator.url,
    )
    assert response.tracking_id
    assert emulator.sent[-1]["to"] == {"id": "user_123"}


def test_send_with_the_official_keyword(kind: str, emulator: Emulator) -> None:
    emulator.reset()
    body = _quick_start_body()
    response = using(kind, lambda client: client.send(sender_post_body=body), base_url=emulator.url)
    assert response.tracking_id
    assert emulator.sent[-1]["notificationId"] == "welcome"


def test_with_http_info_returns_the_api_response(kind: str, emulator: Emulator) -> None:
    from pingram.api_response import ApiResponse

    emulator.reset()
    body = _quick_start_body()
    info = using(
        kind,
        lambda client: client.default_api.send_with_http_info(sender_post_body=body),
        base_url=emulator.url,
    )
    assert isinstance(info, ApiResponse)
    assert info.status_code == 200
    assert info.headers["content-type"].startswith("application/json")
    assert json.loads(info.raw_data)["trackingId"] == info.data.tracking_id


def test_with_http_info_of_a_list(kind: str, emulator: Emulator) -> None:
    emulator.reset()
    info = using(
        kind,
        lambda client: client.types.types_list_notification_types_with_http_info(),
        base_url=emulator.url,
    )
    assert (info.status_code, info.data) == (200, [])
    assert json.loads(info.raw_data) == []


def test_with_http_info_raises_the_official_exception(kind: str, emulator: Emulator) -> None:
    with pytest.raises(pingram.exceptions.NotFoundException) as caught:
        using(
            kind,
            lambda client: client.types.types_get_notification_type_with_http_info("nope"),
            base_url=emulator.url,
        )
    error = caught.value
    assert (error.status, error.reason) == (404, "Not Found")
    assert isinstance(error.body, str)
    assert "nope" in error.body
    assert error.headers["content-type"].startswith("application/json")
    assert error.data is None


def test_error_data_is_the_api_error_response(kind: str) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        error = {"trackingId": "t-1", "error": {"code": "BAD", "message": "m", "fix": "f"}}
        return httpx.Response(400, json=error)

    transport = httpx.MockTransport(answer)
    http: Any = httpx.Client(transport=transport) if kind == "sync" else None
    if http is None:
        http = httpx.AsyncClient(transport=transport)
    try:
        with pytest.raises(pingram.exceptions.BadRequestException) as caught:
            using(kind, lambda client: client.send(_quick_start_body()), http_client=http)
    finally:
        http.close() if kind == "sync" else asyncio.run(http.aclose())
    data = caught.value.data
    assert isinstance(data, pingram.models.ApiErrorResponse)
    assert (data.tracking_id, data.error.code, data.error.message) == ("t-1", "BAD", "m")


# -- exceptions ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXCEPTIONS["classes"]))
def test_exception_class(name: str) -> None:
    official = EXCEPTIONS["classes"][name]
    ours = getattr(pingram.exceptions, name)
    mro = {cls.__name__ for cls in ours.__mro__}
    assert set(official["mro"]) <= mro
    sample = official.get("sample")
    if sample is not None:
        instance = ours(**sample["kwargs"])
        for attribute, value in sample["attributes"].items():
            assert getattr(instance, attribute) == value, attribute
        assert str(instance) == sample["str"]


@pytest.mark.parametrize("name", sorted(EXCEPTIONS["functions"]))
def test_exception_module_function(name: str) -> None:
    ours = getattr(pingram.exceptions, name)
    official = [p["name"] for p in EXCEPTIONS["functions"][name]]
    assert list(inspect.signature(ours).parameters)[: len(official)] == official


# -- webhooks --------------------------------------------------------------------------------


def test_webhook_module_names() -> None:
    module = pingram.webhooks
    assert isinstance(module.webhooks, module.Webhooks)
    for name, value in WEBHOOKS["constants"].items():
        assert getattr(module, name) == value
    for name in WEBHOOKS["errors"]:
        assert issubclass(getattr(module, name), Exception)
    assert hasattr(pingram.Pingram.webhook_verification, "construct_event")
    assert hasattr(pingram.PingramSync.webhook_verification, "construct_event")


@pytest.mark.parametrize("method", sorted(WEBHOOKS["methods"]))
def test_webhook_method_parameters(method: str) -> None:
    ours = inspect.signature(getattr(pingram.webhooks.Webhooks, method)).parameters
    official = WEBHOOKS["methods"][method]
    positional = [p["name"] for p in official if p["kind"] == "POSITIONAL_OR_KEYWORD"]
    assert list(ours)[: len(positional)] == positional
    for parameter in official:
        assert parameter["name"] in ours
        assert ours[parameter["name"]].kind is not inspect.Parameter.POSITIONAL_ONLY


@pytest.mark.parametrize(
    "helper",
    ["Webhooks.construct_event", "webhooks.verify", "Pingram.webhook_verification"],
)
@pytest.mark.parametrize("case", WEBHOOKS["cases"], ids=lambda case: case["name"])
def test_webhook_delivery_is_judged_as_1x_judges_it(
    monkeypatch: pytest.MonkeyPatch, helper: str, case: Dict[str, Any]
) -> None:
    monkeypatch.setattr(time, "time", lambda: case["now"])
    payload = case["payload"]
    payload = payload["$bytes"].encode() if isinstance(payload, dict) else payload
    arguments = {
        "payload": payload,
        "message_id": case["message_id"],
        "signature": case["signature"],
        "timestamp": case["timestamp"],
        "secret": case["secret"],
    }
    if case["tolerance"] is not None:
        arguments["tolerance"] = case["tolerance"]
    if helper == "Webhooks.construct_event":
        run = lambda: pingram.webhooks.Webhooks.construct_event(*arguments.values())  # noqa: E731
    elif helper == "webhooks.verify":
        run = lambda: pingram.webhooks.webhooks.verify(**arguments)  # noqa: E731
    else:
        run = lambda: pingram.Pingram.webhook_verification.construct_event(**arguments)  # noqa: E731
    if "error" in case:
        with pytest.raises(getattr(pingram.webhooks, case["error"])):
            run()
    else:
        event = run()
        official = {k: plain_official(v) for k, v in case["event"].items() if v is not None}
        assert {name: plain_ours(getattr(event, name)) for name in official} == official
        unset = [name for name, value in case["event"].items() if value is None]
        assert [name for name in unset if getattr(event, name) is not None] == []


# -- ApiResponse and the top level -----------------------------------------------------------


def test_api_response_fields() -> None:
    from pingram.api_response import ApiResponse

    values = {"status_code": 200, "headers": {"a": "b"}, "data": [1], "raw_data": b"[1]"}
    response = ApiResponse(**{k: v for k, v in values.items() if k in MANIFEST["api_response"]})
    for name in MANIFEST["api_response"]:
        assert getattr(response, name) == values[name]


@pytest.mark.parametrize("name", sorted(set(MANIFEST["top_level"]) - set(MODELS)))
def test_top_level_name(name: str) -> None:
    assert getattr(pingram, name, None) is not None, f"pingram.{name}"
