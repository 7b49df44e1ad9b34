"""A script's own backtest is honoured: run as written (its data, cash, commission, spread), its
numbers taken from the stats object its ``Backtest.run()`` returned; given other settings, its
Strategy runs on them with a warning, or the run is refused saying how to choose. Through the
real ``botlab`` command and the real executor (sandboxed children, real SQLite)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from backtesting import Backtest
from backtesting.test import GOOG

from engine.execution.executor import BotExecutor
from engine.store import Store

from .conftest import BOTS
from .test_cli import botlab

SCRIPT = BOTS / "own_backtest_script.py"


def _as_written() -> object:
    namespace: dict = {"__name__": "reference"}
    exec(compile(SCRIPT.read_text(), str(SCRIPT), "exec"), namespace)
    return Backtest(GOOG, namespace["SmaCross"], cash=10_000, commission=0.001).run()


def test_a_script_with_its_own_backtest_is_stored_as_it_ran():
    reference = _as_written()
    proc = botlab("run", str(SCRIPT), "--json")

    assert proc.returncode == 0, proc.stderr
    run = json.loads(proc.stdout)
    assert run["kind"] == "script" and run["status"] == "succeeded"
    assert run["metrics"]["return_pct"] == pytest.approx(reference["Return [%]"])
    assert run["metrics"]["return_pct"] != pytest.approx(910.0)  # the printed JSON is not it
    assert run["metrics"]["trades"] == reference["# Trades"] == len(run["trades"])
    assert run["metrics"]["buy_hold_return_pct"] == pytest.approx(
        reference["Buy & Hold Return [%]"]
    )
    assert (run["cash"], run["commission"]) == (10_000, 0.001)
    assert run["data"]["symbol"] == "GOOG"
    assert (run["data"]["start"], run["data"]["end"]) == ("2004-08-19", "2013-03-01")
    assert run["equity_curve"]["equity"][-1] == pytest.approx(
        reference["Equity Final [$]"], abs=0.01
    )
    assert run["warnings"] == []
    # the printed output stays in the log, and says the same
    log = Path(run["files"]["log"]).read_text(encoding="utf-8")
    printed = float(re.search(r"Return: ([+-][\d.]+)%", log).group(1))
    assert printed == pytest.approx(run["metrics"]["return_pct"], abs=0.005)

    stored = Store.open().get_execution(run["execution_id"])
    assert (stored.symbol, stored.cash, stored.commission) == ("GOOG", 10_000, 0.001)
    assert stored.return_pct == pytest.approx(reference["Return [%]"])
    assert stored.data_source == "script" and stored.interval == "1d"


def test_given_other_settings_its_strategy_runs_on_them_with_a_warning():
    proc = botlab("run", str(SCRIPT), "--symbol", "AAPL", "--cash", "50000", "--json")

    assert proc.returncode == 0, proc.stderr
    run = json.loads(proc.stdout)
    assert run["kind"] == "strategy" and run["strategy_class"] == "SmaCross"
    assert run["data"]["symbol"] == "AAPL" and run["cash"] == 50_000
    (warning,) = [w for w in run["warnings"] if w.startswith("script_settings_replaced:")]
    assert "symbol AAPL and cash 50,000 were given" in warning
    assert "Backtest(GOOG, SmaCross, cash=10000, commission=0.001)" in warning
    assert "give none of symbol, data" in warning


def test_a_script_whose_strategy_is_not_its_own_refuses_other_settings(bot_file):
    script = bot_file(
        "from backtesting import Backtest\n"
        "from backtesting.test import GOOG\n"
        "from backtesting.test._test import SmaCross\n"
        "print(Backtest(GOOG, SmaCross, cash=10_000).run())\n"
    )
    result = BotExecutor(verbose=False).execute_bot(script, test_symbol="MSFT")

    assert result.status == "failed" and result.error_type == "invalid_settings"
    assert "symbol MSFT cannot apply" in result.error
    assert "To run the script as written, give none of" in result.error

    as_written = BotExecutor(verbose=False).execute_bot(script)
    assert as_written.success and as_written.cash == 10_000
    assert as_written.data["symbol"] == "GOOG"


def test_a_printing_script_is_told_the_settings_were_not_used(bot_file):
    script = bot_file('import json\nprint(json.dumps({"return_pct": 5.0, "trades": 2}))\n')
    result = BotExecutor(verbose=False).execute_bot(script, test_symbol="MSFT")

    assert result.status == "succeeded"  # no Backtest: its printed metrics are read
    assert (result.return_pct, result.trades) == (5.0, 2)
    (warning,) = [w for w in result.warnings if w.startswith("script_settings_ignored:")]
    assert "symbol MSFT could not be used" in warning


def test_the_last_of_several_backtests_is_recorded_and_said(bot_file):
    source = SCRIPT.read_text().replace(
        "    stats = bt.run()\n",
        "    Backtest(GOOG, SmaCross, cash=99_000).run()\n    stats = bt.run()\n",
    )
    result = BotExecutor(verbose=False).execute_bot(bot_file(source))

    assert result.success and result.cash == 10_000
    assert "the script ran 2 backtests; Botlab recorded the last one" in result.warnings


def test_a_script_on_bars_without_dates_is_stored_too(bot_file):
    source = SCRIPT.read_text().replace(
        "Backtest(GOOG, SmaCross", "Backtest(GOOG.reset_index(drop=True), SmaCross"
    )
    result = BotExecutor(verbose=False).execute_bot(bot_file(source))

    assert result.success, result.error
    assert result.return_pct == pytest.approx(_as_written()["Return [%]"])
    assert result.data["bars"] == len(GOOG) and result.data["start"] is None
    stored = BotExecutor(verbose=False).get_result(result.execution_id).trade_list
    assert len(stored) == result.trades > 0
    assert stored[0]["entry_time"] is None and stored[0]["entry_bar"] == 75


@pytest.mark.parametrize(
    ("source", "symbol"),
    [
        ('import yfinance as yf\ndata = yf.download("AAPL", start="2020-01-01")\n', "AAPL"),
        ("data = yf.Ticker('brk-b').history(period='5y')\n", "BRK-B"),
        ('a = yf.download("AAPL")\nb = yf.download("MSFT")\n', None),  # which one? not said
        ("data = pd.read_csv('prices.csv')\n", None),
    ],
)
def test_the_symbol_a_script_downloads_is_named_when_it_is_one(source, symbol):
    from engine.execution.bot_kind import script_symbol

    assert script_symbol(source) == symbol
