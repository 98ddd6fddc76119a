"""The emulated account: billing, usage, keys, members, profile and health, through a client."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Iterator, List

import httpx
import pytest

from pingram import BadRequestError, ConflictError, NotFoundError, PingramSync
from pingram.emulator import Emulator

KEY = "pingram_sk_test"
ENV = "emulator"


@pytest.fixture
def client(pingram_emulator: Emulator) -> Iterator[PingramSync]:
    with PingramSync(api_key=KEY, base_url=pingram_emulator.url, max_retries=0) as pingram:
        yield pingram


# -- account and billing -------------------------------------------------------------------------


def test_account_details_are_plausible_and_stable(client: PingramSync) -> None:
    first = client.account.account_get_account_details()
    second = client.account.account_get_account_details()
    assert first == second
    assert first.account_type == "paid"
    assert first.subscription_status == "active"
    assert first.status == "verified"
    assert first.cost_cap == 20
    assert re.fullmatch(r"\d{4}-\d{2}-01", first.anniversary_date or "")
    assert first.created_at < (first.anniversary_date or "")
    assert first.billing_alerts is not None
    assert first.billing_alerts.enabled
    assert first.billing_alerts.thresholds == [80, 100]
    assert first.billing_alerts.emails == [first.creator]


def test_settings_update_follows_the_billing_alert_rules(client: PingramSync) -> None:
    alerts = {"enabled": True, "emails": ["ops@example.com"], "thresholds": [50, 90]}
    updated = client.account.account_update_account_settings(
        {"autoUpgrade": True, "billingAlerts": alerts}
    )
    assert updated.auto_upgrade is True
    again = client.account.account_get_account_details()
    assert again.billing_alerts is not None
    assert again.billing_alerts.emails == ["ops@example.com"]
    assert again.billing_alerts.thresholds == [50, 90]
    assert again.auto_upgrade is True

    for bad in (
        {**alerts, "thresholds": [7]},  # steps of 5
        {**alerts, "thresholds": [50, 80, 100]},  # at most two
        {**alerts, "emails": [f"a{i}@example.com" for i in range(4)]},  # at most three
        {**alerts, "thresholds": []},  # one while enabled
    ):
        with pytest.raises(BadRequestError):
            client.account.account_update_account_settings({"billingAlerts": bad})
    # Disabled alerts keep their addresses and need no threshold.
    off = client.account.account_update_account_settings(
        {"billingAlerts": {"enabled": False, "emails": ["ops@example.com"], "thresholds": []}}
    )
    assert off.billing_alerts is not None
    assert off.billing_alerts.enabled is False


def test_billing_email(client: PingramSync) -> None:
    owner = client.account.account_get_account_details().creator
    assert client.account.account_get_billing_email().email == owner
    client.account.account_update_billing_email({"email": "invoices@example.com"})
    assert client.account.account_get_billing_email().email == "invoices@example.com"
    with pytest.raises(BadRequestError):
        client.account.account_update_billing_email({"email": "not an address"})
    assert client.account.account_get_billing_email().email == "invoices@example.com"


def test_cancel_schedules_the_downgrade_and_resume_undoes_it(client: PingramSync) -> None:
    before = client.account.account_get_account_details()
    assert before.pending_downgrade_account_type is None

    cancelled = client.account.account_cancel_subscription({"reason": "trying things out"})
    # Access continues until the end of the cycle: still paid and active.
    assert cancelled.account_type == "paid"
    assert cancelled.subscription_status == "active"
    assert cancelled.pending_downgrade_account_type == "free"
    assert cancelled.pending_downgrade_effective_date == before.anniversary_date
    assert cancelled.pending_downgrade_cost_cap == 0
    assert client.account.account_get_account_details() == cancelled
    with pytest.raises(BadRequestError):
        client.account.account_cancel_subscription({})

    resumed = client.account.account_resume_subscription()
    assert resumed.subscription_status == "active"
    assert resumed.pending_downgrade_account_type is None
    assert resumed.pending_downgrade_effective_date is None
    with pytest.raises(BadRequestError):
        client.account.account_resume_subscription()


def test_checkout_session_only_when_a_price_is_given(client: PingramSync) -> None:
    urls = {"successUrl": "https://app.example.com/ok", "cancelUrl": "https://app.example.com/no"}
    plain = client.account.account_prepare_checkout_session(urls)
    assert plain.account_id == client.account.account_get_account_details().account_id
    assert plain.session_id is None
    assert plain.url is None
    checkout = client.account.account_prepare_checkout_session(
        {**urls, "budgetPriceId": "price_budget_50"}
    )
    assert checkout.session_id
    assert checkout.url
    assert checkout.session_id in checkout.url
    with pytest.raises(BadRequestError):
        client.account.account_prepare_checkout_session({**urls, "successUrl": "ok"})


def test_invoices_page_newest_first_and_filter(client: PingramSync) -> None:
    everything = client.account.account_list_invoices(limit=100)
    assert not everything.has_more
    ids = [invoice.id for invoice in everything.invoices]
    created = [invoice.created for invoice in everything.invoices]
    assert len(ids) == len(set(ids)) > 10
    assert created == sorted(created, reverse=True)
    assert client.account.account_list_invoices(limit=100) == everything

    pages: List[str] = []
    after = None
    while True:
        page = client.account.account_list_invoices(limit=4, starting_after=after)
        assert len(page.invoices) <= 4
        pages.extend(invoice.id for invoice in page.invoices)
        if not page.has_more:
            break
        after = page.invoices[-1].id
    assert pages == ids
    assert len(client.account.account_list_invoices().invoices) == 10  # the default page

    paid = client.account.account_list_invoices(limit=100, status="paid").invoices
    void = client.account.account_list_invoices(limit=100, status="void").invoices
    assert paid
    assert all(i.status == "paid" and i.amount_paid == i.total for i in paid)
    assert len(void) == 1
    assert void[0].amount_paid == 0
    assert len(paid) + len(void) == len(ids)
    assert client.account.account_list_invoices(status="draft").invoices == []

    # Bounds are inclusive: unix seconds, or a date (an upper bound takes in the whole day).
    middle = everything.invoices[5].created
    newer = client.account.account_list_invoices(limit=100, created_after=str(middle)).invoices
    older = client.account.account_list_invoices(limit=100, created_before=str(middle)).invoices
    assert [i.id for i in newer] == ids[:6]
    assert [i.id for i in older] == ids[5:]
    day = datetime.fromtimestamp(middle, timezone.utc).date().isoformat()
    same_day = client.account.account_list_invoices(
        limit=100, created_after=day, created_before=day
    ).invoices
    assert everything.invoices[5] in same_day
    assert all(
        datetime.fromtimestamp(i.created, timezone.utc).date().isoformat() == day for i in same_day
    )

    with pytest.raises(BadRequestError):
        client.account.account_list_invoices(status="settled")
    with pytest.raises(BadRequestError):
        client.account.account_list_invoices(starting_after="in_nope")


# -- usage ---------------------------------------------------------------------------------------


def test_usage_is_stable_and_counts_what_the_emulator_sends(client: PingramSync) -> None:
    usage = client.account.account_get_usage()
    assert client.account.account_get_usage() == usage
    assert usage.billing_cycle_start < usage.billing_cycle_end
    assert usage.counts is not None

    client.send(
        {
            "type": "welcome",
            "to": {"id": "u1", "email": "ada@example.com"},
            "email": {"subject": "Hi", "html": "<p>Hi</p>"},
        }
    )
    after = client.account.account_get_usage()
    assert after.counts is not None
    assert after.counts.email == usage.counts.email + 1
    assert after.counts.sms == usage.counts.sms


def _months_after(created_at: str, count: int) -> List[date]:
    """The first days of the ``count`` months that follow the account's creation month."""
    year, month = int(created_at[:4]), int(created_at[5:7])
    firsts = []
    for _ in range(count):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        firsts.append(date(year, month, 1))
    return firsts


def test_usage_history_by_month_and_billing_cycle(client: PingramSync) -> None:
    created_at = client.account.account_get_account_details().created_at
    months = _months_after(created_at, 5)  # whole months of past usage
    start, end = months[0].isoformat(), (months[4] - timedelta(days=1)).isoformat()
    history = client.account.account_get_usage_history(start, end)
    assert [item.year_month for item in history.items] == [m.strftime("%Y-%m") for m in months[:4]]
    assert client.account.account_get_usage_history(start, end) == history
    cycles = client.account.account_get_usage_history(start, end, group_by="billing")
    assert [item.year_month for item in cycles.items] == [m.isoformat() for m in months[:4]]
    assert [item.counts for item in cycles.items] == [item.counts for item in history.items]

    # Sums of daily counts: half a month counts less than the whole month.
    half_end = months[0].replace(day=15).isoformat()
    (half,) = client.account.account_get_usage_history(start, half_end).items
    assert half.year_month == history.items[0].year_month
    assert 0 < half.counts.email < history.items[0].counts.email
    # Nothing before the account existed.
    before = client.account.account_get_usage_history("2000-01-01", "2000-02-28").items
    assert [item.counts.email for item in before] == [0, 0]

    with pytest.raises(BadRequestError):
        client.account.account_get_usage_history(end, start)
    with pytest.raises(BadRequestError):
        client.account.account_get_usage_history(start, end, group_by="week")
    with pytest.raises(BadRequestError):
        client.account.account_get_usage_history("last tuesday", end)


# -- Supabase ------------------------------------------------------------------------------------


def test_supabase_connect_configure_revoke(client: PingramSync) -> None:
    status = client.account.account_get_supabase_status()
    assert (status.connected, status.configured) == (False, False)
    with pytest.raises(BadRequestError):
        client.account.account_list_supabase_projects()

    oauth = {
        "code": "from-redirect",
        "redirect_uri": "https://app.example.com/cb",
        "code_verifier": "verifier",
    }
    assert client.account.account_supabase_o_auth(oauth).success
    projects = client.account.account_list_supabase_projects().projects
    assert projects
    assert client.account.account_list_supabase_projects().projects == projects
    project = projects[0]
    configured = client.account.account_configure_supabase_smtp(
        {
            "projectRef": project.id,
            "projectName": project.name,
            "senderName": "My App",
            "senderEmail": "auth@example.com",
        }
    )
    assert configured.success
    status = client.account.account_get_supabase_status()
    assert status.connected
    assert status.configured
    assert status.project_name == project.name
    assert status.configured_at

    with pytest.raises(NotFoundError):
        client.account.account_configure_supabase_smtp(
            {
                "projectRef": "unknownref",
                "projectName": "x",
                "senderName": "x",
                "senderEmail": "auth@example.com",
            }
        )
    assert client.account.account_revoke_supabase().success
    status = client.account.account_get_supabase_status()
    assert (status.connected, status.configured, status.project_name) == (False, False, None)


# -- accounts ------------------------------------------------------------------------------------


def test_create_account_lists_it_and_its_key_works(
    pingram_emulator: Emulator, client: PingramSync
) -> None:
    main = client.account.account_get_account_details()
    assert [a.account_id for a in client.accounts.accounts_list_accounts().accounts] == [
        main.account_id
    ]
    created = client.accounts.accounts_create_account(
        {
            "name": "Side project",
            "plan": {"tier": "budget_50", "sourceBillingAccountId": main.account_id},
            "memberEmails": ["grace@example.com"],
        }
    )
    assert created.name == "Side project"
    assert created.status == "verified"
    assert created.subscription_status == "active"
    assert created.api_key.startswith("pingram_sk_")
    listed = {a.account_id: a for a in client.accounts.accounts_list_accounts().accounts}
    assert listed[created.account_id].account_type == "paid"
    assert listed[created.account_id].cost_cap == 50
    free = client.accounts.accounts_create_account({"name": "Free one"})
    assert free.subscription_status is None
    assert client.accounts.accounts_list_accounts().accounts[-1].account_type == "free"
    (invite,) = pingram_emulator.invitations
    assert (invite["email"], invite["accountId"]) == ("grace@example.com", created.account_id)

    with pytest.raises(NotFoundError):
        client.accounts.accounts_create_account(
            {"name": "x", "plan": {"tier": "budget_20", "sourceBillingAccountId": "nope"}}
        )
    with pytest.raises(BadRequestError):  # a free account has no payment method to copy
        client.accounts.accounts_create_account(
            {"name": "x", "plan": {"tier": "budget_20", "sourceBillingAccountId": free.account_id}}
        )
    with pytest.raises(BadRequestError):
        client.accounts.accounts_create_account(
            {"name": "x", "plan": {"tier": "budget_7", "sourceBillingAccountId": main.account_id}}
        )


# -- API keys ------------------------------------------------------------------------------------


def test_key_secret_is_shown_once_and_revoked_keys_are_gone(client: PingramSync) -> None:
    created = client.keys.keys_create_api_key({"keyType": "secret", "name": "CI"})
    assert created.key.startswith("pingram_sk_")
    assert len(created.key) > 30
    assert created.name == "CI"
    assert created.key_type == "secret"
    public = client.keys.keys_create_api_key(
        {"keyType": "public", "name": "Browser", "environmentId": ENV}
    )
    assert public.key.startswith("pingram_pk_")
    assert public.environment_id == ENV

    listed = {k.id: k for k in client.keys.keys_list_api_keys().keys}
    assert {created.id, public.id} <= set(listed)
    for key in (created, public):
        shown = listed[key.id]
        assert shown.key != key.key
        assert shown.key.endswith(key.key[-4:])
        assert "*" in shown.key
        assert shown.revoked is False
        assert shown.account_id
    raw = client.with_raw_response(client.keys.keys_list_api_keys)()
    assert created.key not in raw.text
    assert public.key not in raw.text

    assert client.keys.keys_revoke_api_key(created.id).message
    assert created.id not in {k.id for k in client.keys.keys_list_api_keys().keys}
    with pytest.raises(NotFoundError):
        client.keys.keys_revoke_api_key(created.id)


def test_created_keys_authenticate_until_revoked() -> None:
    only = "pingram_sk_only_this_one"
    with Emulator(api_key=only) as emu, PingramSync(api_key=only, base_url=emu.url) as admin:
        key = admin.keys.keys_create_api_key({"keyType": "secret", "name": "worker"})
        auth = {"Authorization": f"Bearer {key.key}"}
        assert httpx.get(f"{emu.url}/account", headers=auth).status_code == 200
        other = {"Authorization": "Bearer pingram_sk_made_up"}
        assert httpx.get(f"{emu.url}/account", headers=other).status_code == 401
        (listed,) = [k for k in admin.keys.keys_list_api_keys().keys if k.id == key.id]
        assert listed.last_used_at

        admin.keys.keys_revoke_api_key(key.id)
        refused = httpx.get(f"{emu.url}/account", headers=auth)
        assert refused.status_code == 401
        assert key.key not in refused.text


# -- members and invitations ---------------------------------------------------------------------


def test_invite_accept_update_remove(pingram_emulator: Emulator, client: PingramSync) -> None:
    (owner,) = client.members.members_list_members(ENV)
    assert owner.role == "owner"
    assert owner.email

    sent = client.members.members_invite_member(ENV, {"email": "grace@example.com"})
    assert sent.message
    assert "grace@example.com" in sent.message
    assert len(client.members.members_list_members(ENV)) == 1  # pending until accepted
    (invitation,) = pingram_emulator.invitations
    assert invitation["accepted"] is False

    accepted = client.profile.profile_accept_invite({"token": invitation["token"]})
    assert accepted.success
    assert accepted.invitee_email == "grace@example.com"
    assert accepted.account_id == owner.account_id
    assert accepted.user_exists is False
    assert pingram_emulator.invitations[0]["accepted"] is True
    with pytest.raises(BadRequestError):
        client.profile.profile_accept_invite({"token": invitation["token"]})

    members = {m.email: m for m in client.members.members_list_members(ENV)}
    grace = members["grace@example.com"]
    assert grace.role == "admin"
    assert grace.account_id == owner.account_id
    with pytest.raises(ConflictError):
        client.members.members_invite_member(ENV, {"email": "grace@example.com"})

    assert client.members.members_update(ENV, grace.user_id, {"role": "owner"}).success
    assert {m.user_id: m.role for m in client.members.members_list_members(ENV)}[
        grace.user_id
    ] == "owner"
    assert client.members.members_remove_member(ENV, grace.user_id).success
    assert [m.user_id for m in client.members.members_list_members(ENV)] == [owner.user_id]
    with pytest.raises(NotFoundError):
        client.members.members_remove_member(ENV, grace.user_id)
    # The account keeps an owner.
    with pytest.raises(BadRequestError):
        client.members.members_remove_member(ENV, owner.user_id)
    with pytest.raises(BadRequestError):
        client.members.members_update(ENV, owner.user_id, {"role": "admin"})


def test_invitation_role_and_tokens_from_real_emails(
    pingram_emulator: Emulator, client: PingramSync
) -> None:
    client.members.members_invite_member(ENV, {"email": "ops@example.com", "role": "owner"})
    client.members.members_invite_member(ENV, {"email": "ops@example.com", "role": "admin"})
    (invitation,) = pingram_emulator.invitations  # the second replaced the first
    client.profile.profile_accept_invite({"token": invitation["token"]})
    roles = {m.email: m.role for m in client.members.members_list_members(ENV)}
    assert roles["ops@example.com"] == "admin"

    # A token from a real invitation e-mail is taken as it comes.
    emailed = client.profile.profile_accept_invite({"token": "eyJhbGciOi.abcdefghijklmnop.sig"})
    assert emailed.success
    assert emailed.account_id
    for malformed in ("", "short", "has spaces in the middle of it"):
        with pytest.raises(BadRequestError):
            client.profile.profile_accept_invite({"token": malformed})
    with pytest.raises(BadRequestError):
        client.members.members_invite_member(ENV, {"email": "nobody"})


def test_members_without_env_id_and_removal_by_email(pingram_emulator: Emulator) -> None:
    # The official SDK's generated client drops envId: the emulator does not need it.
    auth = {"Authorization": f"Bearer {KEY}"}
    with httpx.Client(base_url=pingram_emulator.url, headers=auth) as raw:
        assert raw.post("/members", json={"email": "Ada@example.com"}).status_code == 200
        (invitation,) = pingram_emulator.invitations
        accepted = raw.post("/profile/accept_invite", json={"token": invitation["token"]})
        assert accepted.status_code == 200
        assert len(raw.get("/members").json()) == 2
        assert raw.delete("/members/ada%40example.com").status_code == 200
        assert len(raw.get("/members").json()) == 1

        # Removing someone invited who has not accepted withdraws the invitation.
        assert raw.post("/members", json={"email": "bob@example.com"}).status_code == 200
        assert raw.delete("/members/bob%40example.com").status_code == 200
        assert [i["email"] for i in pingram_emulator.invitations] == ["Ada@example.com"]
        assert raw.delete("/members/bob%40example.com").status_code == 404


def test_health_and_accepting_an_invitation_need_no_key(pingram_emulator: Emulator) -> None:
    with httpx.Client(base_url=pingram_emulator.url) as anonymous:
        assert anonymous.get("/status").json() == {"message": "OK"}
        accepted = anonymous.post("/profile/accept_invite", json={"token": "x" * 32})
        assert accepted.status_code == 200
        assert anonymous.get("/account").status_code == 401


def test_auto_join_domains(client: PingramSync) -> None:
    empty = client.members.members_get_auto_join(ENV)
    assert empty.domains == []
    assert empty.account_id
    saved = client.members.members_set_auto_join(
        ENV, {"domains": ["Example.com", "example.com", "corp.example.org"]}
    )
    assert saved.domains == ["example.com", "corp.example.org"]
    assert client.members.members_get_auto_join(ENV).domains == saved.domains
    with pytest.raises(BadRequestError):
        client.members.members_set_auto_join(ENV, {"domains": ["not a domain"]})
    assert client.members.members_get_auto_join(ENV).domains == saved.domains


# -- profile -------------------------------------------------------------------------------------


def test_mfa_setup_verify_status_disable(client: PingramSync) -> None:
    status = client.profile.profile_get_mfa_status()
    assert (status.enabled, status.available, status.preferred_mfa) == (False, True, None)

    setup = client.profile.profile_setup_mfa({"type": "SOFTWARE_TOKEN_MFA"})
    assert re.fullmatch(r"[A-Z2-7]+=*", setup.secret_code)
    assert setup.qr_code_uri.startswith("otpauth://totp/")
    assert setup.secret_code in (setup.qr_code_uri)
    verify = {"type": "SOFTWARE_TOKEN_MFA", "session": setup.session}
    with pytest.raises(BadRequestError):
        client.profile.profile_verify_mfa({**verify, "code": "12345"})
    with pytest.raises(BadRequestError):
        client.profile.profile_verify_mfa({**verify, "session": "other", "code": "123456"})
    assert client.profile.profile_get_mfa_status().enabled is False

    assert client.profile.profile_verify_mfa({**verify, "code": "482913"}).success
    status = client.profile.profile_get_mfa_status()
    assert (status.enabled, status.preferred_mfa) == (True, "SOFTWARE_TOKEN_MFA")
    (owner,) = client.members.members_list_members(ENV)
    assert owner.enabled_mfas == ["SOFTWARE_TOKEN_MFA"]
    with pytest.raises(BadRequestError):  # the session is used up
        client.profile.profile_verify_mfa({**verify, "code": "482913"})

    with pytest.raises(BadRequestError):
        client.profile.profile_disable_mfa("SMS_MFA")
    assert client.profile.profile_disable_mfa("SOFTWARE_TOKEN_MFA").success
    assert client.profile.profile_get_mfa_status().enabled is False
    assert client.members.members_list_members(ENV)[0].enabled_mfas == []
    with pytest.raises(BadRequestError):
        client.profile.profile_disable_mfa("SOFTWARE_TOKEN_MFA")


def test_delete_account_request_and_health(client: PingramSync) -> None:
    assert client.profile.profile_delete_account({"reason": "done testing"}).success
    assert client.health.health_health_check().message
    # The emulated account stays usable.
    assert client.account.account_get_account_details().account_type == "paid"


def test_reset_restores_the_initial_account(
    pingram_emulator: Emulator, client: PingramSync
) -> None:
    initial = client.account.account_get_account_details()
    client.account.account_cancel_subscription({})
    client.members.members_invite_member(ENV, {"email": "x@example.com"})
    pingram_emulator.reset()
    assert client.account.account_get_account_details().pending_downgrade_account_type is None
    assert pingram_emulator.invitations == []
    assert client.account.account_get_account_details().account_id == initial.account_id
