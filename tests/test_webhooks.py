"""Webhook signature verification: vectors, tampering, tolerance, rotation, header lookup."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from pingram import Pingram, PingramSync
from pingram._exceptions import (
    PingramError,
    WebhookSignatureError,
    WebhookTimestampError,
    WebhookVerificationError,
)
from pingram.models.webhooks import WebhookEvent, WebhookUsage
from pingram.webhooks import (
    DEFAULT_TOLERANCE_SECONDS,
    Webhooks,
    WebhookVerification,
    construct_event,
    sign,
    verify,
    webhooks,
)

SECRET = "whsec_test_secret"
MSG_ID = "msg_2a9c"
TS = "1700000000000"  # milliseconds
NOW = 1_700_000_000.0  # seconds: exactly the delivery time
BODY = (
    '{"eventType":"EMAIL_DELIVERED","channel":"EMAIL","userId":"user-1",'
    '"notificationId":"welcome","trackingId":"trk-1"}'
)
# Computed once, independently: printf '%s' 'msg_2a9c.1700000000000.<BODY>' |
#   openssl dgst -sha256 -hmac 'whsec_test_secret'
BODY_SIG_HEX = "460b6fc255cb480058519ae006b8e70908d444691ab44c40003f0c3d7a3428d7"

UNICODE_BODY = (
    '{"eventType":"INAPP_CLICKED","channel":"INAPP_WEB","userId":"héllo ✓",'
    '"notificationId":"n","trackingId":"t"}'
)
UNICODE_SIG_HEX = "b65ffc59e06c3b7d9747c7d08514dc8f2a92c7412f6c3e36142070df5034a925"


def hmac_hex(secret: str | bytes, msg_id: str, ts: str, body: str | bytes) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    raw = body.encode("utf-8") if isinstance(body, str) else body
    return hmac.new(key, f"{msg_id}.{ts}.".encode() + raw, hashlib.sha256).hexdigest()


def headers_for(
    sig: str | None = None, *, msg_id: str = MSG_ID, ts: str = TS, body: str = BODY
) -> dict[str, str]:
    if sig is None:
        sig = "v1," + hmac_hex(SECRET, msg_id, ts, body)
    return {"X-Pingram-Id": msg_id, "X-Pingram-Timestamp": ts, "X-Pingram-Signature": sig}


def ts_at(seconds: float) -> str:
    return str(round(seconds * 1000))


class TitleCaseHeaders(Mapping[str, str]):
    """Like Werkzeug/Django headers: case-insensitive lookup, but items() in title case."""

    def __init__(self, data: dict[str, str]) -> None:
        self._data = {k.lower(): v for k, v in data.items()}

    def __getitem__(self, key: str) -> str:
        return self._data[key.lower()]

    def __iter__(self) -> Iterator[str]:
        return (k.title() for k in self._data)

    def __len__(self) -> int:
        return len(self._data)


class ItemsOnlyHeaders:
    """No get(): only a case-insensitive scan of items() can find the headers."""

    def __init__(self, data: dict[str, str]) -> None:
        self._data = data

    def items(self) -> list[tuple[str, str]]:
        return [(k.upper(), v) for k, v in self._data.items()]


# --- fixed vectors ---------------------------------------------------------------


def test_fixed_vector_matches_independent_hmac_and_literal() -> None:
    assert hmac_hex(SECRET, MSG_ID, TS, BODY) == BODY_SIG_HEX
    assert sign(BODY, SECRET, message_id=MSG_ID, timestamp=TS) == {
        "X-Pingram-Id": MSG_ID,
        "X-Pingram-Timestamp": TS,
        "X-Pingram-Signature": "v1," + BODY_SIG_HEX,
    }
    event = verify(BODY, headers_for("v1," + BODY_SIG_HEX), SECRET, now=NOW)
    assert isinstance(event, WebhookEvent)
    assert event.event_type == "EMAIL_DELIVERED"
    assert event.channel == "EMAIL"
    assert event.user_id == "user-1"
    assert event.notification_id == "welcome"
    assert event.tracking_id == "trk-1"
    assert event.usage is None
    assert event.failure_code is None


def test_uppercase_hex_is_the_same_signature() -> None:
    event = verify(BODY, headers_for("v1," + BODY_SIG_HEX.upper()), SECRET, now=NOW)
    assert event.tracking_id == "trk-1"


def test_non_ascii_body_str_and_bytes() -> None:
    assert hmac_hex(SECRET, MSG_ID, TS, UNICODE_BODY) == UNICODE_SIG_HEX
    headers = headers_for("v1," + UNICODE_SIG_HEX)
    from_str = verify(UNICODE_BODY, headers, SECRET, now=NOW)
    from_bytes = verify(UNICODE_BODY.encode("utf-8"), headers, SECRET, now=NOW)
    assert from_str == from_bytes
    assert from_str.user_id == "héllo ✓"
    assert from_str.channel == "INAPP_WEB"


@pytest.mark.parametrize("payload", [BODY, BODY.encode(), bytearray(BODY.encode())])
def test_bytes_and_str_payloads(payload: str | bytes | bytearray) -> None:
    assert verify(payload, headers_for(), SECRET, now=NOW).tracking_id == "trk-1"


def test_bytes_secret_and_whsec_prefix_used_verbatim() -> None:
    verify(BODY, headers_for(), SECRET.encode(), now=NOW)
    # The prefix is part of the key: not stripped, not base64-decoded.
    with pytest.raises(WebhookSignatureError):
        verify(BODY, headers_for(), "test_secret", now=NOW)


def test_usage_event_and_unknown_fields_are_decoded_leniently() -> None:
    body = (
        '{"eventType":"USAGE_ALERT","channel":"SMS","userId":"","notificationId":"",'
        '"trackingId":"","accountId":"acc-1","yearMonthDay":"2024-05-01","percent":80,'
        '"spent":12.5,"costCap":15,"autoUpgrade":false,"clickedLinkTags":{"a":["x","y"]},'
        '"usage":{"SMS":{"count":120,"cost":9.6},"EMAIL":{"count":4000,"cost":2}},'
        '"brandNewField":{"nested":[1,2,3]}}'
    )
    event = verify(body, headers_for(body=body), SECRET, now=NOW)
    assert event.event_type == "USAGE_ALERT"
    assert event.account_id == "acc-1"
    assert event.year_month_day == "2024-05-01"
    assert event.percent == 80
    assert event.spent == 12.5
    assert event.cost_cap == 15
    assert event.auto_upgrade is False
    assert event.clicked_link_tags == {"a": ["x", "y"]}
    assert event.usage == {
        "SMS": WebhookUsage(count=120, cost=9.6),
        "EMAIL": WebhookUsage(count=4000, cost=2),
    }
    assert not hasattr(event, "brandNewField")


def test_new_channel_and_missing_required_fields_do_not_break_decoding() -> None:
    body = '{"eventType":"SOMETHING_NEW","channel":"CARRIER_PIGEON"}'
    event = verify(body, headers_for(body=body), SECRET, now=NOW)
    assert event.channel == "CARRIER_PIGEON"
    assert event.event_type == "SOMETHING_NEW"
    assert event.user_id is None
    assert event.tracking_id is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [("not json", "not valid JSON"), ("[1, 2]", "not a WebhookEvent"), ('{"userId": 5}', "userId")],
)
def test_signed_body_of_the_wrong_shape(body: str, reason: str) -> None:
    with pytest.raises(WebhookVerificationError, match=reason) as info:
        verify(body, headers_for(body=body), SECRET, now=NOW)
    assert type(info.value) is WebhookVerificationError


@pytest.mark.parametrize(
    "body",
    [
        b'{"eventType":"EMAIL_DELIVERED","userId":"caf\xe9"}',  # Latin-1, not UTF-8
        b'{"eventType":"x\xc3"}',  # truncated sequence
        b'{"channel":"\xed\xa0\x80"}',  # an encoded surrogate
        b"\xff\xfe{}",
    ],
)
def test_signed_body_that_is_not_utf8(body: bytes) -> None:
    headers = sign(body, SECRET, message_id=MSG_ID, timestamp=TS)
    with pytest.raises(WebhookVerificationError, match="not valid") as info:
        verify(body, headers, SECRET, now=NOW)
    assert type(info.value) is WebhookVerificationError
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


def test_message_id_that_cannot_be_encoded() -> None:
    with pytest.raises(WebhookSignatureError, match="X-Pingram-Id is not valid text"):
        verify(
            BODY, None, SECRET, message_id="msg_\ud800", timestamp=TS, signature="v1,00", now=NOW
        )


# --- tampering -------------------------------------------------------------------


def test_tampered_body() -> None:
    with pytest.raises(WebhookSignatureError):
        verify(BODY.replace("user-1", "user-2"), headers_for(), SECRET, now=NOW)


def test_reserialised_body_is_rejected() -> None:
    # Whitespace differences matter: verification is over the raw bytes.
    with pytest.raises(WebhookSignatureError):
        verify(BODY.replace(",", ", "), headers_for(), SECRET, now=NOW)


def test_tampered_id() -> None:
    headers = headers_for()
    headers["X-Pingram-Id"] = "msg_other"
    with pytest.raises(WebhookSignatureError):
        verify(BODY, headers, SECRET, now=NOW)


def test_tampered_timestamp() -> None:
    headers = headers_for()
    headers["X-Pingram-Timestamp"] = str(int(TS) + 1)  # still within tolerance
    with pytest.raises(WebhookSignatureError):
        verify(BODY, headers, SECRET, now=NOW)


def test_wrong_secret() -> None:
    with pytest.raises(WebhookSignatureError):
        verify(BODY, headers_for(), "whsec_other", now=NOW)


# --- timestamp tolerance ---------------------------------------------------------


@pytest.mark.parametrize("offset", [-299.999, -1, 0, 1, 299.999, -300, 300])
def test_timestamps_inside_tolerance(offset: float) -> None:
    ts = ts_at(NOW + offset)
    assert verify(BODY, headers_for(ts=ts), SECRET, now=NOW).tracking_id == "trk-1"


@pytest.mark.parametrize(("offset", "when"), [(-300.001, "past"), (300.001, "future")])
def test_timestamps_just_outside_tolerance(offset: float, when: str) -> None:
    ts = ts_at(NOW + offset)
    with pytest.raises(WebhookTimestampError, match=when):
        verify(BODY, headers_for(ts=ts), SECRET, now=NOW)


@pytest.mark.parametrize("offset", [-3600, 3600, -86_400 * 365])
def test_timestamps_far_outside_tolerance(offset: float) -> None:
    with pytest.raises(WebhookTimestampError):
        verify(BODY, headers_for(ts=ts_at(NOW + offset)), SECRET, now=NOW)


def test_custom_tolerance() -> None:
    headers = headers_for(ts=ts_at(NOW - 20))
    with pytest.raises(WebhookTimestampError):
        verify(BODY, headers, SECRET, now=NOW, tolerance=10)
    verify(BODY, headers, SECRET, now=NOW, tolerance=30)
    verify(BODY, headers_for(), SECRET, now=NOW, tolerance=0)


def test_default_clock_is_used() -> None:
    verify(BODY, sign(BODY, SECRET, message_id=MSG_ID), SECRET)
    with pytest.raises(WebhookTimestampError):
        verify(BODY, headers_for(), SECRET)  # TS is from 2023


@pytest.mark.parametrize("tolerance", [-1, float("nan")])
def test_invalid_tolerance(tolerance: float) -> None:
    with pytest.raises(ValueError, match="tolerance"):
        verify(BODY, headers_for(), SECRET, now=NOW, tolerance=tolerance)


@pytest.mark.parametrize(
    "bad_ts",
    [
        "abc",
        "1.5e12",
        "1700000000000.0",
        "-1700000000000",
        "+1700000000000",
        "\u0661\u0667\u0660",
        " 1",
    ],
)
def test_malformed_timestamp(bad_ts: str) -> None:
    # Signed correctly over the bad value: the format itself is what is rejected.
    headers = headers_for(ts=bad_ts)
    with pytest.raises(WebhookTimestampError, match="X-Pingram-Timestamp"):
        verify(BODY, headers, SECRET, now=NOW)


def test_nan_clock_fails_closed() -> None:
    with pytest.raises(WebhookTimestampError):
        verify(BODY, headers_for(), SECRET, now=float("nan"))


# --- rotation and signature header format ----------------------------------------


def test_rotated_signatures_second_matches() -> None:
    good = "v1," + hmac_hex(SECRET, MSG_ID, TS, BODY)
    bad = "v1," + hmac_hex("whsec_old", MSG_ID, TS, BODY)
    assert verify(BODY, headers_for(f"{bad} {good}"), SECRET, now=NOW).tracking_id == "trk-1"
    # Order does not matter: a later non-matching entry does not undo a match.
    event = verify(BODY, headers_for(f"{good} {bad} v1,zz"), SECRET, now=NOW)
    assert event.tracking_id == "trk-1"


def test_unknown_version_prefix_is_ignored() -> None:
    valid_hex = hmac_hex(SECRET, MSG_ID, TS, BODY)
    with pytest.raises(WebhookSignatureError, match="no v1 signature"):
        verify(BODY, headers_for(f"v2,{valid_hex}"), SECRET, now=NOW)
    # Next to a valid v1 entry, an unknown version is simply skipped.
    verify(BODY, headers_for(f"v2,zzz v1,{valid_hex}"), SECRET, now=NOW)


def test_secret_list_any_matches() -> None:
    verify(BODY, headers_for(), ["whsec_new", SECRET], now=NOW)
    verify(BODY, headers_for(), ("whsec_new", SECRET.encode()), now=NOW)
    verify(BODY, headers_for(), [SECRET, "whsec_new"], now=NOW)
    with pytest.raises(WebhookSignatureError):
        verify(BODY, headers_for(), ["whsec_a", "whsec_b"], now=NOW)


@pytest.mark.parametrize(
    ("header", "error"),
    [
        ("nocomma", "no v1 signature"),
        ("v1" + BODY_SIG_HEX, "no v1 signature"),
        ("v1,", "does not match"),
        ("v1,not-hex-at-all", "does not match"),
        ("v1,zz" + BODY_SIG_HEX[2:], "does not match"),
        ("v1," + BODY_SIG_HEX[:-2], "does not match"),
        ("   ", "no v1 signature"),
    ],
)
def test_malformed_signature_header(header: str, error: str) -> None:
    with pytest.raises(WebhookSignatureError, match=error):
        verify(BODY, headers_for(header), SECRET, now=NOW)


def test_empty_signature_header_counts_as_missing() -> None:
    with pytest.raises(WebhookSignatureError, match="missing X-Pingram-Signature"):
        verify(BODY, headers_for(""), SECRET, now=NOW)


# --- secrets ---------------------------------------------------------------------


@pytest.mark.parametrize("secret", [None, "", b"", [], ["whsec_ok", ""]])
def test_missing_or_empty_secret(secret: object) -> None:
    with pytest.raises(ValueError, match="secret") as info:
        verify(BODY, headers_for(), secret, now=NOW)  # type: ignore[arg-type]
    # A configuration bug, not an untrusted delivery: not swallowed by a 400 handler.
    assert not isinstance(info.value, WebhookVerificationError)


def test_secret_is_checked_before_anything_else() -> None:
    with pytest.raises(ValueError, match="secret"):
        verify(BODY, None, "")


def test_secret_of_wrong_type() -> None:
    with pytest.raises(TypeError):
        verify(BODY, headers_for(), 12345, now=NOW)  # type: ignore[arg-type]


# --- headers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "error", "other"),
    [
        # Part of what is signed, so 1.x handlers that catch WebhookSignatureError see it.
        ("X-Pingram-Id", WebhookSignatureError, (WebhookTimestampError,)),
        ("X-Pingram-Timestamp", WebhookTimestampError, (WebhookSignatureError,)),
        ("X-Pingram-Signature", WebhookSignatureError, (WebhookTimestampError,)),
    ],
)
def test_missing_each_header(
    name: str, error: type[Exception], other: tuple[type[Exception], ...]
) -> None:
    headers = headers_for()
    del headers[name]
    with pytest.raises(error, match=f"missing {name}") as info:
        verify(BODY, headers, SECRET, now=NOW)
    assert not isinstance(info.value, other)


def test_no_headers_at_all() -> None:
    # The timestamp is checked first, as 1.x's construct_event does.
    with pytest.raises(WebhookTimestampError, match="missing X-Pingram-Timestamp"):
        verify(BODY, None, SECRET, now=NOW)
    with pytest.raises(WebhookTimestampError, match="missing X-Pingram-Timestamp"):
        verify(BODY, {}, SECRET, now=NOW)


@pytest.mark.parametrize("case", [str.lower, str.upper, str.title, lambda s: s.swapcase()])
def test_dict_header_casing(case: object) -> None:
    assert callable(case)
    headers = {case(k): v for k, v in headers_for().items()}
    assert verify(BODY, headers, SECRET, now=NOW).user_id == "user-1"


def test_headers_like_mapping() -> None:
    headers = TitleCaseHeaders(headers_for())
    assert next(iter(headers.items()))[0] == "X-Pingram-Id"
    assert verify(BODY, headers, SECRET, now=NOW).tracking_id == "trk-1"


def test_headers_object_with_only_items() -> None:
    assert verify(BODY, ItemsOnlyHeaders(headers_for()), SECRET, now=NOW).channel == "EMAIL"


def test_bytes_header_values() -> None:
    raw = {k.lower().encode(): v.encode() for k, v in headers_for().items()}
    assert verify(BODY, raw, SECRET, now=NOW).tracking_id == "trk-1"  # type: ignore[arg-type]


def test_explicit_values_without_headers() -> None:
    event = verify(
        BODY,
        secret=SECRET,
        message_id=MSG_ID,
        timestamp=TS,
        signature="v1," + BODY_SIG_HEX,
        now=NOW,
    )
    assert event.user_id == "user-1"
    verify(
        BODY,
        secret=SECRET,
        message_id=MSG_ID,
        timestamp=int(TS),
        signature="v1," + BODY_SIG_HEX,
        now=NOW,
    )


def test_explicit_values_win_over_headers() -> None:
    bad_headers = headers_for("v1," + "00" * 32, msg_id="msg_other")
    verify(
        BODY,
        bad_headers,
        SECRET,
        message_id=MSG_ID,
        signature="v1," + BODY_SIG_HEX,
        now=NOW,
    )
    with pytest.raises(WebhookSignatureError):
        verify(BODY, headers_for(), SECRET, message_id="msg_other", now=NOW)


# --- sign() ----------------------------------------------------------------------


def test_sign_verify_round_trip() -> None:
    headers = sign(UNICODE_BODY.encode(), SECRET, message_id="msg_1", timestamp=int(TS))
    assert headers["X-Pingram-Timestamp"] == TS
    assert headers["X-Pingram-Signature"].startswith("v1,")
    assert verify(UNICODE_BODY, headers, SECRET, now=NOW).user_id == "héllo ✓"


def test_sign_default_timestamp_is_now_in_ms() -> None:
    headers = sign(BODY, SECRET, message_id=MSG_ID)
    ts = headers["X-Pingram-Timestamp"]
    assert ts.isdigit()
    assert len(ts) == 13
    verify(BODY, headers, SECRET)


def test_sign_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="secret"):
        sign(BODY, "", message_id=MSG_ID)
    with pytest.raises(ValueError, match="message_id"):
        sign(BODY, SECRET, message_id="")
    with pytest.raises(ValueError, match="X-Pingram-Timestamp"):
        sign(BODY, SECRET, message_id=MSG_ID, timestamp="1.5e12")


def test_namespace_class() -> None:
    headers = WebhookVerification.sign(BODY, SECRET, message_id=MSG_ID, timestamp=TS)
    assert WebhookVerification.verify(BODY, headers, SECRET, now=NOW).event_type == (
        "EMAIL_DELIVERED"
    )


def test_payload_must_be_raw() -> None:
    with pytest.raises(TypeError, match="raw body"):
        verify({"eventType": "x"}, headers_for(), SECRET, now=NOW)  # type: ignore[arg-type]


# --- errors ----------------------------------------------------------------------


def _failures() -> list[tuple[str, dict[str, str], float]]:
    valid = headers_for()
    return [
        ("tampered body", valid, NOW),
        ("stale", headers_for(ts=ts_at(NOW - 1000)), NOW),
        ("future", headers_for(ts=ts_at(NOW + 1000)), NOW),
        ("bad sig", headers_for("v1," + "ab" * 32), NOW),
        ("no v1", headers_for("v2,abc"), NOW),
        ("bad ts", headers_for(ts="abc"), NOW),
        ("no id", {k: v for k, v in valid.items() if k != "X-Pingram-Id"}, NOW),
    ]


@pytest.mark.parametrize(("label", "headers", "now"), _failures())
def test_errors_are_pingram_and_value_errors_and_leak_nothing(
    label: str, headers: dict[str, str], now: float
) -> None:
    body = BODY + " " if label == "tampered body" else BODY
    with pytest.raises(WebhookVerificationError) as info:
        verify(body, headers, SECRET, now=now)
    error = info.value
    assert isinstance(error, PingramError)
    assert isinstance(error, ValueError)
    text = str(error) + repr(error)
    assert SECRET not in text
    assert "test_secret" not in text
    assert BODY_SIG_HEX not in text
    assert hmac_hex(SECRET, MSG_ID, headers.get("X-Pingram-Timestamp", TS), body) not in text


def test_skew_is_reported_in_seconds() -> None:
    with pytest.raises(WebhookTimestampError, match=r"1000\.000 s in the past"):
        verify(BODY, headers_for(ts=ts_at(NOW - 1000)), SECRET, now=NOW)


def test_both_clients_expose_the_same_webhook_functions() -> None:
    from pingram import Pingram, PingramSync, webhooks

    for client_class in (Pingram, PingramSync):
        assert client_class.webhook_verification.verify is webhooks.verify
        assert client_class.webhook_verification.sign is webhooks.sign
    body = (
        b'{"eventType":"email_delivered","channel":"EMAIL","userId":"u1",'
        b'"notificationId":"n1","trackingId":"t1"}'
    )
    headers = PingramSync.webhook_verification.sign(body, "whsec_test", message_id="msg_1")
    event = Pingram.webhook_verification.verify(body, headers, "whsec_test")
    assert (event.event_type, event.tracking_id) == ("email_delivered", "t1")


# --- the 1.x helpers: construct_event, Webhooks, webhooks --------------------------


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """1.x's helpers read the clock themselves: stop it at the delivery time."""
    monkeypatch.setattr(time, "time", lambda: NOW)


@pytest.mark.usefixtures("frozen_clock")
def test_construct_event_takes_the_1x_arguments_in_order() -> None:
    sig = "v1," + BODY_SIG_HEX
    event = construct_event(BODY, MSG_ID, sig, TS, SECRET)
    assert (event.event_type, event.user_id, event.tracking_id) == (
        "EMAIL_DELIVERED",
        "user-1",
        "trk-1",
    )
    assert construct_event(BODY.encode(), MSG_ID, sig, int(TS), SECRET, 10) == event


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize(
    "helper",
    [
        Webhooks.construct_event,
        webhooks.construct_event,
        Pingram.webhook_verification.construct_event,
    ],
    ids=["Webhooks", "webhooks", "Pingram.webhook_verification"],
)
def test_every_1x_spelling_of_construct_event(helper: Any) -> None:
    event = helper(
        payload=BODY,
        message_id=MSG_ID,
        signature="v1," + BODY_SIG_HEX,
        timestamp=TS,
        secret=SECRET,
        tolerance=300,
    )
    assert event.notification_id == "welcome"


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize(
    "helper", [Webhooks.verify, webhooks.verify, Pingram.webhook_verification.verify]
)
def test_the_1x_keyword_verify(helper: Any) -> None:
    event = helper(
        payload=BODY, message_id=MSG_ID, signature="v1," + BODY_SIG_HEX, timestamp=TS, secret=SECRET
    )
    assert event.channel == "EMAIL"
    with pytest.raises(WebhookSignatureError):
        helper(payload=BODY, message_id=MSG_ID, signature="v1,00", timestamp=TS, secret=SECRET)


def test_the_timestamp_is_checked_before_the_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW + 301)
    # Both are wrong: 1.x reports the stale timestamp.
    with pytest.raises(WebhookTimestampError, match="tolerance"):
        construct_event(BODY, MSG_ID, "garbage", TS, SECRET)
    with pytest.raises(WebhookTimestampError):
        construct_event(BODY, MSG_ID, "v1," + BODY_SIG_HEX, TS, SECRET)
    assert construct_event(BODY, MSG_ID, "v1," + BODY_SIG_HEX, TS, SECRET, tolerance=301)


@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize(
    ("message_id", "signature", "timestamp", "error"),
    [
        (MSG_ID, "v1," + BODY_SIG_HEX, "not-a-number", WebhookTimestampError),
        (MSG_ID, "v1," + BODY_SIG_HEX, None, WebhookTimestampError),
        (MSG_ID, "v1," + BODY_SIG_HEX, ts_at(NOW - 301), WebhookTimestampError),
        (MSG_ID, "v1," + BODY_SIG_HEX, ts_at(NOW + 301), WebhookTimestampError),
        (MSG_ID, BODY_SIG_HEX, TS, WebhookSignatureError),  # no version
        (MSG_ID, "v2," + BODY_SIG_HEX, TS, WebhookSignatureError),
        (MSG_ID, "v1," + BODY_SIG_HEX.upper()[:-1], TS, WebhookSignatureError),
        (MSG_ID, None, TS, WebhookSignatureError),
        ("msg_other", "v1," + BODY_SIG_HEX, TS, WebhookSignatureError),
        (None, "v1," + BODY_SIG_HEX, TS, WebhookSignatureError),
    ],
)
def test_construct_event_raises_the_1x_error(
    message_id: Any, signature: Any, timestamp: Any, error: type[Exception]
) -> None:
    with pytest.raises(error) as info:
        construct_event(BODY, message_id, signature, timestamp, SECRET)
    assert SECRET not in str(info.value)
    assert BODY_SIG_HEX not in str(info.value)


@pytest.mark.usefixtures("frozen_clock")
def test_construct_event_refuses_an_empty_secret() -> None:
    # 1.x would key the HMAC with b"": anyone could sign. A configuration bug instead.
    forged = "v1," + hmac_hex(b"", MSG_ID, TS, BODY)
    with pytest.raises(ValueError, match="empty") as info:
        construct_event(BODY, MSG_ID, forged, TS, "")
    assert not isinstance(info.value, WebhookVerificationError)


def test_the_event_has_the_1x_attribute_names() -> None:
    official = [
        "event_type",
        "channel",
        "user_id",
        "notification_id",
        "tracking_id",
        "failure_code",
        "clicked_link",
        "clicked_link_tags",
        "account_id",
        "year_month_day",
        "resets_on",
        "percent",
        "spent",
        "cost_cap",
        "auto_upgrade",
        "usage",
    ]
    assert list(WebhookEvent.__struct_fields__) == official


def test_the_1x_module_names() -> None:
    assert DEFAULT_TOLERANCE_SECONDS == 300
    assert isinstance(webhooks, Webhooks)
    assert WebhookVerification is Webhooks
    assert Pingram.webhook_verification is Webhooks
    assert PingramSync.webhook_verification is Webhooks
