"""A sweep's robustness figures: the grid of scores, stability, deflated Sharpe and verdict."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.sweeps import robustness
from engine.sweeps.assess import assess_sweep, score_grid
from engine.sweeps.runner import SweepRequest, SweepRunner

from .conftest import EXAMPLES

SMA = str(EXAMPLES / "sma_cross.py")


def test_scores_land_on_their_grid_cells_and_holes_stay_empty():
    ranking = [
        {"params": {"fast": 5, "slow": 20}, "score": 1.5},
        {"params": {"fast": 10, "slow": 30}, "score": -0.5},
        {"params": {"fast": 7, "slow": 30}, "score": 9.0},  # not on this grid: ignored
    ]
    grid = score_grid(["fast", "slow"], [[5, 10], [20, 30]], ranking)
    assert grid[0, 0] == 1.5 and grid[1, 1] == -0.5
    assert math.isnan(grid[0, 1]) and math.isnan(grid[1, 0])


def test_a_stored_sweep_is_assessed_from_its_own_results():
    runner = SweepRunner(workers=2)
    sweep = runner.start(
        SweepRequest(
            SMA,
            params=["fast=5:15:5", "slow=20:40:10"],
            constraints=["fast < slow"],
            symbols=["GOOG"],
            best_n=1,
        )
    )
    report = assess_sweep(runner.store, sweep.id)

    assert report["names"] == ["fast", "slow"]
    assert report["axes"] == [[5, 10, 15], [20, 30, 40]]
    assert report["trials"] == 9
    assert report["trading_days"] == 2148  # GOOG's bundled daily bars
    results = {tuple(r.params.values()): r for r in runner.store.sweep_results(sweep.id)}
    assert report["scores"][0][0] == pytest.approx(results[(5, 20)].metrics["sharpe_ratio"])
    stability = report["stability"]
    best_params = stability["best_params"]
    assert stability["best_score"] == max(r.metrics["sharpe_ratio"] for r in results.values())
    assert results[tuple(best_params.values())].metrics["sharpe_ratio"] == stability["best_score"]

    # the deflated Sharpe ratio, by hand from the stored Sharpe ratios
    sharpes = np.array([r.metrics["sharpe_ratio"] for r in results.values()]) / math.sqrt(252)
    expected = robustness.deflated_sharpe_ratio(
        stability["best_score"] / math.sqrt(252), 2148, 9, float(np.var(sharpes, ddof=1))
    )
    assert report["deflated_sharpe_ratio"] == pytest.approx(expected)
    codes = {f["code"] for f in report["verdict"]["findings"]}
    assert {"sharpe_may_be_luck", "sharpe_beats_luck"} & codes
    assert report["verdict"]["level"] in {
        "robust",
        "mixed",
        "likely overfit",
        "too little evidence",
    }


def test_an_unknown_sweep_is_none():
    runner = SweepRunner(workers=1)
    assert assess_sweep(runner.store, 404) is None
