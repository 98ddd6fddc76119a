"""Every Python example of the README and of ``docs/`` runs, against the emulator.

Each ``python`` block is one test, run as a user would run it after copying it:

- **With the setup its page states once.** The README and each page of ``docs/`` name the
  few names their examples assume (``SETUP`` below holds them, and a test checks that each page
  names them): ``client`` (an async ``Pingram``), ``body`` (a notification), ``bodies`` (100 of
  them), ``WEBHOOK_SECRET``, ``raw_body`` and ``request_headers`` (a delivery signed with that
  secret), ``emu`` (the emulator) and ``tracking_id`` (an email sent through it), ``app`` (the
  README's Flask app). ``PINGRAM_BASE_URL`` and ``PINGRAM_API_KEY`` point at the
  ``pingram_emulator`` fixture, so a block that makes its own client (``Pingram(api_key=...)``)
  talks to the emulator too, as the README's first send tells the reader to do.
- **Top-level ``await``** is allowed, as in ``python -m asyncio``: a block that awaits runs in
  an event loop (``asyncio.run``); any other block runs outside one.
- **A block that defines ``test_*`` functions** has each function run as a test, with the
  fixtures it names (``pingram_emulator``, ``pingram_webhook_receiver``), each on a fresh
  emulator.
- **The Flask and FastAPI apps** are built by the block and then driven over their
  framework's interface (WSGI, ASGI) with a signed delivery and a tampered one. Neither
  framework is a test dependency (``nox -s tests`` installs neither), so unless one is
  importable the block imports a stand-in with the surface the example uses: Flask's is built
  on Werkzeug, which Flask's own request and test client are (see ``tests/readme_frameworks``).
  The verification under test, ``pingram.webhooks.verify``, is the real one either way.
- **The httpx2 block** needs Python 3.11+ (the ``httpx2`` extra installs nothing before): there
  it runs, and before, the test checks that it fails on ``import httpx2`` and nothing else.

After a block, ``CHECKS`` asserts what the block shows happening (the emulator received the
send, the iterator walked every page, ...), and the clients it made are closed.

The blocks of ``docs/development.md`` are not examples but excerpts of the repository's
code: each must still be found in the file it quotes, word for word.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import importlib
import inspect
import io
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Coroutine, Dict, Iterator, List, Optional, Tuple, TypeVar

import httpx
import pytest

from pingram import Pingram, PingramSync
from pingram.emulator import Emulator
from pingram.webhooks import sign

from .readme_frameworks import frameworks, is_standin

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: The pages whose Python blocks are examples a user copies.
EXAMPLE_PAGES = [
    "README.md",
    "docs/emulator.md",
    "docs/webhooks.md",
    "docs/production.md",
    "docs/migrating.md",
]
#: The names each page's examples assume, which the page states once.
SETUP: Dict[str, Tuple[str, ...]] = {
    "README.md": ("client", "body", "bodies", "WEBHOOK_SECRET"),
    "docs/emulator.md": ("emu", "tracking_id"),
    "docs/webhooks.md": ("WEBHOOK_SECRET", "raw_body", "request_headers", "app"),
    "docs/production.md": ("client", "body"),
    "docs/migrating.md": ("client",),
}
API_KEY = "pingram_sk_readme"
WEBHOOK_SECRET = "pingram_whsecret_readme"
BODY = {"type": "welcome", "to": {"id": "user-42", "email": "ada@example.com"}}
DELIVERY = b'{"eventType":"EMAIL_DELIVERED","channel":"EMAIL","userId":"u1","trackingId":"t1"}'
HAS_HTTPX2 = sys.version_info >= (3, 11)

T = TypeVar("T")


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    source: str

    @property
    def name(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def tests(self) -> List[str]:
        """The ``test_*`` functions the block defines."""
        tree = ast.parse(self.source)
        return [
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        ]


def blocks(page: str, language: str = "python") -> List[Block]:
    text = (ROOT / page).read_text(encoding="utf-8")
    return [
        Block(page, text[: match.start()].count("\n") + 1, match.group(1))
        for match in re.finditer(rf"^```{language}\n(.*?)^```", text, flags=re.S | re.M)
    ]


EXAMPLES = [block for page in EXAMPLE_PAGES for block in blocks(page)]
SCRIPTS = [block for block in EXAMPLES if not block.tests]
TESTS = [(block, test) for block in EXAMPLES for test in block.tests]


def only_block(marker: str) -> Block:
    (found,) = [block for block in EXAMPLES if marker in block.source]
    return found


# -- the setup ------------------------------------------------------------------------------


@pytest.fixture
def emulator(pingram_emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """The plugin's emulator, named by the two variables the README's first send sets."""
    monkeypatch.setenv("PINGRAM_BASE_URL", pingram_emulator.url)
    monkeypatch.setenv("PINGRAM_API_KEY", API_KEY)
    return pingram_emulator


@contextlib.contextmanager
def program_logging() -> Iterator[List[logging.LogRecord]]:
    """Logging as a program that configured none finds it (pytest's capture handlers taken off
    the root logger), put back afterwards; yields the records of the block's own loggers."""
    root, ours, main = (logging.getLogger(name) for name in (None, "pingram", "__main__"))
    saved = (list(root.handlers), root.level, ours.level)
    records: List[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    root.handlers[:] = []
    main.addHandler(handler)
    try:
        yield records
    finally:
        main.removeHandler(handler)
        for added in root.handlers:
            added.close()
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        ours.setLevel(saved[2])


def setup_names(block: Block, emulator: Emulator) -> Dict[str, Any]:
    """The names ``block``'s page says its examples assume."""
    headers = sign(DELIVERY, WEBHOOK_SECRET, message_id="msg_readme")
    available: Dict[str, Callable[[], Any]] = {
        "client": lambda: Pingram(),
        "body": lambda: dict(BODY),
        "bodies": lambda: [
            {"type": "welcome", "to": {"id": f"user-{n}", "email": f"user-{n}@example.com"}}
            for n in range(100)
        ],
        "WEBHOOK_SECRET": lambda: WEBHOOK_SECRET,
        "raw_body": lambda: DELIVERY,
        "request_headers": lambda: httpx.Headers(headers),
        "emu": lambda: emulator,
        "tracking_id": lambda: _send_email(emulator),
        "app": lambda: webhook_app("from flask import"),
    }
    return {name: available[name]() for name in SETUP[block.page]}


def _send_email(emulator: Emulator) -> str:
    with PingramSync(api_key=API_KEY, base_url=emulator.url) as client:
        sent = client.send({**BODY, "email": {"subject": "Hi", "html": "<p>Hi</p>"}})
    assert sent.tracking_id is not None
    return sent.tracking_id


def webhook_app(marker: str) -> Any:
    """The ``app`` of the example that contains ``marker`` (its framework already imported)."""
    namespace: Dict[str, Any] = {"__name__": "webhook_app", "WEBHOOK_SECRET": WEBHOOK_SECRET}
    run(only_block(marker), namespace)
    return namespace["app"]


def use_frameworks(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, module in frameworks().items():
        monkeypatch.setitem(sys.modules, name, module)


def run(block: Block, namespace: Dict[str, Any]) -> None:
    """Run ``block`` in ``namespace`` as a module; in an event loop if it awaits. Afterwards,
    close every client it left open (the setup's ``client`` included)."""
    code = compile(
        block.source, block.name, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True
    )
    made = [value for value in namespace.values() if isinstance(value, (Pingram, PingramSync))]
    if code.co_flags & inspect.CO_COROUTINE:

        async def main() -> None:
            try:
                await eval(code, namespace)
            finally:
                await _close(made, namespace)

        _run(main())
    else:
        try:
            exec(code, namespace)
        finally:
            _run(_close(made, namespace))


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on a loop of its own, leaving the thread's current loop alone.

    (``asyncio.run`` unsets the current loop when done; on Python 3.9 a loop pytest-asyncio
    left current after an async test would then be dropped unclosed, a ResourceWarning.)
    """
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


async def _close(made: List[Any], namespace: Dict[str, Any]) -> None:
    for value in [*made, *namespace.values()]:
        if isinstance(value, PingramSync):
            value.close()
        elif isinstance(value, Pingram):
            await value.close()
        if isinstance(value, (Pingram, PingramSync)) and not value._connection.owned:
            http = value._connection.http  # a caller's http_client: the SDK never closes it
            await http.aclose() if isinstance(value, Pingram) else http.close()


# -- what each block shows ------------------------------------------------------------------

Check = Callable[[Dict[str, Any], Emulator, str], None]


def _first_send(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert emu.sent == [BODY]
    assert out.strip() == ns["sent"].tracking_id


def _struct_send(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    (sent,) = emu.sent
    assert sent["type"] == "order_shipped"
    assert sent["email"]["subject"] == "Your order shipped"
    assert out.strip() == ns["response"].tracking_id


def _typed_dict(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert emu.sent == [{**ns["welcome"], "newOption": True}]


def _config_dict(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert ns["sync_client"].region == "eu"


def _httpx2_clients(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert type(ns["client"]._connection.http).__module__.startswith("httpx2")
    assert type(ns["sync_client"]._connection.http).__module__.startswith("httpx2")


def _not_found(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert out.startswith("404 Not Found {"), out


def _email_and_sms(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    statuses = ns["status"].statuses
    assert sorted(s.tracking_id for s in statuses) == sorted(
        [ns["email"].tracking_id, ns["sms"].tracking_id]
    )
    assert {s.status for s in statuses} == {"DELIVERED"}


def _broadcast(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert ns["metrics"].status == "scheduled"


def _pagination(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert sorted(out.split()) == sorted(f"user-{n}" for n in range(150))
    pages = [r for r in emu.requests if r.method == "GET"]
    assert [r.path.split("?")[0] for r in pages] == ["/users", "/users"]


def _send_many(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert len(ns["results"]) == 100
    assert ns["failed"] == []
    assert len(emu.sent) == 100


def _aiohttp(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert [type(r).__name__ for r in ns["results"]] == ["SenderPostResponse"] * 100


def _raw(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert out.startswith("200 application/json b'{")
    assert type(ns["page"]).__name__ == "GetUsersResponse"
    assert len(emu.sent) == 2  # the copy's send and the raw one


def _logging(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    (handler,) = logging.getLogger().handlers  # basicConfig's, to stderr
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream := io.StringIO())
    with PingramSync(api_key=API_KEY, base_url=emu.url) as client:
        client.health.health_health_check()
    (line,) = [line for line in stream.getvalue().splitlines() if "DEBUG:pingram:" in line]
    assert line.startswith(f"DEBUG:pingram:GET {emu.url}/status -> 200 in ")


def _emulator_options(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert out.startswith("http://127.0.0.1:")
    assert not ns["emu"].running


def _simulate(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    with PingramSync(api_key=API_KEY, base_url=emu.url) as client:
        (status,) = client.logs.logs_get_delivery_status(ns["tracking_id"]).statuses or []
    assert status.status == "BOUNCED"  # the last event simulated: a bounce


def _response_size(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert ns["client"].max_response_size == 128 * 1024 * 1024


def _official_send(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert emu.sent == [{"notificationId": "welcome", "to": {"id": "user_123"}}]
    assert ns["response"].tracking_id


def _with_http_info(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert out.startswith("200 ")
    assert [r.status for r in emu.requests] == [200]


def _verified(ns: Dict[str, Any], emu: Emulator, out: str) -> None:
    assert ns["event"].tracking_id == "t1"


CHECKS: Dict[str, Check] = {
    "print(sent.tracking_id)": _first_send,
    "parameters={": _struct_send,
    "welcome: SenderPostBodyParam": _typed_dict,
    "config: PingramConfig": _config_dict,
    "httpx2.AsyncClient()": _httpx2_clients,
    "no-such-type": _not_found,
    "logs_get_delivery_status": _email_and_sms,
    "broadcasts_get_metrics": _broadcast,
    "iter_users": _pagination,
    "send_many(bodies, concurrency=20)": _send_many,
    "DefaultAioHttpClient()": _aiohttp,
    "with_raw_response": _raw,
    'getLogger("pingram").setLevel': _logging,
    "webhook_queue_limit=1000": _emulator_options,
    "emu.simulate(": _simulate,
    "max_response_size=128": _response_size,
    "ApiClient(configuration)": _official_send,
    "send_with_http_info": _with_http_info,
    "print(event.event_type, event.channel": _verified,
    "pingram_whsecret_old": _verified,
    "construct_event(": _verified,
}

#: What a block needs of the emulator before it runs, so that it shows what it says.
PREPARE: Dict[str, Callable[[Emulator], None]] = {
    # The block's RateLimitError branch: still limited after its retries.
    "except RateLimitError": lambda emu: emu.fail_next(429, retry_after=0, times=3),
    # More users than one page holds.
    "iter_users": lambda emu: _identify(emu, 150),
    # "It goes out from a domain you verified".
    "broadcasts_get_metrics": lambda emu: _verify_domain(emu, "example.com"),
}


def _identify(emu: Emulator, count: int) -> None:
    with PingramSync(api_key=API_KEY, base_url=emu.url) as client:
        for n in range(count):
            client.user.user_identify(f"user-{n}", {"email": f"user-{n}@example.com"})


def _verify_domain(emu: Emulator, domain: str) -> None:
    with PingramSync(api_key=API_KEY, base_url=emu.url) as client:
        client.domains.domains_add_domain({"sender": domain})
        client.domains.domains_start_domain_verification(domain)


def _find(table: Dict[str, Any], block: Block) -> Optional[Any]:
    found = [value for marker, value in table.items() if marker in block.source]
    assert len(found) <= 1, f"{block.name} matches several markers"
    return found[0] if found else None


# -- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("block", SCRIPTS, ids=lambda block: block.name)
def test_example_runs(
    block: Block,
    emulator: Emulator,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_frameworks(monkeypatch)
    namespace: Dict[str, Any] = {"__name__": "__main__", **setup_names(block, emulator)}
    prepare = _find(PREPARE, block)
    if prepare is not None:
        prepare(emulator)
    capsys.readouterr()
    if "import httpx2" in block.source and not HAS_HTTPX2:
        with pytest.raises(ModuleNotFoundError, match="httpx2"):
            run(block, namespace)
        return
    with program_logging() as records:
        run(block, namespace)
        out = capsys.readouterr().out
        check = _find(CHECKS, block)
        if check is not None:
            check(namespace, emulator, out)
    if "except RateLimitError" in block.source:
        assert [r.getMessage()[:34] for r in records] == ["Pingram is rate-limiting us, try a"]
        assert [r.status for r in emulator.requests] == [429, 429, 429]


@pytest.mark.parametrize(
    ("block", "test"), TESTS, ids=lambda value: value.name if isinstance(value, Block) else value
)
def test_example_test_passes(
    block: Block,
    test: str,
    emulator: Emulator,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    use_frameworks(monkeypatch)  # docs/webhooks.md tests the README's Flask app
    namespace: Dict[str, Any] = {"__name__": "readme_tests", **setup_names(block, emulator)}
    run(block, namespace)
    function = namespace[test]
    function(
        **{name: request.getfixturevalue(name) for name in inspect.signature(function).parameters}
    )


@pytest.mark.parametrize("marker", sorted({*CHECKS, *PREPARE}))
def test_every_check_names_a_block(marker: str) -> None:
    assert len([block for block in EXAMPLES if marker in block.source]) == 1, marker


@pytest.mark.parametrize(("page", "names"), sorted(SETUP.items()))
def test_each_page_states_the_names_its_examples_assume(page: str, names: Tuple[str, ...]) -> None:
    text = (ROOT / page).read_text(encoding="utf-8")
    prose = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    assert [name for name in names if f"`{name}`" not in prose] == []


# -- the webhook apps -----------------------------------------------------------------------


def test_the_flask_example_accepts_a_signed_delivery_and_refuses_a_tampered_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_frameworks(monkeypatch)
    client = webhook_app("from flask import").test_client()
    headers = sign(DELIVERY, WEBHOOK_SECRET, message_id="msg_flask")
    assert client.post("/webhooks/pingram", data=DELIVERY, headers=headers).status_code == 200
    assert capsys.readouterr().out == "EMAIL_DELIVERED t1\n"
    tampered = client.post("/webhooks/pingram", data=DELIVERY + b" ", headers=headers)
    assert tampered.status_code == 400
    assert capsys.readouterr().out == ""


def test_the_fastapi_example_accepts_a_signed_delivery_and_refuses_a_tampered_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_frameworks(monkeypatch)
    app = webhook_app("from fastapi import")
    headers = sign(DELIVERY, WEBHOOK_SECRET, message_id="msg_fastapi")

    async def post(body: bytes) -> int:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as http:
            response = await http.post("/webhooks/pingram", content=body, headers=headers)
            return response.status_code

    assert _run(post(DELIVERY)) == 200
    assert capsys.readouterr().out == "EMAIL_DELIVERED t1\n"
    assert _run(post(DELIVERY + b" ")) == 400
    assert capsys.readouterr().out == ""


def test_the_stand_ins_are_used_only_where_the_framework_is_missing() -> None:
    for name, module in frameworks().items():
        try:
            importlib.import_module(name)
        except ImportError:
            assert is_standin(module)
        else:
            assert not is_standin(module)


# -- excerpts, the quick start, the dependencies --------------------------------------------


@pytest.mark.parametrize(
    "block", blocks("docs/development.md"), ids=lambda block: f"{block.page}:{block.line}"
)
def test_development_excerpts_are_the_code_they_quote(block: Block) -> None:
    text = (ROOT / block.page).read_text(encoding="utf-8")
    before = text[: text.index(block.source)]
    quoted = re.findall(r"\(`(src/[\w/.]+\.py)`\)", before)[-1]
    source = (ROOT / quoted).read_text(encoding="utf-8")
    assert block.source in source, f"{block.name} is not in {quoted}"


def test_no_other_page_has_python_blocks() -> None:
    pages = {str(p.relative_to(ROOT)) for p in [ROOT / "README.md", *ROOT.glob("docs/*.md")]}
    with_python = {page for page in pages if blocks(page)}
    assert with_python == {*EXAMPLE_PAGES, "docs/development.md"}


def test_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    """(``python -m pingram demo`` itself runs in ``tests/test_cli.py``.)"""
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```bash\n(.*?)```", quick_start, flags=re.S)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == [
        "pip install . && python -m pingram demo",
        "python -m pip install nox && python -m nox",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert " && ".join(line for line in ci if line.startswith("python ")) == commands[1]


def _anchors(page: Path) -> List[str]:
    """The anchors GitHub gives the headings of ``page``."""
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.S | re.M)
    headings = re.findall(r"^#+ (.+)$", text, flags=re.M)
    return [re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings]


@pytest.mark.parametrize("page", ["README.md", *sorted(p.name for p in ROOT.glob("docs/*.md"))])
def test_every_link_between_the_pages_leads_somewhere(page: str) -> None:
    path = ROOT / page if page == "README.md" else ROOT / "docs" / page
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.S | re.M)
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith(("http://", "https://")):
            continue
        file, _, fragment = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        if not linked.exists() or (fragment and fragment not in _anchors(linked)):
            broken.append(target)
    assert broken == []


def test_the_runtime_dependencies_are_the_ones_the_readme_names() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    listed = re.search(r"^dependencies = \[\n(.*?)^\]", pyproject, flags=re.S | re.M)
    assert listed is not None
    declared = set(re.findall(r'^\s*"([\w-]+)', listed.group(1), flags=re.M))
    small = next(line for line in README.splitlines() if line.startswith("- **Small.**"))
    named = set(re.findall(r"`([\w-]+)`", small.split("Python 3.9+")[0]))
    assert declared == named == {"httpx", "msgspec", "sniffio"}


def test_the_readme_reads_in_ten_minutes() -> None:
    """What a user needs first; the rest is in ``docs/``."""
    assert len(README.splitlines()) <= 500
    for page in ["docs/api.md", *EXAMPLE_PAGES[1:], "docs/performance.md", "docs/development.md"]:
        assert f"({page})" in README or f"({page}#" in README, f"the README does not link {page}"
