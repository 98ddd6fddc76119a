"""The base every model derives from, and the msgspec plumbing they share.

Models are plain ``msgspec.Struct`` declarations: keyword-only, unset fields
omitted when encoded, unknown fields ignored when decoded. msgspec does the
validation and (de)serialisation in C, so there is no per-call Python layer.
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Any, ClassVar, Tuple, TypeVar, Union, cast

import msgspec

from .._exceptions import PingramValidationError

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Any:
        return lambda cls: cls


__all__ = ["Model", "Number", "convert", "decoder_for", "encoder"]

T = TypeVar("T")
M = TypeVar("M", bound="Model")

#: A JSON number: the API documents ``number`` and sends integers or floats.
Number = Union[int, float]

#: One encoder for the whole process; msgspec encoders are reusable and thread-safe.
encoder = msgspec.json.Encoder()


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


@dataclass_transform(kw_only_default=True, field_specifiers=(msgspec.field,))
class Model(msgspec.Struct, metaclass=_ModelMeta):
    """Base of every request and response model.

    Attributes are snake_case; the JSON names on the wire are the API's own
    (``force_channels`` is ``forceChannels``, ``from_`` is ``from``). Fields
    left unset are not sent; unknown fields in a response are ignored.
    """

    #: Attributes that hold a credential: the repr shows ``'***'`` in their place.
    __secret_fields__: ClassVar[Tuple[str, ...]] = ()

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
        result: dict[str, Any] = msgspec.to_builtins(self)
        return result

    def to_json(self) -> str:
        """The model as a JSON string with wire names; unset fields are left out."""
        return encoder.encode(self).decode()

    @classmethod
    def from_dict(cls: type[M], data: dict[str, Any]) -> M:
        """Build the model from a dict in wire format, validating every field."""
        return convert(data, cls, what=cls.__name__)

    @classmethod
    def from_json(cls: type[M], data: str | bytes) -> M:
        """Build the model from JSON text in wire format, validating every field."""
        try:
            result: M = decoder_for(cls).decode(data)
        except msgspec.ValidationError as exc:
            raise _validation_error(exc, cls.__name__) from None
        except msgspec.DecodeError as exc:
            raise PingramValidationError(f"invalid {cls.__name__}: {exc}") from None
        except UnicodeDecodeError as exc:  # msgspec's error for a string that is not UTF-8
            raise PingramValidationError(
                f"invalid {cls.__name__}: not valid UTF-8 ({exc.reason})"
            ) from None
        return result
