"""Shared fixtures: every test gets its own BOTLAB_HOME (a real SQLite file in a temp dir)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

BOTS = Path(__file__).parent / "bots"
EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture(autouse=True)
def botlab_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "botlab-home"
    monkeypatch.setenv("BOTLAB_HOME", str(home))
    monkeypatch.delenv("BOTLAB_DATABASE_URL", raising=False)
    monkeypatch.delenv("BOTLAB_DATA_SOURCE", raising=False)
    return home


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
