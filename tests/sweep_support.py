"""A running 2 x 2 sweep made directly in a store, for the Sweep page's tests (the page is under
test, not the backtests): fast 5, 10 x slow 20, 30 on GOOG, Sharpe ratio fast / 10 - slow / 100."""

from __future__ import annotations

import os
import socket

from engine.sweeps.grid import combination_key
from tests.conftest import EXAMPLES


def running_sweep(store, *, stored: int = 3) -> tuple[int, list[dict]]:
    """The sweep's id, ``stored`` of its four results stored; and the results not stored yet.
    It is recorded as run by this process, alive, so the page does not close it as
    interrupted."""
    strategy = store.save_strategy("grid_bot", (EXAMPLES / "sma_cross.py").read_text())
    record = store.create_sweep(
        strategy_id=strategy.id,
        objective="sharpe",
        combinations=4,
        definition={
            "params": ["fast=5,10", "slow=20,30"],
            "grid": [
                {"name": "fast", "values": [5, 10], "text": "5,10"},
                {"name": "slow", "values": [20, 30], "text": "20,30"},
            ],
            "symbols": ["GOOG"],
        },
        runner_host=socket.gethostname(),
        runner_pid=os.getpid(),
    )
    rows = [
        {
            "sweep_key": combination_key("GOOG", {"fast": fast, "slow": slow}),
            "params": {"fast": fast, "slow": slow},
            "symbol": "GOOG",
            "status": "succeeded",
            "sharpe_ratio": fast / 10 - slow / 100,
            "trades": 40,
        }
        for fast in (5, 10)
        for slow in (20, 30)
    ]
    store.record_sweep_results(record.id, rows[:stored])
    return record.id, rows[stored:]
