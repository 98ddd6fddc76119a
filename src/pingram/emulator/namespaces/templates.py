"""``templates_*``: the templates of a notification type, per channel.

The first template of a type on a channel is its default for every delivery mode
(``isDefaultFor``); ``templates_set_default_template`` moves the default per mode, and
``default`` follows the ``instant`` mode. A send uses :func:`template_for`.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

import msgspec

from ...models.common import ENUM_VALUES
from .._common import ENV_ID, ApiError, Call, channel_param, iso, now
from .._records import Template, TemplatePart, convert, patch
from .._registry import handler
from .._store import Store
from .types import find_type

DELIVERY_MODES: Tuple[str, ...] = ENUM_VALUES["TemplateDeliveryMode"]
_EMPTY_PART = {"title": "", "redirectURL": "", "imageURL": ""}
#: The content every template of a channel has, before the caller sets any of it.
TEMPLATE_CONTENT: Dict[str, Dict[str, Any]] = {
    "EMAIL": {"html": "", "internal": "", "subject": "", "senderName": "", "senderEmail": ""},
    "INAPP_WEB": {
        "title": "",
        "redirectURL": "",
        "imageURL": "",
        "instant": _EMPTY_PART,
        "batch": _EMPTY_PART,
    },
    "SMS": {"text": ""},
    "CALL": {"text": ""},
    "VOICE": {"text": ""},
    "PUSH": {"title": "", "message": ""},
    "WEB_PUSH": {"title": "", "message": ""},
    "SLACK": {"text": ""},
}


def template_for(
    store: Store, type_id: str, channel: str, template_id: Optional[str]
) -> Optional[Template]:
    """The template a send uses on ``channel``: the one named, else the default, else any."""
    templates = store.templates.get((type_id, channel), {})
    if template_id and template_id in templates:
        return templates[template_id]
    for template in templates.values():
        if template.default:
            return template
    return next(iter(templates.values()), None)


def _templates(store: Store, call: Call) -> Dict[str, Template]:
    channel = channel_param(call)
    notification_id = call.params["notification_id"]
    find_type(store, notification_id)
    return store.templates.setdefault((notification_id, channel), {})


def _template(store: Store, call: Call) -> Template:
    template = _templates(store, call).get(call.params["template_id"])
    if template is None:
        raise ApiError(
            404,
            f"No template {call.params['template_id']!r} for notification type "
            f"{call.params['notification_id']!r} on {call.params['channel']}",
        )
    return template


@handler
def templates_create_template(store: Store, call: Call) -> Any:
    templates = _templates(store, call)
    data = call.data
    if data["templateId"] in templates:
        raise ApiError(409, f"Template {data['templateId']!r} already exists")
    first = not templates
    channel = call.params["channel"]
    template = convert(
        {
            "envId": ENV_ID,
            "notificationId": call.params["notification_id"],
            "channel": channel,
            "default": first,
            "isDefaultFor": dict.fromkeys(DELIVERY_MODES, first),
            **TEMPLATE_CONTENT.get(channel, {}),
            **data,
        },
        Template,
    )
    templates[template.template_id] = template
    return template


@handler
def templates_list_templates(store: Store, call: Call) -> Any:
    return list(_templates(store, call).values())


@handler
def templates_get_template(store: Store, call: Call) -> Any:
    return _template(store, call)


@handler
def templates_update_template(store: Store, call: Call) -> Any:
    template = _template(store, call)
    data = call.data
    for part in ("instant", "batch"):  # a part given in full or in part keeps the rest
        current: Optional[TemplatePart] = getattr(template, part)
        if isinstance(data.get(part), dict) and current is not None:
            data[part] = {**msgspec.to_builtins(current), **data[part]}
    patch(template, data)
    return template


@handler
def templates_delete_template(store: Store, call: Call) -> Any:
    _template(store, call)
    del _templates(store, call)[call.params["template_id"]]
    return None


@handler
def templates_initiate_migration(store: Store, call: Call) -> Any:
    template = _template(store, call)
    template.migration = msgspec.json.encode(
        {"status": "completed", "migratedAt": iso(now())}
    ).decode()
    return template


@handler
def templates_set_default_template(store: Store, call: Call) -> Any:
    templates = _templates(store, call)
    data = call.data
    chosen = templates.get(data["templateId"])
    if chosen is None:
        raise ApiError(404, f"No template {data['templateId']!r}")
    for template in templates.values():
        for mode in data["modes"]:
            template.is_default_for[mode] = template is chosen
        template.default = bool(template.is_default_for.get("instant"))
    return chosen
