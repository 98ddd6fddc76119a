"""``profile_*``: the signed-in user. Invitations are accepted by token (any well-formed
token from a real e-mail too); MFA accepts any 6-digit code; deleting the account is
acknowledged and changes nothing."""

from __future__ import annotations

import base64
import re
import secrets
import uuid
from typing import Any, Dict, Tuple

from ...models.common import ENUM_VALUES
from .._common import ApiError, Call, iso, now
from .._records import DeletionRequest, Member
from .._registry import handler
from .._store import Store
from .account import OWNER_EMAIL, OWNER_ID
from .members import MEMBER_ROLES

MFA_TYPES: Tuple[str, ...] = ENUM_VALUES["MfaType"]
#: Invitation tokens arrive by e-mail; any that looks like one is accepted.
_WELL_FORMED_TOKEN = re.compile(r"^[A-Za-z0-9._~+/=-]{16,2048}$")
_SIX_DIGITS = re.compile(r"^[0-9]{6}$")


@handler
def profile_accept_invite(store: Store, call: Call) -> Any:
    token = call.data["token"].strip()
    invitation = store.invitations.get(token)
    account_id = store.account.account_id
    if invitation is None:
        if not _WELL_FORMED_TOKEN.match(token):
            raise ApiError(400, "Invalid or expired invitation token")
        # A token from a real invitation e-mail: accepted as it is.
        return {"success": True, "accountId": account_id, "userExists": True}
    if invitation.accepted:
        raise ApiError(400, "This invitation has already been accepted")
    email = invitation.email
    known = any(m.email.lower() == email.lower() for m in store.members.values())
    invitation.accepted = True
    if invitation.account_id == account_id and not known:
        role = invitation.role
        user_id = str(uuid.uuid4())
        store.members[user_id] = Member(
            account_id=invitation.account_id,
            user_id=user_id,
            created_at=iso(now()),
            role=role if role in MEMBER_ROLES else "admin",
            email=email,
            groups=[] if role in MEMBER_ROLES else [role],
            enabled_mf_as=[],
        )
    return {
        "success": True,
        "accountId": invitation.account_id,
        "userExists": known,
        "inviteeEmail": email,
    }


@handler
def profile_get_mfa_status(store: Store, call: Call) -> Any:
    status: Dict[str, Any] = {
        "enabled": store.mfa.enabled,
        "available": store.account.account_type == "paid",
    }
    if store.mfa.enabled:
        status["preferredMfa"] = MFA_TYPES[0]
    return status


def _mfa_type(value: str) -> str:
    if value not in MFA_TYPES:
        raise ApiError(400, f"Unknown MFA type {value!r}: use {', '.join(MFA_TYPES)}")
    return value


@handler
def profile_setup_mfa(store: Store, call: Call) -> Any:
    _mfa_type(call.data["type"])
    if store.account.account_type != "paid":
        raise ApiError(402, "Multi-factor authentication needs a paid plan")
    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    session = secrets.token_urlsafe(48)
    store.mfa.secret, store.mfa.session = secret, session
    uri = f"otpauth://totp/Pingram:{OWNER_EMAIL}?secret={secret}&issuer=Pingram"
    return {"secretCode": secret, "qrCodeUri": uri, "session": session}


@handler
def profile_verify_mfa(store: Store, call: Call) -> Any:
    data = call.data
    _mfa_type(data["type"])
    if store.mfa.session is None or data["session"] != store.mfa.session:
        raise ApiError(400, "Unknown or expired MFA session: start again with profile_setup_mfa")
    if not _SIX_DIGITS.match(data["code"].strip()):
        raise ApiError(400, "The code must be the 6 digits your authenticator app shows")
    store.mfa.enabled, store.mfa.session = True, None
    store.members[OWNER_ID].enabled_mf_as = [data["type"]]
    return {"success": True}


@handler
def profile_disable_mfa(store: Store, call: Call) -> Any:
    _mfa_type(call.params["type"])
    if not store.mfa.enabled:
        raise ApiError(400, "Multi-factor authentication is not enabled")
    store.mfa.enabled = False
    store.mfa.secret = store.mfa.session = None
    if OWNER_ID in store.members:
        store.members[OWNER_ID].enabled_mf_as = []
    return {"success": True}


@handler
def profile_delete_account(store: Store, call: Call) -> Any:
    # Acknowledged and recorded; the emulated account stays usable.
    store.deletion_requests.append(DeletionRequest(reason=call.data.get("reason"), at=iso(now())))
    return {"success": True}
