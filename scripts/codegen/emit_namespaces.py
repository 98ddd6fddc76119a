"""``src/pingram/_async/resources/``: one class per namespace, one method per operation."""

from __future__ import annotations

from typing import Dict, List

from .api import Api, Namespace, OperationDef, Param, render
from .source import HEADER, Imports, docstring


class _NamespaceModule:
    def __init__(self, api: Api, namespace: Namespace) -> None:
        self.api = api
        self.namespace = namespace
        self.imports = Imports()

    def spell(self, name: str) -> str:
        if name == "Number":
            return self.imports.from_("...models._base", name, typing_only=True)
        if name == self.namespace.cls:  # a model named like the namespace class (``User``)
            return self.imports.from_("...models", name, typing_only=True, alias=f"{name}Model")
        return self.imports.from_("...models", name, typing_only=True)

    def parameters(self, params: List[Param]) -> List[str]:
        """The parameter declarations of an operation's method, in the spec's order."""
        parts = []
        for p in params:
            annotation = render(p.type, self.imports, self.spell)
            if p.where == "body":
                union, dict_, any_ = (self.imports.typing(n) for n in ("Union", "Dict", "Any"))
                parts.append(f"{p.python}: {union}[{annotation}, {dict_}[str, {any_}]]")
            elif p.required:
                parts.append(f"{p.python}: {annotation}")
            else:
                parts.append(f"{p.python}: {self.imports.typing('Optional')}[{annotation}] = None")
        return parts

    def options(self) -> str:
        unpack = self.imports.from_("typing_extensions", "Unpack", typing_only=True)
        options = self.imports.from_("..._core", "RequestOptions", typing_only=True)
        return f"**options: {unpack}[{options}]"

    def returns(self, op: OperationDef) -> str:
        return render(op.response, self.imports, self.spell) if op.response else "None"

    def method(self, op: OperationDef) -> List[str]:
        decl = ", ".join(["self", *self.parameters(op.params), self.options()])
        args = [f"ops.{op.name}"]
        args += [p.python for p in op.params if p.where == "path"]
        query = [p for p in op.params if p.where == "query"]
        if query:
            args.append("query={" + ", ".join(f'"{p.wire}": {p.python}' for p in query) + "}")
        body = op.body
        if body:
            args.append(f"body={body.python}")
        args.append("**options")
        call = f"self._request({', '.join(args)})"
        lines = ["", f"async def {op.name}({decl}) -> {self.returns(op)}:"]
        about = [(p.python, p.doc or self._body_doc(p)) for p in op.params]
        lines.extend("    " + line for line in docstring(op.description or op.summary, 8, about))
        lines.append(f"    {'return ' if op.response else ''}await {call}")
        return lines

    def _body_doc(self, param: Param) -> str:
        model = render(param.type, Imports(), str)
        return f"The request body: a ``{model}``, or a dict in wire format."

    def paginator(self, op: OperationDef) -> List[str]:
        pages = op.paginator
        assert pages is not None
        item_type = render(pages.item_type, self.imports, self.spell)
        self.imports.from_("..._core", "PageTokens")
        params = [p for p in op.params if p.python != pages.token]
        decl = ", ".join(["self", *self.parameters(params), self.options()])
        call = (
            ", ".join(f"{p.python}={p.python}" for p in params) + f", {pages.token}={pages.token}"
        )
        optional = self.imports.typing("Optional")
        return [
            "",
            f"async def {pages.method}({decl}) -> {self.imports.typing('AsyncIterator')}[{item_type}]:",
            f'    """Every item of ``{op.name}``, page after page, requesting each page once."""',
            f'    tokens = PageTokens("{op.namespace}.{pages.method}")',
            f"    {pages.token}: {optional}[str] = None",
            "    while True:",
            f"        page = await self.{op.name}({call}, **options)",
            f"        for item in page.{pages.items}:",
            "            yield item",
            f"        {pages.token} = tokens.follow({pages.next})",
            f"        if {pages.token} is None:",
            "            return",
        ]

    def text(self) -> str:
        ns = self.namespace
        methods: List[str] = []
        for op in ns.operations:
            methods.extend(self.method(op))
            if op.paginator:
                methods.extend(self.paginator(op))
        self.imports.from_("...", "_operations", alias="ops")
        self.imports.from_("._base", "Namespace")
        text = HEADER + f'"""``client.{ns.name}``. {ns.doc}"""\n\n'
        text += "from __future__ import annotations\n\n"
        text += self.imports.render() + "\n"
        text += f'\nclass {ns.cls}(Namespace):\n    """{ns.doc} ``client.{ns.name}``."""\n\n    __slots__ = ()\n'
        text += "\n".join(("    " + line) if line else "" for line in methods) + "\n"
        return text


def emit_namespaces(api: Api) -> Dict[str, str]:
    files = {
        f"src/pingram/_async/resources/{ns.name}.py": _NamespaceModule(api, ns).text()
        for ns in api.namespaces
    }
    files["src/pingram/_async/resources/__init__.py"] = emit_namespaces_init(api)
    return files


def emit_namespaces_init(api: Api) -> str:
    text = (
        HEADER
        + '"""One class per namespace of the client (``client.broadcasts``, ``client.logs``, ...)."""\n\n'
    )
    text += "from __future__ import annotations\n\nimport functools\n\n"
    text += "from ._base import Namespace\n"
    for ns in api.namespaces:
        text += f"from .{ns.name} import {ns.cls}\n"
    text += "\n__all__ = [\n" + "".join(f'    "{ns.cls}",\n' for ns in api.namespaces)
    text += '    "Namespace",\n    "Namespaces",\n]\n\n\n'
    text += 'class Namespaces:\n    """The namespaces of a client, each created on first use."""\n'
    for ns in api.namespaces:
        text += f'\n    @functools.cached_property\n    def {ns.name}(self) -> {ns.cls}:\n        """{ns.doc}"""\n        return {ns.cls}(self)  # type: ignore[arg-type]\n'
    return text
