"""Trade-for-trade references for a target in R when the stop is set per trade: "stop at the
signal bar's low, take profit at 2R" or "stop at the 10-day low, a 3R target". R is the
distance from the signal bar's close (the price the stops are measured from) to this trade's
stop, so the target moves with it: close + 2 x (close - stop) for a long. A stop at a named bar
of the entry's pattern ("the first soldier's low", "the mother bar's low") is that bar's low.

Each reference is what a careful programmer writes from the sentence with backtesting.py (no
Botlab code); the compiled bot must make the same trades (entry bar, exit bar, size) on bundled
data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from backtesting import Strategy
from backtesting.lib import crossover

from .generation.support import assert_trades_like_reference
from .test_generation_rules import sma


def lowest_before(low: np.ndarray, n: int) -> np.ndarray:
    """The lowest low of the ``n`` bars before each bar (not the bar itself)."""
    return pd.Series(low).rolling(n).min().shift(1).to_numpy()


class BarLowStopTwoR(Strategy):
    """buy when the close crosses above the 20-day SMA, stop at the signal bar's low, take profit
    at 2R: R is close - low of the signal bar; no room for a stop (closed at its low), no trade
    target either"""

    def init(self):
        self.sma = self.I(sma, self.data.Close, 20)

    def next(self):
        close, low = self.data.Close[-1], self.data.Low[-1]
        if not self.position and crossover(self.data.Close, self.sma):
            sl = low if low < close else None
            tp = close + 2 * (close - sl) if sl is not None else None
            self.buy(size=0.99, sl=sl, tp=tp)


class ShortBarHighStopThreeR(Strategy):
    """short when the close crosses below the 20-day SMA, stop at the high of the signal bar, 3R
    target: R is the signal bar's high - close"""

    def init(self):
        self.sma = self.I(sma, self.data.Close, 20)

    def next(self):
        close, high = self.data.Close[-1], self.data.High[-1]
        if not self.position and crossover(self.sma, self.data.Close):
            sl = high if high > close else None
            tp = close - 3 * (sl - close) if sl is not None else None
            self.sell(size=0.99, sl=sl, tp=tp)


class LineStopTwoR(Strategy):
    """buy when the close crosses above the 50-day SMA, stop at the 10-day low, take profit at
    2R: the lowest low of the 10 bars before the signal bar, fixed for the trade"""

    def init(self):
        self.sma = self.I(sma, self.data.Close, 50)
        self.low10 = self.I(lowest_before, self.data.Low, 10)

    def next(self):
        close = self.data.Close[-1]
        if not self.position and crossover(self.data.Close, self.sma):
            sl = self.low10[-1] if self.low10[-1] < close else None
            tp = close + 2 * (close - sl) if sl is not None else None
            self.buy(size=0.99, sl=sl, tp=tp)


def inside_bars(high: np.ndarray, low: np.ndarray) -> np.ndarray:
    """1 on a bar whose high is below the previous high and low above the previous low."""
    out = np.zeros(len(high))
    for i in range(1, len(high)):
        out[i] = float(high[i] < high[i - 1] and low[i] > low[i - 1])
    return out


def white_soldiers(open_: np.ndarray, close: np.ndarray) -> np.ndarray:
    """1 on the third of three up bars, each closing above the close before and opening inside
    the body before (at or above its open, at or below its close)."""
    out = np.zeros(len(close))
    for i in range(2, len(close)):
        bars = range(i - 2, i + 1)
        up = all(close[k] > open_[k] for k in bars)
        climbs = all(
            close[k] > close[k - 1] and open_[k - 1] <= open_[k] <= close[k - 1] for k in (i - 1, i)
        )
        out[i] = float(up and climbs)
    return out


class InsideBarMotherStop(Strategy):
    """buy when price breaks above the high of an inside bar, stop loss at the low of the mother
    bar, target 2 times the risk: the signal bar closes above the high of the inside bar before
    it; the mother bar is the one before that"""

    def init(self):
        self.inside = self.I(inside_bars, self.data.High, self.data.Low)

    def next(self):
        close = self.data.Close[-1]
        breaks = self.inside[-2] > 0 and close > self.data.High[-2]
        if not self.position and breaks:
            mother_low = self.data.Low[-3]
            sl = mother_low if mother_low < close else None
            tp = close + 2 * (close - sl) if sl is not None else None
            self.buy(size=0.99, sl=sl, tp=tp)


class SoldiersFirstLowStop(Strategy):
    """buy on three white soldiers, exit below the first soldier's low, take profit at 3R: the
    signal bar is the third soldier, the first is two bars before it"""

    def init(self):
        self.soldiers = self.I(white_soldiers, self.data.Open, self.data.Close)

    def next(self):
        close = self.data.Close[-1]
        if not self.position and self.soldiers[-1] > 0:
            first_low = self.data.Low[-3]
            sl = first_low if first_low < close else None
            tp = close + 3 * (close - sl) if sl is not None else None
            self.buy(size=0.99, sl=sl, tp=tp)


@pytest.mark.parametrize(
    "reference",
    [
        BarLowStopTwoR,
        ShortBarHighStopThreeR,
        LineStopTwoR,
        InsideBarMotherStop,
        SoldiersFirstLowStop,
    ],
)
def test_a_target_in_r_of_a_per_trade_stop_trades_like_the_reference(reference: type):
    assert_trades_like_reference(reference, "AAPL")
