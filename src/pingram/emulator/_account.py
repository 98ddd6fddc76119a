"""The emulated account itself: plan and billing, usage, API keys, members, profile. No I/O.

:class:`AccountState` is a mixin of the emulator's ``State``. It serves the
``account``, ``accounts``, ``keys``, ``members``, ``profile`` and ``health``
operations from one account whose plan, invoices and usage history are made up
when the state is cleared and then stay the same for the rest of the run:

- a paid plan (``budget_20``, $20 a month) on calendar-month billing cycles,
  created a year before the current cycle, with one paid invoice per cycle (and
  one voided invoice) and a daily usage history derived from the date, so the
  same range always sums to the same counts. Messages the emulator delivers are
  added to today's counts;
- ``account_cancel_subscription`` schedules the move to the free plan for the
  end of the cycle (the ``pendingDowngrade*`` fields) while the subscription
  stays active, as the API describes; ``account_resume_subscription`` undoes it;
- one default secret API key, plus those created with ``keys_create_api_key``:
  the full key is returned once, lists show it masked, revoked keys disappear
  and are refused by the emulator's auth;
- one owner (the signed-in user) and the members who accepted an invitation.

What only the real world produces is accepted as it comes: invitation tokens
(which the API e-mails; the emulator's are in ``Emulator.invitations``),
authenticator codes (any six digits), Supabase OAuth codes and checkout
payments (a checkout session is created but never completes).
"""

from __future__ import annotations

import base64
import calendar
import copy
import re
import secrets
import uuid
import zlib
from datetime import date, datetime, timedelta, timezone
from typing import Any, Dict, List, Optional, Tuple

from ..models.common import ENUM_VALUES
from ._common import ACCOUNT_ID, ApiError, Call, iso, now, parse_time

__all__ = ["AccountState"]

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
#: Budget tier -> monthly budget in dollars.
TIER_COST_CAP = {tier: int(tier.rpartition("_")[2]) for tier in ENUM_VALUES["BudgetTier"]}
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
#: The log field of a delivery on each usage channel (``email_sent_at``).
_SENT_FIELD = {
    "EMAIL": "email_sent_at",
    "INAPP_WEB": "inapp_sent_at",
    "SMS": "sms_sent_at",
    "CALL": "call_sent_at",
    "PUSH": "mobile_push_sent_at",
    "WEB_PUSH": "web_push_sent_at",
    "SLACK": "slack_sent_at",
}
MFA_TYPES: Tuple[str, ...] = ENUM_VALUES["MfaType"]
MEMBER_ROLES: Tuple[str, ...] = ENUM_VALUES["MemberRole"]
KEY_PREFIX = {"secret": "pingram_sk_", "public": "pingram_pk_"}
#: Invitation tokens arrive by e-mail; any that looks like one is accepted.
_WELL_FORMED_TOKEN = re.compile(r"^[A-Za-z0-9._~+/=-]{16,2048}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_SIX_DIGITS = re.compile(r"^[0-9]{6}$")
#: ``groupBy`` of the usage history: UTC calendar months (the default) or billing cycles.
_GROUP_BY = {"calendar": "month", "billing": "cycle"}


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def _unix(day: date) -> int:
    return calendar.timegm(day.timetuple())


def _day(value: str, name: str) -> date:
    """A query date: ``YYYY-MM-DD``, an ISO 8601 date-time or Unix seconds/milliseconds."""
    return _moment(value, name).date()


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


def _check_email(value: str, what: str) -> str:
    email = value.strip()
    if not _EMAIL.match(email):
        raise ApiError(400, f"{what} must be an email address, got {value!r}")
    return email


def _check_url(value: str, what: str) -> str:
    if not re.match(r"^https?://[^\s/]+", value):
        raise ApiError(400, f"{what} must be an http(s) URL, got {value!r}")
    return value


def _mask(key: str) -> str:
    """How lists show a key: its prefix and last four characters."""
    prefix = next((p for p in KEY_PREFIX.values() if key.startswith(p)), "")
    return f"{prefix}{'*' * 8}{key[-4:]}"


class AccountState:
    """The account, its billing, keys, members and the signed-in user's profile."""

    #: The notifications ``State`` received, by tracking id (each with its log ``entry``):
    #: today's usage counts what they delivered.
    _sends: Dict[str, Any]

    def clear_account(self) -> None:
        """Back to the made-up account of a fresh emulator (dates from today)."""
        moment = now()
        self._today = moment.date()
        self._cycle_start = self._today.replace(day=1)
        self._cycle_end = _add_months(self._cycle_start, 1)
        created_day = _add_months(self._cycle_start, -HISTORY_CYCLES)
        self._created_day = created_day
        created = iso(_midnight(created_day) + timedelta(hours=9, minutes=41, seconds=7))
        self._account: Dict[str, Any] = {
            "accountId": ACCOUNT_ID,
            "accountType": "paid",
            "creator": OWNER_EMAIL,
            "name": "Emulated account",
            "messagesCap": PLAN_MESSAGES_CAP,
            "costCap": PLAN_COST_CAP,
            "anniversaryDate": self._cycle_end.isoformat(),
            "createdAt": created,
            "updatedAt": created,
            "status": "verified",
            "subscriptionStatus": "active",
            "autoUpgrade": False,
            "billingAlerts": {"enabled": True, "emails": [OWNER_EMAIL], "thresholds": [80, 100]},
        }
        self._billing_email = OWNER_EMAIL
        self._invoices = self._make_invoices()
        #: Additional accounts created with ``accounts_create_account``, by id.
        self._other_accounts: Dict[str, Dict[str, Any]] = {}
        self._keys: Dict[str, Dict[str, Any]] = {}
        #: Full key -> key id, for every account's keys (revoked ones included).
        self._key_ids: Dict[str, str] = {}
        self._revoked_keys: Dict[str, Dict[str, Any]] = {}
        self._new_key("secret", "Default secret key", None, ACCOUNT_ID, created)
        self._members: Dict[str, Dict[str, Any]] = {
            OWNER_ID: {
                "accountId": ACCOUNT_ID,
                "userId": OWNER_ID,
                "createdAt": created,
                "role": "owner",
                "email": OWNER_EMAIL,
                "groups": [],
                "enabledMFAs": [],
            }
        }
        #: Invitations by token: email, role, account, when, and whether accepted.
        self._invitations: Dict[str, Dict[str, Any]] = {}
        self._auto_join: List[str] = []
        self._mfa: Dict[str, Any] = {"enabled": False, "secret": None, "session": None}
        self._cancellation_reason: Optional[str] = None
        self._deletion_requests: List[Dict[str, Any]] = []
        self._supabase: Dict[str, Any] = {"connected": False, "configured": False}

    # -- helpers for the emulator (auth, inspection) -------------------------------------------

    def api_key_status(self, token: str) -> Optional[str]:
        """``"active"`` or ``"revoked"`` for a key this account issued, else ``None``.

        Using an active key records its ``lastUsedAt``.
        """
        key_id = self._key_ids.get(token)
        if key_id is None:
            return None
        record = self._keys.get(key_id)
        if record is None:
            return "active" if key_id not in self._revoked_keys else "revoked"
        record["lastUsedAt"] = iso(now())
        return "active"

    def invitations(self) -> List[Dict[str, Any]]:
        """Every invitation sent, oldest first, with the token its e-mail would carry."""
        return [{"token": token, **copy.deepcopy(i)} for token, i in self._invitations.items()]

    # -- account and billing ---------------------------------------------------------------------

    def _touch(self) -> None:
        self._account["updatedAt"] = iso(now())

    def account_get_account_details(self, call: Call) -> Any:
        return copy.deepcopy(self._account)

    def account_update_account_settings(self, call: Call) -> Any:
        raw = call.raw if isinstance(call.raw, dict) else {}
        if raw.get("autoUpgrade") is not None:
            self._account["autoUpgrade"] = bool(raw["autoUpgrade"])
        alerts = raw.get("billingAlerts")
        if alerts is not None:
            self._account["billingAlerts"] = _check_alerts(call.data["billingAlerts"])
        self._touch()
        return copy.deepcopy(self._account)

    def account_get_billing_email(self, call: Call) -> Any:
        return {"email": self._billing_email}

    def account_update_billing_email(self, call: Call) -> Any:
        self._billing_email = _check_email(call.data["email"], "email")
        return {"email": self._billing_email}

    def account_cancel_subscription(self, call: Call) -> Any:
        account = self._account
        if account["accountType"] != "paid":
            raise ApiError(
                400, "The account is on the free plan: there is no subscription to cancel"
            )
        if "pendingDowngradeAccountType" in account:
            raise ApiError(
                400,
                "The subscription is already cancelled at the end of the billing cycle "
                f"({account['pendingDowngradeEffectiveDate']}); resume it to keep the plan",
            )
        account["pendingDowngradeEffectiveDate"] = account["anniversaryDate"]
        account["pendingDowngradeAccountType"] = "free"
        account["pendingDowngradeCostCap"] = FREE_COST_CAP
        self._cancellation_reason = call.data.get("reason")
        self._touch()
        return copy.deepcopy(account)

    def account_resume_subscription(self, call: Call) -> Any:
        account = self._account
        if "pendingDowngradeAccountType" not in account:
            raise ApiError(400, "No cancellation is scheduled: the subscription already continues")
        for field in (
            "pendingDowngradeEffectiveDate",
            "pendingDowngradeAccountType",
            "pendingDowngradeCostCap",
        ):
            account.pop(field, None)
        self._touch()
        return copy.deepcopy(account)

    def account_prepare_checkout_session(self, call: Call) -> Any:
        data = call.data
        _check_url(data["successUrl"], "successUrl")
        _check_url(data["cancelUrl"], "cancelUrl")
        result = copy.deepcopy(self._account)
        price = data.get("budgetPriceId")
        if price is not None:
            if not price.strip():
                raise ApiError(400, "budgetPriceId must be a price id, got an empty string")
            session_id = "cs_test_" + secrets.token_hex(24)
            result["sessionId"] = session_id
            result["url"] = f"https://checkout.stripe.com/c/pay/{session_id}"
        return result

    def account_list_invoices(self, call: Call) -> Any:
        query = call.query
        limit = _limit(query.get("limit"))
        invoices = self._invoices
        status = query.get("status")
        if status is not None:
            if status not in ENUM_VALUES["InvoiceStatus"]:
                raise ApiError(
                    400,
                    f"Unknown invoice status {status!r}: use one of "
                    f"{', '.join(ENUM_VALUES['InvoiceStatus'])}",
                )
            invoices = [i for i in invoices if i["status"] == status]
        # Both bounds are inclusive; a date as upper bound includes that whole day.
        after_raw, before_raw = query.get("createdAfter"), query.get("createdBefore")
        if after_raw is not None:
            lowest = int(_moment(after_raw, "createdAfter").timestamp())
            invoices = [i for i in invoices if i["created"] >= lowest]
        if before_raw is not None:
            highest = int(_moment(before_raw, "createdBefore").timestamp())
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", before_raw.strip()):
                highest += 86400 - 1
            invoices = [i for i in invoices if i["created"] <= highest]
        after = query.get("startingAfter")
        if after is not None:
            ids = [i["id"] for i in invoices]
            if after not in ids:
                raise ApiError(400, f"No invoice {after!r} in this listing (startingAfter)")
            invoices = invoices[ids.index(after) + 1 :]
        return {
            "invoices": copy.deepcopy(invoices[:limit]),
            "hasMore": len(invoices) > limit,
        }

    def _make_invoices(self) -> List[Dict[str, Any]]:
        """One paid invoice per cycle since the account was created, and a voided one; newest
        first."""
        invoices: List[Dict[str, Any]] = []
        cents = PLAN_COST_CAP * 100
        for index in range(HISTORY_CYCLES + 1):
            start = _add_months(self._created_day, index)
            created = _unix(start) + 3600 + index * 61
            invoices.append(_invoice(len(invoices) + 1, "paid", cents, cents, created, start))
            if index == HISTORY_CYCLES // 2:
                # A plan change the customer reverted: voided, never charged.
                invoices.append(
                    _invoice(len(invoices) + 1, "void", 3000, 0, created + 86400 * 9, start)
                )
        invoices.sort(key=lambda invoice: invoice["created"], reverse=True)
        return invoices

    # -- usage -----------------------------------------------------------------------------------

    def _sent_today(self) -> Dict[str, int]:
        """Messages delivered through the emulator, by usage channel."""
        counts = dict.fromkeys(USAGE_CHANNELS, 0)
        for record in self._sends.values():
            entry = getattr(record, "entry", None)
            if not isinstance(entry, dict):
                continue
            for channel, field in _SENT_FIELD.items():
                if field in entry:
                    counts[channel] += 1
        return counts

    def _counts(self, first: date, last: date) -> Dict[str, int]:
        """Messages per channel from ``first`` to ``last`` (both included)."""
        counts = dict.fromkeys(USAGE_CHANNELS, 0)
        day = max(first, self._created_day)
        end = min(last, self._today)
        while day <= end:
            if day == self._today:
                for channel, count in self._sent_today().items():
                    counts[channel] += count
            else:
                for channel in USAGE_CHANNELS:
                    counts[channel] += _daily_count(channel, day)
            day += timedelta(days=1)
        return counts

    def account_get_usage(self, call: Call) -> Any:
        counts = self._counts(self._cycle_start, self._cycle_end - timedelta(days=1))
        costs: Dict[str, Any] = {
            channel: round(count * UNIT_COST[channel], 4) for channel, count in counts.items()
        }
        costs["NUMBER"] = NUMBER_RENT
        return {
            "costs": costs,
            "counts": counts,
            "billingCycleStart": iso(_midnight(self._cycle_start)),
            "billingCycleEnd": iso(_midnight(self._cycle_end)),
        }

    def account_get_usage_history(self, call: Call) -> Any:
        query = call.query
        for name in ("startDate", "endDate"):
            if not query.get(name):
                raise ApiError(400, f"Missing required query parameter {name} (YYYY-MM-DD)")
        first = _day(query["startDate"], "startDate")
        last = _day(query["endDate"], "endDate")
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
            following = _add_months(period, 1)
            # Billing cycles follow calendar months here: they start on the 1st.
            label = period.strftime("%Y-%m") if group == "month" else period.isoformat()
            counts = self._counts(max(first, period), min(last, following - timedelta(days=1)))
            items.append({"yearMonth": label, "counts": counts})
            period = following
        return {"items": items}

    # -- Supabase --------------------------------------------------------------------------------

    def _supabase_projects(self) -> List[Dict[str, Any]]:
        created = iso(_midnight(self._created_day) + timedelta(days=20, hours=14))
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

    def account_get_supabase_status(self, call: Call) -> Any:
        return copy.deepcopy(self._supabase)

    def account_supabase_o_auth(self, call: Call) -> Any:
        data = call.data
        for name in ("code", "redirect_uri", "code_verifier"):
            if not str(data[name]).strip():
                raise ApiError(400, f"{name} must not be empty")
        _check_url(data["redirect_uri"], "redirect_uri")
        self._supabase["connected"] = True
        return {"success": True, "message": "Supabase account connected"}

    def account_list_supabase_projects(self, call: Call) -> Any:
        self._supabase_connected()
        return {"projects": self._supabase_projects()}

    def account_configure_supabase_smtp(self, call: Call) -> Any:
        self._supabase_connected()
        data = call.data
        refs = {project["id"] for project in self._supabase_projects()}
        if data["projectRef"] not in refs:
            raise ApiError(
                404, f"No Supabase project {data['projectRef']!r} in the connected account"
            )
        _check_email(data["senderEmail"], "senderEmail")
        if not data["senderName"].strip():
            raise ApiError(400, "senderName must not be empty")
        self._supabase.update(
            configured=True, projectName=data["projectName"], configuredAt=iso(now())
        )
        return {
            "success": True,
            "message": f"Supabase project {data['projectName']} now sends auth emails via Pingram",
        }

    def account_revoke_supabase(self, call: Call) -> Any:
        self._supabase = {"connected": False, "configured": False}
        return {"success": True, "message": "Supabase integration revoked"}

    def _supabase_connected(self) -> None:
        if not self._supabase["connected"]:
            raise ApiError(400, "Supabase is not connected: complete account_supabase_o_auth first")

    # -- accounts --------------------------------------------------------------------------------

    def _summary(self, account: Dict[str, Any]) -> Dict[str, Any]:
        fields = ("accountId", "name", "accountType", "createdAt", "status", "costCap")
        return {field: account[field] for field in fields if field in account}

    def accounts_list_accounts(self, call: Call) -> Any:
        accounts = [self._account, *self._other_accounts.values()]
        return {"accounts": [self._summary(account) for account in accounts]}

    def accounts_create_account(self, call: Call) -> Any:
        data = call.data
        name = data["name"].strip()
        if not name:
            raise ApiError(400, "name must not be empty")
        emails = [_check_email(e, "memberEmails") for e in data.get("memberEmails") or []]
        plan = data.get("plan")
        account: Dict[str, Any] = {
            "accountId": str(uuid.uuid4()),
            "name": name,
            "accountType": "free",
            "createdAt": iso(now()),
            "status": "verified",
            "costCap": FREE_COST_CAP,
        }
        if plan is not None:
            tier = plan["tier"]
            if tier not in TIER_COST_CAP:
                raise ApiError(
                    400, f"Unknown plan tier {tier!r}: use one of {', '.join(TIER_COST_CAP)}"
                )
            source = plan["sourceBillingAccountId"]
            owned = {self._account["accountId"]: self._account, **self._other_accounts}
            if source not in owned:
                raise ApiError(404, f"No account {source!r} that you own (sourceBillingAccountId)")
            if owned[source]["accountType"] != "paid":
                raise ApiError(
                    400, f"Account {source!r} has no saved payment method to copy (free plan)"
                )
            account.update(
                accountType="paid", costCap=TIER_COST_CAP[tier], subscriptionStatus="active"
            )
        self._other_accounts[account["accountId"]] = account
        for email in emails:
            self._invite(email, "admin", account["accountId"])
        key = self._new_key("secret", "Default secret key", None, account["accountId"], None)
        result = {
            field: account[field]
            for field in ("accountId", "name", "status", "subscriptionStatus")
            if field in account
        }
        result["apiKey"] = key
        return result

    # -- API keys --------------------------------------------------------------------------------

    def _new_key(
        self,
        key_type: str,
        name: str,
        environment_id: Optional[str],
        account_id: str,
        created: Optional[str],
    ) -> str:
        key = KEY_PREFIX[key_type] + secrets.token_hex(24)
        key_id = str(uuid.uuid4())
        self._key_ids[key] = key_id
        if account_id != self._account["accountId"]:
            return key  # another account's key: it authenticates but is not listed here
        record: Dict[str, Any] = {
            "id": key_id,
            "key": key,
            "keyType": key_type,
            "accountId": account_id,
            "name": name,
            "revoked": False,
            "createdAt": created or iso(now()),
        }
        if environment_id is not None:
            record["environmentId"] = environment_id
        self._keys[key_id] = record
        return key

    def keys_create_api_key(self, call: Call) -> Any:
        data = call.data
        key_type = data["keyType"]
        if key_type not in KEY_PREFIX:
            raise ApiError(400, f"keyType must be 'secret' or 'public', got {key_type!r}")
        name = data["name"].strip()
        if not name:
            raise ApiError(400, "name must not be empty")
        key = self._new_key(
            key_type, name, data.get("environmentId"), self._account["accountId"], None
        )
        record = self._keys[self._key_ids[key]]
        fields = ("id", "key", "keyType", "environmentId", "name", "createdAt")
        return {field: record[field] for field in fields if field in record}

    def keys_list_api_keys(self, call: Call) -> Any:
        return {"keys": [{**record, "key": _mask(record["key"])} for record in self._keys.values()]}

    def keys_revoke_api_key(self, call: Call) -> Any:
        key_id = call.params["key_id"]
        record = self._keys.pop(key_id, None)
        if record is None:
            raise ApiError(404, f"No API key with id {key_id!r}")
        self._revoked_keys[key_id] = record
        return {"message": f"API key {key_id} revoked"}

    # -- members ---------------------------------------------------------------------------------
    # Members belong to the account, not to an environment: ``envId`` is not needed.

    def _member(self, call: Call, by_email: bool = False) -> Dict[str, Any]:
        """The member named by the ``userId`` path parameter (or, if allowed, their email)."""
        wanted = call.params["user_id"]
        member = self._members.get(wanted)
        if member is None and by_email:
            emails = {(m.get("email") or "").lower(): m for m in self._members.values()}
            member = emails.get(wanted.lower())
        if member is None:
            raise ApiError(404, f"No member {wanted!r}")
        return member

    def _owners(self) -> List[str]:
        return [uid for uid, member in self._members.items() if member["role"] == "owner"]

    def members_list_members(self, call: Call) -> Any:
        return copy.deepcopy(list(self._members.values()))

    def _invite(self, email: str, role: str, account_id: str) -> str:
        for token, invitation in list(self._invitations.items()):
            same = invitation["email"].lower() == email.lower()
            if same and invitation["accountId"] == account_id and not invitation["accepted"]:
                del self._invitations[token]  # a new invitation replaces the pending one
        token = secrets.token_urlsafe(32)
        self._invitations[token] = {
            "email": email,
            "role": role,
            "accountId": account_id,
            "createdAt": iso(now()),
            "accepted": False,
        }
        return token

    def members_invite_member(self, call: Call) -> Any:
        data = call.data
        email = _check_email(data["email"], "email")
        role = data.get("role") or "admin"
        if not role.strip():
            raise ApiError(400, "role must not be empty")
        if any((m.get("email") or "").lower() == email.lower() for m in self._members.values()):
            raise ApiError(409, f"{email} is already a member of the account")
        self._invite(email, role, self._account["accountId"])
        return {"message": f"Invitation sent to {email}"}

    def members_update(self, call: Call) -> Any:
        member = self._member(call)
        role = call.data["role"].strip()
        if not role:
            raise ApiError(400, "role must not be empty")
        if role in MEMBER_ROLES:
            if member["role"] == "owner" and role != "owner" and len(self._owners()) == 1:
                raise ApiError(400, "The account must keep an owner: make someone else owner first")
            member["role"] = role
        else:
            # Not an account role: a group the member belongs to.
            member["groups"] = [role]
        return {"success": True}

    def members_remove_member(self, call: Call) -> Any:
        # By user id or email; the email of someone invited who has not accepted yet
        # withdraws the invitation.
        wanted = call.params["user_id"].lower()
        pending = [
            token
            for token, invitation in self._invitations.items()
            if invitation["email"].lower() == wanted
            and invitation["accountId"] == self._account["accountId"]
            and not invitation["accepted"]
        ]
        if pending:
            for token in pending:
                del self._invitations[token]
            return {"success": True}
        member = self._member(call, by_email=True)
        if member["role"] == "owner" and len(self._owners()) == 1:
            raise ApiError(400, "The account's only owner cannot be removed")
        del self._members[member["userId"]]
        return {"success": True}

    def members_get_auto_join(self, call: Call) -> Any:
        return {"accountId": self._account["accountId"], "domains": list(self._auto_join)}

    def members_set_auto_join(self, call: Call) -> Any:
        domains: List[str] = []
        for raw in call.data["domains"]:
            domain = raw.strip().lower()
            if not _DOMAIN.match(domain):
                raise ApiError(400, f"Not an email domain: {raw!r} (expected e.g. example.com)")
            if domain not in domains:
                domains.append(domain)
        self._auto_join = domains
        return {"accountId": self._account["accountId"], "domains": list(domains)}

    # -- profile ---------------------------------------------------------------------------------

    def profile_accept_invite(self, call: Call) -> Any:
        token = call.data["token"].strip()
        invitation = self._invitations.get(token)
        if invitation is None:
            if not _WELL_FORMED_TOKEN.match(token):
                raise ApiError(400, "Invalid or expired invitation token")
            # A token from a real invitation e-mail: accepted as it is.
            return {"success": True, "accountId": self._account["accountId"], "userExists": True}
        if invitation["accepted"]:
            raise ApiError(400, "This invitation has already been accepted")
        email = invitation["email"]
        known = any((m.get("email") or "").lower() == email.lower() for m in self._members.values())
        invitation["accepted"] = True
        if invitation["accountId"] == self._account["accountId"] and not known:
            role = invitation["role"]
            user_id = str(uuid.uuid4())
            self._members[user_id] = {
                "accountId": invitation["accountId"],
                "userId": user_id,
                "createdAt": iso(now()),
                "role": role if role in MEMBER_ROLES else "admin",
                "email": email,
                "groups": [] if role in MEMBER_ROLES else [role],
                "enabledMFAs": [],
            }
        return {
            "success": True,
            "accountId": invitation["accountId"],
            "userExists": known,
            "inviteeEmail": email,
        }

    def profile_get_mfa_status(self, call: Call) -> Any:
        status: Dict[str, Any] = {
            "enabled": self._mfa["enabled"],
            "available": self._account["accountType"] == "paid",
        }
        if self._mfa["enabled"]:
            status["preferredMfa"] = MFA_TYPES[0]
        return status

    def _mfa_type(self, value: str) -> str:
        if value not in MFA_TYPES:
            raise ApiError(400, f"Unknown MFA type {value!r}: use {', '.join(MFA_TYPES)}")
        return value

    def profile_setup_mfa(self, call: Call) -> Any:
        self._mfa_type(call.data["type"])
        if self._account["accountType"] != "paid":
            raise ApiError(402, "Multi-factor authentication needs a paid plan")
        secret = base64.b32encode(secrets.token_bytes(20)).decode()
        session = secrets.token_urlsafe(48)
        self._mfa.update(secret=secret, session=session)
        uri = f"otpauth://totp/Pingram:{OWNER_EMAIL}?secret={secret}&issuer=Pingram"
        return {"secretCode": secret, "qrCodeUri": uri, "session": session}

    def profile_verify_mfa(self, call: Call) -> Any:
        data = call.data
        self._mfa_type(data["type"])
        if self._mfa["session"] is None or data["session"] != self._mfa["session"]:
            raise ApiError(
                400, "Unknown or expired MFA session: start again with profile_setup_mfa"
            )
        if not _SIX_DIGITS.match(data["code"].strip()):
            raise ApiError(400, "The code must be the 6 digits your authenticator app shows")
        self._mfa.update(enabled=True, session=None)
        self._members[OWNER_ID]["enabledMFAs"] = [data["type"]]
        return {"success": True}

    def profile_disable_mfa(self, call: Call) -> Any:
        self._mfa_type(call.params["type"])
        if not self._mfa["enabled"]:
            raise ApiError(400, "Multi-factor authentication is not enabled")
        self._mfa.update(enabled=False, secret=None, session=None)
        if OWNER_ID in self._members:
            self._members[OWNER_ID]["enabledMFAs"] = []
        return {"success": True}

    def profile_delete_account(self, call: Call) -> Any:
        # Acknowledged and recorded; the emulated account stays usable.
        self._deletion_requests.append({"reason": call.data.get("reason"), "at": iso(now())})
        return {"success": True}

    # -- health ----------------------------------------------------------------------------------

    def health_health_check(self, call: Call) -> Any:
        return {"message": "OK"}


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


def _invoice(
    seq: int, status: str, total: int, paid: int, created: int, period: date
) -> Dict[str, Any]:
    invoice_id = "in_emu" + format(zlib.crc32(f"{seq}:{created}".encode()), "08x") + f"{seq:06d}"
    return {
        "id": invoice_id,
        "number": f"EMU-{seq:04d}",
        "status": status,
        "currency": "usd",
        "total": total,
        "amountDue": total if status != "void" else 0,
        "amountPaid": paid,
        "created": created,
        "hostedInvoiceUrl": f"https://invoice.stripe.com/i/emulator/{invoice_id}",
        "invoicePdf": f"https://pay.stripe.com/invoice/emulator/{invoice_id}/pdf",
        "periodStart": _unix(period),
        "periodEnd": _unix(_add_months(period, 1)),
    }


def _check_alerts(alerts: Dict[str, Any]) -> Dict[str, Any]:
    """``billingAlerts`` under the API's rules: at most 3 emails; 1-2 thresholds, 5..100 by 5."""
    emails = [_check_email(e, "billingAlerts.emails") for e in alerts.get("emails") or []]
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
    return {"enabled": enabled, "emails": emails, "thresholds": thresholds}
