"""``addresses_*``: inbound email addresses, built in (``@mail.pingram.io``, which cannot be
deleted) or on a sender domain of the account that is verified."""

from __future__ import annotations

import re
from typing import Any

from .._common import ApiError, Call, iso, now
from .._records import Address
from .._registry import handler
from .._store import Store

#: The domain of built-in inbound addresses.
BUILTIN_DOMAIN = "mail.pingram.io"
_PREFIX = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._+-]{0,62}[A-Za-z0-9])?$")


def _check_prefix(prefix: str) -> str:
    if not _PREFIX.match(prefix):
        raise ApiError(
            400,
            f"prefix must be the part of an address before @ (letters, digits, . _ + -), "
            f"got {prefix!r}",
        )
    return prefix.lower()


def _verified_domain(store: Store, domain: str) -> str:
    domain = domain.strip().lower()
    record = store.domains.get(domain) or next(
        (r for s, r in store.domains.items() if s.lower() == domain), None
    )
    if record is None:
        raise ApiError(
            400, f"Domain {domain!r} is not a sender domain of the account: add it first"
        )
    if record.status != "SUCCESS":
        raise ApiError(
            400,
            f"Domain {domain!r} is not verified (status {record.status}): "
            "start its verification first",
        )
    return domain


def _address(store: Store, full_address: str) -> Address:
    address = store.addresses.get(full_address.lower())
    if address is None:
        raise ApiError(404, f"No address {full_address!r}")
    return address


@handler
def addresses_create_address(store: Store, call: Call) -> Any:
    data = call.data
    prefix = _check_prefix(data["prefix"])
    domain = data.get("domain")
    kind = "custom" if domain else "builtin"
    domain = _verified_domain(store, domain) if domain else BUILTIN_DOMAIN
    full_address = f"{prefix}@{domain}"
    if full_address in store.addresses:
        raise ApiError(409, f"Address {full_address!r} already exists")
    address = Address(
        full_address=full_address,
        prefix=prefix,
        domain=domain,
        type=kind,
        created_at=iso(now()),
        display_name=data.get("displayName") or None,
    )
    store.addresses[full_address] = address
    return {"address": address}


@handler
def addresses_list_addresses(store: Store, call: Call) -> Any:
    return {"addresses": list(store.addresses.values())}


@handler
def addresses_update_address(store: Store, call: Call) -> Any:
    data = call.data
    address = _address(store, data["fullAddress"])
    if "prefix" in data:
        prefix = _check_prefix(data["prefix"])
        full_address = f"{prefix}@{address.domain}"
        if full_address != address.full_address:
            if full_address in store.addresses:
                raise ApiError(409, f"Address {full_address!r} already exists")
            del store.addresses[address.full_address]
            address.prefix, address.full_address = prefix, full_address
            store.addresses[full_address] = address
    if "displayName" in data:
        address.display_name = data["displayName"]
    return {"address": address}


@handler
def addresses_delete_address(store: Store, call: Call) -> Any:
    address = _address(store, call.params["full_address"])
    if address.type == "builtin":
        raise ApiError(400, "Builtin addresses cannot be deleted")
    del store.addresses[address.full_address]
    return {"success": True}
