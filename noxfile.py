"""``nox`` runs the tests on each Python 3.9-3.13 found, then lint, typecheck, generate,
unasync and the official SDK against the emulator.

Which tests run on which Python. The whole suite runs on the oldest and the newest
supported Python, 3.9 and 3.13. Between them they hold both sides of every
version-dependent path in the SDK (``typing.Unpack`` and ``Task.uncancel`` arrive in
3.11), both ends of what pip resolves (3.9 gets older msgspec, aiohttp and pytest
releases, msgspec 0.20 being the oldest the project allows, and no httpx2; 3.13 the
newest, with httpx2), and the newest standard library. 3.10, 3.11 and 3.12 install the
same releases as 3.13 (3.10 without httpx2), so only the interpreter differs there: they
run ``EVERY_PYTHON``, the tests of what the interpreter itself changes between versions.
The emulator's handlers, the request of every operation, validation and the models are
plain Python on the same packages: there they would run the same code again. Each test
under ``tests/_async`` and ``tests/_sync`` runs on every HTTP stack only when it is about
the transport (the ``transport`` marker, ``tests/http_clients.py``).

The tests run on two workers (pytest-xdist; ``worksteal`` evens out the long tests).
``nox -s tests-3.11 -- ARGS`` runs pytest with ARGS instead of the default selection
(``-- tests`` is the whole suite, ``-- -n 0 --pdb`` one process).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "generate", "unasync", "official_sdk"]
nox.options.reuse_existing_virtualenvs = True
# Test on every supported interpreter this machine has; skip the ones it lacks
# rather than trying to download them (there may be no network).
nox.options.error_on_missing_interpreters = False
nox.options.download_python = "never"

PYTHONS = ["3.9", "3.10", "3.11", "3.12", "3.13"]


def _expose_pyenv_interpreters() -> None:
    """Let nox find every pyenv-installed Python, not only the one pyenv selects."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    extra = [str(p) for p in sorted((root / "versions").glob("3.*/bin")) if p.is_dir()]
    if extra:
        os.environ["PATH"] = os.pathsep.join([os.environ.get("PATH", ""), *extra])


_expose_pyenv_interpreters()
TEST_DEPS = [
    "pytest>=8",
    "pytest-asyncio>=0.24",
    "pytest-httpx>=0.30",
    "pytest-httpserver>=1.0",
    "pytest-xdist>=3.2",  # --dist worksteal
    "jsonschema>=4.18",  # judges the emulator's answers against spec/openapi.json
    "unasync>=0.6",  # tests of scripts/make_sync.py's own rules
    "setuptools",  # which unasync imports
]

#: The Pythons that run the whole suite (see the module docstring).
FULL_SUITE = {PYTHONS[0], PYTHONS[-1]}

#: What the other Pythons run: each entry tests something the interpreter does differently
#: from one version to the next.
EVERY_PYTHON = [
    "tests/test_type_hints.py",  # annotations resolved at run time; Unpack is new in 3.11
    "tests/test_deadline.py",  # the async deadline cancels and uncancels tasks (3.11+)
    "tests/test_pool_health.py",  # cancellation inside the connection pool
    "tests/test_event_loops.py",  # a client belongs to one event loop
    "tests/_async/test_error_chains.py",  # exception chains and frame locals: no API key
    "tests/_sync/test_error_chains.py",
    "tests/test_error_pickling.py",  # pickle protocols, a spawned process pool
    "tests/test_fork.py::test_a_callers_http_client_holding_the_parents_connections_is_refused_after_fork",
    "tests/test_retry_policy.py",  # Retry-After dates parsed by email.utils
    "tests/test_emulator_server.py",  # the emulator serves on http.server
    "tests/test_emulator_limits.py",  # http.server's limits and status phrases
    "tests/test_cli.py",  # argparse, signals, subprocesses
    "tests/test_unasync.py",  # help() rendered by pydoc
]


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """pytest on two workers: the whole suite on the oldest and newest Python, else EVERY_PYTHON."""
    # httpx2 needs Python 3.11+: on older interpreters the extra installs nothing and the
    # suites run on httpx only (tests/http_clients.py).
    session.install(".[aiohttp,httpx2]", *TEST_DEPS)
    selection = session.posargs or ([] if session.python in FULL_SUITE else EVERY_PYTHON)
    session.run("pytest", "-n", "2", "--dist", "worksteal", *selection)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("ruff==0.17.6")  # pinned: a new ruff may add rules or change formatting
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the package (both clients), the typed examples and scripts/;
    then mypy and pyright over the typing cases (tests/typing)."""
    # mypy 2 cannot target Python 3.9, the oldest version the SDK supports.
    session.install(".[aiohttp]", "mypy>=1.14,<2", "pyright", *TEST_DEPS)  # pytest's settings
    session.run("mypy", "src/pingram", "examples", "scripts")
    session.run("pytest", "tests/typing")


@nox.session
def generate(session: nox.Session) -> None:
    """Fail if the models, operations or namespaces are not what spec/openapi.json generates."""
    # The generator reads its data file with msgspec and formats its output with the project's ruff.
    session.install("msgspec", "ruff==0.17.6")
    session.run("python", "scripts/generate.py", "--check")


@nox.session
def unasync(session: nox.Session) -> None:
    """Fail if src/pingram/_sync or tests/_sync is not what the async source generates."""
    session.install("unasync>=0.6", "setuptools")
    session.run("python", "scripts/make_sync.py", "--check")


#: The official client the emulator must satisfy; test-only, never a dependency.
OFFICIAL_SDK = "pingram-python==1.0.39"


@nox.session
def official_sdk(session: nox.Session) -> None:
    """The official client against the emulator, and this SDK against the official surface.

    Both packages import as ``pingram``, so the official client lives in a virtualenv of its
    own. There, ``tests/official_sdk/drive.py`` calls each of its operations on
    ``python -m pingram emulator`` (a process of this session's environment, which the
    driver starts and always stops), and ``tests/official_sdk/manifest.py`` reads its public
    surface (names, fields, parameters, exceptions, webhook helpers, and the bytes it sends)
    into a manifest in this session's temporary directory. ``tests/official_sdk/test_compat.py``
    then holds this SDK, in this session's environment, to that manifest.
    """
    session.install(".", *TEST_DEPS)
    tmp = Path(session.create_tmp())
    client_venv = tmp / "official-client"
    client_python = _venv_python(client_venv)
    if client_python is None:
        session.run("python", "-m", "venv", str(client_venv))
        client_python = _venv_python(client_venv)
        assert client_python is not None, f"no python in {client_venv}"
    session.run(client_python, "-m", "pip", "install", "-q", OFFICIAL_SDK, external=True)
    emulator_python = shutil.which("python", path=session.bin)
    assert emulator_python is not None, f"no python in {session.bin}"
    session.run(
        client_python,
        "tests/official_sdk/drive.py",
        "--emulator-python",
        emulator_python,
        external=True,
    )
    manifest = tmp / "official-manifest.json"
    session.run(
        client_python, "tests/official_sdk/manifest.py", "--out", str(manifest), external=True
    )
    session.run(
        "pytest",
        "tests/official_sdk/test_compat.py",
        *session.posargs,
        env={"PINGRAM_OFFICIAL_MANIFEST": str(manifest)},
    )


def _venv_python(venv: Path) -> str | None:
    for candidate in (venv / "bin" / "python", venv / "Scripts" / "python.exe"):
        if candidate.exists():
            return str(candidate)
    return None


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against their baselines: ``nox -s bench``.

    ``nox -s bench -- --compare REF`` also measures git revision ``REF`` (a commit, tag or
    branch) beside the working tree; ``-- --quick`` is a smoke run.
    """
    session.install(".[aiohttp,httpx2]")  # the dependencies; each side runs its own src/
    session.run("python", "benchmarks/run.py", *session.posargs)
