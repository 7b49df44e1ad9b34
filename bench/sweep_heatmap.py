"""How soon a 50 x 50 sweep's heatmap is on screen after its last result (issue 14: <= 1 s).

``python -m bench.sweep_heatmap [--size 50] [--reps 5] [--no-browser] [--json]`` (from the repo
root).

Sweeps of ``size`` x ``size`` results are made directly in the store (this measures the page,
not the backtests) and read the way the Sweep page reads them. Figures, medians of ``--reps``:

* ``engine_ms``: the sweep's document with every combination, its scores on the grid and the
  Plotly heatmap, in this process (what the page computes once per state of the sweep);
* ``last_result_s``: a running sweep's page open in headless Chromium, every result but one
  stored and drawn; from the last result stored to the heatmap drawn with every cell (its
  title counts them) - the issue's target;
* ``finished_s``: then the sweep marked finished, to its finished heatmap drawn;
* ``page_s``: a finished sweep's ``/sweep?sweep=ID`` opened, from the request to the heatmap
  drawn (Streamlit's own start-up included).

A figure the page never reaches within ``TIMEOUT_S`` is ``null``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TIMEOUT_S = 20.0
TITLES = "[data-testid='stPlotlyChart'] .gtitle"


def fill(home: Path, size: int, *, finished: bool = True) -> tuple[int, list[dict]]:
    """A ``size`` x ``size`` sweep of plausible results: its id and the results not stored yet
    (none when ``finished``; else the last one, and the sweep is left running, by this process
    so that the dashboard does not close it as interrupted)."""
    import math

    from engine.config import load_settings
    from engine.store import Store
    from engine.sweeps.grid import combination_key

    store = Store.open(load_settings({"BOTLAB_HOME": str(home)}))
    strategy = store.save_strategy("sma_cross", (EXAMPLES / "sma_cross.py").read_text())
    fast, slow = list(range(2, 2 + size)), list(range(20, 20 + 2 * size, 2))
    definition = {
        "params": [f"fast=2:{1 + size}:1", f"slow=20:{18 + 2 * size}:2"],
        "grid": [
            {"name": "fast", "values": fast, "text": ""},
            {"name": "slow", "values": slow, "text": ""},
        ],
        "symbols": ["GOOG"],
        "markets": {"GOOG": {"interval": "1d", "bars": 2148, "start": "2004-08-19"}},
    }
    sweep = store.create_sweep(
        strategy_id=strategy.id,
        objective="sharpe",
        combinations=size * size,
        definition=definition,
        runner_host=socket.gethostname(),
        runner_pid=os.getpid(),
    )
    rows = []
    for f in fast:
        for s in slow:
            sharpe = math.sin(f / 7) + math.cos(s / 20)  # hills and valleys
            rows.append(
                {
                    "sweep_key": combination_key("GOOG", {"fast": f, "slow": s}),
                    "params": {"fast": f, "slow": s},
                    "symbol": "GOOG",
                    "status": "succeeded",
                    "sharpe_ratio": sharpe,
                    "return_pct": 100 * sharpe,
                    "max_drawdown_pct": -20.0,
                    "trades": 40,
                }
            )
    left = [] if finished else rows[-1:]
    store.record_sweep_results(sweep.id, rows[: len(rows) - len(left)])
    if finished:
        store.update_sweep(sweep.id, status="succeeded", finished_at=datetime.now(UTC))
    store.close()
    return sweep.id, left


def engine_ms(home: Path, sweep_id: int, reps: int) -> float:
    """What the Sweep page computes for a finished sweep: its document, grid and heatmap."""
    from engine import charts
    from engine.config import load_settings
    from engine.store import Store
    from engine.sweeps.assessment import grid_of
    from engine.sweeps.report import sweep_document
    from engine.sweeps.runner import rank

    store = Store.open(load_settings({"BOTLAB_HOME": str(home)}))
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        record = store.get_sweep(sweep_id)
        results = store.sweep_results(sweep_id)  # read and ranked once, as the page does
        ranking = rank(results, record.objective, record.definition["symbols"])
        document = sweep_document(store, sweep_id, results=results, ranking=ranking)
        grid = grid_of(record.definition, ranking)
        runs = {
            (c["params"]["fast"], c["params"]["slow"]): c["execution_id"]
            for c in document["combinations"]
        }
        stability = (document.get("robustness") or {}).get("stability") or {}
        charts.sweep_heatmap(
            grid["names"],
            grid["axes"],
            grid["scores"],
            objective="Sharpe ratio",
            runs=runs,
            stable=stability.get("stable") or [],
            best=stability.get("best"),
        ).to_json()
        times.append(time.perf_counter() - started)
    store.close()
    return round(1000 * statistics.median(times), 1)


def browser_figures(home: Path, size: int, reps: int) -> dict[str, float | None]:
    """``last_result_s``, ``finished_s`` and ``page_s`` (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    from bench.dashboard import CHROMIUM, CHROMIUM_ARGS, Server
    from engine.config import load_settings
    from engine.store import Store

    finished_id, _ = fill(home, size)
    env = {**os.environ, "BOTLAB_HOME": str(home)}
    server = Server(env, home.parent / "streamlit.log").start()
    store = Store.open(load_settings({"BOTLAB_HOME": str(home)}))
    cells = size * size
    times: dict[str, list[float | None]] = {"last_result_s": [], "finished_s": [], "page_s": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for rep in range(reps + 1):  # the first warms the server's caches and imports
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                started = time.perf_counter()
                page.goto(f"{server.url}/sweep?sweep={finished_id}")
                page.locator("[data-testid='stPlotlyChart'] .heatmaplayer").first.wait_for(
                    timeout=60_000
                )
                opened = time.perf_counter() - started

                sweep_id, left = fill(home, size, finished=False)
                page.goto(f"{server.url}/sweep?sweep={sweep_id}")
                _title(page, f"{cells - 1:,} of {cells:,}")  # None: never drawn
                started = time.perf_counter()
                store.record_sweep_results(sweep_id, left)
                last = _title(page, f"{cells:,} of {cells:,}", since=started)
                started = time.perf_counter()
                store.update_sweep(sweep_id, status="succeeded", finished_at=datetime.now(UTC))
                finished = _title(page, "Sharpe ratio for each setting", since=started, exact=True)
                page.close()
                if rep:
                    times["page_s"].append(opened)
                    times["last_result_s"].append(last)
                    times["finished_s"].append(finished)
            browser.close()
    finally:
        store.close()
        server.stop()
    return {name: _median(values) for name, values in times.items()}


def _title(page, text: str, *, since: float | None = None, exact=False, timeout_s=TIMEOUT_S):
    """Seconds from ``since`` until a chart's title shows ``text``; None if it never does."""
    try:
        page.wait_for_function(
            """([selector, text, exact]) => [...document.querySelectorAll(selector)].some(
                t => exact ? t.textContent === text : t.textContent.includes(text))""",
            arg=[TITLES, text, exact],
            timeout=timeout_s * 1000,
        )
    except Exception:  # playwright's TimeoutError: the page never drew it
        return None
    return None if since is None else time.perf_counter() - since


def _median(values: list[float | None]) -> float | None:
    return None if None in values or not values else round(statistics.median(values), 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true", help="only the engine's part")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="botlab-bench-heatmap-") as tmp:
        home = Path(tmp) / "home"
        sweep_id, _ = fill(home, args.size)
        figures = {
            "cells": args.size * args.size,
            "engine_ms": engine_ms(home, sweep_id, args.reps),
        }
        if not args.no_browser:
            figures.update(browser_figures(home, args.size, args.reps))
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            print(f"{name:>10}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
