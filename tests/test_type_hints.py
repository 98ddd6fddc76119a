"""The annotations of every operation resolve at run time, on both clients.

Tools that read annotations (``typing.get_type_hints``, FastAPI-style dependency injection,
documentation generators) see the models the methods return, although importing a client
loads no model module: the annotations name them through the lazily loading
``pingram.models``.
"""

from __future__ import annotations

import subprocess
import sys
import typing
from pathlib import Path
from typing import Any, AsyncIterator, Iterator, List, Tuple

import pytest

from pingram import Pingram, PingramSync, models
from pingram._operations import ALL

SRC = Path(__file__).resolve().parent.parent / "src"


def _operations() -> List[Tuple[Any, str]]:
    found = []
    for client in (Pingram(api_key="pingram_sk_x"), PingramSync(api_key="pingram_sk_x")):
        for name, op in ALL.items():
            owner = client if op.namespace is None else getattr(client, op.namespace)
            found.append((getattr(owner, name), name))
    return found


@pytest.mark.parametrize(("method", "name"), _operations(), ids=lambda v: str(v)[:40])
def test_type_hints_of_an_operation_resolve_to_what_it_returns(method: Any, name: str) -> None:
    hints = typing.get_type_hints(method)
    response = ALL[name].response
    assert hints["return"] == (type(None) if response is None else response)
    assert "options" in hints


@pytest.mark.parametrize("client_class", [Pingram, PingramSync])
def test_type_hints_of_the_page_iterators_name_the_items(client_class: Any) -> None:
    client = client_class(api_key="pingram_sk_x")
    iterator = AsyncIterator if client_class is Pingram else Iterator
    walks = {
        f"{namespace}.{name}": typing.get_type_hints(getattr(getattr(client, namespace), name))
        for namespace in {op.namespace for op in ALL.values() if op.namespace}
        for name in dir(getattr(client, namespace))
        if name.startswith("iter_")
    }
    assert {walk: hints["return"] for walk, hints in walks.items()} == {
        "account.iter_invoices": iterator[models.Invoice],
        "broadcasts.iter_broadcasts": iterator[models.Broadcast],
        "broadcasts.iter_recipients": iterator[models.BroadcastRecipient],
        "library.iter_files": iterator[models.LibraryFile],
        "logs.iter_logs": iterator[models.LogMessage],
        "users.iter_users": iterator[models.User],
        "voice.iter_calls": iterator[models.VoiceCall],
    }


def test_importing_a_client_loads_no_model_of_an_operation() -> None:
    code = (
        "import sys, typing\n"
        "from pingram import Pingram\n"
        "before = 'pingram.models.sending' in sys.modules\n"
        "typing.get_type_hints(Pingram.send)\n"
        "print(before, 'pingram.models.sending' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["False", "True"]
