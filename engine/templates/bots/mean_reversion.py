"""Mean reversion: buy a close far below its N-day mean (z-score); exit back at the mean.

Data: daily bars (any bar size works the same way; "days" means bars).

1. Z-score: (Close - mean) / standard deviation, both over the last ``lookback_days`` Closes,
   today included (the sample standard deviation, ddof = 1).
2. Entry: when the z-score closes at or below ``-entry_z``, buy at the next bar's Open
   (backtesting.py fills market orders at the next bar's open). Long only, one position at a
   time.
3. Exits, checked at each Close, the first that applies; the order fills at the next Open:
   * reverted: the z-score is back at or above ``-exit_z`` (0 = back at the mean);
   * max hold: the trade has been open ``max_hold_days`` bars (the fill bar counts as the first),
     so it leaves at the Open of bar entry + ``max_hold_days``.
   Plus a stop loss ``stop_loss_pct`` percent below the entry price. Until the fill bar has
   closed it sits that far below the signal bar's Close; at the fill bar's Close it moves to
   that far below the actual fill price. A touched stop exits at the stop price, or at the
   bar's Open if it opens below the stop (a gap).
   An exit order cancels the stop (at the next Open the order fills first). A position still
   open at the end of the data is closed at the last bar's Open.

Warm-up: backtesting.py calls next() from one bar after the z-score exists: the first possible
signal is bar ``lookback_days`` (counting from 0).
Position size: all the cash (whole shares), no leverage.
"""

import pandas as pd
from backtesting import Strategy


def zscore(values, n):
    """How many standard deviations each value is from the mean of the last n (itself included)."""
    series = pd.Series(values, dtype=float)
    mean = series.rolling(n).mean()
    std = series.rolling(n).std()
    return ((series - mean) / std).to_numpy()


class MeanReversion(Strategy):
    """Buy a low z-score; sell when it reverts, after a maximum hold, or at the stop loss."""

    # -- parameters (Botlab renders these from the request; see the module docstring) --
    lookback_days = 20
    entry_z = 2.0
    exit_z = 0.0
    max_hold_days = 10
    stop_loss_pct = 5.0
    # -- end of parameters --

    def init(self):
        self.z = self.I(zscore, self.data.Close, self.lookback_days, name="Z-score", overlay=False)

    def next(self):
        stop = self.stop_loss_pct / 100
        if self.position:
            trade = self.trades[-1]
            bars_held = len(self.data) - trade.entry_bar  # the fill bar counts as the first
            if bars_held == 1:
                trade.sl = trade.entry_price * (1 - stop)  # re-anchor on the actual fill
            if self.z[-1] >= -self.exit_z or bars_held >= self.max_hold_days:
                self.close_at_next_open()
            return
        if self.z[-1] <= -self.entry_z:
            self.buy(sl=self.data.Close[-1] * (1 - stop))

    def close_at_next_open(self):
        """Close the position at the next bar's Open. The stop is cancelled first: an order
        filled at the open comes before anything the stop could catch later in that bar."""
        for trade in self.trades:
            trade.sl = None
        self.position.close()
