"""Pairs trading on a synthetic instrument: the price ratio of two tickers, traded both ways.

Why a synthetic instrument: backtesting.py trades one instrument per backtest, so a faithful
two-leg backtest (long one ticker and short the other, each with its own fills, commissions and
borrow cost) isn't possible in it. Instead Botlab builds one series from both tickers' daily bars,
on the dates both traded, and this bot trades it:

    PAIR = 100 * (price of ticker 1 / price of ticker 2), rebased to 100 on the first Close

Open and Close are the ratio of the two Opens and the two Closes. High is High1 / Low2 and Low is
Low1 / High2: the widest the ratio can have been within the day, so stops are judged
pessimistically. Holding PAIR long is close to being long ticker 1 and short an equal value of
ticker 2, rebalanced daily. It ignores the short leg's borrow cost and dividends, and the
commission is charged once on PAIR instead of once per leg.

1. Spread: log(PAIR), i.e. log(price 1) - log(price 2), a hedge ratio fixed at 1. A rolling
   regression hedge ratio would change what PAIR means from day to day, which a one-instrument
   backtest can't show honestly.
2. Z-score of the spread over the last ``lookback_days`` Closes, today included (sample
   standard deviation, ddof = 1).
3. Entry: z at or below ``-entry_z`` buys PAIR (ticker 1 cheap against ticker 2); with
   ``allow_short``, z at or above ``entry_z`` sells PAIR short. Orders fill at the next bar's
   Open. One position at a time.
4. Exits, checked at each Close, the first that applies; the order fills at the next Open:
   * reverted: z back to ``-exit_z`` or above for a long, ``exit_z`` or below for a short
     (0 = back at the mean);
   * max hold: the trade has been open ``max_hold_days`` bars (the fill bar counts as the first).
   Plus a stop loss ``stop_loss_pct`` percent against the entry price. Until the fill bar has
   closed it is measured from the signal bar's Close, then from the actual fill price. A touched
   stop exits at the stop price, or at the bar's Open when it opens beyond the stop. An exit
   order cancels the stop (at the next Open the order fills first). A position still open at
   the end of the data is closed at the last bar's Open.

Warm-up: the first possible signal is bar ``lookback_days`` (counting from 0).
Position size: all the cash (whole units of PAIR), no leverage.
"""

import numpy as np
import pandas as pd
from backtesting import Strategy


def spread_zscore(values, n):
    """Z-score of the log price over the last n bars (itself included)."""
    spread = pd.Series(np.log(np.asarray(values, dtype=float)))
    mean = spread.rolling(n).mean()
    std = spread.rolling(n).std()
    return ((spread - mean) / std).to_numpy()


class PairsTrading(Strategy):
    """Trade the log spread of two tickers back to its mean, via their price ratio."""

    # -- parameters (Botlab renders these from the request; see the module docstring) --
    lookback_days = 60
    entry_z = 2.0
    exit_z = 0.0
    max_hold_days = 20
    stop_loss_pct = 10.0
    allow_short = True
    # -- end of parameters --

    def init(self):
        self.z = self.I(
            spread_zscore, self.data.Close, self.lookback_days, name="Spread z", overlay=False
        )

    def next(self):
        stop = self.stop_loss_pct / 100
        if self.position:
            trade = self.trades[-1]
            bars_held = len(self.data) - trade.entry_bar  # the fill bar counts as the first
            if bars_held == 1:  # re-anchor the stop on the actual fill
                trade.sl = trade.entry_price * (1 - stop if trade.is_long else 1 + stop)
            z = self.z[-1]
            reverted = z >= -self.exit_z if trade.is_long else z <= self.exit_z
            if reverted or bars_held >= self.max_hold_days:
                self.close_at_next_open()
            return
        close = self.data.Close[-1]
        if self.z[-1] <= -self.entry_z:
            self.buy(sl=close * (1 - stop))
        elif self.allow_short and self.z[-1] >= self.entry_z:
            self.sell(sl=close * (1 + stop))

    def close_at_next_open(self):
        """Close the position at the next bar's Open. The stop is cancelled first: an order
        filled at the open comes before anything the stop could catch later in that bar."""
        for trade in self.trades:
            trade.sl = None
        self.position.close()
