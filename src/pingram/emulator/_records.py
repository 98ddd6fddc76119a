"""Every record the emulated account keeps, as a typed msgspec Struct.

A record encodes as the API's wire object: attribute ``created_at`` is ``createdAt`` on
the wire (``rename="camel"``, with the API's own spellings such as ``redirectURL``
named explicitly), and an optional field left ``None`` is absent from the answer
(``omit_defaults``). So a handler answers with a record (or a list of them) as it is;
:func:`wire` gives its wire dict where an answer adds to it.

Fields that must always appear in an answer have no default. Fields that hold a
document the caller wrote and the emulator does not interpret (a user's push tokens,
an agent's spec, a broadcast's audience filter, a type's delivery options) are typed
as the JSON they are (``Dict[str, Any]``).

:func:`patch` applies a request's wire dict (``Call.data``) to a record in place,
converting each value to the field's type.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any, Dict, List, Mapping, Optional, Tuple, TypeVar

import msgspec

from ..models.sending import SenderPostBody

R = TypeVar("R", bound="Record")


class Record(msgspec.Struct, kw_only=True, omit_defaults=True, rename="camel"):
    """Base of the stored records: camelCase wire names; ``None`` fields are omitted."""


@functools.cache
def _attributes(cls: type) -> Dict[str, str]:
    """Wire name -> attribute name, for every field of ``cls``."""
    return {field.encode_name: field.name for field in msgspec.structs.fields(cls)}


def patch(record: Record, data: Mapping[str, Any]) -> None:
    """Set each field ``data`` names (by wire name) on ``record``, converted to its type.

    ``data`` comes from a validated request model, so every name is a field of the
    record; a value of the wrong shape raises ``msgspec.ValidationError``.
    """
    merged = msgspec.convert({**wire(record), **data}, type(record))
    names = _attributes(type(record))
    for key in data:
        name = names[key]
        setattr(record, name, getattr(merged, name))


def wire(record: Record) -> Dict[str, Any]:
    """The record as the API's wire dict (a new dict; optional fields left unset absent)."""
    result: Dict[str, Any] = msgspec.to_builtins(record)
    return result


def convert(data: Mapping[str, Any], cls: type[R]) -> R:
    """A record of ``cls`` from a wire dict."""
    return msgspec.convert(data, cls)


# -- sending ---------------------------------------------------------------------------------


class SentNotification(msgspec.Struct, kw_only=True):
    """A notification accepted by ``send`` (or ``email_send``, ``sms_send``, ``voice_call``,
    ``sender_test_email``): what it was, when it goes out, and what its log entry says.

    Internal: the logs operations show it through ``log_entry`` (``namespaces/logs.py``).
    """

    tracking_id: str
    body: SenderPostBody
    #: When it was received (ISO 8601).
    received_at: str
    #: The request as received, JSON-encoded (the log entry's ``request``).
    request: Optional[str] = None
    #: ``"scheduled"``, ``"sent"`` or ``"unscheduled"`` (deleted before it was due).
    status: str = "sent"
    #: When a scheduled send goes out; ``None`` once it is no longer pending.
    due: Optional[datetime] = None
    user_id: Optional[str] = None
    user_email: Optional[str] = None
    user_number: Optional[str] = None
    #: Sent with ``sender_test_email``.
    test: bool = False
    processed_at: Optional[str] = None
    scheduled_for: Optional[str] = None
    schedule_updated_at: Optional[str] = None
    schedule_updated_to: Optional[str] = None
    schedule_deleted_at: Optional[str] = None
    #: Channel -> when it was delivered on it (ISO 8601), in delivery order.
    sent_at: Dict[str, str] = msgspec.field(default_factory=dict)
    #: Log preview per channel (``email_preview``: the subject; ``inapp_preview``: the title).
    previews: Dict[str, Optional[str]] = msgspec.field(default_factory=dict)


class LogMessage(Record):
    """One message of ``logs_get_logs``: a delivery on one channel (``eventType``
    ``email_sent``, ``inapp_sent``, ...)."""

    tracking_id: str
    event_type: str
    timestamp: str
    epoch_ms: int
    subject: Optional[str] = None
    body_html: Optional[str] = None
    from_: Optional[str] = msgspec.field(default=None, name="from")
    from_name: Optional[str] = None
    to: Optional[List[str]] = None


class Suppression(Record):
    """Why a user's email is suppressed (``Bounce``, ``Complaint``) and the details."""

    reason: str
    details: Dict[str, Any]


class User(Record):
    """An end user: identified, or created by a send's ``to``."""

    id: str
    created_at: Optional[str] = None
    updated_at: Optional[str] = None
    last_seen_time: Optional[str] = None
    email: Optional[str] = None
    number: Optional[str] = None
    push_tokens: Optional[List[Dict[str, Any]]] = None
    web_push_tokens: Optional[List[Dict[str, Any]]] = None
    timezone: Optional[str] = None
    slack_channel: Optional[str] = None
    slack_token: Optional[Dict[str, Any]] = None
    email_suppression_status: Optional[Suppression] = None


class InappReply(Record):
    date: str
    message: str


class InappNotification(Record):
    """One notification in an end user's in-app inbox."""

    id: str
    notification_id: str
    seen: bool
    title: str
    date: str
    sub_notification_id: Optional[str] = None
    redirect_url: Optional[str] = msgspec.field(default=None, name="redirectURL")
    image_url: Optional[str] = msgspec.field(default=None, name="imageURL")
    template: Optional[str] = None
    parameters: Optional[Dict[str, Any]] = None
    opened: Optional[str] = None
    clicked: Optional[str] = None
    archived: Optional[str] = None
    actioned1: Optional[str] = None
    actioned2: Optional[str] = None
    exp_date: Optional[str] = None
    replies: Optional[List[InappReply]] = None


# -- notification types and templates -------------------------------------------------------


class NotificationType(Record):
    """A notification type; its templates live in ``Store.templates``."""

    env_id: str
    notification_id: str
    title: str
    channels: List[str]
    enabled: bool
    deduplication: Optional[Dict[str, Any]] = None
    throttling: Optional[Dict[str, Any]] = None
    retention: Optional[float] = None
    options: Optional[Dict[str, Any]] = None


class TemplatePart(Record):
    """The ``instant`` or ``batch`` content of an in-app template."""

    title: Optional[str] = None
    redirect_url: Optional[str] = msgspec.field(default=None, name="redirectURL")
    image_url: Optional[str] = msgspec.field(default=None, name="imageURL")


class Template(Record):
    """A template of one notification type on one channel."""

    env_id: str
    notification_id: str
    template_id: str
    channel: str
    default: bool
    is_default_for: Dict[str, bool]
    html: Optional[str] = None
    preview_text: Optional[str] = None
    internal: Optional[str] = None
    subject: Optional[str] = None
    sender_name: Optional[str] = None
    sender_email: Optional[str] = None
    migration: Optional[str] = None
    title: Optional[str] = None
    redirect_url: Optional[str] = msgspec.field(default=None, name="redirectURL")
    image_url: Optional[str] = msgspec.field(default=None, name="imageURL")
    instant: Optional[TemplatePart] = None
    batch: Optional[TemplatePart] = None
    text: Optional[str] = None
    message: Optional[str] = None
    icon: Optional[str] = None
    url: Optional[str] = None
    blocks: Optional[List[Any]] = None
    username: Optional[str] = None


class SubNotification(Record):
    account_id: str
    notification_id: str
    sub_notification_id: str
    title: str


# -- environments, domains, components, library, addresses ----------------------------------


class Environment(Record):
    client_id: str
    client_secret: str
    title: str
    disable_sending: List[str]
    secure_mode: bool


class DnsRecord(Record):
    record_type: str
    record_name: str
    host: str
    record_value: str
    required: bool
    priority: Optional[int] = None


class VerificationRecords(msgspec.Struct, kw_only=True, omit_defaults=True):
    """The DNS records to publish for a sender domain (snake_case on the wire)."""

    dkim: DnsRecord
    mail_from_spf: DnsRecord
    mail_from_mx: DnsRecord
    dmarc: DnsRecord
    inbound_mx: DnsRecord


class Domain(Record):
    """A sender domain: ``PENDING`` until its verification is started."""

    sender: str
    status: str
    last_sync: str
    created_at: str
    selector: str
    verification_tokens: List[str]
    mail_from_domain_status: str
    verification_records: VerificationRecords


class Component(Record):
    """A reusable email component (``referencedBy`` is worked out when it is shown)."""

    env_id: str
    component_id: str
    name: str
    internal: str
    internal_page: str
    html: str
    created_at: str
    modified_at: str
    channel: str


class LibraryFile(Record):
    id: str
    use_case: str
    filename: str
    key: str
    url: str
    size: int
    last_modified: str


class Address(Record):
    """An inbound email address, built in (``@mail.pingram.io``) or on a verified domain."""

    full_address: str
    prefix: str
    domain: str
    type: str
    created_at: str
    display_name: Optional[str] = None


# -- webhooks --------------------------------------------------------------------------------


class WebhookEndpoint(Record):
    id: str
    webhook: str
    events: List[str]
    secret: str


class TrackedMessage(msgspec.Struct, frozen=True):
    """What events about a message say besides its tracking id."""

    user_id: str
    notification_id: str


# -- broadcasts ------------------------------------------------------------------------------


class Audience(Record):
    """Who a broadcast goes to: exactly one of a user ``filter`` (a MongoDB-style query)
    or a list of ``emails``."""

    filter: Optional[Dict[str, Any]] = None
    emails: Optional[List[str]] = None


class Broadcast(Record):
    broadcast_id: str
    name: str
    status: str
    channel: str
    audience: Audience
    from_name: str
    from_address: str
    subject: str
    html: str
    created_at: str
    updated_at: str
    type: Optional[str] = None
    reply_to_address: Optional[str] = None
    internal_template: Optional[str] = None
    paused_reason: Optional[str] = None
    schedule_at: Optional[str] = None
    archived_at: Optional[str] = None


class Recipient(Record):
    """One recipient of a sending or sent broadcast, with what happened to the message."""

    tracking_id: str
    user_id: str
    email: str
    sent_at: Optional[str] = None
    delivered_at: Optional[str] = None
    opened_at: Optional[str] = None
    clicked_at: Optional[str] = None
    bounced_at: Optional[str] = None
    bounce_type: Optional[str] = None
    complained_at: Optional[str] = None
    unsubscribed_at: Optional[str] = None
    skipped_at: Optional[str] = None
    skip_reason: Optional[str] = None
    failed_at: Optional[str] = None
    fail_reason: Optional[str] = None

    @property
    def pending(self) -> bool:
        """Neither sent, skipped nor failed yet."""
        return self.sent_at is None and self.skipped_at is None and self.failed_at is None


# -- account, keys, members, profile ---------------------------------------------------------


class BillingAlerts(Record):
    enabled: bool
    emails: List[str]
    thresholds: List[float]


class Account(Record):
    """The emulated account (and the others ``accounts_create_account`` made)."""

    account_id: str
    account_type: str
    name: str
    created_at: str
    status: str
    cost_cap: float
    creator: Optional[str] = None
    messages_cap: Optional[int] = None
    anniversary_date: Optional[str] = None
    updated_at: Optional[str] = None
    subscription_status: Optional[str] = None
    auto_upgrade: Optional[bool] = None
    billing_alerts: Optional[BillingAlerts] = None
    pending_downgrade_effective_date: Optional[str] = None
    pending_downgrade_account_type: Optional[str] = None
    pending_downgrade_cost_cap: Optional[float] = None


class Invoice(Record):
    id: str
    number: str
    status: str
    currency: str
    total: int
    amount_due: int
    amount_paid: int
    created: int
    hosted_invoice_url: str
    invoice_pdf: str
    period_start: int
    period_end: int


class ApiKey(Record):
    id: str
    key: str
    key_type: str
    account_id: str
    name: str
    revoked: bool
    created_at: str
    environment_id: Optional[str] = None
    last_used_at: Optional[str] = None


class Member(Record):
    account_id: str
    user_id: str
    created_at: str
    role: str
    email: str
    groups: List[str]
    enabled_mf_as: List[str] = msgspec.field(name="enabledMFAs")


class Invitation(Record):
    """An invitation ``members_invite_member`` e-mailed (``token`` is what the link carries)."""

    token: str
    email: str
    role: str
    account_id: str
    created_at: str
    accepted: bool


class Mfa(msgspec.Struct, kw_only=True):
    """The signed-in user's authenticator: set up (``session``), then enabled."""

    enabled: bool = False
    secret: Optional[str] = None
    session: Optional[str] = None


class Supabase(Record):
    connected: bool
    configured: bool
    project_name: Optional[str] = None
    configured_at: Optional[str] = None


class DeletionRequest(msgspec.Struct, kw_only=True):
    reason: Optional[str]
    at: str


# -- numbers, voice, 10DLC -------------------------------------------------------------------


class PhoneNumber(Record):
    """A number the account ordered (``billingStatus`` ``active``) or released."""

    phone_number: str
    created_at: str
    country_code: str
    number_type: str
    billing_status: str
    monthly_price: float
    next_billing_date: Optional[str] = None
    released_at: Optional[str] = None
    bound_agent_id: Optional[str] = None
    a2p_status: Optional[str] = None


class VoiceAgent(Record):
    agent_id: str
    deployment: str
    #: The ``VoiceAgentSpec`` as the caller wrote it (checked by ``check_spec``).
    spec: Dict[str, Any]
    phone_numbers: List[str]
    created_at: str
    updated_at: str


class Latency(Record):
    total_ms: int


class TimelineEntry(Record):
    offset_ms: int
    type: str
    text: Optional[str] = None
    detail: Optional[str] = None
    latency: Optional[Latency] = None


class CostLine(Record):
    role: str
    label: str
    amount_usd: float
    provider: Optional[str] = None
    model: Optional[str] = None


class CallCost(Record):
    total_usd: float
    lines: List[CostLine]


class VoiceCall(Record):
    """A call, answered and ended at once (``voice_list_calls`` shows it without
    ``timeline``, ``variables`` and ``cost``)."""

    tracking_id: str
    status: str
    agent_name: str
    direction: str
    source: str
    from_: str = msgspec.field(name="from")
    to: str
    started_at: str
    duration_seconds: float
    outcome: str
    end_reason: str
    timeline: List[TimelineEntry]
    variables: Dict[str, str]
    cost: CallCost
    agent_id: Optional[str] = None


class Brand(Record):
    """The account's US 10DLC brand registration."""

    account_id: str
    brand_status: str
    campaign_status: str
    created_at: str
    updated_at: str
    scenario_id: Optional[str] = None
    business_type: Optional[str] = None
    legal_name: Optional[str] = None
    display_name: Optional[str] = None
    first_name: Optional[str] = None
    last_name: Optional[str] = None
    tax_id: Optional[str] = None
    website: Optional[str] = None
    country: Optional[str] = None
    street: Optional[str] = None
    city: Optional[str] = None
    state: Optional[str] = None
    postal_code: Optional[str] = None
    full_address: Optional[str] = None
    compliance_contact_email: Optional[str] = None
    compliance_contact_phone: Optional[str] = None


class Campaign(Record):
    """The account's US 10DLC campaign: ``not_started`` until it holds what carriers need."""

    account_id: str
    campaign_status: str
    created_at: str
    updated_at: str
    campaign_description: Optional[str] = None
    campaign_sample1: Optional[str] = None
    campaign_sample2: Optional[str] = None
    campaign_sample3: Optional[str] = None
    campaign_sample4: Optional[str] = None
    campaign_message_flow: Optional[str] = None
    campaign_optin_keywords: Optional[str] = None
    campaign_optin_message: Optional[str] = None
    campaign_optout_keywords: Optional[str] = None
    campaign_optout_message: Optional[str] = None
    campaign_help_keywords: Optional[str] = None
    campaign_help_message: Optional[str] = None
    campaign_embedded_link: Optional[bool] = None
    campaign_embedded_link_url: Optional[str] = None
    campaign_embedded_phone: Optional[bool] = None
    campaign_age_gated: Optional[bool] = None
    campaign_direct_lending: Optional[bool] = None
    campaign_privacy_policy_link: Optional[str] = None
    campaign_terms_and_conditions_link: Optional[str] = None
    campaign_usecase: Optional[str] = None


#: ``(type id, channel)``: the key of a notification type's templates on one channel.
TemplateKey = Tuple[str, str]
