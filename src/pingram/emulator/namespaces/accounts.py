"""``accounts_*``: the accounts the signed-in user owns: the emulated one, and those created
here (free, or paid with the payment method of an account already paying). A created
account gets a secret key, which authenticates but is not listed under this account."""

from __future__ import annotations

import uuid
from typing import Any, Dict

from ...models.common import ENUM_VALUES
from .._common import ApiError, Call, iso, now
from .._records import Account
from .._registry import handler
from .._store import Store
from .account import FREE_COST_CAP, check_email
from .keys import new_key
from .members import invite

#: Budget tier -> monthly budget in dollars.
TIER_COST_CAP = {tier: int(tier.rpartition("_")[2]) for tier in ENUM_VALUES["BudgetTier"]}


def _summary(account: Account) -> Dict[str, Any]:
    return {
        "accountId": account.account_id,
        "name": account.name,
        "accountType": account.account_type,
        "createdAt": account.created_at,
        "status": account.status,
        "costCap": account.cost_cap,
    }


@handler
def accounts_list_accounts(store: Store, call: Call) -> Any:
    accounts = [store.account, *store.other_accounts.values()]
    return {"accounts": [_summary(account) for account in accounts]}


@handler
def accounts_create_account(store: Store, call: Call) -> Any:
    data = call.data
    name = data["name"].strip()
    if not name:
        raise ApiError(400, "name must not be empty")
    emails = [check_email(e, "memberEmails") for e in data.get("memberEmails") or []]
    plan = data.get("plan")
    account = Account(
        account_id=str(uuid.uuid4()),
        name=name,
        account_type="free",
        created_at=iso(now()),
        status="verified",
        cost_cap=FREE_COST_CAP,
    )
    if plan is not None:
        tier = plan["tier"]
        if tier not in TIER_COST_CAP:
            raise ApiError(
                400, f"Unknown plan tier {tier!r}: use one of {', '.join(TIER_COST_CAP)}"
            )
        source = plan["sourceBillingAccountId"]
        owned = {store.account.account_id: store.account, **store.other_accounts}
        if source not in owned:
            raise ApiError(404, f"No account {source!r} that you own (sourceBillingAccountId)")
        if owned[source].account_type != "paid":
            raise ApiError(
                400, f"Account {source!r} has no saved payment method to copy (free plan)"
            )
        account.account_type = "paid"
        account.cost_cap = TIER_COST_CAP[tier]
        account.subscription_status = "active"
    store.other_accounts[account.account_id] = account
    for email in emails:
        invite(store, email, "admin", account.account_id)
    key = new_key(store, "secret", "Default secret key", None, account.account_id)
    result: Dict[str, Any] = {
        "accountId": account.account_id,
        "name": account.name,
        "status": account.status,
    }
    if account.subscription_status is not None:
        result["subscriptionStatus"] = account.subscription_status
    result["apiKey"] = key
    return result
