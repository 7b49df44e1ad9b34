"""A sweep's scores on its grid (what the Sweep page's heatmap draws)."""

from __future__ import annotations

import math

import pytest

from engine.sweeps.assessment import score_grid, sweep_grid
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


def test_a_stored_sweep_is_laid_out_from_its_own_results():
    runner = SweepRunner(workers=2)
    sweep = runner.start(
        SweepRequest(
            SMA,
            params=["fast=5:15:5", "slow=20:40:10"],
            constraints=["fast < 11"],
            symbols=["GOOG"],
            best_n=1,
            robustness=False,
        )
    )
    layout = sweep_grid(runner.store, sweep.id)
    assert layout["names"] == ["fast", "slow"]
    assert layout["axes"] == [[5, 10, 15], [20, 30, 40]]
    results = {tuple(r.params.values()): r for r in runner.store.sweep_results(sweep.id)}
    assert layout["scores"][0][0] == pytest.approx(results[(5, 20)].metrics["sharpe_ratio"])
    assert layout["scores"][2] == [None, None, None]  # fast=15 broke the constraint
    assert sweep_grid(runner.store, 404) is None
