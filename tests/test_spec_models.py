"""The models agree with ``spec/openapi.json`` beyond what the per-operation tests exercise."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, List, Tuple

import pytest

from pingram import models
from pingram.models.common import ENUM_VALUES

SCHEMAS = json.loads(
    (Path(__file__).parent.parent / "spec" / "openapi.json").read_text(encoding="utf-8")
)["components"]["schemas"]


def _enums(node: Any, where: str) -> List[Tuple[str, Tuple[str, ...]]]:
    found = []
    if isinstance(node, dict):
        if "enum" in node:
            found.append((where, tuple(node["enum"])))
        for key, value in node.items():
            found += _enums(value, f"{where}.{key}" if key != "properties" else where)
    elif isinstance(node, list):
        for value in node:
            found += _enums(value, where)
    return found


ENUMS = [found for name, schema in SCHEMAS.items() for found in _enums(schema, name)]


@pytest.mark.parametrize(("where", "values"), ENUMS, ids=[w for w, _ in ENUMS])
def test_every_enum_of_the_spec_is_typed_with_its_documented_values(
    where: str, values: Tuple[str, ...]
) -> None:
    assert any(set(values) <= set(known) for known in ENUM_VALUES.values()), where


def test_enumerations_are_plain_str_at_run_time() -> None:
    """Type checkers see a Literal; msgspec sees ``str``, so a new value never fails decoding."""
    assert models.Channel is str
    assert "VOICE" in ENUM_VALUES["Channel"]


def test_legacy_send_fields_are_modelled() -> None:
    body = models.SenderPostBody.from_dict(
        {
            "notificationId": "welcome",
            "user": {"id": "u1"},
            "mergeTags": {"a": 1},
            "replace": {"x": "y"},
            "secondaryId": "s1",
        }
    )
    assert body.notification_id == "welcome"
    assert body.user is not None
    assert body.user.id == "u1"
    assert body.merge_tags == {"a": 1}
    assert body.replace == {"x": "y"}
    assert body.secondary_id == "s1"


@pytest.mark.parametrize(
    "name",
    [
        "CreateBroadcastRequest",
        "SendEmailRequest",
        "SendSmsRequest",
        "VoiceCallRequest",
        "WebhookEndpointUpsertRequest",
        "BroadcastResponse",
        "SenderPostBody",
        "PostUserRequest",
    ],
)
def test_official_names_of_bodies_and_responses_are_importable(name: str) -> None:
    import pingram

    assert getattr(models, name) is getattr(pingram, name)
