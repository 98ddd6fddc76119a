"""mypy and pyright hold users to the API's names, keys and values, and accept correct code.

``cases/correct.py`` is code a user writes (structs and dict bodies, top-level imports,
iterators, both clients): neither checker reports anything. ``cases/mistakes.py`` makes
one mistake a line (a misspelt keyword, a misspelt dict key, an unknown enumeration
value, a missing required key), each marked with the error both checkers must report
there; no other line may have one.

Run by the ``typecheck`` nox session, where both checkers are installed:
``pytest tests/typing``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "cases"
MARKER = re.compile(r"#\s*error:\s*([a-z-]+)\s+(report\w+)$")

#: ``(file name, line)`` -> the error code mypy and the rule pyright report there.
Expected = Dict[Tuple[str, int], Tuple[str, str]]


def expected_errors() -> Expected:
    found: Expected = {}
    for case in sorted(CASES.glob("*.py")):
        for number, line in enumerate(case.read_text(encoding="utf-8").splitlines(), 1):
            marker = MARKER.search(line)
            if marker:
                found[case.name, number] = (marker.group(1), marker.group(2))
    return found


def test_the_mistakes_file_marks_every_kind_of_mistake() -> None:
    assert len([key for key in expected_errors() if key[0] == "mistakes.py"]) == 9


def test_mypy_reports_exactly_the_marked_errors() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")]
        + ["--no-incremental", "--hide-error-context", "--show-error-codes"]
        + [str(case) for case in sorted(CASES.glob("*.py"))],
        cwd=ROOT,
        env={**os.environ, "MYPYPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    errors: Dict[Tuple[str, int], List[str]] = {}
    for line in result.stdout.splitlines():
        match = re.match(r"(.+?):(\d+): error: .*\[([\w-]+)\]$", line)
        if match:
            key = (Path(match.group(1)).name, int(match.group(2)))
            errors.setdefault(key, []).append(match.group(3))
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert errors == {key: [mypy] for key, (mypy, _) in expected_errors().items()}, result.stdout


def test_pyright_reports_exactly_the_marked_errors(tmp_path: Path) -> None:
    pyright = shutil.which("pyright") or str(Path(sys.executable).parent / "pyright")
    config = {
        "extraPaths": [str(ROOT / "src")],
        "pythonVersion": "3.9",
        "typeCheckingMode": "strict",
    }
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = subprocess.run(
        [pyright, "--outputjson", "--pythonpath", sys.executable, "--project", str(tmp_path)]
        + [str(case) for case in sorted(CASES.glob("*.py"))],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    errors: Dict[Tuple[str, int], List[str]] = {}
    for diagnostic in report["generalDiagnostics"]:
        if diagnostic["severity"] != "error":
            continue
        key = (Path(diagnostic["file"]).name, diagnostic["range"]["start"]["line"] + 1)
        errors.setdefault(key, []).append(diagnostic.get("rule", ""))
    assert report["summary"]["filesAnalyzed"] == len(list(CASES.glob("*.py")))
    assert errors == {key: [rule] for key, (_, rule) in expected_errors().items()}, result.stdout


@pytest.fixture(autouse=True)
def _checkers_are_installed() -> None:
    """A missing checker fails the test: this file runs where both are installed."""
    assert shutil.which("pyright") or (Path(sys.executable).parent / "pyright").exists()
