"""``types_*``: notification types. Deleting one deletes its templates too."""

from __future__ import annotations

from typing import Any, Dict, Optional

from .._common import ENV_ID, ApiError, Call
from .._records import NotificationType, convert, patch, wire
from .._registry import handler
from .._store import Store


def find_type(store: Store, notification_id: str) -> NotificationType:
    """The notification type, or a 404."""
    kind = store.types.get(notification_id)
    if kind is None:
        raise ApiError(404, f"No notification type {notification_id!r}")
    return kind


def ensure_type(store: Store, notification_id: Optional[str], channel: str = "EMAIL") -> None:
    """Create the notification type if it does not exist yet (as a broadcast's ``type`` is)."""
    if notification_id and notification_id not in store.types:
        store.types[notification_id] = NotificationType(
            env_id=ENV_ID,
            enabled=True,
            notification_id=notification_id,
            title=notification_id,
            channels=[channel],
        )


def _view(store: Store, kind: NotificationType) -> Dict[str, Any]:
    """The type plus ``templates``: its template ids per channel."""
    templates = [
        {"channel": channel, "templateIds": list(found)}
        for (type_id, channel), found in store.templates.items()
        if type_id == kind.notification_id and found
    ]
    return {**wire(kind), "templates": templates}


@handler
def types_create_notification_type(store: Store, call: Call) -> Any:
    data = call.data
    if data["notificationId"] in store.types:
        raise ApiError(409, f"Notification type {data['notificationId']!r} already exists")
    kind = convert({"envId": ENV_ID, "enabled": True, **data}, NotificationType)
    store.types[kind.notification_id] = kind
    return _view(store, kind)


@handler
def types_list_notification_types(store: Store, call: Call) -> Any:
    return [_view(store, kind) for kind in store.types.values()]


@handler
def types_get_notification_type(store: Store, call: Call) -> Any:
    return [_view(store, find_type(store, call.params["notification_id"]))]


@handler
def types_update_notification_type(store: Store, call: Call) -> Any:
    kind = find_type(store, call.params["notification_id"])
    patch(kind, call.data)
    return _view(store, kind)


@handler
def types_delete_notification_type(store: Store, call: Call) -> Any:
    notification_id = call.params["notification_id"]
    find_type(store, notification_id)
    del store.types[notification_id]
    for key in [key for key in store.templates if key[0] == notification_id]:
        del store.templates[key]
    return None
