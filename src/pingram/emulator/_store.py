"""``Store``: everything the emulated account holds, typed, in one place. No I/O, no handlers.

A handler (``namespaces/<namespace>.py``) receives the store and the request and
reads or changes what it needs here; ``Emulator`` holds one store and makes a new one
on ``reset()``. The records are msgspec Structs (``_records``). Collections are
keyed as the API addresses them (a type by ``notificationId``, a template by type,
channel and ``templateId``, ...). Work that becomes due later (scheduled sends and
broadcasts) waits in a :class:`DueQueue`, so that a request only looks at what is due.

The account starts with what a real one has: a plan with billing history, a default
secret key, an owner and one environment; ``namespaces.open_account`` puts them in.
"""

from __future__ import annotations

import heapq
import itertools
from datetime import date, datetime
from typing import Any, Dict, Generic, Hashable, Iterator, List, Optional, Protocol, Tuple, TypeVar

from ._records import (
    Account,
    Address,
    ApiKey,
    Brand,
    Broadcast,
    Campaign,
    Component,
    DeletionRequest,
    Domain,
    Environment,
    InappNotification,
    Invitation,
    Invoice,
    LibraryFile,
    LogMessage,
    Member,
    Mfa,
    NotificationType,
    PhoneNumber,
    Recipient,
    SentNotification,
    SubNotification,
    Supabase,
    Template,
    TemplateKey,
    TrackedMessage,
    User,
    VoiceAgent,
    VoiceCall,
    WebhookEndpoint,
)

__all__ = ["DueQueue", "Store", "WebhookSink"]

K = TypeVar("K", bound=Hashable)


class WebhookSink(Protocol):
    """Where webhook events and endpoint changes go: the emulator's delivery dispatcher."""

    def submit(self, endpoint: WebhookEndpoint, event_id: str, event: Dict[str, Any]) -> None:
        """Queue ``event`` (a ``WebhookEvent`` wire dict) for ``endpoint``; must not block."""

    def update(self, endpoint: WebhookEndpoint) -> None:
        """The endpoint's URL changed: later attempts go to the new one."""

    def remove(self, endpoint_id: str) -> None:
        """The endpoint is gone: drop what is queued for it and stop its retries."""


class NoSink:
    """Drops every event: a store with no dispatcher attached."""

    def submit(self, endpoint: WebhookEndpoint, event_id: str, event: Dict[str, Any]) -> None:
        pass

    def update(self, endpoint: WebhookEndpoint) -> None:
        pass

    def remove(self, endpoint_id: str) -> None:
        pass


class DueQueue(Generic[K]):
    """Keys that fall due at a moment, each at most once (a new moment replaces the old).

    A heap: ``pop_due`` looks only at what is due, whatever else waits or ever waited.
    Replaced and discarded entries are dropped lazily, and the heap is rebuilt when they
    outnumber the live ones, so it never holds more than about twice what is pending.
    """

    def __init__(self) -> None:
        self._heap: List[Tuple[datetime, int, K]] = []
        self._due: Dict[K, datetime] = {}
        self._order = itertools.count()

    def __len__(self) -> int:
        """How many keys are pending."""
        return len(self._due)

    @property
    def size(self) -> int:
        """How many entries the heap holds, stale ones included (at most about 2x pending)."""
        return len(self._heap)

    def put(self, key: K, moment: datetime) -> None:
        """``key`` falls due at ``moment`` (instead of when it was due before, if it was)."""
        self._due[key] = moment
        heapq.heappush(self._heap, (moment, next(self._order), key))
        self._compact()

    def discard(self, key: K) -> None:
        """``key`` is no longer pending."""
        if self._due.pop(key, None) is not None:
            self._compact()

    def pop_due(self, moment: datetime) -> Iterator[K]:
        """Each key due at or before ``moment``, earliest first, no longer pending."""
        heap = self._heap
        while heap and heap[0][0] <= moment:
            when, _, key = heapq.heappop(heap)
            if self._due.get(key) == when:
                del self._due[key]
                yield key

    def _compact(self) -> None:
        if len(self._heap) > 2 * len(self._due) + 16:
            self._heap = [entry for entry in self._heap if self._due.get(entry[2]) == entry[0]]
            heapq.heapify(self._heap)


class Store:
    """The emulated account's state. Every attribute is declared here, with its type."""

    def __init__(
        self, inapp_user_id: Optional[str] = None, sink: Optional[WebhookSink] = None
    ) -> None:
        #: Where webhook events go (``_events.emit``).
        self.sink: WebhookSink = sink or NoSink()
        self._sequence = itertools.count(1)

        # -- sending and logs (``sender``, ``logs``) --
        #: Every accepted ``send`` body as received, in order (``Emulator.sent``).
        self.sent: List[Any] = []
        #: Every tracked notification by tracking id, oldest first.
        self.sends: Dict[str, SentNotification] = {}
        #: Scheduled sends by tracking id, waiting for their time.
        self.scheduled: DueQueue[str] = DueQueue()
        #: ``logs_get_logs`` messages as ``(seq, message)``, oldest first (``seq`` ascending).
        self.messages: List[Tuple[int, LogMessage]] = []
        #: Log query results by query id: the log entries (wire dicts) at the time it ran.
        self.queries: Dict[str, List[Dict[str, Any]]] = {}
        #: ``(trackingId, channel)`` -> ``(status, updatedAt)`` left by a message event.
        self.outcomes: Dict[Tuple[str, str], Tuple[str, str]] = {}
        #: Messages delivered through the emulator, by usage channel (today's usage).
        self.delivered: Dict[str, int] = {}

        # -- users and in-app (``user``, ``users``) --
        self.users: Dict[str, User] = {}
        #: Creation order of users (the ``users_list_users`` page token).
        self.user_seq: Dict[str, int] = {}
        #: In-app notifications per user, oldest first.
        self.inbox: Dict[str, List[InappNotification]] = {}
        #: The in-app user set by ``Emulator(inapp_user_id=...)`` or ``emu.inapp_user_id``.
        self.inapp_user_id = inapp_user_id
        #: The recipient of the most recent in-app send.
        self.last_inapp_user: Optional[str] = None

        # -- notification types, templates, sub-notifications --
        self.types: Dict[str, NotificationType] = {}
        self.templates: Dict[TemplateKey, Dict[str, Template]] = {}
        #: Per notification type: ``(the type's record, {subNotificationId: record})``.
        self.sub_notifications: Dict[str, Tuple[NotificationType, Dict[str, SubNotification]]] = {}

        # -- environments and email setup --
        self.environments: Dict[str, Environment] = {}
        #: Sender domains by ``sender`` as added.
        self.domains: Dict[str, Domain] = {}
        self.components: Dict[str, Component] = {}
        #: Library files per use case, oldest first, as ``(seq, file)``.
        self.library: Dict[str, List[Tuple[int, LibraryFile]]] = {}
        #: Inbound addresses by full address (lower case).
        self.addresses: Dict[str, Address] = {}

        # -- webhooks (``_events``, ``webhooks``) --
        self.webhooks: Dict[str, WebhookEndpoint] = {}
        #: Messages events can be about, by tracking id.
        self.tracked: Dict[str, TrackedMessage] = {}

        # -- broadcasts --
        self.broadcasts: Dict[str, Broadcast] = {}
        #: Creation order: broadcast id -> sequence number (newest is highest).
        self.broadcast_seq: Dict[str, int] = {}
        #: Recipients per broadcast, in audience order.
        self.recipients: Dict[str, List[Recipient]] = {}
        #: Tracking id -> ``(broadcast id, recipient)``, so that message events update it.
        self.recipient_of: Dict[str, Tuple[str, Recipient]] = {}
        #: Scheduled broadcasts by id, waiting for their ``scheduleAt``.
        self.due_broadcasts: DueQueue[str] = DueQueue()
        #: Broadcasts ``sending`` while ``hold_broadcasts`` keeps their recipients pending.
        self.held_broadcasts: Dict[str, None] = {}
        #: While true, a sending broadcast delivers nothing (``Emulator.hold_broadcasts``).
        self.hold_broadcasts = False

        # -- the account, keys, members, profile (seeded by ``namespaces.open_account``) --
        self.account: Account
        #: The day the store was made, and the billing cycle it falls in.
        self.today: date
        self.cycle_start: date
        self.cycle_end: date
        #: The day the account was created (a year of billing cycles before this one).
        self.created_day: date
        self.billing_email = ""
        #: Every invoice, newest first.
        self.invoices: List[Invoice] = []
        #: Accounts created with ``accounts_create_account``, by id.
        self.other_accounts: Dict[str, Account] = {}
        #: This account's keys by id (revoked ones move to ``revoked_keys``).
        self.keys: Dict[str, ApiKey] = {}
        #: Full key -> key id, for every account's keys (revoked ones included).
        self.key_ids: Dict[str, str] = {}
        self.revoked_keys: Dict[str, ApiKey] = {}
        #: Members by user id.
        self.members: Dict[str, Member] = {}
        #: Invitations by token, oldest first.
        self.invitations: Dict[str, Invitation] = {}
        self.auto_join: List[str] = []
        self.mfa = Mfa()
        self.cancellation_reason: Optional[str] = None
        self.deletion_requests: List[DeletionRequest] = []
        self.supabase = Supabase(connected=False, configured=False)

        # -- numbers, voice, 10DLC --
        #: Every number the account ordered, active or released, by E.164.
        self.numbers: Dict[str, PhoneNumber] = {}
        self.agents: Dict[str, VoiceAgent] = {}
        #: Calls by tracking id, oldest first, each with its sequence number.
        self.calls: Dict[str, Tuple[int, VoiceCall]] = {}
        self.brand: Optional[Brand] = None
        self.campaign: Optional[Campaign] = None

    def next_seq(self) -> int:
        """A number greater than every one given before: creation order across the store."""
        return next(self._sequence)
