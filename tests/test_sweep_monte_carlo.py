"""``botlab robustness RUN_ID --method shuffle --slippage PCT``: the Monte Carlo of a stored run's
trades with a slippage jitter, checked against the run's own trades compounded by hand."""

from __future__ import annotations

import json

import numpy as np

from .conftest import EXAMPLES
from .test_cli import botlab


def test_slippage_jitter_lowers_every_shuffled_outcome_within_the_hand_computed_bounds():
    run = json.loads(
        botlab("run", str(EXAMPLES / "sma_cross.py"), "--symbol", "GOOG", "--json").stdout
    )
    shown = json.loads(botlab("show", str(run["execution_id"]), "--json").stdout)
    trades = np.array([trade["return_pct"] for trade in shown["trades"]], dtype=float)
    assert trades.size == run["metrics"]["trades"] > 10

    def compounded(returns_pct) -> float:
        return (np.prod(1 + np.asarray(returns_pct) / 100) - 1) * 100

    args = ("robustness", str(run["execution_id"]), "--runs", "400", "--method", "shuffle")
    plain = json.loads(botlab(*args, "--json").stdout)["monte_carlo"]
    slipped_run = botlab(*args, "--slippage", "0.5", "--seed", "7", "--json")
    assert slipped_run.returncode == 0, slipped_run.stderr
    slipped = json.loads(slipped_run.stdout)["monte_carlo"]

    # shuffling keeps the same trades: every ordering ends at the same return (to rounding)
    final = compounded(trades)
    assert plain["final_return_pct"]["p95"] - plain["final_return_pct"]["p5"] < 1e-6
    assert abs(plain["final_return_pct"]["p50"] - final) < 1e-6
    # each trade loses 0 to 0.5 points: every outcome between all-0.5-off and none-off
    worst = compounded(trades - 0.5)
    band = slipped["final_return_pct"]
    assert slipped["slippage_pct"] == 0.5
    assert worst < band["p5"] < band["p50"] < band["p95"] < final
    # the same seed, the same answer
    again = json.loads(botlab(*args, "--slippage", "0.5", "--seed", "7", "--json").stdout)
    assert again["monte_carlo"] == slipped
