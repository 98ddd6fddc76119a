"""1.x's model names: what each schema of the spec is in the SDK.

The official SDK (1.x) has one model class per schema of the spec, named as the schema
is: the spec's schema names ARE 1.x's model names. Here one model stands for every
schema of the same shape, under a name of ours (``SenderPostBodyTo`` is ``Recipient``),
so each schema name becomes one of:

- an ``Alias`` of the model (or type) that stands for it. Where 1.x code spells the
  model otherwise (``var_from=`` for ``from_``, ``actual_instance=`` for a union of
  models), the model itself takes that spelling too (``ModelDef.renames``/``union``);
- an ``Adapter``, instead, where a send body reaches the model: a subclass that adds no
  field and takes 1.x's spelling, so that building a send body our way stays msgspec's
  work alone (taking another spelling costs a Python call per construction);
- a ``Wrapper``: 1.x's class of a ``oneOf``/``anyOf`` whose value is no model of ours
  (a scalar, a list, a ``str`` or a model), holding that value as 1.x's does;
- an ``OfficialEnum``: the ``str`` ``Enum`` of an enumeration schema (``ChannelsEnum``);
- an ``OfficialMap``: a ``dict`` built from 1.x's keywords, for a schema that documents
  some keys of a map.
"""

from __future__ import annotations

import keyword
import re
from typing import Dict, Optional, Set

from .api import (
    Adapter,
    Alias,
    DictOf,
    ModelDef,
    OfficialEnum,
    OfficialMap,
    OfficialUnion,
    Ref,
    TypeExpr,
    Wrapper,
    refs,
)
from .read import Json, alternatives, ref_name, snake

#: Names 1.x's generator (openapi-generator) gives a ``var_`` prefix as Python names:
#: Python's keywords and soft keywords, and the names its generated code uses itself.
_RESERVED = {
    *keyword.kwlist,
    *("async", "await", "print", "exec"),
    *("property", "schema", "base64", "json", "date", "float"),
    *("all_params", "resource_path", "path_params", "query_params", "header_params"),
    *("form_params", "local_var_files", "body_params", "auth_settings"),
}


def official_attribute(wire: str) -> str:
    """1.x's attribute name of a wire name: ``from`` -> ``var_from``, ``date`` -> ``var_date``."""
    name = snake(wire).rstrip("_")
    return f"var_{name}" if name in _RESERVED else name


def official_member(value: str) -> str:
    """1.x's ``Enum`` member name of a value: ``web-push`` -> ``WEB_PUSH``."""
    name = re.sub(r"\W", "_", value).upper()
    return f"NUMBER_{name}" if name[:1].isdigit() else name


def _variant(spec_node: Json) -> str:
    """1.x's name of one member of a union, as its ``one_of_schemas`` lists it."""
    name = ref_name(spec_node)
    if name is not None:
        return name
    kind = spec_node.get("type")
    if kind == "array":
        return f"List[{_variant(spec_node.get('items', {}))}]"
    if kind == "object":
        return "Dict[str, object]"
    return {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}.get(
        kind or "", "object"
    )


def official_union(schema: Json) -> Optional[OfficialUnion]:
    """1.x's view of a ``oneOf``/``anyOf`` schema, or ``None`` for any other schema."""
    alts = alternatives(schema)
    if alts is None or len(alts) < 2:
        return None
    kind = "oneOf" if "oneOf" in schema else "anyOf"
    return OfficialUnion(kind, sorted(_variant(a) for a in alts))


def renames(model: ModelDef) -> Dict[str, str]:
    """1.x's keyword arguments of a model that are spelt otherwise here."""
    found = {}
    for wire in model.props:
        ours, theirs = snake(wire), official_attribute(wire)
        if ours != theirs:
            found[theirs] = ours
    return found


class Official:
    """1.x's class of every schema, from the types ``resolve`` gives the schemas."""

    def __init__(
        self, schemas: Dict[str, Json], types: Dict[str, TypeExpr], modules: Dict[str, str]
    ) -> None:
        self.schemas = schemas
        self.types = types
        #: The module the data file places a schema in (``model_modules``' ``schemas``).
        self.modules = modules
        self.aliases: Dict[str, Alias] = {}
        self.adapters: Dict[str, Adapter] = {}
        self.wrappers: Dict[str, Wrapper] = {}
        self.enums: Dict[str, OfficialEnum] = {}
        self.maps: Dict[str, OfficialMap] = {}

    def build(self, models: Dict[str, ModelDef], plain: Set[str]) -> None:
        for name, target in sorted(self.types.items()):
            self.add(name, target, models, plain)

    @staticmethod
    def home(target: TypeExpr, models: Dict[str, ModelDef]) -> str:
        """The module of the first model ``target`` names (``common`` when it names none)."""
        return next((models[n].module for n in refs(target) if n in models), "common")

    def add(
        self, name: str, target: TypeExpr, models: Dict[str, ModelDef], plain: Set[str]
    ) -> None:
        schema = self.schemas[name]
        union = official_union(schema)
        model = models.get(target.name) if isinstance(target, Ref) else None
        module = self.modules.get(name) or self.home(target, models)
        if "enum" in schema and isinstance(target, Ref):
            members = [(official_member(v), v) for v in schema["enum"]]
            self.enums[name] = OfficialEnum(name, target.name, members)
        elif model is not None and (union is not None or renames(model)):
            if model.name in plain and model.name != name:
                self.adapters[name] = Adapter(name, model.name, model.module, renames(model), union)
                return
            model.renames = renames(model)
            if union is not None:
                if model.union is not None and model.union != union:
                    raise SystemExit(f"{model.name} is 1.x's {model.union} and {union}")
                model.union = union
            if model.name != name:
                self.aliases[name] = Alias(name, target, module)
        elif union is not None:
            self.wrappers[name] = Wrapper(name, target, module, union)
        elif isinstance(target, DictOf) and schema.get("properties"):
            keys = [(official_attribute(wire), wire) for wire in schema["properties"]]
            self.maps[name] = OfficialMap(name, target.value, module, keys)
        elif not (isinstance(target, Ref) and target.name == name):
            self.aliases[name] = Alias(name, target, module)


def official_classes(
    schemas: Dict[str, Json],
    types: Dict[str, TypeExpr],
    models: Dict[str, ModelDef],
    modules: Dict[str, str],
    plain: Set[str],
) -> Official:
    """What each schema name (1.x's model name) is, once every model has its module.

    ``plain`` are the models a send body reaches: they take no other spelling themselves.
    """
    official = Official(schemas, types, modules)
    official.build(models, plain)
    return official
