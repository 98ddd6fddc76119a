"""The emulator's phone numbers, voice agents and calls, and US 10DLC registration.

Numbers are searched, ordered, bound to agents and released; calls are logged
like sends; a US number's ``a2pStatus`` follows the 10DLC campaign.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, Iterator

import httpx
import pytest

from pingram import (
    BadRequestError,
    ConflictError,
    NotFoundError,
    PingramSync,
)
from pingram.emulator import Emulator

KEY = "pingram_sk_test"
SPEC: Dict[str, Any] = {
    "name": "Ada",
    "instructions": "Confirm the appointment.",
    "inbound": {"firstAction": "speak", "greeting": "Hi, this is Ada."},
    "outbound": {
        "firstAction": "speak",
        "opener": "Hello {{name}}, this is Ada from the clinic.",
        "voicemailAction": "hangup",
    },
    "model": {
        "mode": "s2s",
        "model": "openai:gpt-realtime",
        "voiceId": "marin",
        "temperature": 0.7,
        "maxTokens": 1024,
    },
    "tools": [{"type": "transfer", "transferMode": "warm", "destination": "+14155550100"}],
    "variables": [{"name": "name", "defaultValue": "there"}],
    "conversation": {
        "turnDetection": "semantic",
        "minEndOfTurnSilenceMs": 500,
        "allowInterruptions": True,
        "minInterruptionDurationMs": 300,
        "silenceTimeoutSeconds": 30,
        "maxCallLengthSeconds": 600,
    },
    "compliance": {"recordingEnabled": False},
}
BRAND: Dict[str, Any] = {
    "scenarioId": "own_brand",
    "businessType": "PRIVATE_PROFIT",
    "legalName": "Acme Inc",
    "displayName": "Acme",
    "taxId": "12-3456789",
    "website": "acme.example",
    "country": "US",
    "street": "1 Main St",
    "city": "Austin",
    "state": "TX",
    "postalCode": "78701",
    "complianceContactEmail": "ops@acme.example",
    "complianceContactPhone": "(512) 555-0100",
}
CAMPAIGN: Dict[str, Any] = {
    "campaignUsecase": "ACCOUNT_NOTIFICATION",
    "campaignDescription": "Appointment reminders for our patients.",
    "campaignSample1": "Acme: your appointment is tomorrow at 10am. Reply STOP to opt out.",
    "campaignMessageFlow": "Patients opt in on the booking form.",
    "campaignOptinMessage": "Acme: you will get reminders. Reply STOP to stop, HELP for help.",
    "campaignOptoutMessage": "Acme: you will get no more messages.",
    "campaignHelpMessage": "Acme: help at support@acme.example.",
}


@pytest.fixture
def client(pingram_emulator: Emulator) -> Iterator[PingramSync]:
    with PingramSync(api_key=KEY, base_url=pingram_emulator.url) as pingram:
        yield pingram


def spec(**changes: Any) -> Dict[str, Any]:
    result = copy.deepcopy(SPEC)
    result.update(changes)
    return result


def order(client: PingramSync, country: str = "US", area_code: str = "212") -> str:
    (offer,) = client.numbers.numbers_search_available(
        country, area_code=area_code, limit=1
    ).numbers
    return client.numbers.numbers_order_number({"phoneNumber": offer.phone_number}).phone_number


# -- numbers -------------------------------------------------------------------------------


def test_search_offers_plausible_numbers_for_the_area_code(client: PingramSync) -> None:
    offers = client.numbers.numbers_search_available("US", area_code="212", limit=3).numbers

    assert [offer.phone_number for offer in offers] == [
        "+12125550100",
        "+12125550101",
        "+12125550102",
    ]
    assert {(o.locality, o.administrative_area, o.phone_number_type) for o in offers} == {
        ("New York", "NY", "local")
    }
    assert all(o.monthly_price > 0 and "sms" in (o.features or []) for o in offers)
    canada = client.numbers.numbers_search_available("CA", limit=2).numbers
    assert all(o.phone_number.startswith("+1416") for o in canada)
    uk = client.numbers.numbers_search_available("GB", limit=1).numbers
    assert uk[0].phone_number.startswith("+447700900")
    assert (
        client.numbers.numbers_search_available("US", features="mms", area_code="800").numbers == []
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"country_code": "USA"}, "countryCode"),
        ({"country_code": "US", "area_code": "12"}, "areaCode"),
        ({"country_code": "US", "features": "fax"}, "fax"),
        ({"country_code": "US", "limit": 0}, "limit"),
    ],
)
def test_search_rejects_invalid_queries(
    client: PingramSync, query: Dict[str, Any], message: str
) -> None:
    with pytest.raises(BadRequestError, match=message):
        client.numbers.numbers_search_available(**query)


def test_order_release_and_reorder_a_number(client: PingramSync) -> None:
    number = order(client)

    (owned,) = client.numbers.numbers_list().numbers
    assert (owned.phone_number, owned.billing_status, owned.country_code) == (
        number,
        "active",
        "US",
    )
    assert owned.a2p_status == "pending"
    assert client.numbers.numbers_list().shared_number.startswith("+")
    offers = client.numbers.numbers_search_available("US", area_code="212", limit=1).numbers
    assert offers[0].phone_number != number  # an owned number is no longer offered
    with pytest.raises(ConflictError):
        client.numbers.numbers_order_number({"phoneNumber": number})

    released = client.numbers.numbers_release_number(number)

    assert released.released
    assert released.released_at
    assert client.numbers.numbers_list().numbers == []
    (gone,) = client.numbers.numbers_list_released().numbers
    assert (gone.phone_number, gone.billing_status, gone.released_at) == (
        number,
        "released",
        released.released_at,
    )
    with pytest.raises(ConflictError):
        client.numbers.numbers_release_number(number)

    client.numbers.numbers_order_number({"phoneNumber": number})

    (back,) = client.numbers.numbers_list().numbers
    assert (back.billing_status, back.created_at, back.released_at) == (
        "active",
        owned.created_at,
        None,
    )
    assert client.numbers.numbers_list_released().numbers == []


def test_number_errors(client: PingramSync) -> None:
    with pytest.raises(NotFoundError):
        client.numbers.numbers_release_number("+12125550100")
    with pytest.raises(BadRequestError, match=r"E\.164"):
        client.numbers.numbers_order_number({"phoneNumber": "call me"})
    with pytest.raises(BadRequestError, match="cannot be ordered"):
        client.numbers.numbers_order_number({"phoneNumber": "+33612345678"})


# -- voice agents ----------------------------------------------------------------------------


def test_agent_create_get_list_update_delete(client: PingramSync) -> None:
    agent = client.voice.voice_create_agent({"spec": SPEC}).agent

    assert (agent.deployment, agent.phone_numbers, agent.spec.name) == ("hosted", [], "Ada")
    assert client.voice.voice_get_agent(agent.agent_id).agent == agent
    assert [a.agent_id for a in client.voice.voice_list_agents().agents] == [agent.agent_id]

    updated = client.voice.voice_update_agent(agent.agent_id, {"spec": spec(name="Bea")}).agent

    assert updated.spec.name == "Bea"
    assert client.voice.voice_get_agent(agent.agent_id).agent.spec.name == "Bea"
    assert client.voice.voice_delete_agent(agent.agent_id).deleted is True
    assert client.voice.voice_list_agents().agents == []
    with pytest.raises(NotFoundError):
        client.voice.voice_get_agent(agent.agent_id)
    with pytest.raises(NotFoundError):
        client.voice.voice_update_agent(agent.agent_id, {"spec": SPEC})
    with pytest.raises(NotFoundError):
        client.voice.voice_delete_agent(agent.agent_id)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"instructions": None}, "spec.instructions"),
        ({"inbound": {"firstAction": "shout", "greeting": "Hi"}}, "firstAction"),
        ({"model": {"mode": "chained", "llm": "openai:gpt-4o"}}, "spec.model.stt"),
        ({"tools": [{"type": "mcp"}]}, r"spec.tools\[0\].url"),
        ({"tools": [{"type": "transfer", "transferMode": "hot", "destination": "x"}]}, "warm"),
    ],
)
def test_agent_spec_is_validated(
    client: PingramSync, changes: Dict[str, Any], message: str
) -> None:
    body = {key: value for key, value in spec(**changes).items() if value is not None}
    with pytest.raises(BadRequestError, match=message):
        client.voice.voice_create_agent({"spec": body})
    assert client.voice.voice_list_agents().agents == []


def test_bind_and_unbind_numbers(client: PingramSync) -> None:
    number = order(client)
    agent = client.voice.voice_create_agent({"spec": SPEC}).agent
    other = client.voice.voice_create_agent({"spec": spec(name="Other")}).agent

    bound = client.voice.voice_bind_number(agent.agent_id, {"phoneNumber": number}).agent

    assert bound.phone_numbers == [number]
    assert client.voice.voice_get_agent(agent.agent_id).agent.phone_numbers == [number]
    assert client.numbers.numbers_list().numbers[0].bound_agent_id == agent.agent_id
    again = client.voice.voice_bind_number(agent.agent_id, {"phoneNumber": number}).agent
    assert again.phone_numbers == [number]  # binding twice changes nothing
    with pytest.raises(ConflictError, match="unbind it first"):
        client.voice.voice_bind_number(other.agent_id, {"phoneNumber": number})

    unbound = client.voice.voice_unbind_number(agent.agent_id, number).agent

    assert unbound.phone_numbers == []
    assert client.numbers.numbers_list().numbers[0].bound_agent_id is None
    with pytest.raises(NotFoundError):
        client.voice.voice_unbind_number(agent.agent_id, number)
    client.voice.voice_bind_number(other.agent_id, {"phoneNumber": number})
    assert client.voice.voice_get_agent(other.agent_id).agent.phone_numbers == [number]


def test_binding_needs_a_number_of_the_account_and_a_known_agent(client: PingramSync) -> None:
    agent = client.voice.voice_create_agent({"spec": SPEC}).agent
    with pytest.raises(NotFoundError, match="not a phone number of this account"):
        client.voice.voice_bind_number(agent.agent_id, {"phoneNumber": "+12125550100"})
    with pytest.raises(BadRequestError, match=r"E\.164"):
        client.voice.voice_bind_number(agent.agent_id, {"phoneNumber": "nope"})
    number = order(client)
    with pytest.raises(NotFoundError, match="voice agent"):
        client.voice.voice_bind_number("agt_missing", {"phoneNumber": number})
    client.numbers.numbers_release_number(number)
    with pytest.raises(NotFoundError):
        client.voice.voice_bind_number(agent.agent_id, {"phoneNumber": number})


def test_releasing_a_number_or_deleting_its_agent_unbinds_it(client: PingramSync) -> None:
    first, second = order(client, area_code="212"), order(client, area_code="415")
    agent = client.voice.voice_create_agent({"spec": SPEC}).agent
    for number in (first, second):
        client.voice.voice_bind_number(agent.agent_id, {"phoneNumber": number})

    client.numbers.numbers_release_number(first)

    assert client.voice.voice_get_agent(agent.agent_id).agent.phone_numbers == [second]
    client.voice.voice_delete_agent(agent.agent_id)
    (left,) = client.numbers.numbers_list().numbers
    assert (left.phone_number, left.bound_agent_id) == (second, None)


# -- calls -------------------------------------------------------------------------------------


def test_voice_call_is_recorded_and_logged(client: PingramSync) -> None:
    number = order(client)
    agent = client.voice.voice_create_agent({"spec": SPEC}).agent
    client.voice.voice_bind_number(agent.agent_id, {"phoneNumber": number})

    placed = client.voice.voice_call(
        {
            "phoneNumber": "+1 415 555 0111",
            "spec": SPEC,
            "agentId": agent.agent_id,
            "variables": {"name": "Bob"},
        }
    )

    assert placed.call_control_id
    assert placed.websocket.startswith("wss://")
    call = client.voice.voice_get_call(placed.tracking_id).call
    assert (call.status, call.direction, call.source, call.outcome) == (
        "ended",
        "outbound",
        "pstn",
        "completed",
    )
    assert (call.from_, call.to, call.agent_id, call.agent_name) == (
        number,
        "+14155550111",
        agent.agent_id,
        "Ada",
    )
    assert call.variables == {"name": "Bob"}
    spoken = [entry.text for entry in call.timeline or [] if entry.type == "assistant"]
    assert spoken == ["Hello Bob, this is Ada from the clinic."]
    assert call.cost is not None
    assert call.cost.total_usd > 0
    (entry,) = client.logs.logs_get_logs_by_tracking_ids(placed.tracking_id).logs
    assert (entry.user_number, entry.call_sent_at is not None) == ("+14155550111", True)
    assert [log.tracking_id for log in client.logs.logs_tail_logs().logs] == [placed.tracking_id]
    # a call has no email or SMS delivery status
    assert client.logs.logs_get_delivery_status(placed.tracking_id).statuses == []


def test_a_call_without_a_number_of_its_own_uses_the_shared_number(client: PingramSync) -> None:
    placed = client.voice.voice_call({"phoneNumber": "+14155550111", "spec": SPEC})

    call = client.voice.voice_get_call(placed.tracking_id).call
    assert call.from_ == client.numbers.numbers_list().shared_number
    assert call.agent_id is None
    assert call.variables == {"name": "there"}  # the spec's default


def test_browser_calls_are_inbound_web_calls(client: PingramSync) -> None:
    agent = client.voice.voice_create_agent({"spec": SPEC}).agent

    placed = client.voice.voice_create_browser_call({"spec": SPEC, "agentId": agent.agent_id})

    assert placed.token
    assert placed.websocket.startswith("wss://")
    call = client.voice.voice_get_call(placed.tracking_id).call
    assert (call.direction, call.source, call.agent_id) == ("inbound", "web", agent.agent_id)
    assert client.logs.logs_tail_logs().logs == []  # not a message: nothing is logged


def test_list_calls_newest_first_filtered_and_paged(client: PingramSync) -> None:
    agent = client.voice.voice_create_agent({"spec": SPEC}).agent
    ids = [
        client.voice.voice_call(
            {"phoneNumber": "+14155550111", "spec": SPEC, "agentId": agent.agent_id}
        ).tracking_id
        for _ in range(3)
    ]
    other = client.voice.voice_call({"phoneNumber": "+14155550111", "spec": SPEC}).tracking_id

    assert [c.tracking_id for c in client.voice.voice_list_calls().calls] == [other, *ids[::-1]]
    first = client.voice.voice_list_calls(agent_id=agent.agent_id, limit=2)
    assert [c.tracking_id for c in first.calls] == [ids[2], ids[1]]
    assert first.calls[0].timeline is None  # the list leaves the details out
    assert first.cursor
    rest = client.voice.voice_list_calls(agent_id=agent.agent_id, limit=2, cursor=first.cursor)
    assert [c.tracking_id for c in rest.calls] == [ids[0]]
    assert rest.cursor is None
    with pytest.raises(BadRequestError, match="cursor"):
        client.voice.voice_list_calls(cursor="garbage")


def test_call_errors(client: PingramSync) -> None:
    with pytest.raises(NotFoundError):
        client.voice.voice_get_call("unknown")
    with pytest.raises(NotFoundError, match="voice agent"):
        client.voice.voice_call({"phoneNumber": "+14155550111", "spec": SPEC, "agentId": "nope"})
    with pytest.raises(BadRequestError, match=r"E\.164"):
        client.voice.voice_call({"phoneNumber": "mum", "spec": SPEC})
    with pytest.raises(BadRequestError, match=r"spec\.name"):
        client.voice.voice_create_browser_call(
            {"spec": {k: v for k, v in SPEC.items() if k != "name"}}
        )
    assert client.voice.voice_list_calls().calls == []


# -- 10DLC -------------------------------------------------------------------------------------


def test_brand_and_campaign_before_registration(
    client: PingramSync, pingram_emulator: Emulator
) -> None:
    # As the API documents: null until a brand is registered.
    with httpx.Client(
        base_url=pingram_emulator.url, headers={"Authorization": f"Bearer {KEY}"}
    ) as raw:
        for path in ("/registrations/us/10dlc/brand", "/registrations/us/10dlc/campaign"):
            answer = raw.get(path)
            assert (answer.status_code, answer.json()) == (200, None)
    assert client.registrations.registrations_get_us10dlc_brand() is None
    assert client.registrations.registrations_get_us10dlc_campaign() is None
    with pytest.raises(NotFoundError):
        client.registrations.registrations_update_us10dlc_brand({"city": "Dallas"})
    with pytest.raises(NotFoundError):
        client.registrations.registrations_update_us10dlc_campaign(CAMPAIGN)
    with pytest.raises(ValueError, match="create one first"):
        pingram_emulator.review_10dlc(brand="approved")


def test_brand_create_get_update(client: PingramSync) -> None:
    brand = client.registrations.registrations_create_us10dlc_brand(BRAND)

    assert (brand.brand_status, brand.campaign_status) == ("pending_review", "not_started")
    assert (brand.website, brand.tax_id, brand.compliance_contact_phone) == (
        "https://acme.example",
        "123456789",
        "+15125550100",
    )
    assert client.registrations.registrations_get_us10dlc_brand() == brand
    with pytest.raises(ConflictError):
        client.registrations.registrations_create_us10dlc_brand(BRAND)

    updated = client.registrations.registrations_update_us10dlc_brand({"legalName": "Acme LLC"})

    assert (updated.legal_name, updated.display_name, updated.city) == (
        "Acme LLC",
        "Acme LLC",  # a new legalName without displayName resets displayName
        "Austin",
    )
    kept = client.registrations.registrations_update_us10dlc_brand({"displayName": "Acme Care"})
    assert (kept.legal_name, kept.display_name) == ("Acme LLC", "Acme Care")
    sole = client.registrations.registrations_update_us10dlc_brand(
        {"businessType": "SOLE_PROPRIETOR", "firstName": "Ada", "lastName": "Byron"}
    )
    assert (sole.business_type, sole.tax_id, sole.first_name) == ("SOLE_PROPRIETOR", None, "Ada")
    with pytest.raises(BadRequestError, match="taxId"):
        client.registrations.registrations_update_us10dlc_brand({"businessType": "NON_PROFIT"})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"businessType": "LLC"}, "businessType"),
        ({"scenarioId": "their_brand"}, "scenarioId"),
        ({"taxId": None}, "taxId"),
        ({"taxId": "123"}, "9-digit EIN"),
        ({"businessType": "SOLE_PROPRIETOR", "taxId": None}, "firstName"),
        ({"complianceContactPhone": "x"}, "E.164"),
    ],
)
def test_brand_is_validated(client: PingramSync, changes: Dict[str, Any], message: str) -> None:
    body = {key: value for key, value in {**BRAND, **changes}.items() if value is not None}
    with pytest.raises(BadRequestError, match=message):
        client.registrations.registrations_create_us10dlc_brand(body)


def test_sole_proprietor_brand_has_no_tax_id(client: PingramSync) -> None:
    body = {**BRAND, "businessType": "SOLE_PROPRIETOR", "firstName": "Ada", "lastName": "Byron"}
    del body["legalName"]

    brand = client.registrations.registrations_create_us10dlc_brand(body)

    assert (brand.legal_name, brand.tax_id) == ("Ada Byron", None)


def test_campaign_is_submitted_once_complete_and_frozen_in_review(
    client: PingramSync, pingram_emulator: Emulator
) -> None:
    number = order(client)
    client.registrations.registrations_create_us10dlc_brand(BRAND)
    assert client.registrations.registrations_get_us10dlc_campaign().campaign_status == (
        "not_started"
    )

    partial = client.registrations.registrations_update_us10dlc_campaign(
        {"campaignDescription": CAMPAIGN["campaignDescription"]}
    )
    assert partial.campaign_status == "not_started"
    complete = client.registrations.registrations_update_us10dlc_campaign(CAMPAIGN)
    assert complete.campaign_status == "pending_review"
    assert complete.campaign_sample1 == CAMPAIGN["campaignSample1"]
    brand = client.registrations.registrations_get_us10dlc_brand()
    assert brand.campaign_status == "pending_review"

    pingram_emulator.review_10dlc(brand="approved", campaign="in_progress")

    with pytest.raises(ConflictError):
        client.registrations.registrations_update_us10dlc_campaign({"campaignSample2": "x"})
    with pytest.raises(ConflictError):
        client.registrations.registrations_update_us10dlc_brand({"city": "Dallas"})
    assert client.numbers.numbers_list().numbers[0].a2p_status == "pending"

    pingram_emulator.review_10dlc(campaign="approved")

    (owned,) = client.numbers.numbers_list().numbers
    assert (owned.phone_number, owned.a2p_status) == (number, "approved")
    assert client.registrations.registrations_get_us10dlc_brand().campaign_status == "approved"
    pingram_emulator.review_10dlc(campaign="info_needed")
    fixed = client.registrations.registrations_update_us10dlc_campaign({"campaignSample3": "x"})
    assert fixed.campaign_status == "pending_review"
    with pytest.raises(ValueError, match="Unknown registration status"):
        pingram_emulator.review_10dlc(campaign="done")


def test_campaign_use_case_is_validated(client: PingramSync) -> None:
    client.registrations.registrations_create_us10dlc_brand(BRAND)
    for bad in ("NEWSLETTER", "2FA,MARKETING", "MIXED,MIXED"):
        with pytest.raises(BadRequestError, match=r"campaignUsecase|MIXED"):
            client.registrations.registrations_update_us10dlc_campaign({"campaignUsecase": bad})
    mixed = client.registrations.registrations_update_us10dlc_campaign(
        {**CAMPAIGN, "campaignUsecase": "MIXED,2FA,ACCOUNT_NOTIFICATION"}
    )
    assert mixed.campaign_status == "not_started"  # MIXED also needs a second sample
