"""Every operation has exactly one handler, in the module named for its namespace, and a
mismatch fails when the handlers are imported, not as a 501 at run time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pingram._operations import ALL
from pingram.emulator import _registry
from pingram.emulator._common import Call
from pingram.emulator._registry import Registry, RegistryError
from pingram.emulator._store import Store
from pingram.emulator.namespaces import HANDLERS

NAMESPACES = Path(_registry.__file__).parent / "namespaces"


def test_every_operation_has_a_handler_in_the_module_of_its_namespace() -> None:
    assert sorted(HANDLERS) == sorted(ALL)
    for name, handler in HANDLERS.items():
        namespace = ALL[name].namespace
        module = "sender" if namespace is None else namespace
        assert handler.__module__ == f"pingram.emulator.namespaces.{module}", name
        assert (NAMESPACES / f"{module}.py").is_file()
    modules = {path.stem for path in NAMESPACES.glob("*.py")} - {"__init__"}
    assert modules == {op.namespace or "sender" for op in ALL.values()}


def test_a_handler_named_as_no_operation_fails_as_it_is_registered() -> None:
    registry = Registry(ALL)

    def broadcasts_paws(store: Store, call: Call) -> Any:
        return None

    with pytest.raises(RegistryError, match="broadcasts_paws handles no operation"):
        registry.handler(broadcasts_paws)


def test_a_handler_outside_its_namespace_module_fails_as_it_is_registered() -> None:
    registry = Registry(ALL)

    def broadcasts_pause(store: Store, call: Call) -> Any:
        return None

    broadcasts_pause.__module__ = "pingram.emulator.namespaces.logs"
    with pytest.raises(RegistryError, match=r"belongs in namespaces/broadcasts\.py"):
        registry.handler(broadcasts_pause)


def test_a_second_handler_for_an_operation_fails_as_it_is_registered() -> None:
    registry = Registry(ALL)
    registry.handler(HANDLERS["broadcasts_pause"])
    with pytest.raises(RegistryError, match="broadcasts_pause has two handlers"):
        registry.handler(HANDLERS["broadcasts_pause"])


def test_an_operation_without_a_handler_fails_the_check() -> None:
    registry = Registry(ALL)
    for name, handler in HANDLERS.items():
        if name not in ("broadcasts_pause", "send"):
            registry.handler(handler)
    with pytest.raises(RegistryError) as caught:
        registry.check()
    assert str(caught.value) == (
        "2 operation(s) have no handler: broadcasts_pause (namespaces/broadcasts.py), "
        "send (namespaces/sender.py)"
    )


def test_an_operation_the_table_gains_without_a_handler_fails_the_import() -> None:
    code = """
import types
import pingram._operations as operations

operations.ALL["broadcasts_rewind"] = types.SimpleNamespace(
    name="broadcasts_rewind", namespace="broadcasts", method="POST",
    path="/broadcasts/{broadcast_id}/rewind", path_params=("broadcast_id",),
    body=None, response=None,
)
import pingram.emulator
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 1
    assert (
        "RegistryError: 1 operation(s) have no handler: broadcasts_rewind "
        "(namespaces/broadcasts.py)" in result.stderr
    )
