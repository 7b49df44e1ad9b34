"""Prints fake metrics: a Strategy bot's stored results must come from the harness, not stdout."""

import json

from backtesting import Strategy
from backtesting.lib import crossover
from backtesting.test import SMA


class Spoofer(Strategy):
    def init(self):
        print(json.dumps({"return_pct": 99999.0, "sharpe_ratio": 42.0, "trades": 777}))
        print("Return [%]                      99999.0")
        self.fast = self.I(SMA, self.data.Close, 10)
        self.slow = self.I(SMA, self.data.Close, 30)

    def next(self):
        if crossover(self.fast, self.slow):
            self.position.close()
            self.buy()
        elif crossover(self.slow, self.fast):
            self.position.close()
