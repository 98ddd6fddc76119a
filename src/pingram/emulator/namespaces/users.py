"""``users_*``: the account's end users, listed, deleted and lifted from suppression.

Users are one store: ``user_identify``, a send's ``to`` and ``Emulator.suppress_email``
all go through :func:`upsert_user`. A user nobody created exists implicitly (``id`` only).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from .._common import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    ApiError,
    Call,
    channel_param,
    iso,
    now,
    page_position,
    page_token,
    positive_int,
)
from .._records import Suppression, User, patch
from .._registry import handler
from .._store import Store

#: The fields of a send's ``to`` (or an identify body) that are stored on the user.
PROFILE_FIELDS = (
    "email",
    "number",
    "pushTokens",
    "webPushTokens",
    "timezone",
    "slackChannel",
    "slackToken",
)


def profile(data: Dict[str, Any]) -> Dict[str, Any]:
    """The user fields of an identify body or a send's ``to`` (wire names)."""
    return {key: data[key] for key in PROFILE_FIELDS if key in data}


def upsert_user(store: Store, user_id: str, fields: Optional[Dict[str, Any]] = None) -> User:
    """The user, created if new; ``fields`` (wire names) are stored on it."""
    moment = iso(now())
    user = store.users.get(user_id)
    if user is None:
        user = store.users[user_id] = User(id=user_id, created_at=moment)
        store.user_seq[user_id] = store.next_seq()
    if fields:
        patch(user, fields)
        user.updated_at = moment
    return user


def user_or_implicit(store: Store, user_id: str) -> User:
    """The stored user, or one that exists implicitly (only its ``id``)."""
    return store.users.get(user_id) or User(id=user_id)


def suppress_email(store: Store, user_id: str, reason: str, details: Dict[str, Any]) -> None:
    """Mark the user's email as suppressed, as a bounce or complaint would."""
    user = upsert_user(store, user_id)
    user.email_suppression_status = Suppression(reason=reason, details=details)


@handler
def users_list_users(store: Store, call: Call) -> Any:
    limit = positive_int(call.query, "limit", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    token = call.query.get("nextToken")
    after = page_position("users", token, "nextToken") if token else 0
    remaining = [uid for uid, seq in store.user_seq.items() if seq > after]
    page = remaining[:limit]
    has_more = len(remaining) > limit
    result: Dict[str, Any] = {"users": [store.users[uid] for uid in page], "hasMore": has_more}
    if has_more:
        result["lastEvaluatedKey"] = page_token("users", store.user_seq[page[-1]])
    return result


@handler
def users_delete_user(store: Store, call: Call) -> Any:
    user_id = call.params["user_id"]
    store.users.pop(user_id, None)
    store.user_seq.pop(user_id, None)
    store.inbox.pop(user_id, None)
    return {"message": f"User {user_id} and their data were deleted"}


@handler
def users_remove_user_from_suppression(store: Store, call: Call) -> Any:
    channel = channel_param(call)
    user = user_or_implicit(store, call.params["user_id"])
    if channel == "EMAIL":
        user.email_suppression_status = None
    return {"user": user}


def lift_suppressions(store: Store, reason: str) -> List[User]:
    """Lift email suppressions by ``reason``: ``bounces`` (every bounce) or ``retryable``
    (transient bounces: ``details["bounceType"] == "Transient"``). Complaints stay."""
    if reason not in ("bounces", "retryable"):
        raise ApiError(400, f"Unknown reason {reason!r}: use 'bounces' or 'retryable'")
    lifted = []
    for user in store.users.values():
        status = user.email_suppression_status
        if status is None or status.reason != "Bounce":
            continue
        if reason == "retryable" and status.details.get("bounceType") != "Transient":
            continue
        user.email_suppression_status = None
        lifted.append(user)
    return lifted
