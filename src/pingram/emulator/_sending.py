"""Direct email and SMS sends, delivery status, inbound retries and insights. No I/O here.

:class:`SendingState` is a mixin of the emulator's ``State``. ``email_send`` and
``sms_send`` become ordinary sends (``State.accept_send``) forced onto one channel,
so they are logged, tracked for webhooks and can be scheduled exactly like
``send``; ``logs_get_delivery_status`` reads the outcome of any tracked send.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

import msgspec

from ..models.sending import SenderPostBody
from ._common import LOG_PREFIX, ApiError, Call, iso, now, parse_time

if TYPE_CHECKING:
    from ._state import _Send

__all__ = ["BUILTIN_SENDER", "SendingState", "check_phone"]

#: The address an email is sent from when its ``fromAddress`` is not on a verified domain.
BUILTIN_SENDER = "notifications@pingram.io"
#: The most tracking ids one ``logs_get_delivery_status`` call takes.
MAX_STATUS_IDS = 25
#: The channels ``logs_get_delivery_status`` reports on.
STATUS_CHANNELS = ("EMAIL", "SMS")
#: The delivery status a simulated event leaves a message in.
EVENT_STATUS = {
    "EMAIL_OPEN": "OPENED",
    "EMAIL_CLICK": "CLICKED",
    "EMAIL_FAILED": "FAILED",
    "EMAIL_INBOUND": "INBOUND",
    "SMS_FAILED": "FAILED",
    "SMS_INBOUND": "INBOUND",
}
#: Insights: the data points one series may hold before it is cut (``PartialData``).
MAX_DATAPOINTS = 1440
DEFAULT_PERIOD = 300

_PHONE = re.compile(r"^\+?[1-9]\d{6,14}$")
_PHONE_PUNCTUATION = re.compile(r"[\s().-]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_METRIC_ID = re.compile(r"^[a-z][A-Za-z0-9_]*$")


def check_phone(value: str, what: str) -> str:
    """``value`` as E.164 (``+`` and digits), or a 400 naming ``what``."""
    digits = _PHONE_PUNCTUATION.sub("", value or "")
    if not _PHONE.match(digits):
        raise ApiError(400, f"`{what}` must be a phone number in E.164 format, got {value!r}")
    return digits if digits.startswith("+") else "+" + digits


def _required_text(data: Dict[str, Any], field: str) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f"Missing required field `{field}`")
    return value


class SendingState:
    """``email_send``, ``sms_send``, delivery status, inbound retries and insights."""

    if TYPE_CHECKING:
        _sends: Dict[str, _Send]
        _domains: Dict[str, Dict[str, Any]]

        def accept_send(self, body: SenderPostBody, raw: Any) -> Dict[str, Any]: ...

        def owns_number(self, phone_number: str) -> bool: ...

        def emit_webhook_event(self, event: Dict[str, Any]) -> Dict[str, Any]: ...

    def clear_sending(self) -> None:
        """Forget the delivery outcomes simulated events recorded (sends live in the log)."""
        #: ``(trackingId, channel)`` -> ``(status, updatedAt)`` after a simulated event.
        self._outcomes: Dict[Tuple[str, str], Tuple[str, str]] = {}

    def record_outcome(self, event: Dict[str, Any]) -> None:
        """Let a simulated event about a message change its delivery status.

        ``EMAIL_OPEN`` makes it ``OPENED``, ``EMAIL_CLICK`` ``CLICKED``, a failure
        ``FAILED`` (``BOUNCED`` or ``COMPLAINT`` for an email whose ``failureCode``
        says so), an inbound message ``INBOUND``; other events change nothing.
        """
        channel = event.get("channel")
        status = EVENT_STATUS.get(event["eventType"])
        if status is None or channel not in STATUS_CHANNELS:
            return
        code = str(event.get("failureCode") or "")
        if status == "FAILED" and "BOUNCE" in code:
            status = "BOUNCED"
        elif status == "FAILED" and "COMPLAINT" in code:
            status = "COMPLAINT"
        self._outcomes[(event["trackingId"], channel)] = (status, iso(now()))

    # -- email and SMS ---------------------------------------------------------------

    def _sender_verified(self, address: str) -> bool:
        domain = address.rpartition("@")[2].lower()
        record = self._domains.get(domain)
        return record is not None and str(record.get("status", "")).upper() == "SUCCESS"

    def email_send(self, call: Call) -> Any:
        data = call.data
        type_id = _required_text(data, "type")
        to = _required_text(data, "to").strip()
        if not _EMAIL.match(to):
            raise ApiError(400, f"`to` must be an email address, got {to!r}")
        subject = _required_text(data, "subject")
        html = _required_text(data, "html")
        for attachment in data.get("attachments") or []:
            if not attachment.get("filename") or not attachment.get("url"):
                raise ApiError(400, "Every attachment needs a `filename` and a `url`")
        messages: List[str] = []
        sender = data.get("fromAddress")
        if sender and not self._sender_verified(sender):
            messages.append(
                f"{sender} is not on a verified domain: the email was sent from {BUILTIN_SENDER}"
            )
            sender = BUILTIN_SENDER
        options = {
            "fromAddress": sender,
            "fromName": data.get("fromName"),
            "replyToAddresses": data.get("replyToAddresses"),
            "ccAddresses": data.get("ccAddresses"),
            "bccAddresses": data.get("bccAddresses"),
            "attachments": data.get("attachments"),
            "openTracking": data.get("openTracking"),
            "clickTracking": data.get("clickTracking"),
        }
        body = {
            "type": type_id,
            "to": {"id": to, "email": to},
            "forceChannels": ["EMAIL"],
            "email": {
                "subject": subject,
                "html": html,
                "previewText": data.get("previewText"),
                "senderName": data.get("fromName"),
                "senderEmail": sender,
            },
            "options": {"email": options},
            "schedule": data.get("schedule"),
        }
        result = self._send_as(body, call.raw)
        result["messages"] = messages + result["messages"]
        return result

    def sms_send(self, call: Call) -> Any:
        data = call.data
        type_id = _required_text(data, "type")
        to = check_phone(_required_text(data, "to"), "to")
        message, media = data.get("message"), data.get("mediaUrls")
        if not message and not media:
            raise ApiError(400, "Pass `message`, `mediaUrls` or both")
        for url in media or []:
            if not str(url).startswith("https://"):
                raise ApiError(400, f"`mediaUrls` must be public HTTPS URLs, got {url!r}")
        sender = data.get("from")
        if sender:
            sender = check_phone(sender, "from")
            if not self.owns_number(sender):
                raise ApiError(
                    400, f"`from` must be a phone number of this account, and {sender} is not"
                )
        body = {
            "type": type_id,
            "to": {"id": to, "number": to},
            "forceChannels": ["SMS"],
            "sms": {"message": message, "mediaUrls": media, "from": sender},
            "schedule": data.get("schedule"),
        }
        return self._send_as(body, call.raw)

    def _send_as(self, body: Dict[str, Any], raw: Any) -> Dict[str, Any]:
        """Accept ``body`` (a send's wire dict) as if it had been posted to ``send``."""
        clean = {key: value for key, value in body.items() if value is not None}
        return self.accept_send(msgspec.convert(clean, SenderPostBody), raw)

    # -- logs ------------------------------------------------------------------------

    def logs_get_delivery_status(self, call: Call) -> Any:
        ids = [part.strip() for part in call.params["tracking_ids"].split(",") if part.strip()]
        if not ids:
            raise ApiError(400, "Pass at least one tracking id")
        if len(ids) > MAX_STATUS_IDS:
            raise ApiError(400, f"At most {MAX_STATUS_IDS} tracking ids per request")
        statuses: List[Dict[str, Any]] = []
        for tracking_id in dict.fromkeys(ids):
            record = self._sends.get(tracking_id)
            if record is not None:
                statuses.extend(self._delivery_statuses(record))
        return {"statuses": statuses}

    def _delivery_statuses(self, record: _Send) -> List[Dict[str, Any]]:
        """The ``LogsDeliveryStatusResponse`` rows of one tracked send."""
        entry, tracking_id = record.entry, record.tracking_id
        if record.status == "scheduled":
            return [
                {
                    "trackingId": tracking_id,
                    "status": "SCHEDULED",
                    "updatedAt": entry["received_at"],
                }
            ]
        if record.status == "unscheduled":
            moment = entry.get("schedule_deleted_at", entry["received_at"])
            return [{"trackingId": tracking_id, "status": "UNSCHEDULED", "updatedAt": moment}]
        rows = []
        for channel in STATUS_CHANNELS:
            sent_at = entry.get(f"{LOG_PREFIX[channel]}_sent_at")
            outcome = self._outcomes.get((tracking_id, channel))
            if outcome is None and sent_at is None:
                continue
            status, moment = outcome or ("DELIVERED", sent_at)
            rows.append(
                {
                    "trackingId": tracking_id,
                    "channel": channel,
                    "status": status,
                    "updatedAt": moment,
                }
            )
        return rows

    def logs_retry_inbound(self, call: Call) -> Any:
        tracking_id = call.params["tracking_id"]
        if tracking_id in self._sends:
            raise ApiError(
                400, f"{tracking_id!r} is a message the account sent, not an inbound email"
            )
        self.emit_webhook_event(
            {
                "eventType": "EMAIL_INBOUND",
                "channel": "EMAIL",
                "userId": "",
                "notificationId": "",
                "trackingId": tracking_id,
            }
        )
        return {"message": f"EMAIL_INBOUND webhook for {tracking_id} queued again"}

    # -- insights --------------------------------------------------------------------

    def insights_query_insights(self, call: Call) -> Any:
        data = call.data
        start = parse_time(str(data["StartTime"]), "StartTime")
        end = parse_time(str(data["EndTime"]), "EndTime")
        if end <= start:
            raise ApiError(400, "`EndTime` must be later than `StartTime`")
        queries = data["MetricDataQueries"]
        if not queries:
            raise ApiError(400, "`MetricDataQueries` must hold at least one query")
        seen = set()
        for query in queries:
            query_id = query.get("Id")
            if not isinstance(query_id, str) or not _METRIC_ID.match(query_id):
                raise ApiError(
                    400,
                    f"Every query needs an `Id` of letters, digits and underscores starting "
                    f"with a lowercase letter, got {query_id!r}",
                )
            if query_id in seen:
                raise ApiError(400, f"Query id {query_id!r} is used twice")
            seen.add(query_id)
            if (query.get("Expression") is None) == (query.get("MetricStat") is None):
                raise ApiError(
                    400, f"Query {query_id!r} needs exactly one of `Expression` and `MetricStat`"
                )
        descending = data.get("ScanBy", "TimestampDescending") != "TimestampAscending"
        budget = data.get("MaxDatapoints")
        results = []
        for query in queries:
            if query.get("ReturnData") is False:
                continue
            result, used = _metric_result(query, start, end, descending, budget)
            if budget is not None:
                budget = max(0, budget - used)
            results.append(result)
        return results


def _metric_result(
    query: Dict[str, Any],
    start: datetime,
    end: datetime,
    descending: bool,
    budget: Optional[float],
) -> Tuple[Dict[str, Any], int]:
    """One ``MetricDataResult``: deterministic values for the query's series, and its size."""
    stat = query.get("MetricStat") or {}
    metric = stat.get("Metric") or {}
    name = metric.get("MetricName") or query.get("Expression") or query["Id"]
    dimensions = sorted(f"{d.get('Name')}={d.get('Value')}" for d in metric.get("Dimensions") or [])
    period = int(stat.get("Period") or query.get("Period") or DEFAULT_PERIOD)
    if period < 1:
        raise ApiError(400, f"Query {query['Id']!r}: `Period` must be at least 1 second")
    statistic = stat.get("Stat") or "Sum"
    count = int((end - start).total_seconds() // period) or 1
    cap = MAX_DATAPOINTS if budget is None else min(MAX_DATAPOINTS, int(budget))
    partial = count > cap
    moments = [start + timedelta(seconds=period * index) for index in range(min(count, cap))]
    if descending:
        moments.reverse()
    seed = "|".join([str(metric.get("Namespace")), str(name), *dimensions, statistic])
    values = [_metric_value(seed, moment, statistic) for moment in moments]
    result: Dict[str, Any] = {
        "Id": query["Id"],
        "Label": query.get("Label") or str(name),
        "Timestamps": [iso(moment) for moment in moments],
        "Values": values,
        "StatusCode": "PartialData" if partial else "Complete",
        "Messages": [],
    }
    if partial:
        result["Messages"] = [
            {"Code": "MaxDatapointsExceeded", "Value": f"Only {len(moments)} of {count} points"}
        ]
    return result, len(moments)


def _metric_value(seed: str, moment: datetime, statistic: str) -> float:
    """A plausible, stable value for one data point: the same query gives the same data."""
    digest = hashlib.sha256(f"{seed}|{int(moment.timestamp())}".encode()).digest()
    number = int.from_bytes(digest[:4], "big")
    if statistic in ("Sum", "SampleCount"):
        return float(number % 50)
    if statistic == "Average":
        return round((number % 1000) / 100, 2)
    return float(number % 20)
