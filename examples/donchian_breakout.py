"""Trend following: buy a 20-day high breakout, exit on a 10-day low, trail a 3x ATR stop.

Uses backtesting.lib's TrailingStrategy for the ATR trailing stop.

Run it:  botlab run examples/donchian_breakout.py --symbol MSFT
"""

import pandas as pd
from backtesting.lib import TrailingStrategy


def highest(values, n):
    """Highest value of the previous n bars (excluding the current one)."""
    return pd.Series(values).rolling(n).max().shift(1).to_numpy()


def lowest(values, n):
    """Lowest value of the previous n bars (excluding the current one)."""
    return pd.Series(values).rolling(n).min().shift(1).to_numpy()


class DonchianBreakout(TrailingStrategy):
    entry_period = 20
    exit_period = 10
    atr_multiple = 3

    def init(self):
        super().init()
        self.set_trailing_sl(self.atr_multiple)
        self.upper = self.I(highest, self.data.High, self.entry_period, name="Upper")
        self.lower = self.I(lowest, self.data.Low, self.exit_period, name="Lower")

    def next(self):
        super().next()
        if not self.position and self.data.Close[-1] > self.upper[-1]:
            self.buy()
        elif self.position and self.data.Close[-1] < self.lower[-1]:
            self.position.close()
