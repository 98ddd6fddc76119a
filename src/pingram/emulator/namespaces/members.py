"""``members_*``: the account's members and invitations. Invitations are not e-mailed:
their tokens are in ``Emulator.invitations``. Members belong to the account, not to an
environment: ``envId`` is not needed."""

from __future__ import annotations

import re
import secrets
from typing import Any, List

from ...models.common import ENUM_VALUES
from .._common import ApiError, Call, iso, now
from .._records import Invitation, Member
from .._registry import handler
from .._store import Store
from .account import OWNER_EMAIL, OWNER_ID, check_email

MEMBER_ROLES = ENUM_VALUES["MemberRole"]
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def seed(store: Store, created: str) -> None:
    """The account's one owner: the signed-in user."""
    store.members[OWNER_ID] = Member(
        account_id=store.account.account_id,
        user_id=OWNER_ID,
        created_at=created,
        role="owner",
        email=OWNER_EMAIL,
        groups=[],
        enabled_mf_as=[],
    )


def _member(store: Store, call: Call, by_email: bool = False) -> Member:
    """The member named by the ``userId`` path parameter (or, if allowed, their email)."""
    wanted = call.params["user_id"]
    member = store.members.get(wanted)
    if member is None and by_email:
        member = next(
            (m for m in store.members.values() if m.email.lower() == wanted.lower()), None
        )
    if member is None:
        raise ApiError(404, f"No member {wanted!r}")
    return member


def _owners(store: Store) -> List[str]:
    return [uid for uid, member in store.members.items() if member.role == "owner"]


def invite(store: Store, email: str, role: str, account_id: str) -> str:
    """Send an invitation (replacing a pending one to the same address); returns its token."""
    for token, invitation in list(store.invitations.items()):
        same = invitation.email.lower() == email.lower()
        if same and invitation.account_id == account_id and not invitation.accepted:
            del store.invitations[token]
    token = secrets.token_urlsafe(32)
    store.invitations[token] = Invitation(
        token=token,
        email=email,
        role=role,
        account_id=account_id,
        created_at=iso(now()),
        accepted=False,
    )
    return token


@handler
def members_list_members(store: Store, call: Call) -> Any:
    return list(store.members.values())


@handler
def members_invite_member(store: Store, call: Call) -> Any:
    data = call.data
    email = check_email(data["email"], "email")
    role = data.get("role") or "admin"
    if not role.strip():
        raise ApiError(400, "role must not be empty")
    if any(m.email.lower() == email.lower() for m in store.members.values()):
        raise ApiError(409, f"{email} is already a member of the account")
    invite(store, email, role, store.account.account_id)
    return {"message": f"Invitation sent to {email}"}


@handler
def members_update(store: Store, call: Call) -> Any:
    member = _member(store, call)
    role = call.data["role"].strip()
    if not role:
        raise ApiError(400, "role must not be empty")
    if role in MEMBER_ROLES:
        if member.role == "owner" and role != "owner" and len(_owners(store)) == 1:
            raise ApiError(400, "The account must keep an owner: make someone else owner first")
        member.role = role
    else:
        # Not an account role: a group the member belongs to.
        member.groups = [role]
    return {"success": True}


@handler
def members_remove_member(store: Store, call: Call) -> Any:
    # By user id or email; the email of someone invited who has not accepted yet
    # withdraws the invitation.
    wanted = call.params["user_id"].lower()
    pending = [
        token
        for token, invitation in store.invitations.items()
        if invitation.email.lower() == wanted
        and invitation.account_id == store.account.account_id
        and not invitation.accepted
    ]
    if pending:
        for token in pending:
            del store.invitations[token]
        return {"success": True}
    member = _member(store, call, by_email=True)
    if member.role == "owner" and len(_owners(store)) == 1:
        raise ApiError(400, "The account's only owner cannot be removed")
    del store.members[member.user_id]
    return {"success": True}


@handler
def members_get_auto_join(store: Store, call: Call) -> Any:
    return {"accountId": store.account.account_id, "domains": list(store.auto_join)}


@handler
def members_set_auto_join(store: Store, call: Call) -> Any:
    domains: List[str] = []
    for raw in call.data["domains"]:
        domain = raw.strip().lower()
        if not _DOMAIN.match(domain):
            raise ApiError(400, f"Not an email domain: {raw!r} (expected e.g. example.com)")
        if domain not in domains:
            domains.append(domain)
    store.auto_join = domains
    return {"accountId": store.account.account_id, "domains": list(domains)}
