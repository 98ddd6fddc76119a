"""Behaviour of the models that SDK users rely on: wire names, omission, validation, leniency."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import msgspec
import pytest

import pingram.models as models
from pingram._exceptions import PingramValidationError
from pingram.models import (
    ApnOptions,
    ChannelDeliveryOptions,
    DailyDelivery,
    DeliveryOption,
    EmailContent,
    GetTemplatesResponse,
    GetUsersResponse,
    InAppDeliveryOptions,
    InAppInstantCopy,
    InAppInstantDelivery,
    InAppNotification,
    InAppNotificationPatchRequest,
    LogMessage,
    LogsGetResponse,
    MonthlyDelivery,
    Notification,
    NotificationCreateRequest,
    NotificationOptions,
    PostEmailTestRequest,
    PushToken,
    Recipient,
    SenderPostBody,
    SenderPostResponse,
    SendOptions,
    SetDefaultTemplateRequest,
    SlackMetadata,
    SlackOauthRequest,
    SlackTeam,
    Template,
    TemplatePostRequest,
    User,
    UserSuppressionDeleteResponse,
    WebPushContent,
    WeeklyDelivery,
)

from .payloads import FULL_SEND_WIRE, full_send_body

SRC = Path(__file__).parent.parent / "src"


def wire(model: msgspec.Struct) -> Any:
    """What actually goes over the wire, decoded back to builtins."""
    return msgspec.json.decode(msgspec.json.encode(model))


def test_full_send_body_encodes_to_the_wire_names() -> None:
    body = full_send_body()
    assert msgspec.json.decode(body.to_json()) == FULL_SEND_WIRE
    assert body.to_dict() == FULL_SEND_WIRE


def test_send_body_omits_unset_fields() -> None:
    body = SenderPostBody(type="welcome", to=Recipient(id="u1"))
    assert body.to_json() == '{"type":"welcome","to":{"id":"u1"}}'
    assert "null" not in SenderPostBody().to_json()
    assert SenderPostBody().to_dict() == {}


def test_explicit_falsy_values_are_sent() -> None:
    body = SenderPostBody(force_channels=[], parameters={}, options=SendOptions())
    assert wire(body) == {"forceChannels": [], "parameters": {}, "options": {}}
    apn = ApnOptions(badge=0, content_available=False)
    assert wire(apn) == {"badge": 0, "contentAvailable": False}


def test_snake_case_attributes_map_to_spec_spellings() -> None:
    body = SenderPostBody(force_channels=["SMS"], web_push=WebPushContent(title="t", message="m"))
    assert wire(body) == {"forceChannels": ["SMS"], "web_push": {"title": "t", "message": "m"}}

    template = TemplatePostRequest(
        template_id="t1",
        redirect_url="https://example.com",
        image_url="https://example.com/i.png",
        instant=InAppInstantCopy(image_url="https://example.com/i.png"),
    )
    assert wire(template) == {
        "templateId": "t1",
        "redirectURL": "https://example.com",
        "imageURL": "https://example.com/i.png",
        "instant": {"imageURL": "https://example.com/i.png"},
    }
    assert wire(SlackOauthRequest(code="c", redirect_uri="https://r")) == {
        "code": "c",
        "redirect_uri": "https://r",
    }


def test_channel_keyed_options_use_channel_names() -> None:
    weekly = ChannelDeliveryOptions(
        default_delivery_option="weekly",
        off=DeliveryOption(enabled=True),
        daily=DailyDelivery(enabled=False, hour="09:00"),
        weekly=WeeklyDelivery(enabled=True, hour="09:00", day="monday"),
        monthly=MonthlyDelivery(enabled=True, date="last"),
    )
    request = NotificationCreateRequest(
        notification_id="welcome",
        title="Welcome",
        channels=["EMAIL", "INAPP_WEB", "WEB_PUSH"],
        options=NotificationOptions(
            email=weekly,
            web_push=weekly,
            inapp_web=InAppDeliveryOptions(
                default_delivery_option="instant",
                instant=InAppInstantDelivery(
                    enabled=True, batching=True, batching_key="k", batching_window=60
                ),
            ),
        ),
    )
    weekly_wire = {
        "defaultDeliveryOption": "weekly",
        "off": {"enabled": True},
        "daily": {"enabled": False, "hour": "09:00"},
        "weekly": {"enabled": True, "hour": "09:00", "day": "monday"},
        "monthly": {"enabled": True, "date": "last"},
    }
    assert wire(request) == {
        "notificationId": "welcome",
        "title": "Welcome",
        "channels": ["EMAIL", "INAPP_WEB", "WEB_PUSH"],
        "options": {
            "EMAIL": weekly_wire,
            "WEB_PUSH": weekly_wire,
            "INAPP_WEB": {
                "defaultDeliveryOption": "instant",
                "instant": {
                    "enabled": True,
                    "batching": True,
                    "batchingKey": "k",
                    "batchingWindow": 60,
                },
            },
        },
    }


def test_keyword_wire_name_from_maps_to_from_underscore() -> None:
    message = LogMessage.from_dict({"trackingId": "t", "from": "ada@example.com"})
    assert message.from_ == "ada@example.com"
    assert message.to_dict()["from"] == "ada@example.com"
    assert "from_" not in message.to_dict()


# --- validation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "kwargs", "missing"),
    [
        (EmailContent, {"subject": "s"}, "html"),
        (PostEmailTestRequest, {"notification_id": "n", "to": "a@b.c"}, "subject"),
        (SetDefaultTemplateRequest, {"template_id": "t"}, "modes"),
        (InAppNotificationPatchRequest, {}, "tracking_ids"),
        (TemplatePostRequest, {"html": "<p/>"}, "template_id"),
        (NotificationCreateRequest, {"notification_id": "n", "title": "t"}, "channels"),
    ],
)
def test_required_fields_must_be_given(cls: Any, kwargs: Dict[str, Any], missing: str) -> None:
    with pytest.raises(TypeError, match=f"'{missing}'"):
        cls(**kwargs)


def test_constructor_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        EmailContent("subject", "html")  # type: ignore[misc]


def test_from_dict_with_a_wrong_type_names_the_path() -> None:
    with pytest.raises(PingramValidationError) as info:
        SenderPostBody.from_dict({"type": "t", "to": {"email": 42}})
    assert info.value.path == "$.to.email"
    assert isinstance(info.value, ValueError)


def test_from_dict_keeps_an_enum_value_the_sdk_does_not_know() -> None:
    """The API is the judge of a value added after this release (or of a typo)."""
    body = SenderPostBody.from_dict({"forceChannels": ["CARRIER_PIGEON"]})
    assert body.force_channels == ["CARRIER_PIGEON"]


def test_from_dict_reports_a_missing_required_nested_field() -> None:
    with pytest.raises(PingramValidationError) as info:
        SenderPostBody.from_dict({"email": {"subject": "Hi"}})
    assert info.value.path == "$.email"
    assert "html" in str(info.value)


def test_shapes_also_found_in_responses_decode_without_their_required_fields() -> None:
    """A push token read back from the API may lack a field the spec requires."""
    token = PushToken.from_dict({"type": "FCM", "token": "t"})
    assert token.device is None
    assert token.token == "t"


def test_full_send_body_round_trips() -> None:
    body = full_send_body()
    assert SenderPostBody.from_dict(body.to_dict()) == body
    assert SenderPostBody.from_json(body.to_json()) == body


def test_user_round_trips_and_converts_to_a_recipient() -> None:
    user = User.from_dict({"id": "u1", "email": "ada@example.com", "timezone": "UTC"})
    assert User.from_dict(user.to_dict()) == user
    recipient = Recipient.from_dict(user.to_dict())
    assert wire(SenderPostBody(type="t", to=recipient)) == {
        "type": "t",
        "to": {"id": "u1", "email": "ada@example.com", "timezone": "UTC"},
    }


def test_response_missing_required_fields_decode_as_none() -> None:
    assert SenderPostResponse.from_json(b"{}") == SenderPostResponse()
    assert SenderPostResponse.from_json(b"{}").tracking_id is None
    notification = Notification.from_json(b'{"notificationId": "welcome"}')
    assert notification.notification_id == "welcome"
    assert notification.title is None
    assert notification.channels is None
    assert notification.options is None
    assert GetUsersResponse.from_json(b"{}").users is None
    assert UserSuppressionDeleteResponse.from_json(b"{}").to_dict() == {}


def test_response_keeps_false_and_zero_values() -> None:
    """Only an absent field is left out of ``to_dict``; ``false``, ``0`` and ``""`` stay."""
    raw = b'{"success": false}'
    assert models.SuccessResponse.from_json(raw).to_dict() == {"success": False}


def test_response_enum_fields_accept_new_values() -> None:
    notification = Notification.from_json(b'{"channels": ["EMAIL", "CARRIER_PIGEON"]}')
    assert notification.channels == ["EMAIL", "CARRIER_PIGEON"]
    template = Template.from_json(b'{"channel": "CARRIER_PIGEON"}')
    assert template.channel == "CARRIER_PIGEON"


def test_user_response_decodes_nested_shapes() -> None:
    response = GetUsersResponse.from_json(
        b"""{"users": [{"id": "u1", "createdAt": "2024-01-01",
              "pushTokens": [{"type": "APN", "token": "t", "device": {"device_id": "d"}}],
              "webPushTokens": [{"sub": {"endpoint": "e", "keys": {"p256dh": "p", "auth": "a"}}}],
              "slackToken": {"ok": true, "team": {"id": "T1"}},
              "emailSuppressionStatus": {"reason": "Complaint", "details": {}}}],
            "hasMore": true, "lastEvaluatedKey": "k"}"""
    )
    assert response.has_more is True
    assert response.last_evaluated_key == "k"
    user = response.users[0]
    assert user.push_tokens is not None
    assert user.push_tokens[0].device.device_id == "d"
    assert user.web_push_tokens is not None
    assert user.web_push_tokens[0].sub.keys.auth == "a"
    assert user.slack_token is not None
    assert user.slack_token.team == SlackTeam(id="T1")
    assert user.email_suppression_status is not None
    assert user.email_suppression_status.reason == "Complaint"


EMAIL_TEMPLATE: Dict[str, Any] = {
    "envId": "env",
    "notificationId": "welcome",
    "templateId": "email-1",
    "channel": "EMAIL",
    "default": True,
    "isDefaultFor": {"instant": True},
    "html": "<p>Hi</p>",
    "internal": "{}",
    "subject": "Welcome",
    "senderName": "Shop",
    "senderEmail": "shop@example.com",
}
INAPP_TEMPLATE: Dict[str, Any] = {
    "envId": "env",
    "notificationId": "welcome",
    "templateId": "inapp-1",
    "channel": "INAPP_WEB",
    "default": False,
    "title": "Welcome",
    "redirectURL": "https://example.com",
    "imageURL": "https://example.com/i.png",
    "instant": {"title": "Hi", "redirectURL": "https://r", "imageURL": "https://i"},
    "batch": {"title": "{{count}} new", "redirectURL": "https://r", "imageURL": "https://i"},
}
SLACK_TEMPLATE: Dict[str, Any] = {
    "envId": "env",
    "notificationId": "welcome",
    "templateId": "slack-1",
    "channel": "SLACK",
    "default": True,
    "text": "Welcome",
    "blocks": [{"type": "divider"}],
    "parse": "none",
    "metadata": {"event_type": "welcome", "event_payload": {"a": 1}},
}


def test_template_decodes_every_channel_shape() -> None:
    email = Template.from_dict(EMAIL_TEMPLATE)
    assert email.template_id == "email-1"
    assert email.subject == "Welcome"
    assert email.is_default_for == {"instant": True}

    inapp = Template.from_dict(INAPP_TEMPLATE)
    assert inapp.template_id == "inapp-1"
    assert inapp.redirect_url == "https://example.com"
    assert inapp.batch is not None
    assert inapp.batch.title == "{{count}} new"

    slack = Template.from_dict(SLACK_TEMPLATE)
    assert slack.template_id == "slack-1"
    assert slack.blocks == [{"type": "divider"}]
    assert slack.metadata == SlackMetadata(event_type="welcome", event_payload={"a": 1})

    for template in (email, inapp, slack):
        assert Template.from_dict(template.to_dict()) == template


def test_a_template_answer_decodes_an_object_or_a_list() -> None:
    from pingram import _operations as ops

    decoder = msgspec.json.Decoder(ops.templates_get_template.response)
    one = decoder.decode(msgspec.json.encode(EMAIL_TEMPLATE))
    assert isinstance(one, Template)
    assert one.subject == "Welcome"
    many = decoder.decode(msgspec.json.encode([EMAIL_TEMPLATE, SLACK_TEMPLATE]))
    assert isinstance(many, list)
    assert [t.template_id for t in many] == ["email-1", "slack-1"]


def test_the_1x_wrapper_of_that_answer_holds_an_object_or_a_list() -> None:
    one = GetTemplatesResponse.from_json(msgspec.json.encode(EMAIL_TEMPLATE))
    assert isinstance(one.actual_instance, Template)
    many = GetTemplatesResponse.from_dict([EMAIL_TEMPLATE, SLACK_TEMPLATE])
    assert isinstance(many.actual_instance, list)
    assert many.to_dict() == [EMAIL_TEMPLATE, SLACK_TEMPLATE]


def test_in_app_notification_template_may_be_an_id_or_a_record() -> None:
    as_id = InAppNotification.from_dict({"id": "n1", "template": "tpl-1"})
    assert as_id.template == "tpl-1"
    as_record = InAppNotification.from_dict({"id": "n1", "template": EMAIL_TEMPLATE})
    assert isinstance(as_record.template, Template)
    assert as_record.template.template_id == "email-1"


def test_log_entries_decode_mixed_case_wire_names() -> None:
    response = LogsGetResponse.from_json(
        b'{"logs": [{"trackingId": "t1", "accountId": "a1", "envId": "e1",'
        b' "email_sent_at": "2024-01-01", "sms_sent_segments": 2, "unknown": 1}]}'
    )
    entry = response.logs[0]
    assert (entry.tracking_id, entry.account_id, entry.env_id) == ("t1", "a1", "e1")
    assert entry.email_sent_at == "2024-01-01"
    assert entry.sms_sent_segments == 2


def test_response_with_wrong_type_is_still_an_error() -> None:
    with pytest.raises(PingramValidationError) as info:
        SenderPostResponse.from_json(b'{"trackingId": 5}')
    assert info.value.path == "$.trackingId"


@pytest.mark.parametrize("data", [b'{"trackingId": "caf\xe9"}', b"not json"])
def test_from_json_of_bytes_that_are_not_utf8_json_is_a_validation_error(data: bytes) -> None:
    with pytest.raises(PingramValidationError, match="invalid SenderPostResponse"):
        SenderPostResponse.from_json(data)


# --- the package ----------------------------------------------------------------------


def test_every_exported_name_resolves() -> None:
    names: List[str] = list(models.__all__)
    assert sorted(names) == sorted(models._EXPORTS)
    for submodule in set(models._EXPORTS.values()):
        module = importlib.import_module(f"pingram.models.{submodule}")
        for name in module.__all__:
            assert models._EXPORTS.get(name) == submodule, f"{name} is not exported lazily"
    for name in names:
        value = getattr(models, name)
        module = f"pingram.models.{models._EXPORTS[name]}"
        assert getattr(sys.modules[module], name) is value


def test_reference_aliases_are_the_readable_models() -> None:
    assert models.GetSendersResponseInner is models.Domain
    assert models.GetEnvironmentsResponseInner is models.Environment
    assert models.GetNotificationsResponseInner is models.Notification
    assert models.GetUsersResponseUsersInner is models.User
    assert models.GetTemplatesListResponseInner is models.Template
    assert models.LogsGetResponseLogsInner is models.LogEntry


def test_importing_models_loads_no_submodule() -> None:
    code = (
        "import sys, pingram.models\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('pingram.models.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == ""


def test_the_client_and_its_models_leave_1x_pretty_printing_unloaded() -> None:
    # to_str() is 1.x's; pprint (and the dataclasses it imports) costs about a millisecond
    # at import, so it loads on the first call.
    code = (
        "import sys\n"
        "from pingram import Pingram, SenderPostBody\n"
        "before = 'pprint' in sys.modules\n"
        "text = SenderPostBody(type='welcome').to_str()\n"
        "print(before, 'pprint' in sys.modules, text)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False True {'type': 'welcome'}"
