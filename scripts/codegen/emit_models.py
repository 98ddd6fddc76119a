"""``src/pingram/models/``: one module of msgspec Structs per resource, and the lazy exports."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Dict, List, Optional

from .api import Adapter, Api, ModelDef, OfficialUnion, Prop, Wrapper, render
from .emit_params import emit_params, param_exports
from .read import camel, snake
from .source import HEADER, Imports, docstring, wrap


def uses_camel(model: ModelDef) -> bool:
    """Whether ``rename="camel"`` spares more explicit wire names than it costs."""
    plain = sum(snake(wire) != wire for wire in model.props)
    return sum(camel(snake(wire)) != wire for wire in model.props) < plain


def field_doc(model: ModelDef, prop: Prop) -> str:
    """The attribute's docstring: its prose, and whether the API always sends it."""
    if prop.required and model.response:
        return f"{prop.doc} The API always sends it.".lstrip()
    return prop.doc


class _ModelModule:
    """The text of one module of ``pingram.models``, and the imports it needs."""

    def __init__(self, api: Api, module: str) -> None:
        self.api = api
        self.module = module
        self.imports = Imports()

    def spell(self, name: str) -> str:
        """A name of the models, imported from its module unless it is defined here."""
        home = self.api.home(name)
        if home == self.module:
            return name
        return self.imports.from_(f".{home}", name)

    def field(self, model: ModelDef, prop: Prop) -> List[str]:
        annotation = render(prop.type, self.imports, self.spell)
        attr = snake(prop.wire)
        lines = []
        rename = (camel(attr) if uses_camel(model) else attr) != prop.wire
        if prop.required and not model.response:
            value = f" = {self._field(prop.wire)}" if rename else ""
            lines.append(f"{attr}: {annotation}{value}")
        else:
            # A response may leave out even a field the spec requires: it decodes as None.
            value = self._field(prop.wire, "None") if rename else "None"
            lines.append(f"{attr}: {self.imports.typing('Optional')}[{annotation}] = {value}")
        doc = field_doc(model, prop)
        if doc:
            lines.extend(docstring(doc, 4))
        return lines

    def _field(self, wire: str, default: str = "") -> str:
        self.imports.module("msgspec")
        if default:
            return f'msgspec.field(default={default}, name="{wire}")'
        return f'msgspec.field(name="{wire}")'

    def model(self, model: ModelDef) -> List[str]:
        base = self.imports.from_("._base", "Model")
        config = ', rename="camel"' if uses_camel(model) else ""
        if model.renames or model.union:
            config += f", metaclass={self.imports.from_('._base', 'OfficialSpelling')}"
        lines = ["", "", f"class {model.name}({base}{config}):"]
        doc = "\n\n".join([model.doc, *model.description, *self.spelling_doc(model)])
        lines.extend("    " + line for line in docstring(doc, 4))
        lines.append("")
        secrets = [
            snake(wire) for (name, wire) in sorted(self.api.secret_fields) if name == model.name
        ]
        if secrets:
            class_var, tuple_ = self.imports.typing("ClassVar"), self.imports.typing("Tuple")
            lines.append(
                f"    __secret_fields__: {class_var}[{tuple_}[str, ...]] = {tuple(secrets)!r}"
            )
            lines.append("")
        documented = any(field_doc(model, prop) for prop in model.props.values())
        for number, prop in enumerate(model.props.values()):
            if documented and number:
                lines.append("")  # a field and its docstring read as one block
            lines.extend("    " + line for line in self.field(model, prop))
        official = self.official(model.name, model.renames, model.union)
        if official:
            lines.append("")
        lines.extend(f"    {line}" if line else "" for line in official[:-1])
        lines.extend(f"    {line}" if line else "" for line in self.date_times(model))
        return lines

    @staticmethod
    def spelling_doc(model: ModelDef) -> List[str]:
        """What the docstring says of 1.x's spelling of the model, if it takes one."""
        said = []
        if model.renames:
            names = ", ".join(
                f"``{theirs}=`` for ``{ours}``" for theirs, ours in model.renames.items()
            )
            said.append(f"Also built with 1.x's keyword arguments: {names}.")
        if model.union:
            said.append(
                f"Also 1.x's ``{model.union.kind}`` of its variants: ``{model.name}(actual_instance=...)`` "
                "is the model given."
            )
        return said

    def official(
        self, name: str, renames: Dict[str, str], union: Optional[OfficialUnion]
    ) -> List[str]:
        """The class attributes that give a model 1.x's spelling (see ``OfficialSpelling``)."""
        lines: List[str] = []
        if renames:
            class_var, dict_ = self.imports.typing("ClassVar"), self.imports.typing("Dict")
            lines.append(f"__official_names__: {class_var}[{dict_}[str, str]] = {renames!r}")
            lines.append("")
        if union:
            class_var, set_ = self.imports.typing("ClassVar"), self.imports.typing("Set")
            variants = "{" + ", ".join(repr(v) for v in union.variants) + "}"
            lines += [
                f"#: 1.x's names of the variants of the ``{union.kind}``.",
                f"{union.attribute}: {class_var}[{set_}[str]] = {variants}",
                "",
                "@property",
                f"def actual_instance(self) -> {name}:",
                '    """1.x\'s value of the union: this model itself."""',
                "    return self",
                "",
            ]
        return lines

    def date_times(self, model: ModelDef) -> List[str]:
        """``__post_init__`` of a model with date-time fields: a ``datetime`` given (as 1.x
        code gives it) is kept as 1.x sends it, ``isoformat()``."""
        fields = [snake(p.wire) for p in model.props.values() if p.date_time]
        if not fields:
            return []
        text = self.imports.from_("._base", "date_time_text")
        return [
            "",
            "def __post_init__(self) -> None:",
            "    # 1.x code gives ``datetime`` objects: sent as 1.x sends them (``isoformat()``).",
            *(f"    self.{f} = {text}(self.{f})" for f in fields),
        ]

    def adapter(self, adapter: Adapter) -> List[str]:
        """1.x's name of a model a send body reaches, where 1.x spells it otherwise."""
        spelling = self.imports.from_("._base", "OfficialSpelling")
        doc = (
            f"1.x's name of ``{adapter.model}``, taking 1.x's spelling: a subclass that adds no "
            f"field and is sent alike, so that ``{adapter.model}`` itself stays as cheap to build "
            "as it was."
        )
        spelled = ModelDef(adapter.name, "", renames=adapter.renames, union=adapter.union)
        doc = "\n\n".join([doc, *self.spelling_doc(spelled)])
        official = self.official(adapter.name, adapter.renames, adapter.union)
        return [
            "",
            "",
            f"class {adapter.name}({adapter.model}, metaclass={spelling}):",
            *("    " + line for line in docstring(doc, 4)),
            "",
            *(f"    {line}" if line else "" for line in official[:-1]),
        ]

    def wrapper(self, wrapper: Wrapper) -> List[str]:
        """1.x's ``oneOf``/``anyOf`` class of a union that is no model here."""
        value = render(wrapper.target, self.imports, self.spell)
        base = self.imports.from_("._base", "OfficialUnion")
        class_var, set_ = self.imports.typing("ClassVar"), self.imports.typing("Set")
        doc = (
            f"1.x's ``{wrapper.union.kind}`` of ``{value}``: ``{wrapper.name}(actual_instance=...)`` "
            "holds a value the SDK sends as the value itself. Answers decode to the value alone."
        )
        variants = "{" + ", ".join(repr(v) for v in wrapper.union.variants) + "}"
        return [
            "",
            "",
            f"class {wrapper.name}({base}[{value}]):",
            *("    " + line for line in docstring(doc, 4)),
            "",
            f"    #: 1.x's names of the variants of the ``{wrapper.union.kind}``.",
            f"    {wrapper.union.attribute}: {class_var}[{set_}[str]] = {variants}",
        ]

    def official_map(self, name: str) -> List[str]:
        """1.x's class of a map that documents some keys: a ``dict``."""
        found = self.api.maps[name]
        value = render(found.value, self.imports, self.spell)
        base = self.imports.from_("._base", "OfficialMap")
        class_var, dict_ = self.imports.typing("ClassVar"), self.imports.typing("Dict")
        keys = "{" + ", ".join(f"{k!r}: {w!r}" for k, w in found.keys) + "}"
        doc = (
            f"1.x's class of a map of ``{value}`` values that documents some of its keys: a "
            f"``dict``, built from 1.x's keyword arguments. Answers decode to a plain ``dict``."
        )
        return [
            "",
            "",
            f"class {name}({base}[{value}]):",
            *("    " + line for line in docstring(doc, 4)),
            "",
            f"    __official_keys__: {class_var}[{dict_}[str, str]] = {keys}",
        ]

    def official_enum(self, name: str) -> List[str]:
        """1.x's ``str`` enumeration of a spec enumeration schema."""
        found = self.api.official_enums[name]
        base = self.imports.from_("._base", "OfficialEnum")
        doc = (
            f"1.x's enumeration of ``{found.enum}``: each member is its value "
            f"(``{name}.{found.members[0][0]} == {found.members[0][1]!r}``), and a field takes either."
        )
        return [
            "",
            "",
            f"class {name}({base}):",
            *("    " + line for line in docstring(doc, 4)),
            "",
            *(f"    {member} = {value!r}" for member, value in found.members),
        ]

    def enums(self) -> List[str]:
        literal = self.imports.typing("Literal")
        lines: List[str] = [""]
        for name in sorted(self.api.enums):
            enum = self.api.enums[name]
            values = ", ".join(json.dumps(v) for v in enum.values)
            lines.append(f"#: {enum.doc}")
            lines.append(f"{name} = {literal}[{values}]")
        self.imports.typing("get_args")
        self.imports.typing("get_origin")
        self.imports.typing("TYPE_CHECKING")
        lines += [
            "",
            "#: The documented values of each enumeration above, by name.",
            "ENUM_VALUES = {",
            "    name: get_args(alias) for name, alias in list(globals().items()) if get_origin(alias) is Literal",
            "}",
            "if not TYPE_CHECKING:",
            "    # At run time each enumeration is plain ``str``: a value the API adds later decodes",
            "    # and is kept, and a request sends what the caller passed. Type checkers still see",
            "    # the ``Literal`` of the documented values.",
            "    globals().update(dict.fromkeys(ENUM_VALUES, str))",
        ]
        return lines

    def text(self, models: List[ModelDef]) -> tuple[str, List[str]]:
        """The module's text, and the public names it defines."""
        body: List[str] = []
        ordered = self.api.reading_order(models)
        for model in ordered:
            body.extend(self.model(model))
        here = self.module
        enums = sorted(self.api.official_enums) if here == "common" else []
        for name in enums:
            body.extend(self.official_enum(name))
        adapters = sorted(a for a, v in self.api.adapters.items() if v.module == here)
        for name in adapters:
            body.extend(self.adapter(self.api.adapters[name]))
        wrappers = sorted(w for w, v in self.api.wrappers.items() if v.module == here)
        for name in wrappers:
            body.extend(self.wrapper(self.api.wrappers[name]))
        maps = sorted(m for m, v in self.api.maps.items() if v.module == here)
        for name in maps:
            body.extend(self.official_map(name))
        aliases = sorted(a for a, v in self.api.aliases.items() if v.module == here)
        if aliases:
            body += ["", "", "# 1.x's names of the models above (each schema's name in the spec)."]
        for name in aliases:
            target = render(self.api.aliases[name].target, self.imports, self.spell)
            body += [f"{name} = {target}"]
        head = self.enums() if here == "common" else []
        names = [m.name for m in ordered] + enums + adapters + wrappers + maps + aliases
        if here == "common":
            names = sorted(self.api.enums) + names
        text = HEADER + f'"""{self.api.module_docs[self.module]}"""\n\n'
        text += "from __future__ import annotations\n\n"
        text += self.imports.render() + "\n"
        text += "__all__ = [\n" + "".join(f'    "{n}",\n' for n in names) + "]\n"
        text += "\n".join(head) + "\n".join(body) + "\n"
        return text, names


def emit_models(api: Api) -> Dict[str, str]:
    by_module: Dict[str, List[ModelDef]] = defaultdict(list)
    for model in api.models.values():
        by_module[model.module].append(model)
    files: Dict[str, str] = {}
    exports: Dict[str, str] = {}
    for module in sorted(set(by_module) | {"common"}):
        text, names = _ModelModule(api, module).text(by_module[module])
        files[f"src/pingram/models/{module}.py"] = text
        exports.update(dict.fromkeys(names, module))
    files.update(emit_params(api))
    exports.update(param_exports(api))
    files.update(emit_exports(api, exports))
    return files


def emit_exports(api: Api, exports: Dict[str, str]) -> Dict[str, str]:
    """``models/__init__.py``, which imports each public name lazily, ``_exports.py``, the
    table of where each name is (read on the first name looked up, so that importing the
    package reads no table), and ``__init__.pyi``, which lists the names for type checkers."""
    # By resource, each module's dicts (``sending_params``) after its models (``sending``).
    modules = sorted(
        set(exports.values()), key=lambda m: (api.layers.index(m.split("_params")[0]), m)
    )
    listing = wrap("Submodules, by resource: " + ", ".join(f"``{m}``" for m in modules) + ".", 88)
    names = sorted(exports, key=str.lower)
    runtime = (
        HEADER
        + '''"""Typed request and response models of the Pingram API.

Every model is a ``msgspec.Struct``: keyword-only, snake_case attributes mapped to
the API's wire names, unset fields omitted when encoded, unknown fields ignored
when decoded. Names are imported lazily (PEP 562): ``import pingram.models`` loads
no submodule and reads no table; touching ``pingram.models.SenderPostBody`` reads
where each name is (``_exports``) and loads only the module that defines it (and
the ones it builds on). Type checkers read the names from ``__init__.pyi``.

'''
        + "\n".join(listing)
        + '''
"""

from __future__ import annotations

import importlib
from typing import Any, Dict


def _table() -> Dict[str, str]:
    """The submodule that defines each public name."""
    from ._exports import EXPORTS

    return EXPORTS


def __getattr__(name: str) -> Any:
    if name == "_EXPORTS":
        value: Any = _table()
    elif name == "__all__":
        value = list(_table())
    else:
        module = _table().get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_table()))
'''
    )
    table = (
        HEADER
        + '"""Where each public name of ``pingram.models`` is: the submodule that defines it."""\n\n'
        + "from typing import Dict\n\nEXPORTS: Dict[str, str] = {\n"
        + "".join(f'    "{name}": "{exports[name]}",\n' for name in names)
        + "}\n"
    )
    imports = "".join(
        f"from .{module} import (\n"
        + "".join(f"    {name},\n" for name in names if exports[name] == module)
        + ")\n"
        for module in sorted(modules)
    )
    stub = (
        HEADER
        + '"""The names of ``pingram.models``, for type checkers (``__all__`` exports them):\n'
        + '``__init__.py`` imports each lazily, on first use."""\n\nfrom typing import Dict\n\n'
        + imports
        + "\n__all__ = [\n"
        + "".join(f'    "{name}",\n' for name in names)
        + "]\n\n_EXPORTS: Dict[str, str]\n"
    )
    return {
        "src/pingram/models/__init__.py": runtime,
        "src/pingram/models/_exports.py": table,
        "src/pingram/models/__init__.pyi": stub,
    }
