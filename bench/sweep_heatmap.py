"""How soon a 50 x 50 sweep's heatmap is on screen after its last result.

``python -m bench.sweep_heatmap [--size 50] [--reps 5] [--json]`` (from the repo root).

A sweep of ``size`` x ``size`` stored results (made directly in the store: this measures the
page, not the backtests) is read the way the Sweep page reads it. Figures, medians of ``--reps``:

* ``engine_ms``: the sweep's document with every combination, its scores on the grid and the
  Plotly heatmap, in this process (what the page computes once, then caches);
* ``page_s``: ``/sweep?sweep=ID`` opened in headless Chromium on a running dashboard, from the
  request to the heatmap drawn (the target is 1 s).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def fill(home: Path, size: int) -> int:
    """A finished ``size`` x ``size`` sweep of plausible results; returns its id."""
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
        strategy_id=strategy.id, objective="sharpe", combinations=size * size, definition=definition
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
    store.record_sweep_results(sweep.id, rows)
    store.update_sweep(sweep.id, status="succeeded", finished_at=datetime.now(UTC))
    store.close()
    return sweep.id


def engine_ms(home: Path, sweep_id: int, reps: int) -> float:
    """What the Sweep page computes for a finished sweep: its document, grid and heatmap."""
    from engine import charts
    from engine.config import load_settings
    from engine.store import Store
    from engine.sweeps.assessment import sweep_grid
    from engine.sweeps.report import sweep_document

    store = Store.open(load_settings({"BOTLAB_HOME": str(home)}))
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        document = sweep_document(store, sweep_id)
        grid = sweep_grid(store, sweep_id)
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


def page_s(home: Path, sweep_id: int, reps: int) -> float:
    from playwright.sync_api import sync_playwright

    from bench.dashboard import CHROMIUM, CHROMIUM_ARGS, Server

    env = {**os.environ, "BOTLAB_HOME": str(home)}
    server = Server(env, home.parent / "streamlit.log").start()
    times = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(reps + 1):  # the first warms the server's caches and imports
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                started = time.perf_counter()
                page.goto(f"{server.url}/sweep?sweep={sweep_id}")
                page.locator("[data-testid='stPlotlyChart'] .heatmaplayer").first.wait_for(
                    timeout=60_000
                )
                times.append(time.perf_counter() - started)
                page.close()
            browser.close()
    finally:
        server.stop()
    return round(statistics.median(times[1:]), 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true", help="only the engine's part")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="botlab-bench-heatmap-") as tmp:
        home = Path(tmp) / "home"
        sweep_id = fill(home, args.size)
        figures = {
            "cells": args.size * args.size,
            "engine_ms": engine_ms(home, sweep_id, args.reps),
        }
        if not args.no_browser:
            figures["page_s"] = page_s(home, sweep_id, args.reps)
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            print(f"{name:>10}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
