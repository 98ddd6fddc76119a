"""Every operation of ``spec/openapi.json``, called once in the order a real account would.

One table (``STEPS``) drives two clients against the emulator: raw HTTP in
``tests/test_emulator_spec.py`` (each response checked strictly against the spec) and
the official Python client in ``tests/official_sdk/drive.py`` (its own strict models).
So this module imports nothing but the standard library and ``tests.spec_cases``.

A step names an operation, its arguments by their Python names (``Ref("type")`` is a
value an earlier step saved), its request body, and what to save from its answer
(``saves={"agent": "agent/agentId"}``: a path into the JSON answer, where a number
indexes a list, ``-1`` is its last item and ``key=value`` its first item with that
value). An operation may appear in more than one step (a broadcast is cancelled twice
on its way through its lifecycle); the first step of each operation introduces it.

``EMULATOR_SETTINGS`` is what the scenario needs of the emulator that no API call can
ask for.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Mapping, Tuple

from tests.spec_cases import SCHEMAS, SPEC, sample

__all__ = [
    "EMULATOR_SETTINGS",
    "OPERATIONS",
    "STEPS",
    "Blocked",
    "Ref",
    "Step",
    "first_steps",
    "producers",
    "resolve_args",
    "save_from",
]


@dataclass(frozen=True)
class Ref:
    """A value saved by an earlier step, by its name in the scenario's context."""

    name: str


@dataclass(frozen=True)
class Step:
    op: str
    #: Path and query parameters by their Python names.
    params: Mapping[str, Any] = field(default_factory=dict)
    #: The request body (wire names), or ``None`` for an operation without one.
    body: Any = None
    #: Context name -> dotted path into the answer.
    saves: Mapping[str, str] = field(default_factory=dict)

    @property
    def needs(self) -> Tuple[str, ...]:
        """The context names this step reads (in order, without repeats)."""
        found: List[str] = []
        _refs((dict(self.params), self.body), found)
        return tuple(dict.fromkeys(found))


class Blocked(Exception):
    """A step cannot run: a value it needs was never saved (its producer failed)."""


def _refs(value: Any, found: List[str]) -> None:
    if isinstance(value, Ref):
        found.append(value.name)
    elif isinstance(value, dict):
        for item in value.values():
            _refs(item, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _refs(item, found)


def _fill(value: Any, context: Mapping[str, Any]) -> Any:
    if isinstance(value, Ref):
        if value.name not in context:
            raise Blocked(value.name)
        return context[value.name]
    if isinstance(value, dict):
        return {key: _fill(item, context) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, context) for item in value]
    return value


def resolve_args(step: Step, context: Mapping[str, Any]) -> Tuple[Dict[str, Any], Any]:
    """``(params, body)`` with every ``Ref`` replaced; raises ``Blocked`` if one is missing."""
    return _fill(dict(step.params), context), _fill(copy.deepcopy(step.body), context)


def save_from(step: Step, answer: Any, context: Dict[str, Any]) -> List[str]:
    """Store the step's ``saves`` from ``answer``; returns the paths that were not there."""
    missing = []
    for name, path in step.saves.items():
        found: Any = answer
        for part in path.split("/"):
            if isinstance(found, list) and "=" in part:
                key, _, value = part.partition("=")
                found = next(
                    (x for x in found if isinstance(x, dict) and x.get(key) == value), None
                )
            elif isinstance(found, list) and part.lstrip("-").isdigit() and found:
                index = int(part)
                found = found[index] if -len(found) <= index < len(found) else None
            elif isinstance(found, dict):
                found = found.get(part)
            else:
                found = None
            if found is None:
                break
        if found is None:
            missing.append(path)
        else:
            context[name] = found
    return missing


#: Every operationId of the spec, in spec order.
OPERATIONS: List[str] = [
    op["operationId"] for item in SPEC["paths"].values() for op in item.values()
]

_LATER = (datetime.now(timezone.utc) + timedelta(days=2)).replace(microsecond=0)
SOON = _LATER.isoformat().replace("+00:00", "Z")
LATER_STILL = (_LATER + timedelta(hours=1)).isoformat().replace("+00:00", "Z")
TODAY = datetime.now(timezone.utc).date()

#: Emulator attribute -> value (and the ``python -m pingram emulator`` flag that sets it).
#: The API sends a broadcast in the background, so for a while it is ``sending`` and can be
#: paused; the emulator sends at once unless told to hold broadcasts.
EMULATOR_SETTINGS: Dict[str, Tuple[Any, str]] = {"hold_broadcasts": (True, "--hold-broadcasts")}

TYPE = "welcome"
USER = "user_1"
DOMAIN = "example.com"
SENDER = f"hello@{DOMAIN}"
#: On loopback, where the emulator accepts plain http: events sent there go nowhere fast.
WEBHOOK_URL = "http://127.0.0.1:9/pingram-webhooks"
INVITEE = "grace@example.com"
INBOUND_EMAIL = "inbound-email-1"
TOKEN = {"ok": True, "access_token": "xoxb-1", "scope": "chat:write", "token_type": "bot"}

#: A template's content on each channel but email (set on the templates of ``TYPE``).
CHANNEL_CONTENT: Dict[str, Dict[str, Any]] = {
    "INAPP_WEB": {"title": "Welcome, {{name}}", "redirectURL": "https://example.com/start"},
    "SMS": {"text": "Welcome, {{name}}"},
    "CALL": {"text": "Welcome to Acme"},
    "VOICE": {"text": "Welcome to Acme"},
    "PUSH": {"title": "Welcome", "message": "Glad you are here"},
    "WEB_PUSH": {"title": "Welcome", "message": "Glad you are here", "url": "https://example.com"},
    "SLACK": {"text": "Welcome, {{name}}"},
}


def _agent_spec(name: str) -> Dict[str, Any]:
    """A voice agent spec built from the spec's schema (every property set), named ``name``."""
    spec: Dict[str, Any] = sample(SCHEMAS["BindNumberResponseAgentSpec"])
    spec.update(name=name, instructions="Greet the caller and book a table.")
    return spec


STEPS: List[Step] = [
    # -- account, billing, profile -----------------------------------------------------
    Step("health_health_check"),
    Step("account_get_account_details"),
    Step(
        "account_update_account_settings",
        body={
            "autoUpgrade": False,
            "billingAlerts": {"enabled": True, "emails": ["ops@example.com"], "thresholds": [50]},
        },
    ),
    Step("account_get_billing_email"),
    Step("account_update_billing_email", body={"email": "billing@example.com"}),
    Step("account_get_usage"),
    Step(
        "account_get_usage_history",
        {"start_date": str(TODAY - timedelta(days=30)), "end_date": str(TODAY)},
    ),
    Step("account_list_invoices", {"limit": 10}),
    Step(
        "account_prepare_checkout_session",
        body={"successUrl": "https://example.com/ok", "cancelUrl": "https://example.com/no"},
    ),
    Step("account_cancel_subscription", body={"reason": "Trying the cancel flow"}),
    Step("account_resume_subscription"),
    Step(
        "account_supabase_o_auth",
        body={"code": "oauth-code", "redirect_uri": "https://example.com/cb", "code_verifier": "v"},
    ),
    Step("account_list_supabase_projects", saves={"supabase_project": "projects/0/id"}),
    Step(
        "account_configure_supabase_smtp",
        body={
            "projectRef": Ref("supabase_project"),
            "projectName": "My project",
            "senderName": "Acme",
            "senderEmail": SENDER,
        },
    ),
    Step("account_get_supabase_status"),
    Step("account_revoke_supabase"),
    Step("accounts_list_accounts"),
    Step("accounts_create_account", body={"name": "Acme staging"}),
    Step("profile_get_mfa_status"),
    Step(
        "profile_setup_mfa", body={"type": "SOFTWARE_TOKEN_MFA"}, saves={"mfa_session": "session"}
    ),
    Step(
        "profile_verify_mfa",
        body={"type": "SOFTWARE_TOKEN_MFA", "code": "123456", "session": Ref("mfa_session")},
    ),
    Step("profile_disable_mfa", {"type": "SOFTWARE_TOKEN_MFA"}),
    # -- environments, keys, members ---------------------------------------------------
    Step("environments_list_environments", saves={"env": "0/clientId"}),
    Step(
        "environments_create_environment", body={"title": "Staging"}, saves={"staging": "clientId"}
    ),
    Step(
        "environments_update_environment",
        {"client_id": Ref("env")},
        body={"title": "Production", "secureMode": True, "disableSending": ["SMS"]},
    ),
    Step(
        "keys_create_api_key",
        body={"keyType": "secret", "name": "CI", "environmentId": Ref("env")},
        saves={"key": "id"},
    ),
    Step("keys_list_api_keys"),
    Step("members_list_members", {"env_id": Ref("env")}, saves={"owner": "role=owner/userId"}),
    Step(
        "members_update",
        {"env_id": Ref("env"), "user_id": Ref("owner")},
        body={"role": "owner"},
    ),
    # The invitee would accept with the token their e-mail brings; the scenario cannot read
    # it, so the invitation is withdrawn at the end (removing the invitee by e-mail).
    Step(
        "members_invite_member",
        {"env_id": Ref("env")},
        body={"email": INVITEE, "role": "admin"},
    ),
    Step("profile_accept_invite", body={"token": "invitation-token-from-the-email"}),
    Step("members_get_auto_join", {"env_id": Ref("env")}),
    Step("members_set_auto_join", {"env_id": Ref("env")}, body={"domains": [DOMAIN]}),
    # -- sender identity: domains, addresses, 10DLC, numbers ---------------------------
    Step("domains_add_domain", body={"sender": DOMAIN}),
    Step("domains_list_domains"),
    Step("domains_start_domain_verification", {"sender": DOMAIN}),
    Step(
        "addresses_create_address",
        body={"prefix": "support", "domain": DOMAIN, "displayName": "Support"},
        saves={"address": "address/fullAddress"},
    ),
    Step("addresses_list_addresses"),
    Step(
        "addresses_update_address",
        body={"fullAddress": Ref("address"), "displayName": "Customer support"},
    ),
    Step(
        "registrations_create_us10dlc_brand",
        body={
            "scenarioId": "own_brand",
            "businessType": "PRIVATE_PROFIT",
            "legalName": "Acme Inc.",
            "displayName": "Acme",
            "taxId": "12-3456789",
            "website": "https://acme.example.com",
            "country": "US",
            "street": "1 Main St",
            "city": "Springfield",
            "state": "IL",
            "postalCode": "62701",
            "complianceContactEmail": "compliance@example.com",
            "complianceContactPhone": "+15555550100",
        },
    ),
    Step("registrations_get_us10dlc_brand"),
    Step("registrations_update_us10dlc_brand", body={"displayName": "Acme Rockets"}),
    Step("registrations_get_us10dlc_campaign"),
    Step(
        "registrations_update_us10dlc_campaign",
        body={
            "campaignDescription": "Order updates for Acme customers",
            "campaignSample1": "Your order #123 has shipped.",
            "campaignSample2": "Your order #123 was delivered.",
            "campaignUsecase": "ACCOUNT_NOTIFICATION",
        },
    ),
    Step(
        "numbers_search_available",
        {"country_code": "US", "limit": 5},
        saves={"number": "numbers/0/phoneNumber"},
    ),
    Step("numbers_order_number", body={"phoneNumber": Ref("number")}),
    Step("numbers_list"),
    # -- content: components, editor, library ------------------------------------------
    Step(
        "components_create_component",
        body={"componentId": "footer", "name": "Footer", "html": "<p>Acme Inc.</p>"},
    ),
    Step("components_list_components", {"channel": "EMAIL"}),
    Step("components_get_component", {"component_id": "footer"}),
    Step(
        "components_patch_component",
        {"component_id": "footer"},
        body={"html": "<p>Acme Inc., 1 Main St</p>"},
    ),
    Step("components_list_components_parsed"),
    Step("editor_generate_editor_token", body={"uid": "editor-1"}),
    Step(
        "library_create",
        {"use_case": "media"},
        body={"filename": "logo.png", "contentType": "image/png"},
    ),
    Step("library_list", {"use_case": "media", "limit": 10}),
    # -- notification types, templates, sub-notifications -----------------------------
    Step(
        "types_create_notification_type",
        body={
            "notificationId": TYPE,
            "title": "Welcome",
            "channels": ["EMAIL", "INAPP_WEB", "SMS"],
        },
    ),
    Step("types_list_notification_types"),
    Step("types_get_notification_type", {"notification_id": TYPE}),
    Step(
        "types_update_notification_type",
        {"notification_id": TYPE},
        body={"title": "Welcome aboard", "deduplication": {"duration": 60}},
    ),
    Step(
        "templates_create_template",
        {"notification_id": TYPE, "channel": "EMAIL"},
        body={
            "templateId": "welcome_email",
            "subject": "Welcome, {{name}}",
            "html": "<p>Hello {{name}}</p>",
            "senderName": "Acme",
            "senderEmail": SENDER,
        },
    ),
    *(
        Step(
            "templates_create_template",
            {"notification_id": TYPE, "channel": channel},
            body={"templateId": f"welcome_{channel.lower()}", **content},
        )
        for channel, content in CHANNEL_CONTENT.items()
    ),
    Step("templates_list_templates", {"notification_id": TYPE, "channel": "EMAIL"}),
    *(
        Step("templates_list_templates", {"notification_id": TYPE, "channel": channel})
        for channel in CHANNEL_CONTENT
    ),
    Step(
        "templates_get_template",
        {"notification_id": TYPE, "channel": "EMAIL", "template_id": "welcome_email"},
    ),
    Step(
        "templates_update_template",
        {"notification_id": TYPE, "channel": "EMAIL", "template_id": "welcome_email"},
        body={"previewText": "Glad you are here"},
    ),
    Step(
        "templates_update_template",
        {"notification_id": TYPE, "channel": "INAPP_WEB", "template_id": "welcome_inapp_web"},
        body={"instant": {"imageURL": "https://example.com/hi.png"}},
    ),
    Step(
        "templates_set_default_template",
        {"notification_id": TYPE, "channel": "EMAIL"},
        body={"templateId": "welcome_email", "modes": ["instant", "daily"]},
    ),
    Step(
        "templates_initiate_migration",
        {"notification_id": TYPE, "channel": "EMAIL", "template_id": "welcome_email"},
    ),
    Step(
        "sub_notifications_put_sub_notification",
        {"notification_id": TYPE, "sub_notification_id": "team_a"},
        body={"title": "Team A"},
    ),
    # -- users -------------------------------------------------------------------------
    Step(
        "user_identify",
        {"user_id": USER},
        body={"email": "ada@example.com", "number": "+15555550101", "timezone": "Europe/Paris"},
    ),
    Step("user_get_user", {"user_id": USER}),
    Step("users_list_users", {"limit": 10, "next_token": ""}),
    Step("user_get_account_metadata"),
    Step(
        "user_generate_slack_oauth_path",
        {"user_id": USER},
        body={"code": "slack-code", "redirect_uri": "https://example.com/slack"},
    ),
    Step("user_get_available_slack_channels", {"user_id": USER}),
    # -- sending -----------------------------------------------------------------------
    Step(
        "send",
        body={
            "type": TYPE,
            "to": {"id": USER, "email": "ada@example.com"},
            "parameters": {"name": "Ada"},
            "forceChannels": ["EMAIL", *CHANNEL_CONTENT],
        },
        saves={"sent": "trackingId"},
    ),
    Step(
        "send",
        body={"type": TYPE, "to": {"id": USER}, "schedule": SOON},
        saves={"scheduled": "trackingId"},
    ),
    Step(
        "sender_update_schedule",
        {"tracking_id": Ref("scheduled")},
        body={"type": TYPE, "to": {"id": USER}, "schedule": LATER_STILL},
    ),
    Step("sender_delete_schedule", {"tracking_id": Ref("scheduled")}),
    Step(
        "sender_test_email",
        body={
            "notificationId": TYPE,
            "to": "ada@example.com",
            "subject": "Test",
            "html": "<p>Test</p>",
            "fromAddress": SENDER,
            "fromName": "Acme",
        },
    ),
    Step(
        "email_send",
        body={
            "type": "receipt",
            "to": "ada@example.com",
            "subject": "Your receipt",
            "html": "<p>Thanks</p>",
            "fromAddress": SENDER,
        },
        saves={"email": "trackingId"},
    ),
    Step(
        "sms_send",
        body={"type": "otp", "to": "+15555550101", "message": "Your code is 123456"},
        saves={"sms": "trackingId"},
    ),
    Step("user_get_in_app_notifications", {"count": 10}),
    Step("user_get_in_app_unread_count"),
    Step("user_mark_in_app_notifications_as_seen", body={"trackingId": Ref("sent")}),
    Step(
        "user_update_in_app_notification_status",
        body={"trackingIds": [Ref("sent")], "opened": SOON},
    ),
    # -- logs and insights -------------------------------------------------------------
    Step("logs_get_logs", {"limit": 10}),
    Step("logs_tail_logs"),
    Step("logs_get_logs_by_tracking_ids", {"tracking_ids": Ref("sent")}),
    Step("logs_get_delivery_status", {"tracking_ids": Ref("email")}),
    Step("logs_start_logs_query", body={"notificationFilter": [TYPE]}, saves={"query": "queryId"}),
    Step("logs_get_logs_query_result", {"query_id": Ref("query")}),
    Step("logs_get_log_retention"),
    # The tracking id of an email the account received: only the real world sends one.
    Step("logs_retry_inbound", {"tracking_id": INBOUND_EMAIL}),
    Step(
        "insights_query_insights",
        body={
            "StartTime": str(TODAY - timedelta(days=7)),
            "EndTime": str(TODAY),
            "MetricDataQueries": [
                {
                    "Id": "sent",
                    "MetricStat": sample(
                        SCHEMAS["IngishtsPostRequestMetricDataQueriesInnerMetricStat"]
                    ),
                }
            ],
        },
    ),
    # -- webhooks ----------------------------------------------------------------------
    Step(
        "webhooks_create_webhook",
        body={"webhook": WEBHOOK_URL, "events": ["EMAIL_DELIVERED", "EMAIL_OPEN"]},
        saves={"webhook": "id"},
    ),
    Step("webhooks_list_webhooks"),
    Step(
        "webhooks_update_webhook",
        {"endpoint_id": Ref("webhook")},
        body={"webhook": WEBHOOK_URL, "events": ["EMAIL_DELIVERED", "EMAIL_CLICK"]},
    ),
    # -- broadcasts: draft -> scheduled -> draft -> sending -> paused -> sending -> canceled
    Step(
        "broadcasts_create",
        body={
            "name": "Spring launch",
            "type": "spring_launch",
            "audience": {"emails": ["ada@example.com", INVITEE]},
            "fromName": "Acme",
            "fromAddress": SENDER,
            "subject": "Spring is here",
            "html": "<p>New things</p>",
        },
        saves={"broadcast": "broadcastId"},
    ),
    Step("broadcasts_list", {"limit": 10}),
    Step("broadcasts_get", {"broadcast_id": Ref("broadcast")}),
    Step(
        "broadcasts_update",
        {"broadcast_id": Ref("broadcast")},
        body={"subject": "Spring is finally here"},
    ),
    Step("broadcasts_schedule", {"broadcast_id": Ref("broadcast")}, body={"sendAt": SOON}),
    Step("broadcasts_cancel", {"broadcast_id": Ref("broadcast")}),
    Step("broadcasts_send", {"broadcast_id": Ref("broadcast")}),
    Step("broadcasts_pause", {"broadcast_id": Ref("broadcast")}),
    Step("broadcasts_resume", {"broadcast_id": Ref("broadcast")}),
    Step("broadcasts_get_metrics", {"broadcast_id": Ref("broadcast")}),
    Step("broadcasts_list_recipients", {"broadcast_id": Ref("broadcast"), "limit": 50}),
    Step("broadcasts_cancel", {"broadcast_id": Ref("broadcast")}),
    Step("broadcasts_archive", {"broadcast_id": Ref("broadcast")}),
    Step("broadcasts_unarchive", {"broadcast_id": Ref("broadcast")}),
    # -- voice: agents, numbers, calls -------------------------------------------------
    Step(
        "voice_create_agent",
        body={"spec": _agent_spec("Front desk")},
        saves={"agent": "agent/agentId"},
    ),
    Step("voice_list_agents"),
    Step("voice_get_agent", {"agent_id": Ref("agent")}),
    Step("voice_update_agent", {"agent_id": Ref("agent")}, body={"spec": _agent_spec("Reception")}),
    Step("voice_bind_number", {"agent_id": Ref("agent")}, body={"phoneNumber": Ref("number")}),
    Step(
        "voice_call",
        body={"phoneNumber": "+15555550101", "spec": _agent_spec("Reminder")},
        saves={"call": "trackingId"},
    ),
    Step("voice_create_browser_call", body={"spec": _agent_spec("Playground")}),
    Step("voice_list_calls", {"limit": 10}),
    Step("voice_get_call", {"tracking_id": Ref("call")}),
    Step("voice_unbind_number", {"agent_id": Ref("agent"), "phone_number": Ref("number")}),
    # -- clean up, in reverse ----------------------------------------------------------
    Step("voice_delete_agent", {"agent_id": Ref("agent")}),
    Step("numbers_release_number", {"phone_number": Ref("number")}),
    Step("numbers_list_released"),
    Step("broadcasts_delete", {"broadcast_id": Ref("broadcast")}),
    Step("webhooks_delete_webhook", {"endpoint_id": Ref("webhook")}),
    Step("email_delete_suppressions", {"reason": "bounces"}),
    Step("users_remove_user_from_suppression", {"user_id": USER, "channel": "EMAIL"}),
    Step("users_delete_user", {"user_id": USER}),
    Step(
        "sub_notifications_delete_sub_notification",
        {"notification_id": TYPE, "sub_notification_id": "team_a"},
    ),
    Step(
        "templates_delete_template",
        {"notification_id": TYPE, "channel": "EMAIL", "template_id": "welcome_email"},
    ),
    Step("types_delete_notification_type", {"notification_id": TYPE}),
    Step("components_delete_component", {"component_id": "footer"}),
    Step("addresses_delete_address", {"full_address": Ref("address")}),
    Step("domains_delete_domain", {"sender": DOMAIN}),
    Step("members_remove_member", {"env_id": Ref("env"), "user_id": INVITEE}),
    Step("keys_revoke_api_key", {"key_id": Ref("key")}),
    Step("profile_delete_account", body={"reason": "End of the tour"}),
]


def first_steps() -> Dict[str, Step]:
    """The first step of each operation, by operationId."""
    found: Dict[str, Step] = {}
    for step in STEPS:
        found.setdefault(step.op, step)
    return found


def producers() -> Dict[str, str]:
    """Context name -> the operation whose step saves it."""
    return {name: step.op for step in STEPS for name in step.saves}
