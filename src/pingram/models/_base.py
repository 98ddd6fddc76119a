"""The base every model derives from, and the msgspec plumbing they share.

Models are plain ``msgspec.Struct`` declarations: keyword-only, unset fields
omitted when encoded, unknown fields ignored when decoded. msgspec does the
validation and (de)serialisation in C, so there is no per-call Python layer.

1.x's spelling of the models lives here too, for the few classes where it differs
from ours (``pingram.models`` generates them from these bases):

- ``OfficialSpelling``: the metaclass of a model that takes 1.x's keyword arguments
  (``var_from=`` for ``from_``) or, as 1.x's class of a ``oneOf``/``anyOf`` of models,
  ``actual_instance=``. Every other model is built by msgspec alone;
- ``OfficialUnion``: 1.x's class of a ``oneOf``/``anyOf`` whose value is no model
  (a ``str``, a number, a list): it holds the value, and the SDK sends the value;
- ``OfficialMap``: 1.x's class of a map that documents some keys: a ``dict``;
- ``OfficialEnum``: the base of 1.x's ``str`` enumerations (``ChannelsEnum.EMAIL``).
"""

from __future__ import annotations

import datetime
import enum
import functools
import threading
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Dict,
    Generic,
    Mapping,
    Optional,
    Tuple,
    TypeVar,
    Union,
    cast,
    get_args,
    get_origin,
    overload,
)

import msgspec

from .._exceptions import PingramValidationError

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Any:
        return lambda cls: cls


__all__ = [
    "Model",
    "Number",
    "OfficialEnum",
    "OfficialMap",
    "OfficialSpelling",
    "OfficialUnion",
    "convert",
    "date_time_text",
    "decoder_for",
    "encoder",
    "to_builtins",
]

T = TypeVar("T")
V = TypeVar("V")
M = TypeVar("M", bound="Model")
U = TypeVar("U", bound="OfficialUnion[Any]")
W = TypeVar("W", bound="OfficialMap[Any]")

#: A JSON number: the API documents ``number`` and sends integers or floats.
Number = Union[int, float]


def _enc_hook(value: Any) -> Any:
    """What msgspec cannot encode itself: 1.x's wrapper of a value is sent as the value."""
    if isinstance(value, OfficialUnion):
        return value.actual_instance
    raise TypeError(f"Encoding objects of type {type(value).__name__} is unsupported")


#: One encoder for the whole process; msgspec encoders are reusable and thread-safe.
encoder = msgspec.json.Encoder(enc_hook=_enc_hook)


def to_builtins(value: Any) -> Any:
    """``value`` as JSON-ready builtins, with wire names, as ``encoder`` would send it."""
    return msgspec.to_builtins(value, enc_hook=_enc_hook)


#: Serialises msgspec's first look at a type (see ``decoder_for``).
_type_info_lock = threading.Lock()
#: The types whose type information msgspec has finished building.
_ready: set[Any] = set()


@functools.cache
def decoder_for(tp: Any) -> msgspec.json.Decoder[Any]:
    """A cached JSON decoder for ``tp`` (a Struct, ``List[Struct]``, a union...).

    Building it also makes msgspec build and cache its type information for ``tp``
    and every Struct it reaches, which ``msgspec.convert`` reuses. msgspec publishes
    a Struct's type information on the class before filling it in, so two threads
    building it at once can crash the interpreter; building it under one
    process-wide lock, once per type, keeps first use safe. Later calls are a cache
    hit and take no lock.
    """
    with _type_info_lock:
        decoder = msgspec.json.Decoder(tp)
    _ready.add(tp)
    return decoder


def convert(data: Any, tp: type[T], *, what: str = "value") -> T:
    """Convert builtins (a dict in wire format) to ``tp``, validating as msgspec does.

    A mismatch raises :class:`PingramValidationError` naming the field path,
    e.g. ``invalid sender_post_body: Expected `str`, got `int` - at `$.to.email```.
    """
    if tp not in _ready:
        decoder_for(cast(Any, tp))  # builds msgspec's type information for ``tp`` safely
    try:
        return msgspec.convert(data, tp)
    except msgspec.ValidationError as exc:
        raise _validation_error(exc, what) from None


def _validation_error(exc: msgspec.ValidationError, what: str) -> PingramValidationError:
    """The error naming where ``exc`` happened: msgspec ends its message with
    `` - at `$.to.email` ``, or `` - at `key` in `$.parameters` `` for a mapping's key."""
    reason, found, where = str(exc).rpartition(" - at `")
    if not found:
        return PingramValidationError(f"invalid {what}: {exc}", path="$")
    where = where[:-1] if where.endswith("`") else where
    if where.startswith("key` in `"):  # a key of the mapping at that path
        path = where[len("key` in `") :]
        return PingramValidationError(f"invalid {what}: {reason} - at a key of `{path}`", path=path)
    return PingramValidationError(f"invalid {what}: {reason} - at `{where}`", path=where)


class _ModelMeta(msgspec.StructMeta):
    """Make every model keyword-only and omit unset fields, without repeating it per class.

    (msgspec applies ``kw_only`` only to the fields a class itself declares.)
    """

    def __new__(
        mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], /, **config: Any
    ) -> Any:
        config.setdefault("kw_only", True)
        config.setdefault("omit_defaults", True)
        return super().__new__(mcls, name, bases, namespace, **config)


def _pformat(value: Any) -> str:
    """``pprint.pformat``, for 1.x's ``to_str()``: pprint (and the dataclasses it imports)
    loads on first use, not with every model."""
    import pprint

    return pprint.pformat(value)


@dataclass_transform(kw_only_default=True, field_specifiers=(msgspec.field,))
class Model(msgspec.Struct, metaclass=_ModelMeta):
    """Base of every request and response model.

    Attributes are snake_case; the JSON names on the wire are the API's own
    (``force_channels`` is ``forceChannels``, ``from_`` is ``from``). Fields
    left unset are not sent; unknown fields in a response are ignored.
    """

    #: Attributes that hold a credential: the repr shows ``'***'`` in their place.
    __secret_fields__: ClassVar[Tuple[str, ...]] = ()
    #: 1.x's keyword arguments spelt otherwise here (``{"var_from": "from_"}``), taken by
    #: the models whose metaclass is ``OfficialSpelling``.
    __official_names__: ClassVar[Dict[str, str]] = {}

    def __repr__(self) -> str:
        if not self.__secret_fields__:
            return super().__repr__()
        parts = []
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if name in self.__secret_fields__ and value is not None:
                value = "***"
            parts.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def to_dict(self) -> dict[str, Any]:
        """The model as a JSON-ready dict with wire names; unset fields are left out."""
        result: dict[str, Any] = to_builtins(self)
        return result

    def to_json(self) -> str:
        """The model as a JSON string with wire names; unset fields are left out."""
        return encoder.encode(self).decode()

    def to_str(self) -> str:
        """The model's ``to_dict()``, pretty-printed (``pprint``)."""
        return _pformat(self.to_dict())

    @overload
    @classmethod
    def from_dict(cls: type[M], data: None) -> None: ...

    @overload
    @classmethod
    def from_dict(cls: type[M], data: Union[M, Mapping[str, Any]]) -> M: ...

    @classmethod
    def from_dict(cls: type[M], data: Union[M, Mapping[str, Any], None]) -> Optional[M]:
        """Build the model from a dict in wire format, validating every field.

        As in 1.x, ``None`` gives ``None`` and a model of this class is returned as it is.
        """
        if data is None:
            return None
        if isinstance(data, cls):
            return data
        return convert(data, cls, what=cls.__name__)

    @classmethod
    def from_json(cls: type[M], data: str | bytes) -> M:
        """Build the model from JSON text in wire format, validating every field."""
        result: M = _decode(data, cls, cls.__name__)
        return result


def _decode(data: Union[str, bytes], tp: Any, what: str) -> Any:
    """JSON text decoded as ``tp``; a mismatch raises ``PingramValidationError``."""
    try:
        return decoder_for(tp).decode(data)
    except msgspec.ValidationError as exc:
        raise _validation_error(exc, what) from None
    except msgspec.DecodeError as exc:
        raise PingramValidationError(f"invalid {what}: {exc}") from None
    except UnicodeDecodeError as exc:  # msgspec's error for a string that is not UTF-8
        raise PingramValidationError(f"invalid {what}: not valid UTF-8 ({exc.reason})") from None


def date_time_text(value: T) -> T:
    """A ``datetime`` (or a list of them) as 1.x sends it, ``isoformat()``; else ``value``.

    The API's date-time fields are strings here, and 1.x code gives ``datetime`` objects:
    msgspec would write a UTC one with ``Z`` where 1.x writes ``+00:00``.
    """
    if isinstance(value, datetime.datetime):
        return cast(T, value.isoformat())
    if isinstance(value, list) and any(isinstance(item, datetime.datetime) for item in value):
        return cast(T, [date_time_text(item) for item in value])
    return value


class OfficialSpelling(_ModelMeta):
    """The metaclass of the models that also take 1.x's spelling when built.

    - 1.x's keyword arguments (``__official_names__``: ``var_from=`` for ``from_``);
    - where the class is 1.x's ``oneOf``/``anyOf`` of models, its ``actual_instance``
      (by keyword or as the one positional argument): a model of the class is the
      value itself, and a model of the class it adapts is copied into it.

    Only these few classes pay for a Python call when built; msgspec builds every
    other model alone.
    """

    #: Set on each class (``Model`` has it empty).
    __official_names__: Dict[str, str]

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if args or "actual_instance" in kwargs:
            return cls._of_instance(*args, **kwargs)
        for official, ours in cls.__official_names__.items():
            if official in kwargs:
                if ours in kwargs:
                    raise TypeError(
                        f"{cls.__name__}() got {official!r} and {ours!r}, two names of one field"
                    )
                kwargs[ours] = kwargs.pop(official)
        return super().__call__(**kwargs)

    def _of_instance(cls, *args: Any, **kwargs: Any) -> Any:
        """1.x's ``Wrapper(actual_instance=model)`` (or ``Wrapper(model)``)."""
        variants = getattr(cls, "one_of_schemas", None) or getattr(cls, "any_of_schemas", None)
        values = [*args, *kwargs.values()]
        if not variants or len(values) != 1 or set(kwargs) - {"actual_instance"}:
            raise TypeError(
                f"{cls.__name__}() takes keyword arguments"
                + (", or one actual_instance" if variants else "")
            )
        (value,) = values
        model: type = cls
        if isinstance(value, model):
            return value
        if isinstance(value, msgspec.Struct) and issubclass(model, type(value)):
            fields = {name: getattr(value, name) for name in value.__struct_fields__}
            return super().__call__(**fields)
        raise TypeError(
            f"{cls.__name__}(actual_instance=...) takes one of {sorted(variants)}, "
            f"got {type(value).__name__}"
        )


class OfficialUnion(Generic[T]):
    """1.x's class of a ``oneOf``/``anyOf`` whose value is no model here: it holds it.

    ``Wrapper(actual_instance=value)`` (or ``Wrapper(value)``) holds ``value``, a value of
    the union (the type argument of the class). The SDK sends the value itself, and
    ``to_dict``/``to_json`` give what 1.x's give; responses decode to the value alone.
    """

    __slots__ = ("actual_instance",)

    #: The union, from the class's type argument: ``from_dict``/``from_json`` decode it.
    __wire_type__: ClassVar[Any] = Any

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for base in getattr(cls, "__orig_bases__", ()):
            if get_origin(base) is OfficialUnion:
                cls.__wire_type__ = get_args(base)[0]

    def __init__(self, actual_instance: Optional[T] = None) -> None:
        #: The value (1.x's name).
        self.actual_instance = actual_instance

    def to_dict(self) -> Any:
        """The value as JSON-ready builtins (a dict for a model, else the value)."""
        return to_builtins(self.actual_instance)

    def to_json(self) -> str:
        """The value as JSON text."""
        return encoder.encode(self.actual_instance).decode()

    def to_str(self) -> str:
        """The value's ``to_dict()``, pretty-printed (``pprint``)."""
        return _pformat(self.to_dict())

    @classmethod
    def from_dict(cls: type[U], data: Any) -> U:
        """Hold ``data`` (builtins in wire format) decoded as a value of the union."""
        return cls(convert(data, cls.__wire_type__, what=cls.__name__))

    @classmethod
    def from_json(cls: type[U], data: Union[str, bytes]) -> U:
        """Hold ``data`` (JSON text) decoded as a value of the union."""
        return cls(_decode(data, cls.__wire_type__, cls.__name__))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return bool(self.actual_instance == cast(OfficialUnion[Any], other).actual_instance)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(actual_instance={self.actual_instance!r})"


class OfficialMap(Dict[str, V]):
    """1.x's class of a map that documents some of its keys: a ``dict`` of wire keys.

    ``Map(number=1.5, additional_properties={"EMAIL": 2.0})`` is
    ``{"NUMBER": 1.5, "EMAIL": 2.0}``: each documented key by 1.x's keyword argument
    (``__official_keys__``), any other in ``additional_properties``.
    """

    #: 1.x's keyword argument of each documented key -> the key.
    __official_keys__: ClassVar[Dict[str, str]] = {}

    def __init__(
        self, *, additional_properties: Optional[Mapping[str, V]] = None, **fields: V
    ) -> None:
        keys = self.__official_keys__
        unknown = sorted(set(fields) - set(keys))
        if unknown:
            raise TypeError(f"{type(self).__name__}() got unexpected keyword arguments {unknown}")
        super().__init__(
            (key, fields[name]) for name, key in keys.items() if fields.get(name) is not None
        )
        self.update(additional_properties or {})

    def to_dict(self) -> Dict[str, Any]:
        """The map as JSON-ready builtins."""
        result: Dict[str, Any] = to_builtins(dict(self))
        return result

    def to_json(self) -> str:
        """The map as JSON text."""
        return encoder.encode(self).decode()

    def to_str(self) -> str:
        """The map, pretty-printed (``pprint``)."""
        return _pformat(dict(self))

    @classmethod
    def from_dict(cls: type[W], data: Optional[Mapping[str, Any]]) -> Optional[W]:
        """The map of ``data`` (wire keys), its values validated; ``None`` for ``None``."""
        if data is None:
            return None
        result = cls()
        result.update(convert(data, cls._wire_type(), what=cls.__name__))
        return result

    @classmethod
    def from_json(cls: type[W], data: Union[str, bytes]) -> W:
        """The map of ``data`` (JSON text), its values validated."""
        result = cls()
        result.update(_decode(data, cls._wire_type(), cls.__name__))
        return result

    @classmethod
    def _wire_type(cls) -> Any:
        """``Dict[str, V]`` of the class's type argument ``V``."""
        for base in getattr(cls, "__orig_bases__", ()):
            if get_origin(base) is OfficialMap:
                return cast(Any, Dict)[str, get_args(base)[0]]
        return Dict[str, Any]


class OfficialEnum(str, enum.Enum):
    """The base of 1.x's ``str`` enumerations: each member is its value
    (``ChannelsEnum.EMAIL == "EMAIL"``), and a field takes either."""

    @classmethod
    def from_json(cls, data: str) -> Any:
        """The member of a JSON string (1.x's ``from_json``)."""
        return cls(msgspec.json.decode(data))
