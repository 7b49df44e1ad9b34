"""Fixtures of the dashboard's AppTest tests, loaded with ``pytest_plugins`` (see app_support)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st

from engine import jobs
from engine.config import load_settings
from tests.app_support import AAPL_RUN, BOTS, EXAMPLES, FAILED_RUN, GOOG_RUN


@pytest.fixture(scope="session")
def filled_home_template(tmp_path_factory) -> Path:
    """A home with three real runs (made once per session)."""
    from engine.execution.executor import BotExecutor

    home = tmp_path_factory.mktemp("app-home") / "home"
    settings = load_settings({"BOTLAB_HOME": str(home)})
    executor = BotExecutor(verbose=False, settings=settings)
    runs = [
        executor.execute_bot(EXAMPLES / "sma_cross.py", test_symbol="GOOG"),
        executor.execute_bot(
            EXAMPLES / "rsi_reversion.py", test_symbol="AAPL", test_period_days=730
        ),
        executor.execute_bot(BOTS / "raises_in_next.py", test_symbol="MSFT"),
    ]
    assert [r.status for r in runs] == ["succeeded", "succeeded", "failed"], [r.error for r in runs]
    assert [r.execution_id for r in runs] == [GOOG_RUN, AAPL_RUN, FAILED_RUN]
    executor.store.close()
    return home


@pytest.fixture
def clean_streamlit_caches():
    """Streamlit's caches are process-wide: start every test from empty ones."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def no_worker(monkeypatch) -> list:
    """Never start a worker process from a test; record the attempts instead."""
    from ui import state

    started: list = []
    monkeypatch.setattr(jobs, "ensure_worker", lambda settings=None: started.append(settings) or 0)
    monkeypatch.setattr(state, "_starting", {})
    return started


@pytest.fixture
def filled_home(filled_home_template, tmp_path, monkeypatch) -> Path:
    """A private copy of the three-run home, set as ``BOTLAB_HOME``."""
    home = tmp_path / "filled"
    shutil.copytree(filled_home_template, home)
    monkeypatch.setenv("BOTLAB_HOME", str(home))
    return home
