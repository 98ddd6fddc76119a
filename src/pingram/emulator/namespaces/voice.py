"""``voice_*``: voice agents, their numbers, and calls.

A number the account ordered can be bound to one agent (``numbers.owned``), and is
unbound when released or when the agent is deleted. An outbound call is logged like a
send (``sender.accept_send``, on the ``CALL`` channel). Calls have no callee here: each
is answered and ended at once, ``completed``, the agent's first line spoken.
"""

from __future__ import annotations

import re
import secrets
import uuid
from typing import Any, Dict, Optional, Tuple

from ...models.common import ENUM_VALUES
from .._common import (
    MAX_PAGE_SIZE,
    ApiError,
    Call,
    check_phone,
    iso,
    now,
    page_position,
    page_token,
    positive_int,
)
from .._records import CallCost, CostLine, Latency, TimelineEntry, VoiceAgent, VoiceCall, wire
from .._registry import handler
from .._store import Store
from .numbers import SHARED_NUMBER, active_numbers, owned
from .sender import send_as

#: Where the emulated websocket and call-control values point: nowhere (RFC 2606).
_NOWHERE = "emulator.invalid"
DEFAULT_CALLS_LIMIT = 20


# -- validation of a voice agent spec (the request models do not require its fields) --------

_SPEC_PARTS: Dict[str, Tuple[str, ...]] = {
    "": (
        "name",
        "instructions",
        "inbound",
        "outbound",
        "model",
        "tools",
        "variables",
        "conversation",
        "compliance",
    ),
    "inbound": ("firstAction", "greeting"),
    "outbound": ("firstAction", "opener", "voicemailAction"),
    "conversation": (
        "turnDetection",
        "minEndOfTurnSilenceMs",
        "allowInterruptions",
        "minInterruptionDurationMs",
        "silenceTimeoutSeconds",
        "maxCallLengthSeconds",
    ),
    "compliance": ("recordingEnabled",),
}
_MODEL_FIELDS = {
    "chained": (
        "llm",
        "stt",
        "tts",
        "voiceId",
        "language",
        "speechSpeed",
        "temperature",
        "maxTokens",
    ),
    "s2s": ("model", "voiceId", "temperature", "maxTokens"),
}
_TOOL_FIELDS = {
    "custom": ("name", "description", "parameters"),
    "dtmf": (),
    "knowledge": ("documents",),
    "mcp": ("url",),
    "transfer": ("transferMode", "destination"),
}
_SPEC_ENUMS = (
    ("inbound", "firstAction", "CallFirstAction"),
    ("outbound", "firstAction", "CallFirstAction"),
    ("outbound", "voicemailAction", "VoicemailAction"),
    ("conversation", "turnDetection", "TurnDetection"),
)


def _need(obj: Dict[str, Any], where: str, fields: Tuple[str, ...]) -> None:
    missing = [field for field in fields if obj.get(field) is None]
    if missing:
        names = ", ".join(f"`{where}{field}`" for field in missing)
        raise ApiError(400, f"Invalid agent spec: missing {names}")


def _one_of(value: Any, alias: str, where: str) -> None:
    allowed = ENUM_VALUES[alias]
    if value not in allowed:
        raise ApiError(
            400, f"Invalid agent spec: `{where}` must be one of {', '.join(allowed)}, got {value!r}"
        )


def check_spec(spec: Dict[str, Any]) -> Dict[str, Any]:
    """``spec`` (a ``VoiceAgentSpec`` wire dict) if complete and valid, else a 400."""
    for part, fields in _SPEC_PARTS.items():
        _need(
            spec if not part else spec.get(part) or {}, f"spec.{part}." if part else "spec.", fields
        )
    for part, field, alias in _SPEC_ENUMS:
        _one_of(spec[part][field], alias, f"spec.{part}.{field}")
    model = spec["model"]
    _one_of(model.get("mode"), "VoiceModelMode", "spec.model.mode")
    _need(model, "spec.model.", _MODEL_FIELDS[model["mode"]])
    for index, tool in enumerate(spec["tools"]):
        where = f"spec.tools[{index}]."
        _one_of(tool.get("type"), "VoiceToolType", where + "type")
        _need(tool, where, _TOOL_FIELDS[tool["type"]])
        if tool["type"] == "transfer":
            _one_of(tool["transferMode"], "TransferMode", where + "transferMode")
        for number, document in enumerate(tool.get("documents") or []):
            _need(document, f"{where}documents[{number}].", ("docId", "name", "sizeBytes"))
    for index, variable in enumerate(spec["variables"]):
        _need(variable, f"spec.variables[{index}].", ("name",))
    return spec


def _render(text: str, variables: Dict[str, str]) -> str:
    return re.sub(r"{{\s*(\w+)\s*}}", lambda m: variables.get(m.group(1), m.group(0)), text)


def _variables(spec: Dict[str, Any], given: Optional[Dict[str, str]]) -> Dict[str, str]:
    """The call's variables: the spec's defaults, overridden by the call's own."""
    values = {v["name"]: v["defaultValue"] for v in spec["variables"] if "defaultValue" in v}
    values.update(given or {})
    return values


# -- agents ------------------------------------------------------------------------------------


def _agent(store: Store, agent_id: str) -> VoiceAgent:
    agent = store.agents.get(agent_id)
    if agent is None:
        raise ApiError(404, f"No voice agent with id {agent_id!r}")
    return agent


@handler
def voice_create_agent(store: Store, call: Call) -> Any:
    moment = iso(now())
    agent = VoiceAgent(
        agent_id=f"agt_{uuid.uuid4().hex[:20]}",
        deployment="hosted",
        spec=check_spec(call.data["spec"]),
        phone_numbers=[],
        created_at=moment,
        updated_at=moment,
    )
    store.agents[agent.agent_id] = agent
    return {"agent": agent}


@handler
def voice_list_agents(store: Store, call: Call) -> Any:
    return {"agents": list(store.agents.values())}


@handler
def voice_get_agent(store: Store, call: Call) -> Any:
    return {"agent": _agent(store, call.params["agent_id"])}


@handler
def voice_update_agent(store: Store, call: Call) -> Any:
    agent = _agent(store, call.params["agent_id"])
    agent.spec = check_spec(call.data["spec"])
    agent.updated_at = iso(now())
    return {"agent": agent}


@handler
def voice_delete_agent(store: Store, call: Call) -> Any:
    agent = _agent(store, call.params["agent_id"])
    for phone_number in agent.phone_numbers:
        store.numbers[phone_number].bound_agent_id = None
    del store.agents[agent.agent_id]
    return {"deleted": True}


@handler
def voice_bind_number(store: Store, call: Call) -> Any:
    agent = _agent(store, call.params["agent_id"])
    number = owned(store, call.data["phoneNumber"])
    bound = number.bound_agent_id
    if bound not in (None, agent.agent_id):
        raise ApiError(
            409, f"{number.phone_number} is bound to voice agent {bound!r}: unbind it first"
        )
    if bound is None:
        number.bound_agent_id = agent.agent_id
        agent.phone_numbers.append(number.phone_number)
        agent.updated_at = iso(now())
    return {"agent": agent}


@handler
def voice_unbind_number(store: Store, call: Call) -> Any:
    agent = _agent(store, call.params["agent_id"])
    phone_number = check_phone(call.params["phone_number"], "phoneNumber")
    if phone_number not in agent.phone_numbers:
        raise ApiError(404, f"{phone_number} is not bound to voice agent {agent.agent_id!r}")
    agent.phone_numbers.remove(phone_number)
    store.numbers[phone_number].bound_agent_id = None
    agent.updated_at = iso(now())
    return {"agent": agent}


# -- calls -------------------------------------------------------------------------------------


def _call_agent(store: Store, call: Call) -> Optional[VoiceAgent]:
    agent_id = call.data.get("agentId")
    return _agent(store, agent_id) if agent_id else None


@handler
def voice_call(store: Store, call: Call) -> Any:
    data = call.data
    to = check_phone(data["phoneNumber"], "phoneNumber")
    spec = check_spec(data["spec"])
    agent = _call_agent(store, call)
    sender = (agent.phone_numbers if agent else [])[:1] or active_numbers(store)[:1]
    variables = _variables(spec, data.get("variables"))
    opener = _render(spec["outbound"]["opener"], variables)
    body = {
        "type": "voice_call",
        "to": {"id": to, "number": to},
        "forceChannels": ["CALL"],
        "call": {"message": opener},
    }
    tracking_id = send_as(store, body, call.raw)["trackingId"]
    _record_call(
        store,
        tracking_id,
        spec,
        agent,
        variables,
        direction="outbound",
        source="pstn",
        sender=sender[0] if sender else SHARED_NUMBER,
        to=to,
        first=spec["outbound"]["firstAction"],
        line=opener,
    )
    return {
        "trackingId": tracking_id,
        "callControlId": f"v3:{secrets.token_urlsafe(18)}",
        "websocket": f"wss://{_NOWHERE}/voice/calls/{tracking_id}",
    }


@handler
def voice_create_browser_call(store: Store, call: Call) -> Any:
    data = call.data
    spec = check_spec(data["spec"])
    agent = _call_agent(store, call)
    variables = _variables(spec, data.get("variables"))
    greeting = _render(spec["inbound"]["greeting"], variables)
    tracking_id = str(uuid.uuid4())
    _record_call(
        store,
        tracking_id,
        spec,
        agent,
        variables,
        direction="inbound",
        source="web",
        sender="browser",
        to=agent.agent_id if agent else "playground",
        first=spec["inbound"]["firstAction"],
        line=greeting,
    )
    return {
        "trackingId": tracking_id,
        "websocket": f"wss://{_NOWHERE}/voice/browser/{tracking_id}",
        "token": secrets.token_urlsafe(24),
    }


def _record_call(
    store: Store,
    tracking_id: str,
    spec: Dict[str, Any],
    agent: Optional[VoiceAgent],
    variables: Dict[str, str],
    *,
    direction: str,
    source: str,
    sender: str,
    to: str,
    first: str,
    line: str,
) -> None:
    """Store a call that was answered and ended at once, the agent's first line spoken."""
    timeline = [TimelineEntry(offset_ms=0, type="session_created")]
    offset = 400
    if first == "speak" and line:
        timeline.append(
            TimelineEntry(
                offset_ms=offset, type="assistant", text=line, latency=Latency(total_ms=380)
            )
        )
        offset += 400 + 60 * len(line.split())
    timeline.append(TimelineEntry(offset_ms=offset, type="call_ended", detail="agent_end_call"))
    seconds = round(offset / 1000, 1)
    telephony = round(0.014 * max(1.0, seconds / 60), 4) if source == "pstn" else 0.0
    model = round(0.06 * max(1.0, seconds / 60), 4)
    model_name = spec["model"].get("model") or spec["model"].get("llm") or ""
    provider, _, model_id = model_name.partition(":")
    lines = [
        CostLine(
            role="model", label="AI model", provider=provider, model=model_id, amount_usd=model
        )
    ]
    if source == "pstn":
        lines.append(CostLine(role="telephony", label="Phone line", amount_usd=telephony))
    record = VoiceCall(
        tracking_id=tracking_id,
        status="ended",
        agent_name=spec["name"],
        direction=direction,
        source=source,
        from_=sender,
        to=to,
        started_at=iso(now()),
        duration_seconds=seconds,
        outcome="completed",
        end_reason="agent_end_call",
        timeline=timeline,
        variables=variables,
        cost=CallCost(total_usd=round(model + telephony, 4), lines=lines),
        agent_id=agent.agent_id if agent is not None else None,
    )
    store.calls[tracking_id] = (store.next_seq(), record)


@handler
def voice_get_call(store: Store, call: Call) -> Any:
    found = store.calls.get(call.params["tracking_id"])
    if found is None:
        raise ApiError(404, f"No voice call with tracking id {call.params['tracking_id']!r}")
    return {"call": found[1]}


@handler
def voice_list_calls(store: Store, call: Call) -> Any:
    limit = positive_int(call.query, "limit", DEFAULT_CALLS_LIMIT, MAX_PAGE_SIZE)
    cursor = call.query.get("cursor")
    before = page_position("calls", cursor, "cursor") if cursor else None
    agent_id = call.query.get("agentId")
    newest_first = [
        (seq, record)
        for seq, record in reversed(list(store.calls.values()))
        if (before is None or seq < before) and (agent_id is None or record.agent_id == agent_id)
    ]
    page = newest_first[:limit]
    result: Dict[str, Any] = {"calls": [_summary(record) for _, record in page]}
    if len(newest_first) > limit:
        result["cursor"] = page_token("calls", page[-1][0])
    return result


def _summary(record: VoiceCall) -> Dict[str, Any]:
    """A call as ``voice_list_calls`` shows it: without timeline, variables and cost."""
    summary = wire(record)
    for field in ("timeline", "variables", "cost"):
        del summary[field]
    return summary
