"""The generator's checks: it refuses to run when the data file leaves something unsaid.

``nox -s generate`` proves the generated files are current; these prove the generator
stops, naming what is missing, when a spec description has no prose of ours or a list
operation does not say how it pages, and that what it writes holds what it promises.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATED = [
    *sorted((ROOT / "src/pingram/models").glob("[!_]*.py")),
    ROOT / "src/pingram/models/__init__.py",
    ROOT / "src/pingram/models/__init__.pyi",
    ROOT / "src/pingram/_operations.py",
    *sorted((ROOT / "src/pingram/_async/resources").glob("[!_]*.py")),
    *sorted((ROOT / "src/pingram/_sync/resources").glob("[!_]*.py")),
    ROOT / "src/pingram/_async/resources/__init__.py",
]


@pytest.fixture
def codegen() -> Iterator[Any]:
    """The generator's package (``scripts/codegen``), importable for the test."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import codegen.prose
        import codegen.read
        import codegen.resolve

        yield codegen
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def test_generated_code_needs_no_type_ignore() -> None:
    assert len(GENERATED) > 40
    for path in GENERATED:
        assert "type: ignore" not in path.read_text(encoding="utf-8"), path


def test_every_spec_description_has_prose(codegen: Any) -> None:
    spec, data = codegen.read.Spec.read(), codegen.read.read_data()
    assert codegen.prose.problems(spec, data) == []


def test_a_description_without_prose_is_named(codegen: Any) -> None:
    spec, data = codegen.read.Spec.read(), codegen.read.read_data()
    del data.properties["CreateBroadcastRequest"]["internalTemplate"]
    data.operations["broadcasts_list"].description = ""
    del data.schema_descriptions["AccountPatchRequest"]
    assert codegen.prose.problems(spec, data) == [
        "schema_descriptions: no text for AccountPatchRequest",
        "properties: no text for CreateBroadcastRequest.internalTemplate",
        "operations: no description for broadcasts_list",
    ]


def test_every_described_property_documents_its_model_attribute(codegen: Any) -> None:
    spec, data = codegen.read.Spec.read(), codegen.read.read_data()
    api = codegen.resolve.resolve(spec, data)
    documented = set()
    for model in api.models.values():
        for wire, prop in model.props.items():
            settled = data.fields.get(f"{model.name}.{wire}")
            for source in model.sources:
                text = data.properties.get(source, {}).get(wire)
                # Schemas merged into one model that describe a field differently have their
                # facts restated once, in the data file's 'fields'.
                if text and (codegen.prose.rst(text) in prop.doc or (settled and settled.doc)):
                    documented.add((source, wire))
    described = {(schema, wire) for schema, texts in data.properties.items() for wire in texts}
    assert described - documented == set()


def test_a_list_operation_that_says_nothing_of_its_pages_stops_the_generator(
    codegen: Any,
) -> None:
    spec, data = codegen.read.Spec.read(), codegen.read.read_data()
    del data.pagination["numbers_search_available"]
    with pytest.raises(SystemExit, match="numbers_search_available takes limit"):
        codegen.resolve.resolve(spec, data)
