"""Shared set-up for the dashboard's AppTest tests (``tests/test_app_*.py``).

The dashboard's fixtures live in :mod:`tests.app_fixtures`, which each of those modules loads as
a plugin (``pytest_plugins``), applying :data:`APP_FIXTURES` with ``pytestmark``; nothing there is
autouse, so other tests are unaffected (``home`` and ``no_gemini_keys`` are the suite's, in
``tests/conftest.py``). This module holds the helpers they import.

A Botlab home is filled once per session through the real executor (three runs: two that
succeeded, one whose bot crashed); each test gets its own copy, so writes stay local. The worker
is never started (``ensure_worker`` is replaced by a recorder); tests that need a finished job
finish it through the real store or run a real :class:`engine.jobs.Worker` in a thread.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine import jobs
from engine.config import load_settings
from engine.store import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
EXAMPLES = ROOT / "examples"
BOTS = Path(__file__).resolve().parent / "bots"

NEW_BOT = "pages/new_bot_page.py"
RUN = "pages/run_page.py"
LEADERBOARD = "pages/leaderboard_page.py"
COMPARE = "pages/compare_page.py"
STRATEGIES = "pages/strategies_page.py"
SETTINGS = "pages/settings_page.py"

#: Every AppTest test uses these: empty Streamlit caches, no worker process, no Gemini key.
APP_FIXTURES = pytest.mark.usefixtures("clean_streamlit_caches", "no_worker", "no_gemini_keys")

#: The runs in the filled home, by id.
GOOG_RUN, AAPL_RUN, FAILED_RUN = 1, 2, 3


def store() -> Store:
    return Store.open(load_settings())


def app(**query) -> AppTest:
    """The app, run once from its entry point (the default page)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = str(value)
    return at.run()


def open_page(page: str, **query) -> AppTest:
    """The app, switched to ``page`` with ``query`` parameters."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = str(value)
    return at.run()


def open_tab(at: AppTest, name: str, run_id: int) -> AppTest:
    """The Run page of ``run_id`` with its tab ``name`` chosen (only the open tab is drawn)."""
    from ui.run_view import tab_key

    at.session_state[tab_key(run_id)] = name
    return at.run()


def texts(at: AppTest) -> str:
    """Every visible text of the page, joined (for "never shows X" checks)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning"):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [str(element.value) for element in at.info]
    parts += [str(element.value) for element in at.success]
    parts += [str(element.value) for element in at.code]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [element.proto.text for element in at.get("progress")]
    return "\n".join(parts)


def plotly_specs(at: AppTest) -> list[str]:
    return [element.proto.spec for element in at.get("plotly_chart")]


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def run_worker_until_idle(home: Path, timeout_s: float = 60.0) -> None:
    """Serve the queue with a real worker in this process until no job is active."""
    settings = load_settings({"BOTLAB_HOME": str(home)})
    worker = jobs.Worker(settings, concurrency=1, poll_s=0.05)
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    check = Store.open(settings)
    try:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            time.sleep(0.1)
            if not check.list_jobs(active_only=True):
                break
        else:
            raise AssertionError("the worker did not finish its jobs in time")
    finally:
        worker.stop_event.set()
        thread.join(30)
        check.close()
