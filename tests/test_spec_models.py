"""The models agree with ``spec/openapi.json``: every property has a field, wire names match.

Each schema the SDK models is mapped to the class that models it (several
schemas may share one class: the spec repeats shapes under positional names).
For every mapping the test checks that the class's wire names cover the
schema's properties, and that the class has no wire name the spec does not
know (a typo in a ``name=`` would otherwise go unnoticed). Requests and shared
shapes must also require exactly what the schema requires; top-level responses
must require nothing, so a body missing a field still decodes.
"""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Set, Tuple

import msgspec
import pytest

from pingram import models as m

SPEC_PATH = Path(__file__).parent.parent / "spec" / "openapi.json"
SCHEMAS: Dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))["components"]["schemas"]

REQUEST = "request"  # a request body: required fields exactly as the spec says
SHARED = "shared"  # a nested shape used in requests (and maybe responses): same
RESPONSE = "response"  # a response-only shape: lenient, nothing required
UNION = "union"  # one member of an anyOf folded into a single struct
REUSED = "reused"  # a response schema decoded with a request shape: may require less

#: Schemas not modelled by a class of their own, and why.
EXCLUDED: Dict[str, str] = {
    "ChannelsEnum": "enum schema: the Literal alias Channel (checked below)",
    "WebhookChannelsEnum": "enum schema of webhook payloads",
    "SenderPostBodyUser": "legacy name of SenderPostBody.to (README: need not be modelled)",
    "GetInappNotificationsResponseNotificationsInnerTemplate": (
        "anyOf wrapper: InAppNotification.template is Union[Template, str, None]"
    ),
    "GetTemplatesListResponseInner": "anyOf wrapper: its members all fold into Template",
    "GetTemplatesResponse": "anyOf wrapper: the alias Union[Template, List[Template]]",
    "SenderPostBodyOptionsEmailAttachmentsInner": (
        "anyOf wrapper: its members fold into EmailAttachment"
    ),
    "WebhookEvent": "modelled in pingram.models.webhooks and tested with the webhooks",
    "WebhookEventUsageValue": "modelled in pingram.models.webhooks and tested with the webhooks",
}

#: Properties of a schema the SDK deliberately leaves out.
LEGACY_FIELDS: Dict[str, FrozenSet[str]] = {
    # Older names of type, to and parameters, and a legacy text-replace map (see the README).
    "SenderPostBody": frozenset({"notificationId", "user", "mergeTags", "replace"}),
}

#: (schema name, model class, kind). A schema may map to more than one class.
MAPPING: List[Tuple[str, type, str]] = [
    # sending
    ("SenderPostBody", m.SenderPostBody, REQUEST),
    ("SenderPostBodyTo", m.Recipient, SHARED),
    ("SenderPostBodyOptions", m.SendOptions, SHARED),
    ("SenderPostBodyOptionsEmail", m.EmailOptions, SHARED),
    ("SenderPostBodyOptionsEmailAttachmentsInnerAnyOf", m.EmailAttachment, UNION),
    ("SenderPostBodyOptionsEmailAttachmentsInnerAnyOf1", m.EmailAttachment, UNION),
    ("SenderPostBodyOptionsApn", m.ApnOptions, SHARED),
    ("SenderPostBodyOptionsFcm", m.FcmOptions, SHARED),
    ("SenderPostBodyOptionsFcmAndroid", m.FcmAndroidOptions, SHARED),
    ("SenderPostBodyEmail", m.EmailContent, SHARED),
    ("SenderPostBodyInapp", m.InAppContent, SHARED),
    ("SenderPostBodySms", m.SmsContent, SHARED),
    ("SenderPostBodySmsAutoReply", m.SmsAutoReply, SHARED),
    ("SenderPostBodyCall", m.CallContent, SHARED),
    ("SenderPostBodyWebPush", m.WebPushContent, SHARED),
    ("SenderPostBodyMobilePush", m.MobilePushContent, SHARED),
    ("SenderPostBodySlack", m.SlackContent, SHARED),
    ("SenderPostResponse", m.SenderPostResponse, RESPONSE),
    ("PostEmailTestRequest", m.PostEmailTestRequest, REQUEST),
    ("PostEmailTestResponse", m.PostEmailTestResponse, RESPONSE),
    ("MessageResponse", m.MessageResponse, RESPONSE),
    ("SuccessResponse", m.SuccessResponse, RESPONSE),
    # slack metadata (send body and templates)
    ("GetTemplatesListResponseInnerAnyOf5Metadata", m.SlackMetadata, SHARED),
    ("GetTemplatesListResponseInnerAnyOf5MetadataEntitiesInner", m.SlackEntity, SHARED),
    (
        "GetTemplatesListResponseInnerAnyOf5MetadataEntitiesInnerExternalRef",
        m.SlackExternalRef,
        SHARED,
    ),
    # users and their channel tokens
    ("PostUserRequest", m.PostUserRequest, REQUEST),
    ("User", m.User, RESPONSE),
    ("GetUsersResponseUsersInner", m.User, RESPONSE),
    ("GetUsersResponse", m.GetUsersResponse, RESPONSE),
    ("GetUsersResponseUsersInnerPushTokensInner", m.PushToken, SHARED),
    ("GetUsersResponseUsersInnerPushTokensInnerDevice", m.PushDevice, SHARED),
    ("GetUsersResponseUsersInnerWebPushTokensInner", m.WebPushToken, SHARED),
    ("GetUsersResponseUsersInnerWebPushTokensInnerSub", m.WebPushSubscription, SHARED),
    ("GetUsersResponseUsersInnerWebPushTokensInnerSubKeys", m.WebPushKeys, SHARED),
    ("GetUsersResponseUsersInnerSlackToken", m.SlackToken, SHARED),
    ("GetUsersResponseUsersInnerSlackTokenAuthedUser", m.SlackAuthedUser, SHARED),
    ("GetUsersResponseUsersInnerSlackTokenEnterprise", m.SlackTeam, SHARED),
    ("GetUsersResponseUsersInnerSlackTokenIncomingWebhook", m.SlackIncomingWebhook, SHARED),
    ("GetUsersResponseUsersInnerSlackTokenResponseMetadata", m.SlackResponseMetadata, SHARED),
    ("GetUsersResponseUsersInnerEmailSuppressionStatus", m.EmailSuppressionStatus, SHARED),
    ("DeleteUserResponse", m.DeleteUserResponse, RESPONSE),
    ("UserSuppressionDeleteResponse", m.UserSuppressionDeleteResponse, RESPONSE),
    ("SlackOauthRequest", m.SlackOauthRequest, REQUEST),
    ("GetAccountMetadataResponse", m.GetAccountMetadataResponse, RESPONSE),
    ("GetAccountMetadataResponseUserAccountMetadata", m.AccountMetadata, RESPONSE),
    # in-app notifications
    ("GetInappNotificationsResponse", m.GetInappNotificationsResponse, RESPONSE),
    ("GetInappNotificationsResponseNotificationsInner", m.InAppNotification, RESPONSE),
    ("GetInappNotificationsResponseNotificationsInnerTemplateAnyOf", m.Template, RESPONSE),
    ("GetInappNotificationsResponseNotificationsInnerRepliesInner", m.InAppReply, SHARED),
    ("InappUnreadCountResponse", m.InappUnreadCountResponse, RESPONSE),
    ("InAppNotificationUnreadClearRequest", m.InAppNotificationUnreadClearRequest, REQUEST),
    ("InAppNotificationPatchRequest", m.InAppNotificationPatchRequest, REQUEST),
    # notification types and delivery options
    ("NotificationCreateRequest", m.NotificationCreateRequest, REQUEST),
    ("NotificationPatchRequest", m.NotificationPatchRequest, REQUEST),
    ("Notification", m.Notification, RESPONSE),
    ("GetNotificationsResponseInner", m.Notification, RESPONSE),
    ("GetNotificationsResponseInnerTemplatesInner", m.NotificationTemplateIds, RESPONSE),
    ("GetNotificationsResponseInnerOptions", m.NotificationOptions, SHARED),
    ("GetNotificationsResponseInnerOptionsEMAIL", m.ChannelDeliveryOptions, SHARED),
    ("GetNotificationsResponseInnerOptionsEMAILDaily", m.DailyDelivery, SHARED),
    ("GetNotificationsResponseInnerOptionsEMAILWeekly", m.WeeklyDelivery, SHARED),
    ("GetNotificationsResponseInnerOptionsEMAILMonthly", m.MonthlyDelivery, SHARED),
    (
        "GetInappNotificationsResponseNotificationsInnerDeliveryOptions",
        m.InAppDeliveryOptions,
        SHARED,
    ),
    (
        "GetInappNotificationsResponseNotificationsInnerDeliveryOptionsInstant",
        m.InAppInstantDelivery,
        SHARED,
    ),
    ("GetInappNotificationsResponseNotificationsInnerDeliveryOptionsOff", m.DeliveryOption, SHARED),
    ("GetNotificationsResponseInnerDeduplication", m.Deduplication, SHARED),
    ("NotificationPatchRequestDeduplication", m.Deduplication, SHARED),
    ("GetNotificationsResponseInnerThrottling", m.Throttling, SHARED),
    ("NotificationPatchRequestThrottling", m.Throttling, SHARED),
    # templates
    ("TemplatePostRequest", m.TemplatePostRequest, REQUEST),
    ("TemplatePatchRequest", m.TemplatePatchRequest, REQUEST),
    ("TemplatePatchRequestInstant", m.InAppInstantCopy, SHARED),
    ("TemplatePatchRequestBatch", m.InAppBatchCopy, SHARED),
    ("SetDefaultTemplateRequest", m.SetDefaultTemplateRequest, REQUEST),
    ("Template", m.Template, RESPONSE),
    ("GetTemplatesListResponseInnerAnyOf", m.Template, RESPONSE),
    ("GetTemplatesListResponseInnerAnyOf1", m.Template, RESPONSE),
    ("GetTemplatesListResponseInnerAnyOf2", m.Template, RESPONSE),
    ("GetTemplatesListResponseInnerAnyOf3", m.Template, RESPONSE),
    ("GetTemplatesListResponseInnerAnyOf4", m.Template, RESPONSE),
    ("GetTemplatesListResponseInnerAnyOf5", m.Template, RESPONSE),
    # the response's in-app instant/batch copy: Template reuses the request shapes
    ("GetTemplatesListResponseInnerAnyOf1Instant", m.InAppInstantCopy, REUSED),
    ("GetTemplatesListResponseInnerAnyOf1Instant", m.InAppBatchCopy, REUSED),
    # logs
    ("LogQueryPostBody", m.LogQueryPostBody, REQUEST),
    ("GetLogsResponse", m.GetLogsResponse, RESPONSE),
    ("GetLogsResponseMessagesInner", m.LogMessage, RESPONSE),
    ("GetLogsResponseMessagesInnerAttachmentsInner", m.LogMessageAttachment, RESPONSE),
    ("LogsGetResponse", m.LogsGetResponse, RESPONSE),
    ("LogsGetResponseLogsInner", m.LogEntry, RESPONSE),
    ("LogsQueryResponse", m.LogsQueryResponse, RESPONSE),
    ("LogsQueryResultResponse", m.LogsQueryResultResponse, RESPONSE),
    ("LogsRetentionResponse", m.LogsRetentionResponse, RESPONSE),
    ("LogsTailResponse", m.LogsTailResponse, RESPONSE),
    # environments
    ("EnvironmentCreateRequest", m.EnvironmentCreateRequest, REQUEST),
    ("EnvironmentPatchRequest", m.EnvironmentPatchRequest, REQUEST),
    ("Environment", m.Environment, RESPONSE),
    ("GetEnvironmentsResponseInner", m.Environment, RESPONSE),
    # domains
    ("PostSendersRequestBody", m.PostSendersRequestBody, REQUEST),
    ("GetSendersResponseInner", m.Domain, RESPONSE),
]

#: anyOf schemas whose members one struct holds, and that struct.
UNION_SCHEMAS: Dict[str, type] = {
    "GetTemplatesListResponseInner": m.Template,
    "SenderPostBodyOptionsEmailAttachmentsInner": m.EmailAttachment,
    "GetInappNotificationsResponseNotificationsInnerTemplate": m.Template,
}


def wire_names(cls: type) -> Set[str]:
    return {f.encode_name for f in msgspec.structs.fields(cls)}


def required_wire_names(cls: type) -> Set[str]:
    return {f.encode_name for f in msgspec.structs.fields(cls) if f.required}


def properties(schema_name: str) -> Set[str]:
    props = set(SCHEMAS[schema_name].get("properties", {}))
    return props - LEGACY_FIELDS.get(schema_name, frozenset())


def required(schema_name: str) -> Set[str]:
    return set(SCHEMAS[schema_name].get("required", []))


def ref_names(schema: Dict[str, Any]) -> List[str]:
    return [item["$ref"].rsplit("/", 1)[1] for item in schema["anyOf"] if "$ref" in item]


def test_every_schema_is_modelled_or_excluded_with_a_reason() -> None:
    mapped = {name for name, _, _ in MAPPING}
    unaccounted = sorted(set(SCHEMAS) - mapped - set(EXCLUDED))
    assert not unaccounted, f"schemas with no model and no stated exclusion: {unaccounted}"
    stale = sorted((mapped | set(EXCLUDED)) - set(SCHEMAS))
    assert not stale, f"mapped or excluded schemas not in openapi.json: {stale}"


@pytest.mark.parametrize(
    ("schema_name", "cls", "kind"), MAPPING, ids=[f"{s}-{c.__name__}" for s, c, _ in MAPPING]
)
def test_model_covers_every_property(schema_name: str, cls: type, kind: str) -> None:
    missing = sorted(properties(schema_name) - wire_names(cls))
    assert not missing, f"{cls.__name__} (schema {schema_name}) lacks wire fields {missing}"


@pytest.mark.parametrize(
    ("schema_name", "cls", "kind"), MAPPING, ids=[f"{s}-{c.__name__}" for s, c, _ in MAPPING]
)
def test_model_requires_what_the_schema_requires(schema_name: str, cls: type, kind: str) -> None:
    got = required_wire_names(cls)
    if kind in (REQUEST, SHARED):
        assert got == required(schema_name), (
            f"{cls.__name__} (schema {schema_name}) requires {sorted(got)}, "
            f"the schema requires {sorted(required(schema_name))}"
        )
    elif kind == REUSED:
        extra = sorted(got - required(schema_name))
        assert not extra, f"{cls.__name__} requires {extra}, which schema {schema_name} does not"
    elif kind == RESPONSE:
        assert not got, (
            f"response model {cls.__name__} (schema {schema_name}) must decode leniently "
            f"but requires {sorted(got)}"
        )


def test_model_has_no_wire_field_the_spec_does_not_know() -> None:
    known: Dict[type, Set[str]] = {}
    for schema_name, cls, _ in MAPPING:
        known.setdefault(cls, set()).update(properties(schema_name))
    for cls, props in known.items():
        unknown = sorted(wire_names(cls) - props)
        assert not unknown, f"{cls.__name__} has wire fields not in openapi.json: {unknown}"


@pytest.mark.parametrize("union_name", sorted(UNION_SCHEMAS))
def test_union_struct_covers_every_member(union_name: str) -> None:
    cls = UNION_SCHEMAS[union_name]
    members = ref_names(SCHEMAS[union_name])
    assert members, f"{union_name} is expected to be an anyOf of schemas"
    for member in members:
        missing = sorted(properties(member) - wire_names(cls))
        assert not missing, f"{cls.__name__} lacks wire fields {missing} of {member}"
    if cls is m.EmailAttachment:
        # only what every alternative requires can be required of the single struct
        common = set.intersection(*(required(member) for member in members))
        assert required_wire_names(cls) == common


def test_get_templates_response_is_one_or_many_templates() -> None:
    schema = SCHEMAS["GetTemplatesResponse"]
    kinds = {item.get("type", "object") for item in schema["anyOf"]}
    assert kinds == {"object", "array"}
    assert typing.get_args(m.GetTemplatesResponse) == (m.Template, List[m.Template])


def test_channel_literal_matches_the_spec_enum() -> None:
    assert list(typing.get_args(m.Channel)) == SCHEMAS["ChannelsEnum"]["enum"]


def test_legacy_fields_are_really_in_the_spec() -> None:
    for schema_name, legacy in LEGACY_FIELDS.items():
        assert legacy <= set(SCHEMAS[schema_name]["properties"])
