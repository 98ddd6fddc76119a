"""``broadcasts_*``: email broadcasts and their recipients.

A broadcast's status follows the lifecycle the API documents (``BroadcastStatus``):

- ``draft``: created; the only status ``broadcasts_update`` and ``broadcasts_schedule`` accept.
- ``scheduled``: ``broadcasts_schedule`` set a future ``sendAt``. ``broadcasts_cancel``
  returns it to ``draft``; ``broadcasts_send`` sends it at once; when ``sendAt`` comes it is
  sent (it waits in ``Store.due_broadcasts``, a heap; :func:`deliver_due` runs before every
  request).
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
webhooks, and events about it update the recipient (``EMAIL_OPEN`` -> ``openedAt``, ...;
see ``_events.emit``) and so the metrics.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from typing import Any, Callable, Dict, List, Optional, Tuple

import msgspec

from .. import _events
from .._common import (
    ApiError,
    Call,
    iso,
    now,
    page_position,
    page_token,
    parse_time,
    positive_int,
)
from .._records import Audience, Broadcast, Recipient, convert, patch, wire
from .._registry import handler
from .._store import Store
from .domains import domain_part, is_verified
from .types import ensure_type

#: Where an address is the platform's own (default) sender: no domain verification needed.
PLATFORM_DOMAIN = "mail.pingram.io"
#: How many recipients a broadcast from the platform default sender may have.
PLATFORM_SENDER_LIMIT = 10
#: The most addresses an ``emails`` audience may list.
MAX_AUDIENCE_EMAILS = 10_000
DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_RECIPIENTS_LIMIT = 200
#: Fields a list item leaves out (the single get has them).
_BODY_FIELDS = ("html", "internalTemplate")
#: Recipient ``status`` filters -> the recipients they select.
_RECIPIENT_FILTERS: Dict[str, Callable[[Recipient], bool]] = {
    "pending": lambda r: r.pending,
    "sent": lambda r: r.sent_at is not None,
    "delivered": lambda r: r.delivered_at is not None,
    "opened": lambda r: r.opened_at is not None,
    "clicked": lambda r: r.clicked_at is not None,
    "bounced": lambda r: r.bounced_at is not None,
    "complained": lambda r: r.complained_at is not None,
    "unsubscribed": lambda r: r.unsubscribed_at is not None,
    "skipped": lambda r: r.skipped_at is not None,
    "failed": lambda r: r.failed_at is not None,
    "problems": lambda r: any(
        moment is not None for moment in (r.bounced_at, r.complained_at, r.failed_at)
    ),
}
#: Metric counter -> the recipient status it counts.
_COUNTERS = (
    "sent",
    "delivered",
    "opened",
    "clicked",
    "bounced",
    "complained",
    "unsubscribed",
    "skipped",
    "failed",
)
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


def _check_audience(audience: Any) -> Audience:
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
    return convert(chosen, Audience)


def _check_channel(data: Dict[str, Any]) -> None:
    channel = data.get("channel")
    if channel not in (None, "email"):
        raise ApiError(400, f"channel must be 'email' (broadcasts are email only), got {channel!r}")


def _broadcast(store: Store, call: Call) -> Broadcast:
    broadcast_id = call.params["broadcast_id"]
    broadcast = store.broadcasts.get(broadcast_id)
    if broadcast is None:
        raise ApiError(404, f"No broadcast with id {broadcast_id!r}")
    return broadcast


def _require(broadcast: Broadcast, action: str, *allowed: str) -> None:
    if broadcast.status not in allowed:
        raise ApiError(
            409,
            f"Cannot {action} broadcast {broadcast.broadcast_id!r}: its status is "
            f"{broadcast.status!r}; only {' or '.join(map(repr, allowed))} broadcasts can be "
            f"{_PAST[action]}",
        )


def _sender_ok(store: Store, address: str) -> bool:
    return domain_part(address) == PLATFORM_DOMAIN or is_verified(store, address)


def _audience_of(store: Store, broadcast: Broadcast) -> List[Tuple[str, str]]:
    """The ``(userId, email)`` pairs the audience resolves to now, without duplicates."""
    audience = broadcast.audience
    if audience.emails is not None:
        candidates = [(email, email) for email in audience.emails]
    else:
        candidates = [
            (user.id, user.email)
            for user in store.users.values()
            if user.email and matches_filter(wire(user), audience.filter)
        ]
    pairs: List[Tuple[str, str]] = []
    seen = set()
    for user_id, email in candidates:
        if email.lower() not in seen:
            seen.add(email.lower())
            pairs.append((user_id, email))
    return pairs


def _check_ready(store: Store, broadcast: Broadcast, action: str) -> None:
    """What ``send`` and ``schedule`` demand of a broadcast (400 otherwise)."""
    if not broadcast.subject.strip():
        raise ApiError(400, f"Cannot {action}: the broadcast needs a non-empty subject")
    if not broadcast.type:
        raise ApiError(400, f"Cannot {action}: set the broadcast's notification `type` first")
    address = broadcast.from_address
    if not _sender_ok(store, address):
        raise ApiError(
            400,
            f"Cannot {action}: fromAddress {address!r} is not on a verified sender domain "
            f"(add it with domains_add_domain and verify it), nor the platform default "
            f"sender (@{PLATFORM_DOMAIN})",
        )
    if domain_part(address) == PLATFORM_DOMAIN:
        count = len(_audience_of(store, broadcast))
        if count > PLATFORM_SENDER_LIMIT:
            raise ApiError(
                400,
                f"Cannot {action}: the platform default sender is for testing only, with at "
                f"most {PLATFORM_SENDER_LIMIT} recipients; this audience has {count}",
            )


def _set_status(store: Store, broadcast: Broadcast, status: str) -> None:
    if broadcast.status == "scheduled":
        store.due_broadcasts.discard(broadcast.broadcast_id)
    if broadcast.status == "sending":
        store.held_broadcasts.pop(broadcast.broadcast_id, None)
    broadcast.status = status
    broadcast.paused_reason = None
    broadcast.updated_at = iso(now())


def _start_sending(store: Store, broadcast: Broadcast) -> None:
    """``sending``: resolve the audience into pending recipients, then deliver."""
    broadcast_id = broadcast.broadcast_id
    broadcast.schedule_at = None
    _set_status(store, broadcast, "sending")
    recipients = store.recipients[broadcast_id] = []
    for user_id, email in _audience_of(store, broadcast):
        recipient = Recipient(tracking_id=str(uuid.uuid4()), user_id=user_id, email=email)
        recipients.append(recipient)
        store.recipient_of[recipient.tracking_id] = (broadcast_id, recipient)


def _deliver(store: Store, broadcast: Broadcast) -> None:
    """Deliver every pending recipient of a sending broadcast, which is then ``sent``.

    While ``hold_broadcasts`` is set, it waits in ``Store.held_broadcasts`` instead.
    """
    if broadcast.status != "sending":
        return
    if store.hold_broadcasts:
        store.held_broadcasts[broadcast.broadcast_id] = None
        return
    moment = iso(now())
    type_id = broadcast.type or ""
    for recipient in store.recipients.get(broadcast.broadcast_id, []):
        if not recipient.pending:
            continue
        user = store.users.get(recipient.user_id)
        if user is not None and user.email_suppression_status and user.email == recipient.email:
            recipient.skipped_at = moment
            recipient.skip_reason = "suppressed"
            continue
        recipient.sent_at = recipient.delivered_at = moment
        _events.delivered(store, recipient.tracking_id, "EMAIL", recipient.user_id, type_id)
    _set_status(store, broadcast, "sent")


def deliver_due(store: Store) -> None:
    """Send the scheduled broadcasts whose time has come; finish held ones once released.

    Only what is due is looked at: scheduled broadcasts wait in a heap, held ones in
    their own set.
    """
    for broadcast_id in list(store.due_broadcasts.pop_due(now())):
        broadcast = store.broadcasts[broadcast_id]
        if not _sender_ok(store, broadcast.from_address):
            broadcast.schedule_at = None
            _set_status(store, broadcast, "paused")
            broadcast.paused_reason = "UNVERIFIED_DOMAIN"
            continue
        _start_sending(store, broadcast)
        _deliver(store, broadcast)
    if not store.hold_broadcasts:
        for broadcast_id in list(store.held_broadcasts):
            _deliver(store, store.broadcasts[broadcast_id])


# -- the operations ------------------------------------------------------------------------


@handler
def broadcasts_create(store: Store, call: Call) -> Any:
    data = call.data
    _check_channel(data)
    audience = _check_audience(data.get("audience"))
    moment = iso(now())
    broadcast = Broadcast(
        broadcast_id=uuid7(),
        name=data["name"],
        status="draft",
        channel="email",
        audience=audience,
        from_name=data["fromName"],
        from_address=data["fromAddress"],
        subject=data["subject"],
        html=data["html"],
        created_at=moment,
        updated_at=moment,
        type=data.get("type") or None,
        reply_to_address=data.get("replyToAddress") or None,
        internal_template=data.get("internalTemplate") or None,
    )
    ensure_type(store, broadcast.type)
    store.broadcasts[broadcast.broadcast_id] = broadcast
    store.broadcast_seq[broadcast.broadcast_id] = store.next_seq()
    store.recipients[broadcast.broadcast_id] = []
    return broadcast


@handler
def broadcasts_get(store: Store, call: Call) -> Any:
    return _broadcast(store, call)


@handler
def broadcasts_list(store: Store, call: Call) -> Any:
    limit = positive_int(call.query, "limit", DEFAULT_LIMIT, MAX_LIMIT)
    token = call.query.get("nextToken")
    before = page_position("broadcasts", token, "nextToken") if token else None
    newest_first = sorted(
        (
            (seq, store.broadcasts[bid])
            for bid, seq in store.broadcast_seq.items()
            if store.broadcasts[bid].archived_at is None and (before is None or seq < before)
        ),
        key=lambda pair: pair[0],
        reverse=True,
    )
    page = newest_first[:limit]
    items = []
    for _, broadcast in page:
        item = wire(broadcast)
        for field in _BODY_FIELDS:
            item.pop(field, None)
        items.append(item)
    result: Dict[str, Any] = {"broadcasts": items}
    if len(newest_first) > limit:
        result["nextToken"] = page_token("broadcasts", page[-1][0])
    return result


@handler
def broadcasts_update(store: Store, call: Call) -> Any:
    broadcast = _broadcast(store, call)
    _require(broadcast, "update", "draft")
    data, raw = call.data, call.raw if isinstance(call.raw, dict) else {}
    _check_channel(data)
    if "internalTemplate" in raw:
        if broadcast.internal_template is None:
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
        data["audience"] = msgspec.to_builtins(_check_audience(data["audience"]))
    if data.get("replyToAddress") == "":
        broadcast.reply_to_address = None
        del data["replyToAddress"]
    patch(broadcast, data)
    ensure_type(store, broadcast.type)
    broadcast.updated_at = iso(now())
    return broadcast


@handler
def broadcasts_schedule(store: Store, call: Call) -> Any:
    broadcast = _broadcast(store, call)
    _require(broadcast, "schedule", "draft")
    send_at = parse_time(call.data["sendAt"], "sendAt")
    if send_at <= now():
        raise ApiError(400, f"sendAt must be in the future, got {call.data['sendAt']!r}")
    _check_ready(store, broadcast, "schedule")
    _set_status(store, broadcast, "scheduled")
    broadcast.schedule_at = iso(send_at)
    store.due_broadcasts.put(broadcast.broadcast_id, send_at)
    return broadcast


def _answer_then_deliver(store: Store, broadcast: Broadcast) -> Any:
    """The broadcast as it is now (``sending``), then delivered: the next read says ``sent``."""
    answer = wire(broadcast)
    _deliver(store, broadcast)
    return answer


@handler
def broadcasts_send(store: Store, call: Call) -> Any:
    broadcast = _broadcast(store, call)
    _require(broadcast, "send", "draft", "scheduled")
    _check_ready(store, broadcast, "send")
    _start_sending(store, broadcast)
    return _answer_then_deliver(store, broadcast)


@handler
def broadcasts_pause(store: Store, call: Call) -> Any:
    broadcast = _broadcast(store, call)
    _require(broadcast, "pause", "sending")
    _set_status(store, broadcast, "paused")
    broadcast.paused_reason = "PAUSED_BY_USER"
    return broadcast


@handler
def broadcasts_resume(store: Store, call: Call) -> Any:
    broadcast = _broadcast(store, call)
    _require(broadcast, "resume", "paused")
    if broadcast.paused_reason == "SPAM_CONTENT":
        raise ApiError(409, "A broadcast paused for spam content cannot be resumed")
    address = broadcast.from_address
    if not _sender_ok(store, address):
        raise ApiError(
            400, f"Cannot resume: fromAddress {address!r} is not on a verified sender domain"
        )
    if not store.recipients.get(broadcast.broadcast_id):
        _start_sending(store, broadcast)  # paused before it ever started (when it came due)
    _set_status(store, broadcast, "sending")
    return _answer_then_deliver(store, broadcast)


@handler
def broadcasts_cancel(store: Store, call: Call) -> Any:
    broadcast = _broadcast(store, call)
    _require(broadcast, "cancel", "scheduled", "sending", "paused")
    if broadcast.status == "scheduled":
        broadcast.schedule_at = None
        _set_status(store, broadcast, "draft")
        return broadcast
    moment = iso(now())
    for recipient in store.recipients.get(broadcast.broadcast_id, []):
        if recipient.pending:
            recipient.skipped_at = moment
            recipient.skip_reason = "canceled"
    _set_status(store, broadcast, "canceled")
    return broadcast


@handler
def broadcasts_archive(store: Store, call: Call) -> Any:
    broadcast = _broadcast(store, call)
    _require(broadcast, "archive", "draft", "paused", "sent", "canceled")
    if broadcast.archived_at is None:
        broadcast.archived_at = broadcast.updated_at = iso(now())
    return broadcast


@handler
def broadcasts_unarchive(store: Store, call: Call) -> Any:
    broadcast = _broadcast(store, call)
    if broadcast.archived_at is None:
        raise ApiError(
            409, f"Cannot unarchive broadcast {broadcast.broadcast_id!r}: it is not archived"
        )
    broadcast.archived_at = None
    broadcast.updated_at = iso(now())
    return broadcast


@handler
def broadcasts_delete(store: Store, call: Call) -> Any:
    broadcast = _broadcast(store, call)
    _require(broadcast, "delete", "draft", "scheduled", "paused", "sent", "canceled")
    broadcast_id = broadcast.broadcast_id
    store.due_broadcasts.discard(broadcast_id)
    del store.broadcasts[broadcast_id]
    del store.broadcast_seq[broadcast_id]
    for recipient in store.recipients.pop(broadcast_id, []):
        store.recipient_of.pop(recipient.tracking_id, None)
    return {"message": f"Broadcast {broadcast_id} deleted"}


@handler
def broadcasts_get_metrics(store: Store, call: Call) -> Any:
    broadcast = _broadcast(store, call)
    recipients = store.recipients.get(broadcast.broadcast_id, [])
    metrics: Dict[str, Any] = {"total": len(recipients)}
    for counter in _COUNTERS:
        selected = _RECIPIENT_FILTERS[counter]
        metrics[counter] = sum(1 for recipient in recipients if selected(recipient))
    metrics["status"] = broadcast.status
    if broadcast.paused_reason is not None:
        metrics["pausedReason"] = broadcast.paused_reason
    if broadcast.schedule_at is not None:
        metrics["scheduleAt"] = broadcast.schedule_at
    return metrics


@handler
def broadcasts_list_recipients(store: Store, call: Call) -> Any:
    broadcast = _broadcast(store, call)
    status = call.query.get("status")
    selected: Optional[Callable[[Recipient], bool]] = (
        _RECIPIENT_FILTERS.get(status) if status else None
    )
    if status and selected is None:
        raise ApiError(
            400,
            f"Unknown recipient status {status!r}: use one of {', '.join(_RECIPIENT_FILTERS)}",
        )
    limit = positive_int(call.query, "limit", DEFAULT_LIMIT, MAX_RECIPIENTS_LIMIT)
    token = call.query.get("nextToken")
    start = page_position("recipients", token, "nextToken") if token else 0
    recipients = store.recipients.get(broadcast.broadcast_id, [])
    chosen = [
        (index, recipient)
        for index, recipient in enumerate(recipients)
        if index >= start and (selected is None or selected(recipient))
    ]
    page = chosen[:limit]
    result: Dict[str, Any] = {"recipients": [recipient for _, recipient in page]}
    if len(chosen) > limit:
        result["nextToken"] = page_token("recipients", page[-1][0] + 1)
    return result
