"""``src/pingram/_async/resources/``: one class per namespace, one method per operation.

Annotations name the models through the lazily loading package (``models.User``), so
``typing.get_type_hints`` resolves them at run time, while importing a client loads
no model module.
"""

from __future__ import annotations

from typing import Dict, List

from .api import Api, Namespace, OperationDef, Paginator, Param, render
from .emit_params import body_model, param_name
from .source import HEADER, Imports, docstring


class _Methods:
    """The methods of one generated class, and the imports they need."""

    def __init__(self) -> None:
        self.imports = Imports()
        self.imports.from_("...", "_operations", alias="ops")

    def spell(self, name: str) -> str:
        return f"{self.imports.from_('...', 'models')}.{name}"

    def annotation(self, param: Param) -> str:
        annotation = render(param.type, self.imports, self.spell)
        if param.where == "body":
            # The model, or the dict of its wire fields (keys checked by the type checker).
            union = self.imports.typing("Union")
            return f"{union}[{annotation}, {self.spell(param_name(body_model(param)))}]"
        return annotation

    def parameters(self, params: List[Param]) -> List[str]:
        """The parameter declarations of an operation's method, in the spec's order."""
        parts = []
        for p in params:
            if p.required or p.where == "body":
                parts.append(f"{p.python}: {self.annotation(p)}")
            else:
                optional = self.imports.typing("Optional")
                parts.append(f"{p.python}: {optional}[{self.annotation(p)}] = None")
        return parts

    def options(self) -> str:
        unpack = self.imports.from_("._base", "Unpack")
        options = self.imports.from_("..._config", "RequestOptions")
        return f"**options: {unpack}[{options}]"

    def returns(self, op: OperationDef) -> str:
        return render(op.response, self.imports, self.spell) if op.response else "None"

    def method(self, op: OperationDef, self_type: str = "") -> List[str]:
        this = f"self: {self_type}" if self_type else "self"
        decl = ", ".join([this, *self.parameters(op.params), self.options()])
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

    def twin(self, op: OperationDef) -> List[str]:
        """``<operation>_with_http_info``: the call, with its HTTP response (1.x's name)."""
        decl = ", ".join(["self", *self.parameters(op.params), self.options()])
        response = self.imports.from_("...api_response", "ApiResponse")
        args = ", ".join([f"self.{op.name}", *(p.python for p in op.params), "**options"])
        doc = (
            f"``{op.name}``, answering an ``ApiResponse``: its result as ``data``, beside the "
            "HTTP status, headers and body."
        )
        return [
            "",
            f"async def {op.name}_with_http_info({decl}) -> {response}[{self.returns(op)}]:",
            *("    " + line for line in docstring(doc, 8)),
            f"    return await self._with_http_info({args})",
        ]

    @staticmethod
    def _body_doc(param: Param) -> str:
        model = body_model(param)
        return f"The request body: a ``{model}``, or a ``{param_name(model)}`` dict in wire format."

    def paginator(self, op: OperationDef) -> List[str]:
        """The ``iter_...`` method walking every page of ``op``."""
        pages = op.paginator
        assert pages is not None
        item_type = render(pages.item_type, self.imports, self.spell)
        iterator = self.imports.typing("AsyncIterator")
        tokens = self.imports.from_("..._pagination", "PageTokens")
        optional = self.imports.typing("Optional")
        params = [p for p in op.params if p.python != pages.token]
        decl = ", ".join(["self", *self.parameters(params), self.options()])
        args = [p.python for p in params if p.where == "path"]
        args += [f"{p.python}={p.python}" for p in params if p.where != "path"]
        args += [f"{pages.token}={pages.token}", "**options"]
        doc = (
            f"Every ``{render(pages.item_type, Imports(), str)}`` of ``{op.name}``, page after "
            f"page. Each page is requested once, following ``{pages.token}``; a token the API "
            "returns twice raises ``PingramError`` instead of looping."
        )
        per_page = "The most items one page may hold (the ``limit`` of each request)."
        about = [(p.python, per_page if p.wire == "limit" else p.doc) for p in params]
        return [
            "",
            f"async def {pages.method}({decl}) -> {iterator}[{item_type}]:",
            *("    " + line for line in docstring(doc, 8, about)),
            f'    tokens = {tokens}("{op.namespace}.{pages.method}")',
            f"    {pages.token}: {optional}[str] = None",
            "    while True:",
            f"        page = await self.{op.name}({', '.join(args)})",
            f"        for item in page.{pages.items} or ():",
            "            yield item",
            f"        {pages.token} = tokens.follow({_next_token(pages)})",
            f"        if {pages.token} is None:",
            "            return",
        ]


def _next_token(pages: Paginator) -> str:
    """The expression of the next page's token, ``None`` on the last page."""
    if pages.next_from_last_item:
        items = f"page.{pages.items}"
        token = f"{items}[-1].{pages.next_from_last_item}"
        more = f"page.{pages.more} and {items}" if pages.more else items
        return f"{token} if {more} else None"
    if pages.more:
        return f"page.{pages.next} if page.{pages.more} else None"
    return f"page.{pages.next}"


def _module(doc: str, imports: Imports, body: str) -> str:
    gap = "\n\n" if body.startswith("class ") else "\n"  # as isort and ruff format space them
    head = f'{HEADER}"""{doc}"""\n\nfrom __future__ import annotations\n\n'
    return f"{head}{imports.render()}{gap}{body}"


def _indent(lines: List[str]) -> str:
    return "\n".join(("    " + line) if line else "" for line in lines) + "\n"


def emit_namespace(ns: Namespace) -> str:
    methods = _Methods()
    lines: List[str] = []
    for op in ns.operations:
        lines.extend(methods.method(op))
        lines.extend(methods.twin(op))
        if op.paginator:
            lines.extend(methods.paginator(op))
    base = methods.imports.from_("._base", "Namespace")
    about = f"{ns.doc} ``client.{ns.name}``"
    if ns.official_cls != ns.cls:
        about += f", 1.x's ``{ns.official_cls}``"
    doc = "".join(f"    {line}\n" for line in docstring(about + ".", 4))
    body = f"class {ns.cls}({base}):\n{doc}\n    __slots__ = ()\n"
    return _module(f"``client.{ns.name}``. {ns.doc}", methods.imports, body + _indent(lines))


def emit_namespaces(api: Api) -> Dict[str, str]:
    files = {
        f"src/pingram/_async/resources/{ns.name}.py": emit_namespace(ns)
        for ns in api.namespaces
        if ns.name
    }
    files["src/pingram/_async/resources/__init__.py"] = emit_client_base(api)
    return files


def emit_client_base(api: Api) -> str:
    """``resources/__init__.py``: the base of the client, with a property per namespace and
    the operations of the client itself (``send``)."""
    methods = _Methods()
    client = methods.imports.from_("._base", "Client")
    lines: List[str] = []
    for ns in api.namespaces:
        if not ns.name:
            for op in ns.operations:
                lines.extend(methods.method(op, self_type=client))
            continue
        cls = methods.imports.from_(f".{ns.name}", ns.cls)
        cached = methods.imports.from_("functools", "cached_property")
        lines += [
            "",
            f"@{cached}",
            f"def {ns.name}(self: {client}) -> {cls}:",
            f'    """{ns.doc}"""',
            f"    return {cls}(self)",
        ]
    methods.imports.from_("._base", "Namespace")
    named = [ns for ns in api.namespaces if ns.name]
    official = [ns for ns in named if ns.official_cls != ns.cls]
    names = [ns.cls for ns in named] + [ns.official_cls for ns in official]
    names = sorted([*names, "Namespace", "Namespaces"])
    body = "__all__ = [\n" + "".join(f'    "{name}",\n' for name in names) + "]\n\n\n"
    body += "class Namespaces:\n"
    body += (
        '    """The namespaces of a client, each made on first use, and its own operations."""\n'
    )
    aliases = [
        "",
        "",
        "# 1.x's names of the namespace classes (``client.users`` is a ``UsersApi``).",
    ]
    aliases += [f"{ns.official_cls} = {ns.cls}" for ns in official]
    return _module(
        "The client's namespaces (``client.broadcasts``, ``client.logs``, ...), one class each.",
        methods.imports,
        body + _indent(lines) + "\n".join(aliases) + "\n",
    )
