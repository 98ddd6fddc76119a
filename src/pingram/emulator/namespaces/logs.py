"""``logs_*``: what was sent, as the log shows it; delivery status; log queries; inbound retries.

A send's log entry (:func:`log_entry`) is made from its record when it is read, so it
always says where the send is (``scheduled_for``, ``email_sent_at``, ...). Log queries
keep the entries they matched when they ran.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import timedelta
from typing import Any, Dict, Iterator, List

from .. import _events
from .._common import (
    ACCOUNT_ID,
    DEFAULT_PAGE_SIZE,
    ENV_ID,
    LOG_PREFIX,
    MAX_PAGE_SIZE,
    MAX_TRACKING_IDS,
    ApiError,
    Call,
    page_position,
    page_token,
    parse_time,
    positive_int,
)
from .._records import SentNotification
from .._registry import handler
from .._store import Store

#: How many days logs are "kept" (``logs_get_log_retention``).
RETENTION_DAYS = 30
#: How many entries ``logs_tail_logs`` returns.
TAIL_SIZE = 100
#: The most tracking ids one ``logs_get_delivery_status`` call takes.
MAX_STATUS_IDS = 25


def log_entry(record: SentNotification) -> Dict[str, Any]:
    """The send's ``LogsGetResponseLogsInner`` wire dict."""
    entry: Dict[str, Any] = {
        "trackingId": record.tracking_id,
        "accountId": ACCOUNT_ID,
        "envId": ENV_ID,
    }
    if not record.test:
        entry["clientId"] = ENV_ID
    entry["received_at"] = record.received_at
    entry["type"] = record.body.type
    if record.request is not None:
        entry["request"] = record.request
    if record.test:
        entry["test"] = True
    optional = {
        "user_id": record.user_id,
        "user_email": record.user_email,
        "user_number": record.user_number,
        "scheduled_for": record.scheduled_for,
        "processed_at": record.processed_at,
        "schedule_updated_at": record.schedule_updated_at,
        "schedule_updated_to": record.schedule_updated_to,
        "schedule_deleted_at": record.schedule_deleted_at,
    }
    entry.update((key, value) for key, value in optional.items() if value is not None)
    for channel, moment in record.sent_at.items():
        prefix = LOG_PREFIX[channel]
        entry[f"{prefix}_routing"] = "SEND"
        entry[f"{prefix}_sent_at"] = moment
        if not record.test:
            entry[f"{prefix}_sent_after"] = 0
    for channel, preview in record.previews.items():
        entry[f"{LOG_PREFIX[channel]}_preview"] = preview
    return entry


def _newest_first(store: Store) -> Iterator[SentNotification]:
    return reversed(store.sends.values())


@handler
def logs_get_log_retention(store: Store, call: Call) -> Any:
    return {"retentionInDays": RETENTION_DAYS}


@handler
def logs_get_logs(store: Store, call: Call) -> Any:
    limit = positive_int(call.query, "limit", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    cursor = call.query.get("cursor")
    # Messages are in ascending ``seq``: the page is the ``limit`` before the cursor.
    end = len(store.messages)
    if cursor:
        before = page_position("logs", cursor, "cursor")
        end = _position(store, before)
    page = store.messages[max(0, end - limit) : end][::-1]
    result: Dict[str, Any] = {"messages": [message for _, message in page]}
    if end > limit:
        result["nextCursor"] = page_token("logs", page[-1][0])
    return result


def _position(store: Store, seq: int) -> int:
    """How many messages have a ``seq`` below ``seq`` (a binary search: they ascend)."""
    low, high = 0, len(store.messages)
    while low < high:
        middle = (low + high) // 2
        if store.messages[middle][0] < seq:
            low = middle + 1
        else:
            high = middle
    return low


@handler
def logs_tail_logs(store: Store, call: Call) -> Any:
    return {"logs": [log_entry(r) for r in itertools.islice(_newest_first(store), TAIL_SIZE)]}


def _tracking_ids(call: Call, most: int) -> List[str]:
    ids = [part.strip() for part in call.params["tracking_ids"].split(",") if part.strip()]
    if len(ids) > most:
        raise ApiError(400, f"At most {most} tracking ids per request")
    return ids


@handler
def logs_get_logs_by_tracking_ids(store: Store, call: Call) -> Any:
    ids = _tracking_ids(call, MAX_TRACKING_IDS)
    return {"logs": [log_entry(store.sends[i]) for i in ids if i in store.sends]}


@handler
def logs_start_logs_query(store: Store, call: Call) -> Any:
    data = call.data
    matches = [log_entry(r) for r in _newest_first(store) if _query_matches(r, data)]
    query_id = str(uuid.uuid4())
    store.queries[query_id] = matches
    return {"queryId": query_id}


@handler
def logs_get_logs_query_result(store: Store, call: Call) -> Any:
    logs = store.queries.get(call.params["query_id"])
    if logs is None:
        raise ApiError(404, f"No log query with id {call.params['query_id']!r}")
    return {"status": "Complete", "logs": logs}


def _query_matches(record: SentNotification, query: Dict[str, Any]) -> bool:
    """Whether a send passes the filters of a ``LogQueryPostBody``."""
    date_range = query.get("dateRangeFilter")
    if date_range:
        received = parse_time(record.received_at, "received_at")
        start = parse_time(str(date_range[0]), "dateRangeFilter")
        end = parse_time(str(date_range[-1]), "dateRangeFilter") if len(date_range) > 1 else None
        if received < start or (end is not None and received > end + timedelta(seconds=1)):
            return False
    user = query.get("userFilter")
    if user and user not in (record.user_id, record.user_email):
        return False
    if query.get("envIdFilter") and ENV_ID not in query["envIdFilter"]:
        return False
    status = query.get("statusFilter")
    if status and record.status != status:
        return False
    channels = query.get("channelFilter")
    sent_on = {LOG_PREFIX[channel] for channel in record.sent_at}
    if channels and not any(channel in sent_on for channel in channels):
        return False
    types = query.get("notificationFilter")
    return not types or record.body.type in types


# -- delivery status ---------------------------------------------------------------------------


@handler
def logs_get_delivery_status(store: Store, call: Call) -> Any:
    ids = _tracking_ids(call, MAX_STATUS_IDS)
    if not ids:
        raise ApiError(400, "Pass at least one tracking id")
    statuses: List[Dict[str, Any]] = []
    for tracking_id in dict.fromkeys(ids):
        record = store.sends.get(tracking_id)
        if record is not None:
            statuses.extend(_delivery_statuses(store, record))
    return {"statuses": statuses}


def _delivery_statuses(store: Store, record: SentNotification) -> List[Dict[str, Any]]:
    """The ``LogsDeliveryStatusResponse`` rows of one tracked send."""
    tracking_id = record.tracking_id
    if record.status == "scheduled":
        return [{"trackingId": tracking_id, "status": "SCHEDULED", "updatedAt": record.received_at}]
    if record.status == "unscheduled":
        moment = record.schedule_deleted_at or record.received_at
        return [{"trackingId": tracking_id, "status": "UNSCHEDULED", "updatedAt": moment}]
    rows = []
    sent_on = {LOG_PREFIX[channel]: when for channel, when in record.sent_at.items()}
    for channel in _events.STATUS_CHANNELS:
        sent_at = sent_on.get(LOG_PREFIX[channel])
        outcome = store.outcomes.get((tracking_id, channel))
        if outcome is not None:
            status, updated = outcome
        elif sent_at is not None:
            status, updated = "DELIVERED", sent_at
        else:
            continue
        rows.append(
            {"trackingId": tracking_id, "channel": channel, "status": status, "updatedAt": updated}
        )
    return rows


@handler
def logs_retry_inbound(store: Store, call: Call) -> Any:
    tracking_id = call.params["tracking_id"]
    if tracking_id in store.sends:
        raise ApiError(400, f"{tracking_id!r} is a message the account sent, not an inbound email")
    _events.emit(
        store,
        {
            "eventType": "EMAIL_INBOUND",
            "channel": "EMAIL",
            "userId": "",
            "notificationId": "",
            "trackingId": tracking_id,
        },
    )
    return {"message": f"EMAIL_INBOUND webhook for {tracking_id} queued again"}
