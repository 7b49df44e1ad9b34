"""Momentum breakout: buy a close above the N-day high on above-average volume; trail a stop.

Data: daily bars (any bar size works the same way; "days" means bars).

1. Breakout level: the highest High of the previous ``lookback_days`` bars (today excluded).
2. Volume confirmation: today's Volume above ``volume_multiplier`` times the average Volume of the
   previous ``volume_lookback_days`` bars (today excluded). Data without volume (all zero) never
   confirms, so it never trades.
3. Entry: when today's Close is above the breakout level and the volume confirms, buy at the next
   bar's Open (backtesting.py fills market orders at the next bar's open). Long only, one
   position at a time.
4. Exit: a trailing stop ``trailing_stop_pct`` percent below the highest High since entry (the
   fill bar included; until the fill bar has closed, that far below the signal bar's Close). A
   level set from one bar's High applies from the next bar on. A touched stop exits at the stop
   price, or at the bar's Open if it opens below the stop (a gap). There is no other exit: a
   position still open at the end of the data is closed at the last bar's Open.

Warm-up: backtesting.py calls next() from one bar after both averages exist, so the first
possible signal is bar ``max(lookback_days, volume_lookback_days) + 1`` (counting from 0).
Position size: all the cash (whole shares), no leverage.
"""

import pandas as pd
from backtesting import Strategy


def highest_before(values, n):
    """The highest of the previous n values (the current one excluded)."""
    return pd.Series(values).rolling(n).max().shift(1).to_numpy()


def average_before(values, n):
    """The mean of the previous n values (the current one excluded)."""
    return pd.Series(values).rolling(n).mean().shift(1).to_numpy()


class MomentumBreakout(Strategy):
    """Buy a volume-confirmed close above the N-day high; exit on a trailing stop."""

    # -- parameters (Botlab renders these from the request; see the module docstring) --
    lookback_days = 20
    volume_lookback_days = 20
    volume_multiplier = 1.5
    trailing_stop_pct = 8.0
    # -- end of parameters --

    def init(self):
        self.breakout_level = self.I(
            highest_before, self.data.High, self.lookback_days, name="Breakout level"
        )
        self.average_volume = self.I(
            average_before,
            self.data.Volume,
            self.volume_lookback_days,
            name="Average volume",
            overlay=False,
        )

    def next(self):
        stop = self.trailing_stop_pct / 100
        if self.position:
            for trade in self.trades:
                trade.sl = self.data.High[trade.entry_bar :].max() * (1 - stop)
            return
        close = self.data.Close[-1]
        breakout = close > self.breakout_level[-1]
        confirmed = self.data.Volume[-1] > self.volume_multiplier * self.average_volume[-1]
        if breakout and confirmed:
            self.buy(sl=close * (1 - stop))
