"""Verify (and, for tests, sign) the webhook deliveries Pingram POSTs to you.

A delivery carries three headers:

- ``X-Pingram-Id``: the message id;
- ``X-Pingram-Timestamp``: milliseconds since the Unix epoch;
- ``X-Pingram-Signature``: ``v1,<hex>``, possibly several space-separated entries.

The signature is the hex HMAC-SHA256, keyed with the webhook secret, of the
UTF-8 bytes of ``<id>.<timestamp>.<raw body>``. :func:`verify` checks, in the
order 1.x's ``construct_event`` does: the timestamp (present, well formed, at
most ``tolerance`` seconds from now in either direction, which blocks
replays), then the signature (present, well formed, matching in constant time
over the exact bytes received), and only then decodes the body into a
:class:`~pingram.models.webhooks.WebhookEvent`.

The 1.x helpers are here under their 1.x names: :func:`construct_event`, the
:class:`Webhooks` class (``construct_event`` and the keyword-only ``verify``)
and its instance :data:`webhooks`; ``Pingram.webhook_verification`` is that
class. They raise the same errors at the same checks as 1.x.

No error message ever contains the secret or the expected signature.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from typing import Any, Iterable, Optional, Protocol, Sequence, Tuple, Union

import msgspec

from ._exceptions import WebhookSignatureError, WebhookTimestampError, WebhookVerificationError
from .models._base import decoder_for
from .models.webhooks import WebhookEvent

__all__ = [
    "verify",
    "sign",
    "construct_event",
    "Webhooks",
    "webhooks",
    "WebhookVerification",
    "WebhookEvent",
    "WebhookVerificationError",
    "WebhookSignatureError",
    "WebhookTimestampError",
    "ID_HEADER",
    "TIMESTAMP_HEADER",
    "SIGNATURE_HEADER",
    "DEFAULT_TOLERANCE",
    "DEFAULT_TOLERANCE_SECONDS",
]

ID_HEADER = "X-Pingram-Id"
TIMESTAMP_HEADER = "X-Pingram-Timestamp"
SIGNATURE_HEADER = "X-Pingram-Signature"

#: Seconds a delivery's timestamp may be away from now, in either direction.
DEFAULT_TOLERANCE = 300
#: The 1.x name of :data:`DEFAULT_TOLERANCE`.
DEFAULT_TOLERANCE_SECONDS = DEFAULT_TOLERANCE

_VERSION = "v1"
# Milliseconds since the epoch have 13 digits until the year 2286; anything much
# longer is garbage (and would make int() slow or raise on huge inputs).
_MAX_TIMESTAMP_DIGITS = 15


class HeadersLike(Protocol):
    """Anything with ``.items()``: a dict, Django/Flask/Starlette request headers."""

    def items(self) -> Iterable[Tuple[Any, Any]]: ...


Secret = Union[str, bytes]
Secrets = Union[str, bytes, Sequence[Union[str, bytes]]]
Payload = Union[bytes, bytearray, memoryview, str]


def verify(
    payload: Payload,
    headers: Optional[HeadersLike] = None,
    secret: Optional[Secrets] = None,
    *,
    message_id: Optional[str] = None,
    timestamp: Union[str, int, None] = None,
    signature: Optional[str] = None,
    tolerance: float = DEFAULT_TOLERANCE,
    now: Optional[float] = None,
) -> WebhookEvent:
    """Check a webhook delivery and return its decoded event.

    ``payload`` is the raw request body exactly as received (``bytes``, or a
    ``str`` that is encoded as UTF-8): never a re-serialised JSON object.
    ``headers`` is the request's header mapping; the three ``X-Pingram-*``
    headers are found whatever their casing. Instead of (or on top of)
    ``headers`` the values can be passed as ``message_id``, ``timestamp`` and
    ``signature``; an explicit value always wins over the header.

    ``secret`` is the webhook secret (``str`` or ``bytes``, used verbatim,
    ``whsec_`` prefix included), or a list of secrets while you rotate it: the
    delivery passes if any of them matches. ``tolerance`` is in seconds;
    ``now`` (seconds since the epoch) replaces the clock in tests.

    Raises :class:`ValueError` (not a verification error) when the secret is
    missing or empty or ``tolerance`` is invalid: that is a configuration bug.
    Then, in this order (1.x's): :class:`WebhookTimestampError` for a missing,
    malformed or out-of-tolerance timestamp; :class:`WebhookSignatureError`
    for a missing, malformed or non-matching signature or a missing id;
    :class:`WebhookVerificationError` (their base) for a body that is not a
    ``WebhookEvent``.
    """
    keys = _keys(secret)
    if not tolerance >= 0:  # also rejects NaN, which would accept any timestamp
        raise ValueError("tolerance must be a number of seconds >= 0")
    body = _payload_bytes(payload)

    if message_id is None:
        message_id = _header(headers, ID_HEADER)
    if timestamp is None:
        timestamp = _header(headers, TIMESTAMP_HEADER)
    if signature is None:
        signature = _header(headers, SIGNATURE_HEADER)

    # The timestamp first, then the signature, as 1.x's construct_event does.
    if timestamp is None or timestamp == "":
        raise WebhookTimestampError(f"missing {TIMESTAMP_HEADER} header")
    timestamp_text, timestamp_ms = _parse_timestamp(timestamp)
    current = time.time() if now is None else now
    if not math.isfinite(current):  # a broken clock accepts nothing
        raise WebhookTimestampError("the current time is not a finite number")
    current_ms = int(current * 1000)
    age = abs(current_ms - timestamp_ms) / 1000
    if not age <= tolerance:
        when = "in the past" if current_ms > timestamp_ms else "in the future"
        raise WebhookTimestampError(
            f"{TIMESTAMP_HEADER} is {age:.3f} s {when}; tolerance is {tolerance} s"
        )

    if not signature:
        raise WebhookSignatureError(f"missing {SIGNATURE_HEADER} header")
    if not isinstance(signature, str):
        raise WebhookSignatureError(f"{SIGNATURE_HEADER} must be a string")
    candidates = _v1_signatures(signature)
    if not candidates:
        raise WebhookSignatureError(
            f"{SIGNATURE_HEADER} header has no {_VERSION} signature (expected '{_VERSION},<hex>')"
        )
    if not message_id:
        # Part of what is signed: without it no signature can match.
        raise WebhookSignatureError(f"missing {ID_HEADER} header")
    try:
        signed = f"{message_id}.{timestamp_text}.".encode() + body
    except UnicodeEncodeError:  # e.g. a lone surrogate in an explicit message_id
        raise WebhookSignatureError(f"{ID_HEADER} is not valid text") from None
    matched = False
    for key in keys:
        expected = hmac.new(key, signed, hashlib.sha256).digest()
        for candidate in candidates:
            # Keep comparing after a match: no early exit that timing could reveal.
            matched |= hmac.compare_digest(expected, candidate)
    if not matched:
        raise WebhookSignatureError(
            f"{SIGNATURE_HEADER} does not match: wrong secret, or the id, timestamp or body "
            "changed (verify the raw body exactly as received)"
        )

    try:
        event: WebhookEvent = decoder_for(WebhookEvent).decode(body)
    except msgspec.ValidationError as exc:
        raise WebhookVerificationError(f"webhook body is not a WebhookEvent: {exc}") from None
    except msgspec.DecodeError as exc:
        raise WebhookVerificationError(f"webhook body is not valid JSON: {exc}") from None
    except UnicodeDecodeError as exc:  # msgspec's error for a string that is not UTF-8
        raise WebhookVerificationError(f"webhook body is not valid UTF-8: {exc.reason}") from None
    return event


def sign(
    payload: Payload,
    secret: Secret,
    *,
    message_id: str,
    timestamp: Union[int, str, None] = None,
) -> dict[str, str]:
    """The three headers of a valid delivery of ``payload``, for tests and emulators.

    ``timestamp`` is milliseconds since the epoch and defaults to now. Send
    ``payload`` byte for byte as the body alongside the returned headers.
    """
    if not isinstance(secret, (str, bytes)):
        raise TypeError(f"secret must be str or bytes, not {type(secret).__name__}")
    (key,) = _keys(secret)
    if not isinstance(message_id, str) or not message_id:
        raise ValueError("message_id must be a non-empty string")
    if timestamp is None:
        timestamp = int(time.time() * 1000)
    timestamp_text, _ = _parse_timestamp(timestamp, error=ValueError)
    signed = f"{message_id}.{timestamp_text}.".encode() + _payload_bytes(payload)
    digest = hmac.new(key, signed, hashlib.sha256).hexdigest()
    return {
        ID_HEADER: message_id,
        TIMESTAMP_HEADER: timestamp_text,
        SIGNATURE_HEADER: f"{_VERSION},{digest}",
    }


def construct_event(
    payload: Payload,
    message_id: str,
    signature: str,
    timestamp: Union[str, int],
    secret: Secrets,
    tolerance: float = DEFAULT_TOLERANCE,
) -> WebhookEvent:
    """Check a webhook delivery and return its event: 1.x's ``construct_event``.

    The same checks in the same order as :func:`verify` (which it calls), with
    the values passed one by one as 1.x takes them: ``payload`` is the raw body
    as received; ``message_id``, ``signature`` and ``timestamp`` are the
    ``X-Pingram-Id``, ``X-Pingram-Signature`` and ``X-Pingram-Timestamp``
    headers. Raises :class:`WebhookTimestampError` for a missing, malformed or
    stale timestamp, then :class:`WebhookSignatureError` for a missing,
    malformed or wrong signature (or a missing id), as 1.x does.
    """
    return verify(
        payload,
        secret=secret,
        message_id=message_id,
        timestamp=timestamp,
        signature=signature,
        tolerance=tolerance,
    )


class Webhooks:
    """The webhook helpers as 1.x offered them, plus :func:`sign`.

    ``Webhooks.construct_event(payload, message_id, signature, timestamp, secret,
    tolerance=300)`` and ``Webhooks.verify(payload=..., message_id=...,
    signature=..., timestamp=..., secret=...)`` work as in 1.x; ``verify`` also
    takes the request's headers (``verify(raw_body, headers, secret=...)``).
    ``pingram.webhooks.webhooks`` is an instance and ``Pingram.webhook_verification``
    the class; both need no client.
    """

    construct_event = staticmethod(construct_event)
    verify = staticmethod(verify)
    sign = staticmethod(sign)


#: The name ``Pingram.webhook_verification`` has had: the same class.
WebhookVerification = Webhooks

#: A ready instance, as 1.x's ``pingram.webhooks.webhooks``.
webhooks = Webhooks()


def _keys(secret: object) -> list[bytes]:
    """The HMAC keys: one per secret, each non-empty. Raises ValueError/TypeError."""
    if secret is None:
        raise ValueError("a webhook secret is required")
    items: Sequence[object]
    if isinstance(secret, (str, bytes, bytearray)):
        items = (secret,)
    elif isinstance(secret, (list, tuple)):
        items = secret
        if not items:
            raise ValueError("the list of webhook secrets is empty")
    else:
        raise TypeError(f"secret must be str, bytes or a list of them, not {type(secret).__name__}")
    keys = []
    for item in items:
        if isinstance(item, str):
            key = item.encode()
        elif isinstance(item, (bytes, bytearray)):
            key = bytes(item)
        else:
            raise TypeError(f"each webhook secret must be str or bytes, not {type(item).__name__}")
        if not key:
            raise ValueError("webhook secret is empty")
        keys.append(key)
    return keys


def _payload_bytes(payload: object) -> bytes:
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, (bytearray, memoryview)):
        return bytes(payload)
    if isinstance(payload, str):
        try:
            return payload.encode()
        except UnicodeEncodeError:
            raise WebhookVerificationError("webhook payload is not valid UTF-8 text") from None
    raise TypeError(
        f"payload must be the raw body as bytes or str, not {type(payload).__name__}"
        " (pass request.get_data() / await request.body(), not parsed JSON)"
    )


def _header(headers: Optional[HeadersLike], name: str) -> Optional[str]:
    """``headers[name]`` whatever the casing: exact key first, then a case-insensitive scan."""
    if headers is None:
        return None
    if not hasattr(headers, "items"):
        raise TypeError(f"headers must be a mapping, not {type(headers).__name__}")
    value: Any = None
    getter = getattr(headers, "get", None)
    if callable(getter):
        # Case-insensitive already for Django, Werkzeug and Starlette headers.
        value = getter(name)
    if value is None:
        wanted = name.lower()
        for key, item in headers.items():
            if isinstance(key, (bytes, bytearray)):
                key = bytes(key).decode("latin-1")
            if isinstance(key, str) and key.lower() == wanted:
                value = item
                break
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    if isinstance(value, str):
        return value
    raise WebhookVerificationError(f"{name} header is not a string")


def _parse_timestamp(
    value: Union[str, int], *, error: type[Exception] = WebhookTimestampError
) -> tuple[str, int]:
    """The timestamp as signed (the header text) and as integer milliseconds."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise error(f"{TIMESTAMP_HEADER} must be a non-negative integer of milliseconds")
        text = str(value)
    elif isinstance(value, str):
        text = value
    else:
        raise error(f"{TIMESTAMP_HEADER} must be an integer of milliseconds")
    # ASCII digits only: str.isdigit() alone also accepts e.g. '²' or Arabic-Indic digits.
    if not (text.isascii() and text.isdigit()) or len(text) > _MAX_TIMESTAMP_DIGITS:
        raise error(f"{TIMESTAMP_HEADER} is not an integer of milliseconds since the epoch")
    return text, int(text)


def _v1_signatures(header: str) -> list[bytes]:
    """The digests of the ``v1,<hex>`` entries; other versions and non-hex entries are ignored."""
    found = []
    for entry in header.split():
        version, sep, value = entry.partition(",")
        if not sep or version != _VERSION:
            continue
        try:
            found.append(bytes.fromhex(value))
        except ValueError:
            # A v1 entry that is not hex can match nothing; keep it so the error
            # says "does not match" rather than "no v1 signature".
            found.append(b"")
    return found
