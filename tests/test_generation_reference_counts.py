"""Trade-for-trade references for conditions counted over the last bars: "3 of the last 4 days
closed up", "the close above the 20-day SMA on at least 3 of the last 5 days", "crosses above
the 20-day SMA twice within 10 days" and "stays below 45 for a week".

Each reference is what a careful programmer writes from the sentence with backtesting.py, here
vectorised with pandas (the compiled bot counts bar by bar): a rolling sum of the condition over
the window that ends on the signal bar. An event counted "twice within 10 days" buys on the
bar of the second one. The compiled bot must make the same trades (entry bar, exit bar, size) on
bundled data.
"""

from __future__ import annotations

import pandas as pd
import pytest
from backtesting import Strategy

from .generation.support import TimeExit, assert_trades_like_reference
from .test_generation_rules import rsi, sma


def times_in_window(held: pd.Series, bars: int) -> pd.Series:
    """On how many of the last ``bars`` bars (this one too) ``held`` was true; 0 before the
    window is full, as no bar before the first exists."""
    return held.astype(float).rolling(bars).sum().fillna(0)


def up_closes_counted(close, bars):
    return times_in_window(pd.Series(close).diff() > 0, bars).to_numpy()


def closes_above_counted(close, average, bars):
    return times_in_window(pd.Series(close) > pd.Series(average), bars).to_numpy()


def crosses_above_counted(close, average, bars):
    close, average = pd.Series(close), pd.Series(average)
    crossed = (close.shift(1) < average.shift(1)) & (close > average)
    return times_in_window(crossed, bars).to_numpy()


class ThreeOfFourUp(TimeExit):
    """buy when 3 of the last 4 days closed up, sell after 5 days"""

    hold = 5

    def init(self):
        self.ups = self.I(up_closes_counted, self.data.Close, 4)

    def next(self):
        if self.time_is_up():
            self.position.close()
        elif not self.position and self.ups[-1] >= 3:
            self.buy(size=0.99)


class AboveOnThreeOfFive(Strategy):
    """buy when the close is above the 20-day SMA on at least 3 of the last 5 days, sell when
    the close is below the 20-day SMA"""

    def init(self):
        self.sma = self.I(sma, self.data.Close, 20)
        self.above = self.I(closes_above_counted, self.data.Close, self.sma, 5)

    def next(self):
        if self.position and self.data.Close[-1] < self.sma[-1]:
            self.position.close()
        elif not self.position and self.above[-1] >= 3:
            self.buy(size=0.99)


class CrossesTwiceWithinTen(TimeExit):
    """buy when the close crosses above the 20-day SMA twice within 10 days, sell after 5 days"""

    hold = 5

    def init(self):
        self.sma = self.I(sma, self.data.Close, 20)
        self.crosses = self.I(crosses_above_counted, self.data.Close, self.sma, 10)

    def next(self):
        crossed = self.data.Close[-2] < self.sma[-2] and self.data.Close[-1] > self.sma[-1]
        if self.time_is_up():
            self.position.close()
        elif not self.position and crossed and self.crosses[-1] >= 2:
            self.buy(size=0.99)


class BelowForAWeek(Strategy):
    """buy when RSI(14) stays below 45 for a week, sell when RSI(14) is above 55"""

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, 14)

    def next(self):
        week = all(self.rsi[-1 - back] < 45 for back in range(5))  # a week: 5 daily bars
        if self.position and self.rsi[-1] > 55:
            self.position.close()
        elif not self.position and week:
            self.buy(size=0.99)


REFERENCES = [
    (ThreeOfFourUp, "AAPL"),
    (ThreeOfFourUp, "MSFT"),
    (AboveOnThreeOfFive, "AAPL"),
    (AboveOnThreeOfFive, "IBM"),
    (CrossesTwiceWithinTen, "MSFT"),
    (CrossesTwiceWithinTen, "GOOG"),
    (BelowForAWeek, "AAPL"),
    (BelowForAWeek, "IBM"),
]


@pytest.mark.parametrize(("reference", "data"), REFERENCES)
def test_a_counted_condition_trades_like_the_reference(reference, data):
    assert_trades_like_reference(reference, data, " ".join(reference.__doc__.split()))
