"""Trade-for-trade references for a target in R when the stop is set per trade: "stop at the
signal bar's low, take profit at 2R" or "stop at the 10-day low, a 3R target". R is the
distance from the signal bar's close (the price the stops are measured from) to this trade's
stop, so the target moves with it: close + 2 x (close - stop) for a long.

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


@pytest.mark.parametrize("reference", [BarLowStopTwoR, ShortBarHighStopThreeR, LineStopTwoR])
def test_a_target_in_r_of_a_per_trade_stop_trades_like_the_reference(reference: type):
    assert_trades_like_reference(reference, "AAPL")
