"""Each client's own ``with``: ``async with Pingram()``, ``with PingramSync()``, and a
``with Pingram()`` that says which of the two to write.

The blocking client is generated from the async one (``scripts/make_sync.py``), which
leaves the async client's ``with`` out of it: its ``# async only:`` rule is tested here.
"""

from __future__ import annotations

import contextlib
import importlib.util
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

from pingram import Pingram, PingramSync

from .conftest import API_KEY, BASE_URL

ROOT = Path(__file__).resolve().parent.parent
MESSAGE = (
    "Pingram is the asynchronous client: use `async with Pingram(...) as client:` inside a "
    "coroutine, or PingramSync for `with PingramSync(...) as client:`"
)


async def test_with_on_the_async_client_says_what_to_write_instead() -> None:
    client = Pingram(API_KEY, base_url=BASE_URL)
    with pytest.raises(TypeError) as info, client:
        pass
    assert str(info.value) == MESSAGE
    with pytest.raises(TypeError) as info, contextlib.ExitStack() as stack:
        stack.enter_context(client)
    assert str(info.value) == MESSAGE
    assert not client.is_closed
    await client.close()


async def test_the_async_client_is_an_async_context_manager_only() -> None:
    # Code that tells the two kinds apart (contextlib's ABCs) is not misled by the message.
    client = Pingram(API_KEY, base_url=BASE_URL)
    assert isinstance(client, contextlib.AbstractAsyncContextManager)
    assert not isinstance(client, contextlib.AbstractContextManager)
    async with client as entered:
        assert entered is client
    assert client.is_closed


def test_the_blocking_client_has_its_own_with() -> None:
    with PingramSync(API_KEY, base_url=BASE_URL) as client:
        assert isinstance(client, PingramSync)
    assert client.is_closed
    assert isinstance(client, contextlib.AbstractContextManager)
    assert not hasattr(client, "__aenter__")


# -- scripts/make_sync.py's `# async only:` rule ------------------------------------------------


def _unasync_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("unasync_script", ROOT / "scripts/make_sync.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ASYNC_SOURCE = """\
class Client:
    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # async only: the blocking client has a `with` of its own.
    if not TYPE_CHECKING:

        def __enter__(self) -> None:
            raise TypeError("use async with")

        __exit__ = None

    def name(self) -> str:
        return "client"
"""


def test_unasync_leaves_out_what_follows_an_async_only_comment(tmp_path: Path) -> None:
    script = _unasync_script()
    (tmp_path / "src/pingram/_async").mkdir(parents=True)
    (tmp_path / "src/pingram/_async/client.py").write_text(ASYNC_SOURCE)
    generated, unused = script.generate(tmp_path)
    text = generated[Path("src/pingram/_sync/client.py")]
    assert text.split("\n", 1)[1] == textwrap.dedent("""\
        class Client:
            def __exit__(self, *exc_info: object) -> None:
                self.close()

            def name(self) -> str:
                return "client"
        """)
    assert "marker '# async only:'" not in unused


def test_unasync_reports_an_async_only_rule_that_nothing_uses(tmp_path: Path) -> None:
    script = _unasync_script()
    (tmp_path / "src/pingram/_async").mkdir(parents=True)
    (tmp_path / "src/pingram/_async/client.py").write_text("x = 1\n")
    _, unused = script.generate(tmp_path)
    assert "marker '# async only:'" in unused
