"""The offline compiler on phrases about N-bar extremes, an indicator against its own average or
extreme, ATR as a percent of the close and "A then B" on one indicator's levels.

Each row of ``CASES`` is what a careful reader takes from the sentence (rules in the notation of
``tests/generation/rules_support.py``; ``says``: words the echo must state); every row is
compiled and backtested on bundled data. ``REFERENCES`` are hand-written backtesting.py
strategies for the new rule kinds (indicator values from TA-Lib where it has them); the
compiled bot must make the same trades.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from backtesting import Strategy
from backtesting.lib import crossover

from engine.generation import understand

from .generation.corpus import case, check_row
from .generation.rules_support import rule_shape
from .generation.support import assert_trades_like_reference, held
from .test_generation_reference_indicators import arrays, talib_free_rsi

talib = pytest.importorskip("talib")

SIZE = 0.99


CASES = [
    case(
        "buy the first down day after a new 52-week high, sell after 5 days",
        entry="close[-1] > close_highest_260[-1] & close < close[-1]",
        exit_after_bars=5,
        says="yesterday's close made a new 260-bar closing high and today closes below it",
    ),
    case(
        "buy on the first red candle following a new 20-day closing high, exit after 3 bars",
        entry="close[-1] > close_highest_20[-1] & close < close[-1]",
        exit_after_bars=3,
    ),
    case(
        "buy the first up day after a new 20-day low, sell after 5 days",
        entry="close[-1] < close_lowest_20[-1] & close > close[-1]",
        exit_after_bars=5,
    ),
    case(
        "short the first down close after a new 50-day high, cover after 5 days",
        short_entry="close[-1] > close_highest_50[-1] & close < close[-1]",
        exit_after_bars=5,
        direction="short",
    ),
    case(
        "buy when Bollinger band width is at a 6-month low, sell after 10 days",
        entry="bbwidth_20_2 <= bbwidth_20_2_lowest_126",
        exit_after_bars=10,
        says="width = (upper - lower) / middle band",
    ),
    case(
        "buy when the 20-day Bollinger band width hits its lowest level in 126 days, "
        "exit after 10 bars",
        entry="bbwidth_20_2 <= bbwidth_20_2_lowest_126",
        exit_after_bars=10,
    ),
    case(
        "buy when bandwidth makes a new 100-day low and the close is above the 50-day SMA, "
        "sell after 20 days",
        entry="bbwidth_20_2 <= bbwidth_20_2_lowest_100 & close > sma_50",
        exit_after_bars=20,
    ),
    case(
        "buy when RSI(14) hits its highest reading in 50 days, sell after 5 days",
        entry="rsi_14 >= rsi_14_highest_50",
        exit_after_bars=5,
    ),
    case(
        "buy when ATR is at its lowest in 6 months, sell after 10 days",
        entry="atr_14 <= atr_14_lowest_126",
        exit_after_bars=10,
    ),
    case(
        "buy when price is within 2% of the 52-week high, sell when it closes below the 50-day SMA",
        entry="close >= highest_260*0.98",
        exit="close < sma_50",
    ),
    case(
        "buy when the stock trades within 3% of its 52 week high, sell after 10 days",
        entry="close >= highest_260*0.97",
        exit_after_bars=10,
    ),
    case(
        "buy when it closes within 1% of the 20-day low, sell after 5 days",
        entry="close <= lowest_20*1.01",
        exit_after_bars=5,
    ),
    case(
        "buy when price is within 2% of the 50-day SMA, sell after 5 days",
        entry="close >= sma_50*0.98 & close <= sma_50*1.02",
        exit_after_bars=5,
    ),
    case(
        "buy after a 5% drop from the 20-day high, sell after 10 days",
        entry="close <= highest_20*0.95",
        exit_after_bars=10,
    ),
    case(
        "buy when price falls 5% from its 20-day high, sell after 10 days",
        entry="close <= highest_20*0.95",
        exit_after_bars=10,
    ),
    case(
        "buy when the close is more than 8% off the 52-week high, sell after 10 days",
        entry="close < highest_260*0.92",
        exit_after_bars=10,
    ),
    case(
        "buy when price is more than 10% below its 52-week high, sell after 20 days",
        entry="close < highest_260*0.9",
        exit_after_bars=20,
    ),
    case(
        "short after a 10% bounce off the 20-day low, cover after 5 days",
        short_entry="close >= lowest_20*1.1",
        exit_after_bars=5,
        direction="short",
    ),
    case("buy the 10-day low, sell after 5 days", entry="close < lowest_10", exit_after_bars=5),
    case(
        "short the 10-day high, cover after 5 days",
        short_entry="close > highest_10",
        exit_after_bars=5,
        direction="short",
    ),
    case(
        "buy a new 20-day low, sell a new 20-day high",
        entry="close < lowest_20",
        exit="close > highest_20",
    ),
    case(
        "buy the 20-day closing low, sell the 20-day closing high",
        entry="close < close_lowest_20",
        exit="close > close_highest_20",
    ),
    case(
        "buy when OBV crosses above its 20-day SMA, sell when it crosses below",
        entry="obv x> obv_sma_20",
        exit="obv x< obv_sma_20",
    ),
    case(
        "buy when RSI is above its 9-period EMA, sell when RSI is below its 9-period EMA",
        entry="rsi_14 > rsi_14_ema_9",
        exit="rsi_14 < rsi_14_ema_9",
    ),
    case(
        "buy when MACD histogram is below its 10-bar average, sell after 5 days",
        entry="macd_12_26_9.hist < macd_12_26_9_hist_sma_10",
        exit_after_bars=5,
    ),
    case(
        "buy when the RSI(14) crosses above its 9 EMA and the close is above the 200-day SMA, "
        "sell when RSI(14) crosses below its 9 EMA",
        entry="rsi_14 x> rsi_14_ema_9 & close > sma_200",
        exit="rsi_14 x< rsi_14_ema_9",
    ),
    case(
        "buy when volume is above its 50-day average and close is above the 20-day SMA, "
        "sell after 5 days",
        entry="volume > volume_sma_50 & close > sma_20",
        exit_after_bars=5,
    ),
    case(
        "buy when CCI(20) crosses above its 10-day moving average, sell after 10 days",
        entry="cci_20 x> cci_20_sma_10",
        exit_after_bars=10,
    ),
    case(
        "buy when on balance volume is above its 20-day average, "
        "sell when it is below its 20-day average",
        entry="obv > obv_sma_20",
        exit="obv < obv_sma_20",
    ),
    # the ratio said first (each was read as "close < 2" with the ATR words listed back)
    case(
        "buy when atr as a percent of price is below 2% and close is above the 50 day high",
        entry="atr_pct_14 < 2 & close > highest_50",
        exit="atr_pct_14 > 2",
    ),
    case(
        "only trade when ATR(14)/close < 3%. Buy when close > 20 day sma, sell when below",
        entry="close > sma_20 & atr_pct_14 < 3",
        exit="close < sma_20",
    ),
    case(
        "buy when the ATR as a percentage of the closing price is above 3%, sell when RSI(14) > 70",
        entry="atr_pct_14 > 3",
        exit="rsi_14 > 70",
    ),
    case(
        "buy when ATR / price < 2% and close > sma 50, sell after 10 days",
        entry="atr_pct_14 < 2 & close > sma_50",
        exit_after_bars=10,
    ),
    case(
        "buy when ATR falls below 2% of the close, sell after 10 days",
        entry="atr_pct_14 x< 2",
        exit_after_bars=10,
    ),
    case(
        "buy when ATR(14) is more than 3% of price, sell after 10 days",
        entry="atr_pct_14 > 3",
        exit_after_bars=10,
    ),
    case(
        "buy when volatility (ATR) drops under 1.5% of the closing price, sell after 10 days",
        entry="atr_pct_14 x< 1.5",
        exit_after_bars=10,
    ),
    case(
        "buy when the 10-day ATR rises above 4 percent of the close, sell after 5 days",
        entry="atr_pct_10 x> 4",
        exit_after_bars=5,
    ),
    case(
        "buy when CCI drops below -200 then rises above -100, sell when CCI is above 100",
        entry="cci_20_lowest_20 < -200 & cci_20 x> -100",
        exit="cci_20 > 100",
        says="20 bars assumed: no window was given",
    ),
    case(
        "buy when RSI(2) falls below 5 and then crosses above 30 within 10 days, sell after 5 days",
        entry="rsi_2_lowest_10 < 5 & rsi_2 x> 30",
        exit_after_bars=5,
    ),
    case(
        "short when RSI goes above 80 then drops below 60, cover when RSI is below 40",
        short_entry="rsi_14_highest_20 > 80 & rsi_14 x< 60",
        short_exit="rsi_14 < 40",
        direction="short",
    ),
    case(
        "buy the first pullback after a new 52-week high, sell after 5 days",
        entry="close[-1] > close_highest_260[-1] & close < close[-1]",
        exit_after_bars=5,
    ),
    case(
        "buy when the 9 EMA of RSI crosses above 50, sell after 5 days",
        entry="rsi_14_ema_9 x> 50",
        exit_after_bars=5,
    ),
    case(
        "buy when RSI crosses above the 9-day EMA of RSI, sell after 5 days",
        entry="rsi_14 x> rsi_14_ema_9",
        exit_after_bars=5,
    ),
    case(
        "buy when OBV is above a 20-bar SMA of OBV, sell after 5 days",
        entry="obv > obv_sma_20",
        exit_after_bars=5,
    ),
    case(
        "buy when RSI(2) crosses above its 5-day EMA, sell when it crosses below its 5-day EMA",
        entry="rsi_2 x> rsi_2_ema_5",
        exit="rsi_2 x< rsi_2_ema_5",
    ),
    case(
        "buy when price is 10% off its 20-day low, sell after 5 days",
        entry="close >= lowest_20*1.1",
        exit_after_bars=5,
    ),
    case(
        "buy when price is within 5% of its 200-day moving average, sell after 10 days",
        entry="close >= sma_200*0.95 & close <= sma_200*1.05",
        exit_after_bars=10,
    ),
    case(
        "buy when the close is less than 3% from the 52-week high, sell after 10 days",
        entry="close >= highest_260*0.97",
        exit_after_bars=10,
    ),
    case(
        "buy when the stock is down 10% from its 52-week high, sell after 20 days",
        entry="close <= highest_260*0.9",
        exit_after_bars=20,
    ),
    case(
        "buy when price closes within 2 percent of the high of the last 20 days, sell after 5 days",
        entry="close >= highest_20*0.98",
        exit_after_bars=5,
    ),
    case(
        "go long at new 10-day lows, exit after 5 days",
        entry="close < lowest_10",
        exit_after_bars=5,
    ),
    case(
        "buy new 20-day lows, sell new 20-day highs",
        entry="close < lowest_20",
        exit="close > highest_20",
    ),
    case(
        "short new 52-week highs, cover after 10 days",
        short_entry="close > highest_260",
        exit_after_bars=10,
        direction="short",
    ),
    case(
        "buy when volume exceeds its 20-day average, sell after 5 days",
        entry="volume > volume_sma_20",
        exit_after_bars=5,
    ),
    case(
        "buy when the MACD line is above its 50-day SMA, sell when it is below its 50-day SMA",
        entry="macd_12_26_9.macd > macd_12_26_9_macd_sma_50",
        exit="macd_12_26_9.macd < macd_12_26_9_macd_sma_50",
    ),
    case(
        "buy when ADX rises above its 10-day average and the close is above the 50-day SMA, "
        "sell after 10 days",
        entry="adx_14.adx x> adx_14_adx_sma_10 & close > sma_50",
        exit_after_bars=10,
    ),
    case(
        "buy when RSI dips under 30 and then climbs back over 40, sell when RSI is above 70",
        entry="rsi_14_lowest_20 < 30 & rsi_14 x> 40",
        exit="rsi_14 > 70",
    ),
    case(
        "after RSI drops below 20, buy when it rises above 30, sell after 10 days",
        entry="rsi_14_lowest_20 < 20 & rsi_14 x> 30",
        exit_after_bars=10,
    ),
    case(
        "buy when Williams %R falls below -90 then rises above -50 within 5 bars, "
        "sell after 5 days",
        entry="willr_14_lowest_5 < -90 & willr_14 x> -50",
        exit_after_bars=5,
    ),
    case(
        "buy when ATR% is below 2, sell after 10 days", entry="atr_pct_14 < 2", exit_after_bars=10
    ),
    case(
        "buy when the ATR is under 2 percent of the stock's price, sell after 10 days",
        entry="atr_pct_14 < 2",
        exit_after_bars=10,
    ),
    case(
        "buy when the bollinger bandwidth is at its lowest level in 6 months and the close "
        "crosses above the upper band, sell after 10 days",
        entry="bbwidth_20_2 <= bbwidth_20_2_lowest_126 & close x> bbands_20_2.upper",
        exit_after_bars=10,
    ),
    case(
        "Buy the first day after a new 20-day high, sell after 5 days",
        entry="close > highest_20",
        exit_after_bars=5,
        says="the order filled on the bar after it",
    ),
    case(
        "short the first session after a new 52-week low, cover after 5 days",
        short_entry="close < lowest_260",
        exit_after_bars=5,
        direction="short",
    ),
    case(
        "buy the first day after RSI crosses below 30, sell after 5 days",
        entry="rsi_14 x< 30",
        exit_after_bars=5,
        says="the order filled on the bar after it",
    ),
    case(  # no exit said: the opposite of the breakout, not "band width at a 6-month high"
        "enter long when bollinger band width is at a 6 month low and price closes above the "
        "upper band",
        entry="bbwidth_20_2 <= bbwidth_20_2_lowest_126 & close > bbands_20_2.upper",
        exit="close < bbands_20_2.lower",
    ),
    case(  # a level passed in a window, and "it" is RSI, not its lowest value
        "buy when RSI was below 30 in the last 5 days and it crosses above 50, sell after 5 days",
        entry="rsi_14_lowest_5 < 30 & rsi_14 x> 50",
        exit_after_bars=5,
        says="its lowest value of the previous 5 bars below 30",
    ),
    case(
        "buy when CCI has been above 100 within the past 10 bars and CCI crosses below 0, "
        "sell after 5 days",
        entry="cci_20_highest_10 > 100 & cci_20 x< 0",
        exit_after_bars=5,
    ),
    case(
        "buy when RSI(2) dropped below 10 in the previous 3 days and the close is above the "
        "200-day SMA, sell after 5 days",
        entry="rsi_2_lowest_3 < 10 & close > sma_200",
        exit_after_bars=5,
    ),
    case(
        "buy when On-Balance Volume crosses its 20 SMA, sell when it crosses back",
        entry="obv x> obv_sma_20",
        exit="obv x< obv_sma_20",
    ),
    case(
        "buy when the close is at least 15% below its 52-week high, sell after 10 days",
        entry="close <= highest_260*0.85",
        exit_after_bars=10,
    ),
]

#: Read honestly as not understood: the words that could not be used.
UNREAD = [
    (
        "buy the first down day after RSI crosses above 70, sell after 5 days",
        ["the first down day after RSI crosses above 70"],
    ),
]


def test_the_rows_cover_every_family():
    assert len(CASES) >= 55


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_description_is_read_compiled_and_run(text: str, expect: dict):
    check_row(text, expect, {"exit_after_bars": None, "direction": "long"})


@pytest.mark.parametrize(("text", "quoted"), UNREAD, ids=[t[:50] for t, _ in UNREAD])
def test_what_cannot_be_said_is_reported_never_half_read(text: str, quoted: list[str]):
    u = understand(text)

    assert u.not_understood == quoted
    assert u.problems  # the reason is given


def test_a_sequence_window_said_is_the_window_not_the_test_period():
    u = understand("buy when RSI(2) falls below 5 and then crosses above 30 within 10 days")

    assert rule_shape(u.spec.entry) == "rsi_2_lowest_10 < 5 & rsi_2 x> 30"
    assert u.spec.period_days is None


def test_an_indicator_computed_on_another_is_checked_by_the_spec():
    spec = understand("buy when OBV crosses above its 20-day SMA, sell when it crosses below").spec
    data = spec.model_dump()
    data["indicators"].reverse()  # the average before the OBV it averages
    with pytest.raises(ValueError, match="is not an earlier indicator"):
        type(spec).model_validate(data)
    data = spec.model_dump()
    data["indicators"][1]["source"] = "obv.hist"
    with pytest.raises(ValueError, match="has outputs"):
        type(spec).model_validate(data)


# -- references -----------------------------------------------------------------------------------


class FirstDownDay(Strategy):
    """buy the first down day after a new 52-week high, sell after 5 days"""

    def init(self):
        close = pd.Series(arrays(self)[3])
        highest = close.rolling(260).max().shift(1)  # the previous 260 closes
        # a new closing high made at some bar, and no down close since: the run of closes
        # since the last new high is all up, and today's close is the first one down
        self.new_high = self.I(lambda: (close > highest).to_numpy(), plot=False)

    def next(self):
        if self.position:
            if held(self) >= 5:
                self.position.close()
            return
        c = self.data.Close
        k = 1  # walk back over up closes to the bar that made the new high
        while k < len(c) - 1 and not self.new_high[-1 - k] and c[-1 - k] > c[-2 - k]:
            k += 1
        if c[-1] < c[-2] and k < len(c) - 1 and self.new_high[-1 - k]:
            self.buy(size=SIZE)


class ObvAboveItsAverage(Strategy):
    """buy when OBV crosses above its 20-day SMA, sell when it crosses below"""

    def init(self):
        _, _, _, c, v = arrays(self)
        obv = talib.OBV(c, v)
        self.obv = self.I(lambda: obv)
        self.avg = self.I(lambda: talib.SMA(obv, 20))

    def next(self):
        if self.position and crossover(self.avg, self.obv):
            self.position.close()
        elif not self.position and crossover(self.obv, self.avg):
            self.buy(size=SIZE)


class RsiAboveItsEma(Strategy):
    """buy when RSI(14) crosses above its 9-period EMA, sell when it crosses below its 9-period
    EMA"""

    def init(self):
        rsi = talib_free_rsi(arrays(self)[3], 14)  # Wilder's, seeded as Botlab documents
        ema = pd.Series(rsi).ewm(span=9, adjust=False, min_periods=9).mean().to_numpy()
        self.rsi, self.ema = self.I(lambda: rsi), self.I(lambda: ema)

    def next(self):
        if self.position and crossover(self.ema, self.rsi):
            self.position.close()
        elif not self.position and crossover(self.rsi, self.ema):
            self.buy(size=SIZE)


class SqueezeLow(Strategy):
    """buy when Bollinger band width is at a 6-month low and the close is above the 50-day SMA,
    sell after 10 days"""

    def init(self):
        c = arrays(self)[3]
        upper, middle, lower = talib.BBANDS(c, 20, 2, 2)
        width = pd.Series((upper - lower) / middle)
        self.width = self.I(lambda: width.to_numpy())
        self.lowest = self.I(lambda: width.rolling(126).min().shift(1).to_numpy())
        self.sma = self.I(talib.SMA, c, 50)

    def next(self):
        if self.position:
            if held(self) >= 10:
                self.position.close()
        elif self.width[-1] <= self.lowest[-1] and self.data.Close[-1] > self.sma[-1]:
            self.buy(size=SIZE)


class CciDipRecover(Strategy):
    """buy when CCI drops below -150 then rises above -100, sell when CCI is above 100"""

    def init(self):
        _, h, lo, c, _ = arrays(self)
        self.cci = self.I(talib.CCI, h, lo, c, 20)

    def next(self):
        if self.position:
            if self.cci[-1] > 100:
                self.position.close()
            return
        recent = self.cci[-21:-1]  # the 20 bars before this one: the dip came first
        dipped = len(recent) == 20 and not np.isnan(recent).any() and recent.min() < -150
        if dipped and crossover(self.cci, -100):
            self.buy(size=SIZE)


class NearTheHigh(Strategy):
    """buy when price is within 2% of the 52-week high, sell after a 5% drop from the 20-day
    high"""

    def init(self):
        _, h, _, _, _ = arrays(self)
        high = pd.Series(h)
        self.year_high = self.I(lambda: high.rolling(260).max().shift(1).to_numpy())
        self.month_high = self.I(lambda: high.rolling(20).max().shift(1).to_numpy())

    def next(self):
        c = self.data.Close[-1]
        if self.position and c <= self.month_high[-1] * 0.95:
            self.position.close()
        elif not self.position and c >= self.year_high[-1] * 0.98:
            self.buy(size=SIZE)


REFERENCES = [
    (FirstDownDay, "AAPL"),
    (ObvAboveItsAverage, "GOOG"),
    (RsiAboveItsEma, "MSFT"),
    (SqueezeLow, "IBM"),
    (CciDipRecover, "AAPL"),
    (NearTheHigh, "MSFT"),
]


@pytest.mark.parametrize(
    ("reference", "data"), REFERENCES, ids=[ref.__name__ for ref, _ in REFERENCES]
)
def test_compiled_bot_trades_like_the_reference(reference: type, data: str):
    assert_trades_like_reference(reference, data)
