"""Trade-for-trade references for the all-time high and low: "a new all-time high" is a close
above every earlier close, "within 5% of its all-time low" / "falls 8% from its all-time high"
measure from the lowest / highest close of every earlier bar; and a short's trailing stop said
as "cover when it rises 5% from the low"; a stop on a gap bought at its open, measured from
that open.

Each reference is what a careful programmer writes from the sentence with backtesting.py,
keeping the record itself in a plain loop (no Botlab code); the compiled bot must make the same
trades (entry bar, exit bar, size) on bundled data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from backtesting import Strategy
from backtesting.lib import crossover

from .generation.support import assert_trades_like_reference, held
from .test_generation_rules import rsi, sma


def record(close: np.ndarray, higher: bool) -> np.ndarray:
    """The highest (lowest) close of every bar before each bar, NaN on the first: a plain loop."""
    out, best = np.full(len(close), np.nan), float("nan")
    for i, value in enumerate(close):
        out[i] = best
        if np.isnan(best) or (value > best if higher else value < best):
            best = value
    return out


class NewAllTimeHigh(Strategy):
    """buy when the stock closes at a new all-time high, sell when it falls 8% from its
    all-time high"""

    def init(self):
        self.high = self.I(record, self.data.Close, True)

    def next(self):
        close = self.data.Close[-1]
        if self.position and close <= self.high[-1] * 0.92:
            self.position.close()
        elif not self.position and close > self.high[-1]:
            self.buy(size=0.99)


class NearAllTimeLow(Strategy):
    """buy when the close is within 5% of its all-time low and RSI(2) < 10, sell when RSI(2) > 70"""

    def init(self):
        self.low = self.I(record, self.data.Close, False)
        self.rsi = self.I(rsi, self.data.Close, 2)

    def next(self):
        close = self.data.Close[-1]
        if self.position and self.rsi[-1] > 70:
            self.position.close()
        elif not self.position and close <= self.low[-1] * 1.05 and self.rsi[-1] < 10:
            self.buy(size=0.99)


class ShortTrailFromTheLow(Strategy):
    """short when the close crosses below the 50-day SMA, cover when it rises 5% from the low"""

    def init(self):
        self.sma = self.I(sma, self.data.Close, 50)

    def next(self):
        close = self.data.Close[-1]
        for trade in self.trades:  # trail 5% above the lowest close so far
            trade.sl = min(trade.sl, close * 1.05)
        if not self.position and crossover(self.sma, self.data.Close):
            self.sell(size=0.99, sl=close * 1.05)


def next_open(opens: np.ndarray) -> np.ndarray:
    """The next bar's open: read only to decide an order that fills at that open."""
    return pd.Series(opens).shift(-1).to_numpy()


class GapStoppedFromItsOpen(Strategy):
    """buy at the open when it gaps down more than 1%, sell after 3 days, 2% stop loss: the
    stop 2% below the gap day's open, where the trade was bought"""

    def init(self):
        self.next_open = self.I(next_open, self.data.Open)

    def next(self):
        opening = self.next_open[-1]
        flat = not self.position
        if self.position and held(self) >= 3:
            self.position.close()  # at the next open: a gap there is bought at that open too
            flat = True
        if flat and opening < self.data.Close[-1] * 0.99:
            self.buy(size=0.99, sl=opening * 0.98)


@pytest.mark.parametrize(
    ("reference", "data"),
    [
        (NewAllTimeHigh, "AAPL"),
        (NewAllTimeHigh, "GOOG"),
        (NearAllTimeLow, "MSFT"),
        (ShortTrailFromTheLow, "IBM"),
        (GapStoppedFromItsOpen, "AAPL"),
        (GapStoppedFromItsOpen, "MSFT"),
    ],
)
def test_the_all_time_extremes_trade_like_the_reference(reference, data):
    assert_trades_like_reference(reference, data)
