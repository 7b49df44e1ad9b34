"""The offline compiler on narrow-range bars (NR4/NR7), where the close sits in its bar's range
(IBS), the halves of the month, a higher intraday timeframe on intraday bars, and a request
before the rules ("can you test this: ...").

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; ``says``: words the echo must state); every row is
compiled and backtested on bundled data (daily AAPL, or backtesting.py's hourly EURUSD for
intraday rows). ``REFERENCES`` are hand-written backtesting.py strategies for the new rule kinds;
the compiled bot must make the same trades.
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
from .generation.support import assert_trades_like_reference, bars, held, load_strategy
from .test_generation_reference_indicators import talib_free_rsi

SIZE = 0.99
FIRST_HALF = "calendar day_of_month [" + ", ".join(str(d) for d in range(1, 16)) + "]"
SECOND_HALF = "calendar day_of_month [" + ", ".join(str(d) for d in range(16, 32)) + "]"
NR_SAYS = "a tie does not count"
IBS_SAYS = "read as IBS = (close - low) / (high - low)"
FRAME_SAYS = "no look-ahead"


CASES = [
    # -- narrow-range bars -------------------------------------------------------------------
    case("buy on an NR7 day, sell after 3 days", entry="narrow_range_7 > 0", exit_after_bars=3),
    case(
        "go long on NR4, exit when RSI(2) > 70",
        entry="narrow_range_4 > 0",
        exit="rsi_2 > 70",
        says="'NR4' read as an NR4 bar: its high - low range below each of the previous 3",
    ),
    case(
        "buy when today's range is the smallest in 4 days and close > 200-day SMA, exit after 5 "
        "days",
        entry="narrow_range_4 > 0 & close > sma_200",
        exit_after_bars=5,
        says=NR_SAYS,
    ),
    case(
        "buy when the bar has the narrowest range of the last 7 days, sell when close > "
        "yesterday's high",
        entry="narrow_range_7 > 0",
        exit="close > high[-1]",
    ),
    case(
        "buy when the day's range is the narrowest of the past 7 bars, sell after 2 days",
        entry="narrow_range_7 > 0",
        exit_after_bars=2,
    ),
    case(
        "buy when yesterday was an NR7 day and IBS < 0.3, sell after 4 days",
        entry="narrow_range_7[-1] > 0 & ibs < 0.3",
        exit_after_bars=4,
    ),
    case(
        "buy when the previous bar's range is the smallest in 4 bars, sell after 2 bars",
        entry="narrow_range_4[-1] > 0",
        exit_after_bars=2,
    ),
    case(
        "short after an NR7 bar when the close is below the 50-day SMA, cover after 3 days",
        short_entry="narrow_range_7 > 0 & close < sma_50",
        exit_after_bars=3,
        direction="short",
    ),
    # -- where the close sits in its bar's range -----------------------------------------------
    case(
        "buy when it closes in the bottom 10% of its range, sell when the close is above "
        "yesterday's high",
        entry="ibs <= 0.1",
        exit="close > high[-1]",
        says=IBS_SAYS + " at or below 0.1; a bar whose high equals its low has no IBS",
    ),
    case(
        "buy when the close is in the lower quarter of the day's range and close > 200-day SMA, "
        "exit after 5 days",
        entry="ibs <= 0.25 & close > sma_200",
        exit_after_bars=5,
    ),
    case(
        "short when price closes in the top 20% of the bar's range, cover after 2 days",
        short_entry="ibs >= 0.8",
        exit_after_bars=2,
        direction="short",
        says=IBS_SAYS + " at or above 0.8",
    ),
    case("buy when IBS below 0.2, exit when IBS above 0.8", entry="ibs < 0.2", exit="ibs > 0.8"),
    case(
        "buy when the internal bar strength is under 0.15 and close > 200-day SMA, sell when "
        "ibs > 0.7",
        entry="ibs < 0.15 & close > sma_200",
        exit="ibs > 0.7",
    ),
    case("go long if IBS < 0.25; exit after 3 days", entry="ibs < 0.25", exit_after_bars=3),
    case(
        "buy if it closed in the bottom third of its daily range, sell when it closes in the "
        "upper half of its range",
        entry="ibs <= 0.333333",
        exit="ibs >= 0.5",
    ),
    case(
        "buy when IBS is below 20, sell when IBS is above 80",
        entry="ibs < 0.2",
        exit="ibs > 0.8",
        says="IBS level 20 read as 0.2 (IBS runs from 0 to 1)",
    ),
    case(
        "buy when SPY closes within the bottom 25% of the day's range, sell when it closes in "
        "the top quarter of the day's range",
        entry="ibs <= 0.25",
        exit="ibs >= 0.75",
    ),
    case(
        "buy when the close is within the lowest 10% of the bar's range, sell after 2 days",
        entry="ibs <= 0.1",
        exit_after_bars=2,
    ),
    # -- halves of the month -------------------------------------------------------------------
    case(
        "buy when rsi(2) < 10 only in the first half of the month, sell after 5 days",
        entry="rsi_2 < 10 & " + FIRST_HALF,
        exit_after_bars=5,
        says="read as calendar dates 1-15 of the month (not trading days)",
    ),
    case(
        "buy when the close crosses above the 20-day SMA in the second half of the month, sell "
        "when it crosses below",
        entry="close x> sma_20 & " + SECOND_HALF,
        exit="close x< sma_20",
        says="read as calendar dates 16-31 of the month",
    ),
    case(
        "buy on an NR7 day during the first half of the month, sell after 3 days",
        entry="narrow_range_7 > 0 & " + FIRST_HALF,
        exit_after_bars=3,
    ),
    case(
        "short when IBS > 0.9 in the back half of the month, cover after 2 days",
        short_entry="ibs > 0.9 & " + SECOND_HALF,
        exit_after_bars=2,
        direction="short",
    ),
    case(
        "buy when RSI(2) < 10 during the latter half of each month, sell when RSI(2) > 70",
        entry="rsi_2 < 10 & " + SECOND_HALF,
        exit="rsi_2 > 70",
    ),
    case(
        "buy during the first half of the month and sell during the second half",
        entry=FIRST_HALF,
        exit=SECOND_HALF,
        says="'during the second half' read as calendar dates 16-31",
    ),
    case("go long in the first half of the month", entry=FIRST_HALF, exit=SECOND_HALF),
    # -- a higher intraday timeframe -------------------------------------------------------------
    case(
        "on hourly bars, buy when the 4-hour trend is up (close above the 4h 50 EMA) and "
        "RSI(14) < 30, sell when RSI > 70",
        entry="close@4h > h4_ema_50 & rsi_14 < 30",
        exit="rsi_14 > 70",
        interval="1h",
        says=FRAME_SAYS,
    ),
    case(
        "on 15-minute bars, buy when the 1-hour RSI is above 50 and the close crosses above the "
        "20 EMA, sell when it crosses below",
        entry="h1_rsi_14 > 50 & close x> ema_20",
        exit="close x< ema_20",
        interval="15m",
        says="Hourly bars are built from the 15m bars with backtesting.lib.resample_apply",
    ),
    case(
        "buy when the 4h close is above the 4h 50 EMA and the close crosses above the 20 EMA, "
        "sell when it crosses below, on 1h bars",
        entry="close@4h > h4_ema_50 & close x> ema_20",
        exit="close x< ema_20",
        interval="1h",
    ),
    case(
        "on 30 minute bars buy when the hourly trend is up and RSI(2) < 10, sell when RSI(2) > 80",
        entry="close@1h > h1_sma_10 & rsi_2 < 10",
        exit="rsi_2 > 80",
        interval="30m",
        says="Hourly trend up read as the hourly close above its 10-bar hourly SMA",
    ),
    case(
        "on 1h bars, buy when the 4-hour RSI(14) is below 40 and the close crosses above the 10 "
        "SMA, sell when the 4-hour RSI is above 60",
        entry="h4_rsi_14 < 40 & close x> sma_10",
        exit="h4_rsi_14 > 60",
        interval="1h",
    ),
    case(
        "on hourly bars, only long when the 4-hour trend is up (close above the 4h 50 EMA): buy "
        "when RSI(14) < 30, sell when RSI > 70",
        entry="rsi_14 < 30 & close@4h > h4_ema_50",
        exit="rsi_14 > 70",
        interval="1h",
    ),
    case(
        "using 5 minute bars, buy when the 15 minute close is above the 15-minute 20 EMA and "
        "RSI(2) < 10, sell when RSI(2) > 90",
        entry="close@15m > m15_ema_20 & rsi_2 < 10",
        exit="rsi_2 > 90",
        interval="5m",
    ),
    case(
        "trade 1h candles: go long when the 4h RSI(14) crosses above 50, exit when it crosses "
        "below 50",
        entry="h4_rsi_14 x> 50",
        exit="h4_rsi_14 x< 50",
        interval="1h",
    ),
    case(
        "only long when the weekly trend is up (close above the 10-week EMA): buy when RSI(14) < "
        "30, sell when RSI > 70",
        entry="rsi_14 < 30 & close@W > w_ema_10",
        exit="rsi_14 > 70",
    ),
    # -- a request before the rules: set aside and said -------------------------------------------
    case(
        "can you test this: buy when RSI below 30, sell when RSI above 70",
        entry="rsi_14 < 30",
        exit="rsi_14 > 70",
        says="Set aside the title 'can you test this'",
    ),
    case(
        "Could you backtest the following: buy when the close crosses above the 50-day SMA, sell "
        "when it crosses below",
        entry="close x> sma_50",
        exit="close x< sma_50",
        says="Set aside the title 'Could you backtest the following'",
    ),
    case(
        "I want to test this: buy on an NR7 day, sell after 3 days",
        entry="narrow_range_7 > 0",
        exit_after_bars=3,
        says="Set aside the title 'I want to test this'",
    ),
    case(
        "can you code this up for me: short when IBS > 0.9, cover after 2 days",
        short_entry="ibs > 0.9",
        exit_after_bars=2,
        direction="short",
        says="Set aside the title 'can you code this up for me'",
    ),
]

#: A higher intraday timeframe on bars that are not shorter than it: refused, saying why.
#: (With no bars said, the one intraday timeframe of the rules is the bars tested: see
#: tests/test_generation_descriptions_title_instruments.py, where "the 1-hour RSI is above 50
#: and the close crosses above the 20 EMA", once refused here, is read on 1h bars.)
REFUSALS = [
    ("on 4-hour bars, buy when the 1h RSI is above 50, sell when it is below 40", "on 4h bars"),
]  # "on 1h bars ... the hourly RSI" names the bars tested: read (test_..._concept15)


def test_the_rows_cover_every_family():
    assert len(CASES) >= 25


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, {"exit_after_bars": None, "direction": "long", "interval": None})


@pytest.mark.parametrize(("text", "why"), REFUSALS, ids=[t[:50] for t, _ in REFUSALS])
def test_a_higher_timeframe_needs_shorter_bars(text: str, why: str):
    u = understand(text)

    assert u.spec is None
    assert why in u.refusal and "for example 'on 15 minute bars'" in u.refusal


@pytest.mark.parametrize(
    "text",
    [
        "on 15m bars, buy when price is above the hourly VWAP",
        "buy when the close is above the weekly ATR",
    ],
)
def test_an_indicator_of_several_series_on_another_timeframe_is_refused(text: str):
    u = understand(text)  # resample_apply resamples one series: never a compile error later

    assert u.spec is None
    assert "needs more than the close of each" in u.refusal


def test_a_colon_after_a_rule_is_not_a_request():
    u = understand("Long only: buy when RSI below 30, sell when RSI above 70")

    assert not any("Set aside" in a for a in u.assumptions)  # its words are read, not dropped


# -- references -----------------------------------------------------------------------------------


class NarrowRangeSeven(Strategy):
    """buy on an NR7 day, sell after 3 days"""

    def init(self):
        pass

    def next(self):
        if self.position:
            if held(self) >= 3:
                self.position.close()
            return
        if len(self.data) < 7:
            return
        ranges = np.asarray(self.data.High[-7:]) - np.asarray(self.data.Low[-7:])
        if ranges[-1] < ranges[:-1].min():  # narrower than each of the 6 before; ties don't
            self.buy(size=SIZE)


class CloseNearTheLow(Strategy):
    """buy when it closes in the bottom 10% of its range, sell when it closes in the top 20% of
    its range"""

    def init(self):
        pass

    def next(self):
        high, low, close = self.data.High[-1], self.data.Low[-1], self.data.Close[-1]
        if high == low:
            return  # no range: the close sits nowhere in it
        strength = (close - low) / (high - low)
        if self.position and strength >= 0.8:
            self.position.close()
        elif not self.position and strength <= 0.1:
            self.buy(size=SIZE)


class FirstHalfOfTheMonth(Strategy):
    """buy when RSI(2) is below 10 in the first half of the month, sell when RSI(2) is above 70:
    the date is that of the bar the order fills on, the next bar's (as every calendar rule)"""

    def init(self):
        self.rsi = self.I(talib_free_rsi, np.asarray(self.data.Close, dtype=float), 2)
        day = pd.Series(pd.DatetimeIndex(self.data.index).day, dtype=float)
        self.next_day = day.shift(-1).to_numpy()

    def next(self):
        i = len(self.data) - 1
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif not self.position and self.rsi[-1] < 10 and self.next_day[i] <= 15:
            self.buy(size=SIZE)


def _sma(values: pd.Series, n: int) -> np.ndarray:
    return pd.Series(values).rolling(n).mean().to_numpy()


class FourHourTrendOnHourlyBars(Strategy):
    """on hourly bars, buy when the 4-hour trend is up (close above the 4h 50 SMA) and RSI(14) is
    below 40, sell when RSI(14) is above 60"""

    def init(self):
        self.sma4h = resample_apply("4h", _sma, self.data.Close, 50)
        self.close4h = resample_apply("4h", None, self.data.Close, agg="last")
        self.rsi = self.I(talib_free_rsi, np.asarray(self.data.Close, dtype=float), 14)

    def next(self):
        if self.position and self.rsi[-1] > 60:
            self.position.close()
        elif not self.position and self.close4h[-1] > self.sma4h[-1] and self.rsi[-1] < 40:
            self.buy(size=SIZE)


REFERENCES = [
    (NarrowRangeSeven, "AAPL"),
    (CloseNearTheLow, "MSFT"),
    (FirstHalfOfTheMonth, "AAPL"),
    (FourHourTrendOnHourlyBars, "EURUSD"),
]


@pytest.mark.parametrize(
    ("reference", "data"), REFERENCES, ids=[ref.__name__ for ref, _ in REFERENCES]
)
def test_compiled_bot_trades_like_the_reference(reference: type, data: str):
    assert_trades_like_reference(reference, data)


def test_a_four_hour_value_is_used_only_after_its_four_hours():
    """The 4-hour close a bot reads on an hourly bar is the last close of a 4-hour period that
    ended at or before that bar's start: never a close still to come."""
    u = understand(REFERENCES[3][0].__doc__.split(":")[0].replace("\n", " "))
    code = compile_spec(u.spec)
    assert 'resample_apply(\n            "4h"' in code or 'resample_apply("4h"' in code
    frame = bars("EURUSD")
    seen = []

    class Probe(load_strategy(code, u.spec.name)):
        def next(self):
            seen.append((self.data.index[-1], self.every_4_hour_close[-1]))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        Backtest(frame, Probe, cash=100_000).run()
    closes = frame["Close"]
    for when, value in seen[-200:]:
        ended = closes[closes.index < when.floor("4h")]
        assert value == ended.iloc[-1]
