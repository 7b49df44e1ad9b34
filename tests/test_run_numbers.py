"""The numbers a run reports agree with each other: buy and hold, monthly returns, per-trade
run-up/drawdown, the long/short split, parameters and the few-trades warning. Real sandboxed
runs of real bots, real SQLite, and the real ``botlab`` command."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from backtesting import Backtest

from engine import charts
from engine.data import load_ohlcv
from engine.execution.executor import BotExecutor

from .conftest import BOTS
from .test_cli import botlab

MACD = BOTS / "macd_stop.py"


@pytest.fixture
def executor() -> BotExecutor:
    return BotExecutor(verbose=False)


def _reference(frame: pd.DataFrame) -> pd.Series:
    namespace: dict = {"__name__": "reference_bot"}
    exec(compile(MACD.read_text(), str(MACD), "exec"), namespace)
    return Backtest(frame, namespace["MacdStop"], cash=100_000, finalize_trades=True).run()


def _curve_return(curve: dict, cash: float) -> float:
    hold = charts.buy_hold_series(curve)
    return (hold.iloc[-1] / cash - 1) * 100


def test_buy_and_hold_starts_at_the_first_bar_the_bot_could_trade(executor):
    frame = load_ohlcv("GOOG").frame
    reference = _reference(frame)
    result = executor.execute_bot(MACD, test_symbol="GOOG")

    assert result.success, result.error
    # backtesting.py's own figure, and the bar it is measured from (after MACD's warm-up)
    assert result.buy_hold_return_pct == pytest.approx(reference["Buy & Hold Return [%]"])
    start_bar = frame.index.get_loc(pd.Timestamp(result.data["buy_hold_start"]))
    assert start_bar == 33  # EMA(26) then a 9-bar signal line: 34 bars before both exist
    close = frame["Close"].to_numpy()
    assert result.buy_hold_return_pct == pytest.approx((close[-1] / close[start_bar] - 1) * 100)
    # the line the chart draws starts there, at the starting cash, and ends at the number
    hold = charts.buy_hold_series(result.equity_curve)
    assert hold.index[0] == frame.index[start_bar]
    assert hold.iloc[0] == pytest.approx(100_000)
    assert _curve_return(result.equity_curve, 100_000) == pytest.approx(
        result.buy_hold_return_pct, abs=1e-4
    )
    # ... and so does the stored run, whose curve is downsampled
    stored = executor.get_result(result.execution_id)
    assert stored.data["buy_hold_start"] == result.data["buy_hold_start"] == "2004-10-06"
    assert stored.buy_hold_return_pct == result.buy_hold_return_pct
    assert charts.buy_hold_series(stored.equity_curve).index[0] == frame.index[start_bar]
    assert _curve_return(stored.equity_curve, stored.cash) == pytest.approx(
        stored.buy_hold_return_pct, rel=1e-9
    )
    figure = charts.equity_figure(stored.equity_curve)
    line = next(trace for trace in figure.data if trace.name == "Buy and hold")
    assert (line.y[-1] / 100_000 - 1) * 100 == pytest.approx(stored.buy_hold_return_pct)


def test_run_json_carries_buy_hold_return_and_its_start_date():
    proc = botlab("run", str(MACD), "--symbol", "GOOG", "--json")

    assert proc.returncode == 0, proc.stderr
    run = json.loads(proc.stdout)
    assert run["data"]["buy_hold_start"] == "2004-10-06"
    hold = run["equity_curve"]["buy_hold"]
    first = next(i for i, v in enumerate(hold) if v is not None)
    assert run["equity_curve"]["time_ms"][first] == pd.Timestamp("2004-10-06").value // 10**6
    assert (hold[-1] / run["cash"] - 1) * 100 == pytest.approx(
        run["metrics"]["buy_hold_return_pct"], abs=1e-4
    )


def test_trades_carry_run_up_and_drawdown_from_the_bars_they_were_open(executor):
    frame = load_ohlcv("GOOG").frame
    result = executor.execute_bot(MACD, test_symbol="GOOG")
    stored = executor.get_result(result.execution_id).trade_list

    assert len(stored) == len(result.trade_list) > 30
    for trade, kept in zip(result.trade_list, stored, strict=True):
        entry, first, last = trade["entry_price"], trade["entry_bar"], trade["exit_bar"]
        high = max([entry, trade["exit_price"], *frame["High"].iloc[first:last]])
        low = min([entry, trade["exit_price"], *frame["Low"].iloc[first:last]])
        assert trade["mfe_pct"] == pytest.approx((high - entry) / entry * 100)
        assert trade["mae_pct"] == pytest.approx(min(0.0, (low - entry) / entry * 100))
        assert trade["mae_pct"] <= min(0.0, trade["return_pct"]) + 1e-9
        assert trade["mfe_pct"] >= max(0.0, trade["return_pct"]) - 1e-9
        assert (kept["mae_pct"], kept["mfe_pct"]) == (trade["mae_pct"], trade["mfe_pct"])


def test_monthly_returns_compound_to_the_total_return(executor):
    result = executor.execute_bot(MACD, test_symbol="GOOG")
    rows = executor.get_result(result.execution_id).analysis["monthly_returns"]

    assert [row["year"] for row in rows] == list(range(2004, 2014))
    growth = math.prod(1 + (m or 0) / 100 for row in rows for m in row["months"])
    assert (growth - 1) * 100 == pytest.approx(result.return_pct, rel=1e-9)
    years = math.prod(1 + row["year_pct"] / 100 for row in rows)
    assert (years - 1) * 100 == pytest.approx(result.return_pct, rel=1e-9)
    assert rows[0]["months"][:7] == [None] * 7  # GOOG's data starts in August 2004


def test_long_short_split_and_parameters_are_stored(executor, bot_file):
    both_ways = bot_file(
        "from backtesting import Strategy\n"
        "from backtesting.lib import crossover\n"
        "from backtesting.test import SMA\n\n"
        "class Flip(Strategy):\n"
        "    fast = 10\n"
        "    slow = 30\n"
        "    label = 'x'\n"
        "    def init(self):\n"
        "        self.a = self.I(SMA, self.data.Close, self.fast)\n"
        "        self.b = self.I(SMA, self.data.Close, self.slow)\n"
        "    def helper(self):\n"
        "        return 1\n"
        "    def next(self):\n"
        "        if crossover(self.a, self.b):\n"
        "            self.position.close(); self.buy(size=0.5)\n"
        "        elif crossover(self.b, self.a):\n"
        "            self.position.close(); self.sell(size=0.5)\n"
    )
    result = executor.execute_bot(both_ways, test_symbol="GOOG")
    analysis = executor.get_result(result.execution_id).analysis

    assert analysis["parameters"] == {"fast": 10, "slow": 30, "label": "x"}
    split = analysis["long_short"]
    longs = [t for t in result.trade_list if t["size"] > 0]
    shorts = [t for t in result.trade_list if t["size"] < 0]
    assert split["long"]["trades"] == len(longs) > 0
    assert split["short"]["trades"] == len(shorts) > 0
    assert split["long"]["net_profit"] == pytest.approx(sum(t["pnl"] for t in longs), abs=0.01)
    wins = sum(t["pnl"] for t in shorts if t["pnl"] > 0)
    losses = -sum(t["pnl"] for t in shorts if t["pnl"] < 0)
    assert split["short"]["profit_factor"] == pytest.approx(wins / losses)
    assert split["long"]["win_rate"] == pytest.approx(sum(t["pnl"] > 0 for t in longs) / len(longs))
    total = split["long"]["net_profit"] + split["short"]["net_profit"]
    assert total / 100_000 * 100 == pytest.approx(result.return_pct, abs=1e-3)


def test_fewer_than_30_trades_warns_that_the_result_may_be_chance(executor, bot_file):
    few = executor.execute_bot(MACD, test_symbol="GOOG", start="2012-01-01")
    many = executor.execute_bot(MACD, test_symbol="GOOG")

    assert 0 < few.trades < 30
    warning = next(w for w in few.warnings if w.startswith("few_trades:"))
    assert f"only {few.trades} trades" in warning and "chance" in warning
    assert many.trades >= 30 and not any(w.startswith("few_trades") for w in many.warnings)
    assert executor.get_result(few.execution_id).warnings == few.warnings


def test_spread_is_charged_and_stored_beside_commission():
    plain = json.loads(botlab("run", str(MACD), "--symbol", "GOOG", "--json").stdout)
    proc = botlab("run", str(MACD), "--symbol", "GOOG", "--spread", "0.002", "--json")

    assert proc.returncode == 0, proc.stderr
    spread = json.loads(proc.stdout)
    assert (plain["spread"], spread["spread"]) == (0.0, 0.002)
    # a 0.2% spread on every entry costs money, trade by trade
    assert spread["metrics"]["return_pct"] < plain["metrics"]["return_pct"]
    assert spread["trades"][0]["entry_price"] == pytest.approx(
        plain["trades"][0]["entry_price"] * 1.002
    )
    shown = json.loads(botlab("show", str(spread["execution_id"]), "--json").stdout)
    assert shown["spread"] == 0.002

    refused = botlab("run", str(MACD), "--spread", "0.5")
    assert refused.returncode == 2 and "--spread" in refused.stderr
