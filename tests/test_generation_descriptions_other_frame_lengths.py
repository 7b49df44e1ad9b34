"""A length said inside another time frame's phrase on daily bars ("the weekly close is above
its 50-day SMA") is counted in that frame's bars with the same unit table as the bars tested: 50
trading days are 10 weekly bars (5 a bar), 210 are 10 monthly bars (21 a bar), 6 months are 26
weekly bars and 30 weeks 30 of them, the conversion echoed; never 50 weekly bars. A length in
days that is no whole number of the frame's bars ("its 12-day SMA" of a weekly close) is
reported with the reason, and the condition is not read on daily bars instead.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; the other keys are spec fields, and no other setting may be
set); every row is compiled and run over every bar through ``check_row``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from backtesting import Backtest, Strategy
from backtesting.lib import resample_apply

from engine.generation import compile_spec, understand

from .generation.corpus import case, check_row
from .generation.support import load_strategy, trade_list
from .test_generation_reference import rsi

FIELDS = ("symbol", "interval")

CASES = [
    # one- to five-minute frames: the bars tested when none are said, or built from 1m bars
    case(
        "buy MSFT when the 5 minute RSI is below 25, sell when it is above 75",
        entry="rsi_14 < 25",
        exit="rsi_14 > 75",
        symbol="MSFT",
        interval="5m",
        says="No bars were said to test on: the 5m said of the rules is the bars tested",
    ),
    case(
        "buy TSLA when the 1 min RSI(7) drops under 20, sell when it goes above 80",
        entry="rsi_7 x< 20",
        exit="rsi_7 x> 80",
        symbol="TSLA",
        interval="1m",
        says="No bars were said to test on: the 1m said of the rules is the bars tested",
    ),
    case(
        "1m bars: buy SPY when the 5m RSI is below 25 and RSI(14) < 30, sell when the 5m RSI is "
        "above 75",
        entry="m5_rsi_14 < 25 & rsi_14 < 30",
        exit="m5_rsi_14 > 75",
        symbol="SPY",
        interval="1m",
    ),
    case(
        "buy when the weekly close is above its 50-day SMA, sell when it is below",
        entry="close@W > w_sma_10",
        exit="close@W < w_sma_10",
        says="50 day read as 10 weekly bars (5 trading days a bar)",
    ),
    case(  # an oscillator's length in days, before and after its name
        "buy QQQ when the weekly 70-day RSI drops below 40, sell when it rises above 65",
        entry="w_rsi_14 x< 40",
        exit="w_rsi_14 x> 65",
        symbol="QQQ",
        says="70 day read as 14 weekly bars",
    ),
    case(
        "buy when the weekly RSI over 70 days is below 40, sell when it is above 65",
        entry="w_rsi_14 < 40",
        exit="w_rsi_14 > 65",
        says="70 days read as 14 weekly bars",
    ),
    case(  # a monthly frame: 21 trading days a bar
        "go long SPY when the monthly close is above its 210-day moving average, exit when it is "
        "below",
        entry="close@M > m_sma_10",
        exit="close@M < m_sma_10",
        symbol="SPY",
        says="210 day read as 10 monthly bars (21 trading days a bar)",
    ),
    case(  # weeks in a weekly frame are its bars
        "buy when the weekly close crosses above the 30-week EMA, sell when it crosses below",
        entry="close@W x> w_ema_30",
        exit="close@W x< w_ema_30",
        says="30 week read as 30 weekly bars",
    ),
    case(  # months in a weekly frame: 52/12 weekly bars a month
        "buy IWM when the weekly close is above its 6-month SMA and RSI(2) is below 10, sell when "
        "RSI(2) is above 80",
        entry="close@W > w_sma_26 & rsi_2 < 10",
        exit="rsi_2 > 80",
        symbol="IWM",
        says="6 month read as 26 weekly bars",
    ),
    case(  # two weekly lines in one phrase: the inner one is counted as the outer one
        "buy when the weekly 10-day SMA crosses above the weekly 30-day SMA, sell when it crosses "
        "below",
        entry="w_sma_2 x> w_sma_6",
        exit="w_sma_2 x< w_sma_6",
        says="30 day read as 6 weekly bars",
    ),
    case(
        "buy when the weekly close is above its 100-day EMA, sell when the weekly close is below "
        "its 100-day EMA",
        entry="close@W > w_ema_20",
        exit="close@W < w_ema_20",
        says="100 day read as 20 weekly bars",
    ),
]


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, FIELDS)


NO_WHOLE_NUMBER = [
    (
        "buy when RSI(2) is below 10 and the weekly close is above its 12-day SMA, sell when "
        "RSI(2) is above 70",
        "the weekly close is above its 12-day SMA",
        "'12-day' in a weekly time frame is not a whole number of weekly bars",
    ),
    (
        "buy when RSI(2) is below 10 and the monthly close is above its 200-day SMA, sell when "
        "RSI(2) is above 70",
        "the monthly close is above its 200-day SMA",
        "'200-day' in a monthly time frame is not a whole number of monthly bars",
    ),
]


@pytest.mark.parametrize(("text", "words", "why"), NO_WHOLE_NUMBER, ids=lambda v: str(v)[:50])
def test_a_length_in_days_no_whole_number_of_the_frames_bars_is_reported(
    text: str, words: str, why: str
):
    """Not read as 12 weekly bars, nor as the daily close above a daily SMA(12): the words
    are reported with the reason, and the rest is read as said."""
    u = understand(text)

    assert words in u.not_understood
    assert any(why in p for p in u.problems), u.problems
    assert u.spec is not None and not u.complete
    assert [ind.id for ind in u.spec.indicators] == ["rsi_2"]


def test_a_length_in_days_on_weekly_bars_tested_is_still_reported():
    """On weekly bars tested there are no daily bars to count: "its 50-day SMA" in a weekly
    phrase is reported as a length in days on weekly bars is anywhere else."""
    u = understand(
        "Weekly bars: buy when the weekly close is above its 50-day SMA, sell after 4 weeks"
    )

    assert any("On weekly bars a length in days" in p for p in u.problems), u.problems
    assert u.spec is None or all(ind.params.get("period") != 50 for ind in u.spec.indicators)


def minute_bars(days: int = 10) -> pd.DataFrame:
    """A random walk on 1-minute bars, 09:30-16:00 each weekday (a seeded, repeatable market)."""
    rng = np.random.default_rng(7)
    index = pd.DatetimeIndex(
        [
            minute
            for day in pd.bdate_range("2024-03-04", periods=days)
            for minute in pd.date_range(day + pd.Timedelta("9h30min"), periods=390, freq="min")
        ]
    )
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.0015, len(index))))
    spread = np.abs(rng.normal(0, 0.001, len(index))) * close
    return pd.DataFrame(
        {
            "Open": np.r_[close[0], close[:-1]],
            "High": close + spread,
            "Low": close - spread,
            "Close": close,
            "Volume": 1_000.0,
        },
        index=index,
    )


class FiveMinuteRsiOnMinuteBars(Strategy):
    """1m bars: buy when the 5m RSI(14) is below 40, sell when the 5m RSI(14) is above 60: the
    RSI of 5-minute bars built from the minutes (backtesting.lib.resample_apply), each value used
    from the first minute after its five."""

    def init(self):
        self.rsi5 = resample_apply("5min", rsi, self.data.Close, 14)

    def next(self):
        if not self.position and self.rsi5[-1] < 40:
            self.buy(size=0.99)
        elif self.position and self.rsi5[-1] > 60:
            self.position.close()


def test_a_five_minute_rule_on_minute_bars_trades_like_the_reference():
    said = "1m bars: buy when the 5m RSI(14) is below 40, sell when the 5m RSI(14) is above 60"
    u = understand(said)
    assert u.complete and u.spec.interval == "1m", u.not_understood
    ours = load_strategy(compile_spec(u.spec), u.spec.name)
    frame = minute_bars()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mine, theirs = (
            Backtest(frame, bot, cash=100_000, finalize_trades=True).run()
            for bot in (ours, FiveMinuteRsiOnMinuteBars)
        )

    assert theirs["# Trades"] >= 5  # the comparison means something
    assert trade_list(mine) == trade_list(theirs)
