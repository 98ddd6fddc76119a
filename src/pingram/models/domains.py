"""Sender domains: the domains and addresses email is sent from."""

from __future__ import annotations

from typing import List, Optional

import msgspec

from ._base import Model

__all__ = ["PostSendersRequestBody", "Domain", "GetSendersResponseInner"]


class PostSendersRequestBody(Model):
    """Request body to add a sender domain (or address) for verification."""

    sender: str


class Domain(Model):
    """A sender domain or address and its verification state."""

    sender: str = ""
    status: str = ""
    last_sync: str = msgspec.field(default="", name="lastSync")
    verification_tokens: Optional[List[str]] = msgspec.field(
        default=None, name="verificationTokens"
    )
    mail_from_domain_status: Optional[str] = msgspec.field(
        default=None, name="mailFromDomainStatus"
    )
    created_at: str = msgspec.field(default="", name="createdAt")
    private_dkim_key: Optional[str] = msgspec.field(default=None, name="privateDKIMKey")
    reminder_sent_at: Optional[str] = msgspec.field(default=None, name="reminderSentAt")
    selector: str = ""


#: The reference's name for :class:`Domain` in list responses.
GetSendersResponseInner = Domain
