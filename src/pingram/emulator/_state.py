"""The emulator's in-memory account and one handler per API operation. No I/O happens here.

Every handler is a method named exactly as the operation it implements
(``send``, ``logs_get_logs``, ...). It receives a :class:`Call` (path and query
parameters, the validated body) and returns the response payload as plain JSON
data with the API's wire names, or raises :class:`ApiError`. Records are kept as
wire dicts, so a response is simply (a copy of) what is stored.

The caller (``pingram.emulator._emulator``) holds a lock around every call.
"""

from __future__ import annotations

import copy
import re
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional, Tuple

import msgspec

from ..models.common import ENUM_VALUES
from ..models.sending import SenderPostBody
from ._account import AccountState
from ._broadcasts import BroadcastState
from ._common import (
    ACCOUNT_ID,
    DEFAULT_INAPP_COUNT,
    DEFAULT_PAGE_SIZE,
    ENV_ID,
    LOG_PREFIX,
    MAX_PAGE_SIZE,
    MAX_TRACKING_IDS,
    ApiError,
    Call,
    iso,
    now,
    page_position,
    page_token,
    parse_time,
    positive_int,
)
from ._email_setup import EmailSetupState, dkim_public_key, verification_records
from ._sending import SendingState
from ._voice import VoiceState
from ._webhooks import WebhookState

__all__ = ["ENV_ID", "ApiError", "Call", "State"]

#: How many days logs are "kept" (``logs_get_log_retention``).
RETENTION_DAYS = 30

CHANNELS = frozenset(ENUM_VALUES["Channel"])
DELIVERY_MODES: Tuple[str, ...] = ENUM_VALUES["TemplateDeliveryMode"]
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
#: The fields of a send's ``to`` that are stored on the user.
PROFILE_FIELDS = (
    "email",
    "number",
    "pushTokens",
    "webPushTokens",
    "timezone",
    "slackChannel",
    "slackToken",
)

#: The content every template of a channel has, before the caller sets any of it.
TEMPLATE_CONTENT: Dict[str, Dict[str, Any]] = {
    "EMAIL": {"html": "", "internal": "", "subject": "", "senderName": "", "senderEmail": ""},
    "INAPP_WEB": {
        "title": "",
        "redirectURL": "",
        "imageURL": "",
        "instant": {"title": "", "redirectURL": "", "imageURL": ""},
        "batch": {"title": "", "redirectURL": "", "imageURL": ""},
    },
    "SMS": {"text": ""},
    "CALL": {"text": ""},
    "VOICE": {"text": ""},
    "PUSH": {"title": "", "message": ""},
    "WEB_PUSH": {"title": "", "message": ""},
    "SLACK": {"text": ""},
}

_MERGE_TAG = re.compile(r"{{\s*([\w.]+)\s*}}")


class _Send:
    """A notification received by ``send``: its body, schedule and log entry."""

    __slots__ = ("body", "due", "entry", "status", "tracking_id")

    def __init__(self, tracking_id: str, body: SenderPostBody, entry: Dict[str, Any]) -> None:
        self.tracking_id = tracking_id
        self.body = body
        #: When a scheduled send goes out; ``None`` once it is no longer pending.
        self.due: Optional[datetime] = None
        #: ``"scheduled"``, ``"sent"`` or ``"unscheduled"`` (deleted before it was due).
        self.status = "sent"
        #: The ``LogEntry`` wire dict the logs operations return.
        self.entry = entry


def _render(text: Optional[str], parameters: Optional[Dict[str, Any]]) -> Optional[str]:
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


def _channel(call: Call) -> str:
    channel = call.params["channel"]
    if channel not in CHANNELS:
        raise ApiError(
            400, f"Unknown channel {channel!r}: use one of {', '.join(sorted(CHANNELS))}"
        )
    return channel


class State(BroadcastState, EmailSetupState, WebhookState, AccountState, SendingState, VoiceState):
    """Everything the emulated account holds, and the operations on it.

    The webhook endpoints and events come from :class:`WebhookState` (``_webhooks``).
    """

    def __init__(self, inapp_user_id: Optional[str] = None) -> None:
        self._default_inapp_user_id = inapp_user_id
        self.clear()

    def clear(self) -> None:
        """Forget everything: back to an empty account."""
        self._seq = 0
        #: The in-app user set by ``Emulator(inapp_user_id=...)`` or ``emu.inapp_user_id``.
        self.inapp_user_id = self._default_inapp_user_id
        #: Every accepted ``send`` body as received, in order.
        self.sent: List[Any] = []
        self._users: Dict[str, Dict[str, Any]] = {}
        self._user_seq: Dict[str, int] = {}
        self._sends: Dict[str, _Send] = {}
        #: Log messages (``logs_get_logs``) as ``(seq, message)``, oldest first.
        self._messages: List[Tuple[int, Dict[str, Any]]] = []
        #: In-app notifications per user, oldest first.
        self._inbox: Dict[str, List[Dict[str, Any]]] = {}
        self._last_inapp_user: Optional[str] = None
        self._types: Dict[str, Dict[str, Any]] = {}
        self._templates: Dict[Tuple[str, str], Dict[str, Dict[str, Any]]] = {}
        #: Every account starts with one environment: the one its records belong to.
        self._environments: Dict[str, Dict[str, Any]] = {
            ENV_ID: {
                "clientId": ENV_ID,
                "clientSecret": secrets.token_urlsafe(24),
                "title": "Default",
                "disableSending": [],
                "secureMode": False,
            }
        }
        self._domains: Dict[str, Dict[str, Any]] = {}
        self._queries: Dict[str, List[Dict[str, Any]]] = {}
        self.clear_webhooks()
        self.clear_account()
        self.clear_broadcasts()
        self.clear_email_setup()
        self.clear_sending()
        self.clear_voice()

    def _next(self) -> int:
        self._seq += 1
        return self._seq

    # -- test helpers ----------------------------------------------------------------

    def suppress_email(self, user_id: str, reason: str, details: Dict[str, Any]) -> None:
        """Mark the user's email as suppressed, as a bounce or complaint would."""
        user = self._upsert_user(user_id)
        user["emailSuppressionStatus"] = {"reason": reason, "details": details}

    def deliver_due(self) -> None:
        """Send every scheduled notification whose time has come."""
        moment = now()
        for record in self._sends.values():
            if record.due is not None and record.due <= moment:
                self._deliver(record, moment)
        self.deliver_due_broadcasts()

    # -- sending ---------------------------------------------------------------------

    def send(self, call: Call) -> Any:
        body: SenderPostBody = call.body
        if not body.type:
            raise ApiError(400, "Missing required field `type` (the notification type id)")
        if body.to is None or not body.to.id:
            raise ApiError(400, "Missing required field `to.id` (the recipient's user id)")
        result = self.accept_send(body, call.raw)
        self.sent.append(copy.deepcopy(call.raw))
        return result

    def accept_send(self, body: SenderPostBody, raw: Any) -> Dict[str, Any]:
        """Log, track and deliver (or schedule) a notification, as ``send`` does.

        ``body`` needs ``type`` and ``to.id``; ``raw`` is the request as received,
        kept in the log entry. Returns the ``trackingId`` and ``messages`` of the reply.
        """
        assert body.type
        assert body.to is not None
        assert body.to.id
        due = parse_time(body.schedule, "schedule") if body.schedule else None
        moment = now()
        tracking_id = str(uuid.uuid4())
        user = self._upsert_user(body.to.id, _profile(msgspec.to_builtins(body.to)))
        entry: Dict[str, Any] = {
            "trackingId": tracking_id,
            "accountId": ACCOUNT_ID,
            "envId": ENV_ID,
            "clientId": ENV_ID,
            "received_at": iso(moment),
            "type": body.type,
            "request": msgspec.json.encode(raw).decode(),
            "user_id": body.to.id,
        }
        for key, field in (("user_email", "email"), ("user_number", "number")):
            if field in user:
                entry[key] = user[field]
        record = _Send(tracking_id, body, entry)
        self._sends[tracking_id] = record
        self.track_message(tracking_id, body.to.id, body.type)
        messages = []
        if due is not None and due > moment:
            self._schedule(record, due)
            messages.append(f"Notification scheduled for {iso(due)}")
        else:
            self._deliver(record, moment)
        return {"trackingId": tracking_id, "messages": messages}

    def _schedule(self, record: _Send, due: datetime) -> None:
        record.due = due
        record.status = "scheduled"
        record.entry["scheduled_for"] = iso(due)

    def _channels(self, body: SenderPostBody) -> List[str]:
        """``forceChannels`` if given; else the type's channels plus those with inline content."""
        if body.force_channels:
            return list(dict.fromkeys(body.force_channels))
        channels: List[str] = list(self._types.get(body.type or "", {}).get("channels", []))
        channels.extend(ch for attr, ch in CONTENT_CHANNEL.items() if getattr(body, attr))
        return list(dict.fromkeys(channels))

    def _template(self, type_id: str, channel: str, template_id: Optional[str]) -> Dict[str, Any]:
        """The template a send uses on ``channel``: the one named, else the default, or ``{}``."""
        templates = self._templates.get((type_id, channel), {})
        if template_id and template_id in templates:
            return templates[template_id]
        for template in templates.values():
            if template.get("default"):
                return template
        return next(iter(templates.values()), {})

    def _deliver(self, record: _Send, moment: datetime) -> None:
        """Deliver on every channel: log it and, for in-app, put it in the user's inbox."""
        body, entry = record.body, record.entry
        record.due = None
        record.status = "sent"
        entry["processed_at"] = iso(moment)
        type_id, params = body.type or "", body.parameters
        user_id = body.to.id if body.to and body.to.id else ""
        user = self._users.get(user_id, {})
        for channel in self._channels(body):
            prefix = LOG_PREFIX[channel]
            entry[f"{prefix}_routing"] = "SEND"
            entry[f"{prefix}_sent_at"] = iso(moment)
            entry[f"{prefix}_sent_after"] = 0
            template = self._template(type_id, channel, body.template_id)
            message: Dict[str, Any] = {
                "trackingId": record.tracking_id,
                "eventType": f"{prefix}_sent",
                "timestamp": iso(moment),
                "epochMs": int(moment.timestamp() * 1000),
            }
            if channel == "EMAIL":
                subject = body.email.subject if body.email else template.get("subject")
                html = body.email.html if body.email else template.get("html")
                email_options = body.options.email if body.options else None
                sender = (
                    (email_options.from_address if email_options else None)
                    or (body.email.sender_email if body.email else None)
                    or template.get("senderEmail")
                )
                message.update(
                    {
                        "subject": _render(subject, params),
                        "bodyHtml": _render(html, params),
                        "from": sender,
                        "to": [user["email"]] if user.get("email") else None,
                    }
                )
                entry["email_preview"] = message["subject"]
            elif channel == "INAPP_WEB":
                notification = self._inapp_notification(record, template, moment)
                message["subject"] = notification["title"]
                entry["inapp_preview"] = notification["title"]
            self._messages.append(
                (self._next(), {k: v for k, v in message.items() if v is not None})
            )
            self.message_delivered(record.tracking_id, channel, user_id, type_id)

    def _inapp_notification(
        self, record: _Send, template: Dict[str, Any], moment: datetime
    ) -> Dict[str, Any]:
        body = record.body
        user_id = body.to.id if body.to and body.to.id else ""
        instant = template.get("instant") or {}
        kind = self._types.get(body.type or "", {})
        if body.inapp is not None:
            title: Any = body.inapp.title
            url, image = body.inapp.url, body.inapp.image
        else:
            title = instant.get("title") or template.get("title") or kind.get("title") or body.type
            url = instant.get("redirectURL") or template.get("redirectURL")
            image = instant.get("imageURL") or template.get("imageURL")
        notification = {
            "id": record.tracking_id,
            "notificationId": body.type,
            "subNotificationId": body.sub_notification_id,
            "seen": False,
            "title": _render(title, body.parameters),
            "redirectURL": _render(url, body.parameters),
            "imageURL": image,
            "template": template.get("templateId"),
            "parameters": body.parameters,
            "date": iso(moment),
        }
        notification = {k: v for k, v in notification.items() if v is not None}
        self._inbox.setdefault(user_id, []).append(notification)
        self._last_inapp_user = user_id
        return notification

    def _scheduled(self, tracking_id: str) -> _Send:
        record = self._sends.get(tracking_id)
        if record is None or record.status != "scheduled":
            raise ApiError(404, f"No scheduled notification with tracking id {tracking_id!r}")
        return record

    def sender_update_schedule(self, call: Call) -> Any:
        record = self._scheduled(call.params["tracking_id"])
        body: SenderPostBody = call.body
        if not body.type:
            body = msgspec.structs.replace(body, type=record.body.type)
        if body.to is None or not body.to.id:
            body = msgspec.structs.replace(body, to=record.body.to)
        moment = now()
        due = parse_time(body.schedule, "schedule") if body.schedule else moment
        record.body = body
        record.entry["request"] = msgspec.json.encode(call.raw).decode()
        record.entry["schedule_updated_at"] = iso(moment)
        record.entry["schedule_updated_to"] = iso(due)
        if due > moment:
            self._schedule(record, due)
        else:
            self._deliver(record, moment)
        return {"message": "Scheduled notification updated"}

    def sender_delete_schedule(self, call: Call) -> Any:
        record = self._scheduled(call.params["tracking_id"])
        record.due = None
        record.status = "unscheduled"
        record.entry["schedule_deleted_at"] = iso(now())
        return {"message": "Scheduled notification deleted"}

    def sender_test_email(self, call: Call) -> Any:
        data = call.data
        moment = now()
        tracking_id = str(uuid.uuid4())
        entry = {
            "trackingId": tracking_id,
            "accountId": ACCOUNT_ID,
            "envId": ENV_ID,
            "received_at": iso(moment),
            "processed_at": iso(moment),
            "type": data["notificationId"],
            "test": True,
            "user_email": data["to"],
            "email_routing": "SEND",
            "email_sent_at": iso(moment),
            "email_preview": data["subject"],
        }
        record = _Send(tracking_id, SenderPostBody(type=data["notificationId"]), entry)
        self._sends[tracking_id] = record
        self._messages.append(
            (
                self._next(),
                {
                    "trackingId": tracking_id,
                    "eventType": "email_sent",
                    "timestamp": iso(moment),
                    "epochMs": int(moment.timestamp() * 1000),
                    "from": data["fromAddress"],
                    "fromName": data["fromName"],
                    "to": [data["to"]],
                    "subject": data["subject"],
                    "bodyHtml": data["html"],
                },
            )
        )
        return {"trackingId": tracking_id, "messages": ["Test email sent"]}

    # -- logs ------------------------------------------------------------------------

    def _entries(self) -> List[Dict[str, Any]]:
        """Every log entry, newest first."""
        return [record.entry for record in reversed(self._sends.values())]

    def logs_get_log_retention(self, call: Call) -> Any:
        return {"retentionInDays": RETENTION_DAYS}

    def logs_get_logs(self, call: Call) -> Any:
        limit = positive_int(call.query, "limit", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        cursor = call.query.get("cursor")
        before = page_position("logs", cursor, "cursor") if cursor else None
        newest_first = [
            (seq, message)
            for seq, message in reversed(self._messages)
            if before is None or seq < before
        ]
        page = newest_first[:limit]
        result: Dict[str, Any] = {"messages": [message for _, message in page]}
        if len(newest_first) > limit:
            result["nextCursor"] = page_token("logs", page[-1][0])
        return result

    def logs_tail_logs(self, call: Call) -> Any:
        return {"logs": self._entries()[:100]}

    def logs_get_logs_by_tracking_ids(self, call: Call) -> Any:
        ids = [part.strip() for part in call.params["tracking_ids"].split(",") if part.strip()]
        if len(ids) > MAX_TRACKING_IDS:
            raise ApiError(400, f"At most {MAX_TRACKING_IDS} tracking ids per request")
        return {"logs": [self._sends[i].entry for i in ids if i in self._sends]}

    def logs_start_logs_query(self, call: Call) -> Any:
        data = call.data
        matches = [entry for entry in self._entries() if _query_matches(entry, data, self._sends)]
        query_id = str(uuid.uuid4())
        self._queries[query_id] = copy.deepcopy(matches)
        return {"queryId": query_id}

    def logs_get_logs_query_result(self, call: Call) -> Any:
        logs = self._queries.get(call.params["query_id"])
        if logs is None:
            raise ApiError(404, f"No log query with id {call.params['query_id']!r}")
        return {"status": "Complete", "logs": logs}

    # -- users -----------------------------------------------------------------------

    def _upsert_user(self, user_id: str, fields: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        moment = iso(now())
        user = self._users.get(user_id)
        if user is None:
            user = self._users[user_id] = {"id": user_id, "createdAt": moment}
            self._user_seq[user_id] = self._next()
        if fields:
            user.update(fields)
            user["updatedAt"] = moment
        return user

    def _user_or_implicit(self, user_id: str) -> Dict[str, Any]:
        return self._users.get(user_id) or {"id": user_id}

    def user_identify(self, call: Call) -> Any:
        fields = _profile(call.data)
        user = self._upsert_user(call.params["user_id"], fields)
        user["updatedAt"] = user["lastSeenTime"] = iso(now())
        return user

    def user_get_user(self, call: Call) -> Any:
        return self._user_or_implicit(call.params["user_id"])

    def users_list_users(self, call: Call) -> Any:
        limit = positive_int(call.query, "limit", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        token = call.query.get("nextToken")
        after = page_position("users", token, "nextToken") if token else 0
        remaining = [uid for uid, seq in self._user_seq.items() if seq > after]
        page = remaining[:limit]
        has_more = len(remaining) > limit
        result: Dict[str, Any] = {
            "users": [self._users[uid] for uid in page],
            "hasMore": has_more,
        }
        if has_more:
            result["lastEvaluatedKey"] = page_token("users", self._user_seq[page[-1]])
        return result

    def users_delete_user(self, call: Call) -> Any:
        user_id = call.params["user_id"]
        self._users.pop(user_id, None)
        self._user_seq.pop(user_id, None)
        self._inbox.pop(user_id, None)
        return {"message": f"User {user_id} and their data were deleted"}

    def users_remove_user_from_suppression(self, call: Call) -> Any:
        channel = _channel(call)
        user = self._user_or_implicit(call.params["user_id"])
        if channel == "EMAIL":
            user.pop("emailSuppressionStatus", None)
        return {"user": user}

    def email_delete_suppressions(self, call: Call) -> Any:
        """Lift email suppressions by reason: ``bounces`` (every bounce) or ``retryable``
        (transient bounces: ``details["bounceType"] == "Transient"``). Complaints stay.

        The API queues a background job; the emulator lifts them at once.
        """
        reason = call.params["reason"]
        if reason not in ("bounces", "retryable"):
            raise ApiError(400, f"Unknown reason {reason!r}: use 'bounces' or 'retryable'")
        lifted = 0
        for user in self._users.values():
            status = user.get("emailSuppressionStatus")
            if not status or status.get("reason") != "Bounce":
                continue
            if reason == "retryable" and status.get("details", {}).get("bounceType") != "Transient":
                continue
            del user["emailSuppressionStatus"]
            lifted += 1
        return {"message": f"Removing {reason} email suppressions ({lifted} users)"}

    def user_get_account_metadata(self, call: Call) -> Any:
        return {
            "userAccountMetadata": {
                "logo": "",
                "environmentVapidPublicKey": "",
                "hasWebPushEnabled": False,
            }
        }

    def user_generate_slack_oauth_path(self, call: Call) -> Any:
        token = {
            "ok": True,
            "access_token": "xoxb-emulator-" + secrets.token_hex(8),
            "token_type": "bot",
            "scope": "chat:write",
        }
        self._upsert_user(call.params["user_id"], {"slackToken": token})
        return None

    def user_get_available_slack_channels(self, call: Call) -> Any:
        return None

    # -- in-app ----------------------------------------------------------------------

    def inapp_user(self, call: Call) -> Optional[str]:
        """Whom ``/user/inapp`` acts for: the JWT's user, else the configured, else the last."""
        return call.token_user or self.inapp_user_id or self._last_inapp_user

    def _inbox_of(self, call: Call) -> List[Dict[str, Any]]:
        user_id = self.inapp_user(call)
        return self._inbox.get(user_id, []) if user_id is not None else []

    def user_get_in_app_notifications(self, call: Call) -> Any:
        count = positive_int(call.query, "count", DEFAULT_INAPP_COUNT, MAX_PAGE_SIZE)
        raw_before = call.query.get("before")
        before = parse_time(raw_before, "before") if raw_before else None
        notifications = [
            n
            for n in reversed(self._inbox_of(call))
            if before is None or parse_time(n["date"], "date") < before
        ]
        return {"notifications": notifications[:count]}

    def user_get_in_app_unread_count(self, call: Call) -> Any:
        return {"count": sum(1 for n in self._inbox_of(call) if not n["seen"])}

    def user_mark_in_app_notifications_as_seen(self, call: Call) -> Any:
        data = call.data
        for notification in self._inbox_of(call):
            if data.get("trackingId") not in (None, notification["id"]):
                continue
            if data.get("notificationId") not in (None, notification["notificationId"]):
                continue
            notification["seen"] = True
        return {"success": True}

    def user_update_in_app_notification_status(self, call: Call) -> Any:
        data = call.data
        ids = set(data.pop("trackingIds"))
        reply = data.pop("reply", None)
        for notification in self._inbox_of(call):
            if notification["id"] not in ids:
                continue
            notification.update(data)
            if reply is not None:
                notification.setdefault("replies", []).append(reply)
            if "opened" in data or "clicked" in data:
                notification["seen"] = True
        return {"success": True}

    # -- notification types ----------------------------------------------------------

    def _type(self, notification_id: str) -> Dict[str, Any]:
        kind = self._types.get(notification_id)
        if kind is None:
            raise ApiError(404, f"No notification type {notification_id!r}")
        return kind

    def _type_view(self, kind: Dict[str, Any]) -> Dict[str, Any]:
        """The stored type plus ``templates``: its template ids per channel."""
        templates = [
            {"channel": channel, "templateIds": list(found)}
            for (type_id, channel), found in self._templates.items()
            if type_id == kind["notificationId"] and found
        ]
        return {**kind, "templates": templates}

    def types_create_notification_type(self, call: Call) -> Any:
        data = call.data
        if data["notificationId"] in self._types:
            raise ApiError(409, f"Notification type {data['notificationId']!r} already exists")
        kind = {"envId": ENV_ID, "enabled": True, **data}
        self._types[data["notificationId"]] = kind
        return self._type_view(kind)

    def types_list_notification_types(self, call: Call) -> Any:
        return [self._type_view(kind) for kind in self._types.values()]

    def types_get_notification_type(self, call: Call) -> Any:
        return [self._type_view(self._type(call.params["notification_id"]))]

    def types_update_notification_type(self, call: Call) -> Any:
        kind = self._type(call.params["notification_id"])
        kind.update(call.data)
        return self._type_view(kind)

    def types_delete_notification_type(self, call: Call) -> Any:
        notification_id = call.params["notification_id"]
        self._type(notification_id)
        del self._types[notification_id]
        for key in [key for key in self._templates if key[0] == notification_id]:
            del self._templates[key]
        return None

    # -- templates -------------------------------------------------------------------

    def _templates_of(self, call: Call) -> Dict[str, Dict[str, Any]]:
        channel = _channel(call)
        notification_id = call.params["notification_id"]
        self._type(notification_id)
        return self._templates.setdefault((notification_id, channel), {})

    def _template_of(self, call: Call) -> Dict[str, Any]:
        template = self._templates_of(call).get(call.params["template_id"])
        if template is None:
            raise ApiError(
                404,
                f"No template {call.params['template_id']!r} for notification type "
                f"{call.params['notification_id']!r} on {call.params['channel']}",
            )
        return template

    def templates_create_template(self, call: Call) -> Any:
        templates = self._templates_of(call)
        data = call.data
        if data["templateId"] in templates:
            raise ApiError(409, f"Template {data['templateId']!r} already exists")
        first = not templates
        template = {
            "envId": ENV_ID,
            "notificationId": call.params["notification_id"],
            "channel": call.params["channel"],
            "default": first,
            "isDefaultFor": dict.fromkeys(DELIVERY_MODES, first),
            **copy.deepcopy(TEMPLATE_CONTENT.get(call.params["channel"], {})),
            **data,
        }
        templates[data["templateId"]] = template
        return template

    def templates_list_templates(self, call: Call) -> Any:
        return list(self._templates_of(call).values())

    def templates_get_template(self, call: Call) -> Any:
        return self._template_of(call)

    def templates_update_template(self, call: Call) -> Any:
        template = self._template_of(call)
        data = call.data
        for part in ("instant", "batch"):  # a part given in full or in part keeps the rest
            if isinstance(data.get(part), dict) and isinstance(template.get(part), dict):
                data[part] = {**template[part], **data[part]}
        template.update(data)
        return template

    def templates_delete_template(self, call: Call) -> Any:
        self._template_of(call)
        del self._templates_of(call)[call.params["template_id"]]
        return None

    def templates_initiate_migration(self, call: Call) -> Any:
        template = self._template_of(call)
        template["migration"] = msgspec.json.encode(
            {"status": "completed", "migratedAt": iso(now())}
        ).decode()
        return template

    def templates_set_default_template(self, call: Call) -> Any:
        templates = self._templates_of(call)
        data = call.data
        chosen = templates.get(data["templateId"])
        if chosen is None:
            raise ApiError(404, f"No template {data['templateId']!r}")
        for template in templates.values():
            flags = template["isDefaultFor"]
            for mode in data["modes"]:
                flags[mode] = template is chosen
            template["default"] = bool(flags.get("instant"))
        return chosen

    # -- environments ----------------------------------------------------------------

    def environments_create_environment(self, call: Call) -> Any:
        environment = {
            "clientId": uuid.uuid4().hex,
            "clientSecret": secrets.token_urlsafe(24),
            "title": call.data["title"],
            "disableSending": [],
            "secureMode": False,
        }
        self._environments[environment["clientId"]] = environment
        return environment

    def environments_list_environments(self, call: Call) -> Any:
        return list(self._environments.values())

    def environments_update_environment(self, call: Call) -> Any:
        environment = self._environments.get(call.params["client_id"])
        if environment is None:
            raise ApiError(404, f"No environment with clientId {call.params['client_id']!r}")
        data = call.data
        if data.pop("resetSecret", False):
            environment["clientSecret"] = secrets.token_urlsafe(24)
        environment.update(data)
        return environment

    # -- domains ---------------------------------------------------------------------

    def domains_add_domain(self, call: Call) -> Any:
        sender = call.data["sender"]
        if sender not in self._domains:
            moment = iso(now())
            self._domains[sender] = {
                "sender": sender,
                "status": "PENDING",
                "lastSync": moment,
                "createdAt": moment,
                "selector": "pingram",
                "verificationTokens": [secrets.token_hex(16) for _ in range(3)],
                "mailFromDomainStatus": "PENDING",
                "verificationRecords": verification_records(sender, "pingram", dkim_public_key()),
            }
        return list(self._domains.values())

    def domains_list_domains(self, call: Call) -> Any:
        return list(self._domains.values())

    def domains_delete_domain(self, call: Call) -> Any:
        if self._domains.pop(call.params["sender"], None) is None:
            raise ApiError(404, f"No sender domain {call.params['sender']!r}")
        return {"success": True}


def _profile(data: Dict[str, Any]) -> Dict[str, Any]:
    """The user fields of an identify body or a send's ``to``."""
    return {key: data[key] for key in PROFILE_FIELDS if key in data}


def _query_matches(entry: Dict[str, Any], query: Dict[str, Any], sends: Dict[str, _Send]) -> bool:
    """Whether a log entry passes the filters of a ``LogQueryPostBody``."""
    date_range = query.get("dateRangeFilter")
    if date_range:
        received = parse_time(entry["received_at"], "received_at")
        start = parse_time(str(date_range[0]), "dateRangeFilter")
        end = parse_time(str(date_range[-1]), "dateRangeFilter") if len(date_range) > 1 else None
        if received < start or (end is not None and received > end + timedelta(seconds=1)):
            return False
    user = query.get("userFilter")
    if user and user not in (entry.get("user_id"), entry.get("user_email")):
        return False
    if query.get("envIdFilter") and entry.get("envId") not in query["envIdFilter"]:
        return False
    status = query.get("statusFilter")
    if status and sends[entry["trackingId"]].status != status:
        return False
    channels = query.get("channelFilter")
    if channels and not any(f"{channel}_sent_at" in entry for channel in channels):
        return False
    types = query.get("notificationFilter")
    return not types or entry.get("type") in types
