"""Metrics from backtesting.py's stats and from script output."""

from __future__ import annotations

import pytest
from backtesting import Backtest
from backtesting.test import GOOG

from engine.execution.harness import serialise_stats
from engine.metrics import METRIC_NAMES, metrics_from_stats, parse_script_output

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def goog_stats():
    namespace: dict = {}
    exec((EXAMPLES / "sma_cross.py").read_text(), namespace)
    return Backtest(GOOG, namespace["SmaCross"], cash=100_000, finalize_trades=True).run()


def test_metrics_from_serialised_stats(goog_stats):
    metrics = metrics_from_stats(serialise_stats(goog_stats, GOOG)["stats"])

    assert set(metrics) == set(METRIC_NAMES)
    assert metrics["return_pct"] == pytest.approx(goog_stats["Return [%]"])
    assert metrics["win_rate"] == pytest.approx(goog_stats["Win Rate [%]"] / 100)
    assert metrics["trades"] == goog_stats["# Trades"]
    assert isinstance(metrics["trades"], int)


def test_printed_stats_table_parses_to_the_same_metrics(goog_stats):
    parsed = parse_script_output("some chatter\n" + str(goog_stats) + "\nbye\n")
    expected = metrics_from_stats(serialise_stats(goog_stats, GOOG)["stats"])

    for name in ("return_pct", "sharpe_ratio", "max_drawdown", "trades", "exposure_pct"):
        assert parsed[name] == pytest.approx(expected[name], rel=1e-4), name
    assert parsed["win_rate"] == pytest.approx(expected["win_rate"], rel=1e-4)


def test_last_json_object_wins_and_aliases_map():
    output = 'progress {"step": 1}\n{"total_return_pct": 12.5, "sharpe": 1.1, "num_trades": 4}\n'
    parsed = parse_script_output(output)

    assert parsed["return_pct"] == 12.5
    assert parsed["sharpe_ratio"] == 1.1
    assert parsed["trades"] == 4


def test_win_rate_accepts_percent_or_fraction():
    assert parse_script_output('{"win_rate": 0.6}')["win_rate"] == pytest.approx(0.6)
    assert parse_script_output('{"win_rate": 60}')["win_rate"] == pytest.approx(0.6)
    assert parse_script_output('{"Win Rate [%]": 60}')["win_rate"] == pytest.approx(0.6)


def test_nested_seed_style_metrics_are_found():
    output = '{"success": true, "results": {"metrics": {"total_trades": 3, "win_rate": 66.7}}}'
    parsed = parse_script_output(output)
    assert parsed["trades"] == 3
    assert parsed["win_rate"] == pytest.approx(0.667)


def test_output_without_metrics_is_none():
    assert parse_script_output("hello\nworld\n") is None
    assert parse_script_output('{"unrelated": 1}') is None


def test_nan_and_inf_become_none():
    metrics = metrics_from_stats({"Sharpe Ratio": float("nan"), "Profit Factor": float("inf")})
    assert metrics["sharpe_ratio"] is None and metrics["profit_factor"] is None


def test_a_win_rate_that_is_not_a_rate_is_dropped():
    assert parse_script_output('{"return_pct": 3, "win_rate": -5}')["win_rate"] is None
    assert parse_script_output('{"return_pct": 3, "win_rate": 250}')["win_rate"] is None
