"""From the spec and the data file to the API the SDK presents (``api.Api``).

Every distinct wire shape becomes one model: shapes the spec repeats under several names
are recognised by their structure (``Spec.signature``), and shapes the data file gives
the same name are merged into one model whose fields are the union of theirs.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Deque, Dict, List, Optional, Set, Tuple

from .api import (
    ANY,
    NUMBER,
    Api,
    Builtin,
    DictOf,
    EnumDef,
    ListOf,
    ModelDef,
    Namespace,
    OperationDef,
    OptionalOf,
    Paginator,
    Param,
    Prop,
    Ref,
    TypeExpr,
    UnionOf,
    refs,
)
from .official import official_classes
from .prose import rst
from .read import DATA_PATH, ApiData, Json, Spec, alternatives, ref_name, snake

_SCALARS = {"string": Builtin("str"), "integer": Builtin("int"), "boolean": Builtin("bool")}
_BUILTINS = {"str", "int", "float", "bool"}


def _free_object(node: Json) -> bool:
    """Whether a schema admits any JSON object (``{"type": "object"}`` and nothing more)."""
    extra = node.get("additionalProperties", True)
    return node.get("type") == "object" and not node.get("properties") and extra in (True, {})


def _date_time(spec: Spec, node: Json) -> bool:
    """Whether a property holds ``date-time`` strings (one, or a list of them)."""
    node = spec.resolve(node)
    alts = alternatives(node)
    if alts is not None:
        return any(_date_time(spec, alt) for alt in alts)
    if node.get("type") == "array":
        return _date_time(spec, node.get("items", {}))
    return node.get("format") == "date-time"


def _fail(message: str) -> SystemExit:
    return SystemExit(f"{message}: add it to {DATA_PATH.name}")


class Resolver:
    """Names every model and enumeration the operations reach, and types their fields."""

    def __init__(self, spec: Spec, data: ApiData) -> None:
        self.spec = spec
        self.data = data
        self.models: Dict[str, ModelDef] = {}
        self.enums: Dict[str, EnumDef] = {}
        #: The name and description of each named shape, by structure, and of each enumeration,
        #: by its values: a shape the spec repeats under another name gets the same model.
        self.shape_names: Dict[object, Tuple[str, str]] = {}
        self.enum_names: Dict[Tuple[str, ...], Tuple[str, str]] = {}
        #: Models with fields not resolved yet (see ``resolve_fields``).
        self._unresolved: Deque[ModelDef] = deque()
        self._index_names()

    # -- names -------------------------------------------------------------------------------

    def _index_names(self) -> None:
        """Map every named location's structure to its (name, doc)."""
        spec, data = self.spec, self.data
        enum_by_location = {loc: (v.name, v.doc) for loc, v in data.enums.items()}

        def walk(node: Json, where: str) -> None:
            if "$ref" in node:
                return
            plain = where.replace("[]", "").replace("{}", "")
            if "enum" in node and plain in enum_by_location:
                self.enum_names.setdefault(tuple(node["enum"]), enum_by_location[plain])
            if node.get("properties"):
                named = data.models.get(where)
                if named is not None:
                    self.shape_names.setdefault(spec.signature(node), (named.name, named.doc))
                for key, value in node["properties"].items():
                    walk(value, f"{where}.{key}")
            for member in node.get("anyOf") or node.get("oneOf") or []:
                walk(member, where)
            if "items" in node:
                walk(node["items"], where + "[]")
            if isinstance(node.get("additionalProperties"), dict):
                walk(node["additionalProperties"], where + "{}")

        for name, schema in spec.schemas.items():
            walk(schema, name)

    def shape_name(self, node: Json, where: str) -> Tuple[str, str]:
        named = self.data.models.get(where)
        if named is not None:
            return named.name, named.doc
        sig = self.spec.signature(node)
        if sig in self.shape_names:
            return self.shape_names[sig]
        raise _fail(f"no name for the shape at {where}")

    # -- types -------------------------------------------------------------------------------

    def type_of(self, node: Json, where: str, owner: Optional[ModelDef] = None) -> TypeExpr:
        """The type of ``node`` at spec location ``where``; registers the models and
        enumerations it needs (as dependencies of ``owner``)."""
        name = ref_name(node)
        resolved = self.spec.resolve(node)
        alts = alternatives(resolved)
        if alts is not None:
            if len(alts) == 1:
                return self.type_of(alts[0], where, owner)
            kinds = [self.spec.resolve(a) for a in alts]
            objects = [a for a, k in zip(alts, kinds) if k.get("properties") or alternatives(k)]
            if name in self.data.unions or (len(objects) == len(alts) and len(objects) > 1):
                merged = self.union_model(name or where, objects, owner)
                rest = [self.type_of(a, where, owner) for a in alts if a not in objects]
                return UnionOf((merged, *rest)) if rest else merged
            if all(k.get("type") in ("number", "integer") for k in kinds):
                return NUMBER
            if any(_free_object(k) for k in kinds):
                # Any object at all is one of the members: the object members say no more.
                kinds = [k for k in kinds if not k.get("properties")]
                alts = [a for a in alts if not self.spec.resolve(a).get("properties")]
            members = list(dict.fromkeys(self.type_of(a, where, owner) for a in alts))
            return members[0] if len(members) == 1 else UnionOf(tuple(members))
        if "enum" in resolved:
            return self.enum(resolved["enum"], where)
        kind = resolved.get("type")
        if kind == "array":
            return ListOf(self.type_of(resolved.get("items", {}), where + "[]", owner))
        extra = resolved.get("additionalProperties")
        if resolved.get("properties") and isinstance(extra, dict) and extra:
            # A map that documents some of its keys (``{"NUMBER": 1.5, "EMAIL": 2.0}``):
            # every value, named or not, has the type of ``additionalProperties``.
            return DictOf(self.type_of(extra, where + "{}", owner))
        if resolved.get("properties") and extra is True:
            return DictOf(ANY)  # an object of any keys, some of them documented
        if resolved.get("properties"):
            return self.model(resolved, name or where, owner)
        if kind == "object":
            extra = resolved.get("additionalProperties", True)
            if isinstance(extra, dict) and extra:
                return DictOf(self.type_of(extra, where + "{}", owner))
            return DictOf(ANY)
        if kind == "number":
            return NUMBER
        return _SCALARS.get(kind or "", ANY)

    def enum(self, values: List[str], where: str) -> Ref:
        key = tuple(values)
        if key not in self.enum_names:
            raise _fail(f"no name for the enumeration at {where}")
        name, doc = self.enum_names[key]
        existing = self.enums.get(name)
        if existing is None:
            self.enums[name] = EnumDef(name, doc, list(values))
        elif existing.values != list(values):
            existing.values = list(dict.fromkeys(existing.values + list(values)))
        return Ref(name)

    def _register(self, name: str, doc: str, owner: Optional[ModelDef]) -> ModelDef:
        model = self.models.get(name)
        if model is None:
            model = self.models[name] = ModelDef(name, doc)
        if owner is not None:
            owner.deps.add(name)
        return model

    def model(self, node: Json, where: str, owner: Optional[ModelDef]) -> Ref:
        name, doc = self.shape_name(node, where)
        model = self._register(name, doc, owner)
        if where not in model.locations:
            model.locations.append(where)
            self._merge(model, node, where)
        return Ref(name)

    def union_model(self, where: str, alts: List[Json], owner: Optional[ModelDef]) -> Ref:
        """One model for the object members of an anyOf/oneOf. Every member's fields are
        optional in it: which ones a value carries depends on the member (a channel, a
        mode, a tool type, success or error)."""
        union = self.data.unions.get(where)
        if union is None:
            raise _fail(f"no name for the union at {where} (in 'unions')")
        named = self.data.models.get(where)
        doc = union.doc or (named.doc if named else "")
        model = self._register(union.name, doc, owner)
        if where not in model.locations:
            model.locations.append(where)
            for alt in alts:
                resolved = self.spec.resolve(alt)
                inner = alternatives(resolved)
                if inner:  # a union of unions
                    self.union_model(ref_name(alt) or where, inner, owner)
                    continue
                if not model.doc:
                    model.doc = self.shape_name(resolved, where)[1]
                self._merge(model, resolved, ref_name(alt) or where, optional=True)
        return Ref(union.name)

    def _merge(self, model: ModelDef, node: Json, source: str, optional: bool = False) -> None:
        """Add the fields of one more shape (the schema ``source``) to ``model``."""
        self._unresolved.append(model)
        model.sources.append(source)
        if source in self.data.official_orders:
            model.orders.append(self.data.official_orders[source])
        model.orders.append(list(node["properties"]))
        required = set(node.get("required", []))
        for wire, prop_node in node["properties"].items():
            is_required = wire in required and not optional
            prop = model.props.get(wire)
            if prop is None:
                # A second shape merged in: fields it alone has are optional.
                if model.props and len(model.locations) > 1:
                    is_required = False
                model.props[wire] = Prop(wire, prop_node, is_required)
                continue
            prop.required = prop.required and is_required
            old_node, new_node = self.spec.resolve(prop.node), self.spec.resolve(prop_node)
            if "enum" in old_node and "enum" in new_node and old_node["enum"] != new_node["enum"]:
                joined = self.data.joined_enums.get(f"{model.name}.{wire}")
                if joined is None:
                    raise _fail(
                        f"{model.name}.{wire}: enums {old_node['enum']} and {new_node['enum']} "
                        "differ; name the joined enumeration (in 'joined_enums')"
                    )
                merged = list(dict.fromkeys(old_node["enum"] + new_node["enum"]))
                doc = self.enum_names[tuple(old_node["enum"])][1]
                self.enum_names.setdefault(tuple(merged), (joined, doc))
                prop.node = {"type": "string", "enum": merged}
        if len(model.locations) > 1:
            for wire, prop in model.props.items():
                if wire not in node["properties"]:
                    prop.required = False

    # -- the whole graph ---------------------------------------------------------------------

    def resolve_fields(self) -> None:
        """Resolve the fields of every model, registering the models they reach.

        A model is queued whenever it gains fields (when it is registered, or when one
        more shape is merged into it), so every field is resolved at least once, after
        which each field's type is final.
        """
        while self._unresolved:
            model = self._unresolved.popleft()
            for prop in list(model.props.values()):
                self.type_of(prop.node, f"{model.name}.{prop.wire}", model)
        for model in self.models.values():
            for prop in model.props.values():
                prop.type = self.type_of(prop.node, f"{model.name}.{prop.wire}", model)
                prop.date_time = _date_time(self.spec, prop.node)

    def schema_types(self) -> Dict[str, TypeExpr]:
        """What each schema of the spec is in the SDK (a model, an enumeration, a type).

        A schema merged into a model (a member of a union too) is that model; the others
        are typed here, which registers what they reach (``resolve_fields`` then).
        """
        merged: Dict[str, str] = {}
        for model in self.models.values():
            for where in model.locations + model.sources:
                merged.setdefault(where, model.name)
        types: Dict[str, TypeExpr] = {}
        for name, schema in self.spec.schemas.items():
            if alternatives(schema) is None and name in merged:
                types[name] = Ref(merged[name])
            else:
                types[name] = self.type_of({"$ref": f"#/components/schemas/{name}"}, name)
        return types


# -- operations ---------------------------------------------------------------------------------


def _operation(resolver: Resolver, path: str, method: str, op: Json) -> OperationDef:
    data = resolver.data
    name: str = op["operationId"]
    info = data.operations.get(name)
    if info is None:
        raise _fail(f"no summary for the operation {name}")
    by_python: Dict[str, Param] = {}
    for p in op.get("parameters", []):
        python = p.get("x-python-name") or snake(p["name"])
        if p["in"] == "path" and "{" + p["name"] + "}" not in path:
            # Declared as a path parameter, but the path has no place for it: it
            # travels as a query parameter, as ``envId`` does everywhere else.
            p = {**p, "in": "query"}
        doc = rst(info.parameters.get(python, ""))
        declared = data.parameter_types.get(python)
        if declared:
            annotation: TypeExpr = Builtin(declared) if declared in _BUILTINS else Ref(declared)
        elif p["in"] == "path":
            annotation = Builtin("str")
        else:
            annotation = resolver.type_of(p.get("schema", {}), f"{name}.{p['name']}")
            if annotation == NUMBER:
                annotation = Builtin("float")
        if p["in"] == "path":
            by_python[python] = Param(python, p["name"], "path", annotation, True, doc)
            continue
        required = bool(p.get("required")) and p["name"] not in info.optional_query
        by_python[python] = Param(python, p["name"], p["in"], annotation, required, doc)
    request_body = op.get("requestBody")
    if request_body:
        schema = request_body["content"]["application/json"]["schema"]
        official = ref_name(schema)
        body = resolver.type_of(schema, official or name)
        python = request_body.get("x-python-name") or snake(official or "body")
        by_python[python] = Param(python, "", "body", body, True)
    params = [by_python[p] for p in op.get("x-python-params", [])]
    if len(params) != len(by_python):
        raise SystemExit(f"{name}: x-python-params does not list every parameter")
    response: Optional[TypeExpr] = None
    for code, answer in op["responses"].items():
        if code.startswith("2") and "content" in answer:
            schema = answer["content"]["application/json"]["schema"]
            official = ref_name(schema)
            response = resolver.type_of(schema, official or name)
            if info.nullable_response:
                response = OptionalOf(response)
    return OperationDef(
        name,
        op.get("x-python-namespace") or "",
        method.upper(),
        path,
        info.summary,
        rst("\n\n".join(t for t in (info.description, info.note) if t)),
        params,
        response,
    )


#: Query parameters that suggest an operation pages: it must say how, or that it does not.
_PAGING_HINTS = re.compile(r"^(limit|count|offset|page)$|token|cursor|after|before", re.IGNORECASE)


def _paginator(models: Dict[str, ModelDef], op: OperationDef, data: ApiData) -> Optional[Paginator]:
    """The ``iter_...`` method of a list operation, or ``None`` if it does not page.

    From the spec: a GET whose answer is a page (one list of items) and hands back one of
    its query parameters (``nextToken`` -> ``nextToken``, ``cursor`` -> ``cursor`` or
    ``nextCursor``) pages by that token until the answer has none. ``pagination`` in the
    data file says the rest: another pairing of token and field, a ``hasMore`` flag, and
    which operations look like lists but do not page by token.
    """
    facts = data.pagination.get(op.name)
    if facts is not None and not facts.pages:
        return None
    query = {p.wire: p for p in op.params if p.where == "query"}
    page = models.get(op.response.name) if isinstance(op.response, Ref) else None
    lists = [p for p in page.props.values() if isinstance(p.type, ListOf)] if page else []
    token, next_field = (facts.token, facts.next) if facts else ("", "")
    if not token and page is not None and op.method == "GET" and len(lists) == 1:
        for wire in query:
            for field in (wire, "next" + wire[:1].upper() + wire[1:]):
                if field in page.props and page.props[field].type in _TOKEN_TYPES:
                    token, next_field = wire, field
    if not token:
        hints = [w for w in query if _PAGING_HINTS.search(w)]
        if hints or facts is not None:
            raise _fail(
                f"{op.name} takes {', '.join(hints) or 'no token'}: say in 'pagination' how "
                "it pages, or that it does not"
            )
        return None
    if page is None or len(lists) != 1:
        raise SystemExit(f"{op.name}: pages by {token}, but its answer is not one list of items")
    (items,) = lists
    assert isinstance(items.type, ListOf)
    item_attr = snake(items.wire)
    return Paginator(
        method=(facts.iterator if facts and facts.iterator else f"iter_{item_attr}"),
        items=item_attr,
        item_type=items.type.item,
        token=query[token].python,
        next=snake(next_field) if next_field else "",
        next_from_last_item=snake(facts.next_from_last_item) if facts else "",
        more=snake(facts.more) if facts and facts.more else "",
    )


#: The type of a page token in an answer: a string, or null on the last page.
_TOKEN_TYPES = (Builtin("str"), OptionalOf(Builtin("str")))


def _document(resolver: Resolver) -> None:
    """Give every model and field the prose of the schemas merged into it."""
    data, conflicts = resolver.data, []
    for model in resolver.models.values():
        # A schema named like the model documents it too, if no operation reaches it.
        model.sources += [
            schema
            for schema, named in data.models.items()
            if named.name == model.name and schema not in model.sources
        ]
        texts = (data.schema_descriptions.get(source) for source in model.sources)
        model.description = [rst(t) for t in dict.fromkeys(t for t in texts if t)]
        for prop in model.props.values():
            override = data.fields.get(f"{model.name}.{prop.wire}")
            props = (data.properties.get(source, {}).get(prop.wire) for source in model.sources)
            found = list(dict.fromkeys(t for t in props if t))
            if override and override.doc:
                found = [override.doc]
            elif len(found) > 1:
                conflicts.append(f"{model.name}.{prop.wire}")
            note = override.note if override else ""
            prop.doc = rst(" ".join(t for t in [note, *found[:1]] if t))
    if conflicts:
        raise _fail(
            f"the schemas merged into {', '.join(conflicts)} describe it differently: "
            "give its doc (in 'fields')"
        )


def _model_field(key: str) -> Tuple[str, str]:
    """``("SenderPostBody", "notificationId")`` for ``"SenderPostBody.notificationId"``."""
    model, wire = key.split(".", 1)
    return model, wire


def _place(resolver: Resolver, roots: List[Tuple[TypeExpr, str, str]]) -> None:
    """Set each model's roles and module from the ``(type, module, role)`` roots.

    A model is a request model if a request body reaches it, a response model if a
    response does (``role``: ``"request"``, ``"response"``, or ``""`` for neither), and
    belongs to the model module of every namespace whose operations reach it; it is
    placed in the lowest of those, so its dependencies are no higher.
    """
    models = resolver.models

    def reach(expr: TypeExpr, module: str, role: str) -> None:
        for name in refs(expr):
            if name in models:
                mark(models[name], module, role)

    def mark(model: ModelDef, module: str, role: str) -> None:
        if module in model.modules and (not role or getattr(model, role)):
            return  # reached before, and everything below it with it
        model.modules.add(module)
        if role:
            setattr(model, role, True)
        for dep in sorted(model.deps):
            mark(models[dep], module, role)

    for expr, module, role in roots:
        reach(expr, module, role)
    layers = resolver.data.layers
    for model in models.values():
        model.module = min(model.modules, key=layers.index)


def _agrees(one: List[str], other: List[str]) -> bool:
    """Whether two shapes list the fields they share in the same order."""
    shared = set(one) & set(other)
    return [w for w in one if w in shared] == [w for w in other if w in shared]


def _order_fields(model: ModelDef) -> None:
    """Put a model's fields in an order each shape merged into it keeps, as far as can be.

    A model's JSON lists its fields in their order, and 1.x sends each shape's fields in
    its own order: where the shapes agree (a field one shape adds goes where that shape
    has it), one order keeps them all. Where they disagree, the shapes that agree with
    the most others win, then the shape merged first.
    """
    after: Dict[str, Set[str]] = {wire: set() for wire in model.props}

    def reaches(start: str, goal: str) -> bool:
        todo, seen = [start], set()
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                todo += after[node]
        return False

    orders = model.orders
    agreeing = [sum(_agrees(order, other) for other in orders) for order in orders]
    for number in sorted(range(len(orders)), key=lambda n: -agreeing[n]):
        order = orders[number]
        for first, then in zip(order, order[1:]):
            if first in after and then in after and not reaches(then, first):
                after[first].add(then)
    rank = {wire: number for number, wire in enumerate(model.props)}
    before = {wire: sum(wire in later for later in after.values()) for wire in model.props}
    ready = sorted((w for w, n in before.items() if not n), key=rank.__getitem__)
    ordered: List[str] = []
    while ready:
        wire = ready.pop(0)
        ordered.append(wire)
        for then in after[wire]:
            before[then] -= 1
            if not before[then]:
                ready.append(then)
        ready.sort(key=rank.__getitem__)
    model.props = {wire: model.props[wire] for wire in ordered}


def _reached(models: Dict[str, ModelDef], roots: List[TypeExpr]) -> Set[str]:
    """The models the types ``roots`` reach, through the fields of each."""
    found: Set[str] = set()
    todo = [name for root in roots for name in refs(root) if name in models]
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo += sorted(models[name].deps)
    return found


def resolve(spec: Spec, data: ApiData) -> Api:
    spec = spec.with_schemas(data.unlisted_schemas)
    resolver = Resolver(spec, data)
    ops = [_operation(resolver, path, method, op) for path, method, op in spec.operations()]
    # The webhook payload is not an operation's, but the SDK decodes it.
    webhook_event = resolver.type_of({"$ref": "#/components/schemas/WebhookEvent"}, "WebhookEvent")
    resolver.resolve_fields()
    types = resolver.schema_types()
    resolver.resolve_fields()
    models = resolver.models
    for model in models.values():
        _order_fields(model)
    roots = [(webhook_event, "webhooks", "response")]
    for op in ops:
        module = data.module_of_namespace(op.namespace)
        roots += [(p.type, module, "request") for p in op.params]
        if op.response is not None:
            roots.append((op.response, module, "response"))
    for entry in data.model_modules:
        # A spec schema no operation reaches is read like an answer; one the spec does not
        # list keeps the required fields 1.x gave it.
        roots += [
            (types[name], entry.module, "" if name in data.unlisted_schemas else "response")
            for name in entry.schemas
        ]
    _place(resolver, roots)
    _document(resolver)
    placed = {name: m.module for m in data.model_modules for name in m.schemas}
    sent = [p.type for op in ops if not op.namespace for p in op.params if p.where == "body"]
    official = official_classes(spec.schemas, types, models, placed, _reached(models, sent))

    ops.sort(key=lambda o: (o.namespace, o.name))
    for op in ops:
        op.paginator = _paginator(models, op, data)
    # The client's own operations (``send``) come first, as a namespace without a name.
    namespaces = [Namespace("", "", "", [o for o in ops if not o.namespace])]
    for ns, info in sorted(data.namespaces.items()):
        holds = "" if info.of_client else ns
        namespaces.append(
            Namespace(ns, info.cls, info.doc, [o for o in ops if o.namespace == holds])
        )
    return Api(
        models=models,
        enums=resolver.enums,
        aliases=official.aliases,
        adapters=official.adapters,
        wrappers=official.wrappers,
        official_enums=official.enums,
        maps=official.maps,
        operations=ops,
        namespaces=namespaces,
        layers=data.layers,
        module_docs={m.module: m.doc for m in data.model_modules},
        secret_fields={_model_field(key) for key, f in data.fields.items() if f.secret},
    )
