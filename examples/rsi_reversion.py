"""Mean reversion on RSI: buy when RSI(14) drops below 30, sell above 70, with a 5% stop loss.

RSI uses Wilder's smoothing (an exponential average with alpha = 1/n), as TA-Lib and TradingView do.

Run it:  botlab run examples/rsi_reversion.py --symbol AAPL --days 730
"""

import pandas as pd
from backtesting import Strategy


def rsi(close, n=14):
    """Relative Strength Index with Wilder's smoothing."""
    delta = pd.Series(close).diff()
    gain = delta.clip(lower=0).ewm(alpha=1 / n, adjust=False, min_periods=n).mean()
    loss = (-delta.clip(upper=0)).ewm(alpha=1 / n, adjust=False, min_periods=n).mean()
    return (100 - 100 / (1 + gain / loss)).to_numpy()


class RsiReversion(Strategy):
    period = 14
    oversold = 30
    overbought = 70
    stop_loss_pct = 5.0

    def init(self):
        self.rsi = self.I(rsi, self.data.Close, self.period, name=f"RSI({self.period})")

    def next(self):
        price = self.data.Close[-1]
        if not self.position and self.rsi[-1] < self.oversold:
            self.buy(sl=price * (1 - self.stop_loss_pct / 100))
        elif self.position and self.rsi[-1] > self.overbought:
            self.position.close()
