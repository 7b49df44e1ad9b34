"""Templates end to end: real executor runs (a child process each), a real SQLite store.

Eleven real runs at most; everything that doesn't need the executor is in
test_templates_validation.py and test_templates_bots.py.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from engine.data import load_ohlcv
from engine.execution.executor import BotExecutor
from engine.templates import execute_script
from engine.templates.bots.mean_reversion import zscore
from engine.templates.cli_command import run_request_cli

from .fixtures.templates.intraday import intraday_frame, session_bars

DAY = "2024-05-01"
TRADE_KEYS = {
    "entry_price": float,
    "entry_time": str,
    "exit_price": float,
    "exit_time": str,
    "exit_reason": str,
    "pnl": float,
    "pnl_percent": float,
    "highest_price": float,
}
BACKTEST_KEYS = {
    "symbol",
    "timeframe",
    "start",
    "end",
    "bars",
    "cash",
    "commission",
    "data_source",
    "return_pct",
    "buy_hold_return_pct",
    "sharpe_ratio",
    "max_drawdown_pct",
}


@pytest.fixture
def executor() -> BotExecutor:
    return BotExecutor(verbose=False)


def check_contract(response: dict) -> dict:
    """Assert the seed's response shape; return ``results``."""
    assert response["success"] is True, response.get("error")
    assert set(response) == {"success", "executionId", "results", "executionTime"}
    assert isinstance(response["executionId"], int)
    assert isinstance(response["executionTime"], float) and response["executionTime"] > 0
    json.dumps(response, allow_nan=False)  # JSON-safe as it is
    results = response["results"]
    assert {"backtest", "trades", "metrics", "summary"} <= set(results)
    assert set(results["backtest"]) >= BACKTEST_KEYS
    for trade in results["trades"]:
        for key, kind in TRADE_KEYS.items():
            assert isinstance(trade[key], kind), (key, trade[key])
    metrics = results["metrics"]
    assert set(metrics) == {
        "total_trades",
        "winning_trades",
        "win_rate",
        "total_pnl",
        "total_pnl_percent",
    }
    trades = results["trades"]
    assert metrics["total_trades"] == len(trades)
    assert metrics["winning_trades"] == sum(t["pnl"] > 0 for t in trades)
    if trades:
        assert metrics["win_rate"] == pytest.approx(100 * metrics["winning_trades"] / len(trades))
    assert metrics["total_pnl"] == pytest.approx(sum(t["pnl"] for t in trades))
    cash = results["backtest"]["cash"]
    assert metrics["total_pnl_percent"] == pytest.approx(100 * metrics["total_pnl"] / cash)
    assert isinstance(results["summary"], str) and results["summary"].endswith(".")
    assert results["summary"].count(". ") == 0  # one sentence
    return results


def bar_of(frame: pd.DataFrame, when: str) -> int:
    return frame.index.get_loc(pd.Timestamp(when))


def highest_between(frame: pd.DataFrame, trade: dict) -> float:
    entry, exit_ = bar_of(frame, trade["entry_time"]), bar_of(frame, trade["exit_time"])
    return float(frame["High"].iloc[entry : exit_ + 1].max())


# -- orb -----------------------------------------------------------------------------------------


def test_orb_breakout_and_trailing_stop(executor):
    request = {
        "scriptTemplate": "orb",
        "parameters": {"ticker": "AAPL", "date": DAY, "timeframe": "5m", "trailingStopPct": 1.0},
    }
    response = execute_script(request, data=intraday_frame(), executor=executor)

    results = check_contract(response)
    session = session_bars(DAY, "breakout_then_stop", seed=0)
    assert results["backtest"]["bars"] == 78
    assert results["backtest"]["symbol"] == "AAPL" and results["backtest"]["timeframe"] == "5m"
    assert results["backtest"]["start"] == f"{DAY}T09:30:00"
    [trade] = results["trades"]
    # the first close above the 09:30-09:45 range High signals; the order fills at the next Open
    range_high = session["High"].iloc[:3].max()
    signal = next(i for i in range(3, 78) if session["Close"].iloc[i] > range_high)
    assert trade["entry_time"] == session.index[signal + 1].isoformat()
    assert trade["entry_price"] == pytest.approx(session["Open"].iloc[signal + 1])
    # it leaves at the trailing stop: 1% under the highest High from entry to the bar before
    exit_bar = bar_of(session, trade["exit_time"])
    peak = session["High"].iloc[signal + 1 : exit_bar].max()
    assert trade["exit_price"] == pytest.approx(min(peak * 0.99, session["Open"].iloc[exit_bar]))
    assert trade["exit_reason"] == "trailing_stop"
    assert trade["highest_price"] == pytest.approx(highest_between(session, trade))
    assert trade["pnl_percent"] == pytest.approx(
        100 * (trade["exit_price"] / trade["entry_price"] - 1)
    )
    assert "Opening-range breakout on AAPL 5m bars of 2024-05-01" in results["summary"]

    record = executor.store.get_execution(response["executionId"])
    assert record.status == "succeeded" and record.strategy_name == "orb_AAPL"
    assert record.symbol == "AAPL" and record.bars == 78 and record.data_source == "dataframe"
    assert record.trades == 1
    strategy = executor.store.get_strategy(record.strategy_id)
    assert strategy.source == "template"
    assert strategy.spec["template"] == "orb" and strategy.spec["parameters"]["date"] == DAY
    assert "class OpeningRangeBreakout(Strategy)" in strategy.code


def test_orb_holds_to_the_session_close(executor):
    request = {"scriptTemplate": "orb", "parameters": {"ticker": "SPY", "date": "2024-05-02"}}
    response = execute_script(request, data=intraday_frame(), executor=executor)

    results = check_contract(response)
    session = intraday_frame().loc["2024-05-02"]
    [trade] = results["trades"]
    assert trade["exit_reason"] == "session_close"
    assert trade["exit_time"] == "2024-05-02T15:55:00"
    assert trade["exit_price"] == pytest.approx(session["Open"].iloc[-1])
    assert trade["highest_price"] == pytest.approx(highest_between(session, trade))


def test_orb_short_side(executor):
    frame = session_bars(DAY, "breakdown")
    request = {
        "scriptTemplate": "orb",
        "parameters": {"ticker": "BRK-B", "date": DAY, "allowShort": True, "trailingStopPct": 2},
    }
    results = check_contract(execute_script(request, data=frame, executor=executor))

    [trade] = results["trades"]
    assert trade["side"] == "short" and trade["size"] < 0
    assert trade["pnl"] > 0 and trade["exit_price"] < trade["entry_price"]
    assert trade["highest_price"] == pytest.approx(highest_between(frame, trade))


def test_orb_with_a_market_filter(executor):
    request = {
        "scriptTemplate": "orb",
        "parameters": {"ticker": "AAPL", "date": DAY, "marketFilterTicker": "QQQ"},
    }

    def run_with(market_shape: str) -> dict:
        market = intraday_frame({DAY: market_shape}, scale=4.0)
        data = {"AAPL": intraday_frame(), "QQQ": market}
        return execute_script(request, data=data, executor=executor)

    falling = run_with("breakdown")
    assert check_contract(falling)["trades"] == []  # QQQ below its open: no long
    rising = check_contract(run_with("breakout_and_hold"))
    assert len(rising["trades"]) == 1
    assert rising["backtest"]["data_source"] == "dataframe; filter QQQ: dataframe"
    assert "filtered by QQQ against its session open" in rising["summary"]


# -- daily templates ------------------------------------------------------------------------------


def test_momentum_breakout_on_a_bundled_sample(executor):
    request = {
        "scriptTemplate": "momentum_breakout",
        "parameters": {"ticker": "MSFT", "start": "2009-01-01", "end": "2012-12-31"},
    }
    response = execute_script(request, executor=executor)

    results = check_contract(response)
    frame = load_ohlcv("MSFT", start="2009-01-01", end="2012-12-31").frame
    assert results["backtest"]["data_source"] == "sample:quandl-wiki"
    assert results["backtest"]["bars"] == len(frame)
    assert results["trades"]
    for trade in results["trades"]:
        signal = bar_of(frame, trade["entry_time"]) - 1
        assert frame["Close"].iloc[signal] > frame["High"].iloc[signal - 20 : signal].max()
        assert trade["exit_reason"] in {"trailing_stop", "end_of_data"}
        assert trade["highest_price"] == pytest.approx(highest_between(frame, trade))
    record = executor.store.get_execution(response["executionId"])
    assert record.strategy_name == "momentum_breakout_MSFT"
    assert record.data_source == "sample:quandl-wiki"  # the real source, not "dataframe"


def test_mean_reversion_exit_reasons(executor):
    request = {
        "scriptTemplate": "mean_reversion",
        "parameters": {
            "ticker": "AAPL",
            "start": "2008-01-01",
            "end": "2012-12-31",
            "maxHoldDays": 5,
        },
    }
    results = check_contract(execute_script(request, executor=executor))

    frame = load_ohlcv("AAPL", start="2008-01-01", end="2012-12-31").frame
    z = zscore(frame["Close"].to_numpy(), 20)
    reasons = {t["exit_reason"] for t in results["trades"]}
    assert "reverted" in reasons and reasons <= {"reverted", "max_hold", "stop_loss", "end_of_data"}
    for trade in results["trades"]:
        entry, exit_ = bar_of(frame, trade["entry_time"]), bar_of(frame, trade["exit_time"])
        assert z[entry - 1] <= -2
        if trade["exit_reason"] == "reverted":
            assert z[exit_ - 1] >= 0 and trade["exit_price"] == pytest.approx(
                frame["Open"].iloc[exit_]
            )
        elif trade["exit_reason"] == "max_hold":
            assert exit_ - entry == 5
        elif trade["exit_reason"] == "stop_loss":  # 5% under the fill; on the fill bar itself,
            # 5% under the signal bar's Close (all that was known when the order went out)
            base = frame["Close"].iloc[entry - 1] if exit_ == entry else trade["entry_price"]
            assert trade["exit_price"] <= base * 0.95 + 1e-9


def test_pairs_trading_runs_the_synthetic_ratio(executor):
    request = {
        "scriptTemplate": "pairs_trading",
        "parameters": {
            "ticker1": "AAPL",
            "ticker2": "MSFT",
            "start": "2005-01-01",
            "end": "2008-12-31",
        },
    }
    response = execute_script(request, executor=executor)

    results = check_contract(response)
    assert results["backtest"]["symbol"] == "AAPL/MSFT"
    assert results["backtest"]["data_source"].startswith("synthetic ratio of AAPL")
    assert "synthetic instrument" in results["summary"]
    assert {t["side"] for t in results["trades"]} <= {"long", "short"}
    record = executor.store.get_execution(response["executionId"])
    assert record.strategy_name == "pairs_trading_AAPL_MSFT" and record.symbol == "AAPL/MSFT"


# -- failures and the CLI ------------------------------------------------------------------------


def test_a_failed_run_reports_its_error_and_id(executor):
    request = {"scriptTemplate": "mean_reversion", "parameters": {"ticker": "AAPL"}}
    response = execute_script(request, executor=executor, timeout=0.001)

    assert response["success"] is False
    assert response["errorType"] == "timeout"
    assert response["error"]
    record = executor.store.get_execution(response["executionId"])
    assert record.status == "timeout"


def test_cli_json_output(tmp_path):
    request = {"scriptTemplate": "orb", "parameters": {"ticker": "AAPL", "date": DAY}}
    path = tmp_path / "aapl_5m.csv"
    intraday_frame().to_csv(path)

    text, code = run_request_cli(json.dumps(request), str(path), as_json=True)

    assert code == 0
    response = json.loads(text)
    check_contract(response)
    assert response["results"]["backtest"]["data_source"] == f"file:{path}"


def test_cli_human_output():
    request = {"scriptTemplate": "mean_reversion", "parameters": {"ticker": "IBM", "days": 400}}

    text, code = run_request_cli(json.dumps(request), None, as_json=False)

    assert code == 0
    lines = text.splitlines()
    assert lines[0].startswith("Mean reversion on IBM")
    assert lines[2].split()[:4] == ["#", "side", "entry", "time"]
    assert "reverted" in text and "Stored as run #1" in text


def test_cli_bad_input_exit_codes():
    text, code = run_request_cli('{"scriptTemplate": "orb"', None, as_json=False)
    assert code == 2 and text.startswith("Error: the request is not valid JSON")

    text, code = run_request_cli(
        json.dumps(
            {"scriptTemplate": "orb", "parameters": {"ticker": "AAPL", "date": "2024-13-01"}}
        ),
        None,
        as_json=True,
    )
    assert code == 2 and json.loads(text)["parameter"] == "date"
