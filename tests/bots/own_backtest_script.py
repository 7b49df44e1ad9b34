"""A script that runs its own backtest: GOOG, cash 10,000, commission 0.1%. It prints its
stats, its return, and a made-up JSON summary that must not be believed."""

import json

from backtesting import Backtest, Strategy
from backtesting.lib import crossover
from backtesting.test import GOOG, SMA


class SmaCross(Strategy):
    n1 = 10
    n2 = 20

    def init(self):
        self.a = self.I(SMA, self.data.Close, self.n1)
        self.b = self.I(SMA, self.data.Close, self.n2)

    def next(self):
        if crossover(self.a, self.b):
            self.position.close()
            self.buy()
        elif crossover(self.b, self.a):
            self.position.close()


if __name__ == "__main__":
    bt = Backtest(GOOG, SmaCross, cash=10_000, commission=0.001)
    stats = bt.run()
    print(stats)
    print(f"Return: {stats['Return [%]']:+.2f}%")
    print(json.dumps({"return_pct": 910.0, "trades": 3}))
