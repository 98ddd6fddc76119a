"""What an account sets up around its email, in the emulator. No I/O happens here.

:class:`EmailSetupState` is a mixin of the emulator's ``State`` serving:

- ``components_*``: reusable email components (CRUD; ``referencedBy`` lists the email
  templates whose editor JSON, ``internal``, holds an object with that ``componentId``);
- ``editor_generate_editor_token``: a token for the email editor;
- ``library_*``: upload slots in the file library. The emulator takes no bytes: a slot is
  listed at once (``size`` 0) and its URLs are placeholders on the reserved ``.invalid``
  domain;
- ``addresses_*``: inbound email addresses, built in (``@mail.pingram.io``) or on a sender
  domain of the account that is verified;
- ``domains_start_domain_verification``: a domain added with ``domains_add_domain`` is
  ``PENDING``; starting verification makes it ``SUCCESS`` (the emulator has no DNS: the
  records count as published), or ``FAILED`` for a domain under the reserved ``.invalid``
  top-level domain;
- ``sub_notifications_*``: sub-notifications under an existing notification type.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import uuid
from typing import Any, Dict, List, Optional, Tuple

from ..models.common import ENUM_VALUES
from ._common import (
    ACCOUNT_ID,
    ENV_ID,
    ApiError,
    Call,
    iso,
    now,
    page_position,
    page_token,
    positive_int,
)

__all__ = ["BUILTIN_DOMAIN", "EmailSetupState", "verification_records"]

#: The domain of built-in inbound addresses.
BUILTIN_DOMAIN = "mail.pingram.io"
#: Where library files are "served" from: a reserved domain that never resolves.
LIBRARY_HOST = "https://library.emulator.pingram.invalid"
LIBRARY_CONTENT_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
LIBRARY_USE_CASES: Tuple[str, ...] = ENUM_VALUES["LibraryUseCase"]
CHANNELS: Tuple[str, ...] = ENUM_VALUES["Channel"]
DEFAULT_LIMIT = 50
MAX_LIMIT = 100
_PREFIX = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._+-]{0,62}[A-Za-z0-9])?$")


def _domain_part(sender: str) -> str:
    return sender.rpartition("@")[2].strip().lower()


def _relative(name: str, domain: str) -> str:
    """``name``'s label(s) relative to the parent zone (the domain's last two labels)."""
    labels = domain.split(".")
    inner = ".".join(labels[:-2])
    return ".".join(part for part in (name, inner) if part) or "@"


def verification_records(sender: str, selector: str, dkim_key: str) -> Dict[str, Any]:
    """The DNS records to publish for a sender domain (``verificationRecords``)."""
    domain = _domain_part(sender)
    mail_from = f"mail.{domain}"

    def record(
        kind: str, name: str, host: str, value: str, required: bool, priority: Optional[int] = None
    ) -> Dict[str, Any]:
        found: Dict[str, Any] = {
            "recordType": kind,
            "recordName": _relative(name, domain),
            "host": host,
            "recordValue": value,
            "required": required,
        }
        if priority is not None:
            found["priority"] = priority
        return found

    return {
        "dkim": record(
            "TXT",
            f"{selector}._domainkey",
            f"{selector}._domainkey.{domain}",
            f"v=DKIM1; k=rsa; p={dkim_key}",
            True,
        ),
        "mail_from_spf": record(
            "TXT", "mail", mail_from, "v=spf1 include:amazonses.com ~all", True
        ),
        "mail_from_mx": record(
            "MX", "mail", mail_from, "feedback-smtp.us-east-1.amazonses.com", True, 10
        ),
        "dmarc": record("TXT", "_dmarc", f"_dmarc.{domain}", "v=DMARC1; p=none;", False),
        "inbound_mx": record("MX", "", domain, "inbound-smtp.us-east-1.amazonaws.com", False, 10),
    }


def dkim_public_key() -> str:
    """A random stand-in for a DKIM public key (base64, RSA-key sized)."""
    return base64.b64encode(secrets.token_bytes(162)).decode()


def _references(document: Any, component_id: str) -> bool:
    """Whether parsed editor JSON holds an object whose ``componentId`` is ``component_id``."""
    if isinstance(document, dict):
        if document.get("componentId") == component_id:
            return True
        return any(_references(value, component_id) for value in document.values())
    if isinstance(document, list):
        return any(_references(value, component_id) for value in document)
    return False


def _parsed(text: Any) -> Any:
    if not isinstance(text, str) or not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


class EmailSetupState:
    """Components, editor tokens, the library, inbound addresses, domain verification and
    sub-notifications."""

    # Kept by ``State`` (declared here for type checking).
    _types: Dict[str, Dict[str, Any]]
    _templates: Dict[Tuple[str, str], Dict[str, Dict[str, Any]]]
    _domains: Dict[str, Dict[str, Any]]

    def clear_email_setup(self) -> None:
        """Forget every component, library file, address and sub-notification."""
        self._components: Dict[str, Dict[str, Any]] = {}
        #: Library files per use case, oldest first, as ``(seq, file)``.
        self._library: Dict[str, List[Tuple[int, Dict[str, Any]]]] = {}
        self._library_seq = 0
        self._addresses: Dict[str, Dict[str, Any]] = {}
        #: Sub-notifications per notification type: ``(the type's record, {id: record})``.
        self._sub_notifications: Dict[str, Tuple[Dict[str, Any], Dict[str, Dict[str, Any]]]] = {}

    # -- components ------------------------------------------------------------------------

    def _component(self, call: Call) -> Dict[str, Any]:
        component = self._components.get(call.params["component_id"])
        if component is None:
            raise ApiError(404, f"No component with id {call.params['component_id']!r}")
        return component

    def _component_view(self, component: Dict[str, Any]) -> Dict[str, Any]:
        component_id = component["componentId"]
        referenced_by = [
            {"notificationId": type_id, "channel": channel, "templateId": template_id}
            for (type_id, channel), templates in self._templates.items()
            if channel == "EMAIL"
            for template_id, template in templates.items()
            if _references(_parsed(template.get("internal")), component_id)
        ]
        return {**component, "referencedBy": referenced_by}

    def components_create_component(self, call: Call) -> Any:
        data = call.data
        component_id = data["componentId"]
        if not component_id.strip():
            raise ApiError(400, "componentId must not be empty")
        if component_id in self._components:
            raise ApiError(409, f"Component {component_id!r} already exists")
        moment = iso(now())
        component = {
            "envId": ENV_ID,
            "componentId": component_id,
            "name": data["name"],
            "internal": data.get("internal", ""),
            "internalPage": data.get("internalPage", ""),
            "html": data.get("html", ""),
            "createdAt": moment,
            "modifiedAt": moment,
            "channel": "EMAIL",
        }
        self._components[component_id] = component
        return self._component_view(component)

    def components_get_component(self, call: Call) -> Any:
        return self._component_view(self._component(call))

    def components_patch_component(self, call: Call) -> Any:
        component = self._component(call)
        component.update(call.data)
        component["modifiedAt"] = iso(now())
        return self._component_view(component)

    def components_delete_component(self, call: Call) -> Any:
        self._component(call)
        del self._components[call.params["component_id"]]
        return None

    def components_list_components(self, call: Call) -> Any:
        channel = call.query.get("channel")
        if channel is not None and channel not in CHANNELS:
            raise ApiError(400, f"Unknown channel {channel!r}: use one of {', '.join(CHANNELS)}")
        return [
            self._component_view(component)
            for component in self._components.values()
            if channel is None or component["channel"] == channel
        ]

    def components_list_components_parsed(self, call: Call) -> Any:
        views = []
        for component in self._components.values():
            view = self._component_view(component)
            parsed = _parsed(view["internal"])
            if parsed is not None:
                view["internal"] = parsed
            views.append(view)
        return views

    # -- the email editor ------------------------------------------------------------------

    def editor_generate_editor_token(self, call: Call) -> Any:
        return {"access_token": "emulator-editor-" + secrets.token_urlsafe(24), "v2": True}

    # -- the library -----------------------------------------------------------------------

    def _use_case(self, call: Call) -> str:
        use_case = call.params["use_case"]
        if use_case not in LIBRARY_USE_CASES:
            raise ApiError(
                400, f"Unknown library use case {use_case!r}: use {' or '.join(LIBRARY_USE_CASES)}"
            )
        return use_case

    def library_create(self, call: Call) -> Any:
        use_case = self._use_case(call)
        data = call.data
        content_type, filename = data["contentType"], data["filename"]
        if content_type not in LIBRARY_CONTENT_TYPES:
            raise ApiError(
                400,
                f"contentType must be one of {', '.join(LIBRARY_CONTENT_TYPES)}, "
                f"got {content_type!r}",
            )
        if not filename.strip() or "/" in filename:
            raise ApiError(400, f"filename must be a file name, got {filename!r}")
        file_id = str(uuid.uuid4())
        key = f"{use_case}/{file_id}/{filename}"
        url = f"{LIBRARY_HOST}/{key}"
        self._library_seq += 1
        self._library.setdefault(use_case, []).append(
            (
                self._library_seq,
                {
                    "id": file_id,
                    "useCase": use_case,
                    "filename": filename,
                    "key": key,
                    "url": url,
                    "size": 0,
                    "lastModified": iso(now()),
                },
            )
        )
        return {
            "id": file_id,
            "useCase": use_case,
            "filename": filename,
            "key": key,
            "url": url,
            "uploadUrl": f"{url}?upload={secrets.token_hex(8)}",
            "contentType": content_type,
        }

    def library_list(self, call: Call) -> Any:
        use_case = self._use_case(call)
        limit = positive_int(call.query, "limit", DEFAULT_LIMIT, MAX_LIMIT)
        token = call.query.get("nextToken")
        before = page_position("library", token, "nextToken") if token else None
        newest_first = [
            (seq, item)
            for seq, item in reversed(self._library.get(use_case, []))
            if before is None or seq < before
        ]
        page = newest_first[:limit]
        result: Dict[str, Any] = {"items": [dict(item) for _, item in page]}
        if len(newest_first) > limit:
            result["nextToken"] = page_token("library", page[-1][0])
        return result

    # -- inbound addresses -----------------------------------------------------------------

    @staticmethod
    def _check_prefix(prefix: str) -> str:
        if not _PREFIX.match(prefix):
            raise ApiError(
                400,
                f"prefix must be the part of an address before @ (letters, digits, . _ + -), "
                f"got {prefix!r}",
            )
        return prefix.lower()

    def _verified_domain(self, domain: str) -> str:
        domain = domain.strip().lower()
        record = self._domains.get(domain) or next(
            (r for s, r in self._domains.items() if s.lower() == domain), None
        )
        if record is None:
            raise ApiError(
                400, f"Domain {domain!r} is not a sender domain of the account: add it first"
            )
        if record.get("status") != "SUCCESS":
            raise ApiError(
                400,
                f"Domain {domain!r} is not verified (status {record.get('status')}): "
                "start its verification first",
            )
        return domain

    def _address(self, full_address: str) -> Dict[str, Any]:
        address = self._addresses.get(full_address.lower())
        if address is None:
            raise ApiError(404, f"No address {full_address!r}")
        return address

    def addresses_create_address(self, call: Call) -> Any:
        data = call.data
        prefix = self._check_prefix(data["prefix"])
        domain = data.get("domain")
        kind = "custom" if domain else "builtin"
        domain = self._verified_domain(domain) if domain else BUILTIN_DOMAIN
        full_address = f"{prefix}@{domain}"
        if full_address in self._addresses:
            raise ApiError(409, f"Address {full_address!r} already exists")
        address = {
            "fullAddress": full_address,
            "prefix": prefix,
            "domain": domain,
            "type": kind,
            "createdAt": iso(now()),
        }
        if data.get("displayName"):
            address["displayName"] = data["displayName"]
        self._addresses[full_address] = address
        return {"address": address}

    def addresses_list_addresses(self, call: Call) -> Any:
        return {"addresses": list(self._addresses.values())}

    def addresses_update_address(self, call: Call) -> Any:
        data = call.data
        address = self._address(data["fullAddress"])
        if "prefix" in data:
            prefix = self._check_prefix(data["prefix"])
            full_address = f"{prefix}@{address['domain']}"
            if full_address != address["fullAddress"]:
                if full_address in self._addresses:
                    raise ApiError(409, f"Address {full_address!r} already exists")
                del self._addresses[address["fullAddress"]]
                address.update(prefix=prefix, fullAddress=full_address)
                self._addresses[full_address] = address
        if "displayName" in data:
            address["displayName"] = data["displayName"]
        return {"address": address}

    def addresses_delete_address(self, call: Call) -> Any:
        address = self._address(call.params["full_address"])
        if address["type"] == "builtin":
            raise ApiError(400, "Builtin addresses cannot be deleted")
        del self._addresses[address["fullAddress"]]
        return {"success": True}

    # -- domain verification ---------------------------------------------------------------

    def domains_start_domain_verification(self, call: Call) -> Any:
        sender = call.params["sender"]
        domain = self._domains.get(sender)
        if domain is None:
            raise ApiError(404, f"No sender domain {sender!r}")
        outcome = "FAILED" if _domain_part(sender).endswith(".invalid") else "SUCCESS"
        domain.update(status=outcome, mailFromDomainStatus=outcome)
        domain["lastSync"] = iso(now())
        return list(self._domains.values())

    # -- sub-notifications -----------------------------------------------------------------

    def _subs_of(self, notification_id: str) -> Dict[str, Dict[str, Any]]:
        """The sub-notifications of a notification type (404 if the type does not exist)."""
        kind = self._types.get(notification_id)
        if kind is None:
            raise ApiError(404, f"No notification type {notification_id!r}")
        owner, subs = self._sub_notifications.get(notification_id, (None, {}))
        if owner is not kind:  # the type was deleted (and maybe re-created) since
            subs = {}
            self._sub_notifications[notification_id] = (kind, subs)
        return subs

    def sub_notifications_put_sub_notification(self, call: Call) -> Any:
        notification_id = call.params["notification_id"]
        subs = self._subs_of(notification_id)
        sub_id = call.params["sub_notification_id"]
        record = subs.setdefault(
            sub_id,
            {
                "accountId": ACCOUNT_ID,
                "notificationId": notification_id,
                "subNotificationId": sub_id,
            },
        )
        record["title"] = call.data["title"]
        return record

    def sub_notifications_delete_sub_notification(self, call: Call) -> Any:
        notification_id = call.params["notification_id"]
        subs = self._subs_of(notification_id)
        sub_id = call.params["sub_notification_id"]
        if subs.pop(sub_id, None) is None:
            raise ApiError(
                404, f"No sub-notification {sub_id!r} of notification type {notification_id!r}"
            )
        return None
