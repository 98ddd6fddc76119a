"""``components_*``: reusable email components. ``referencedBy`` lists the email templates
whose editor JSON (``internal``) holds an object with the component's ``componentId``."""

from __future__ import annotations

import json
from typing import Any, Dict

from .._common import CHANNELS, ENV_ID, ApiError, Call, iso, now
from .._records import Component, patch, wire
from .._registry import handler
from .._store import Store


def _references(document: Any, component_id: str) -> bool:
    """Whether parsed editor JSON holds an object whose ``componentId`` is ``component_id``.

    Walks with a list, not recursion: a template's JSON may nest as deep as it likes.
    """
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("componentId") == component_id:
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _parsed(text: Any) -> Any:
    if not isinstance(text, str) or not text:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _component(store: Store, call: Call) -> Component:
    component = store.components.get(call.params["component_id"])
    if component is None:
        raise ApiError(404, f"No component with id {call.params['component_id']!r}")
    return component


def _view(store: Store, component: Component) -> Dict[str, Any]:
    referenced_by = [
        {"notificationId": type_id, "channel": channel, "templateId": template_id}
        for (type_id, channel), templates in store.templates.items()
        if channel == "EMAIL"
        for template_id, template in templates.items()
        if _references(_parsed(template.internal), component.component_id)
    ]
    return {**wire(component), "referencedBy": referenced_by}


@handler
def components_create_component(store: Store, call: Call) -> Any:
    data = call.data
    component_id = data["componentId"]
    if not component_id.strip():
        raise ApiError(400, "componentId must not be empty")
    if component_id in store.components:
        raise ApiError(409, f"Component {component_id!r} already exists")
    moment = iso(now())
    component = Component(
        env_id=ENV_ID,
        component_id=component_id,
        name=data["name"],
        internal=data.get("internal", ""),
        internal_page=data.get("internalPage", ""),
        html=data.get("html", ""),
        created_at=moment,
        modified_at=moment,
        channel="EMAIL",
    )
    store.components[component_id] = component
    return _view(store, component)


@handler
def components_get_component(store: Store, call: Call) -> Any:
    return _view(store, _component(store, call))


@handler
def components_patch_component(store: Store, call: Call) -> Any:
    component = _component(store, call)
    patch(component, call.data)
    component.modified_at = iso(now())
    return _view(store, component)


@handler
def components_delete_component(store: Store, call: Call) -> Any:
    _component(store, call)
    del store.components[call.params["component_id"]]
    return None


@handler
def components_list_components(store: Store, call: Call) -> Any:
    channel = call.query.get("channel")
    if channel is not None and channel not in CHANNELS:
        raise ApiError(
            400, f"Unknown channel {channel!r}: use one of {', '.join(sorted(CHANNELS))}"
        )
    return [
        _view(store, component)
        for component in store.components.values()
        if channel is None or component.channel == channel
    ]


@handler
def components_list_components_parsed(store: Store, call: Call) -> Any:
    views = []
    for component in store.components.values():
        view = _view(store, component)
        parsed = _parsed(view["internal"])
        if parsed is not None:
            view["internal"] = parsed
        views.append(view)
    return views
