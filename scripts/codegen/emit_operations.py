"""``src/pingram/_operations.py``: the table of every operation."""

from __future__ import annotations

from typing import Callable, List

from .api import Api, OperationDef, render
from .source import HEADER, Imports


def emit_operations(api: Api) -> str:
    imports = Imports()
    imports.from_("._operation", "Operation")

    def spell(name: str) -> str:
        return imports.from_(".models", name, typing_only=True)

    rows: List[str] = []
    for op in api.operations:
        rows.append(_row(op, imports, spell))
    any_, dict_ = imports.typing("Any"), imports.typing("Dict")
    lines = [
        HEADER + '"""Every API operation: HTTP method, path, body model and response type.',
        "",
        "The single source of truth for the wire shape of an operation: the clients' methods name",
        "an entry here, and the local emulator routes by this table. Path placeholders use the",
        "Python parameter names, in the order the methods take them. Models are named, not",
        "imported: an operation loads its models on first use, so importing the client stays cheap.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        imports.render(),
        *rows,
        "",
        "#: Every operation, by name (each learns its name from the table).",
        f"ALL: {dict_}[str, Operation[{any_}]] = {{",
        "    name: op.named(name) for name, op in list(globals().items()) if isinstance(op, Operation)",
        "}",
        "",
    ]
    return "\n".join(lines)


def _row(op: OperationDef, imports: Imports, spell: Callable[[str], str]) -> str:
    returns = render(op.response, imports, spell) if op.response else "None"
    plain = Imports()
    response = repr(render(op.response, plain, str)) if op.response else "None"
    path = op.path
    for p in op.params:
        if p.where == "path":
            path = path.replace("{" + p.wire + "}", "{" + p.python + "}")
    args = [repr(op.namespace or None), repr(f"{op.method} {path}"), response]
    body = op.body
    if body:
        args += [repr(render(body.type, plain, str)), repr(body.python)]
    return f"{op.name}: Operation[{returns}] = Operation({', '.join(args)})"
