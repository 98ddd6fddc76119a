"""``numbers_*``: the account's phone numbers. Numbers are fictional (``+1 AAA 555-01xx``,
UK drama numbers); ordering one that was released reactivates it. A number is bound to at
most one voice agent (``voice_bind_number``) and unbound when released. A US local
number's ``a2pStatus`` follows the 10DLC campaign."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any, Dict, List, Optional, Tuple

import msgspec

from .._common import ApiError, Call, check_phone, iso, now, positive_int
from .._records import PhoneNumber
from .._registry import handler
from .._store import Store

#: The number an account sends from while it has none of its own.
SHARED_NUMBER = "+18335550100"
DEFAULT_SEARCH_LIMIT = 10
MAX_SEARCH_LIMIT = 50
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


def owns_number(store: Store, phone_number: str) -> bool:
    """Whether ``phone_number`` (E.164) is an active number of the account."""
    number = store.numbers.get(phone_number)
    return number is not None and number.billing_status == "active"


def owned(store: Store, raw_number: str) -> PhoneNumber:
    """The account's active number, or a 404."""
    phone_number = check_phone(raw_number, "phoneNumber")
    if not owns_number(store, phone_number):
        raise ApiError(404, f"{phone_number} is not a phone number of this account")
    return store.numbers[phone_number]


def active_numbers(store: Store) -> List[str]:
    """The account's active numbers, oldest first."""
    return [n for n, record in store.numbers.items() if record.billing_status == "active"]


def _view(store: Store, number: PhoneNumber) -> PhoneNumber:
    if number.country_code == "US" and number.number_type == "local":
        campaign = store.campaign
        approved = campaign is not None and campaign.campaign_status == "approved"
        return msgspec.structs.replace(number, a2p_status="approved" if approved else "pending")
    return number


@handler
def numbers_search_available(store: Store, call: Call) -> Any:
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
        if owns_number(store, phone_number):
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


@handler
def numbers_order_number(store: Store, call: Call) -> Any:
    phone_number = check_phone(call.data["phoneNumber"], "phoneNumber")
    country, kind, _ = _place(phone_number)
    number = store.numbers.get(phone_number)
    moment = now()
    if number is not None and number.billing_status == "active":
        raise ApiError(409, f"{phone_number} is already a number of this account")
    if number is not None:  # released: reactivated, keeping its createdAt
        number.released_at = None
        number.billing_status = "active"
    else:
        number = store.numbers[phone_number] = PhoneNumber(
            phone_number=phone_number,
            created_at=iso(moment),
            country_code=country,
            number_type=kind,
            billing_status="active",
            monthly_price=PRICES[kind],
        )
    number.next_billing_date = _next_month(moment.date())
    return {"orderId": f"ord_{uuid.uuid4().hex}", "status": "success", "phoneNumber": phone_number}


@handler
def numbers_list(store: Store, call: Call) -> Any:
    active = [n for n in store.numbers.values() if n.billing_status == "active"]
    return {"numbers": [_view(store, n) for n in active], "sharedNumber": SHARED_NUMBER}


@handler
def numbers_list_released(store: Store, call: Call) -> Any:
    released = [n for n in store.numbers.values() if n.billing_status == "released"]
    return {"numbers": [_view(store, n) for n in released]}


@handler
def numbers_release_number(store: Store, call: Call) -> Any:
    phone_number = check_phone(call.params["phone_number"], "phoneNumber")
    number = store.numbers.get(phone_number)
    if number is None:
        raise ApiError(404, f"{phone_number} is not a phone number of this account")
    if number.billing_status == "released":
        raise ApiError(409, f"{phone_number} was already released on {number.released_at}")
    agent_id, number.bound_agent_id = number.bound_agent_id, None
    if agent_id is not None:
        store.agents[agent_id].phone_numbers.remove(phone_number)
    number.billing_status = "released"
    number.released_at = iso(now())
    return {"phoneNumber": phone_number, "released": True, "releasedAt": number.released_at}
