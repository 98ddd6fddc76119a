"""The README's promises that can be checked mechanically."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```bash\n(.*?)```", quick_start, flags=re.S)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == [
        "pip install . && python -m pingram demo",
        "python -m pip install nox && python -m nox",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert " && ".join(line for line in ci if line.startswith("python ")) == commands[1]


@pytest.mark.parametrize(
    "source", PYTHON_BLOCKS, ids=[f"block{i}" for i in range(len(PYTHON_BLOCKS))]
)
def test_python_examples_are_valid_python(source: str) -> None:
    compile(source, "README.md", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)


def test_python_examples_import_only_names_that_exist() -> None:
    imports = re.findall(r"^from (pingram[\w.]*) import ([\w, ]+)$", "\n".join(PYTHON_BLOCKS), re.M)
    assert len(imports) > 10
    for module_name, names in imports:
        module = importlib.import_module(module_name)
        for name in (n.strip() for n in names.split(",")):
            assert hasattr(module, name), f"{module_name}.{name}"


def test_the_runtime_dependencies_are_the_ones_the_readme_names() -> None:
    from importlib.metadata import requires

    declared = {
        re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower()
        for requirement in requires("pingram-python") or []
        if "extra ==" not in requirement
    }
    small = next(line for line in README.splitlines() if line.startswith("- **Small.**"))
    named = set(re.findall(r"`([\w-]+)`", small.split("Python 3.9+")[0]))
    assert declared == named == {"httpx", "msgspec", "sniffio"}
