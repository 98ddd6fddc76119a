"""``send`` and ``sender_*``: accepting a notification, delivering it now or when it is due.

Every message the account sends goes through :func:`accept_send` (``send`` itself,
and ``email_send``, ``sms_send`` and ``voice_call``, forced onto their channel): it
updates the recipient's user, logs and tracks the message, and delivers it at once,
or schedules it. A send is delivered on its ``forceChannels``, or else on its
notification type's channels plus those whose content it carries inline; a stored
template (the one named by ``templateId``, else the type's default) fills in the
content, ``{{merge_tags}}`` replaced by ``parameters``. A delivery logs a message per
channel, puts an in-app notification in the user's inbox, and raises the channel's
delivery event (``_events.delivered``).

Scheduled sends wait in ``Store.scheduled`` (a heap) until :func:`deliver_due`, which
runs before every request, finds them due.
"""

from __future__ import annotations

import copy
import re
import uuid
from datetime import datetime
from typing import Any, Dict, List, Optional

import msgspec

from ...models.sending import Recipient, SenderPostBody
from .. import _events
from .._common import LOG_PREFIX, ApiError, Call, iso, now, parse_time
from .._records import InappNotification, LogMessage, SentNotification, Template
from .._registry import handler
from .._store import Store
from .templates import template_for
from .users import profile, upsert_user

#: Inline content field of a send -> the channel it is delivered on.
CONTENT_CHANNEL = {
    "email": "EMAIL",
    "inapp": "INAPP_WEB",
    "sms": "SMS",
    "call": "CALL",
    "web_push": "WEB_PUSH",
    "mobile_push": "PUSH",
    "slack": "SLACK",
}
_MERGE_TAG = re.compile(r"{{\s*([\w.]+)\s*}}")
_encode = msgspec.json.Encoder().encode


def render(text: Optional[str], parameters: Optional[Dict[str, Any]]) -> Optional[str]:
    """Replace ``{{name}}`` merge tags with the send's parameters (unknown tags are kept)."""
    if text is None or not parameters:
        return text

    def value(match: re.Match[str]) -> str:
        found: Any = parameters
        for key in match.group(1).split("."):
            if not isinstance(found, dict) or key not in found:
                return match.group(0)
            found = found[key]
        return str(found)

    return _MERGE_TAG.sub(value, text)


def with_current_names(body: SenderPostBody) -> SenderPostBody:
    """``body`` with its legacy fields read under their current names, as the API reads them.

    ``notificationId`` is the older name of ``type``, ``user`` of ``to`` and ``mergeTags``
    of ``parameters``; a current field the body also sets wins.
    """
    changes: Dict[str, Any] = {}
    if not body.type and body.notification_id:
        changes["type"] = body.notification_id
    if body.to is None and body.user is not None:
        changes["to"] = msgspec.convert(msgspec.to_builtins(body.user), Recipient)
    if body.parameters is None and body.merge_tags is not None:
        changes["parameters"] = body.merge_tags
    return msgspec.structs.replace(body, **changes) if changes else body


@handler
def send(store: Store, call: Call) -> Any:
    body = with_current_names(call.body)
    if not body.type:
        raise ApiError(400, "Missing required field `type` (the notification type id)")
    if body.to is None or not body.to.id:
        raise ApiError(400, "Missing required field `to.id` (the recipient's user id)")
    result = accept_send(store, body, call.raw)
    store.sent.append(copy.deepcopy(call.raw))
    return result


def accept_send(store: Store, body: SenderPostBody, raw: Any) -> Dict[str, Any]:
    """Log, track and deliver (or schedule) a notification, as ``send`` does.

    ``body`` needs ``type`` and ``to.id``; ``raw`` is the request as received, kept in
    the log entry. Returns the ``trackingId`` and ``messages`` of the reply.
    """
    assert body.type
    assert body.to is not None
    assert body.to.id
    due = parse_time(body.schedule, "schedule") if body.schedule else None
    moment = now()
    tracking_id = str(uuid.uuid4())
    user = upsert_user(store, body.to.id, profile(msgspec.to_builtins(body.to)))
    record = SentNotification(
        tracking_id=tracking_id,
        body=body,
        received_at=iso(moment),
        request=_encode(raw).decode(),
        user_id=body.to.id,
        user_email=user.email,
        user_number=user.number,
    )
    store.sends[tracking_id] = record
    _events.track(store, tracking_id, body.to.id, body.type)
    messages = []
    if due is not None and due > moment:
        _schedule(store, record, due)
        messages.append(f"Notification scheduled for {iso(due)}")
    else:
        deliver(store, record, moment)
    return {"trackingId": tracking_id, "messages": messages}


def send_as(store: Store, body: Dict[str, Any], raw: Any) -> Dict[str, Any]:
    """Accept ``body`` (a send's wire dict, ``None`` fields dropped) as ``send`` would."""
    clean = {key: value for key, value in body.items() if value is not None}
    return accept_send(store, msgspec.convert(clean, SenderPostBody), raw)


def _schedule(store: Store, record: SentNotification, due: datetime) -> None:
    record.due = due
    record.status = "scheduled"
    record.scheduled_for = iso(due)
    store.scheduled.put(record.tracking_id, due)


def deliver_due(store: Store) -> None:
    """Deliver every scheduled send whose time has come (only those: a heap holds them)."""
    moment = now()
    for tracking_id in list(store.scheduled.pop_due(moment)):
        deliver(store, store.sends[tracking_id], moment)


def _channels(store: Store, body: SenderPostBody) -> List[str]:
    """``forceChannels`` if given; else the type's channels plus those with inline content."""
    if body.force_channels:
        return list(dict.fromkeys(body.force_channels))
    kind = store.types.get(body.type or "")
    channels: List[str] = list(kind.channels) if kind is not None else []
    channels.extend(ch for attr, ch in CONTENT_CHANNEL.items() if getattr(body, attr))
    return list(dict.fromkeys(channels))


def deliver(store: Store, record: SentNotification, moment: datetime) -> None:
    """Deliver on every channel: log it and, for in-app, put it in the user's inbox."""
    body = record.body
    store.scheduled.discard(record.tracking_id)
    record.due = None
    record.status = "sent"
    record.processed_at = iso(moment)
    type_id, params = body.type or "", body.parameters
    user_id = body.to.id if body.to and body.to.id else ""
    user = store.users.get(user_id)
    for channel in _channels(store, body):
        prefix = LOG_PREFIX[channel]
        record.sent_at[channel] = iso(moment)
        template = template_for(store, type_id, channel, body.template_id)
        message = LogMessage(
            tracking_id=record.tracking_id,
            event_type=f"{prefix}_sent",
            timestamp=iso(moment),
            epoch_ms=int(moment.timestamp() * 1000),
        )
        if channel == "EMAIL":
            stored_subject = template.subject if template is not None else None
            stored_html = template.html if template is not None else None
            subject = body.email.subject if body.email else stored_subject
            html = body.email.html if body.email else stored_html
            email_options = body.options.email if body.options else None
            sender = (
                (email_options.from_address if email_options else None)
                or (body.email.sender_email if body.email else None)
                or (template.sender_email if template else None)
            )
            message.subject = render(subject, params)
            message.body_html = render(html, params)
            message.from_ = sender
            message.to = [user.email] if user is not None and user.email else None
            record.previews[channel] = message.subject
        elif channel == "INAPP_WEB":
            notification = _to_inbox(store, record, template, moment)
            message.subject = notification.title
            record.previews[channel] = notification.title
        store.messages.append((store.next_seq(), message))
        _events.delivered(store, record.tracking_id, channel, user_id, type_id)


def _to_inbox(
    store: Store, record: SentNotification, template: Optional[Template], moment: datetime
) -> InappNotification:
    body = record.body
    user_id = body.to.id if body.to and body.to.id else ""
    instant = template.instant if template is not None else None
    kind = store.types.get(body.type or "")
    if body.inapp is not None:
        title: Optional[str] = body.inapp.title
        url, image = body.inapp.url, body.inapp.image
    else:
        title = (
            (instant.title if instant else None)
            or (template.title if template else None)
            or (kind.title if kind else None)
            or body.type
        )
        url = (instant.redirect_url if instant else None) or (
            template.redirect_url if template else None
        )
        image = (instant.image_url if instant else None) or (
            template.image_url if template else None
        )
    notification = InappNotification(
        id=record.tracking_id,
        notification_id=body.type or "",
        sub_notification_id=body.sub_notification_id,
        seen=False,
        title=render(title, body.parameters) or "",
        redirect_url=render(url, body.parameters),
        image_url=image,
        template=template.template_id if template is not None else None,
        parameters=body.parameters,
        date=iso(moment),
    )
    store.inbox.setdefault(user_id, []).append(notification)
    store.last_inapp_user = user_id
    return notification


def _scheduled(store: Store, tracking_id: str) -> SentNotification:
    record = store.sends.get(tracking_id)
    if record is None or record.status != "scheduled":
        raise ApiError(404, f"No scheduled notification with tracking id {tracking_id!r}")
    return record


@handler
def sender_update_schedule(store: Store, call: Call) -> Any:
    record = _scheduled(store, call.params["tracking_id"])
    body = with_current_names(call.body)
    if not body.type:
        body = msgspec.structs.replace(body, type=record.body.type)
    if body.to is None or not body.to.id:
        body = msgspec.structs.replace(body, to=record.body.to)
    moment = now()
    due = parse_time(body.schedule, "schedule") if body.schedule else moment
    record.body = body
    record.request = _encode(call.raw).decode()
    record.schedule_updated_at = iso(moment)
    record.schedule_updated_to = iso(due)
    if due > moment:
        _schedule(store, record, due)
    else:
        deliver(store, record, moment)
    return {"message": "Scheduled notification updated"}


@handler
def sender_delete_schedule(store: Store, call: Call) -> Any:
    record = _scheduled(store, call.params["tracking_id"])
    store.scheduled.discard(record.tracking_id)
    record.due = None
    record.status = "unscheduled"
    record.schedule_deleted_at = iso(now())
    return {"message": "Scheduled notification deleted"}


@handler
def sender_test_email(store: Store, call: Call) -> Any:
    data = call.data
    moment = now()
    tracking_id = str(uuid.uuid4())
    store.sends[tracking_id] = SentNotification(
        tracking_id=tracking_id,
        body=SenderPostBody(type=data["notificationId"]),
        received_at=iso(moment),
        processed_at=iso(moment),
        test=True,
        user_email=data["to"],
        sent_at={"EMAIL": iso(moment)},
        previews={"EMAIL": data["subject"]},
    )
    store.delivered["EMAIL"] = store.delivered.get("EMAIL", 0) + 1
    message = LogMessage(
        tracking_id=tracking_id,
        event_type="email_sent",
        timestamp=iso(moment),
        epoch_ms=int(moment.timestamp() * 1000),
        from_=data["fromAddress"],
        from_name=data["fromName"],
        to=[data["to"]],
        subject=data["subject"],
        body_html=data["html"],
    )
    store.messages.append((store.next_seq(), message))
    return {"trackingId": tracking_id, "messages": ["Test email sent"]}
