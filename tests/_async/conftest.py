from __future__ import annotations

from typing import AsyncIterator

import pytest

from pingram import Pingram
from pingram.emulator import Emulator

from ..conftest import API_KEY, BASE_URL
from ..http_clients import (
    DEFAULT_STACK,
    HttpClientFactory,
    HttpStack,
    async_http_clients,
    parametrize_stacks,
    use_stack,
)

#: Any ``pingram_sk_`` key is accepted by the emulator.
EMULATOR_KEY = "pingram_sk_test"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_stacks(metafunc, async_http_clients)


@pytest.fixture(autouse=True)
def http_stack(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> HttpStack:
    """The HTTP stack of this run: one per stack for a transport test, else the default
    (see ``tests/http_clients.py``)."""
    return use_stack(request, monkeypatch, getattr(request, "param", DEFAULT_STACK))


@pytest.fixture
def make_http_client(http_stack: HttpStack) -> HttpClientFactory:
    """The ``http_client=`` for this stack and transport (``None``: the SDK's default)."""
    return http_stack.make_client


@pytest.fixture
async def client() -> AsyncIterator[Pingram]:
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as pingram:
        yield pingram


@pytest.fixture
async def emulator_client(
    make_http_client: HttpClientFactory, pingram_emulator: Emulator
) -> AsyncIterator[Pingram]:
    """A client talking to the per-test emulator (on each stack and transport when the
    test is a transport test)."""
    async with Pingram(
        api_key=EMULATOR_KEY, base_url=pingram_emulator.url, http_client=make_http_client()
    ) as pingram:
        yield pingram
