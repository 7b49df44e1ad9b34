"""How fast the dashboard feels: ``python -m bench.dashboard [--json] [--executions N]``.

Fills a fresh Botlab home with ``--executions`` stored runs (default 100,000, with
:func:`bench.store.fill`), starts one real ``streamlit run app.py`` on it, and measures, each the
median of ``--reps`` tries:

* **page ready** (target <= 1 s): from ``goto`` until the app's root element reports its script
  run finished and the page's title is drawn; the New bot page, a run's page and the leaderboard;
  ``page_ready_first_s`` is the very first load (cold browser cache, first script run);
* **leaderboard first page** (target <= 1 s at 100,000 runs): from a click on "Leaderboard" in
  the sidebar until the first row of the table is in the page (``leaderboard_full_load_s``: the
  same from typing the address, a full page load); plus ``leaderboard_query_ms``, the store query
  and the table's rows alone (no browser);
* **click to equity curve** (target <= 1.5 s): on the New bot page, click the "Golden cross"
  example (GOOG, daily bars, bundled data), then time from the click on "Generate & run" until
  the run's page shows its equity curve, with a worker that has already run a bot (warm);
  ``click_to_equity_stages_s`` says where that time went (medians, seconds after the click):
  the job stored, picked up by the worker, finished; the run's address shown; the chart drawn;
* **run page**: ``run_page_ready_s``, that run's page opened by its address, and
  ``run_page_script_s``, the app's script for it alone (``AppTest``, warm caches, no browser):
  the difference is the browser's.

The browser is Debian's Chromium (``/usr/bin/chromium``, never downloaded). Without it (or
without the ``playwright`` package) the page figures come from ``AppTest`` runs of the same
pages instead (the script alone, no browser: said in ``mode``), and click-to-curve from submitting
the job and rendering the run's page with AppTest.

The home is a temporary directory (removed afterwards), or ``$BOTLAB_HOME/bench/dashboard-N``
with ``--keep`` (reused by the next ``--keep`` run with the same N: filling 100,000 runs takes a
minute). The worker started for the home is stopped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("BOTLAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TARGETS = {"page_ready_s": 1.0, "leaderboard_first_page_s": 1.0, "click_to_equity_s": 1.5}
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
CHART = "[data-testid='stPlotlyChart'] .main-svg"
RULE = "Buy when SMA(50) crosses above SMA(200)"  # what Botlab understood of "Golden cross"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--executions", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--keep", action="store_true", help="keep the filled home for next time")
    args = parser.parse_args(argv)
    with _home(args.executions, keep=args.keep) as home:
        results = run(home, args.executions, reps=args.reps)
    if args.json:
        print(json.dumps(results))
    else:
        for key, value in results.items():
            print(f"{key:>28}: {value}")
    return 0


def run(home: Path, executions: int, *, reps: int = 5) -> dict[str, Any]:
    """Fill ``home`` (unless it holds the runs already) and measure; returns the figures."""
    figures: dict[str, Any] = {"executions": executions}
    figures["fill_s"] = _fill(home, executions)
    figures["leaderboard_query_ms"] = _leaderboard_query_ms(home, reps)
    env = {**os.environ, "BOTLAB_HOME": str(home)}
    env.pop("BOTLAB_DATABASE_URL", None)
    env.pop("BOTLAB_DATA_SOURCE", None)
    try:
        if browser_available():
            figures["mode"] = "browser (Playwright + Chromium against streamlit run)"
            figures.update(_with_browser(env, reps))
        else:
            figures["mode"] = "AppTest (no Chromium or playwright here: script time, no browser)"
            os.environ["BOTLAB_HOME"] = str(home)
            figures.update(_with_apptest(home, reps))
    finally:
        stop_worker(home)
    figures["targets"] = TARGETS
    return figures


# -- the home ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _home(executions: int, *, keep: bool):
    if keep and os.environ.get("BOTLAB_HOME"):
        home = Path(os.environ["BOTLAB_HOME"]).expanduser() / "bench" / f"dashboard-{executions}"
        home.mkdir(parents=True, exist_ok=True)
        _log(f"home: {home} (kept)")
        yield home
        return
    folder = Path(tempfile.mkdtemp(prefix="botlab-bench-dashboard-"))
    _log(f"home: {folder / 'home'} (temporary)")
    try:
        yield folder / "home"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _fill(home: Path, executions: int) -> float:
    import numpy as np

    from bench.store import fill
    from engine.config import load_settings
    from engine.store import Store

    store = Store.open(load_settings({"BOTLAB_HOME": str(home)}))
    try:
        have = store.list_executions(status=None, limit=1).total
        if have >= executions:
            _log(f"{have:,} runs stored already")
            return 0.0
        started = time.perf_counter()
        names = [
            f"{kind} {n}" for kind in ("SMA Cross", "RSI Revert", "Breakout") for n in range(8)
        ]
        strategies = []
        for index, name in enumerate(names):
            code = f"from backtesting import Strategy\n\n\nclass Bot{index}(Strategy):\n    pass\n"
            source = ("offline", "gemini", "edited")[index % 3]
            record = store.save_strategy(name, code, source=source, description=name)
            strategies.append((name, record.id))
        fill(store, executions - have, strategies, np.random.default_rng(11))
        store.rebuild_totals()
        seconds = time.perf_counter() - started
        _log(f"filled {executions - have:,} runs in {seconds:.1f} s")
        return round(seconds, 1)
    finally:
        store.close()


def _leaderboard_query_ms(home: Path, reps: int) -> float:
    """The leaderboard's first page without a browser: the query and the table it shows."""
    from engine.config import load_settings
    from engine.store import Store

    os.environ["BOTLAB_HOME"] = str(home)
    import logging

    # (its cached helpers are called outside a Streamlit runtime here: that is fine)
    logging.getLogger("streamlit.runtime.caching").setLevel(logging.ERROR)
    from ui import leaderboard

    leaderboard.strategy_source.clear()
    store = Store.open(load_settings({"BOTLAB_HOME": str(home)}))

    def first_page() -> None:
        page = store.list_executions(sort="return_pct", limit=leaderboard.PAGE_SIZE)
        leaderboard.leaderboard_frame(page.items, store.url)

    try:
        return _median(first_page, reps, scale=1000, digits=1)
    finally:
        store.close()


# -- with a browser -----------------------------------------------------------------------------


def browser_available() -> bool:
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _with_browser(env: dict, reps: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    server = start_server(env, Path(env["BOTLAB_HOME"]).parent / "streamlit.log")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(60_000)
                return _browser_figures(page, server.url, reps, env["BOTLAB_HOME"])
            finally:
                browser.close()
    finally:
        server.stop()


def _browser_figures(page, url: str, reps: int, home: str) -> dict[str, Any]:
    figures: dict[str, Any] = {}

    def ready(path: str, heading: str) -> Callable[[], None]:
        def load() -> None:
            page.goto(url + path)
            page.locator(READY).wait_for(state="attached")
            page.get_by_role("heading", name=heading).first.wait_for()

        return load

    started = time.perf_counter()
    ready("/", "New bot")()
    figures["page_ready_first_s"] = round(time.perf_counter() - started, 2)
    figures["page_ready_s"] = _median(ready("/", "New bot"), reps)

    first_row = page.locator("[data-testid='glide-cell-2-0']")

    def leaderboard_load() -> None:
        page.goto(url + "/leaderboard")
        first_row.wait_for(state="attached")

    def leaderboard_click() -> None:
        page.get_by_role("link", name="New bot").click()
        page.get_by_role("heading", name="New bot").wait_for()
        page.locator(READY).wait_for(state="attached")
        started = time.perf_counter()
        page.get_by_role("link", name="Leaderboard").click()
        first_row.wait_for(state="attached")
        clicked.append(time.perf_counter() - started)

    figures["leaderboard_full_load_s"] = _median(leaderboard_load, reps)
    clicked: list[float] = []
    for _ in range(reps + 1):
        leaderboard_click()
    figures["leaderboard_first_page_s"] = round(statistics.median(clicked[1:]), 2)

    clicks, stages = [], []
    for attempt in range(reps + 1):  # the first one warms the worker up, and is left out
        page.goto(url + "/")
        for _ in range(3):  # a click landing while the page still connects is lost
            page.locator(READY).wait_for(state="attached")
            page.get_by_role("button", name="Golden cross", exact=True).click()
            with contextlib.suppress(Exception):
                page.locator("[data-testid='stMarkdownContainer']").get_by_text(
                    RULE
                ).first.wait_for(timeout=5000)
                break
        page.locator(READY).wait_for(state="attached")
        started, wall = time.perf_counter(), time.time()
        page.get_by_role("button", name="Generate & run").click()
        try:
            page.wait_for_url(re.compile(r"/run\?run=\d+"), timeout=120_000)
            run_url = time.time()
            page.locator(CHART).first.wait_for(state="visible", timeout=60_000)
        except Exception:
            shot = ROOT / "test-artifacts" / "bench-dashboard-failure.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
            _log(f"no equity curve after the click (attempt {attempt}, {page.url}): see {shot}")
            raise
        seconds = time.perf_counter() - started
        if attempt == 0:
            figures["click_to_equity_cold_worker_s"] = round(seconds, 2)
        else:
            clicks.append(seconds)
            stages.append(_stages(home, wall, run_url, wall + seconds))
    figures["click_to_equity_s"] = round(statistics.median(clicks), 2)
    figures["click_to_equity_stages_s"] = {
        name: round(statistics.median(stage[name] for stage in stages), 2) for name in stages[0]
    }
    run_id = int(re.search(r"run=(\d+)", page.url).group(1))
    figures["run_page_ready_s"] = _median(ready(f"/run?run={run_id}", "golden cross"), reps)
    # the script alone: the rest of run_page_ready_s is the browser's (load the page, draw it)
    os.environ["BOTLAB_HOME"] = home
    figures["run_page_script_s"] = _median(apptest_page("pages/run_page.py", run=run_id), reps)
    return figures


def _stages(home: str, clicked: float, run_url: float, chart: float) -> dict[str, float]:
    """Where one click's time went, from the job's own timestamps (seconds after the click):
    ``queued`` (the page checked the request and stored the job), ``picked_up`` (the worker
    claimed it), ``finished`` (generated, run and saved), ``run_page`` (the address became the
    run's), ``chart`` (the equity curve was drawn)."""
    from engine.config import load_settings
    from engine.store import Store

    store = Store.open(load_settings({"BOTLAB_HOME": home}))
    try:
        job = store.list_jobs(limit=1)[0]

        def after(moment) -> float:
            return moment.timestamp() - clicked if moment is not None else float("nan")

        return {
            "queued": after(job.created_at),
            "picked_up": after(job.started_at),
            "finished": after(job.finished_at),
            "run_page": run_url - clicked,
            "chart": chart - clicked,
        }
    finally:
        store.close()


class Server:
    """``streamlit run app.py`` on a free port, with the environment given."""

    def __init__(self, env: dict, log: Path | None = None) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self, timeout_s: float = 60.0) -> Server:
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(self.port),
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ]
        output = open(self.log, "wb") if self.log else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT
            )
        finally:
            if self.log:
                output.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}")
            if healthy(self.url):
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"streamlit was not healthy after {timeout_s:.0f} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_server(env: dict, log: Path | None = None) -> Server:
    return Server(env, log).start()


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
            return answer.read() == b"ok"
    except OSError:
        return False


def stop_worker(home: Path) -> None:
    """Stop the worker serving ``home`` (its whole process group), if one runs."""
    from engine import jobs
    from engine.config import load_settings

    pid = jobs.running_worker_pid(load_settings({"BOTLAB_HOME": str(home)}))
    if not pid:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


# -- without a browser --------------------------------------------------------------------------


def apptest_page(path: str | None, **query) -> Callable[[], None]:
    """Run the app's script for one page with ``AppTest`` (the server's work alone, no browser;
    ``BOTLAB_HOME`` must name the home)."""
    from streamlit.testing.v1 import AppTest

    def load() -> None:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
        if path:
            at.switch_page(path)
            for key, value in query.items():
                at.query_params[key] = str(value)
            at.run()
        if at.exception:
            raise RuntimeError(at.exception[0].value)

    return load


def _with_apptest(home: Path, reps: int) -> dict[str, Any]:
    from engine import jobs
    from engine.config import load_settings
    from engine.store import Store

    page = apptest_page
    figures: dict[str, Any] = {}
    started = time.perf_counter()
    page(None)()
    figures["page_ready_first_s"] = round(time.perf_counter() - started, 2)
    figures["page_ready_s"] = _median(page(None), reps)
    figures["leaderboard_first_page_s"] = _median(page("pages/leaderboard_page.py"), reps)

    settings = load_settings({"BOTLAB_HOME": str(home)})
    store = Store.open(settings)
    jobs.ensure_worker(settings)
    description = (
        "Buy when the 50-day SMA crosses above the 200-day SMA and sell when it crosses back below."
    )
    clicks = []
    for attempt in range(reps + 1):
        started = time.perf_counter()
        job = jobs.submit_generation(store, description=description, symbol="GOOG")
        while not (job := store.get_job(job.id)).finished:
            time.sleep(0.05)
        page("pages/run_page.py", run=job.execution_id)()
        if attempt:
            clicks.append(time.perf_counter() - started)
    store.close()
    figures["click_to_equity_s"] = round(statistics.median(clicks), 2)
    return figures


# -- helpers ------------------------------------------------------------------------------------


def _median(call: Callable[[], Any], reps: int, *, scale: float = 1.0, digits: int = 2) -> float:
    call()  # warm-up
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * scale)
    return round(statistics.median(times), digits)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
