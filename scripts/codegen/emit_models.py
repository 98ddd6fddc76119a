"""``src/pingram/models/``: one module of msgspec Structs per resource, and the lazy exports."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Dict, List

from .api import Api, ModelDef, Prop, render
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
        lines = ["", "", f"class {model.name}({base}{config}):"]
        doc = "\n\n".join([model.doc, *model.description])
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
        return lines

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
        aliases = [a for a in self.api.aliases.values() if a.module == self.module]
        for alias in aliases:
            target = render(alias.target, self.imports, self.spell)
            body += ["", f"#: The official SDK's name of ``{target}``.", f"{alias.name} = {target}"]
        head = self.enums() if self.module == "common" else []
        names = [m.name for m in ordered] + [a.name for a in aliases]
        if self.module == "common":
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
    """``models/__init__.py``, which imports each public name lazily, and ``__init__.pyi``,
    which lists them for type checkers (the two files of the lazy-loading convention)."""
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
no submodule; touching ``pingram.models.SenderPostBody`` loads only the module
that defines it (and the ones it builds on). Type checkers read the names from
``__init__.pyi``.

'''
        + "\n".join(listing)
        + '''
"""

from __future__ import annotations

import importlib
from typing import Any, Dict

#: The submodule that defines each public name, which ``__getattr__`` imports.
_EXPORTS: Dict[str, str] = {
'''
        + "".join(f'    "{name}": "{exports[name]}",\n' for name in names)
        + """}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
"""
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
    return {"src/pingram/models/__init__.py": runtime, "src/pingram/models/__init__.pyi": stub}
