"""The API as the SDK presents it: what ``resolve`` builds and every ``emit_*`` module reads.

Types are small trees (``TypeExpr``), not strings, so each emitter spells them its own
way (``User`` inside ``pingram.models``, ``models.User`` in a namespace) and records the
imports they need as it writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, Iterator, List, Optional, Set, Tuple, Union

from .read import Json
from .source import Imports


@dataclass(frozen=True)
class Ref:
    """A name of ``pingram.models``: a model, an enumeration or an alias (``Number`` too)."""

    name: str


@dataclass(frozen=True)
class Builtin:
    """``str``, ``int``, ``float``, ``bool``, or ``Any`` (a value of any JSON type)."""

    name: str


@dataclass(frozen=True)
class ListOf:
    item: TypeExpr


@dataclass(frozen=True)
class DictOf:
    """A JSON object with string keys and values of one type."""

    value: TypeExpr


@dataclass(frozen=True)
class UnionOf:
    members: Tuple[TypeExpr, ...]


@dataclass(frozen=True)
class OptionalOf:
    inner: TypeExpr


TypeExpr = Union[Ref, Builtin, ListOf, DictOf, UnionOf, OptionalOf]

#: A JSON number: ``Number`` (``int`` or ``float``) in ``pingram.models._base``.
NUMBER = Ref("Number")
ANY = Builtin("Any")


def refs(expr: TypeExpr) -> Iterator[str]:
    """The names of ``pingram.models`` a type expression mentions, left to right."""
    if isinstance(expr, Ref):
        yield expr.name
    elif isinstance(expr, ListOf):
        yield from refs(expr.item)
    elif isinstance(expr, DictOf):
        yield from refs(expr.value)
    elif isinstance(expr, UnionOf):
        for member in expr.members:
            yield from refs(member)
    elif isinstance(expr, OptionalOf):
        yield from refs(expr.inner)


def render(expr: TypeExpr, imports: Imports, spell: Callable[[str], str]) -> str:
    """The annotation text of ``expr``; ``spell`` writes (and imports) a name of the models."""
    if isinstance(expr, Ref):
        return spell(expr.name)
    if isinstance(expr, Builtin):
        return imports.typing("Any") if expr.name == "Any" else expr.name
    if isinstance(expr, ListOf):
        return f"{imports.typing('List')}[{render(expr.item, imports, spell)}]"
    if isinstance(expr, DictOf):
        return f"{imports.typing('Dict')}[str, {render(expr.value, imports, spell)}]"
    if isinstance(expr, UnionOf):
        members = ", ".join(render(m, imports, spell) for m in expr.members)
        return f"{imports.typing('Union')}[{members}]"
    return f"{imports.typing('Optional')}[{render(expr.inner, imports, spell)}]"


@dataclass
class Prop:
    """A field of a model: its wire name, its spec node, and its type once resolved."""

    wire: str
    node: Json
    required: bool
    type: TypeExpr = ANY
    #: The attribute's docstring.
    doc: str = ""
    #: The spec gives it the ``date-time`` format (a string, or a list of strings).
    date_time: bool = False


@dataclass
class ModelDef:
    """A model: one ``msgspec.Struct`` of ``pingram.models``."""

    name: str
    doc: str
    props: Dict[str, Prop] = field(default_factory=dict)
    #: The spec locations (schema names, or ``Model.field`` paths) this model stands for.
    locations: List[str] = field(default_factory=list)
    #: The schemas merged into it (a union's members too), whose descriptions document it.
    sources: List[str] = field(default_factory=list)
    #: The wire names of each shape merged into it, in that shape's order.
    orders: List[List[str]] = field(default_factory=list)
    #: What those schemas' descriptions say: the docstring's paragraphs after ``doc``.
    description: List[str] = field(default_factory=list)
    #: The models its fields use.
    deps: Set[str] = field(default_factory=set)
    #: Whether a request body, or a response, reaches it.
    request: bool = False
    response: bool = False
    #: The model modules whose operations reach it, and the one it is placed in.
    modules: Set[str] = field(default_factory=set)
    module: str = ""
    #: 1.x's keyword arguments that are spelt otherwise here (``var_from`` -> ``from_``),
    #: where this model is 1.x's class of the same name (see ``Adapter``).
    renames: Dict[str, str] = field(default_factory=dict)
    #: ``("oneOf", variants)`` where 1.x's class of the same name wraps a union (see ``Adapter``).
    union: Optional[OfficialUnion] = None


@dataclass
class EnumDef:
    """An enumeration: a ``Literal`` of its documented values for type checkers."""

    name: str
    doc: str
    values: List[str]


@dataclass
class OfficialUnion:
    """What 1.x's class of a ``oneOf``/``anyOf`` schema says of it (``one_of_schemas``)."""

    #: ``"oneOf"`` or ``"anyOf"``.
    kind: str
    #: 1.x's names of the members (``Chained``, ``str``, ``List[Template]``).
    variants: List[str]

    @property
    def attribute(self) -> str:
        """1.x's class attribute that lists the variants."""
        return "one_of_schemas" if self.kind == "oneOf" else "any_of_schemas"


@dataclass
class Alias:
    """1.x's name of a model (or of a type made of models), where 1.x code spells it alike.

    Every schema of the spec is a model of 1.x under the schema's name; most are one of
    ours under another name (``SenderPostBodyTo`` is ``Recipient``).
    """

    name: str
    target: TypeExpr
    module: str


@dataclass
class Adapter:
    """1.x's name of a model whose 1.x spelling differs: a subclass that adds no field.

    Its constructor takes 1.x's keyword arguments (``var_from=``) and, for a union of
    models, 1.x's ``actual_instance=``; what it builds is the model, sent alike.
    """

    name: str
    model: str
    module: str
    renames: Dict[str, str]
    union: Optional[OfficialUnion] = None


@dataclass
class Wrapper:
    """1.x's class of a ``oneOf``/``anyOf`` schema whose value is no model here
    (``GetTemplatesResponse``: a ``Template`` or a list of them): it holds the value."""

    name: str
    target: TypeExpr
    module: str
    union: OfficialUnion


@dataclass
class OfficialEnum:
    """1.x's ``str`` ``Enum`` class of an enumeration schema (``ChannelsEnum.EMAIL``)."""

    name: str
    #: The enumeration (a ``Literal``) of the same values here.
    enum: str
    #: ``(member, value)`` in the spec's order.
    members: List[Tuple[str, str]]


@dataclass
class OfficialMap:
    """1.x's class of a schema that documents some keys of a map (``GetUsageResponseCosts``):
    a ``dict`` here, built from 1.x's keyword arguments."""

    name: str
    value: TypeExpr
    module: str
    #: ``(1.x's keyword, wire key)`` of each documented key, in the spec's order.
    keys: List[Tuple[str, str]]


@dataclass
class Param:
    python: str
    wire: str
    where: str  # "path", "query" or "body"
    type: TypeExpr
    required: bool
    doc: str = ""


@dataclass
class Paginator:
    """An ``iter_...`` method that walks every page of a list operation (Python names)."""

    method: str
    #: The page's list of items, and their type.
    items: str
    item_type: TypeExpr
    #: The parameter that takes the next page's token.
    token: str
    #: Where the next token is: a field of the page, or a field of its last item; and the
    #: page's field that says whether there is a next page, when there is one.
    next: str
    next_from_last_item: str
    more: str


@dataclass
class OperationDef:
    name: str
    namespace: str
    method: str
    path: str
    #: The one-line summary (``docs/api.md``), and what the spec says the operation does.
    summary: str
    description: str
    params: List[Param]
    #: What a 2xx answer decodes into; ``None`` for operations answering 204.
    response: Optional[TypeExpr]
    paginator: Optional[Paginator] = None

    @property
    def body(self) -> Optional[Param]:
        return next((p for p in self.params if p.where == "body"), None)


@dataclass
class Namespace:
    name: str
    cls: str
    doc: str
    operations: List[OperationDef]

    @property
    def official_cls(self) -> str:
        """1.x's name of the namespace's class: ``users`` -> ``UsersApi``."""
        name = "".join(part.title() for part in self.name.split("_"))
        return name if name.endswith("Api") else f"{name}Api"


@dataclass
class Api:
    """Everything the emitters write."""

    models: Dict[str, ModelDef]
    enums: Dict[str, EnumDef]
    aliases: Dict[str, Alias]
    #: 1.x's names that are classes of their own here (see each class).
    adapters: Dict[str, Adapter]
    wrappers: Dict[str, Wrapper]
    official_enums: Dict[str, OfficialEnum]
    maps: Dict[str, OfficialMap]
    operations: List[OperationDef]
    namespaces: List[Namespace]
    #: Model modules from the bottom up: a module imports only from those before it.
    layers: List[str]
    module_docs: Dict[str, str]
    #: ``(model, wire name)`` of the fields that hold a credential.
    secret_fields: Set[Tuple[str, str]]

    def reading_order(self, models: List[ModelDef]) -> List[ModelDef]:
        """Dependencies first (msgspec does not need it, a reader does), else by spec location."""
        names = {m.name for m in models}
        done: List[ModelDef] = []
        seen: Set[str] = set()

        def visit(model: ModelDef) -> None:
            if model.name in seen:
                return
            seen.add(model.name)
            for dep in sorted(model.deps):
                if dep in names:
                    visit(self.models[dep])
            done.append(model)

        for model in sorted(models, key=lambda m: m.locations[0]):
            visit(model)
        return done

    def home(self, name: str) -> str:
        """The module of ``pingram.models`` that defines ``name``."""
        if name == NUMBER.name:
            return "_base"
        if name in self.models:
            return self.models[name].module
        if name in self.enums or name in self.official_enums:
            return "common"
        for table in (self.aliases, self.adapters, self.wrappers, self.maps):
            if name in table:
                return table[name].module
        raise KeyError(name)
