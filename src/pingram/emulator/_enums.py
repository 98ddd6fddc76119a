"""Strict enumeration checks on request bodies, as the API makes them.

The models keep enumerations as plain ``str`` at run time, so that a client sends
whatever value it is given and keeps whatever value a newer API answers. The API
itself accepts only the values it documents, and answers 400 naming the field. The
emulator plays the API: :func:`enum_problem` finds the first undocumented value in a
request body, by the model's own field declarations (``channels: List[Channel]``), so
every operation is checked the same way, without a rule per handler.
"""

from __future__ import annotations

import functools
import sys
from typing import Any, Dict, List, Optional, Tuple, Union, get_args, get_origin

import msgspec

from ..models.common import ENUM_VALUES

__all__ = ["enum_problem"]


class _Enum:
    """Stands for one enumeration in a field's declared type (see ``_MARKERS``)."""

    alias: str = ""
    values: Tuple[str, ...] = ()


#: One marker class per enumeration, used in place of its name when a declaration is read.
_MARKERS: Dict[str, type] = {
    name: type(name, (_Enum,), {"alias": name, "values": tuple(values)})
    for name, values in ENUM_VALUES.items()
}

_CHANNEL: Any = _MARKERS["Channel"]

#: Request fields the spec declares as plain strings although the API accepts only the
#: values of an enumeration: (model, wire name) -> the declared type to check against.
_UNDECLARED: Dict[Tuple[str, str], Any] = {
    ("NotificationCreateRequest", "channels"): List[_CHANNEL],
}


@functools.cache
def _declared(cls: type) -> Dict[str, Any]:
    """Each field's declaration, with enumeration names read as their markers."""
    result: Dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        module = vars(sys.modules[klass.__module__])
        for name, expression in vars(klass).get("__annotations__", {}).items():
            if isinstance(expression, str):
                expression = eval(expression, {**module, **_MARKERS})  # a model's own annotation
            result[name] = expression
    return result


@functools.cache
def _fields(cls: type) -> Tuple[Tuple[str, Any], ...]:
    """``(wire name, declared type)`` of each field of ``cls`` whose type holds an enumeration."""
    declared = _declared(cls)
    found = []
    for field in msgspec.structs.fields(cls):
        kind = _UNDECLARED.get((cls.__name__, field.encode_name), declared.get(field.name))
        if _holds_enum(kind, frozenset()):
            found.append((field.encode_name, kind))
    return tuple(found)


def _holds_enum(kind: Any, seen: frozenset) -> bool:  # type: ignore[type-arg]
    if isinstance(kind, type) and issubclass(kind, _Enum):
        return True
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        if kind in seen:
            return False
        declared = _declared(kind)
        inner = seen | {kind}
        return any(_holds_enum(declared.get(f.name), inner) for f in msgspec.structs.fields(kind))
    return any(_holds_enum(arg, seen) for arg in get_args(kind))


def _fits(kind: Any, value: Any) -> bool:
    """Whether ``value`` (decoded JSON) is the JSON shape of ``kind``."""
    origin = get_origin(kind)
    if isinstance(kind, type) and issubclass(kind, _Enum):
        return isinstance(value, str)
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        return isinstance(value, dict)
    if origin in (list, tuple, set, frozenset):
        return isinstance(value, list)
    if origin is dict:
        return isinstance(value, dict)
    return False


def _check(kind: Any, value: Any, path: str) -> Optional[str]:
    if value is None:
        return None
    if isinstance(kind, type) and issubclass(kind, _Enum):
        if isinstance(value, str) and value not in kind.values:
            allowed = ", ".join(repr(v) for v in kind.values)
            return f"Invalid enum value {value!r} (expected one of {allowed}) - at `{path}`"
        return None
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        if not isinstance(value, dict):
            return None
        for wire, field_kind in _fields(kind):
            if wire in value:
                problem = _check(field_kind, value[wire], f"{path}.{wire}")
                if problem:
                    return problem
        return None
    origin, args = get_origin(kind), get_args(kind)
    if origin is Union:
        for member in args:
            if _fits(member, value):
                return _check(member, value, path)
        return None
    if origin in (list, tuple, set, frozenset) and isinstance(value, list) and args:
        for index, item in enumerate(value):
            item_kind = args[index] if origin is tuple and args[-1] is not Ellipsis else args[0]
            problem = _check(item_kind, item, f"{path}[{index}]")
            if problem:
                return problem
        return None
    if origin is dict and isinstance(value, dict) and len(args) == 2:
        for key, item in value.items():
            problem = _check(args[1], item, f"{path}[{key!r}]")
            if problem:
                return problem
    return None


def enum_problem(model: type, raw: Any) -> Optional[str]:
    """The first value of ``raw`` (a request body as sent) that ``model`` declares as an
    enumeration but which is not one of its documented values, described with its
    path (``$.channels[0]``); ``None`` if there is none."""
    return _check(model, raw, "$")
