"""Walk-forward through real sandboxed children, checked against backtesting.py run directly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from backtesting import Backtest

from engine.data import load_ohlcv
from engine.metrics import metrics_from_stats
from engine.sweeps import robustness
from engine.sweeps.runner import SweepRequest
from engine.sweeps.walk_forward import WalkForwardSettings, run_walk_forward

from .conftest import EXAMPLES

SMA = str(EXAMPLES / "sma_cross.py")
GRID = {"fast": [5, 10, 15], "slow": [20, 40]}


def _strategy():
    namespace: dict = {}
    exec(compile(Path(SMA).read_text(), SMA, "exec"), namespace)
    return namespace["SmaCross"]


def test_each_window_chooses_and_trades_as_backtesting_py_would():
    request = SweepRequest(SMA, params=["fast=5:15:5", "slow=20,40"], symbols=["GOOG"])
    document = run_walk_forward(request, WalkForwardSettings(train_bars=500, test_bars=250))

    frame = load_ohlcv("GOOG").frame
    windows = robustness.walk_forward_windows(len(frame), 500, 250)
    assert len(document["windows"]) == len(windows) == 7
    strategy = _strategy()
    candidates = [{"fast": f, "slow": s} for f in GRID["fast"] for s in GRID["slow"]]
    stitched = []
    for window, shown in zip(windows, document["windows"], strict=True):
        train = Backtest(
            frame.iloc[window.train_start : window.train_end],
            strategy,
            cash=100_000,
            finalize_trades=True,
        )
        sharpes = [metrics_from_stats(dict(train.run(**p)))["sharpe_ratio"] for p in candidates]
        best = candidates[max(range(len(candidates)), key=lambda i: sharpes[i])]
        assert shown["params"] == best
        assert shown["in_sample_score"] == pytest.approx(max(sharpes))
        assert shown["test_start"] == frame.index[window.test_start].date().isoformat()
        # out of sample: the chosen setting from the train window's start, test bars counted
        test = Backtest(
            frame.iloc[window.train_start : window.test_end],
            strategy,
            cash=100_000,
            finalize_trades=True,
        ).run(**best)
        curve = test["_equity_curve"]["Equity"].to_numpy()
        equity = curve[window.test_start - 1 - window.train_start :]  # from the last train close
        assert shown["out_of_sample_return_pct"] == pytest.approx(
            (equity[-1] / equity[0] - 1) * 100, abs=1e-6
        )
        stitched.append(equity)
    expected = robustness.stitch_equity(stitched)
    assert document["equity"]["equity"] == pytest.approx(expected, abs=0.01)
    assert len(document["equity"]["time"]) == len(expected)
    assert document["out_of_sample_return_pct"] == pytest.approx(
        (expected[-1] / expected[0] - 1) * 100, rel=1e-9
    )
    assert document["efficiency"] is not None


def _botlab(*args):
    return subprocess.run(
        [sys.executable, "-m", "engine", *args], capture_output=True, text=True, timeout=600
    )


def test_botlab_walk_forward_prints_one_document():
    answer = _botlab(
        "walk-forward",
        SMA,
        "--param",
        "fast=5,10",
        "--param",
        "slow=20,40",
        "--symbol",
        "GOOG",
        "--train-bars",
        "1000",
        "--test-bars",
        "500",
        "--anchored",
        "--json",
    )
    assert answer.returncode == 0, answer.stderr
    document = json.loads(answer.stdout)
    assert document["anchored"] is True and document["combinations"] == 4
    # 2,148 bars: tests at 1000 and 1500; the last 148 bars are under half a test window
    assert [w["train_start"] for w in document["windows"]] == ["2004-08-19"] * 2
    assert {"params", "in_sample_return_pct", "out_of_sample_return_pct"} <= set(
        document["windows"][0]
    )
    assert document["verdict"]["findings"][0]["code"] in {
        "walk_forward_holds",
        "walk_forward_weak",
    }


def test_windows_that_do_not_fit_are_named():
    answer = _botlab(
        "walk-forward",
        SMA,
        "--param",
        "fast=5,10",
        "--symbol",
        "GOOG",
        "--train-bars",
        "2000",
        "--test-bars",
        "500",
    )
    assert answer.returncode == 2
    assert "2148 bars are too few for a 2000-bar train and 500-bar test window" in answer.stderr
