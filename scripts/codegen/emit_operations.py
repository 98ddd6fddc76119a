"""``src/pingram/_operations.py``: the table of every operation."""

from __future__ import annotations

from typing import List

from .api import Api, OperationDef, render
from .source import HEADER, Imports

DOC = '''"""Every API operation: HTTP method, path, body model and response type.

The single source of truth for the wire shape of an operation: the clients' methods name
an entry here, and the local emulator routes by this table. Path placeholders use the
Python parameter names, in the order the methods take them. Types are given as functions
(``lambda: models.User``) that the first call using them runs, so importing the client
loads no model module.
"""'''


def emit_operations(api: Api) -> str:
    imports = Imports()
    imports.from_("._operation", "Operation")
    rows = [_row(op, imports) for op in api.operations]
    any_, dict_ = imports.typing("Any"), imports.typing("Dict")
    names = "".join(f"        {op.name},\n" for op in api.operations)
    return (
        f"{HEADER}{DOC}\n\nfrom __future__ import annotations\n\n{imports.render()}\n"
        + "\n".join(rows)
        + f"\n\n#: Every operation, by name.\nALL: {dict_}[str, Operation[{any_}]] = {{\n"
        + f"    op.name: op\n    for op in (\n{names}    )\n}}\n"
    )


def _row(op: OperationDef, imports: Imports) -> str:
    def spell(name: str) -> str:
        return f"{imports.from_('.', 'models')}.{name}"

    path = op.path
    for p in op.params:
        if p.where == "path":
            path = path.replace("{" + p.wire + "}", "{" + p.python + "}")
    args = [
        repr(op.name),
        f"namespace={op.namespace or None!r}",
        f"method={op.method!r}",
        f"path={path!r}",
    ]
    returns = "None"
    if op.response is not None:
        returns = render(op.response, imports, spell)
        args.append(f"response=lambda: {returns}")
    body = op.body
    if body is not None:
        args += [f"body=lambda: {render(body.type, imports, spell)}", f"body_param={body.python!r}"]
    lines: List[str] = [
        f"{op.name}: Operation[{returns}] = Operation(",
        *(f"    {a}," for a in args),
        ")",
    ]
    return "\n".join(lines)
