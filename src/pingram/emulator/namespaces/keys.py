"""``keys_*``: API keys. The account starts with one default secret key; a created key's
secret is returned once and masked in lists; revoked keys vanish from lists and are
refused by the emulator's auth (:func:`key_status`)."""

from __future__ import annotations

import secrets
import uuid
from typing import Any, Optional

import msgspec

from .._common import ApiError, Call, iso, now
from .._records import ApiKey
from .._registry import handler
from .._store import Store

KEY_PREFIX = {"secret": "pingram_sk_", "public": "pingram_pk_"}


def key_status(store: Store, token: str) -> Optional[str]:
    """``"active"`` or ``"revoked"`` for a key this account issued, else ``None``.

    Using an active key records its ``lastUsedAt``.
    """
    key_id = store.key_ids.get(token)
    if key_id is None:
        return None
    record = store.keys.get(key_id)
    if record is None:
        return "active" if key_id not in store.revoked_keys else "revoked"
    record.last_used_at = iso(now())
    return "active"


def new_key(
    store: Store,
    key_type: str,
    name: str,
    environment_id: Optional[str],
    account_id: str,
    created: Optional[str] = None,
) -> str:
    """Issue a key of ``account_id``; only this account's keys are listed here."""
    key = KEY_PREFIX[key_type] + secrets.token_hex(24)
    key_id = str(uuid.uuid4())
    store.key_ids[key] = key_id
    if account_id == store.account.account_id:
        store.keys[key_id] = ApiKey(
            id=key_id,
            key=key,
            key_type=key_type,
            account_id=account_id,
            name=name,
            revoked=False,
            created_at=created or iso(now()),
            environment_id=environment_id,
        )
    return key


def _mask(key: str) -> str:
    """How lists show a key: its prefix and last four characters."""
    prefix = next((p for p in KEY_PREFIX.values() if key.startswith(p)), "")
    return f"{prefix}{'*' * 8}{key[-4:]}"


@handler
def keys_create_api_key(store: Store, call: Call) -> Any:
    data = call.data
    key_type = data["keyType"]
    if key_type not in KEY_PREFIX:
        raise ApiError(400, f"keyType must be 'secret' or 'public', got {key_type!r}")
    name = data["name"].strip()
    if not name:
        raise ApiError(400, "name must not be empty")
    key = new_key(store, key_type, name, data.get("environmentId"), store.account.account_id)
    record = store.keys[store.key_ids[key]]
    return {
        "id": record.id,
        "key": record.key,
        "keyType": record.key_type,
        **({"environmentId": record.environment_id} if record.environment_id else {}),
        "name": record.name,
        "createdAt": record.created_at,
    }


@handler
def keys_list_api_keys(store: Store, call: Call) -> Any:
    return {
        "keys": [
            msgspec.structs.replace(record, key=_mask(record.key)) for record in store.keys.values()
        ]
    }


@handler
def keys_revoke_api_key(store: Store, call: Call) -> Any:
    key_id = call.params["key_id"]
    record = store.keys.pop(key_id, None)
    if record is None:
        raise ApiError(404, f"No API key with id {key_id!r}")
    store.revoked_keys[key_id] = record
    return {"message": f"API key {key_id} revoked"}
