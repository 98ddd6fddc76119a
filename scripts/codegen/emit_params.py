"""``src/pingram/models/<module>_params.py``: each request shape as a ``TypedDict``.

A body given as a dict is checked by the type checker against these, key by key in wire
names, so a misspelt key in a dict literal is an error. At run time they are plain
``dict`` types, never used to validate (msgspec validates dict bodies against the
models): their annotations are strings, and ``Required`` is imported for type checkers
only, so they exist on every Python the SDK supports without typing_extensions.
"""

from __future__ import annotations

import keyword
from collections import defaultdict
from typing import Dict, List

from .api import Api, ModelDef, Param, Prop, Ref, render
from .source import HEADER, Imports, docstring, wrap


def param_name(model: str) -> str:
    """The ``TypedDict`` of a request model: ``SenderPostBody`` -> ``SenderPostBodyParam``."""
    return f"{model}Param"


def body_model(body: Param) -> str:
    """The model a request body is (every body of the spec is one object)."""
    if not isinstance(body.type, Ref):
        raise SystemExit(f"a request body of type {body.type} is not a model")
    return body.type.name


def params_module(module: str) -> str:
    return f"{module}_params"


class _ParamsModule:
    def __init__(self, api: Api, module: str) -> None:
        self.api = api
        self.module = module
        self.imports = Imports()

    def spell(self, name: str) -> str:
        """A model as its ``TypedDict``; an enumeration (or ``Number``) as it is."""
        if name in self.api.models:
            home = params_module(self.api.models[name].module)
            name = param_name(name)
        else:
            home = self.api.home(name)
        if home == params_module(self.module):
            return name
        return self.imports.from_(f".{home}", name, typing_only=True)

    def annotation(self, prop: Prop) -> str:
        value = render(prop.type, self.imports, self.spell)
        if prop.required:
            required = self.imports.from_("typing_extensions", "Required", typing_only=True)
            return f"{required}[{value}]"
        return f"{self.imports.typing('Optional')}[{value}]"

    def typed_dict(self, model: ModelDef) -> List[str]:
        typed_dict = self.imports.typing("TypedDict")
        name = param_name(model.name)
        doc = f"``{model.name}`` as a dict in wire format. {model.doc}"
        if any(not wire.isidentifier() or keyword.iskeyword(wire) for wire in model.props):
            # A wire name Python cannot spell as an attribute (``from``): the call syntax.
            fields = "".join(
                f'    "{p.wire}": "{self.annotation(p)}",\n' for p in model.props.values()
            )
            return [
                "",
                "",
                *(f"#: {line}" for line in wrap(doc, 97)),
                f'{name} = {typed_dict}(\n    "{name}",\n    {{\n{fields}    }},\n    total=False,\n)',
            ]
        lines = ["", "", f"class {name}({typed_dict}, total=False):"]
        lines.extend("    " + line for line in docstring(doc, 4))
        documented = any(p.doc for p in model.props.values())
        for number, prop in enumerate(model.props.values()):
            if documented or not number:
                lines.append("")  # a key and its docstring read as one block
            lines.append(f"    {prop.wire}: {self.annotation(prop)}")
            if prop.doc:
                lines.extend("    " + line for line in docstring(prop.doc, 4))
        return lines

    def text(self, models: List[ModelDef]) -> str:
        body: List[str] = []
        ordered = self.api.reading_order(models)
        for model in ordered:
            body.extend(self.typed_dict(model))
        names = [param_name(m.name) for m in ordered]
        doc = (
            f"{self.api.module_docs[self.module]} The request shapes as dicts in wire "
            f"format (``TypedDict``), for type checkers: see ``{self.module}`` for the models."
        )
        text = HEADER + "\n".join(docstring(doc, 0)) + "\n\nfrom __future__ import annotations\n\n"
        text += self.imports.render() + "\n"
        text += "__all__ = [\n" + "".join(f'    "{n}",\n' for n in names) + "]\n"
        text += "\n".join(body) + "\n"
        return text


def _request_models(api: Api) -> Dict[str, List[ModelDef]]:
    by_module: Dict[str, List[ModelDef]] = defaultdict(list)
    for model in api.models.values():
        if model.request:
            by_module[model.module].append(model)
    return by_module


def param_exports(api: Api) -> Dict[str, str]:
    """Each ``TypedDict``'s name, and the module of ``pingram.models`` that defines it."""
    return {
        param_name(model.name): params_module(module)
        for module, models in _request_models(api).items()
        for model in models
    }


def emit_params(api: Api) -> Dict[str, str]:
    by_module = _request_models(api)
    return {
        f"src/pingram/models/{params_module(module)}.py": _ParamsModule(api, module).text(models)
        for module, models in sorted(by_module.items())
    }
