"""Phone numbers, voice agents and calls, and US 10DLC registration. No I/O happens here.

:class:`VoiceState` is a mixin of the emulator's ``State``. The pieces are linked
as the API links them: a number the account ordered can be bound to one voice
agent (and is unbound when released or when the agent is deleted); an outbound
call is logged like a send; a US local number's ``a2pStatus`` follows the 10DLC
campaign. Calls have no callee here: each is answered and ended at once.
"""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import date
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

import msgspec

from ..models.common import ENUM_VALUES
from ..models.sending import SenderPostBody
from ._common import (
    ACCOUNT_ID,
    MAX_PAGE_SIZE,
    ApiError,
    Call,
    iso,
    now,
    page_position,
    page_token,
    positive_int,
)
from ._sending import check_phone

__all__ = ["SHARED_NUMBER", "VoiceState"]

#: The number an account sends from while it has none of its own.
SHARED_NUMBER = "+18335550100"
#: Where the emulated websocket and call-control values point: nowhere (RFC 2606).
_NOWHERE = "emulator.invalid"
DEFAULT_SEARCH_LIMIT = 10
MAX_SEARCH_LIMIT = 50
DEFAULT_CALLS_LIMIT = 20
FEATURES = ("sms", "voice", "mms")
TOLL_FREE = frozenset({"800", "833", "844", "855", "866", "877", "888"})
#: Area codes with a known place, per country; searches without ``areaCode`` use these.
AREAS: Dict[str, Dict[str, Tuple[str, str]]] = {
    "US": {
        "415": ("San Francisco", "CA"),
        "212": ("New York", "NY"),
        "312": ("Chicago", "IL"),
        "512": ("Austin", "TX"),
        "206": ("Seattle", "WA"),
        "617": ("Boston", "MA"),
    },
    "CA": {"416": ("Toronto", "ON"), "604": ("Vancouver", "BC"), "514": ("Montreal", "QC")},
}
#: Monthly price in USD per number type.
PRICES = {"local": 1.15, "toll_free": 2.15, "mobile": 1.5}
_AREA_CODE = re.compile(r"^[2-9]\d\d$")
_NINE_DIGITS = re.compile(r"^\d{9}$")
#: Registration statuses in which the customer may still edit (before carrier submission).
EDITABLE = frozenset({"not_started", "pending_review", "info_needed", "rejected"})
CAMPAIGN_USE_CASES = (
    "2FA",
    "ACCOUNT_NOTIFICATION",
    "CUSTOMER_CARE",
    "DELIVERY_NOTIFICATION",
    "FRAUD_ALERT",
    "MARKETING",
    "MIXED",
    "POLLING_VOTING",
    "PUBLIC_SERVICE_ANNOUNCEMENT",
    "SECURITY_ALERT",
)
#: Campaign fields the spec says are "required before carrier submission".
CAMPAIGN_SUBMISSION_FIELDS = (
    "campaignDescription",
    "campaignSample1",
    "campaignMessageFlow",
    "campaignOptinMessage",
    "campaignOptoutMessage",
    "campaignHelpMessage",
    "campaignUsecase",
)


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


def _next_month(day: date) -> str:
    month = day.month % 12 + 1
    year = day.year + (day.month == 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last)).isoformat()
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _place(phone_number: str) -> Tuple[str, str, Optional[Tuple[str, str]]]:
    """``(countryCode, numberType, (locality, area) or None)`` of a number the emulator sells."""
    if phone_number.startswith("+1") and len(phone_number) == 12:
        area = phone_number[2:5]
        if area in TOLL_FREE:
            return "US", "toll_free", None
        for country, places in AREAS.items():
            if area in places:
                return country, "local", places[area]
        return "US", "local", None
    if phone_number.startswith("+447"):
        return "GB", "mobile", None
    raise ApiError(
        400,
        f"{phone_number} cannot be ordered: the emulator sells numbers in "
        f"{', '.join(sorted(AREAS))} and GB (see numbers_search_available)",
    )


def _candidates(country: str, area_code: Optional[str]) -> List[str]:
    """Every number a search may offer, in a stable order (fictional ranges only)."""
    if country in AREAS:
        if area_code is not None:
            if not _AREA_CODE.match(area_code):
                raise ApiError(400, f"`areaCode` must be 3 digits, got {area_code!r}")
            areas = [area_code]
        else:
            areas = list(AREAS[country])
        # 555-0100..0199 is reserved for fiction in every North American area code.
        return [f"+1{area}5550{line:03d}" for area in areas for line in range(100, 200)]
    if country == "GB":
        # Ofcom reserves 07700 900000..900999 for drama.
        numbers = [f"+447700900{line:03d}" for line in range(1000)]
        if area_code is not None:
            numbers = [n for n in numbers if n[3:].startswith(area_code.lstrip("0"))]
        return numbers
    return []


class VoiceState:
    """Numbers, voice agents and their calls, and the 10DLC brand and campaign."""

    if TYPE_CHECKING:

        def accept_send(self, body: SenderPostBody, raw: Any) -> Dict[str, Any]: ...

    def clear_voice(self) -> None:
        """Forget every number, agent, call and registration."""
        #: Every number the account ordered, active or released, by E.164.
        self._numbers: Dict[str, Dict[str, Any]] = {}
        self._agents: Dict[str, Dict[str, Any]] = {}
        #: Calls by tracking id, oldest first, each with its sequence number.
        self._calls: Dict[str, Tuple[int, Dict[str, Any]]] = {}
        self._call_seq = 0
        self._brand: Optional[Dict[str, Any]] = None
        self._campaign: Optional[Dict[str, Any]] = None

    # -- numbers ---------------------------------------------------------------------

    def owns_number(self, phone_number: str) -> bool:
        """Whether ``phone_number`` (E.164) is an active number of the account."""
        number = self._numbers.get(phone_number)
        return number is not None and number["billingStatus"] == "active"

    def _number_view(self, number: Dict[str, Any]) -> Dict[str, Any]:
        view = dict(number)
        if number["countryCode"] == "US" and number["numberType"] == "local":
            approved = self._campaign is not None and self._campaign["campaignStatus"] == "approved"
            view["a2pStatus"] = "approved" if approved else "pending"
        return view

    def _owned(self, raw_number: str) -> Dict[str, Any]:
        phone_number = check_phone(raw_number, "phoneNumber")
        if not self.owns_number(phone_number):
            raise ApiError(404, f"{phone_number} is not a phone number of this account")
        return self._numbers[phone_number]

    def numbers_search_available(self, call: Call) -> Any:
        country = call.query.get("countryCode", "").strip().upper()
        if not re.match(r"^[A-Z]{2}$", country):
            raise ApiError(400, "`countryCode` must be an ISO 3166-1 alpha-2 code such as US")
        wanted = [f.strip().lower() for f in call.query.get("features", "").split(",") if f.strip()]
        unknown = [feature for feature in wanted if feature not in FEATURES]
        if unknown:
            raise ApiError(400, f"Unknown feature(s) {unknown}: use {', '.join(FEATURES)}")
        limit = positive_int(call.query, "limit", DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT)
        found: List[Dict[str, Any]] = []
        for phone_number in _candidates(country, call.query.get("areaCode")):
            if len(found) == limit:
                break
            if self.owns_number(phone_number):
                continue
            _, kind, place = _place(phone_number)
            features = ["sms", "voice"] if kind != "local" else list(FEATURES)
            if any(feature not in features for feature in wanted):
                continue
            offer: Dict[str, Any] = {
                "phoneNumber": phone_number,
                "phoneNumberType": kind,
                "features": features,
                "monthlyPrice": PRICES[kind],
            }
            if place is not None:
                offer["locality"], offer["administrativeArea"] = place
            found.append(offer)
        return {"numbers": found}

    def numbers_order_number(self, call: Call) -> Any:
        phone_number = check_phone(call.data["phoneNumber"], "phoneNumber")
        country, kind, _ = _place(phone_number)
        number = self._numbers.get(phone_number)
        moment = now()
        if number is not None and number["billingStatus"] == "active":
            raise ApiError(409, f"{phone_number} is already a number of this account")
        if number is not None:  # released: reactivated, keeping its createdAt
            number.pop("releasedAt", None)
            number["billingStatus"] = "active"
        else:
            number = self._numbers[phone_number] = {
                "phoneNumber": phone_number,
                "createdAt": iso(moment),
                "countryCode": country,
                "numberType": kind,
                "billingStatus": "active",
                "monthlyPrice": PRICES[kind],
            }
        number["nextBillingDate"] = _next_month(moment.date())
        return {
            "orderId": f"ord_{uuid.uuid4().hex}",
            "status": "success",
            "phoneNumber": phone_number,
        }

    def numbers_list(self, call: Call) -> Any:
        active = [n for n in self._numbers.values() if n["billingStatus"] == "active"]
        return {"numbers": [self._number_view(n) for n in active], "sharedNumber": SHARED_NUMBER}

    def numbers_list_released(self, call: Call) -> Any:
        released = [n for n in self._numbers.values() if n["billingStatus"] == "released"]
        return {"numbers": [self._number_view(n) for n in released]}

    def numbers_release_number(self, call: Call) -> Any:
        phone_number = check_phone(call.params["phone_number"], "phoneNumber")
        number = self._numbers.get(phone_number)
        if number is None:
            raise ApiError(404, f"{phone_number} is not a phone number of this account")
        if number["billingStatus"] == "released":
            raise ApiError(409, f"{phone_number} was already released on {number['releasedAt']}")
        agent_id = number.pop("boundAgentId", None)
        if agent_id is not None:
            self._agents[agent_id]["phoneNumbers"].remove(phone_number)
        number["billingStatus"] = "released"
        number["releasedAt"] = iso(now())
        return {"phoneNumber": phone_number, "released": True, "releasedAt": number["releasedAt"]}

    # -- voice agents ----------------------------------------------------------------

    def _agent(self, agent_id: str) -> Dict[str, Any]:
        agent = self._agents.get(agent_id)
        if agent is None:
            raise ApiError(404, f"No voice agent with id {agent_id!r}")
        return agent

    def voice_create_agent(self, call: Call) -> Any:
        moment = iso(now())
        agent: Dict[str, Any] = {
            "agentId": f"agt_{uuid.uuid4().hex[:20]}",
            "deployment": "hosted",
            "spec": check_spec(call.data["spec"]),
            "phoneNumbers": [],
            "createdAt": moment,
            "updatedAt": moment,
        }
        self._agents[agent["agentId"]] = agent
        return {"agent": agent}

    def voice_list_agents(self, call: Call) -> Any:
        return {"agents": list(self._agents.values())}

    def voice_get_agent(self, call: Call) -> Any:
        return {"agent": self._agent(call.params["agent_id"])}

    def voice_update_agent(self, call: Call) -> Any:
        agent = self._agent(call.params["agent_id"])
        agent["spec"] = check_spec(call.data["spec"])
        agent["updatedAt"] = iso(now())
        return {"agent": agent}

    def voice_delete_agent(self, call: Call) -> Any:
        agent = self._agent(call.params["agent_id"])
        for phone_number in agent["phoneNumbers"]:
            self._numbers[phone_number].pop("boundAgentId", None)
        del self._agents[agent["agentId"]]
        return {"deleted": True}

    def voice_bind_number(self, call: Call) -> Any:
        agent = self._agent(call.params["agent_id"])
        number = self._owned(call.data["phoneNumber"])
        bound = number.get("boundAgentId")
        if bound not in (None, agent["agentId"]):
            raise ApiError(
                409,
                f"{number['phoneNumber']} is bound to voice agent {bound!r}: unbind it first",
            )
        if bound is None:
            number["boundAgentId"] = agent["agentId"]
            agent["phoneNumbers"].append(number["phoneNumber"])
            agent["updatedAt"] = iso(now())
        return {"agent": agent}

    def voice_unbind_number(self, call: Call) -> Any:
        agent = self._agent(call.params["agent_id"])
        phone_number = check_phone(call.params["phone_number"], "phoneNumber")
        if phone_number not in agent["phoneNumbers"]:
            raise ApiError(404, f"{phone_number} is not bound to voice agent {agent['agentId']!r}")
        agent["phoneNumbers"].remove(phone_number)
        self._numbers[phone_number].pop("boundAgentId", None)
        agent["updatedAt"] = iso(now())
        return {"agent": agent}

    # -- calls -----------------------------------------------------------------------

    def _call_agent(self, call: Call) -> Optional[Dict[str, Any]]:
        agent_id = call.data.get("agentId")
        return self._agent(agent_id) if agent_id else None

    def voice_call(self, call: Call) -> Any:
        data = call.data
        to = check_phone(data["phoneNumber"], "phoneNumber")
        spec = check_spec(data["spec"])
        agent = self._call_agent(call)
        owned = [n for n, r in self._numbers.items() if r["billingStatus"] == "active"]
        sender = (agent["phoneNumbers"] if agent else [])[:1] or owned[:1] or [SHARED_NUMBER]
        variables = _variables(spec, data.get("variables"))
        opener = _render(spec["outbound"]["opener"], variables)
        body = {
            "type": "voice_call",
            "to": {"id": to, "number": to},
            "forceChannels": ["CALL"],
            "call": {"message": opener},
        }
        tracking_id = self.accept_send(msgspec.convert(body, SenderPostBody), call.raw)[
            "trackingId"
        ]
        self._record_call(
            tracking_id,
            spec,
            agent,
            variables,
            direction="outbound",
            source="pstn",
            sender=sender[0],
            to=to,
            first=spec["outbound"]["firstAction"],
            line=opener,
        )
        return {
            "trackingId": tracking_id,
            "callControlId": f"v3:{secrets.token_urlsafe(18)}",
            "websocket": f"wss://{_NOWHERE}/voice/calls/{tracking_id}",
        }

    def voice_create_browser_call(self, call: Call) -> Any:
        data = call.data
        spec = check_spec(data["spec"])
        agent = self._call_agent(call)
        variables = _variables(spec, data.get("variables"))
        greeting = _render(spec["inbound"]["greeting"], variables)
        tracking_id = str(uuid.uuid4())
        self._record_call(
            tracking_id,
            spec,
            agent,
            variables,
            direction="inbound",
            source="web",
            sender="browser",
            to=agent["agentId"] if agent else "playground",
            first=spec["inbound"]["firstAction"],
            line=greeting,
        )
        return {
            "trackingId": tracking_id,
            "websocket": f"wss://{_NOWHERE}/voice/browser/{tracking_id}",
            "token": secrets.token_urlsafe(24),
        }

    def _record_call(
        self,
        tracking_id: str,
        spec: Dict[str, Any],
        agent: Optional[Dict[str, Any]],
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
        timeline: List[Dict[str, Any]] = [{"offsetMs": 0, "type": "session_created"}]
        offset = 400
        if first == "speak" and line:
            timeline.append(
                {
                    "offsetMs": offset,
                    "type": "assistant",
                    "text": line,
                    "latency": {"totalMs": 380},
                }
            )
            offset += 400 + 60 * len(line.split())
        timeline.append({"offsetMs": offset, "type": "call_ended", "detail": "agent_end_call"})
        seconds = round(offset / 1000, 1)
        telephony = round(0.014 * max(1.0, seconds / 60), 4) if source == "pstn" else 0.0
        model = round(0.06 * max(1.0, seconds / 60), 4)
        model_name = spec["model"].get("model") or spec["model"].get("llm") or ""
        provider, _, model_id = model_name.partition(":")
        cost_lines: List[Dict[str, Any]] = [
            {
                "role": "model",
                "label": "AI model",
                "provider": provider,
                "model": model_id,
                "amountUsd": model,
            },
        ]
        if source == "pstn":
            cost_lines.append({"role": "telephony", "label": "Phone line", "amountUsd": telephony})
        record: Dict[str, Any] = {
            "trackingId": tracking_id,
            "status": "ended",
            "agentName": spec["name"],
            "direction": direction,
            "source": source,
            "from": sender,
            "to": to,
            "startedAt": iso(now()),
            "durationSeconds": seconds,
            "outcome": "completed",
            "endReason": "agent_end_call",
            "timeline": timeline,
            "variables": variables,
            "cost": {"totalUsd": round(model + telephony, 4), "lines": cost_lines},
        }
        if agent is not None:
            record["agentId"] = agent["agentId"]
        self._call_seq += 1
        self._calls[tracking_id] = (self._call_seq, record)

    def voice_get_call(self, call: Call) -> Any:
        found = self._calls.get(call.params["tracking_id"])
        if found is None:
            raise ApiError(404, f"No voice call with tracking id {call.params['tracking_id']!r}")
        return {"call": found[1]}

    def voice_list_calls(self, call: Call) -> Any:
        limit = positive_int(call.query, "limit", DEFAULT_CALLS_LIMIT, MAX_PAGE_SIZE)
        cursor = call.query.get("cursor")
        before = page_position("calls", cursor, "cursor") if cursor else None
        agent_id = call.query.get("agentId")
        newest_first = [
            (seq, record)
            for seq, record in reversed(list(self._calls.values()))
            if (before is None or seq < before)
            and (agent_id is None or record.get("agentId") == agent_id)
        ]
        page = newest_first[:limit]
        result: Dict[str, Any] = {"calls": [_call_summary(record) for _, record in page]}
        if len(newest_first) > limit:
            result["cursor"] = page_token("calls", page[-1][0])
        return result

    # -- US 10DLC registration ---------------------------------------------------------

    def set_registration_status(self, brand: Optional[str], campaign: Optional[str]) -> None:
        """Move the brand and/or campaign to a review status, as Pingram's reviewers would."""
        if self._brand is None or self._campaign is None:
            raise ValueError("No 10DLC brand is registered yet: create one first")
        for status in (brand, campaign):
            if status is not None and status not in ENUM_VALUES["RegistrationStatus"]:
                allowed = ", ".join(ENUM_VALUES["RegistrationStatus"])
                raise ValueError(f"Unknown registration status {status!r}: use one of {allowed}")
        moment = iso(now())
        if brand is not None:
            self._brand.update(brandStatus=brand, updatedAt=moment)
        if campaign is not None:
            self._campaign.update(campaignStatus=campaign, updatedAt=moment)
            self._brand["campaignStatus"] = campaign

    def registrations_create_us10dlc_brand(self, call: Call) -> Any:
        if self._brand is not None:
            raise ApiError(
                409, "The account already has a 10DLC brand registration: update it instead"
            )
        moment = iso(now())
        brand: Dict[str, Any] = {
            "accountId": ACCOUNT_ID,
            "brandStatus": "pending_review",
            "campaignStatus": "not_started",
            "createdAt": moment,
            "updatedAt": moment,
        }
        _apply_brand(brand, call.data)
        self._brand = brand
        self._campaign = {
            "accountId": ACCOUNT_ID,
            "campaignStatus": "not_started",
            "createdAt": moment,
            "updatedAt": moment,
        }
        return brand

    def registrations_get_us10dlc_brand(self, call: Call) -> Any:
        return self._brand

    def registrations_update_us10dlc_brand(self, call: Call) -> Any:
        brand = self._brand
        if brand is None:
            raise ApiError(404, "No 10DLC brand registration yet: create one first")
        if brand["brandStatus"] not in EDITABLE:
            raise ApiError(
                409,
                f"The brand is {brand['brandStatus']}: its fields can no longer be edited once "
                "it was submitted to carriers",
            )
        data = call.data
        if "legalName" in data and "displayName" not in data:
            data["displayName"] = data["legalName"]
        _apply_brand(brand, {**brand, **data})
        brand["brandStatus"] = "pending_review"
        brand["updatedAt"] = iso(now())
        return brand

    def registrations_get_us10dlc_campaign(self, call: Call) -> Any:
        return self._campaign

    def registrations_update_us10dlc_campaign(self, call: Call) -> Any:
        campaign, brand = self._campaign, self._brand
        if campaign is None or brand is None:
            raise ApiError(404, "No 10DLC brand registration yet: create the brand first")
        if campaign["campaignStatus"] not in EDITABLE:
            raise ApiError(
                409,
                f"The campaign is {campaign['campaignStatus']}: its fields can no longer be "
                "edited once it was submitted to carriers",
            )
        data = call.data
        use_case = data.get("campaignUsecase")
        if use_case is not None:
            _check_use_case(use_case)
        campaign.update(data)
        campaign["updatedAt"] = iso(now())
        if _campaign_complete(campaign):
            campaign["campaignStatus"] = brand["campaignStatus"] = "pending_review"
        return campaign


def _variables(spec: Dict[str, Any], given: Optional[Dict[str, str]]) -> Dict[str, str]:
    """The call's variables: the spec's defaults, overridden by the call's own."""
    values = {v["name"]: v["defaultValue"] for v in spec["variables"] if "defaultValue" in v}
    values.update(given or {})
    return values


def _call_summary(record: Dict[str, Any]) -> Dict[str, Any]:
    """A call as ``voice_list_calls`` shows it: without timeline, variables and cost."""
    return {k: v for k, v in record.items() if k not in ("timeline", "variables", "cost")}


def _apply_brand(brand: Dict[str, Any], data: Dict[str, Any]) -> None:
    """Validate a brand's business fields and store them (normalised) on ``brand``."""
    _check_enum(data.get("scenarioId"), "TenDlcScenario", "scenarioId")
    _check_enum(data.get("businessType"), "BusinessType", "businessType")
    country = str(data["country"]).upper()
    if not re.match(r"^[A-Z]{2}$", country):
        raise ApiError(400, "`country` must be an ISO 3166-1 alpha-2 code such as US")
    fields = {key: value for key, value in data.items() if value is not None}
    fields["country"] = country
    sole = data["businessType"] == "SOLE_PROPRIETOR"
    if sole:
        if not data.get("firstName") or not data.get("lastName"):
            raise ApiError(400, "A SOLE_PROPRIETOR brand needs `firstName` and `lastName`")
        fields.pop("taxId", None)
        fields.setdefault("legalName", f"{data['firstName']} {data['lastName']}")
    else:
        tax_id = re.sub(r"[\s-]", "", str(data.get("taxId") or ""))
        if not tax_id:
            raise ApiError(400, "`taxId` is required unless businessType is SOLE_PROPRIETOR")
        if country in ("US", "CA") and not _NINE_DIGITS.match(tax_id):
            what = "EIN" if country == "US" else "BN"
            raise ApiError(400, f"`taxId` must be the 9-digit {what}, got {data['taxId']!r}")
        fields["taxId"] = tax_id
        fields.setdefault("legalName", data["displayName"])
    website = str(data["website"]).strip()
    fields["website"] = website if "://" in website else "https://" + website
    phone = re.sub(r"[\s().-]", "", str(data["complianceContactPhone"]))
    if country in ("US", "CA") and re.match(r"^\d{10}$", phone):
        phone = "+1" + phone
    fields["complianceContactPhone"] = check_phone(phone, "complianceContactPhone")
    if "@" not in str(data["complianceContactEmail"]):
        raise ApiError(400, "`complianceContactEmail` must be an email address")
    for key in ("accountId", "brandStatus", "campaignStatus", "createdAt", "updatedAt"):
        fields.pop(key, None)
    brand.update(fields)
    if sole:
        brand.pop("taxId", None)


def _check_enum(value: Any, alias: str, field: str) -> None:
    allowed = ENUM_VALUES[alias]
    if value not in allowed:
        raise ApiError(400, f"`{field}` must be one of {', '.join(allowed)}, got {value!r}")


def _check_use_case(value: str) -> None:
    parts = [part.strip() for part in value.split(",")]
    if parts[0] not in CAMPAIGN_USE_CASES or (parts[0] != "MIXED" and len(parts) > 1):
        raise ApiError(
            400,
            f"`campaignUsecase` must be one of {', '.join(CAMPAIGN_USE_CASES)} "
            f"(MIXED followed by its sub-use cases), got {value!r}",
        )
    if any(part not in CAMPAIGN_USE_CASES or part == "MIXED" for part in parts[1:]):
        raise ApiError(400, f"Invalid MIXED sub-use cases in {value!r}")


def _campaign_complete(campaign: Dict[str, Any]) -> bool:
    """Whether the campaign holds everything needed before carrier submission."""
    needed = list(CAMPAIGN_SUBMISSION_FIELDS)
    if str(campaign.get("campaignUsecase", "")).split(",")[0] in ("MARKETING", "MIXED"):
        needed.append("campaignSample2")
    if campaign.get("campaignEmbeddedLink"):
        needed.append("campaignEmbeddedLinkUrl")
    return all(campaign.get(field) for field in needed)
