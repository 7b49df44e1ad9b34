"""The minimal bot: buy when the 10-day average crosses above the 30-day, sell on the reverse.

Run it:  botlab run examples/sma_cross.py --symbol GOOG
"""

import pandas as pd
from backtesting import Strategy
from backtesting.lib import crossover


def sma(values, n):
    """Simple moving average over the last n bars."""
    return pd.Series(values).rolling(n).mean().to_numpy()


class SmaCross(Strategy):
    fast = 10
    slow = 30

    def init(self):
        self.fast_ma = self.I(sma, self.data.Close, self.fast)
        self.slow_ma = self.I(sma, self.data.Close, self.slow)

    def next(self):
        if crossover(self.fast_ma, self.slow_ma):
            self.position.close()
            self.buy()
        elif crossover(self.slow_ma, self.fast_ma):
            self.position.close()
