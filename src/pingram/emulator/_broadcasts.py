"""Email broadcasts in the emulated account: the fourteen ``broadcasts_*`` operations.

:class:`BroadcastState` is a mixin of the emulator's ``State``. A broadcast is a
``BroadcastResponse`` wire dict; its status follows the lifecycle the API
documents (``BroadcastStatus``):

- ``draft``: created; the only status ``broadcasts_update`` and ``broadcasts_schedule`` accept.
- ``scheduled``: ``broadcasts_schedule`` set a future ``sendAt``. ``broadcasts_cancel``
  returns it to ``draft``; ``broadcasts_send`` sends it at once; when ``sendAt`` comes it is sent.
- ``sending``: ``broadcasts_send`` (from ``draft`` or ``scheduled``) resolves the audience into
  recipients and delivers to all of them at once, so the broadcast is ``sent`` by the next
  read (the response itself says ``sending``, as the API's does). While ``hold_broadcasts``
  is set, a sending broadcast keeps its recipients pending, so that pause, resume and
  cancel can be tried.
- ``paused``: ``broadcasts_pause`` while ``sending`` (``pausedReason`` ``PAUSED_BY_USER``);
  a scheduled broadcast whose sender domain is no longer verified when it comes due is
  paused with ``UNVERIFIED_DOMAIN``. ``broadcasts_resume`` continues sending.
- ``sent`` / ``canceled``: finished. ``broadcasts_cancel`` on a sending or paused broadcast
  skips its pending recipients.

Archiving (``archivedAt``) hides a broadcast from ``broadcasts_list`` without changing its
status. Each delivered recipient is a tracked message: it produces ``EMAIL_DELIVERED``
webhooks, and ``Emulator.simulate`` events about it update the recipient's facts
(``EMAIL_OPEN`` -> ``openedAt``, ...) and so the metrics.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from typing import Any, Callable, Dict, List, Optional, Tuple

from ._common import (
    ENV_ID,
    ApiError,
    Call,
    iso,
    now,
    page_position,
    page_token,
    parse_time,
    positive_int,
)
from ._webhooks import WebhookState

__all__ = ["BroadcastState", "matches_filter"]

#: Where an address is the platform's own (default) sender: no domain verification needed.
PLATFORM_DOMAIN = "mail.pingram.io"
#: How many recipients a broadcast from the platform default sender may have.
PLATFORM_SENDER_LIMIT = 10
#: The most addresses an ``emails`` audience may list.
MAX_AUDIENCE_EMAILS = 10_000
DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_RECIPIENTS_LIMIT = 200
#: Fields a list item carries besides those of the single get (which adds the bodies).
_BODY_FIELDS = ("html", "internalTemplate")
#: Recipient ``status`` filters -> the recipients they select.
_RECIPIENT_FILTERS: Dict[str, Callable[[Dict[str, Any]], bool]] = {
    "pending": lambda r: not any(k in r for k in ("sentAt", "skippedAt", "failedAt")),
    "sent": lambda r: "sentAt" in r,
    "delivered": lambda r: "deliveredAt" in r,
    "opened": lambda r: "openedAt" in r,
    "clicked": lambda r: "clickedAt" in r,
    "bounced": lambda r: "bouncedAt" in r,
    "complained": lambda r: "complainedAt" in r,
    "unsubscribed": lambda r: "unsubscribedAt" in r,
    "skipped": lambda r: "skippedAt" in r,
    "failed": lambda r: "failedAt" in r,
    "problems": lambda r: any(k in r for k in ("bouncedAt", "complainedAt", "failedAt")),
}
#: Metric counter -> the recipient fact it counts.
_COUNTERS = {
    "sent": "sentAt",
    "delivered": "deliveredAt",
    "opened": "openedAt",
    "clicked": "clickedAt",
    "bounced": "bouncedAt",
    "complained": "complainedAt",
    "unsubscribed": "unsubscribedAt",
    "skipped": "skippedAt",
    "failed": "failedAt",
}
#: Email events (webhook ``eventType``) -> the recipient fact they set.
_EVENT_FACTS = {
    "EMAIL_DELIVERED": "deliveredAt",
    "EMAIL_OPEN": "openedAt",
    "EMAIL_CLICK": "clickedAt",
    "EMAIL_UNSUBSCRIBE": "unsubscribedAt",
}


def uuid7() -> str:
    """A time-ordered UUID (version 7): 48 bits of Unix milliseconds, then random bits."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # 12 random bits
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


# -- the audience filter ------------------------------------------------------------------

_MISSING = object()


def _lookup(document: Any, path: str) -> Any:
    found = document
    for key in path.split("."):
        if isinstance(found, dict) and key in found:
            found = found[key]
        else:
            return _MISSING
    return found


def _compare(value: Any, op: str, operand: Any) -> bool:
    if value is _MISSING or value is None:
        return False
    try:
        if op == "$gt":
            return bool(value > operand)
        if op == "$gte":
            return bool(value >= operand)
        if op == "$lt":
            return bool(value < operand)
        return bool(value <= operand)
    except TypeError:
        return False


def _equals(value: Any, operand: Any) -> bool:
    if value is _MISSING:
        return operand is None
    if isinstance(value, list) and not isinstance(operand, list):
        return operand in value
    return bool(value == operand)


def _condition(value: Any, condition: Any) -> bool:
    """Whether a field's value satisfies one condition (a literal or an operator object)."""
    operators = isinstance(condition, dict) and condition and all(k[:1] == "$" for k in condition)
    if not operators:
        return _equals(value, condition)
    for op, operand in condition.items():
        if op == "$eq":
            ok = _equals(value, operand)
        elif op == "$ne":
            ok = not _equals(value, operand)
        elif op in ("$in", "$nin"):
            if not isinstance(operand, list):
                raise ApiError(400, f"audience.filter: {op} takes a list")
            ok = any(_equals(value, item) for item in operand) == (op == "$in")
        elif op == "$exists":
            ok = (value is not _MISSING) == bool(operand)
        elif op in ("$gt", "$gte", "$lt", "$lte"):
            ok = _compare(value, op, operand)
        elif op == "$regex":
            flags = re.IGNORECASE if "i" in str(condition.get("$options", "")) else 0
            try:
                ok = isinstance(value, str) and re.search(str(operand), value, flags) is not None
            except re.error as exc:
                raise ApiError(400, f"audience.filter: bad $regex: {exc}") from None
        elif op == "$options":
            continue
        elif op == "$not":
            ok = not _condition(value, operand)
        else:
            raise ApiError(400, f"audience.filter: unsupported operator {op!r}")
        if not ok:
            return False
    return True


def matches_filter(document: Dict[str, Any], query: Any) -> bool:
    """Whether ``document`` (a user) matches a Mongo-style ``query``.

    Supported: field equality (dotted paths; a list field matches when it contains the
    value), ``$eq``, ``$ne``, ``$in``, ``$nin``, ``$exists``, ``$gt``, ``$gte``, ``$lt``,
    ``$lte``, ``$regex`` (with ``$options: "i"``), ``$not``, and ``$and`` / ``$or`` / ``$nor``.
    Anything else is a 400.
    """
    if not isinstance(query, dict):
        raise ApiError(400, "audience.filter must be an object")
    for key, condition in query.items():
        if key in ("$and", "$or", "$nor"):
            if not isinstance(condition, list) or not condition:
                raise ApiError(400, f"audience.filter: {key} takes a non-empty list")
            results = [matches_filter(document, part) for part in condition]
            ok = all(results) if key == "$and" else any(results)
            if key == "$nor":
                ok = not ok
        elif key.startswith("$"):
            raise ApiError(400, f"audience.filter: unsupported operator {key!r}")
        else:
            ok = _condition(_lookup(document, key), condition)
        if not ok:
            return False
    return True


def _check_audience(audience: Any) -> Dict[str, Any]:
    """The audience if it names exactly one of ``filter`` or ``emails``, else a 400."""
    given = (audience or {}).items()
    chosen = {k: v for k, v in given if k in ("filter", "emails") and v is not None}
    if len(chosen) != 1:
        raise ApiError(
            400, "audience must have exactly one of `filter` (a user query) or `emails` (a list)"
        )
    emails = chosen.get("emails")
    if emails is not None:
        if len(emails) > MAX_AUDIENCE_EMAILS:
            raise ApiError(
                400,
                f"audience.emails lists {len(emails)} addresses; the most is "
                f"{MAX_AUDIENCE_EMAILS} (use a filter over synced users for more)",
            )
        bad = [e for e in emails if "@" not in e]
        if bad:
            raise ApiError(400, f"audience.emails: not an email address: {bad[0]!r}")
    else:
        matches_filter({}, chosen["filter"])  # rejects unsupported operators now, not at send
    return chosen


def _check_channel(data: Dict[str, Any]) -> None:
    channel = data.get("channel")
    if channel not in (None, "email"):
        raise ApiError(400, f"channel must be 'email' (broadcasts are email only), got {channel!r}")


def _domain_of(address: str) -> str:
    return address.rpartition("@")[2].strip().lower()


class _Recipient:
    __slots__ = ("broadcast_id", "record")

    def __init__(self, broadcast_id: str, record: Dict[str, Any]) -> None:
        self.broadcast_id = broadcast_id
        self.record = record


class BroadcastState(WebhookState):
    """The account's email broadcasts and their recipients."""

    # Kept by ``State`` (declared here for type checking).
    _users: Dict[str, Dict[str, Any]]
    _types: Dict[str, Dict[str, Any]]
    _domains: Dict[str, Dict[str, Any]]

    #: While true, a sending broadcast delivers nothing (``Emulator.hold_broadcasts``).
    hold_broadcasts: bool = False

    def clear_broadcasts(self) -> None:
        """Forget every broadcast and recipient; stop holding broadcasts."""
        self._broadcasts: Dict[str, Dict[str, Any]] = {}
        #: Creation order: broadcast id -> sequence number (newest is highest).
        self._broadcast_seq: Dict[str, int] = {}
        self._broadcast_counter = 0
        #: Recipients per broadcast, in audience order.
        self._recipients: Dict[str, List[Dict[str, Any]]] = {}
        #: Tracking id -> its recipient, so that message events update it.
        self._by_tracking_id: Dict[str, _Recipient] = {}
        self.hold_broadcasts = False

    # -- helpers -------------------------------------------------------------------------

    def _broadcast(self, call: Call) -> Dict[str, Any]:
        broadcast_id = call.params["broadcast_id"]
        broadcast = self._broadcasts.get(broadcast_id)
        if broadcast is None:
            raise ApiError(404, f"No broadcast with id {broadcast_id!r}")
        return broadcast

    @staticmethod
    def _require(broadcast: Dict[str, Any], action: str, *allowed: str) -> None:
        status = broadcast["status"]
        if status not in allowed:
            raise ApiError(
                409,
                f"Cannot {action} broadcast {broadcast['broadcastId']!r}: its status is "
                f"{status!r}; only {' or '.join(map(repr, allowed))} broadcasts can be "
                f"{_PAST[action]}",
            )

    def _ensure_type(self, type_id: Optional[str]) -> None:
        """Create the notification type a broadcast names if it does not exist yet."""
        if type_id and type_id not in self._types:
            self._types[type_id] = {
                "envId": ENV_ID,
                "enabled": True,
                "notificationId": type_id,
                "title": type_id,
                "channels": ["EMAIL"],
            }

    def _sender_verified(self, address: str) -> bool:
        domain = _domain_of(address)
        if domain == PLATFORM_DOMAIN:
            return True
        for sender, record in self._domains.items():
            if record.get("status") != "SUCCESS":
                continue
            key = sender.lower()
            if key == address.lower() or ("@" not in key and key == domain):
                return True
        return False

    def _audience_of(self, broadcast: Dict[str, Any]) -> List[Tuple[str, str]]:
        """The ``(userId, email)`` pairs the audience resolves to now, without duplicates."""
        audience = broadcast["audience"]
        pairs: List[Tuple[str, str]] = []
        seen = set()
        if "emails" in audience:
            candidates = [(email, email) for email in audience["emails"]]
        else:
            candidates = [
                (user["id"], user["email"])
                for user in self._users.values()
                if isinstance(user.get("email"), str)
                and user["email"]
                and matches_filter(user, audience["filter"])
            ]
        for user_id, email in candidates:
            if email.lower() not in seen:
                seen.add(email.lower())
                pairs.append((user_id, email))
        return pairs

    def _check_ready(self, broadcast: Dict[str, Any], action: str) -> None:
        """What ``send`` and ``schedule`` demand of a broadcast (400 otherwise)."""
        if not broadcast.get("subject", "").strip():
            raise ApiError(400, f"Cannot {action}: the broadcast needs a non-empty subject")
        if not broadcast.get("type"):
            raise ApiError(400, f"Cannot {action}: set the broadcast's notification `type` first")
        address = broadcast["fromAddress"]
        if not self._sender_verified(address):
            raise ApiError(
                400,
                f"Cannot {action}: fromAddress {address!r} is not on a verified sender domain "
                f"(add it with domains_add_domain and verify it), nor the platform default "
                f"sender (@{PLATFORM_DOMAIN})",
            )
        if _domain_of(address) == PLATFORM_DOMAIN:
            count = len(self._audience_of(broadcast))
            if count > PLATFORM_SENDER_LIMIT:
                raise ApiError(
                    400,
                    f"Cannot {action}: the platform default sender is for testing only, with at "
                    f"most {PLATFORM_SENDER_LIMIT} recipients; this audience has {count}",
                )

    def _set_status(self, broadcast: Dict[str, Any], status: str) -> None:
        broadcast["status"] = status
        broadcast.pop("pausedReason", None)
        broadcast["updatedAt"] = iso(now())

    def _start_sending(self, broadcast: Dict[str, Any]) -> None:
        """``sending``: resolve the audience into pending recipients, then deliver."""
        broadcast_id = broadcast["broadcastId"]
        broadcast.pop("scheduleAt", None)
        self._set_status(broadcast, "sending")
        recipients = self._recipients[broadcast_id] = []
        for user_id, email in self._audience_of(broadcast):
            record = {"trackingId": str(uuid.uuid4()), "userId": user_id, "email": email}
            recipients.append(record)
            self._by_tracking_id[record["trackingId"]] = _Recipient(broadcast_id, record)

    def _deliver_broadcast(self, broadcast: Dict[str, Any]) -> None:
        """Deliver every pending recipient of a sending broadcast, which is then ``sent``."""
        if broadcast["status"] != "sending" or self.hold_broadcasts:
            return
        moment = iso(now())
        type_id = broadcast.get("type") or ""
        for record in self._recipients.get(broadcast["broadcastId"], []):
            if not _RECIPIENT_FILTERS["pending"](record):
                continue
            user = self._users.get(record["userId"], {})
            if user.get("emailSuppressionStatus") and user.get("email") == record["email"]:
                record["skippedAt"] = moment
                record["skipReason"] = "suppressed"
                continue
            record["sentAt"] = record["deliveredAt"] = moment
            self.message_delivered(record["trackingId"], "EMAIL", record["userId"], type_id)
        self._set_status(broadcast, "sent")

    def deliver_due_broadcasts(self) -> None:
        """Send the scheduled broadcasts whose time has come; finish held ones once released."""
        moment = now()
        for broadcast in self._broadcasts.values():
            status = broadcast["status"]
            if status == "scheduled":
                due = parse_time(broadcast["scheduleAt"], "scheduleAt")
                if due > moment:
                    continue
                if not self._sender_verified(broadcast["fromAddress"]):
                    broadcast.pop("scheduleAt", None)
                    self._set_status(broadcast, "paused")
                    broadcast["pausedReason"] = "UNVERIFIED_DOMAIN"
                    continue
                self._start_sending(broadcast)
                self._deliver_broadcast(broadcast)
            elif status == "sending":
                self._deliver_broadcast(broadcast)

    def emit_webhook_event(self, event: Dict[str, Any]) -> Dict[str, Any]:
        """Record an email event about a broadcast recipient, then emit it as usual."""
        found = self._by_tracking_id.get(str(event.get("trackingId")))
        if found is not None and found.broadcast_id in self._broadcasts:
            record = found.record
            moment = iso(now())
            event_type = event.get("eventType")
            fact = _EVENT_FACTS.get(str(event_type))
            if fact is not None:
                record.setdefault(fact, moment)
            elif event_type == "EMAIL_FAILED":
                code = str(event.get("failureCode") or "failed")
                if "bounce" in code.lower():
                    record.setdefault("bouncedAt", moment)
                    record.setdefault("bounceType", code)
                elif "complain" in code.lower():
                    record.setdefault("complainedAt", moment)
                else:
                    record.setdefault("failedAt", moment)
                    record.setdefault("failReason", code)
        return super().emit_webhook_event(event)

    # -- the operations ------------------------------------------------------------------

    def broadcasts_create(self, call: Call) -> Any:
        data = call.data
        _check_channel(data)
        audience = _check_audience(data.get("audience"))
        moment = iso(now())
        broadcast_id = uuid7()
        broadcast: Dict[str, Any] = {
            "broadcastId": broadcast_id,
            "name": data["name"],
            "status": "draft",
            "channel": "email",
            "audience": audience,
            "fromName": data["fromName"],
            "fromAddress": data["fromAddress"],
            "subject": data["subject"],
            "html": data["html"],
            "createdAt": moment,
            "updatedAt": moment,
        }
        for key in ("type", "replyToAddress", "internalTemplate"):
            if data.get(key):
                broadcast[key] = data[key]
        self._ensure_type(broadcast.get("type"))
        self._broadcast_counter += 1
        self._broadcasts[broadcast_id] = broadcast
        self._broadcast_seq[broadcast_id] = self._broadcast_counter
        self._recipients[broadcast_id] = []
        return broadcast

    def broadcasts_get(self, call: Call) -> Any:
        return self._broadcast(call)

    def broadcasts_list(self, call: Call) -> Any:
        limit = positive_int(call.query, "limit", DEFAULT_LIMIT, MAX_LIMIT)
        token = call.query.get("nextToken")
        before = page_position("broadcasts", token, "nextToken") if token else None
        newest_first = sorted(
            (
                (seq, self._broadcasts[bid])
                for bid, seq in self._broadcast_seq.items()
                if "archivedAt" not in self._broadcasts[bid] and (before is None or seq < before)
            ),
            key=lambda pair: pair[0],
            reverse=True,
        )
        page = newest_first[:limit]
        result: Dict[str, Any] = {
            "broadcasts": [
                {k: v for k, v in broadcast.items() if k not in _BODY_FIELDS}
                for _, broadcast in page
            ]
        }
        if len(newest_first) > limit:
            result["nextToken"] = page_token("broadcasts", page[-1][0])
        return result

    def broadcasts_update(self, call: Call) -> Any:
        broadcast = self._broadcast(call)
        self._require(broadcast, "update", "draft")
        data, raw = call.data, call.raw if isinstance(call.raw, dict) else {}
        _check_channel(data)
        if "internalTemplate" in raw:
            if "internalTemplate" not in broadcast:
                raise ApiError(
                    400,
                    "internalTemplate cannot be added to a broadcast created without it "
                    "(create a new broadcast with html and internalTemplate)",
                )
            if not raw["internalTemplate"]:
                raise ApiError(400, "internalTemplate cannot be removed once set")
            if "html" not in data:
                raise ApiError(400, "internalTemplate must be sent together with html")
        if "audience" in data:
            data["audience"] = _check_audience(data["audience"])
        if data.get("replyToAddress") == "":
            broadcast.pop("replyToAddress", None)
            del data["replyToAddress"]
        broadcast.update(data)
        self._ensure_type(broadcast.get("type"))
        broadcast["updatedAt"] = iso(now())
        return broadcast

    def broadcasts_schedule(self, call: Call) -> Any:
        broadcast = self._broadcast(call)
        self._require(broadcast, "schedule", "draft")
        send_at = parse_time(call.data["sendAt"], "sendAt")
        if send_at <= now():
            raise ApiError(400, f"sendAt must be in the future, got {call.data['sendAt']!r}")
        self._check_ready(broadcast, "schedule")
        self._set_status(broadcast, "scheduled")
        broadcast["scheduleAt"] = iso(send_at)
        return broadcast

    def broadcasts_send(self, call: Call) -> Any:
        broadcast = self._broadcast(call)
        self._require(broadcast, "send", "draft", "scheduled")
        self._check_ready(broadcast, "send")
        self._start_sending(broadcast)
        answer = dict(broadcast)
        self._deliver_broadcast(broadcast)
        return answer

    def broadcasts_pause(self, call: Call) -> Any:
        broadcast = self._broadcast(call)
        self._require(broadcast, "pause", "sending")
        self._set_status(broadcast, "paused")
        broadcast["pausedReason"] = "PAUSED_BY_USER"
        return broadcast

    def broadcasts_resume(self, call: Call) -> Any:
        broadcast = self._broadcast(call)
        self._require(broadcast, "resume", "paused")
        if broadcast.get("pausedReason") == "SPAM_CONTENT":
            raise ApiError(409, "A broadcast paused for spam content cannot be resumed")
        address = broadcast["fromAddress"]
        if not self._sender_verified(address):
            raise ApiError(
                400, f"Cannot resume: fromAddress {address!r} is not on a verified sender domain"
            )
        if not self._recipients.get(broadcast["broadcastId"]):
            self._start_sending(broadcast)  # paused before it ever started (when it came due)
        self._set_status(broadcast, "sending")
        answer = dict(broadcast)
        self._deliver_broadcast(broadcast)
        return answer

    def broadcasts_cancel(self, call: Call) -> Any:
        broadcast = self._broadcast(call)
        self._require(broadcast, "cancel", "scheduled", "sending", "paused")
        if broadcast["status"] == "scheduled":
            broadcast.pop("scheduleAt", None)
            self._set_status(broadcast, "draft")
            return broadcast
        moment = iso(now())
        for record in self._recipients.get(broadcast["broadcastId"], []):
            if _RECIPIENT_FILTERS["pending"](record):
                record["skippedAt"] = moment
                record["skipReason"] = "canceled"
        self._set_status(broadcast, "canceled")
        return broadcast

    def broadcasts_archive(self, call: Call) -> Any:
        broadcast = self._broadcast(call)
        self._require(broadcast, "archive", "draft", "paused", "sent", "canceled")
        if "archivedAt" not in broadcast:
            broadcast["archivedAt"] = broadcast["updatedAt"] = iso(now())
        return broadcast

    def broadcasts_unarchive(self, call: Call) -> Any:
        broadcast = self._broadcast(call)
        if "archivedAt" not in broadcast:
            raise ApiError(
                409, f"Cannot unarchive broadcast {broadcast['broadcastId']!r}: it is not archived"
            )
        del broadcast["archivedAt"]
        broadcast["updatedAt"] = iso(now())
        return broadcast

    def broadcasts_delete(self, call: Call) -> Any:
        broadcast = self._broadcast(call)
        self._require(broadcast, "delete", "draft", "scheduled", "paused", "sent", "canceled")
        broadcast_id = broadcast["broadcastId"]
        del self._broadcasts[broadcast_id]
        del self._broadcast_seq[broadcast_id]
        for record in self._recipients.pop(broadcast_id, []):
            self._by_tracking_id.pop(record["trackingId"], None)
        return {"message": f"Broadcast {broadcast_id} deleted"}

    def broadcasts_get_metrics(self, call: Call) -> Any:
        broadcast = self._broadcast(call)
        recipients = self._recipients.get(broadcast["broadcastId"], [])
        metrics: Dict[str, Any] = {"total": len(recipients)}
        for counter, fact in _COUNTERS.items():
            metrics[counter] = sum(1 for record in recipients if fact in record)
        metrics["status"] = broadcast["status"]
        for key in ("pausedReason", "scheduleAt"):
            if key in broadcast:
                metrics[key] = broadcast[key]
        return metrics

    def broadcasts_list_recipients(self, call: Call) -> Any:
        broadcast = self._broadcast(call)
        status = call.query.get("status")
        selected = _RECIPIENT_FILTERS.get(status) if status else None
        if status and selected is None:
            raise ApiError(
                400,
                f"Unknown recipient status {status!r}: use one of {', '.join(_RECIPIENT_FILTERS)}",
            )
        limit = positive_int(call.query, "limit", DEFAULT_LIMIT, MAX_RECIPIENTS_LIMIT)
        token = call.query.get("nextToken")
        start = page_position("recipients", token, "nextToken") if token else 0
        recipients = self._recipients.get(broadcast["broadcastId"], [])
        chosen = [
            (index, record)
            for index, record in enumerate(recipients)
            if index >= start and (selected is None or selected(record))
        ]
        page = chosen[:limit]
        result: Dict[str, Any] = {"recipients": [dict(record) for _, record in page]}
        if len(chosen) > limit:
            result["nextToken"] = page_token("recipients", page[-1][0] + 1)
        return result


#: ``action`` -> how the 409 message says what may undergo it.
_PAST = {
    "update": "updated",
    "schedule": "scheduled",
    "send": "sent",
    "pause": "paused",
    "resume": "resumed",
    "cancel": "canceled",
    "archive": "archived",
    "delete": "deleted",
}
