"""MACD(12, 26, 9) with a long warm-up and no signal exit: trades close only at their stop,
their target, or the end of the data."""

import pandas as pd
from backtesting import Strategy
from backtesting.lib import crossover


def ema(values, span):
    return pd.Series(values).ewm(span=span, adjust=False, min_periods=span).mean()


def macd_line(close):
    return ema(close, 12) - ema(close, 26)


def signal_line(close):
    return macd_line(close).ewm(span=9, adjust=False, min_periods=9).mean()


class MacdStop(Strategy):
    stop_loss_pct = 5.0
    take_profit_pct = 10.0

    def init(self):
        self.macd = self.I(macd_line, self.data.Close)
        self.signal = self.I(signal_line, self.data.Close)

    def next(self):
        price = self.data.Close[-1]
        if not self.position and crossover(self.macd, self.signal):
            self.buy(
                size=0.95,
                sl=price * (1 - self.stop_loss_pct / 100),
                tp=price * (1 + self.take_profit_pct / 100),
            )
