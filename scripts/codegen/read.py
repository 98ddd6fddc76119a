"""The generator's two inputs, read and checked.

- ``spec/openapi.json``: the wire. Paths, parameters, schemas and enumeration values.
- ``scripts/api.json``: everything written by people about the API, in one place. What
  each section holds is said in its ``about`` entry; ``ApiData`` below is its schema, so a
  misspelt key is an error naming it.
"""

from __future__ import annotations

import json
import keyword
import re
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import msgspec

ROOT = Path(__file__).resolve().parent.parent.parent
SPEC_PATH = ROOT / "spec" / "openapi.json"
DATA_PATH = ROOT / "scripts" / "api.json"

Json = Dict[str, Any]


# -- scripts/api.json -------------------------------------------------------------------------


class _Data(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """A section entry of the data file: unknown keys are refused."""


class Named(_Data):
    """A name the SDK gives a shape of the spec, and its one-line description."""

    name: str
    doc: str


class ModelModule(_Data):
    """A module of ``pingram.models`` and the namespaces whose models it holds."""

    module: str
    doc: str
    namespaces: List[str]
    #: Schemas no operation of those namespaces reaches, placed here all the same.
    schemas: List[str] = []


class NamespaceInfo(_Data, rename={"cls": "class"}):
    cls: str
    doc: str
    #: It holds the client's own operations (1.x's ``DefaultApi``).
    of_client: bool = False


class OperationInfo(_Data):
    summary: str
    description: str = ""
    note: str = ""
    parameters: Dict[str, str] = {}
    nullable_response: bool = False
    optional_query: List[str] = []


class UnionInfo(_Data):
    name: str
    doc: str = ""


class FieldInfo(_Data):
    doc: str = ""
    note: str = ""
    secret: bool = False


class Pagination(_Data):
    """How a list operation pages, where the spec cannot tell (wire names throughout)."""

    #: False: the operation does not page by token (one answer, or a filter): no iterator.
    pages: bool = True
    #: The iterator's name, where ``iter_<items field>`` does not read well.
    iterator: str = ""
    #: The query parameter that takes the next page's token.
    token: str = ""
    #: The answer's field that holds it, or the field of the page's last item that does.
    next: str = ""
    next_from_last_item: str = ""
    #: The answer's boolean field that says whether another page follows.
    more: str = ""
    #: Why, for the reader of the data file.
    why: str = ""


class ApiData(_Data):
    """``scripts/api.json``."""

    about: Dict[str, str]
    model_modules: List[ModelModule]
    namespaces: Dict[str, NamespaceInfo]
    operations: Dict[str, OperationInfo]
    models: Dict[str, Named]
    schema_descriptions: Dict[str, str]
    unions: Dict[str, UnionInfo]
    enums: Dict[str, Named]
    joined_enums: Dict[str, str]
    fields: Dict[str, FieldInfo]
    parameter_types: Dict[str, str]
    unlisted_schemas: Dict[str, Json]
    official_orders: Dict[str, List[str]]
    pagination: Dict[str, Pagination]
    properties: Dict[str, Dict[str, str]]

    @property
    def layers(self) -> List[str]:
        """The model modules from the bottom up: a module imports only from those before it."""
        return [m.module for m in self.model_modules]

    def module_of_namespace(self, namespace: str) -> str:
        return next(m.module for m in self.model_modules if namespace in m.namespaces)

    def module_doc(self, module: str) -> str:
        return next(m.doc for m in self.model_modules if m.module == module)


def read_data(path: Path = DATA_PATH) -> ApiData:
    try:
        data = msgspec.json.decode(path.read_bytes(), type=ApiData)
    except msgspec.ValidationError as exc:
        raise SystemExit(f"{path.name}: {exc}") from None
    missing = [f for f in ApiData.__struct_fields__ if f != "about" and f not in data.about]
    if missing:
        raise SystemExit(f"{path.name}: say what {missing} hold in its 'about' section")
    return data


# -- spec/openapi.json ------------------------------------------------------------------------


def ref_name(node: Json) -> Optional[str]:
    """``Foo`` for ``{"$ref": "#/components/schemas/Foo"}``, else ``None``."""
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[1] if isinstance(ref, str) else None


def alternatives(node: Json) -> Optional[List[Json]]:
    """The non-null members of an anyOf/oneOf, or ``None`` for a plain node."""
    alts: Optional[List[Json]] = node.get("anyOf") or node.get("oneOf")
    if alts is None:
        return None
    return [a for a in alts if a.get("type") != "null"]


def snake(name: str) -> str:
    """The Python name of a wire name: ``forceChannels`` -> ``force_channels``,
    ``redirectURL`` -> ``redirect_url``, ``from`` -> ``from_``."""
    name = re.sub(r"([A-Z]{2,})s$", lambda m: m.group(1).title() + "s", name)  # enabledMFAs
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = name.replace("-", "_").lower()
    return name + "_" if keyword.iskeyword(name) else name


def camel(attr: str) -> str:
    """The wire name msgspec's ``rename="camel"`` gives an attribute (``from_`` -> ``from``)."""
    first, *rest = attr.strip("_").split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


class Spec:
    """``spec/openapi.json``, with the lookups the generator needs."""

    def __init__(self, data: Json) -> None:
        self.data = data
        self.schemas: Dict[str, Json] = data["components"]["schemas"]

    @classmethod
    def read(cls, path: Path = SPEC_PATH) -> Spec:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def with_schemas(self, extra: Dict[str, Json]) -> Spec:
        """This spec with more schemas beside its own (none may replace one of them)."""
        clash = sorted(set(extra) & set(self.schemas))
        if clash:
            raise SystemExit(f"{DATA_PATH.name}: the spec lists {clash} already")
        components = {**self.data["components"], "schemas": {**self.schemas, **extra}}
        return Spec({**self.data, "components": components})

    def resolve(self, node: Json) -> Json:
        """The schema a node stands for, following ``$ref``."""
        name = ref_name(node)
        while name is not None:
            node = self.schemas[name]
            name = ref_name(node)
        return node

    def operations(self) -> Iterator[Tuple[str, str, Json]]:
        """``(path, method, operation)`` for every operation, in the spec's order."""
        for path, methods in self.data["paths"].items():
            for method, operation in methods.items():
                yield path, method, operation

    def signature(self, node: Json) -> object:
        """A hashable summary of a node's structure: two shapes with the same signature
        are the same shape, whatever the spec names them."""
        node = self.resolve(node)
        alts = alternatives(node)
        if alts is not None:
            if len(alts) == 1:
                return ("opt", self.signature(alts[0]))
            return ("union", tuple(sorted(repr(self.signature(a)) for a in alts)))
        if "enum" in node:
            return ("enum", tuple(node["enum"]))
        kind = node.get("type")
        if kind == "array":
            return ("list", self.signature(node.get("items", {})))
        if node.get("properties"):
            required = set(node.get("required", []))
            fields = (
                repr((k, self.signature(v), k in required)) for k, v in node["properties"].items()
            )
            return ("obj", tuple(sorted(fields)))
        if kind == "object":
            extra = node.get("additionalProperties", True)
            return ("map", self.signature(extra) if isinstance(extra, dict) else "any")
        return kind or "any"
