"""1.x's names and spellings, on our classes: what 1.x code builds, sent as 1.x sends it.

``tests/official_sdk`` holds every name and construction to the official wheel itself (in
``nox -s official_sdk``); these tests hold the mechanisms without it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, List

import msgspec
import pytest

import pingram
import pingram._async.resources
from pingram import models
from pingram.models._base import OfficialSpelling, encoder

SPEC = json.loads((Path(__file__).parent.parent / "spec" / "openapi.json").read_text("utf-8"))
SCHEMAS: List[str] = sorted(SPEC["components"]["schemas"])


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_schema_name_is_a_model_name_of_pingram(name: str) -> None:
    """1.x named a model after each schema of the spec."""
    assert getattr(models, name) is getattr(pingram, name)


def test_a_schema_name_is_the_model_that_stands_for_it() -> None:
    assert models.SenderPostBodyTo is models.Recipient
    assert models.GetUsersResponseUsersInnerPushTokensInner is models.PushToken
    assert models.BroadcastResponseAudience is models.BroadcastAudience
    assert models.Chained is models.S2s is models.VoiceModel


def test_1x_keyword_arguments_build_the_same_body() -> None:
    ours = models.SendSmsRequest(type="alert", to="+15005550006", message="hi", from_="+1500")
    theirs = models.SendSmsRequest(type="alert", to="+15005550006", message="hi", var_from="+1500")
    assert theirs == ours
    assert (
        encoder.encode(theirs)
        == b'{"type":"alert","to":"+15005550006","message":"hi","from":"+1500"}'
    )


def test_a_field_given_under_both_names_is_refused() -> None:
    with pytest.raises(TypeError, match="var_from"):
        models.SendSmsRequest(type="alert", to="+1", var_from="+2", from_="+3")


def test_a_send_body_built_the_1x_way_is_sent_as_1x_sends_it() -> None:
    """1.x's field order too: ``mediaUrls`` before ``autoReply``."""
    body = models.SenderPostBody(
        type="alert",
        to=models.SenderPostBodyTo(id="u1", properties={"vip": True}),
        sms=models.SenderPostBodySms(
            message="hi",
            auto_reply=models.SenderPostBodySmsAutoReply(message="thanks"),
            media_urls=["https://example.com/a.png"],
            var_from="+1500",
        ),
    )
    assert isinstance(body.sms, models.SmsContent)
    assert encoder.encode(body) == (
        b'{"type":"alert","to":{"id":"u1","properties":{"vip":true}},"sms":{"message":"hi",'
        b'"mediaUrls":["https://example.com/a.png"],"autoReply":{"message":"thanks"},'
        b'"from":"+1500"}}'
    )


def test_the_models_of_a_send_body_are_built_by_msgspec_alone() -> None:
    """Taking 1.x's spelling costs a Python call per construction: a send body's models
    leave it to subclasses (``SenderPostBodySms``), so building them costs what it did."""
    reached, todo = set(), [models.SenderPostBody]
    while todo:
        cls = todo.pop()
        if cls in reached:
            continue
        reached.add(cls)
        for field in msgspec.structs.fields(cls):
            todo += _structs(field.type)
    assert {models.SmsContent, models.EmailAttachment} <= reached
    assert [c.__name__ for c in reached if type(c) is OfficialSpelling] == []
    assert type(models.SenderPostBodySms) is OfficialSpelling


def _structs(tp: Any) -> List[type]:
    from typing import get_args

    found = [tp] if isinstance(tp, type) and issubclass(tp, msgspec.Struct) else []
    return found + [s for arg in get_args(tp) for s in _structs(arg)]


def test_a_union_of_models_takes_1x_actual_instance() -> None:
    chained = models.Chained(mode="chained", llm="openai:gpt-4o", stt="deepgram", tts="cartesia")
    spec = models.BindNumberResponseAgentSpecModel(actual_instance=chained)
    assert spec is chained
    assert spec.actual_instance is chained
    assert models.BindNumberResponseAgentSpecModel(chained) is chained
    assert models.BindNumberResponseAgentSpecModel.one_of_schemas == {"Chained", "S2s"}


def test_a_union_that_a_send_body_reaches_copies_the_instance_into_1x_class() -> None:
    attachment = models.SendEmailRequestAttachmentsInner(filename="a.pdf", url="https://x/a")
    wrapped = models.SenderPostBodyOptionsEmailAttachmentsInner(actual_instance=attachment)
    assert isinstance(wrapped, models.EmailAttachment)
    assert wrapped.actual_instance is wrapped
    assert wrapped.to_dict() == attachment.to_dict()
    assert encoder.encode(wrapped) == encoder.encode(attachment)


def test_actual_instance_of_another_type_is_refused() -> None:
    with pytest.raises(TypeError, match="Chained"):
        models.BindNumberResponseAgentSpecModel(actual_instance={"mode": "chained"})
    with pytest.raises(TypeError):
        models.SendSmsRequest(actual_instance=models.SendSmsRequest(type="a", to="b"))


def test_a_union_of_scalars_holds_the_value_and_is_sent_as_it() -> None:
    value = models.GetUsersResponseUsersInnerPropertiesValue(actual_instance=True)
    assert (value.to_dict(), value.to_json(), value.actual_instance) == (True, "true", True)
    recipient = models.SenderPostBodyTo(id="u1", properties={"vip": value, "plan": "pro"})
    assert encoder.encode(recipient) == b'{"id":"u1","properties":{"vip":true,"plan":"pro"}}'
    assert recipient.to_dict() == {"id": "u1", "properties": {"vip": True, "plan": "pro"}}
    assert models.GetUsersResponseUsersInnerPropertiesValue.from_json("1.5").actual_instance == 1.5


def test_an_object_the_encoder_does_not_know_is_still_an_error() -> None:
    with pytest.raises(TypeError, match="object"):
        encoder.encode(models.SenderPostBodyTo(id="u1", properties={"x": object()}))


def test_the_1x_enumeration_is_a_str_enum_sent_as_its_value() -> None:
    assert models.ChannelsEnum.EMAIL == "EMAIL"
    assert isinstance(models.ChannelsEnum.EMAIL, str)
    body = models.SenderPostBody(type="alert", force_channels=[models.ChannelsEnum.EMAIL])
    assert encoder.encode(body) == b'{"type":"alert","forceChannels":["EMAIL"]}'
    assert models.ChannelsEnum.from_json('"SMS"') is models.ChannelsEnum.SMS


def test_a_datetime_is_sent_as_1x_sends_it() -> None:
    """msgspec would write ``Z`` for UTC; 1.x writes ``isoformat()``."""
    when = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)
    domain = models.GetSendersResponseInner(sender="example.com", last_sync=when)
    assert (
        encoder.encode(domain) == b'{"sender":"example.com","lastSync":"2024-05-06T07:08:09+00:00"}'
    )
    metric = models.GetMetricsResponseInner(timestamps=[when])
    assert metric.timestamps == ["2024-05-06T07:08:09+00:00"]


def test_a_map_with_documented_keys_is_a_dict_built_from_1x_keywords() -> None:
    costs = models.GetUsageResponseCosts(number=1.5, additional_properties={"EMAIL": 2.0})
    assert costs == {"NUMBER": 1.5, "EMAIL": 2.0}
    assert encoder.encode(costs) == b'{"NUMBER":1.5,"EMAIL":2.0}'
    assert models.GetUsageResponseCosts.from_dict({"SMS": 3}) == {"SMS": 3}
    with pytest.raises(TypeError, match="numbr"):
        models.GetUsageResponseCosts(numbr=1.5)


def test_from_dict_keeps_1x_meanings() -> None:
    assert models.SenderPostResponse.from_dict(None) is None
    response = models.SenderPostResponse.from_dict({"trackingId": "t1"})
    assert response is not None
    assert models.SenderPostResponse.from_dict(response) is response
    assert response.to_str() == "{'trackingId': 't1'}"


def test_a_model_1x_exported_that_no_operation_uses_builds_and_decodes() -> None:
    token = models.CreatePersonalAccessTokenRequest(name="ci", expires_at="2030-01-01")
    assert token.to_dict() == {"name": "ci", "expiresAt": "2030-01-01"}
    check = models.DomainDnsCheck.from_json(
        b'{"sender":"example.com","records":[],"canStartVerification":true,"checkedAt":"now"}'
    )
    assert check.can_start_verification is True


def test_1x_api_classes_are_exported_from_pingram() -> None:
    """1.x code imports them from the top level: the async client's, as 1.x is async."""
    official = {name for name in dir(pingram._async.resources) if name.endswith("Api")}
    assert {name for name in pingram.__all__ if name.endswith("Api")} == official
    for name in official:
        assert getattr(pingram, name) is getattr(pingram._async.resources, name)


def test_a_status_error_carries_the_api_error_model_as_1x_data() -> None:
    import httpx

    answer = {"trackingId": "t-1", "error": {"code": "BAD", "message": "m", "fix": "f"}}
    transport = httpx.MockTransport(lambda request: httpx.Response(400, json=answer))
    with (
        httpx.Client(transport=transport) as http,
        pingram.PingramSync(api_key="pingram_sk_test", http_client=http, max_retries=0) as client,
        pytest.raises(pingram.BadRequestError) as caught,
    ):
        client.send(models.SenderPostBody(type="welcome"))
    data = caught.value.data
    assert isinstance(data, models.ApiErrorResponse)
    assert data.error is not None
    assert (data.tracking_id, data.error.code, data.error.fix) == ("t-1", "BAD", "f")
