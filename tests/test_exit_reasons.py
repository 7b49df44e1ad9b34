"""Why each trade closed, told right for every reason: real sandboxed runs on bars built so
that each exit is known in advance (gaps through a stop and past a target included)."""

from __future__ import annotations

import pandas as pd
import pytest

from engine.execution.executor import BotExecutor

from .conftest import BOTS

# Flat at 100, up to 109, down to 94: a trade bought at bar 6's open (100) meets each exit at a
# known bar. Each bar's range is its close +- 0.5, and it opens at its close: moves gap.
CLOSES = [100.0] * 8 + [101, 103, 105, 107, 109, 108, 106, 104, 102, 100, 98, 96, 94] + [94] * 9


def _bars() -> pd.DataFrame:
    close = pd.Series(CLOSES)
    index = pd.date_range("2021-01-04", periods=len(close), freq="B")
    return pd.DataFrame(
        {
            "Open": close.values,
            "High": close.values + 0.5,
            "Low": close.values - 0.5,
            "Close": close.values,
            "Volume": 1000.0,
        },
        index=index,
    )


BOT = """
from backtesting import Strategy


class Scenario(Strategy):
{params}
    def init(self):
        pass

    def next(self):
        if len(self.data) == 6 and not self.position:
            self.buy(size=10{orders})
{manage}
"""


def _run(bot_file, params: str = "", orders: str = "", manage: str = "") -> list[dict]:
    source = BOT.format(params=params or "    pass", orders=orders, manage=manage)
    result = BotExecutor(verbose=False).execute_bot(
        bot_file(source), test_symbol="TEST", data=_bars()
    )
    assert result.success, result.error
    assert len(result.trade_list) == 1
    return result.trade_list


def test_a_stop_gapped_through_is_a_stop_loss(bot_file):
    (trade,) = _run(bot_file, orders=", sl=97")
    # bar 19 opens at 96, below the stop: filled at the open, still the stop's doing
    assert trade["exit_price"] == 96 and trade["exit_reason"] == "stop_loss"


def test_a_target_filled_past_its_level_is_a_take_profit(bot_file):
    (trade,) = _run(bot_file, orders=", tp=106")
    assert trade["exit_price"] == 107 and trade["exit_reason"] == "take_profit"


def test_a_stop_that_followed_the_price_up_is_a_trailing_stop(bot_file):
    manage = (
        "        for trade in self.trades:\n"
        "            trade.sl = max(trade.sl or 0, self.data.Close[-1] * 0.97)\n"
    )
    (trade,) = _run(bot_file, orders=", sl=90", manage=manage)
    assert trade["exit_price"] == pytest.approx(109 * 0.97)
    assert trade["exit_reason"] == "trailing_stop"


TIMED = (
    "        if self.position and len(self.data) - self.trades[-1].entry_bar >= "
    "self.exit_after_bars:\n"
    "            self.position.close()\n"
)
ON_SIGNAL = (
    "        if self.position and self.data.Close[-1] >= 105:\n            self.position.close()\n"
)


def test_a_close_at_the_holding_limit_is_a_time_exit(bot_file):
    (trade,) = _run(bot_file, params="    exit_after_bars = 4", manage=TIMED)
    assert trade["exit_bar"] - trade["entry_bar"] == 4
    assert trade["exit_reason"] == "time_exit"


def test_a_close_the_rules_asked_for_is_a_signal(bot_file):
    # a holding limit that is never reached does not turn the signal into a time exit
    (trade,) = _run(bot_file, params="    exit_after_bars = 50", manage=ON_SIGNAL)
    assert trade["exit_price"] == 107 and trade["exit_reason"] == "signal"


def test_a_trade_still_open_at_the_last_bar_ends_with_the_data(bot_file):
    (trade,) = _run(bot_file)
    assert trade["exit_bar"] == len(CLOSES) - 1
    assert trade["exit_reason"] == "end_of_data"


def test_a_signal_close_filled_on_the_last_bar_is_still_a_signal(bot_file):
    manage = (
        f"        if self.position and len(self.data) == {len(CLOSES) - 1}:\n"
        "            self.position.close()\n"
    )
    (trade,) = _run(bot_file, manage=manage)
    assert trade["exit_bar"] == len(CLOSES) - 1
    assert trade["exit_reason"] == "signal"


def test_a_bot_without_an_exit_rule_never_closes_on_a_signal():
    result = BotExecutor(verbose=False).execute_bot(BOTS / "macd_stop.py", test_symbol="GOOG")
    reasons = {trade["exit_reason"] for trade in result.trade_list}
    assert reasons <= {"stop_loss", "take_profit", "end_of_data"}
    assert {"stop_loss", "take_profit"} <= reasons
    stored = BotExecutor(verbose=False).get_result(result.execution_id).trade_list
    assert [t["exit_reason"] for t in stored] == [t["exit_reason"] for t in result.trade_list]
