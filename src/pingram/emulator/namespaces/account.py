"""``account_*``: the emulated account's plan and billing, usage and Supabase link.

One paid account whose plan, invoices and usage history are made up when the store is
made (:func:`seed`) and then stay the same for the rest of the run:

- a paid plan (``budget_20``, $20 a month) on calendar-month billing cycles, created a
  year before the current cycle, with one paid invoice per cycle (and one voided
  invoice) and a daily usage history derived from the date, so the same range always
  sums to the same counts. Messages the emulator delivers are added to today's counts;
- ``account_cancel_subscription`` schedules the move to the free plan for the end of the
  cycle (the ``pendingDowngrade*`` fields) while the subscription stays active, as the
  API describes; ``account_resume_subscription`` undoes it;
- checkout sessions are created but never complete; Supabase accepts any OAuth code.
"""

from __future__ import annotations

import calendar
import re
import secrets
import uuid
import zlib
from datetime import date, datetime, timedelta, timezone
from typing import Any, Dict, List, Optional

from ...models.common import ENUM_VALUES
from .._common import ACCOUNT_ID, ApiError, Call, iso, now, parse_time
from .._records import Account, BillingAlerts, Invoice, Supabase, wire
from .._registry import handler
from .._store import Store

#: The signed-in user of the emulated account.
OWNER_EMAIL = "dev@example.com"
OWNER_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "https://pingram.io/emulator/owner"))
#: The plan: its monthly budget in dollars, and how many messages a cycle may send.
PLAN_COST_CAP = 20
PLAN_MESSAGES_CAP = 50_000
#: The budget of the free plan (a cancelled subscription falls back to it).
FREE_COST_CAP = 0
#: How many whole billing cycles the account has been paying for.
HISTORY_CYCLES = 12
#: The longest range ``account_get_usage_history`` sums, in months.
MAX_HISTORY_MONTHS = 120
#: Invoices per page: default and maximum (as Stripe pages them).
DEFAULT_INVOICE_LIMIT = 10
MAX_INVOICE_LIMIT = 100
#: Usage channels, as ``GetUsageResponseCounts`` lists them.
USAGE_CHANNELS = ("EMAIL", "INAPP_WEB", "SMS", "CALL", "VOICE", "PUSH", "WEB_PUSH", "SLACK")
#: Typical daily volume per channel in the made-up history (0: the channel is unused).
DAILY_VOLUME = {"EMAIL": 140, "INAPP_WEB": 90, "SMS": 12, "PUSH": 30, "WEB_PUSH": 6}
#: Cost per message in dollars, and the monthly rent of phone numbers (``NUMBER``).
UNIT_COST = {
    "EMAIL": 0.0004,
    "INAPP_WEB": 0.0001,
    "SMS": 0.0079,
    "CALL": 0.013,
    "VOICE": 0.09,
    "PUSH": 0.0001,
    "WEB_PUSH": 0.0001,
    "SLACK": 0.0001,
}
NUMBER_RENT = 0.0
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: ``groupBy`` of the usage history: UTC calendar months (the default) or billing cycles.
_GROUP_BY = {"calendar": "month", "billing": "cycle"}


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def _unix(day: date) -> int:
    return calendar.timegm(day.timetuple())


def _moment(value: str, name: str) -> datetime:
    return parse_time(value, f"Query parameter {name}")


def _daily_count(channel: str, day: date) -> int:
    """The made-up count of ``channel`` messages on ``day``: the same in every run."""
    volume = DAILY_VOLUME.get(channel, 0)
    if not volume:
        return 0
    spread = zlib.crc32(f"{channel}:{day.isoformat()}".encode()) % (volume + 1)
    weekend = day.weekday() >= 5
    return (volume // 2 + spread) // (3 if weekend else 1)


def check_email(value: str, what: str) -> str:
    """``value`` stripped, if it is an email address (else a 400 naming ``what``)."""
    email = value.strip()
    if not _EMAIL.match(email):
        raise ApiError(400, f"{what} must be an email address, got {value!r}")
    return email


def check_url(value: str, what: str) -> str:
    """``value`` if it is an http(s) URL (else a 400 naming ``what``)."""
    if not re.match(r"^https?://[^\s/]+", value):
        raise ApiError(400, f"{what} must be an http(s) URL, got {value!r}")
    return value


def seed(store: Store) -> str:
    """The made-up account of a fresh emulator (dates from today); returns when it was
    created (ISO 8601), for the records created with it."""
    store.today = now().date()
    store.cycle_start = store.today.replace(day=1)
    store.cycle_end = add_months(store.cycle_start, 1)
    store.created_day = add_months(store.cycle_start, -HISTORY_CYCLES)
    created = iso(_midnight(store.created_day) + timedelta(hours=9, minutes=41, seconds=7))
    store.account = Account(
        account_id=ACCOUNT_ID,
        account_type="paid",
        creator=OWNER_EMAIL,
        name="Emulated account",
        messages_cap=PLAN_MESSAGES_CAP,
        cost_cap=PLAN_COST_CAP,
        anniversary_date=store.cycle_end.isoformat(),
        created_at=created,
        updated_at=created,
        status="verified",
        subscription_status="active",
        auto_upgrade=False,
        billing_alerts=BillingAlerts(enabled=True, emails=[OWNER_EMAIL], thresholds=[80, 100]),
    )
    store.billing_email = OWNER_EMAIL
    store.invoices = _make_invoices(store.created_day)
    return created


def _touch(store: Store) -> None:
    store.account.updated_at = iso(now())


@handler
def account_get_account_details(store: Store, call: Call) -> Any:
    return store.account


@handler
def account_update_account_settings(store: Store, call: Call) -> Any:
    raw = call.raw if isinstance(call.raw, dict) else {}
    if raw.get("autoUpgrade") is not None:
        store.account.auto_upgrade = bool(raw["autoUpgrade"])
    if raw.get("billingAlerts") is not None:
        store.account.billing_alerts = _check_alerts(call.data["billingAlerts"])
    _touch(store)
    return store.account


@handler
def account_get_billing_email(store: Store, call: Call) -> Any:
    return {"email": store.billing_email}


@handler
def account_update_billing_email(store: Store, call: Call) -> Any:
    store.billing_email = check_email(call.data["email"], "email")
    return {"email": store.billing_email}


@handler
def account_cancel_subscription(store: Store, call: Call) -> Any:
    account = store.account
    if account.account_type != "paid":
        raise ApiError(400, "The account is on the free plan: there is no subscription to cancel")
    if account.pending_downgrade_account_type is not None:
        raise ApiError(
            400,
            "The subscription is already cancelled at the end of the billing cycle "
            f"({account.pending_downgrade_effective_date}); resume it to keep the plan",
        )
    account.pending_downgrade_effective_date = account.anniversary_date
    account.pending_downgrade_account_type = "free"
    account.pending_downgrade_cost_cap = FREE_COST_CAP
    store.cancellation_reason = call.data.get("reason")
    _touch(store)
    return account


@handler
def account_resume_subscription(store: Store, call: Call) -> Any:
    account = store.account
    if account.pending_downgrade_account_type is None:
        raise ApiError(400, "No cancellation is scheduled: the subscription already continues")
    account.pending_downgrade_effective_date = None
    account.pending_downgrade_account_type = None
    account.pending_downgrade_cost_cap = None
    _touch(store)
    return account


@handler
def account_prepare_checkout_session(store: Store, call: Call) -> Any:
    data = call.data
    check_url(data["successUrl"], "successUrl")
    check_url(data["cancelUrl"], "cancelUrl")
    result = wire(store.account)
    price = data.get("budgetPriceId")
    if price is not None:
        if not price.strip():
            raise ApiError(400, "budgetPriceId must be a price id, got an empty string")
        session_id = "cs_test_" + secrets.token_hex(24)
        result["sessionId"] = session_id
        result["url"] = f"https://checkout.stripe.com/c/pay/{session_id}"
    return result


@handler
def account_list_invoices(store: Store, call: Call) -> Any:
    query = call.query
    limit = _limit(query.get("limit"))
    invoices = store.invoices
    status = query.get("status")
    if status is not None:
        if status not in ENUM_VALUES["InvoiceStatus"]:
            raise ApiError(
                400,
                f"Unknown invoice status {status!r}: use one of "
                f"{', '.join(ENUM_VALUES['InvoiceStatus'])}",
            )
        invoices = [i for i in invoices if i.status == status]
    # Both bounds are inclusive; a date as upper bound includes that whole day.
    after_raw, before_raw = query.get("createdAfter"), query.get("createdBefore")
    if after_raw is not None:
        lowest = int(_moment(after_raw, "createdAfter").timestamp())
        invoices = [i for i in invoices if i.created >= lowest]
    if before_raw is not None:
        highest = int(_moment(before_raw, "createdBefore").timestamp())
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", before_raw.strip()):
            highest += 86400 - 1
        invoices = [i for i in invoices if i.created <= highest]
    after = query.get("startingAfter")
    if after is not None:
        ids = [i.id for i in invoices]
        if after not in ids:
            raise ApiError(400, f"No invoice {after!r} in this listing (startingAfter)")
        invoices = invoices[ids.index(after) + 1 :]
    return {"invoices": invoices[:limit], "hasMore": len(invoices) > limit}


def _make_invoices(created_day: date) -> List[Invoice]:
    """One paid invoice per cycle since the account was created, and a voided one; newest
    first."""
    invoices: List[Invoice] = []
    cents = PLAN_COST_CAP * 100
    for index in range(HISTORY_CYCLES + 1):
        start = add_months(created_day, index)
        created = _unix(start) + 3600 + index * 61
        invoices.append(_invoice(len(invoices) + 1, "paid", cents, cents, created, start))
        if index == HISTORY_CYCLES // 2:
            # A plan change the customer reverted: voided, never charged.
            invoices.append(
                _invoice(len(invoices) + 1, "void", 3000, 0, created + 86400 * 9, start)
            )
    invoices.sort(key=lambda invoice: invoice.created, reverse=True)
    return invoices


def _invoice(seq: int, status: str, total: int, paid: int, created: int, period: date) -> Invoice:
    invoice_id = "in_emu" + format(zlib.crc32(f"{seq}:{created}".encode()), "08x") + f"{seq:06d}"
    return Invoice(
        id=invoice_id,
        number=f"EMU-{seq:04d}",
        status=status,
        currency="usd",
        total=total,
        amount_due=total if status != "void" else 0,
        amount_paid=paid,
        created=created,
        hosted_invoice_url=f"https://invoice.stripe.com/i/emulator/{invoice_id}",
        invoice_pdf=f"https://pay.stripe.com/invoice/emulator/{invoice_id}/pdf",
        period_start=_unix(period),
        period_end=_unix(add_months(period, 1)),
    )


def _limit(raw: Optional[str]) -> int:
    if raw is None:
        return DEFAULT_INVOICE_LIMIT
    try:
        number = int(float(raw))
    except ValueError:
        raise ApiError(400, f"Query parameter limit must be a number, got {raw!r}") from None
    if not 1 <= number <= MAX_INVOICE_LIMIT:
        raise ApiError(400, f"Query parameter limit must be 1 to {MAX_INVOICE_LIMIT}, got {raw!r}")
    return number


def _check_alerts(alerts: Dict[str, Any]) -> BillingAlerts:
    """``billingAlerts`` under the API's rules: at most 3 emails; 1-2 thresholds, 5..100 by 5."""
    emails = [check_email(e, "billingAlerts.emails") for e in alerts.get("emails") or []]
    thresholds = list(alerts.get("thresholds") or [])
    enabled = alerts.get("enabled")
    if not isinstance(enabled, bool):
        raise ApiError(400, "billingAlerts.enabled is required (true or false)")
    if len(emails) > 3:
        raise ApiError(400, "billingAlerts.emails holds at most three addresses")
    if len(thresholds) > 2:
        raise ApiError(400, "billingAlerts.thresholds holds at most two percents")
    for value in thresholds:
        if not (5 <= value <= 100 and float(value) % 5 == 0):
            raise ApiError(
                400, f"billingAlerts.thresholds are percents from 5 to 100 in steps of 5: {value!r}"
            )
    if enabled and not thresholds:
        raise ApiError(400, "billingAlerts.thresholds needs at least one percent while enabled")
    return BillingAlerts(enabled=enabled, emails=emails, thresholds=thresholds)


# -- usage -------------------------------------------------------------------------------------


def _counts(store: Store, first: date, last: date) -> Dict[str, int]:
    """Messages per channel from ``first`` to ``last`` (both included)."""
    counts = dict.fromkeys(USAGE_CHANNELS, 0)
    day = max(first, store.created_day)
    end = min(last, store.today)
    while day <= end:
        for channel in USAGE_CHANNELS:
            if day == store.today:
                counts[channel] += store.delivered.get(channel, 0)
            else:
                counts[channel] += _daily_count(channel, day)
        day += timedelta(days=1)
    return counts


@handler
def account_get_usage(store: Store, call: Call) -> Any:
    counts = _counts(store, store.cycle_start, store.cycle_end - timedelta(days=1))
    costs: Dict[str, Any] = {
        channel: round(count * UNIT_COST[channel], 4) for channel, count in counts.items()
    }
    costs["NUMBER"] = NUMBER_RENT
    return {
        "costs": costs,
        "counts": counts,
        "billingCycleStart": iso(_midnight(store.cycle_start)),
        "billingCycleEnd": iso(_midnight(store.cycle_end)),
    }


@handler
def account_get_usage_history(store: Store, call: Call) -> Any:
    query = call.query
    for name in ("startDate", "endDate"):
        if not query.get(name):
            raise ApiError(400, f"Missing required query parameter {name} (YYYY-MM-DD)")
    first = _moment(query["startDate"], "startDate").date()
    last = _moment(query["endDate"], "endDate").date()
    if last < first:
        raise ApiError(400, "endDate must not be before startDate")
    if (last.year - first.year) * 12 + last.month - first.month >= MAX_HISTORY_MONTHS:
        raise ApiError(400, f"The range spans more than {MAX_HISTORY_MONTHS} months")
    raw_group = query.get("groupBy") or "calendar"
    group = _GROUP_BY.get(raw_group)
    if group is None:
        raise ApiError(400, f"groupBy must be 'calendar' or 'billing', got {raw_group!r}")
    items = []
    period = first.replace(day=1)
    while period <= last:
        following = add_months(period, 1)
        # Billing cycles follow calendar months here: they start on the 1st.
        label = period.strftime("%Y-%m") if group == "month" else period.isoformat()
        counts = _counts(store, max(first, period), min(last, following - timedelta(days=1)))
        items.append({"yearMonth": label, "counts": counts})
        period = following
    return {"items": items}


# -- Supabase ----------------------------------------------------------------------------------


def _supabase_projects(store: Store) -> List[Dict[str, Any]]:
    created = iso(_midnight(store.created_day) + timedelta(days=20, hours=14))
    return [
        {
            "id": ref,
            "organization_id": "emulatororg",
            "name": name,
            "region": region,
            "created_at": created,
        }
        for ref, name, region in (
            ("abcdefghijklmnopqrst", "my-app-production", "us-east-1"),
            ("tsrqponmlkjihgfedcba", "my-app-staging", "eu-central-1"),
        )
    ]


def _supabase_connected(store: Store) -> None:
    if not store.supabase.connected:
        raise ApiError(400, "Supabase is not connected: complete account_supabase_o_auth first")


@handler
def account_get_supabase_status(store: Store, call: Call) -> Any:
    return store.supabase


@handler
def account_supabase_o_auth(store: Store, call: Call) -> Any:
    data = call.data
    for name in ("code", "redirect_uri", "code_verifier"):
        if not str(data[name]).strip():
            raise ApiError(400, f"{name} must not be empty")
    check_url(data["redirect_uri"], "redirect_uri")
    store.supabase.connected = True
    return {"success": True, "message": "Supabase account connected"}


@handler
def account_list_supabase_projects(store: Store, call: Call) -> Any:
    _supabase_connected(store)
    return {"projects": _supabase_projects(store)}


@handler
def account_configure_supabase_smtp(store: Store, call: Call) -> Any:
    _supabase_connected(store)
    data = call.data
    refs = {project["id"] for project in _supabase_projects(store)}
    if data["projectRef"] not in refs:
        raise ApiError(404, f"No Supabase project {data['projectRef']!r} in the connected account")
    check_email(data["senderEmail"], "senderEmail")
    if not data["senderName"].strip():
        raise ApiError(400, "senderName must not be empty")
    supabase = store.supabase
    supabase.configured = True
    supabase.project_name = data["projectName"]
    supabase.configured_at = iso(now())
    return {
        "success": True,
        "message": f"Supabase project {data['projectName']} now sends auth emails via Pingram",
    }


@handler
def account_revoke_supabase(store: Store, call: Call) -> Any:
    store.supabase = Supabase(connected=False, configured=False)
    return {"success": True, "message": "Supabase integration revoked"}
