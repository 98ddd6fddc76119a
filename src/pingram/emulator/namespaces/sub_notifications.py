"""``sub_notifications_*``: sub-notifications under an existing notification type (404
otherwise). Deleting the type (or re-creating it) leaves none behind."""

from __future__ import annotations

from typing import Any, Dict

from .._common import ACCOUNT_ID, ApiError, Call
from .._records import SubNotification
from .._registry import handler
from .._store import Store
from .types import find_type


def _subs_of(store: Store, notification_id: str) -> Dict[str, SubNotification]:
    kind = find_type(store, notification_id)
    found = store.sub_notifications.get(notification_id)
    if found is None or found[0] is not kind:  # the type was deleted (and maybe re-created)
        found = store.sub_notifications[notification_id] = (kind, {})
    return found[1]


@handler
def sub_notifications_put_sub_notification(store: Store, call: Call) -> Any:
    notification_id = call.params["notification_id"]
    subs = _subs_of(store, notification_id)
    sub_id = call.params["sub_notification_id"]
    record = subs.get(sub_id)
    if record is None:
        record = subs[sub_id] = SubNotification(
            account_id=ACCOUNT_ID,
            notification_id=notification_id,
            sub_notification_id=sub_id,
            title=call.data["title"],
        )
    record.title = call.data["title"]
    return record


@handler
def sub_notifications_delete_sub_notification(store: Store, call: Call) -> Any:
    notification_id = call.params["notification_id"]
    subs = _subs_of(store, notification_id)
    sub_id = call.params["sub_notification_id"]
    if subs.pop(sub_id, None) is None:
        raise ApiError(
            404, f"No sub-notification {sub_id!r} of notification type {notification_id!r}"
        )
    return None
