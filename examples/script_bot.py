"""A script bot: it runs its own backtest and prints the results.

Botlab keeps its output and reads the metrics from the last JSON object it prints (or, failing
that, from backtesting.py's printed stats table). A file that builds its own ``Backtest``, other
than directly under the ``__main__`` guard, is run as a script.

Run it:  botlab run examples/script_bot.py
"""

import json

from backtesting import Backtest, Strategy
from backtesting.lib import crossover
from backtesting.test import GOOG, SMA


class SmaCross(Strategy):
    def init(self):
        self.fast = self.I(SMA, self.data.Close, 10)
        self.slow = self.I(SMA, self.data.Close, 20)

    def next(self):
        if crossover(self.fast, self.slow):
            self.position.close()
            self.buy()
        elif crossover(self.slow, self.fast):
            self.position.close()


def main() -> None:
    stats = Backtest(GOOG, SmaCross, cash=100_000, finalize_trades=True).run()
    print(stats)
    summary = {
        "return_pct": stats["Return [%]"],
        "sharpe_ratio": stats["Sharpe Ratio"],
        "max_drawdown_pct": stats["Max. Drawdown [%]"],
        "win_rate": stats["Win Rate [%]"] / 100,
        "trades": stats["# Trades"],
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
