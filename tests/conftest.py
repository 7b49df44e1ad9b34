"""Shared fixtures: every test gets its own BOTLAB_HOME (a real SQLite file in a temp dir)."""

from __future__ import annotations

import os
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
