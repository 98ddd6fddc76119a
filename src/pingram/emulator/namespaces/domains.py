"""``domains_*``: sender domains. Added ``PENDING`` with the DNS records to publish;
starting verification makes a domain ``SUCCESS`` (there is no DNS to check), or
``FAILED`` under the reserved ``.invalid`` top-level domain."""

from __future__ import annotations

import base64
import secrets
from typing import Any

from .._common import ApiError, Call, iso, now
from .._records import DnsRecord, Domain, VerificationRecords
from .._registry import handler
from .._store import Store


def domain_part(sender: str) -> str:
    """The domain of an address or sender (lower case)."""
    return sender.rpartition("@")[2].strip().lower()


def is_verified(store: Store, address: str) -> bool:
    """Whether ``address`` is on a verified sender domain (or is a verified sender itself)."""
    domain = domain_part(address)
    for sender, record in store.domains.items():
        if record.status != "SUCCESS":
            continue
        key = sender.lower()
        if key == address.lower() or ("@" not in key and key == domain):
            return True
    return False


def _relative(name: str, domain: str) -> str:
    """``name``'s label(s) relative to the parent zone (the domain's last two labels)."""
    labels = domain.split(".")
    inner = ".".join(labels[:-2])
    return ".".join(part for part in (name, inner) if part) or "@"


def verification_records(sender: str, selector: str, dkim_key: str) -> VerificationRecords:
    """The DNS records to publish for a sender domain (``verificationRecords``)."""
    domain = domain_part(sender)
    mail_from = f"mail.{domain}"

    def record(
        kind: str, name: str, host: str, value: str, required: bool, priority: Any = None
    ) -> DnsRecord:
        return DnsRecord(
            record_type=kind,
            record_name=_relative(name, domain),
            host=host,
            record_value=value,
            required=required,
            priority=priority,
        )

    return VerificationRecords(
        dkim=record(
            "TXT",
            f"{selector}._domainkey",
            f"{selector}._domainkey.{domain}",
            f"v=DKIM1; k=rsa; p={dkim_key}",
            True,
        ),
        mail_from_spf=record("TXT", "mail", mail_from, "v=spf1 include:amazonses.com ~all", True),
        mail_from_mx=record(
            "MX", "mail", mail_from, "feedback-smtp.us-east-1.amazonses.com", True, 10
        ),
        dmarc=record("TXT", "_dmarc", f"_dmarc.{domain}", "v=DMARC1; p=none;", False),
        inbound_mx=record("MX", "", domain, "inbound-smtp.us-east-1.amazonaws.com", False, 10),
    )


def dkim_public_key() -> str:
    """A random stand-in for a DKIM public key (base64, RSA-key sized)."""
    return base64.b64encode(secrets.token_bytes(162)).decode()


@handler
def domains_add_domain(store: Store, call: Call) -> Any:
    sender = call.data["sender"]
    if sender not in store.domains:
        moment = iso(now())
        store.domains[sender] = Domain(
            sender=sender,
            status="PENDING",
            last_sync=moment,
            created_at=moment,
            selector="pingram",
            verification_tokens=[secrets.token_hex(16) for _ in range(3)],
            mail_from_domain_status="PENDING",
            verification_records=verification_records(sender, "pingram", dkim_public_key()),
        )
    return list(store.domains.values())


@handler
def domains_list_domains(store: Store, call: Call) -> Any:
    return list(store.domains.values())


@handler
def domains_delete_domain(store: Store, call: Call) -> Any:
    if store.domains.pop(call.params["sender"], None) is None:
        raise ApiError(404, f"No sender domain {call.params['sender']!r}")
    return {"success": True}


@handler
def domains_start_domain_verification(store: Store, call: Call) -> Any:
    sender = call.params["sender"]
    domain = store.domains.get(sender)
    if domain is None:
        raise ApiError(404, f"No sender domain {sender!r}")
    outcome = "FAILED" if domain_part(sender).endswith(".invalid") else "SUCCESS"
    domain.status = domain.mail_from_domain_status = outcome
    domain.last_sync = iso(now())
    return list(store.domains.values())
