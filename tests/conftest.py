from __future__ import annotations

import pytest

#: A recognisable key: tests search logs, reprs and error messages for it.
API_KEY = "pingram_sk_test_SECRET_4f1d2c"
BASE_URL = "https://api.test.pingram.io"

#: Run by ``nox -s official_sdk`` in a virtualenv of its own, not by pytest; ``typing`` by
#: ``nox -s typecheck`` (``pytest tests/typing``), where mypy and pyright are installed.
collect_ignore = ["official_sdk", "typing"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "transport: about the transport; runs on every HTTP stack (tests/http_clients.py)",
    )


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's real key, base URL or HTTP stack."""
    monkeypatch.delenv("PINGRAM_API_KEY", raising=False)
    monkeypatch.delenv("PINGRAM_BASE_URL", raising=False)
    monkeypatch.delenv("PINGRAM_HTTP_STACK", raising=False)


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Make exponential backoff instant; returns the delays the retry policy chose."""
    import pingram._retry as retry

    chosen: list[float] = []
    real = retry.backoff_delay

    def instant(retry_number: int) -> float:
        chosen.append(real(retry_number))
        return 0.0

    monkeypatch.setattr(retry, "backoff_delay", instant)
    return chosen
