"""Generate the models, the operations table and the client namespaces from the vendored spec.

    python scripts/generate.py          # rewrite the generated files
    python scripts/generate.py --check  # exit 1, naming the files, if they are not current

Inputs: ``spec/openapi.json`` (the wire) and ``scripts/api.json`` (everything people wrote
about the API: names, prose, and the facts the spec cannot tell). Both fail it, naming
what to add, when a spec description has no prose or a new shape or list has no name
or paging facts. Outputs, each marked as generated:

- ``src/pingram/models/<module>.py`` (the models), ``<module>_params.py`` (the request
  shapes as ``TypedDict``), and ``__init__.py`` / ``__init__.pyi`` (the lazy exports);
- ``src/pingram/_operations.py``: method, path, parameters, body and response of every operation;
- ``src/pingram/_async/resources/``: one class per namespace, one short method per operation
  and an ``iter_...`` per paging list (``scripts/make_sync.py`` then makes the blocking twins);
- ``docs/api.md``: every operation with its signature.

The steps live in ``scripts/codegen/``: ``read``, ``prose``, ``resolve``, then one ``emit_*``
per output.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict

from codegen import prose
from codegen.emit_models import emit_models
from codegen.emit_namespaces import emit_namespaces
from codegen.emit_operations import emit_operations
from codegen.emit_reference import emit_reference
from codegen.read import DATA_PATH, ROOT, Spec, read_data
from codegen.resolve import resolve


def generate() -> Dict[str, str]:
    """Every generated file, by path relative to the repository, before formatting."""
    spec, data = Spec.read(), read_data()
    missing = prose.problems(spec, data)
    if missing:
        raise SystemExit(f"{DATA_PATH.name}: prose missing or stale:\n  " + "\n  ".join(missing))
    api = resolve(spec, data)
    files = emit_models(api)
    files["src/pingram/_operations.py"] = emit_operations(api)
    files.update(emit_namespaces(api))
    files["docs/api.md"] = emit_reference(api)
    return files


def formatted(files: Dict[str, str]) -> Dict[str, str]:
    """The files as ``ruff format`` (the project's formatter) leaves them."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "pyproject.toml").write_text(
            (ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8"
        )
        for rel, text in files.items():
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            (work / rel).write_text(text, encoding="utf-8")
        python = [str(work / rel) for rel in files if rel.endswith((".py", ".pyi"))]
        subprocess.run(
            [sys.executable, "-m", "ruff", "format", "--quiet", *python], cwd=work, check=True
        )
        return {rel: (work / rel).read_text(encoding="utf-8") for rel in files}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if a generated file is not current"
    )
    args = parser.parse_args()
    files = formatted(generate())
    stale = [
        rel
        for rel, text in files.items()
        if not (ROOT / rel).exists() or (ROOT / rel).read_text(encoding="utf-8") != text
    ]
    if args.check:
        if stale:
            print(
                "Not generated from spec/openapi.json (run python scripts/generate.py):",
                *stale,
                sep="\n  ",
            )
            return 1
        return 0
    for rel in stale:
        (ROOT / rel).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / rel).write_text(files[rel], encoding="utf-8")
        print("wrote", rel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
