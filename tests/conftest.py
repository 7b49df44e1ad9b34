"""The suite's one set of shared fixtures: every test gets its own BOTLAB_HOME (a real SQLite file
in a temp dir), and asks by name for what else it needs: ``home``, ``store``, ``executor``,
``clock``, ``no_gemini_keys``, ``bot_file``. The dashboard's own fixtures (a home filled with real
runs, Streamlit's caches, no worker) are in :mod:`tests.app_fixtures`. A module may still override
one of these for itself, as the PostgreSQL tests do with ``store``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

BOTS = Path(__file__).parent / "bots"
EXAMPLES = Path(__file__).parent.parent / "examples"
#: Where a test's :class:`Clock` starts.
CLOCK_START = datetime(2026, 11, 20, 14, 2, tzinfo=UTC)


@pytest.fixture(autouse=True)
def botlab_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "botlab-home"
    monkeypatch.setenv("BOTLAB_HOME", str(home))
    monkeypatch.delenv("BOTLAB_DATABASE_URL", raising=False)
    monkeypatch.delenv("BOTLAB_DATA_SOURCE", raising=False)
    return home


@pytest.fixture
def home(botlab_home) -> Path:
    """The test's BOTLAB_HOME (``botlab_home``, by the name the data and dashboard tests use)."""
    return botlab_home


@pytest.fixture
def store(botlab_home) -> Iterator:
    """The test's store: a real SQLite file in its BOTLAB_HOME, closed after the test."""
    from engine.config import load_settings
    from engine.store import Store

    with Store.open(load_settings()) as opened:
        yield opened


@pytest.fixture
def executor(botlab_home):
    """A real executor (sandbox, store) that records its runs in the test's BOTLAB_HOME."""
    from engine.execution.executor import BotExecutor

    return BotExecutor(verbose=False)


class Clock:
    """A clock the tests move, from :data:`CLOCK_START`; ``sleep`` advances it (Gemini's
    retries and the key pool's cool-downs wait on it instead of the wall clock)."""

    def __init__(self, now: datetime = CLOCK_START) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def no_gemini_keys(monkeypatch) -> None:
    """Whatever the developer's environment holds, no Gemini key (tests set one if they want)."""
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GEMINI_API_KEYS", raising=False)
    monkeypatch.setattr("engine.generation.keys.default_secrets_paths", lambda: [])


@pytest.fixture
def bot_file(tmp_path):
    """Write a bot's source to a file and return its path."""

    def write(source: str, name: str = "bot_under_test.py") -> Path:
        path = tmp_path / name
        path.write_text(source)
        return path

    return write


def pytest_report_header(config):
    return f"BOTLAB_SANDBOX={os.environ.get('BOTLAB_SANDBOX', 'strict (default)')}"


def dead_pid() -> int:
    """The pid of a process that has exited (what a crashed runner leaves behind)."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def orphaned_run(store, name: str = "ghost") -> int:
    """A run recorded as running by a process that has died; returns its id."""
    strategy = store.save_strategy(name, "pass")
    return store.create_execution(
        strategy_id=strategy.id,
        status="running",
        runner_host=socket.gethostname(),
        runner_pid=dead_pid(),
    )
