"""The prose of the generated docstrings: what documents what, and that nothing goes without.

Every description in the spec has a text of our own in ``scripts/api.json`` (the spec's
words are never copied): ``properties`` for the fields of each schema,
``schema_descriptions`` for the schemas, and ``description`` / ``parameters`` for each
operation. ``problems`` names whatever is missing, or no longer matches the spec.
"""

from __future__ import annotations

import re
from typing import List

from .read import ApiData, Spec, snake


def problems(spec: Spec, data: ApiData) -> List[str]:
    """What the spec describes and the data file has no prose for, and stale prose."""
    found: List[str] = []
    described = set()
    for name, schema in spec.schemas.items():
        text = schema.get("description")
        if text and text != name and name not in data.schema_descriptions:
            found.append(f"schema_descriptions: no text for {name}")
        for wire, prop in (schema.get("properties") or {}).items():
            if prop.get("description"):
                described.add((name, wire))
                if wire not in data.properties.get(name, {}):
                    found.append(f"properties: no text for {name}.{wire}")
    for name in data.schema_descriptions:
        if name not in spec.schemas:
            found.append(f"schema_descriptions: {name} is not a schema of the spec")
    for name, fields in data.properties.items():
        for wire in fields:
            if (name, wire) not in described:
                found.append(f"properties: the spec does not describe {name}.{wire}")
    for path, _, op in spec.operations():
        name = op["operationId"]
        info = data.operations.get(name)
        if info is None:
            continue  # resolving names it
        if op.get("description") and not info.description:
            found.append(f"operations: no description for {name}")
        params = {
            p.get("x-python-name") or snake(p["name"])
            for p in op.get("parameters", [])
            if p["in"] in ("path", "query")
        }
        for param in sorted(params - set(info.parameters)):
            found.append(f"operations: no text for the parameter {param} of {name} ({path})")
        for param in sorted(set(info.parameters) - params):
            found.append(f"operations: {name} has no parameter {param}")
    return found


def rst(text: str) -> str:
    """Markdown code spans (```x```, one backtick) as reStructuredText literals (````x````)."""
    return re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", text)
