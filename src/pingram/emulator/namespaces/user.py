"""``user_*``: one end user: identify and get, Slack, and the in-app inbox.

The in-app operations act for one end user, chosen by :func:`inapp_user`: the ``userId``
(or ``sub``) claim of a JWT bearer token, else ``Emulator.inapp_user_id``, else the
recipient of the most recent in-app send. Sends fill the inbox (``namespaces/sender.py``).
"""

from __future__ import annotations

import secrets
from typing import Any, List, Optional

from .._common import DEFAULT_INAPP_COUNT, MAX_PAGE_SIZE, Call, iso, now, parse_time, positive_int
from .._records import InappNotification, InappReply, patch
from .._registry import handler
from .._store import Store
from .users import profile, upsert_user, user_or_implicit


@handler
def user_identify(store: Store, call: Call) -> Any:
    user = upsert_user(store, call.params["user_id"], profile(call.data))
    user.updated_at = user.last_seen_time = iso(now())
    return user


@handler
def user_get_user(store: Store, call: Call) -> Any:
    return user_or_implicit(store, call.params["user_id"])


@handler
def user_get_account_metadata(store: Store, call: Call) -> Any:
    return {
        "userAccountMetadata": {
            "logo": "",
            "environmentVapidPublicKey": "",
            "hasWebPushEnabled": False,
        }
    }


@handler
def user_generate_slack_oauth_path(store: Store, call: Call) -> Any:
    token = {
        "ok": True,
        "access_token": "xoxb-emulator-" + secrets.token_hex(8),
        "token_type": "bot",
        "scope": "chat:write",
    }
    upsert_user(store, call.params["user_id"], {"slackToken": token})
    return None


@handler
def user_get_available_slack_channels(store: Store, call: Call) -> Any:
    return None


# -- in-app ------------------------------------------------------------------------------------


def inapp_user(store: Store, call: Call) -> Optional[str]:
    """Whom ``/user/inapp`` acts for: the JWT's user, else the configured, else the last."""
    return call.token_user or store.inapp_user_id or store.last_inapp_user


def _inbox(store: Store, call: Call) -> List[InappNotification]:
    user_id = inapp_user(store, call)
    return store.inbox.get(user_id, []) if user_id is not None else []


@handler
def user_get_in_app_notifications(store: Store, call: Call) -> Any:
    count = positive_int(call.query, "count", DEFAULT_INAPP_COUNT, MAX_PAGE_SIZE)
    raw_before = call.query.get("before")
    before = parse_time(raw_before, "before") if raw_before else None
    notifications = [
        n
        for n in reversed(_inbox(store, call))
        if before is None or parse_time(n.date, "date") < before
    ]
    return {"notifications": notifications[:count]}


@handler
def user_get_in_app_unread_count(store: Store, call: Call) -> Any:
    return {"count": sum(1 for n in _inbox(store, call) if not n.seen)}


@handler
def user_mark_in_app_notifications_as_seen(store: Store, call: Call) -> Any:
    data = call.data
    for notification in _inbox(store, call):
        if data.get("trackingId") not in (None, notification.id):
            continue
        if data.get("notificationId") not in (None, notification.notification_id):
            continue
        notification.seen = True
    return {"success": True}


@handler
def user_update_in_app_notification_status(store: Store, call: Call) -> Any:
    data = call.data
    ids = set(data.pop("trackingIds"))
    reply = data.pop("reply", None)
    for notification in _inbox(store, call):
        if notification.id not in ids:
            continue
        patch(notification, data)
        if reply is not None:
            replies = notification.replies or []
            replies.append(InappReply(date=reply["date"], message=reply["message"]))
            notification.replies = replies
        if "opened" in data or "clicked" in data:
            notification.seen = True
    return {"success": True}
