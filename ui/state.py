"""Process-wide resources and the links between pages.

The store is one per database URL (``st.cache_resource``), read from the environment on every
call, never at import time: tests and a changed ``BOTLAB_HOME`` get their own. The worker is
started in the background, so no page waits for it.
"""

from __future__ import annotations

import contextlib
import threading
import time

import streamlit as st

from engine import jobs, results
from engine.config import Settings, load_settings
from engine.store import Store

#: Page files, as ``st.switch_page`` and ``st.page_link`` want them (relative to app.py).
NEW_BOT = "pages/new_bot_page.py"
RUN = "pages/run_page.py"
LEADERBOARD = "pages/leaderboard_page.py"
COMPARE = "pages/compare_page.py"
STRATEGIES = "pages/strategies_page.py"
SETTINGS = "pages/settings_page.py"
SWEEP = "pages/sweep_page.py"

#: Their URL paths: each differs from its file's name, so that a deep link matches no file in
#: ``pages/`` and goes through the router (see :mod:`ui.serving`).
URL_PATHS = {
    NEW_BOT: "new",
    RUN: results.RUN_PAGE,
    LEADERBOARD: "leaderboard",
    COMPARE: results.COMPARE_PAGE,
    STRATEGIES: "strategies",
    SETTINGS: "settings",
    SWEEP: "sweep",
}

#: How often a page waiting for a job looks again (a fast run is seen within this).
POLL_SECONDS = 0.15


def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner=False, max_entries=8)
def _store_for(url: str, home: str) -> Store:
    from pathlib import Path

    Path(home).mkdir(parents=True, exist_ok=True)
    return Store(url)


def store() -> Store:
    """The store of the current settings (one per database, shared by every session)."""
    current = settings()
    return _store_for(current.database_url, str(current.home))


_starting: dict[str, float] = {}
_lock = threading.Lock()


def start_worker(current: Settings | None = None) -> None:
    """Make sure a worker serves this home, without blocking the page (at most one attempt
    every few seconds per home)."""
    current = current or settings()
    key = str(current.home)
    with _lock:
        if time.monotonic() - _starting.get(key, -60.0) < 5.0:
            return
        _starting[key] = time.monotonic()
    threading.Thread(
        target=_ensure_worker, args=(current,), name="botlab-ensure-worker", daemon=True
    ).start()


def _ensure_worker(current: Settings) -> None:
    # on failure the status panel keeps saying the job waits; Settings shows the worker
    with contextlib.suppress(Exception):
        jobs.ensure_worker(current)


def worker_running(current: Settings | None = None) -> bool:
    try:
        return bool(jobs.running_worker_pid(current or settings()))
    except Exception:
        return False


def query_int(name: str) -> int | None:
    """An integer query parameter (``?run=12``), or ``None`` when absent or not a number."""
    raw = st.query_params.get(name)
    try:
        return int(str(raw).strip()) if raw not in (None, "") else None
    except ValueError:
        return None


def query_ints(name: str) -> list[int]:
    """A comma-separated list of integers (``?runs=3,5,8``), in order, without repeats."""
    out: list[int] = []
    for raw in st.query_params.get_all(name):
        for part in str(raw).split(","):
            part = part.strip()
            if part.isdigit() and int(part) not in out:
                out.append(int(part))
    return out


def run_link(execution_id: int) -> str:
    """A relative link to a run's page (works from any page of the app)."""
    return results.run_page(execution_id)


def share_url(execution_id: int) -> str:
    """The absolute, shareable address of a run, from the address this page was opened at."""
    base = ""
    try:
        url = st.context.url
        if url:
            base = url.split("?", 1)[0].rstrip("/")
            for path in URL_PATHS.values():
                if base.endswith("/" + path):
                    base = base[: -len(path) - 1]
                    break
    except Exception:
        base = ""
    return results.run_page(execution_id, base)
