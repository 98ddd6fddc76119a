"""What the emulator's handler modules share: errors, calls, time and paging helpers.

No handler lives here: handlers live in ``namespaces/``, one module per namespace.
"""

from __future__ import annotations

import base64
import re
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Optional, Protocol, Tuple

import msgspec

from ..models.common import ENUM_VALUES

#: The id of the one environment every record belongs to.
ENV_ID = "emulator"
#: The account id the emulator reports in logs.
ACCOUNT_ID = "emulator-account"

#: Defaults of ``count`` and ``limit`` where the API documents none, and their caps.
DEFAULT_INAPP_COUNT = 10
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
MAX_TRACKING_IDS = 25
#: Every channel, as the API spells it.
CHANNELS = frozenset(ENUM_VALUES["Channel"])
#: How a channel is spelled in log fields (``email_sent_at``) and in log query filters.
LOG_PREFIX = {
    "EMAIL": "email",
    "INAPP_WEB": "inapp",
    "SMS": "sms",
    "CALL": "call",
    "VOICE": "call",  # logs have no voice fields of their own
    "PUSH": "mobile_push",
    "WEB_PUSH": "web_push",
    "SLACK": "slack",
}


class OperationInfo(Protocol):
    """What the emulator reads of an entry of ``pingram._operations.ALL``."""

    @property
    def name(self) -> str: ...
    @property
    def namespace(self) -> Optional[str]: ...
    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def path_params(self) -> Tuple[str, ...]: ...
    @property
    def body(self) -> Optional[type]: ...
    @property
    def response(self) -> Any: ...


class ApiError(Exception):
    """An error response: ``status`` and the ``message`` of its JSON body."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Call:
    """One request, resolved: path and query parameters and the validated body."""

    __slots__ = ("body", "params", "query", "raw", "token_user")

    def __init__(
        self,
        params: Dict[str, str],
        query: Dict[str, str],
        body: Any = None,
        raw: Any = None,
        token_user: Optional[str] = None,
    ) -> None:
        #: Path parameters by their Python name (``user_id``), URL-decoded.
        self.params = params
        #: Query parameters by wire name; the last value wins when one repeats.
        self.query = query
        #: The request body as its model (``op.body``), or ``None``.
        self.body = body
        #: The request body exactly as received (decoded JSON), or ``None``.
        self.raw = raw
        #: The end user a JWT bearer token names (``userId`` or ``sub``), if any.
        self.token_user = token_user

    @property
    def data(self) -> Dict[str, Any]:
        """The body as a wire dict holding only the fields the caller set."""
        if self.body is None:
            return {}
        result: Dict[str, Any] = msgspec.to_builtins(self.body)
        return result


#: Added to the real time by ``now``: a test moves the emulator's clock with it.
CLOCK_OFFSET = timedelta(0)


def now() -> datetime:
    """The current time, timezone-aware UTC (plus ``CLOCK_OFFSET``)."""
    return datetime.now(timezone.utc) + CLOCK_OFFSET


def iso(moment: datetime) -> str:
    """``moment`` as ISO 8601 in UTC with milliseconds, ``Z``-suffixed."""
    text = moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def parse_time(value: str, what: str) -> datetime:
    """An ISO 8601 date-time (naive means UTC) or a Unix timestamp in seconds or ms."""
    try:
        number = float(value)
    except ValueError:
        pass
    else:
        return datetime.fromtimestamp(number / 1000 if number > 1e11 else number, timezone.utc)
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ApiError(400, f"{what} must be an ISO 8601 date-time, got {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def positive_int(query: Dict[str, str], name: str, default: int, cap: int) -> int:
    """A query parameter that must be a whole number >= 1, capped at ``cap``."""
    raw = query.get(name)
    if raw is None:
        return default
    try:
        number = int(float(raw))
    except ValueError:
        raise ApiError(400, f"Query parameter {name} must be a number, got {raw!r}") from None
    if number < 1:
        raise ApiError(400, f"Query parameter {name} must be at least 1, got {raw!r}")
    return min(number, cap)


def page_token(kind: str, seq: int) -> str:
    """An opaque page token for position ``seq`` in a ``kind`` of list."""
    return base64.urlsafe_b64encode(f"{kind}:{seq}".encode()).decode().rstrip("=")


def page_position(kind: str, token: str, name: str) -> int:
    """The position a ``page_token`` of ``kind`` stands for; 400 if it is not one."""
    try:
        padded = token + "=" * (-len(token) % 4)
        prefix, _, seq = base64.urlsafe_b64decode(padded).decode().partition(":")
        if prefix == kind:
            return int(seq)
    except ValueError:
        pass
    raise ApiError(400, f"Invalid {name}: {token!r}")


_PHONE = re.compile(r"^\+?[1-9]\d{6,14}$")
_PHONE_PUNCTUATION = re.compile(r"[\s().-]")


def check_phone(value: str, what: str) -> str:
    """``value`` as E.164 (``+`` and digits), or a 400 naming ``what``."""
    digits = _PHONE_PUNCTUATION.sub("", value or "")
    if not _PHONE.match(digits):
        raise ApiError(400, f"`{what}` must be a phone number in E.164 format, got {value!r}")
    return digits if digits.startswith("+") else "+" + digits


def channel_param(call: Call) -> str:
    """The ``channel`` path parameter, if it is a channel (else a 400)."""
    channel = call.params["channel"]
    if channel not in CHANNELS:
        raise ApiError(
            400, f"Unknown channel {channel!r}: use one of {', '.join(sorted(CHANNELS))}"
        )
    return channel


def required_text(data: Dict[str, Any], field: str) -> str:
    """A required string field that must not be blank (else a 400 naming it)."""
    value = data.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f"Missing required field `{field}`")
    return value
